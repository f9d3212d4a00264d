/*
 * guests/vcpus/secondary.c - what each secondary vCPU runs: it binds an
 * IPI port and its VIRQ_TIMER on itself, proves its trap table and %gs
 * base came from its context, then answers vCPU 0's pings and commands
 * for ever, blocking in between.
 */
#include "vcpus.h"

static struct vcpu_slot *gs_slot(void)
{
    struct vcpu_slot *s;

    asm volatile ("mov %%gs:0, %0" : "=r" (s));
    return s;
}

/* The vector of a ud2 recovered through the exception table, -1 if none. */
static int64_t recovered_ud2(void)
{
    fault_reset();
    asm volatile ("1: ud2\n2:\n" EXTABLE("1b", "2b") ::: "memory");
    return last_fault.vector;
}

/* What a wait that ran out saw: the port's state and every vCPU's flags. */
static void report_stuck(evtchn_port_t port, uint32_t target)
{
    evtchn_status_t st = { 0 };
    unsigned int id;

    evt_status(DOMID_SELF, port, &st);
    printk("vcpus: vCPU %u gave up on port %u: %u of %u events, pending %d, "
           "status %u on vCPU %u\n", this_vcpu(), port, evt_count[port], target,
           evt_is_pending(port), st.status, st.vcpu);
    for (id = 0; id < nr_vcpus; id++)
        printk("vcpus:   vCPU %u: upcall pending %u mask %u sel %#lx, %lu upcalls\n", id,
               shared_info->vcpu_info[id].evtchn_upcall_pending,
               shared_info->vcpu_info[id].evtchn_upcall_mask,
               (unsigned long)shared_info->vcpu_info[id].evtchn_pending_sel,
               (unsigned long)slots[id].upcalls);
}

/*
 * Poll the port in short slices (a race with its upcall costs one slice,
 * never a lost wakeup) with upcalls on, so its events are counted as
 * they come; a lost event fails the caller's check after WAIT_LIMIT_NS.
 */
int wait_port(evtchn_port_t port, uint32_t target)
{
    evtchn_port_t ports[1] = { port };
    struct sched_poll poll = { .nr_ports = 1 };
    uint64_t end = evt_now() + WAIT_LIMIT_NS, now;

    set_xen_guest_handle(poll.ports, ports);
    while (evt_count[port] < target) {
        if ((now = evt_now()) >= end) {
            report_stuck(port, target);
            return 0;
        }
        poll.timeout = now + POLL_SLICE_NS;
        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    }
    return 1;
}

/* 0, the hypercall's error, or TIMER_WRONG with what was seen in the slot. */
static long one_shot_timer(struct vcpu_slot *s)
{
    uint32_t before = evt_count[s->timer];
    uint64_t deadline = evt_now() + 1000000;       /* 1 ms */
    vcpu_set_singleshot_timer_t t = { .timeout_abs_ns = deadline };
    long rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, s->id, &t);
    int64_t late;

    if (rc)
        return rc;
    wait_port(s->timer, before + 1);
    late = (int64_t)(evt_now() - deadline);
    s->timer_events = evt_count[s->timer] - before;
    s->timer_late_ns = late;
    return s->timer_events == 1 && late >= 0 ? 0 : TIMER_WRONG;
}

static void run_command(struct vcpu_slot *s)
{
    enum vcpu_command cmd = s->command;

    s->command = CMD_NONE;
    if (cmd == CMD_TIMER)
        s->command_rc = one_shot_timer(s);
    else if (cmd == CMD_SELF_DOWN)
        s->command_rc = HYPERVISOR_vcpu_op(VCPUOP_down, s->id, NULL);
}

static void serve(struct vcpu_slot *s)
{
    while (s->pings < evt_count[s->ipi]) {
        s->pings++;
        evt_send(pong_port);
    }
    if (gs_slot() != s)
        s->gs_ok = 0;
}

static int work_waiting(const struct vcpu_slot *s)
{
    return s->command != CMD_NONE || s->pings < evt_count[s->ipi];
}

void secondary_main(unsigned int id)
{
    struct vcpu_slot *s = &slots[id];
    evtchn_port_t ipi = 0, timer = 0;

    s->gs_ok = gs_slot() == s && this_vcpu() == id;
    s->trap_ok = recovered_ud2() == X86_EXC_UD;
    /* Its 100 Hz periodic timer would share the port with the one-shot. */
    s->bind_rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, id, NULL) |
                 evt_bind_ipi(id, &ipi) | evt_bind_virq(VIRQ_TIMER, id, &timer);
    s->ipi = ipi;
    s->timer = timer;
    s->ready = 1;
    for (;;) {
        if (s->command != CMD_NONE)
            run_command(s);
        serve(s);
        evt_disable_upcalls();
        if (!work_waiting(s))
            HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        evt_enable_upcalls();
    }
}
