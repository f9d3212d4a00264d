/*
 * guests/evtest/badinput.c - an unprivileged domain tries every bad event
 * channel and sched_op argument: each gets Xen's errno and changes
 * nothing.  Also the legacy event_channel_op_compat form, and
 * SCHEDOP_watchdog's bookkeeping (role watchdog lets one expire).
 */
#include "evtest.h"

#define FAR_PORT EVTCHN_2L_NR_CHANNELS
#define NO_DOMAIN 9

static long op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static void test_ports(void)
{
    evtchn_port_t p = 0, closed = 0;
    evtchn_status_t st;

    check_rc("bad.send_port0", evt_send(0), -XEN_EINVAL);
    check_rc("bad.send_far_port", evt_send(FAR_PORT), -XEN_EINVAL);
    check_rc("bad.send_huge_port", evt_send(0xffffffffu), -XEN_EINVAL);
    evt_alloc_unbound(DOMID_SELF, &closed);
    evt_close(closed);
    check_rc("bad.send_closed", evt_send(closed), -XEN_EINVAL);
    check_rc("bad.close_twice", evt_close(closed), -XEN_EINVAL);
    check_rc("bad.close_port0", evt_close(0), -XEN_EINVAL);
    check_rc("bad.unmask_far_port", evt_unmask(FAR_PORT), -XEN_EINVAL);
    check_rc("bad.status_far_port", evt_status(DOMID_SELF, FAR_PORT, &st), -XEN_EINVAL);
    check_rc("bad.status_other_domain", evt_status(0, 1, &st), -XEN_EPERM);
    check_rc("bad.status_no_domain", evt_status(NO_DOMAIN, 1, &st), -XEN_ESRCH);
    check_rc("bad.bind_vcpu_no_vcpu", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = closed, .vcpu = 1 }), -XEN_ENOENT);
    check_rc("bad.bind_vcpu_closed", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = closed, .vcpu = 0 }), -XEN_EINVAL);
    evt_alloc_unbound(0, &p);
    check_rc("bad.bind_vcpu_unbound_ok", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = p, .vcpu = 0 }), 0);
    evt_close(p);
}

static void test_binding(void)
{
    evtchn_alloc_unbound_t a = { .dom = 0, .remote_dom = DOMID_SELF };
    evtchn_port_t p = 0, timer = 0;

    check_rc("bad.alloc_for_other_domain", op(EVTCHNOP_alloc_unbound, &a), -XEN_EPERM);
    a.dom = NO_DOMAIN;
    check_rc("bad.alloc_for_no_domain", op(EVTCHNOP_alloc_unbound, &a), -XEN_ESRCH);
    check_rc("bad.bind_no_domain", evt_bind_interdomain(NO_DOMAIN, 1, &p), -XEN_ESRCH);
    check_rc("bad.bind_not_offered", evt_bind_interdomain(0, 1, &p), -XEN_EINVAL);
    check_rc("bad.bind_far_port", evt_bind_interdomain(0, FAR_PORT, &p), -XEN_EINVAL);
    check_rc("bad.virq_global_by_domu", evt_bind_virq(VIRQ_DOM_EXC, 0, &p), -XEN_EBUSY);
    check_rc("bad.virq_console_by_domu", evt_bind_virq(VIRQ_CONSOLE, 0, &p), -XEN_EBUSY);
    check_rc("bad.virq_out_of_range", evt_bind_virq(NR_VIRQS, 0, &p), -XEN_EINVAL);
    check_rc("bad.virq_no_vcpu", evt_bind_virq(VIRQ_TIMER, 1, &p), -XEN_ENOENT);
    check_rc("bad.virq_timer", evt_bind_virq(VIRQ_TIMER, 0, &timer), 0);
    check_rc("bad.virq_twice", evt_bind_virq(VIRQ_TIMER, 0, &p), -XEN_EEXIST);
    check_rc("bad.bind_vcpu_per_vcpu_virq", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
             &(evtchn_bind_vcpu_t){ .port = timer, .vcpu = 0 }), -XEN_EINVAL);
    evt_close(timer);
    check_rc("bad.virq_rebind_after_close", evt_bind_virq(VIRQ_TIMER, 0, &timer), 0);
    evt_close(timer);
    check_rc("bad.ipi_no_vcpu", evt_bind_ipi(1, &p), -XEN_ENOENT);
    check_rc("bad.bind_pirq", op(EVTCHNOP_bind_pirq, &(evtchn_bind_pirq_t){ .pirq = 1 }),
             -XEN_EINVAL);
    check_rc("bad.reset_other_domain", op(EVTCHNOP_reset, &(evtchn_reset_t){ .dom = 0 }),
             -XEN_EPERM);
}

