/*
 * tests/dom0/bench_boot.c - `bench_boot`: the time stamp counter as this
 * program starts, which is the time since the machine was reset, as the
 * bench guest's boot_to_guest is.  Typed as the first command at dom0's
 * first prompt it bounds power-on to the prompt from above: the figure
 * also holds the echo of the typed command and the fork and exec of this
 * (static) program, a bench_forkexec round or so.  Meaningful under
 * QEMU's -icount, where the TSC stands still while dom0 waits for input.
 *
 *   bench: dom0_boot_to_prompt T ticks
 */
#include "bench.h"

int main(void)
{
    bench_print("dom0_boot_to_prompt", bench_tsc(), "ticks");
    return 0;
}
