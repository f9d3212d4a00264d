/*
 * dom0/kernel/events.c - event channels, dom0's interrupts.
 *
 * Two-level event channels: the hypervisor sets a port's bit in
 * shared_info's pending words and the word's bit in the vCPU's selector,
 * then makes an upcall.  event_upcall() clears and dispatches them until
 * none is left; each port has at most one handler.
 */
#include <kernel/kernel.h>
#include <kernel/events.h>
#include <linux/errno.h>
#include <public/event_channel.h>
#include "../arch/xen.h"
#include "../arch/regs.h"

#define NR_PORTS            (sizeof(xen_ulong_t) * 8 * sizeof(xen_ulong_t) * 8)
#define MAX_HANDLED_PORTS   1024

static event_handler_t handlers[MAX_HANDLED_PORTS];

static void unmask(evtchn_port_t port)
{
    evtchn_unmask_t op = { .port = port };

    HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long bind_virq_handler(unsigned int virq, event_handler_t handler)
{
    evtchn_bind_virq_t op = { .virq = virq, .vcpu = 0 };
    long err = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (err)
        return err;
    if (op.port >= MAX_HANDLED_PORTS)
        return -ENOSPC;
    handlers[op.port] = handler;
    unmask(op.port);
    return op.port;
}

static void dispatch_port(unsigned int port)
{
    if (port < MAX_HANDLED_PORTS && handlers[port])
        handlers[port]();
}

static void dispatch_word(unsigned int word)
{
    xen_ulong_t ready;

    while ((ready = shared_info->evtchn_pending[word] & ~shared_info->evtchn_mask[word])) {
        unsigned int bit = __builtin_ctzl(ready);
        __atomic_fetch_and(&shared_info->evtchn_pending[word], ~(1UL << bit), __ATOMIC_SEQ_CST);
        dispatch_port(word * 64 + bit);
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
