/*
 * Debug key 'e': every domain's bound ports, their state and bits.  Apart
 * from event_channel.c so the state machine links into its unit test
 * without the domain list or the console.
 */
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/event.h>

static const char *const state_names[] = {
    [ECS_FREE] = "free", [ECS_RESERVED] = "reserved", [ECS_UNBOUND] = "unbound",
    [ECS_INTERDOMAIN] = "interdomain", [ECS_PIRQ] = "pirq", [ECS_VIRQ] = "virq",
    [ECS_IPI] = "ipi",
};

static void dump_port(const struct domain *d, const struct evtchn *chn)
{
    const struct evtchn_port_ops *ops = d->evtchn.ops;

    printk("    %4u: %-11s vcpu %u pending %d masked %d", chn->port, state_names[chn->state],
           chn->notify_vcpu_id, ops->is_pending(d, chn->port), ops->is_masked(d, chn->port));
    if (chn->state == ECS_UNBOUND)
        printk(" for d%u\n", chn->u.unbound_remote);
    else if (chn->state == ECS_INTERDOMAIN)
        printk(" to d%u port %u\n", chn->u.interdomain.remote->domain_id,
               chn->u.interdomain.remote_chn->port);
    else if (chn->state == ECS_VIRQ)
        printk(" virq %u\n", chn->u.virq);
    else
        printk("\n");
}

static void dump_domain(const struct domain *d)
{
    evtchn_port_t port;

    printk("  d%u: %s ABI, %u ports with storage\n", d->domain_id, d->evtchn.ops->name,
           d->evtchn.valid_ports);
    for (port = 1; port < d->evtchn.valid_ports; port++) {
        const struct evtchn *chn = evtchn_from_port(d, port);
        if (chn->state != ECS_FREE)
            dump_port(d, chn);
    }
}

void evtchn_dump(void)
{
    struct domain *d;

    printk("Event channels (bound ports):\n");
    evtchn_lock_bindings();             /* no binding changes under our feet */
    for_each_domain(d)
        if (!d->is_dying && d->evtchn.ops)
            dump_domain(d);
    evtchn_unlock_bindings();
}
