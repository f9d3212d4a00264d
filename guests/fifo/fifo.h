/*
 * guests/fifo/fifo.h - a guest that uses event channels, through the FIFO
 * ABI (the default) or the 2-level one (twolevel=1 on its command line).
 *
 * FIFO mode checks init_control, expand_array and set_priority with good
 * and bad arguments (Xen 4.17's errno values), the carrying over of a
 * port bound under the 2-level ABI, delivery order by priority, masking,
 * busy ports, a loopback interdomain channel, and EVTCHNOP_reset back to
 * the 2-level ABI.  With peer=DOMID on its command line each mode then
 * talks to a guest of the other mode in domain DOMID: the 2-level side
 * offers its first port, the FIFO side binds to it and pings, the other
 * answers every ping (pair.c).
 *
 * The upcall handler consumes events the way the current ABI wants:
 * FIFO events in fifo_abi.c, which records every port it delivered, in
 * order; 2-level ones in guests/lib/events.c, which counts them per port
 * (evt_count).
 */
#ifndef GUEST_FIFO_H
#define GUEST_FIFO_H

#include <stdint.h>
#include "arch.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "traps.h"
#include "events.h"

/* Ports the delivery log keeps, and ports the per-port counts track. */
#define EV_LOG_MAX      64
#define EV_TRACKED      64
/* Most events one upcall consumes: a guest never loops on what it is given. */
#define EV_UPCALL_MAX   256

/* The control block's place in its page: any multiple of 8 will do. */
#define FIFO_CB_OFFSET  128

/* Which ABI the upcall handler speaks. */
enum ev_abi { ABI_2L, ABI_FIFO };

/* What the FIFO handler delivered (2-level deliveries: evt_count). */
struct ev_log {
    evtchn_port_t port[EV_LOG_MAX];
    uint32_t n;                     /* ports delivered since ev_log_reset() */
    uint32_t count[EV_TRACKED];     /* deliveries per port, never reset */
};

extern volatile struct ev_log ev_log;
extern enum ev_abi ev_abi;
/* The FIFO pages: the control block's page and the first event array page. */
extern uint8_t fifo_cb_page[PAGE_SIZE];
extern event_word_t fifo_array_page[PAGE_SIZE / sizeof(event_word_t)];

/* ---- fifo_abi.c ---- */
/* Install the handler, upcalls masked. */
void ev_init(void);
void ev_log_reset(void);
/* Did the log get exactly these ports, in this order? */
int ev_log_is(const evtchn_port_t *ports, unsigned int n);
/* Yield until *counter >= target or ms milliseconds passed; 1 if reached. */
int ev_wait(volatile uint32_t *counter, uint32_t target, unsigned int ms);

evtchn_fifo_control_block_t *fifo_cb(void);
volatile event_word_t *fifo_word(evtchn_port_t port);
/* Zero both FIFO pages, then init_control and expand_array with them. */
long fifo_start(void);

/* bind_ipi on vCPU 0, alloc_unbound, bind_interdomain: the port (> 0) or -errno. */
long ev_bind_ipi(void);
long ev_alloc_unbound(domid_t remote);
long ev_bind_interdomain(domid_t remote, evtchn_port_t remote_port);
/* The commands guests/lib/events.c has no wrapper for: 0 or -errno. */
long ev_set_priority(evtchn_port_t port, uint32_t prio);
long ev_reset(void);
long ev_init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits);
long ev_expand_array(uint64_t gfn);

/* ---- fifo_checks.c, pair.c ---- */
void fifo_checks(void);
void twolevel_checks(void);
void pair_fifo_side(domid_t peer);
/* The 2-level side: offer the port first of all, answer pings on it later. */
long pair_offer(domid_t peer);
void pair_twolevel_side(evtchn_port_t port);

#endif /* GUEST_FIFO_H */
