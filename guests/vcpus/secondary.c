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

void wait_count(volatile uint32_t *count, uint32_t target)
{
    unsigned long n;

    for (n = 0; n < MAX_BLOCKS; n++) {
        evt_disable_upcalls();
        if (*count >= target) {
            evt_enable_upcalls();
            return;
        }
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);   /* unmasks, then waits */
    }
}

static long one_shot_timer(struct vcpu_slot *s)
{
    uint32_t before = evt_count[s->timer];
    uint64_t deadline = evt_now() + 1000000;       /* 1 ms */
    vcpu_set_singleshot_timer_t t = { .timeout_abs_ns = deadline };
    long rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, s->id, &t);

    if (rc)
        return rc;
    wait_count(&evt_count[s->timer], before + 1);
    return evt_count[s->timer] == before + 1 && evt_now() >= deadline ? 0 : -1;
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