static void test_pointers_and_commands(void)
{
    static const int cmds[] = {
        EVTCHNOP_bind_interdomain, EVTCHNOP_bind_virq, EVTCHNOP_close, EVTCHNOP_send,
        EVTCHNOP_status, EVTCHNOP_alloc_unbound, EVTCHNOP_bind_ipi, EVTCHNOP_bind_vcpu,
        EVTCHNOP_unmask, EVTCHNOP_reset,
    };
    unsigned int i, faults = 0;

    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        faults += op(cmds[i], BAD_PTR) == -XEN_EFAULT;
    check(faults == sizeof(cmds) / sizeof(cmds[0]), "bad.pointers_efault",
          "%u of %u commands gave -EFAULT", faults, (unsigned int)(sizeof(cmds) / sizeof(cmds[0])));
    check_rc("bad.unknown_command", op(99, NULL), -XEN_ENOSYS);
    check_rc("bad.set_priority_2level", op(EVTCHNOP_set_priority,
             &(evtchn_set_priority_t){ .port = 1 }), -XEN_ENOSYS);
}

static void test_compat(void)
{
    evtchn_op_t o = { .cmd = EVTCHNOP_alloc_unbound };
    evtchn_port_t port;

    o.u.alloc_unbound = (evtchn_alloc_unbound_t){ .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    check_rc("compat.alloc_unbound", HYPERVISOR_event_channel_op_compat(&o), 0);
    port = o.u.alloc_unbound.port;
    o = (evtchn_op_t){ .cmd = EVTCHNOP_status };
    o.u.status = (evtchn_status_t){ .dom = DOMID_SELF, .port = port };
    check(HYPERVISOR_event_channel_op_compat(&o) == 0 &&
          o.u.status.status == EVTCHNSTAT_unbound, "compat.status", "status %u",
          o.u.status.status);
    o = (evtchn_op_t){ .cmd = EVTCHNOP_close, .u.close.port = port };
    check_rc("compat.close", HYPERVISOR_event_channel_op_compat(&o), 0);
    o = (evtchn_op_t){ .cmd = EVTCHNOP_reset };
    check_rc("compat.newer_command", HYPERVISOR_event_channel_op_compat(&o), -XEN_ENOSYS);
    check_rc("compat.bad_pointer", HYPERVISOR_event_channel_op_compat(BAD_PTR), -XEN_EFAULT);
}

static long watchdog(uint32_t id, uint32_t timeout)
{
    struct sched_watchdog w = { .id = id, .timeout = timeout };

    return HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);
}

static void test_sched(void)
{
    struct sched_remote_shutdown rs = { .domain_id = 0, .reason = SHUTDOWN_poweroff };
    struct sched_pin_override po = { .pcpu = 0 };

    check_rc("bad.remote_shutdown_unprivileged",
             HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM);
    check_rc("bad.pin_override_unprivileged",
             HYPERVISOR_sched_op(SCHEDOP_pin_override, &po), -XEN_EPERM);
    check_rc("watchdog.create_first", watchdog(0, 10), 1);
    check_rc("watchdog.create_second", watchdog(0, 10), 2);
    check_rc("watchdog.create_third", watchdog(0, 10), -XEN_ENOSPC);
    check_rc("watchdog.id_out_of_range", watchdog(3, 10), -XEN_EINVAL);
    check_rc("watchdog.destroy", watchdog(2, 0), 0);
    check_rc("watchdog.destroy_twice", watchdog(2, 0), -XEN_EINVAL);
    check_rc("watchdog.destroy_first", watchdog(1, 0), 0);
    check_rc("watchdog.bad_pointer", HYPERVISOR_sched_op(SCHEDOP_watchdog, BAD_PTR), -XEN_EFAULT);
}

void role_badinput(void)
{
    evt_enable_upcalls();
    test_ports();
    test_binding();
    test_pointers_and_commands();
    test_compat();
    test_sched();
}

/* Arm a 1 s watchdog, pet it once, then stop petting: the hypervisor must shut us down. */
void role_watchdog(void)
{
    check_rc("watchdog.arm", watchdog(0, 1), 1);
    check_rc("watchdog.pet", watchdog(1, 1), 0);
    printk("watchdog: no longer petting it\n");
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}
