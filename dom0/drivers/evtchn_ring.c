/*
 * dom0/drivers/evtchn_ring.c - the fired-port queue of /dev/xen/evtchn
 * (see evtchn_ring.h).  Indices run freely and wrap through unsigned
 * arithmetic; the ring size is a power of two, so index % size stays
 * right across the wrap.
 */
#include "evtchn_ring.h"

_Static_assert((EVTCHN_RING_SIZE & (EVTCHN_RING_SIZE - 1)) == 0,
               "the ring size must be a power of two");

#define RING_SLOT(i)        ((i) & (EVTCHN_RING_SIZE - 1))

void evtchn_ring_reset(struct evtchn_ring *r)
{
    r->cons = r->prod = 0;
    r->overflow = false;
}

unsigned int evtchn_ring_count(const struct evtchn_ring *r)
{
    return r->prod - r->cons;
}

bool evtchn_ring_push(struct evtchn_ring *r, uint32_t port)
{
    if (evtchn_ring_count(r) >= EVTCHN_RING_SIZE) {
        r->overflow = true;
        return false;
    }
    r->ports[RING_SLOT(r->prod)] = port;
    r->prod++;
    return true;
}

unsigned int evtchn_ring_peek(const struct evtchn_ring *r, uint32_t *out, unsigned int max)
{
    unsigned int n = evtchn_ring_count(r), i;

    n = n < max ? n : max;
    for (i = 0; i < n; i++)
        out[i] = r->ports[RING_SLOT(r->cons + i)];
    return n;
}

void evtchn_ring_consume(struct evtchn_ring *r, unsigned int n)
{
    unsigned int count = evtchn_ring_count(r);

    r->cons += n < count ? n : count;
}
