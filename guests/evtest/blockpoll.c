/*
 * guests/evtest/blockpoll.c - SCHEDOP_block and SCHEDOP_poll wake-ups and
 * timeouts, EVTCHNOP_unmask re-delivering a masked edge, and the legacy
 * sched_op_compat.  A timer (set_timer_op) and an IPI to ourselves are
 * the event sources.
 */
#include "evtest.h"

#define LATE_NS (500 * NS_PER_US)

static evtchn_port_t timer_port, ipi_port;

static long poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
    struct sched_poll p = { .nr_ports = nr, .timeout = timeout };

    set_xen_guest_handle(p.ports, ports);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static void test_block(void)
{
    uint64_t deadline = evt_now() + 2 * NS_PER_MS;
    uint32_t before = evt_count[timer_port];

    HYPERVISOR_set_timer_op(deadline);
    evt_disable_upcalls();
    check_rc("block.returns", HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    check(evt_count[timer_port] == before + 1 && evt_now() >= deadline, "block.wakes_on_timer",
          "%u events, woke %ld us before the deadline", evt_count[timer_port] - before,
          (long)(deadline - evt_now()) / (long)NS_PER_US);
    check(shared_info->vcpu_info[0].evtchn_upcall_mask == 0, "block.unmasks_events",
          "upcall mask still set");
    evt_disable_upcalls();
    evt_send(ipi_port);
    before = evt_count[ipi_port];
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    check(evt_count[ipi_port] == before + 1, "block.returns_with_event_pending",
          "%u events", evt_count[ipi_port] - before);
}

static void test_poll_wakeups(void)
{
    evtchn_port_t both[2] = { ipi_port, timer_port };
    uint64_t deadline = evt_now() + 3 * NS_PER_MS;
    uint32_t before;

    check_rc("poll.timeout_returns_0", poll(&ipi_port, 1, deadline), 0);
    check(evt_now() >= deadline, "poll.timeout", "returned %ld us early",
          (long)(deadline - evt_now()) / (long)NS_PER_US);
    evt_mask(timer_port);
    before = evt_count[timer_port];
    deadline = evt_now() + 2 * NS_PER_MS;
    HYPERVISOR_set_timer_op(deadline);
    poll(&timer_port, 1, deadline + 50 * NS_PER_MS);
    check(evt_now() < deadline + LATE_NS && evt_is_pending(timer_port) &&
          evt_count[timer_port] == before, "poll.wakes_on_masked_port",
          "woke %ld us after the timer, pending %d", (long)(evt_now() - deadline) / (long)NS_PER_US,
          evt_is_pending(timer_port));
    check_rc("unmask.returns", evt_unmask(timer_port), 0);
    check(evt_count[timer_port] == before + 1, "unmask.delivers_masked_event",
          "%u events", evt_count[timer_port] - before);
    evt_disable_upcalls();
    evt_send(ipi_port);
    deadline = evt_now() + 10 * NS_PER_MS;
    poll(&ipi_port, 1, deadline);
    check(evt_now() < deadline, "poll.pending_port_returns_at_once", "slept to the timeout");
    evt_clear_pending(ipi_port);
    HYPERVISOR_set_timer_op(evt_now() + 2 * NS_PER_MS);
    deadline = evt_now() + 50 * NS_PER_MS;
    poll(both, 2, deadline);
    check(evt_now() < deadline && evt_is_pending(timer_port), "poll.several_ports",
          "not woken by the second port");
    evt_enable_upcalls();
}

/*
 * Port 0 names no port, and Xen takes a poll of it for a poll of any port;
 * a poll that ends early must not leave its timeout armed for later.
 */
static void test_poll_port0(void)
{
    evtchn_port_t zero = 0;
    uint64_t deadline = evt_now() + 2 * NS_PER_MS, stale = deadline + 20 * NS_PER_MS;
    uint32_t before;

    evt_mask(timer_port);
    HYPERVISOR_set_timer_op(deadline);
    poll(&zero, 1, stale);
    check(evt_now() < deadline + LATE_NS && evt_is_pending(timer_port), "poll.port0_means_any",
          "woke %ld us after the timer", (long)(evt_now() - deadline) / (long)NS_PER_US);
    evt_clear_pending(timer_port);
    evt_unmask(timer_port);
    before = evt_count[timer_port];
    deadline = stale + 20 * NS_PER_MS;
    HYPERVISOR_set_timer_op(deadline);
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    check(evt_now() >= deadline && evt_count[timer_port] == before + 1,
          "poll.timeout_gone_once_woken", "block woke %ld us early with %u events",
          (long)(deadline - evt_now()) / (long)NS_PER_US, evt_count[timer_port] - before);
}

static void test_poll_bad(void)
{
    evtchn_port_t bad = EVTCHN_2L_NR_CHANNELS;

    check_rc("poll.too_many_ports", poll(&ipi_port, 129, 0), -XEN_EINVAL);
    check_rc("poll.ports_unmapped", poll(BAD_PTR, 1, 0), -XEN_EFAULT);
    check_rc("poll.port_out_of_range", poll(&bad, 1, 0), -XEN_EINVAL);
    check_rc("poll.bad_pointer", HYPERVISOR_sched_op(SCHEDOP_poll, BAD_PTR), -XEN_EFAULT);
}

static void test_compat(void)
{
    uint64_t deadline = evt_now() + 2 * NS_PER_MS;
    uint32_t before = evt_count[timer_port];

    check_rc("sched_op_compat.yield", HYPERVISOR_sched_op_compat(SCHEDOP_yield, 0), 0);
    HYPERVISOR_set_timer_op(deadline);
    evt_disable_upcalls();
    check_rc("sched_op_compat.block", HYPERVISOR_sched_op_compat(SCHEDOP_block, 0), 0);
    check(evt_count[timer_port] == before + 1 && evt_now() >= deadline,
          "sched_op_compat.block_wakes", "%u events", evt_count[timer_port] - before);
    check_rc("sched_op_compat.unknown", HYPERVISOR_sched_op_compat(SCHEDOP_poll, 0), -XEN_ENOSYS);
}

void role_blockpoll(void)
{
    if (!check_rc("blockpoll.bind_timer", evt_bind_virq(VIRQ_TIMER, 0, &timer_port), 0) ||
        !check_rc("blockpoll.bind_ipi", evt_bind_ipi(0, &ipi_port), 0))
        return;
    /* The default periodic tick would wake every sleep: only our own events. */
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    evt_enable_upcalls();
    test_block();
    test_poll_wakeups();
    test_poll_port0();
    test_poll_bad();
    test_compat();
}
