/*
 * guests/vcpus/downup.c - VCPUOP_down and VCPUOP_up: a vCPU taken down
 * from outside stops answering and keeps its pending events until it is
 * up again; one that takes itself down returns 0 from the call once
 * brought back; cycles of both; at last every vCPU down, which powers
 * the domain off.
 */
#include "vcpus.h"

#define DOWN_UP_CYCLES  100
/* Yields that would let a vCPU that is up answer a ping many times over. */
#define QUIET_YIELDS    50

static long vcpu_op(int cmd, unsigned int id)
{
    return HYPERVISOR_vcpu_op(cmd, id, NULL);
}

static int runstate_of(unsigned int id)
{
    struct vcpu_runstate_info r = { .state = -1 };

    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &r);
    return r.state;
}

/* A ping sent to a vCPU that is down: 1 if it stays unanswered. */
static int stays_unanswered(unsigned int id)
{
    uint32_t pings = slots[id].pings, pongs = evt_count[pong_port];
    unsigned int n;

    evt_send(slots[id].ipi);
    for (n = 0; n < QUIET_YIELDS; n++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    return slots[id].pings == pings && evt_count[pong_port] == pongs;
}

static void remote_down(void)
{
    uint32_t pongs;

    check_rc("down.remote", vcpu_op(VCPUOP_down, 1), 0);
    check_rc("down.remote_twice", vcpu_op(VCPUOP_down, 1), 0);
    check_rc("is_up.after_down", vcpu_op(VCPUOP_is_up, 1), 0);
    /* Xen's rule: one blocked when taken down stays "blocked", else "offline". */
    check(runstate_of(1) == RUNSTATE_blocked || runstate_of(1) == RUNSTATE_offline,
          "runstate.not_running_after_down", "state %d", runstate_of(1));
    check(stays_unanswered(1), "down.vcpu_stops", "a vCPU that is down answered");
    pongs = evt_count[pong_port];
    check_rc("up.again", vcpu_op(VCPUOP_up, 1), 0);
    wait_port(pong_port, pongs + 1);
    check(evt_count[pong_port] == pongs + 1, "up.pending_event_kept",
          "%u pongs after up", evt_count[pong_port] - pongs);
}

static void self_down(void)
{
    unsigned int id = nr_vcpus > 2 ? 2 : 1, n;
    struct vcpu_slot *s = &slots[id];
    uint32_t pongs = evt_count[pong_port];

    s->command_rc = 1;
    s->command = CMD_SELF_DOWN;
    evt_send(s->ipi);
    for (n = 0; n < MAX_YIELDS && vcpu_op(VCPUOP_is_up, id) == 1; n++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    check(vcpu_op(VCPUOP_is_up, id) == 0 && s->command_rc == 1, "down.self",
          "is_up %ld, rc %ld", vcpu_op(VCPUOP_is_up, id), s->command_rc);
    check_rc("up.after_self_down", vcpu_op(VCPUOP_up, id), 0);
    wait_port(pong_port, pongs + 1);
    check(s->command_rc == 0 && evt_count[pong_port] == pongs + 1, "down.self_returns_0",
          "rc %ld, %u pongs", s->command_rc, evt_count[pong_port] - pongs);
}

static void cycles(void)
{
    unsigned int i, bad = 0;

    for (i = 0; i < DOWN_UP_CYCLES; i++) {
        unsigned int id = 1 + i % (nr_vcpus - 1);
        bad += vcpu_op(VCPUOP_down, id) != 0 || vcpu_op(VCPUOP_is_up, id) != 0;
        bad += vcpu_op(VCPUOP_up, id) != 0 || !ping(id);
    }
    check(bad == 0, "down_up.cycles", "%u of %u cycles wrong", bad, DOWN_UP_CYCLES);
}

void down_up_checks(void)
{
    check_rc("down.past_last", vcpu_op(VCPUOP_down, nr_vcpus), -XEN_ENOENT);
    remote_down();
    self_down();
    cycles();
}

void last_vcpus_down(void)
{
    unsigned int id, still_up = 0;

    for (id = 1; id < nr_vcpus; id++)
        vcpu_op(VCPUOP_down, id);
    for (id = 1; id < nr_vcpus; id++)
        still_up += vcpu_op(VCPUOP_is_up, id) != 0;
    check(still_up == 0, "down.all_secondaries", "%u still up", still_up);
    report_verdict();
    vcpu_op(VCPUOP_down, 0);        /* the last vCPU: the domain powers off */
    test_crash("the last vCPU's VCPUOP_down returned");
}
