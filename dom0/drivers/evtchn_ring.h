/*
 * dom0/drivers/evtchn_ring.h - the queue of fired ports behind one open
 * /dev/xen/evtchn (drivers/evtchn_ring.c; pure, host-tested).
 *
 * A fixed ring of EVTCHN_RING_SIZE ports, as Linux's driver had: the
 * producer is the event upcall, the consumer read().  A port is queued
 * once per firing and then stays masked until written back, so the ring
 * fills only if a file binds more ports than it holds; the port that
 * does not fit is dropped and the ring marked overflowed (read() then
 * fails with EFBIG until IOCTL_EVTCHN_RESET, as on Linux).
 */
#ifndef DOM0_DRIVERS_EVTCHN_RING_H
#define DOM0_DRIVERS_EVTCHN_RING_H

#include <kernel/types.h>

#define EVTCHN_RING_SIZE    1024    /* a page of ports; a power of two */

struct evtchn_ring {
    uint32_t ports[EVTCHN_RING_SIZE];
    unsigned int cons, prod;        /* free-running; prod - cons ports queued */
    bool overflow;
};

void evtchn_ring_reset(struct evtchn_ring *r);
/* Queues port: true, or false (and overflow set) when the ring is full. */
bool evtchn_ring_push(struct evtchn_ring *r, uint32_t port);
unsigned int evtchn_ring_count(const struct evtchn_ring *r);
/* Copies up to max of the oldest ports to out without taking them: how many. */
unsigned int evtchn_ring_peek(const struct evtchn_ring *r, uint32_t *out, unsigned int max);
/* Takes the n oldest ports (n at most the count). */
void evtchn_ring_consume(struct evtchn_ring *r, unsigned int n);

#endif /* DOM0_DRIVERS_EVTCHN_RING_H */
