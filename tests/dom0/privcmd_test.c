/*
 * tests/dom0/privcmd_test.c - `privcmd_test [N]`: the errors privcmd
 * passes back, then N hypercalls in a row (default 1000).
 *
 *   an unimplemented hypercall number     ENOSYS (the hypervisor's answer)
 *   print_string with an unmapped pointer EFAULT
 *   an ioctl number privcmd does not know ENOTTY (Linux privcmd's default)
 *   N xen_version(XENVER_version) calls   each returns the same version
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <public/hypercall-numbers.h>
#include <public/version.h>
#include <xen/privcmd.h>
#include "check.h"
#include "xencall.h"

/* The last slot of the hypercall page: Xen assigns it to nothing. */
#define UNUSED_HYPERCALL (XEN_NR_HYPERCALLS - 1)
/* The first page is never mapped in a Linux process. */
#define UNMAPPED_ADDRESS 16
/* 'P' ioctl numbers run from 0 to 7; privcmd knows no other. */
#define UNKNOWN_PRIVCMD_IOCTL _IOC(_IOC_NONE, 'P', 0x7f, 0)

static void check_loop(int fd, long n)
{
    long first = xencall_xen_version(fd, XENVER_version, NULL), same = 0;
    char why[128];

    for (long i = 0; i < n; i++)
        same += xencall_xen_version(fd, XENVER_version, NULL) == first;
    snprintf(why, sizeof(why), "%ld of %ld calls returned %#lx", same, n,
             first);
    check_true("xen_version loop", first > 0 && same == n, why);
    printf("privcmd_test: %ld calls\n", same);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    int fd = xencall_open();
    long ret;

    if (fd < 0) {
        perror("privcmd_test: open privcmd");
        return 1;
    }
    ret = xencall5(fd, UNUSED_HYPERCALL, 0, 0, 0, 0, 0);
    check_errno("unknown hypercall", ret, errno, ENOSYS);
    ret = xencall5(fd, __HYPERVISOR_print_string, UNMAPPED_ADDRESS, 0, 0, 0, 0);
    check_errno("print_string bad pointer", ret, errno, EFAULT);
    ret = ioctl(fd, UNKNOWN_PRIVCMD_IOCTL, 0);
    check_errno("unknown ioctl", ret, errno, ENOTTY);
    check_loop(fd, n);
    return check_verdict("privcmd_test");
}
