/*
 * include/public/privcmd.h - Linux's privcmd device ABI, between a dom0
 * kernel and its programs (Linux's include/uapi/xen/privcmd.h): the
 * hypercall request and its ioctl number.  minixen's dom0 kernel
 * implements it, its tools and the generated wrappers use it.
 *
 * The request has only 64-bit fields, so its layout and the ioctl number
 * (_IOC(_IOC_NONE, 'P', 0, 48)) are the same for 32- and 64-bit callers.
 */
#ifndef MINIXEN_PUBLIC_PRIVCMD_H
#define MINIXEN_PUBLIC_PRIVCMD_H

#ifndef IOCTL_PRIVCMD_HYPERCALL
/* dir NONE (0) << 30 | size 48 << 16 | 'P' << 8 | nr 0 */
#define IOCTL_PRIVCMD_HYPERCALL     0x00305000U

#ifndef __ASSEMBLER__
#include <stdint.h>

struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
typedef struct privcmd_hypercall privcmd_hypercall_t;
#endif /* !__ASSEMBLER__ */
#endif /* IOCTL_PRIVCMD_HYPERCALL */

#endif /* MINIXEN_PUBLIC_PRIVCMD_H */
