/*
 * dom0/kernel/events.c - event channels, dom0's interrupts.
 *
 * Two-level event channels: the hypervisor sets a port's bit in
 * shared_info's pending words and the word's bit in the vCPU's selector,
 * then makes an upcall.  event_upcall() clears and dispatches them until
 * none is left; each port has at most one handler, with its own datum
 * (the kernel's VIRQs, or a /dev/xen/evtchn file's ports).
 */
#include <kernel/kernel.h>
#include <kernel/events.h>
#include <linux/errno.h>
#include <public/event_channel.h>
#include "../arch/xen.h"
#include "../arch/regs.h"

#define BITS_PER_WORD       (sizeof(xen_ulong_t) * 8)

struct port_handler {
    port_handler_t fn;
    void *data;
};

static struct port_handler handlers[EVENT_NR_PORTS];

void event_unmask(evtchn_port_t port)
{
    evtchn_unmask_t op = { .port = port };

    /* The hypervisor's unmask also re-raises a port that fired while masked. */
    HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

void event_mask(evtchn_port_t port)
{
    if (port < EVENT_NR_PORTS)
        __atomic_fetch_or(&shared_info->evtchn_mask[port / BITS_PER_WORD],
                          1UL << (port % BITS_PER_WORD), __ATOMIC_SEQ_CST);
}

long event_bind_port(evtchn_port_t port, port_handler_t fn, void *data)
{
    if (port >= EVENT_NR_PORTS)
        return -ENOSPC;
    handlers[port] = (struct port_handler){ fn, data };
    event_unmask(port);
    return 0;
}

void event_unbind_port(evtchn_port_t port)
{
    if (port >= EVENT_NR_PORTS)
        return;
    event_mask(port);
    handlers[port] = (struct port_handler){ NULL, NULL };
}

/* The kernel's own VIRQ handlers take no arguments: the datum is the handler. */
static void call_plain_handler(evtchn_port_t port, void *data)
{
    (void)port;
    ((event_handler_t)data)();
}

long bind_virq_handler(unsigned int virq, event_handler_t handler)
{
    evtchn_bind_virq_t op = { .virq = virq, .vcpu = 0 };
    long err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (err)
        return err;
    err = event_bind_port(op.port, call_plain_handler, (void *)handler);
    return err ? err : op.port;
}

static void dispatch_port(unsigned int port)
{
    if (port < EVENT_NR_PORTS && handlers[port].fn)
        handlers[port].fn(port, handlers[port].data);
}

static void dispatch_word(unsigned int word)
{
    xen_ulong_t ready;

    while ((ready = shared_info->evtchn_pending[word] & ~shared_info->evtchn_mask[word])) {
        unsigned int bit = __builtin_ctzl(ready);
        __atomic_fetch_and(&shared_info->evtchn_pending[word], ~(1UL << bit), __ATOMIC_SEQ_CST);
        dispatch_port(word * BITS_PER_WORD + bit);
    }
}

void event_upcall(struct user_regs *regs)
{
    vcpu_info_t *vi = &shared_info->vcpu_info[0];

    (void)regs;
    while (vi->evtchn_upcall_pending) {
        xen_ulong_t sel;
        vi->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int word = __builtin_ctzl(sel);
            sel &= sel - 1;
            dispatch_word(word);
        }
    }
}
