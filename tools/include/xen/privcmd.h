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
#include <linux/types.h>
#include <sys/ioctl.h>

/* The current device node, and the legacy one under xenfs. */
#define PRIVCMD_DEVICE        "/dev/xen/privcmd"
#define PRIVCMD_LEGACY_DEVICE "/proc/xen/privcmd"

/*
 * One hypercall: op is its number, arg its arguments (pointers as
 * integers).  The ioctl returns the hypercall's result, or -1 with errno
 * set to the negated Xen error (Xen's errno values are Linux's).
 */
struct privcmd_hypercall {
    __u64 op;
    __u64 arg[5];
};
typedef struct privcmd_hypercall privcmd_hypercall_t;

#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

_Static_assert(sizeof(struct privcmd_hypercall) == 48,
               "privcmd_hypercall is 48 bytes");
_Static_assert(offsetof(struct privcmd_hypercall, arg) == 8,
               "privcmd_hypercall.arg at 8");
_Static_assert(IOCTL_PRIVCMD_HYPERCALL == 0x305000,
               "IOCTL_PRIVCMD_HYPERCALL is 0x305000");

#endif /* MINIXEN_TOOLS_XEN_PRIVCMD_H */
