/*
 * guests/evtest/monitor.c - domain 0's part: VIRQ_DOM_EXC says a domain
 * changed state; the monitor then asks which of those in wait=MASK (bit
 * per domain id) are gone (EVTCHNOP_status of a domain that no longer
 * exists is -ESRCH).  Once they are, it shuts down the ones in kill=MASK
 * with SCHEDOP_remote_shutdown and waits for those too.
 */
#include "evtest.h"

#define MAX_DOMID 16

static int domain_gone(domid_t d)
{
    evtchn_status_t st;

    return evt_status(d, 0, &st) == -XEN_ESRCH;
}

static int all_gone(unsigned long mask)
{
    domid_t d;

    for (d = 0; d < MAX_DOMID; d++)
        if ((mask & (1UL << d)) && !domain_gone(d))
            return 0;
    return 1;
}

/* Sleep on VIRQ_DOM_EXC until every domain of mask is gone. */
static int wait_gone(evtchn_port_t port, unsigned long mask)
{
    unsigned long n;

    for (n = 0; n < MAX_BLOCKS && !all_gone(mask); n++)
        evt_wait(port, evt_count[port] + 1, 1);
    return all_gone(mask);
}

static void kill_all(unsigned long mask)
{
    domid_t d;

    for (d = 0; d < MAX_DOMID; d++)
        if (mask & (1UL << d)) {
            struct sched_remote_shutdown rs = { .domain_id = d, .reason = SHUTDOWN_poweroff };
            check_rc("monitor.remote_shutdown", HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0);
        }
}

void role_monitor(void)
{
    unsigned long wait = arg_ulong("wait", 0), kill = arg_ulong("kill", 0);
    evtchn_port_t port = 0, again;
    int already_gone;

    if (!check_rc("monitor.bind_dom_exc", evt_bind_virq(VIRQ_DOM_EXC, 0, &port), 0))
        return;
    check_rc("monitor.bind_dom_exc_twice", evt_bind_virq(VIRQ_DOM_EXC, 0, &again), -XEN_EEXIST);
    evt_enable_upcalls();
    /* A domain may have finished before we bound the VIRQ: no event is owed for it. */
    already_gone = all_gone(wait);
    check(wait_gone(port, wait), "monitor.domains_exited", "domains %#lx still there", wait);
    check(already_gone || evt_count[port] > 0, "monitor.dom_exc_delivered",
          "no VIRQ_DOM_EXC event");
    if (!kill)
        return;
    kill_all(kill);
    check(wait_gone(port, kill), "monitor.killed_domains_exited", "domains %#lx still there", kill);
}

/*
 * An unprivileged domain's way to see another go: its EVTCHNOP_status
 * turns from -EPERM (exists, not ours) into -ESRCH.  Proves that this
 * domain still runs after the one in gone=ID shut down or crashed.
 */
void role_waitgone(void)
{
    domid_t d = (domid_t)arg_ulong("gone", DOMID_INVALID);
    unsigned long n;

    for (n = 0; n < MAX_YIELDS && !domain_gone(d); n++)
        pv_yield();
    if (check(domain_gone(d), "waitgone.domain_gone", "domain %u still there", d))
        printk("evtest: domain %u is gone\n", d);
}
