/*
 * tests/dom0/bench_privcmd.c - `bench_privcmd [N]`: the cost of a null
 * hypercall from dom0's user space, xen_version(XENVER_version) through
 * privcmd's IOCTL_PRIVCMD_HYPERCALL (system call, ioctl, hypercall and
 * back), in TSC ticks: the median of N calls each timed alone (bench.h).
 *
 *   bench: dom0_privcmd_xen_version T ticks/call
 */
#include <public/version.h>
#include "bench.h"
#include "xencall.h"

int main(int argc, char **argv)
{
    long n = bench_calls(argc, argv, 100000);
    uint64_t *samples = bench_samples("bench_privcmd", n);
    int fd = xencall_open();

    if (fd < 0) {
        perror("bench_privcmd: open privcmd");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        uint64_t start = bench_tsc();
        long ret = xencall_xen_version(fd, XENVER_version, NULL);

        samples[i] = bench_tsc() - start;
        if (ret < 0) {
            perror("bench_privcmd: xen_version");
            return 1;
        }
    }
    bench_print("dom0_privcmd_xen_version", bench_net_median(samples, n),
                "ticks/call");
    return 0;
}
