/*
 * tests/dom0/bench_privcmd.c - `bench_privcmd [N]`: the cost of a
 * hypercall from dom0's user space (privcmd ioctl, kernel, hypervisor and
 * back), timed on xen_version(XENVER_version), in TSC ticks.
 */
#include <public/version.h>
#include "bench.h"
#include "xencall.h"

int main(int argc, char **argv)
{
    long n = bench_calls(argc, argv);
    int fd = xencall_open();
    uint64_t start;

    if (fd < 0) {
        perror("bench_privcmd: open privcmd");
        return 1;
    }
    start = bench_ticks();
    for (long i = 0; i < n; i++)
        if (xencall_xen_version(fd, XENVER_version, NULL) < 0) {
            perror("bench_privcmd: xen_version");
            return 1;
        }
    bench_report("dom0_privcmd_xen_version", bench_ticks() - start, n);
    return 0;
}
