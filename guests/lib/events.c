/*
 * guests/lib/events.c - 2-level event channels for the test guests
 * (events.h).
 */
#include <stddef.h>
#include "events.h"
#include "hypercall.h"
#include "pv.h"

#define BITS_PER_WORD 64

volatile uint32_t evt_count[EVTCHN_2L_NR_CHANNELS];
volatile uint64_t evt_upcalls, evt_handled;

/* Where vcpu_info lives: in shared_info until VCPUOP_register_vcpu_info moves it. */
static volatile vcpu_info_t *moved_vcpu_info;

unsigned int (*evt_current_vcpu)(void);

static volatile vcpu_info_t *this_vcpu_info(void)
{
    unsigned int id = evt_current_vcpu ? evt_current_vcpu() : 0;

    return id == 0 && moved_vcpu_info ? moved_vcpu_info : &shared_info->vcpu_info[id];
}

void evt_use_vcpu_info(volatile vcpu_info_t *vi)
{
    moved_vcpu_info = vi;
}

/*
 * The vCPU each port is bound to.  With several vCPUs each handles only
 * its own ports, as Linux does: the pending words are shared, and another
 * vCPU's scan must not take an event meant for (and sent to) this one.
 */
static volatile uint8_t port_vcpu[EVTCHN_2L_NR_CHANNELS];

static void note_vcpu(evtchn_port_t port, uint32_t vcpu, long rc)
{
    if (rc == 0 && port < EVTCHN_2L_NR_CHANNELS)
        port_vcpu[port] = (uint8_t)vcpu;
}

static xen_ulong_t own_ports(unsigned int w, xen_ulong_t bits)
{
    unsigned int me = evt_current_vcpu ? evt_current_vcpu() : 0;
    xen_ulong_t own = 0, left = bits;

    if (!evt_current_vcpu)
        return bits;
    for (; left; left &= left - 1)
        if (port_vcpu[w * BITS_PER_WORD + __builtin_ctzl(left)] == me)
            own |= left & -left;
    return own;
}

/* Clear and count each pending, unmasked port of one word that is ours. */
static void handle_word(unsigned int w)
{
    volatile xen_ulong_t *pending = &shared_info->evtchn_pending[w];
    xen_ulong_t bits = own_ports(w, *pending & ~shared_info->evtchn_mask[w]);

    while (bits) {
        unsigned int b = (unsigned int)__builtin_ctzl(bits);
        __atomic_fetch_and(pending, ~(1UL << b), __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&evt_count[w * BITS_PER_WORD + b], 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&evt_handled, 1, __ATOMIC_SEQ_CST);
        bits &= bits - 1;
    }
}

void evt_handle_upcall(void)
{
    xen_ulong_t sel;

    if (!shared_info)
        return;
    do {
        this_vcpu_info()->evtchn_upcall_pending = 0;
        sel = __atomic_exchange_n(&this_vcpu_info()->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
        if (sel)
            evt_upcalls++;
        while (sel) {
            handle_word((unsigned int)__builtin_ctzl(sel));
            sel &= sel - 1;
        }
    } while (this_vcpu_info()->evtchn_upcall_pending);
}

long evt_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    *port = a.port;
    note_vcpu(a.port, 0, rc);               /* a new port notifies vCPU 0 */
    return rc;
}

long evt_bind_interdomain(domid_t dom, evtchn_port_t remote, evtchn_port_t *port)
{
    evtchn_bind_interdomain_t b = { .remote_dom = dom, .remote_port = remote };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    *port = b.local_port;
    note_vcpu(b.local_port, 0, rc);
    return rc;
}

long evt_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

    *port = b.port;
    note_vcpu(b.port, vcpu, rc);
    return rc;
}

long evt_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    evtchn_bind_ipi_t b = { .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b);

    *port = b.port;
    note_vcpu(b.port, vcpu, rc);
    return rc;
}

long evt_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    evtchn_bind_vcpu_t b = { .port = port, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &b);

    note_vcpu(port, vcpu, rc);
    return rc;
}

long evt_send(evtchn_port_t port)
{
    evtchn_send_t s = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long evt_close(evtchn_port_t port)
{
    evtchn_close_t c = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

long evt_unmask(evtchn_port_t port)
{
    evtchn_unmask_t u = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

long evt_status(domid_t dom, evtchn_port_t port, evtchn_status_t *st)
{
    *st = (evtchn_status_t){ .dom = dom, .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

void evt_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&shared_info->evtchn_mask[port / BITS_PER_WORD],
                      1UL << (port % BITS_PER_WORD), __ATOMIC_SEQ_CST);
}

int evt_is_pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / BITS_PER_WORD] >> (port % BITS_PER_WORD)) & 1;
}

void evt_clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(&shared_info->evtchn_pending[port / BITS_PER_WORD],
                       ~(1UL << (port % BITS_PER_WORD)), __ATOMIC_SEQ_CST);
}

/* A no-op hypercall: its return path delivers what became pending. */
void evt_enable_upcalls(void)
{
    this_vcpu_info()->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (this_vcpu_info()->evtchn_upcall_pending)
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

void evt_disable_upcalls(void)
{
    this_vcpu_info()->evtchn_upcall_mask = 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

uint32_t evt_wait(evtchn_port_t port, uint32_t target, unsigned long max_blocks)
{
    unsigned long n;

    for (n = 0; evt_count[port] < target && n < max_blocks; n++)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    return evt_count[port];
}

uint64_t evt_now(void)
{
    struct pv_time t;

    pv_time_snapshot(&t);
    return pv_time_ns(&t);
}
