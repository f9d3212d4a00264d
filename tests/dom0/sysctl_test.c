/*
 * tests/dom0/sysctl_test.c - sysctl's refusals, through privcmd:
 *
 *   an interface version other than 0x15   EACCES
 *   readconsole into an unmapped buffer    EFAULT
 *   physinfo with the right version        succeeds, at least one CPU
 */
#include <stdint.h>
#include <string.h>
#include <public/hypercall-numbers.h>
#include "check.h"
#include "xencall.h"

/* The first page is never mapped in a Linux process. */
#define UNMAPPED_ADDRESS 16
#define READ_SIZE 64

/* sysctl with the caller's own interface_version (xencall_sysctl fixes it). */
static long raw_sysctl(int fd, struct xen_sysctl *op)
{
    return xencall5(fd, __HYPERVISOR_sysctl, (uintptr_t)op, 0, 0, 0, 0);
}

static void check_version_refused(int fd)
{
    struct xen_sysctl op;
    long ret;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    ret = raw_sysctl(fd, &op);
    check_errno("wrong interface version", ret, errno, EACCES);
}

static void check_readconsole_fault(int fd)
{
    struct xen_sysctl op;
    long ret;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_readconsole;
    set_xen_guest_handle(op.u.readconsole.buffer, (char *)UNMAPPED_ADDRESS);
    op.u.readconsole.count = READ_SIZE;
    ret = xencall_sysctl(fd, &op);
    check_errno("readconsole bad buffer", ret, errno, EFAULT);
}

static void check_physinfo(int fd)
{
    struct xen_sysctl op;
    long ret;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    ret = xencall_sysctl(fd, &op);
    check_true("physinfo", ret == 0 && op.u.physinfo.nr_cpus > 0,
               ret ? strerror(errno) : "nr_cpus is 0");
}

int main(void)
{
    int fd = xencall_open();

    if (fd < 0) {
        perror("sysctl_test: open privcmd");
        return 1;
    }
    check_version_refused(fd);
    check_readconsole_fault(fd);
    check_physinfo(fd);
    return check_verdict("sysctl_test");
}
