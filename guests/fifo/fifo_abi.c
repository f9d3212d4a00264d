/*
 * guests/fifo/fifo_abi.c - the guest side of the FIFO event-channel ABI:
 * its hypercalls, and the upcall handler, which hands over to the 2-level
 * scan of guests/lib/events.c while the domain is on that ABI.
 *
 * Consuming FIFO events: take the ready bits, and from the
 * highest-priority ready queue consume one event at a time: unlink its
 * word (clear LINKED and the link, keep what the link said), acknowledge
 * it if it is pending and not masked (clear PENDING), and go on with the
 * port it linked to; a queue whose last event is consumed loses its ready
 * bit.  The guest keeps its own copy of each queue's head, because the
 * hypervisor writes control_block->head[q] only when it finds the queue
 * empty.  The handler is bounded: a guest must not loop on what the
 * hypervisor gives it either (docs/events.md).
 */
#include "fifo.h"
#include "string.h"

volatile struct ev_log ev_log;
enum ev_abi ev_abi = ABI_2L;
uint8_t fifo_cb_page[PAGE_SIZE] PAGE_ALIGNED_BSS;
event_word_t fifo_array_page[PAGE_SIZE / sizeof(event_word_t)] PAGE_ALIGNED_BSS;

#define WORD_BIT(b)     ((event_word_t)1 << (b))
#define FIFO_PORTS      (PAGE_SIZE / sizeof(event_word_t))
/* Logged for a port the guest has no event word for: checks then fail. */
#define EV_BAD_PORT     0xffffffffu

static evtchn_port_t fifo_head[EVTCHN_FIFO_MAX_QUEUES];

static void log_port(evtchn_port_t port)
{
    if (ev_log.n < EV_LOG_MAX)
        ev_log.port[ev_log.n] = port;
    ev_log.n++;
    if (port < EV_TRACKED)
        ev_log.count[port]++;
}

void ev_log_reset(void)
{
    ev_log.n = 0;
}

int ev_log_is(const evtchn_port_t *ports, unsigned int n)
{
    unsigned int i;

    if (ev_log.n != n)
        return 0;
    for (i = 0; i < n; i++)
        if (ev_log.port[i] != ports[i])
            return 0;
    return 1;
}

evtchn_fifo_control_block_t *fifo_cb(void)
{
    return (evtchn_fifo_control_block_t *)(fifo_cb_page + FIFO_CB_OFFSET);
}

volatile event_word_t *fifo_word(evtchn_port_t port)
{
    return port < FIFO_PORTS ? &fifo_array_page[port] : NULL;
}

/* ---- FIFO ---- */

/* Clear LINKED and the link at once; returns the port it linked to. */
static evtchn_port_t fifo_unlink(volatile event_word_t *w)
{
    event_word_t old = *w, new;

    do {
        new = old & ~(WORD_BIT(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while (!__atomic_compare_exchange_n(w, &old, new, 0, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    return old & EVTCHN_FIFO_LINK_MASK;
}

static void fifo_consume_one(unsigned int q, uint32_t *ready)
{
    evtchn_port_t port = fifo_head[q] ? fifo_head[q] : READ_ONCE(fifo_cb()->head[q]);
    volatile event_word_t *w = fifo_word(port);
    evtchn_port_t next = 0;

    if (!w)
        log_port(EV_BAD_PORT);
    else
        next = fifo_unlink(w);
    if (!next)
        *ready &= ~(1u << q);
    if (w && (*w & WORD_BIT(EVTCHN_FIFO_PENDING)) && !(*w & WORD_BIT(EVTCHN_FIFO_MASKED))) {
        __atomic_fetch_and(w, ~WORD_BIT(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST);
        log_port(port);
    }
    fifo_head[q] = next;
}

static void fifo_upcall(void)
{
    uint32_t *cb_ready = &fifo_cb()->ready;
    uint32_t ready = __atomic_exchange_n(cb_ready, 0, __ATOMIC_SEQ_CST);
    unsigned int n;

    for (n = 0; ready && n < EV_UPCALL_MAX; n++) {
        fifo_consume_one((unsigned int)__builtin_ctz(ready), &ready);
        ready |= __atomic_exchange_n(cb_ready, 0, __ATOMIC_SEQ_CST);
    }
    if (ready)                          /* bounded out: leave the rest for next time */
        __atomic_fetch_or(cb_ready, ready, __ATOMIC_SEQ_CST);
}

static void ev_upcall(void)
{
    if (ev_abi == ABI_2L) {
        evt_handle_upcall();
        return;
    }
    shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
    fifo_upcall();
}

void ev_init(void)
{
    evt_disable_upcalls();
    traps_set_event_handler(ev_upcall);
}

int ev_wait(volatile uint32_t *counter, uint32_t target, unsigned int ms)
{
    struct pv_time t;
    uint64_t deadline;

    if (pv_time_snapshot(&t))
        return *counter >= target;
    deadline = pv_time_ns(&t) + (uint64_t)ms * 1000000;
    while (*counter < target) {
        if (pv_time_snapshot(&t) || pv_time_ns(&t) > deadline)
            return 0;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return 1;
}

long fifo_start(void)
{
    uint8_t bits;
    long rc;

    memset(fifo_cb_page, 0, PAGE_SIZE);
    memset(fifo_array_page, 0, PAGE_SIZE);
    memset(fifo_head, 0, sizeof(fifo_head));
    rc = ev_init_control(pv_va_to_mfn(fifo_cb_page), FIFO_CB_OFFSET, 0, &bits);
    if (rc)
        return rc;
    ev_abi = ABI_FIFO;
    return ev_expand_array(pv_va_to_mfn(fifo_array_page));
}

/* ---- The hypercalls ---- */

long ev_bind_ipi(void)
{
    evtchn_port_t port;
    long rc = evt_bind_ipi(0, &port);

    return rc ? rc : (long)port;
}

long ev_alloc_unbound(domid_t remote)
{
    evtchn_port_t port;
    long rc = evt_alloc_unbound(remote, &port);

    return rc ? rc : (long)port;
}

long ev_bind_interdomain(domid_t remote, evtchn_port_t remote_port)
{
    evtchn_port_t port;
    long rc = evt_bind_interdomain(remote, remote_port, &port);

    return rc ? rc : (long)port;
}

long ev_set_priority(evtchn_port_t port, uint32_t prio)
{
    evtchn_set_priority_t p = { .port = port, .priority = prio };

    return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &p);
}

long ev_reset(void)
{
    evtchn_reset_t r = { .dom = DOMID_SELF };

    return HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r);
}

long ev_init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits)
{
    evtchn_init_control_t c = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &c);

    *link_bits = c.link_bits;
    return rc;
}

long ev_expand_array(uint64_t gfn)
{
    evtchn_expand_array_t e = { .array_gfn = gfn };

    return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &e);
}
