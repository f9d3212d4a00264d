/*
 * guests/lib/xencons.c - the PV console ring, guest side.
 *
 * We produce out[] and consume in[]; xenconsoled does the opposite.  The
 * order of accesses is what the protocol requires (io/console.h): data
 * before the index that publishes it, and the consumer's index only after
 * the bytes it frees have been read.  The backend is trusted no more than
 * needed: an index pair that claims more than a ring's size is clamped, so
 * a confused backend can stall us but never make us read or write outside
 * the page.
 */
#include <public/io/console.h>
#include <public/xen.h>
#include "events.h"
#include "hypercall.h"
#include "pv.h"
#include "xencons.h"

static volatile struct xencons_interface *ring;
static evtchn_port_t ring_port;

static void full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Does a present L1 entry of our bootstrap tables map va? */
static int va_is_mapped(const void *va)
{
    uint64_t maddr = pv_l1e_maddr((unsigned long)va);
    const uint64_t *l1 = maddr ? pv_mfn_to_va(maddr >> PAGE_SHIFT) : NULL;

    return l1 && (l1[(maddr & (PAGE_SIZE - 1)) / sizeof(uint64_t)] & PTE_P);
}

int xencons_init(void)
{
    void *page;

    if (start_info->flags & SIF_INITDOMAIN || !start_info->console.domU.mfn)
        return -1;
    /* The builder puts the page inside our initial mapping, as Xen's does. */
    page = pv_mfn_to_va(start_info->console.domU.mfn);
    if (!page || !va_is_mapped(page))
        return -1;
    ring = page;
    ring_port = start_info->console.domU.evtchn;
    return 0;
}

int xencons_active(void)
{
    return ring != NULL;
}

void xencons_stop(void)
{
    ring = NULL;
}

evtchn_port_t xencons_port(void)
{
    return ring_port;
}

static void notify_backend(void)
{
    struct evtchn_send send = { .port = ring_port };

    HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/* Bytes already in a ring of size, never more than size. */
static XENCONS_RING_IDX ring_fill(XENCONS_RING_IDX cons, XENCONS_RING_IDX prod,
                                  XENCONS_RING_IDX size)
{
    XENCONS_RING_IDX fill = prod - cons;

    return fill > size ? size : fill;
}

/* As many of s[0..len) as fit now; returns how many went. */
static size_t put_some(const char *s, size_t len)
{
    XENCONS_RING_IDX cons = READ_ONCE(ring->out_cons);
    XENCONS_RING_IDX prod = ring->out_prod;
    size_t sent = 0;

    full_barrier();
    for (XENCONS_RING_IDX fill = ring_fill(cons, prod, XENCONS_OUT_SIZE);
         sent < len && fill < XENCONS_OUT_SIZE; fill++)
        ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = s[sent++];
    __atomic_thread_fence(__ATOMIC_RELEASE);
    WRITE_ONCE(ring->out_prod, prod);
    return sent;
}

long xencons_write(const char *s, size_t len)
{
    size_t done = 0;

    if (!ring)
        return HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, s);
    while (done < len) {
        size_t n = put_some(s + done, len - done);

        done += n;
        notify_backend();
        if (!n)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return (long)len;
}

int xencons_wait_drained(unsigned long long timeout_ns)
{
    uint64_t deadline = evt_now() + timeout_ns;

    while (ring && READ_ONCE(ring->out_cons) != ring->out_prod) {
        if (evt_now() >= deadline)
            return -1;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return 0;
}

/* The bytes there now, up to max; the ring must be mapped. */
static size_t take_some(char *buf, size_t max)
{
    XENCONS_RING_IDX cons = ring->in_cons;
    XENCONS_RING_IDX prod = READ_ONCE(ring->in_prod);
    XENCONS_RING_IDX fill;
    size_t got = 0;

    full_barrier();
    for (fill = ring_fill(cons, prod, XENCONS_IN_SIZE); got < max && fill; fill--)
        buf[got++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
    if (got) {
        full_barrier();
        WRITE_ONCE(ring->in_cons, cons);
    }
    return got;
}

size_t xencons_read(char *buf, size_t max)
{
    size_t got = ring ? take_some(buf, max) : 0;

    if (got)
        notify_backend();
    return got;
}
