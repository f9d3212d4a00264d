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

/* The request and its ioctl number: one definition for the dom0 kernel and its programs. */
#include <public/privcmd.h>

_Static_assert(IOCTL_PRIVCMD_HYPERCALL ==
               _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall)),
               "IOCTL_PRIVCMD_HYPERCALL is Linux's _IOC encoding");

#endif /* MINIXEN_TOOLS_XEN_PRIVCMD_H */
