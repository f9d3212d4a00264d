/*
 * tests/dom0/bench_boot.c - `bench_boot`: the time stamp counter as this
 * program starts, which is the time since the machine was reset, as the
 * bench guest's boot_to_guest is.  As the first command dom0's shell runs
 * it bounds power-on to the first prompt from above: the figure also
 * holds the echo of the command and the fork and exec of this (static)
 * program.  `make bench` types the command before dom0 starts, so the
 * shell finds it waiting: were dom0 to wait for it, the time would hold
 * that wait too (under -icount an idle machine's clock leaps from one
 * timer deadline to the next).
 *
 *   bench: dom0_boot_to_prompt T ticks
 */
#include "bench.h"

int main(void)
{
    bench_print("dom0_boot_to_prompt", bench_tsc(), "ticks");
    return 0;
}
