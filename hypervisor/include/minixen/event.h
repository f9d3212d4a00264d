/*
 * Event channels: the hypervisor's side of Xen's event-channel ABI.
 *
 * Each domain has a table of ports (struct evtchn), grown a bucket at a
 * time as ports are handed out.  A port is free, reserved (port 0),
 * unbound (offered to a remote domain), interdomain (connected to a port
 * of a domain, maybe itself), bound to a VIRQ or an IPI.  The binding
 * rules live in common/event_channel.c; how "port p is pending" reaches
 * the guest is the ABI's business, behind struct evtchn_port_ops: the
 * 2-level bitmaps in shared_info (common/evtchn_2l.c) or the FIFO queues
 * (common/evtchn_fifo.c).  docs/events.md explains both.
 */
#ifndef MINIXEN_EVENT_H
#define MINIXEN_EVENT_H

#include <minixen/types.h>
#include <minixen/spinlock.h>
#include <public/xen.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

enum evtchn_state {
    ECS_FREE,
    ECS_RESERVED,                   /* port 0: never handed out */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_PIRQ,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;                  /* ECS_* */
    uint8_t priority;               /* FIFO queue (EVTCHN_FIFO_PRIORITY_*) */
    uint8_t last_priority;          /* FIFO: queue it was last linked on */
    bool pending;                   /* FIFO: raised while it had no event word */
    uint16_t notify_vcpu_id;        /* vCPU told when it becomes pending */
    uint16_t last_vcpu_id;          /* FIFO: vCPU whose queue it was linked on */
    evtchn_port_t port;
    spinlock_t lock;                /* a send against a change of state (docs/locking.md) */
    union {
        domid_t unbound_remote;     /* UNBOUND: who may bind to it */
        /*
         * INTERDOMAIN: the other end, its domain and its channel (a send
         * follows the pointer, not the port).  Both are valid while the
         * state lasts: a domain's channels are closed, and its peers'
         * ends made unbound again, before its table or struct goes (as
         * on Xen).
         */
        struct {
            struct domain *remote;
            struct evtchn *remote_chn;
        } interdomain;
        uint32_t virq;              /* VIRQ */
    } u;
};

#define EVTCHNS_PER_BUCKET  128     /* a bucket fits in one page */
_Static_assert(EVTCHNS_PER_BUCKET * sizeof(struct evtchn) <= 4096, "a bucket is one page");
#define EVTCHN_MAX_PORTS    EVTCHN_FIFO_NR_CHANNELS
#define EVTCHN_MAX_BUCKETS  (EVTCHN_MAX_PORTS / EVTCHNS_PER_BUCKET)

/* How an ABI marks ports pending and tells the vCPU. */
struct evtchn_port_ops {
    const char *name;
    void (*init)(struct domain *d, struct evtchn *chn);
    void (*set_pending)(struct vcpu *v, struct evtchn *chn);
    void (*clear_pending)(struct domain *d, struct evtchn *chn);
    void (*unmask)(struct domain *d, struct evtchn *chn);
    bool (*is_pending)(const struct domain *d, evtchn_port_t port);
    bool (*is_masked)(const struct domain *d, evtchn_port_t port);
    /* Still linked in a queue: the port may not be reused yet (FIFO). */
    bool (*is_busy)(const struct domain *d, evtchn_port_t port);
    /* NULL: the ABI has no priorities (-ENOSYS). */
    long (*set_priority)(struct domain *d, struct evtchn *chn, unsigned int prio);
    /* Drop the ABI's own state (reset, or the domain dies); NULL if none. */
    void (*destroy)(struct domain *d);
};

struct evtchn_fifo_domain;

struct evtchn_domain {
    struct evtchn *bucket[EVTCHN_MAX_BUCKETS];
    unsigned int valid_ports;       /* ports below this have storage */
    unsigned int max_ports;         /* the ABI's limit */
    unsigned int max_port_allowed;  /* the toolstack's (createdomain max_evtchn_port) */
    unsigned int ports_in_use;      /* bound or offered (not free, not port 0) */
    evtchn_port_t reset_next;       /* a preempted reset goes on here (0: none) */
    const struct evtchn_port_ops *ops;
    struct evtchn_fifo_domain *fifo;    /* NULL unless the FIFO ABI is on */
};

