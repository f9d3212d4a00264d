/*
 * tools/hypercall_test/hypercall_test.c - the classic first dom0 program:
 * asks the hypervisor, through Linux's privcmd device, to print MESSAGE
 * on its console with print_string (minixen's hypercall 38).
 *
 *     hypercall_test hello!     prints "fd = N" and "ret = 1"
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <public/hypercall-numbers.h>
#include <xen/privcmd.h>

int main(int argc, char **argv)
{
    privcmd_hypercall_t call = { 0 };
    int fd, ret;

    if (argc != 2) {
        fprintf(stderr, "usage: hypercall_test MESSAGE\n");
        return 1;
    }
    fd = open(PRIVCMD_LEGACY_DEVICE, O_RDWR);
    if (fd < 0) {
        perror("open " PRIVCMD_LEGACY_DEVICE);
        return 1;
    }
    printf("fd = %d\n", fd);

    call.op = __HYPERVISOR_print_string;
    call.arg[0] = (uintptr_t)argv[1];
    ret = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
    printf("ret = %d\n", ret);
    if (ret < 0) {
        perror("ioctl IOCTL_PRIVCMD_HYPERCALL");
        return 1;
    }
    close(fd);
    return 0;
}
