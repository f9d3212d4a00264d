/*
 * guests/evtest/spin.c - a domain that never gives up the CPU.  Only the
 * scheduler's preemption lets anyone else run beside it.
 *
 * With from_ms= and to_ms= (system time), it reports how much CPU time
 * its runstate says it got between the two: it reads the runstate only
 * while running, and time it does not run adds nothing, so the figure is
 * exact even though it notices each mark only when it next runs.  It also
 * reports how long it ran at a stretch between switches (the time slice).
 */
#include "evtest.h"

static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r;

    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r))
        return 0;
    return r.time[RUNSTATE_running];
}

/* A jump in system time between two reads this long means we were switched out. */
#define SWITCHED_OUT_NS (20 * NS_PER_US)

/* Runs between switches while spinning: the longest, and how many. */
static uint64_t longest_run_ns;
static unsigned long nr_runs;

static void spin_until(uint64_t t)
{
    uint64_t last = evt_now(), run_start = last, now;

    while ((now = evt_now()) < t) {
        if (now - last > SWITCHED_OUT_NS) {
            longest_run_ns = last - run_start > longest_run_ns ? last - run_start : longest_run_ns;
            nr_runs++;
            run_start = now;
        }
        last = now;
    }
}

void role_spin(void)
{
    uint64_t from = arg_ulong("from_ms", 0) * NS_PER_MS, to = arg_ulong("to_ms", 0) * NS_PER_MS;
    uint64_t r0, r1;

    if (!to)
        for (;;)
            __asm__ volatile ("pause");
    spin_until(from);
    r0 = running_ns();
    longest_run_ns = nr_runs = 0;
    spin_until(to);
    r1 = running_ns();
    printk("spin: ran %lu us of the %lu us window\n", (unsigned long)((r1 - r0) / NS_PER_US),
           (unsigned long)((to - from) / NS_PER_US));
    printk("spin: %lu runs, the longest %lu us\n", nr_runs,
           (unsigned long)(longest_run_ns / NS_PER_US));
    report_pass("spin.window_measured");
}
