/*
 * include/public/event_channel.h - event_channel_op(cmd, arg) numbers.
 *
 * The command and status numbers, each command's argument struct, the
 * legacy evtchn_op wrapper of event_channel_op_compat, and the FIFO ABI's
 * shared structures (control block and event words).
 */
#ifndef MINIXEN_PUBLIC_EVENT_CHANNEL_H
#define MINIXEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
#define EVTCHNOP_reset_cont       14

/* EVTCHNOP_status result: what a port is connected to. */
#define EVTCHNSTAT_closed       0  /* not in use */
#define EVTCHNSTAT_unbound      1  /* waiting for a remote domain */
#define EVTCHNSTAT_interdomain  2  /* connected to a remote domain */
#define EVTCHNSTAT_pirq         3  /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4  /* bound to a VIRQ */
#define EVTCHNSTAT_ipi          5  /* bound to an IPI */

/*
 * The 2-level ABI has one pending bit per port in shared_info: a word of
 * selector bits times words of port bits, so 32 * 32 = 1024 ports for
 * 32-bit guests and 64 * 64 = 4096 for 64-bit ones.  Port 0 is never
 * handed out.
 */
#ifndef __ASSEMBLER__
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* A port that remote_dom may bind to (dom is DOMID_SELF, or any for dom0). */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;        /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_alloc_unbound_t);

/* Connect to remote_port, an unbound port of remote_dom offered to us. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;             /* IN */
    evtchn_port_t remote_port;      /* IN */
    evtchn_port_t local_port;       /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_bind_interdomain_t);

struct evtchn_bind_virq {
    uint32_t virq;                  /* IN: VIRQ_* */
    uint32_t vcpu;                  /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_bind_virq_t);

#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
    uint32_t pirq;                  /* IN */
    uint32_t flags;                 /* IN: BIND_PIRQ__* */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_bind_pirq_t);

struct evtchn_bind_ipi {
    uint32_t vcpu;                  /* IN */
    evtchn_port_t port;             /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_bind_ipi_t);

struct evtchn_close {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_close evtchn_close_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_close_t);

struct evtchn_send {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_send evtchn_send_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_send_t);

struct evtchn_status {
    domid_t dom;                    /* IN: DOMID_SELF, or any for dom0 */
    evtchn_port_t port;             /* IN */
    uint32_t status;                /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;                  /* OUT: vCPU notified */
    union {
        struct { domid_t dom; } unbound;
        struct { domid_t dom; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                            /* OUT */
};
typedef struct evtchn_status evtchn_status_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_status_t);

struct evtchn_bind_vcpu {
    evtchn_port_t port;             /* IN */
    uint32_t vcpu;                  /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_bind_vcpu_t);

struct evtchn_unmask {
    evtchn_port_t port;             /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_unmask_t);

/* Close every port of dom (DOMID_SELF, or any for dom0). */
struct evtchn_reset {
    domid_t dom;                    /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_reset_t);

/* FIFO ABI: register vcpu's control block at offset in control_gfn. */
struct evtchn_init_control {
    uint64_t control_gfn;           /* IN */
    uint32_t offset;                /* IN */
    uint32_t vcpu;                  /* IN */
    uint8_t link_bits;              /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_init_control_t);

/* FIFO ABI: add one page of event words. */
struct evtchn_expand_array {
    uint64_t array_gfn;             /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_expand_array_t);

/* FIFO ABI: the queue a port's events go to. */
struct evtchn_set_priority {
    evtchn_port_t port;             /* IN */
    uint32_t priority;              /* IN: EVTCHN_FIFO_PRIORITY_* */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_set_priority_t);

/* event_channel_op_compat's argument: the command, then its struct. */
struct evtchn_op {
    uint32_t cmd;                   /* EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t bind_virq;
        evtchn_bind_pirq_t bind_pirq;
        evtchn_bind_ipi_t bind_ipi;
        evtchn_close_t close;
        evtchn_send_t send;
        evtchn_status_t status;
        evtchn_bind_vcpu_t bind_vcpu;
        evtchn_unmask_t unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* ---- FIFO ABI: what the guest and the hypervisor share ---- */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* One event word per port: flag bits on top, the next port in its queue below. */
typedef uint32_t event_word_t;
#define EVTCHN_FIFO_PENDING   31
#define EVTCHN_FIFO_MASKED    30
#define EVTCHN_FIFO_LINKED    29
#define EVTCHN_FIFO_BUSY      28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/* Per vCPU: bit q of ready = queue q has events; head[q] its first port. */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    event_word_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
#endif

#endif /* MINIXEN_PUBLIC_EVENT_CHANNEL_H */
