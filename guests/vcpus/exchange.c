/*
 * guests/vcpus/exchange.c - vCPU 0 drives the others: round trips over
 * IPI ports, a channel moved to another vCPU, one-shot timers, and
 * VCPUOP_down/up from outside and from the vCPU itself.
 */
#include "vcpus.h"
#include "args.h"

#define DEFAULT_ROUNDS  10000

/* One ping to vCPU id; 1 once its pong is back. */
int ping(unsigned int id)
{
    uint32_t target = evt_count[pong_port] + 1;

    evt_send(slots[id].ipi);
    wait_port(pong_port, target);
    return evt_count[pong_port] == target;
}

static void round_trips(void)
{
    unsigned long rounds = arg_ulong("rounds", DEFAULT_ROUNDS), r, lost = 0;
    uint32_t pongs = evt_count[pong_port], pings = 0;
    unsigned int id, upcalls_missing = 0;

    for (r = 0; r < rounds; r++)
        lost += !ping(1 + r % (nr_vcpus - 1));
    for (id = 1; id < nr_vcpus; id++) {
        pings += slots[id].pings;
        upcalls_missing += slots[id].upcalls == 0;
    }
    check(lost == 0 && evt_count[pong_port] - pongs == rounds && pings == rounds,
          "ipi.round_trips", "%lu of %lu lost, %u pongs, %u pings", lost, rounds,
          evt_count[pong_port] - pongs, pings);
    check(upcalls_missing == 0, "ipi.upcalls_on_each_vcpu", "%u vCPUs took none",
          upcalls_missing);
}

static void per_vcpu_state(void)
{
    unsigned int id, gs = 0, traps = 0, binds = 0;

    for (id = 1; id < nr_vcpus; id++) {
        gs += slots[id].gs_ok;
        traps += slots[id].trap_ok;
        binds += slots[id].bind_rc == 0;
    }
    check(binds == nr_vcpus - 1, "ports.bound_on_each_vcpu", "%u of %u", binds, nr_vcpus - 1);
    check(traps == nr_vcpus - 1, "context.trap_table", "%u of %u", traps, nr_vcpus - 1);
    check(gs == nr_vcpus - 1, "context.gs_base_kept", "%u of %u", gs, nr_vcpus - 1);
}

/* A loopback channel whose bound end moves to the last vCPU. */
static void moved_channel(void)
{
    unsigned int to = nr_vcpus - 1;
    evtchn_port_t a = 0, b = 0;
    uint64_t upcalls;
    uint32_t events;

    evt_alloc_unbound(DOMID_SELF, &a);
    evt_bind_interdomain(DOMID_SELF, a, &b);    /* b starts pending, as on Xen */
    check_rc("bind_vcpu.ipi_refused", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = slots[1].ipi, .vcpu = 0 }), -XEN_EINVAL);
    check_rc("bind_vcpu.past_last", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = b, .vcpu = nr_vcpus }), -XEN_ENOENT);
    check_rc("bind_vcpu.move", evt_bind_vcpu(b, to), 0);
    upcalls = slots[to].upcalls;
    events = evt_count[b];
    evt_send(a);
    wait_port(b, events + 1);
    check(evt_count[b] == events + 1 && slots[to].upcalls > upcalls, "bind_vcpu.delivered_there",
          "%u events, %lu upcalls there", evt_count[b] - events,
          (unsigned long)(slots[to].upcalls - upcalls));
}

static void timers(void)
{
    vcpu_set_singleshot_timer_t t = { .timeout_abs_ns = evt_now() + 1000000 };
    unsigned int id, bad = 0, last_bad = 0;

    check_rc("timer.other_vcpus_refused",
             HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &t), -XEN_EINVAL);
    check_rc("timer.bind_past_last", evt_bind_virq(VIRQ_TIMER, nr_vcpus, &(evtchn_port_t){ 0 }),
             -XEN_ENOENT);
    for (id = 1; id < nr_vcpus; id++) {
        slots[id].command_rc = 1;
        slots[id].command = CMD_TIMER;
        if (!ping(id) || slots[id].command_rc != 0)
            last_bad = id, bad++;
    }
    check(bad == 0, "timer.own_virq_on_each_vcpu", "%u of %u wrong; vCPU %u: rc %ld, "
          "%u events, %ld ns after the deadline", bad, nr_vcpus - 1, last_bad,
          slots[last_bad].command_rc, slots[last_bad].timer_events,
          (long)slots[last_bad].timer_late_ns);
}

void exchange_checks(void)
{
    per_vcpu_state();
    round_trips();
    moved_channel();
    timers();
}
