/*
 * dom0/kernel/time.c - the clocks and the one-shot timer.
 *
 * The hypervisor publishes, per vCPU, a TSC reading, the system time at
 * that reading and a scale; system time now is that plus the scaled TSC
 * delta, read under the version counter (odd while it is being updated).
 * The wall clock is the shared_info's boot time plus system time.
 */
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <kernel/events.h>
#include "../arch/xen.h"
#include <public/vcpu.h>
#include "sched.h"

static uint64_t timer_deadline;         /* what the hypervisor's timer is set for; 0 = nothing */
static bool timer_within_slice;         /* ... and it fires within a time slice of arming */

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t monotonic_ns(void)
{
    const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t version;
    uint64_t ns;

    do {
        version = t->version;
        asm volatile("" ::: "memory");
        ns = t->system_time + scale_delta(rdtsc() - t->tsc_timestamp,
                                          t->tsc_to_system_mul, t->tsc_shift);
        asm volatile("" ::: "memory");
    } while ((version & 1) || version != t->version);
    return ns;
}

uint64_t realtime_ns(void)
{
    const volatile shared_info_t *s = shared_info;
    uint32_t version;
    uint64_t sec, nsec;

    do {
        version = s->wc_version;
        asm volatile("" ::: "memory");
        sec = ((uint64_t)s->xen_wc_sec_hi << 32) | s->wc_sec;
        nsec = s->wc_nsec;
        asm volatile("" ::: "memory");
    } while ((version & 1) || version != s->wc_version);
    return sec * 1000000000ULL + nsec + monotonic_ns();
}

/*
 * The timer is one-shot at the earliest deadline anyone asked for; when it
 * fires, timer_arm_next() finds the next one from the sleepers, so a later
 * deadline replaced by an earlier one is never lost.
 */
void timer_arm(uint64_t deadline_ns)
{
    uint64_t now = monotonic_ns();

    if (timer_deadline && timer_deadline <= deadline_ns && timer_deadline > now)
        return;
    timer_deadline = deadline_ns;
    timer_within_slice = deadline_ns <= now + TIME_SLICE_NS;
    HYPERVISOR_set_timer_op(deadline_ns);
}

void timer_arm_next(void)
{
    uint64_t next = sched_next_deadline();

    if (sched_others_runnable()) {
        uint64_t slice = monotonic_ns() + TIME_SLICE_NS;
        next = next && next < slice ? next : slice;
    }
    timer_deadline = 0;
    if (next)
        timer_arm(next);
}

/*
 * Another process waits for the CPU: make sure a tick comes within a time
 * slice.  Called on every return to user mode, so it costs a compare when
 * the timer is already due soon enough.
 */
void timer_ensure_slice(void)
{
    if (timer_deadline && timer_within_slice)
        return;
    timer_arm(monotonic_ns() + TIME_SLICE_NS);
}

static void timer_event(void)
{
    timer_deadline = 0;
    sched_timer_tick();
}

/*
 * The one-shot timer is all the kernel needs; the periodic tick the
 * hypervisor starts every vCPU with (100 Hz) is stopped, as Linux stops
 * it, so an idle dom0 is not woken for nothing.
 */
void time_init(void)
{
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    if (bind_virq_handler(VIRQ_TIMER, timer_event) < 0)
        panic("cannot bind VIRQ_TIMER");
}
