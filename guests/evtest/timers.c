/*
 * guests/evtest/timers.c - VIRQ_TIMER from the periodic timer (100 Hz by
 * default, as Xen gives PV vCPUs), the single-shot timer of vcpu_op and
 * set_timer_op.  Under -icount system time is virtual and repeats
 * exactly, so each deadline is checked to TOLERANCE.
 */
#include "evtest.h"

#define TOLERANCE_NS    (500 * NS_PER_US)
#define QUIET_NS        (20 * NS_PER_MS)

static evtchn_port_t port;

static uint32_t count(void)
{
    return evt_count[port];
}

/*
 * The time the first event after `before` (the count taken before the
 * timer was armed) arrived, 0 if none did.  A timer armed in the past may
 * fire before its hypercall returns, so the count must be taken first.
 */
static uint64_t event_time_after(uint32_t before)
{
    return evt_wait(port, before + 1, MAX_BLOCKS) > before ? evt_now() : 0;
}

/* No earlier than the deadline, and not much later. */
static int on_time(uint64_t seen, uint64_t deadline)
{
    return seen >= deadline && seen - deadline < TOLERANCE_NS;
}

/* Within the tolerance either side (a period counted from inside the hypercall). */
static int near(uint64_t seen, uint64_t expected)
{
    return (seen > expected ? seen - expected : expected - seen) < TOLERANCE_NS;
}

/* No event for QUIET_NS. */
static int stays_quiet(void)
{
    uint32_t before = count();

    evtest_sleep_until(evt_now() + QUIET_NS);
    return count() == before;
}

static long singleshot(uint64_t deadline, uint32_t flags)
{
    vcpu_set_singleshot_timer_t s = { .timeout_abs_ns = deadline, .flags = flags };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s);
}

static long periodic(uint64_t period)
{
    vcpu_set_periodic_timer_t p = { .period_ns = period };

    return HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &p);
}

static void test_periodic(void)
{
    uint64_t t0 = evt_now(), t;
    uint32_t c0 = count();

    /* Bound a moment ago: the default 10 ms period runs from the binding. */
    t = (evt_wait(port, c0 + 3, MAX_BLOCKS), evt_now());
    check(t - t0 < 31 * NS_PER_MS && t - t0 > 19 * NS_PER_MS, "timer.default_periodic_100hz",
          "3 ticks took %lu us", (unsigned long)((t - t0) / NS_PER_US));
    check_rc("timer.periodic_set_1ms", periodic(NS_PER_MS), 0);
    t0 = evt_now();
    c0 = count();
    t = (evt_wait(port, c0 + 50, MAX_BLOCKS), evt_now());
    check(near(t, t0 + 50 * NS_PER_MS), "timer.periodic_1ms",
          "50 ticks took %lu us", (unsigned long)((t - t0) / NS_PER_US));
    check_rc("timer.periodic_below_1ms", periodic(NS_PER_MS - 1), -XEN_EINVAL);
    check_rc("timer.periodic_bad_pointer",
             HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, BAD_PTR), -XEN_EFAULT);
    check_rc("timer.periodic_stop", HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    check(stays_quiet(), "timer.periodic_stopped", "ticks after stop_periodic_timer");
}

static void test_singleshot(void)
{
    uint64_t deadline = evt_now() + 5 * NS_PER_MS, t;
    uint32_t before = count();

    check_rc("timer.singleshot_set", singleshot(deadline, 0), 0);
    t = event_time_after(before);
    check(on_time(t, deadline), "timer.singleshot_on_time", "fired %ld us after the deadline",
          (long)(t - deadline) / (long)NS_PER_US);
    check(stays_quiet(), "timer.singleshot_fires_once", "a second event");
    check_rc("timer.singleshot_future_in_past",
             singleshot(evt_now() - NS_PER_MS, VCPU_SSHOTTMR_future), -XEN_ETIME);
    deadline = evt_now();
    before = count();
    check_rc("timer.singleshot_past_set", singleshot(deadline - NS_PER_MS, 0), 0);
    t = event_time_after(before);
    check(on_time(t, deadline), "timer.singleshot_past_fires_at_once",
          "fired %ld us late", (long)(t - deadline) / (long)NS_PER_US);
    check_rc("timer.singleshot_set_then_stop", singleshot(evt_now() + 3 * NS_PER_MS, 0), 0);
    check_rc("timer.singleshot_stop", HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    check(stays_quiet(), "timer.singleshot_stopped", "fired after stop");
    check_rc("timer.singleshot_bad_pointer",
             HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, BAD_PTR), -XEN_EFAULT);
    check_rc("timer.singleshot_bad_vcpu",
             HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, NULL), -XEN_ENOENT);
}

static void test_set_timer_op(void)
{
    uint64_t deadline = evt_now() + 2 * NS_PER_MS, t;
    uint32_t before = count();

    check_rc("timer.set_timer_op", HYPERVISOR_set_timer_op(deadline), 0);
    t = event_time_after(before);
    check(on_time(t, deadline), "timer.set_timer_op_on_time", "fired %ld us after",
          (long)(t - deadline) / (long)NS_PER_US);
    HYPERVISOR_set_timer_op(evt_now() + 2 * NS_PER_MS);
    check_rc("timer.set_timer_op_cancel", HYPERVISOR_set_timer_op(0), 0);
    check(stays_quiet(), "timer.set_timer_op_cancelled", "fired after cancel");
    deadline = evt_now();
    before = count();
    HYPERVISOR_set_timer_op(deadline - NS_PER_MS);
    t = event_time_after(before);
    check(on_time(t, deadline), "timer.set_timer_op_past_fires_at_once", "fired %ld us late",
          (long)(t - deadline) / (long)NS_PER_US);
    /* Over 2^50 ns ahead: taken for a wrapped value and answered in 100 ms, as Xen. */
    deadline = evt_now() + 100 * NS_PER_MS;
    before = count();
    HYPERVISOR_set_timer_op(evt_now() + (1ULL << 51));
    t = event_time_after(before);
    check(near(t, deadline), "timer.set_timer_op_huge_in_100ms", "fired %ld us from +100 ms",
          (long)(t - deadline) / (long)NS_PER_US);
    deadline = evt_now() + 100 * NS_PER_MS;
    before = count();
    HYPERVISOR_set_timer_op((uint64_t)-1000);      /* a wrapped, negative deadline */
    t = event_time_after(before);
    check(near(t, deadline), "timer.set_timer_op_negative_in_100ms", "fired %ld us from +100 ms",
          (long)(t - deadline) / (long)NS_PER_US);
}

/* System time read without a hypercall never goes back, across switches. */
static void test_monotonic(void)
{
    uint64_t last = evt_now(), now;
    unsigned int i, backwards = 0;

    for (i = 0; i < 2000; i++) {
        if (i % 100 == 0)
            pv_yield();
        now = evt_now();
        backwards += now < last;
        last = now;
    }
    check(backwards == 0, "time.monotonic", "went back %u times", backwards);
}

void role_timers(void)
{
    if (!check_rc("timer.bind_virq", evt_bind_virq(VIRQ_TIMER, 0, &port), 0))
        return;
    evt_enable_upcalls();
    test_periodic();
    test_singleshot();
    test_set_timer_op();
    test_monotonic();
}
