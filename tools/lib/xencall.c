/*
 * tools/lib/xencall.c - hypercalls through privcmd (see xencall.h).
 *
 * Relies on IOCTL_PRIVCMD_HYPERCALL from <xen/privcmd.h> and on the
 * hypercall numbers generated from hypervisor/hypercalls.def.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <public/hypercall-numbers.h>
#include <xen/privcmd.h>
#include "xencall.h"

int xencall_open(void)
{
    int fd = open(PRIVCMD_DEVICE, O_RDWR | O_CLOEXEC);

    /* Older kernels offer privcmd only through xenfs on /proc/xen. */
    if (fd < 0 && errno == ENOENT)
        fd = open(PRIVCMD_LEGACY_DEVICE, O_RDWR | O_CLOEXEC);
    return fd;
}

long xencall5(int fd, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
              uint64_t a3, uint64_t a4)
{
    privcmd_hypercall_t call = { op, { a0, a1, a2, a3, a4 } };

    return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

void *xencall_buffer(size_t size)
{
    char *buf = malloc(size ? size : 1);

    if (!buf)
        return NULL;
    /* A byte written per page is what makes it present and writable;
     * clearing all of it (a 28 KiB domain-list batch in every scan) was
     * work no caller needs. */
    for (size_t i = 0; i < size; i += XEN_PAGE_SIZE)
        ((volatile char *)buf)[i] = 0;
    return buf;
}

long xencall_sysctl(int fd, struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return xencall5(fd, __HYPERVISOR_sysctl, (uintptr_t)op, 0, 0, 0, 0);
}

long xencall_xen_version(int fd, int cmd, void *arg)
{
    return xencall5(fd, __HYPERVISOR_xen_version, (uint64_t)cmd,
                    (uintptr_t)arg, 0, 0, 0);
}
