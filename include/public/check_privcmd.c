/*
 * include/public/check_privcmd.c - pins privcmd.h (as in Linux's
 * include/uapi/xen/privcmd.h).  Compiled only.
 */
#include <stddef.h>
#include <public/privcmd.h>
#include "check_layout.h"

CHECK_VALUE(IOCTL_PRIVCMD_HYPERCALL, 0x00305000);
CHECK_OFFSET(struct privcmd_hypercall, op, 0);
CHECK_OFFSET(struct privcmd_hypercall, arg, 8);
CHECK_SIZE(struct privcmd_hypercall, 48);

CHECK_OFFSET(struct privcmd_mmap_entry, va, 0);
CHECK_OFFSET(struct privcmd_mmap_entry, mfn, 8);
CHECK_OFFSET(struct privcmd_mmap_entry, npages, 16);
CHECK_SIZE(struct privcmd_mmap_entry, 24);

CHECK_OFFSET(struct privcmd_mmap, num, 0);
CHECK_OFFSET(struct privcmd_mmap, dom, 4);
CHECK_OFFSET2(struct privcmd_mmap, entry, 8, 8);
CHECK_SIZE2(struct privcmd_mmap, 12, 16);

CHECK_OFFSET(struct privcmd_mmapbatch, num, 0);
CHECK_OFFSET(struct privcmd_mmapbatch, dom, 4);
CHECK_OFFSET(struct privcmd_mmapbatch, addr, 8);
CHECK_OFFSET(struct privcmd_mmapbatch, arr, 16);
CHECK_SIZE2(struct privcmd_mmapbatch, 20, 24);

CHECK_OFFSET(struct privcmd_mmapbatch_v2, num, 0);
CHECK_OFFSET(struct privcmd_mmapbatch_v2, dom, 4);
CHECK_OFFSET(struct privcmd_mmapbatch_v2, addr, 8);
CHECK_OFFSET(struct privcmd_mmapbatch_v2, arr, 16);
CHECK_OFFSET2(struct privcmd_mmapbatch_v2, err, 20, 24);
CHECK_SIZE2(struct privcmd_mmapbatch_v2, 24, 32);

/* Linux's numbers (section 10 of the ABI reference), 32-bit view first. */
CHECK_VALUE2(IOCTL_PRIVCMD_MMAP, 0x000C5002, 0x00105002);
CHECK_VALUE2(IOCTL_PRIVCMD_MMAPBATCH, 0x00145003, 0x00185003);
CHECK_VALUE2(IOCTL_PRIVCMD_MMAPBATCH_V2, 0x00185004, 0x00205004);
CHECK_VALUE(IOCTL_PRIVCMD_RESTRICT, 0x00025006);
CHECK_VALUE(PRIVCMD_MMAPBATCH_MFN_ERROR, 0xf0000000U);
CHECK_VALUE(PRIVCMD_MMAPBATCH_PAGED_ERROR, 0x80000000U);
