/*
 * include/public/privcmd.h - Linux's privcmd device ABI, between a dom0
 * kernel and its programs (Linux's include/uapi/xen/privcmd.h): the
 * hypercall request, the foreign-mapping requests and their ioctl
 * numbers.  minixen's dom0 kernel implements it, its tools and the
 * generated wrappers use it.
 *
 * The hypercall request has only 64-bit fields, so its layout and ioctl
 * number (_IOC(_IOC_NONE, 'P', 0, 48)) are the same for 32- and 64-bit
 * callers.  The mapping requests carry user pointers, so their sizes and
 * therefore their ioctl numbers differ between the two widths: the
 * numbers are computed from the structs here, as Linux's _IOC does, and
 * pinned for both widths in check_privcmd.c.
 */
#ifndef MINIXEN_PUBLIC_PRIVCMD_H
#define MINIXEN_PUBLIC_PRIVCMD_H

#ifndef IOCTL_PRIVCMD_HYPERCALL
/* dir NONE (0) << 30 | size 48 << 16 | 'P' << 8 | nr 0 */
#define IOCTL_PRIVCMD_HYPERCALL     0x00305000U

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "xen.h"

struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
typedef struct privcmd_hypercall privcmd_hypercall_t;

/* IOCTL_PRIVCMD_MMAP: runs of contiguous frames, each run right after the last. */
struct privcmd_mmap_entry {
    uint64_t va;
    uint64_t mfn;               /* the first frame of the run */
    uint64_t npages;
};

struct privcmd_mmap {
    int num;                    /* entries */
    domid_t dom;                /* whose frames */
    struct privcmd_mmap_entry *entry;
};

/* IOCTL_PRIVCMD_MMAPBATCH: failed frames come back marked in arr. */
struct privcmd_mmapbatch {
    int num;                    /* frames */
    domid_t dom;
    uint64_t addr;              /* where the first frame goes */
    xen_pfn_t *arr;             /* in: frames; out: failed ones or'ed with an error mark */
};

#define PRIVCMD_MMAPBATCH_MFN_ERROR     0xf0000000U
#define PRIVCMD_MMAPBATCH_PAGED_ERROR   0x80000000U

/* IOCTL_PRIVCMD_MMAPBATCH_V2: one errno (0 or negative) per frame in err. */
struct privcmd_mmapbatch_v2 {
    unsigned int num;
    domid_t dom;
    uint64_t addr;
    const xen_pfn_t *arr;
    int *err;
};

/* _IOC(_IOC_NONE, 'P', nr, size): dir NONE is 0, 'P' is 0x50. */
#define PRIVCMD_IOC(nr, size)       ((unsigned int)(((size) << 16) | (0x50 << 8) | (nr)))
#define IOCTL_PRIVCMD_MMAP          PRIVCMD_IOC(2, sizeof(struct privcmd_mmap))
#define IOCTL_PRIVCMD_MMAPBATCH     PRIVCMD_IOC(3, sizeof(struct privcmd_mmapbatch))
#define IOCTL_PRIVCMD_MMAPBATCH_V2  PRIVCMD_IOC(4, sizeof(struct privcmd_mmapbatch_v2))
/* From then on the file may only map (and no longer call) for that domain. */
#define IOCTL_PRIVCMD_RESTRICT      PRIVCMD_IOC(6, sizeof(domid_t))
#endif /* !__ASSEMBLER__ */
#endif /* IOCTL_PRIVCMD_HYPERCALL */

#endif /* MINIXEN_PUBLIC_PRIVCMD_H */
