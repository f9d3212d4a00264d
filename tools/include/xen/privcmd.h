/*
 * tools/include/xen/privcmd.h - the part of Linux's privcmd device
 * interface (include/uapi/xen/privcmd.h) minixen's dom0 tools use.
 *
 * The dom0 kernel speaks Linux's ABI, so these are Linux's numbers and
 * layouts: programs built against Linux's header work unchanged.  The
 * ioctl numbers come from <sys/ioctl.h>'s _IOC macro, as in Linux, and
 * are pinned by the checks below.
 */
#ifndef MINIXEN_TOOLS_XEN_PRIVCMD_H
#define MINIXEN_TOOLS_XEN_PRIVCMD_H

#include <stddef.h>
#include <sys/ioctl.h>

/* The current device node, and the legacy one under xenfs. */
#define PRIVCMD_DEVICE        "/dev/xen/privcmd"
#define PRIVCMD_LEGACY_DEVICE "/proc/xen/privcmd"

/* The requests and their ioctl numbers: one definition for the dom0 kernel and its programs. */
#include <public/privcmd.h>

_Static_assert(IOCTL_PRIVCMD_HYPERCALL ==
               _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall)),
               "IOCTL_PRIVCMD_HYPERCALL is Linux's _IOC encoding");
_Static_assert(IOCTL_PRIVCMD_MMAP == _IOC(_IOC_NONE, 'P', 2, sizeof(struct privcmd_mmap)),
               "IOCTL_PRIVCMD_MMAP is Linux's _IOC encoding");
_Static_assert(IOCTL_PRIVCMD_MMAPBATCH ==
               _IOC(_IOC_NONE, 'P', 3, sizeof(struct privcmd_mmapbatch)),
               "IOCTL_PRIVCMD_MMAPBATCH is Linux's _IOC encoding");
_Static_assert(IOCTL_PRIVCMD_MMAPBATCH_V2 ==
               _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2)),
               "IOCTL_PRIVCMD_MMAPBATCH_V2 is Linux's _IOC encoding");
_Static_assert(IOCTL_PRIVCMD_RESTRICT == _IOC(_IOC_NONE, 'P', 6, sizeof(domid_t)),
               "IOCTL_PRIVCMD_RESTRICT is Linux's _IOC encoding");

#endif /* MINIXEN_TOOLS_XEN_PRIVCMD_H */
