/*
 * tests/dom0/bench_getppid.c - `bench_getppid [N]`: the cost of the
 * cheapest system call, getppid(), in time stamp counter ticks.
 */
#include <unistd.h>
#include "bench.h"

int main(int argc, char **argv)
{
    long n = bench_calls(argc, argv);
    uint64_t start = bench_ticks();

    for (long i = 0; i < n; i++)
        getppid();
    bench_report("dom0_getppid", bench_ticks() - start, n);
    return 0;
}