extern const struct evtchn_port_ops evtchn_port_ops_2l;

/*
 * Every change of a binding, in any domain, holds this lock (Xen keeps
 * one per domain: binding is rare here); the FIFO ABI's setup calls take
 * it too.
 */
void evtchn_lock_bindings(void);
void evtchn_unlock_bindings(void);
/* A binding command's body (a call returning long), run under that lock. */
#define EVTCHN_UNDER_BINDING_LOCK(call) ({      \
        long rc_;                               \
        evtchn_lock_bindings();                 \
        rc_ = (call);                           \
        evtchn_unlock_bindings();               \
        rc_;                                    \
    })

/* Set up a new domain (2-level ABI, port 0 reserved); false: no memory. */
bool evtchn_init(struct domain *d);
/* Close every port and free the table (a dying domain). */
void evtchn_destroy(struct domain *d);

/* The port's channel, NULL if the port is outside the table. */
struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port);
bool evtchn_port_is_valid(const struct domain *d, evtchn_port_t port);

/* The guest-facing commands; each returns 0 or -XEN_E*. */
long evtchn_alloc_unbound(evtchn_alloc_unbound_t *a);
long evtchn_bind_interdomain(evtchn_bind_interdomain_t *b);
long evtchn_bind_virq(evtchn_bind_virq_t *b);
long evtchn_bind_ipi(evtchn_bind_ipi_t *b);
long evtchn_close(struct domain *d, evtchn_port_t port);
long evtchn_send(struct domain *d, evtchn_port_t port);
long evtchn_status(evtchn_status_t *s);
long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu_id);
long evtchn_unmask(evtchn_port_t port);
/* resuming: EVTCHNOP_reset_cont.  -ERESTART: preempted, to be resumed. */
long evtchn_reset(domid_t dom, bool resuming);
long evtchn_set_priority(const evtchn_set_priority_t *p);

/* The FIFO ABI's commands (common/evtchn_fifo.c). */
long evtchn_fifo_init_control(evtchn_init_control_t *c);
long evtchn_fifo_expand_array(evtchn_expand_array_t *e);
/* Each guest page the FIFO ABI holds a writable reference to (the frame-table audit). */
void evtchn_fifo_for_each_page(const struct domain *d, void (*fn)(const void *va));

/* Mark a port pending the ABI's way and notify its vCPU. */
void evtchn_port_set_pending(struct domain *d, struct evtchn *chn);
bool evtchn_port_is_pending(const struct domain *d, evtchn_port_t port);

/* Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG...) if the vCPU bound it. */
void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq);
/* Raise a global VIRQ on the domain that handles it (bound on vCPU 0). */
void send_global_virq(struct domain *d, uint32_t virq);
/* Global VIRQs only the hardware domain may bind (VIRQ_CONSOLE, VIRQ_DOM_EXC...). */
bool virq_is_global(uint32_t virq);

/* Debug key 'e'. */
void evtchn_dump(void);

/* ---- Hooks the core calls, defined by the scheduler (or a unit test) ---- */
/* A port of v's became pending: set its upcall flag and wake it. */
void vcpu_mark_events_pending(struct vcpu *v);
/* Wake vCPUs of d that poll port (SCHEDOP_poll). */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);
/* A page for a bucket of channels (zeroed), and its release. */
void *evtchn_alloc_page(void);
void evtchn_free_page(void *page);

/* ---- The FIFO ABI's guest pages (common/evtchn_fifo_page.c, or a unit test) ---- */
/* d's frame gfn, mapped for the hypervisor with a writable type reference; NULL if refused. */
void *evtchn_map_guest_page(struct domain *d, uint64_t gfn);
/* Drop that reference; va may point anywhere inside the page. */
void evtchn_unmap_guest_page(const void *va);
/* Compare-and-swap on a word the guest shares: returns the value found. */
uint32_t evtchn_guest_cmpxchg(uint32_t *word, uint32_t old, uint32_t new);

#endif /* MINIXEN_EVENT_H */
