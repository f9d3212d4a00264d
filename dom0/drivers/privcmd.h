/* dom0/drivers/privcmd.h - the privcmd driver's files among themselves. */
#ifndef DOM0_DRIVERS_PRIVCMD_H
#define DOM0_DRIVERS_PRIVCMD_H

#include <kernel/types.h>

struct file;
struct vma;

/*
 * privcmd_map.c: mmap() of the device and the mapping ioctls.  allowed
 * is the domain the file is restricted to (IOCTL_PRIVCMD_RESTRICT), or
 * DOMID_INVALID for any: a request for another is -EPERM.
 */
long privcmd_mmap(struct file *f, struct vma *v);
long privcmd_ioctl_mmap(uaddr_t arg, uint16_t allowed);
/* version 1 (IOCTL_PRIVCMD_MMAPBATCH) or 2 (IOCTL_PRIVCMD_MMAPBATCH_V2). */
long privcmd_ioctl_mmapbatch(uaddr_t arg, int version, uint16_t allowed);

#endif /* DOM0_DRIVERS_PRIVCMD_H */
