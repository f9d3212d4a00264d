/*
 * tests/dom0/bench_getppid.c - `bench_getppid [N]`: the cost of the
 * cheapest system call, getppid(), in time stamp counter ticks: the
 * median of N calls each timed alone (bench.h), libc's wrapper included.
 *
 *   bench: dom0_getppid T ticks/call
 */
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_calls(argc, argv, 100000);
    uint64_t *samples = bench_samples("bench_getppid", n);

    for (long i = 0; i < n; i++) {
        uint64_t start = bench_tsc();

        getppid();
        samples[i] = bench_tsc() - start;
    }
    bench_print("dom0_getppid", bench_net_median(samples, n), "ticks/call");
    return 0;
}
