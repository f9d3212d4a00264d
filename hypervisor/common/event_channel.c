/*
 * Event channels: the port table and its binding rules (Xen 4.17's
 * common/event_channel.c semantics and errno values).
 *
 * Ports are handed out lowest first; port 0 is reserved.  The table
 * grows a bucket (EVTCHNS_PER_BUCKET ports, one page) at a time, so a
 * port past the last bucket is "not valid" (-EINVAL) while a free port
 * inside it is merely closed.  Delivery goes through d->evtchn.ops, the
 * ABI the domain chose.
 *
 * Locking (docs/locking.md): a port's state, its vCPU and its binding
 * change only under binding_lock and the channel's own lock (both ends'
 * for an interdomain channel, lower address first).  A send, an unmask or
 * a VIRQ takes the channel's lock alone, so it sees one binding whole,
 * and an interdomain peer cannot go while it is held: closing the other
 * end needs this end's lock too.  Binding is rare, so one lock serves
 * every domain where Xen has one per domain.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/event.h>
#include <minixen/preempt.h>

static DEFINE_SPINLOCK(binding_lock);

void evtchn_lock_bindings(void)
{
    spin_lock(&binding_lock);
}

void evtchn_unlock_bindings(void)
{
    spin_unlock(&binding_lock);
}

/* Lower address first; one channel (a loopback) is locked once. */
static void double_chn_lock(struct evtchn *a, struct evtchn *b)
{
    spin_lock(a < b ? &a->lock : &b->lock);
    if (a != b)
        spin_lock(a < b ? &b->lock : &a->lock);
}

static void double_chn_unlock(struct evtchn *a, struct evtchn *b)
{
    spin_unlock(&a->lock);
    if (a != b)
        spin_unlock(&b->lock);
}

/* Delivered to the hardware domain only; the others are per-vCPU or the domain's own. */
bool virq_is_global(uint32_t virq)
{
    switch (virq) {
    case VIRQ_TIMER: case VIRQ_DEBUG: case VIRQ_XENOPROF: case VIRQ_XENPMU:
    case VIRQ_ARGO:
        return false;
    }
    /* Everything else, x86's architecture VIRQs ARCH_0..7 included, as on Xen. */
    return virq < NR_VIRQS;
}

/* VIRQ_ARGO is global (vCPU 0 only) but each domain's own. */
static bool virq_is_vcpu0_only(uint32_t virq)
{
    return virq_is_global(virq) || virq == VIRQ_ARGO;
}

/* A sender may look while a bucket is added: valid_ports is published last. */
struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
    if (port >= __atomic_load_n(&d->evtchn.valid_ports, __ATOMIC_ACQUIRE))
        return NULL;
    return &d->evtchn.bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

bool evtchn_port_is_valid(const struct domain *d, evtchn_port_t port)
{
    return port < d->evtchn.max_ports &&
           port < __atomic_load_n(&d->evtchn.valid_ports, __ATOMIC_ACQUIRE);
}

static bool add_bucket(struct domain *d)
{
    struct evtchn_domain *e = &d->evtchn;
    unsigned int b = e->valid_ports / EVTCHNS_PER_BUCKET, i;
    struct evtchn *chans = evtchn_alloc_page();

    if (!chans)
        return false;
    for (i = 0; i < EVTCHNS_PER_BUCKET; i++)
        chans[i].port = e->valid_ports + i;
    e->bucket[b] = chans;
    __atomic_store_n(&e->valid_ports, e->valid_ports + EVTCHNS_PER_BUCKET, __ATOMIC_RELEASE);
    return true;
}

static bool port_is_free(const struct domain *d, evtchn_port_t port)
{
    const struct evtchn_port_ops *ops = d->evtchn.ops;

    return evtchn_from_port(d, port)->state == ECS_FREE &&
           !(ops->is_busy && ops->is_busy(d, port));
}

/*
 * The lowest free port, growing the table if need be; -ENOSPC at the ABI's
 * limit or past the highest port the toolstack allowed.
 */
static long get_free_port(struct domain *d)
{
    /* Buckets outlive a reset to a smaller ABI: only ports below max_ports count. */
    evtchn_port_t port, limit = d->evtchn.valid_ports < d->evtchn.max_ports ?
                                d->evtchn.valid_ports : d->evtchn.max_ports;

    if (d->is_dying)
        return -XEN_EINVAL;         /* as Xen: its ports are being torn down */
    for (port = 0; port < limit && port <= d->evtchn.max_port_allowed; port++)
        if (port_is_free(d, port))
            return port;
    if (port >= d->evtchn.max_ports || port > d->evtchn.max_port_allowed)
        return -XEN_ENOSPC;
    if (!add_bucket(d))
        return -XEN_ENOMEM;
    return port;
}

bool evtchn_init(struct domain *d)
{
    d->evtchn.ops = &evtchn_port_ops_2l;
    d->evtchn.max_ports = EVTCHN_2L_NR_CHANNELS;
    d->evtchn.max_port_allowed = ~0u;   /* until a toolstack says otherwise */
    if (get_free_port(d) != 0)
        return false;
    evtchn_from_port(d, 0)->state = ECS_RESERVED;
    return true;
}

/* DOMID_SELF or a domain the caller may act for (itself, or anyone if privileged). */
static long lookup_target(domid_t dom, struct domain **out)
{
    struct domain *d = domain_lookup_self(dom);

    if (!d)
        return -XEN_ESRCH;
    if (d != current_domain() && !current_domain()->is_privileged)
        return -XEN_EPERM;
    *out = d;
    return 0;
}

static void bind_port(struct domain *d, struct evtchn *chn, uint8_t state)
{
    d->evtchn.ports_in_use++;
    chn->state = state;
    if (d->evtchn.ops->init)
        d->evtchn.ops->init(d, chn);
}

static long alloc_unbound(evtchn_alloc_unbound_t *a)
{
    struct domain *d = domain_lookup_self(a->dom);
    struct evtchn *chn;
    long port;

    if (!d)
        return trace_err(-XEN_ESRCH);
    /* Xen finds the port before it checks the caller's right to it. */
    if ((port = get_free_port(d)) < 0)
        return trace_err(port);
    if (d != current_domain() && !current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);
    chn = evtchn_from_port(d, port);
    spin_lock(&chn->lock);
    chn->u.unbound_remote = a->remote_dom == DOMID_SELF
                            ? current_domain()->domain_id : a->remote_dom;
    bind_port(d, chn, ECS_UNBOUND);
    spin_unlock(&chn->lock);
    a->port = port;
    return 0;
}

static long bind_interdomain(evtchn_bind_interdomain_t *b)
{
    struct domain *ld = current_domain();
    struct domain *rd = domain_lookup_self(b->remote_dom);
    struct evtchn *lchn, *rchn;
    long lport;

    if (!rd)
        return trace_err(-XEN_ESRCH);
    if ((lport = get_free_port(ld)) < 0)
        return trace_err(lport);
    if (!evtchn_port_is_valid(rd, b->remote_port))
        return trace_err(-XEN_EINVAL);
    rchn = evtchn_from_port(rd, b->remote_port);
    if (rchn->state != ECS_UNBOUND || rchn->u.unbound_remote != ld->domain_id)
        return trace_err(-XEN_EINVAL);
    lchn = evtchn_from_port(ld, lport);
    double_chn_lock(lchn, rchn);
    lchn->u.interdomain.remote = rd;
    lchn->u.interdomain.remote_chn = rchn;
    bind_port(ld, lchn, ECS_INTERDOMAIN);
    rchn->u.interdomain.remote = ld;
    rchn->u.interdomain.remote_chn = lchn;
    rchn->state = ECS_INTERDOMAIN;
    /* Sends to the unbound remote end were dropped: announce ourselves once. */
    evtchn_port_set_pending(ld, lchn);
    double_chn_unlock(lchn, rchn);
    b->local_port = lport;
    return 0;
}

static long bind_virq(evtchn_bind_virq_t *b)
{
    struct domain *d = current_domain();
    struct evtchn *chn;
    struct vcpu *v;
    long port;

    if (b->virq >= NR_VIRQS)
        return trace_err(-XEN_EINVAL);
    if (virq_is_vcpu0_only(b->virq) && b->vcpu != 0)
        return trace_err(-XEN_EINVAL);
    if (!(v = domain_vcpu(d, b->vcpu)))
        return trace_err(-XEN_ENOENT);
    /* As current Xen, after the vCPU checks: only its handler binds a global VIRQ. */
    if (virq_is_global(b->virq) && d != hardware_domain())
        return trace_err(-XEN_EBUSY);
    if (v->virq_to_port[b->virq])
        return trace_err(-XEN_EEXIST);
    if ((port = get_free_port(d)) < 0)
        return trace_err(port);
    chn = evtchn_from_port(d, port);
    spin_lock(&chn->lock);
    chn->notify_vcpu_id = b->vcpu;
    chn->u.virq = b->virq;
    bind_port(d, chn, ECS_VIRQ);
    spin_unlock(&chn->lock);
    __atomic_store_n(&v->virq_to_port[b->virq], port, __ATOMIC_RELEASE);
    b->port = port;
    if (b->virq == VIRQ_TIMER)
        vcpu_periodic_timer_update(v);
    return 0;
}

static long bind_ipi(evtchn_bind_ipi_t *b)
{
    struct domain *d = current_domain();
    struct evtchn *chn;
    long port;

    if (!domain_vcpu(d, b->vcpu))
        return trace_err(-XEN_ENOENT);
    if ((port = get_free_port(d)) < 0)
        return trace_err(port);
    chn = evtchn_from_port(d, port);
    spin_lock(&chn->lock);
    chn->notify_vcpu_id = b->vcpu;
    bind_port(d, chn, ECS_IPI);
    spin_unlock(&chn->lock);
    b->port = port;
    return 0;
}

/* Back to free: the ABI forgets any pending event, FIFO keeps the link until consumed. */
static void free_port(struct domain *d, struct evtchn *chn)
{
    d->evtchn.ops->clear_pending(d, chn);
    d->evtchn.ports_in_use--;
    chn->state = ECS_FREE;
    chn->notify_vcpu_id = 0;
    memset(&chn->u, 0, sizeof(chn->u));
}

static void unbind_virq(struct domain *d, struct evtchn *chn)
{
    struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

    /* A VIRQ bound on vCPU 0 only may have been moved since; vCPU 0 keeps its slot. */
    if (virq_is_vcpu0_only(chn->u.virq))
        v = domain_vcpu(d, 0);
    if (!v || v->virq_to_port[chn->u.virq] != chn->port)
        return;
    __atomic_store_n(&v->virq_to_port[chn->u.virq], 0, __ATOMIC_RELEASE);
    if (chn->u.virq == VIRQ_TIMER)
        vcpu_periodic_timer_update(v);
}

/* An interdomain channel's other end, if it still names chn; else chn itself. */
static struct evtchn *peer_of(struct evtchn *chn)
{
    struct evtchn *rchn;

    if (chn->state != ECS_INTERDOMAIN)
        return chn;
    rchn = chn->u.interdomain.remote_chn;
    if (rchn->state != ECS_INTERDOMAIN || rchn->u.interdomain.remote_chn != chn)
        return chn;
    return rchn;
}

/*
 * The other end goes back to unbound, offered to us again, as on Xen;
 * a dying peer's too, so no channel is left naming a domain that goes.
 */
static void disconnect_peer(const struct domain *d, struct evtchn *rchn)
{
    rchn->state = ECS_UNBOUND;
    rchn->u.unbound_remote = d->domain_id;
}

/* Under both ends' locks. */
static void close_locked(struct domain *d, struct evtchn *chn, struct evtchn *rchn)
{
    if (chn->state == ECS_VIRQ)
        unbind_virq(d, chn);
    else if (rchn != chn)
        disconnect_peer(d, rchn);
    free_port(d, chn);
}

static long close_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn, *rchn;

    if (!evtchn_port_is_valid(d, port))
        return trace_err(-XEN_EINVAL);
    chn = evtchn_from_port(d, port);
    if (chn->state == ECS_FREE || chn->state == ECS_RESERVED)
        return trace_err(-XEN_EINVAL);
    rchn = peer_of(chn);
    double_chn_lock(chn, rchn);
    close_locked(d, chn, rchn);
    double_chn_unlock(chn, rchn);
    return 0;
}

/* Under chn's lock: the peer's end cannot change state, nor its domain go. */
static long send_locked(struct domain *d, struct evtchn *chn)
{
    struct domain *rd;

    switch (chn->state) {
    case ECS_INTERDOMAIN:
        /* A peer being torn down is as good as gone: the event is dropped. */
        rd = chn->u.interdomain.remote;
        if (!rd->is_dying)
            evtchn_port_set_pending(rd, chn->u.interdomain.remote_chn);
        return 0;
    case ECS_IPI:
        evtchn_port_set_pending(d, chn);
        return 0;
    case ECS_UNBOUND:
        return 0;
    }
    return trace_err(-XEN_EINVAL);
}

/* A send on an unbound port is dropped silently, as Xen does. */
long evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port < d->evtchn.max_ports ? evtchn_from_port(d, port) : NULL;
    long rc;

    if (!chn)
        return trace_err(-XEN_EINVAL);
    spin_lock(&chn->lock);
    rc = send_locked(d, chn);
    spin_unlock(&chn->lock);
    return rc;
}

static const uint32_t status_of_state[] = {
    [ECS_FREE] = EVTCHNSTAT_closed, [ECS_RESERVED] = EVTCHNSTAT_closed,
    [ECS_UNBOUND] = EVTCHNSTAT_unbound, [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
    [ECS_PIRQ] = EVTCHNSTAT_pirq, [ECS_VIRQ] = EVTCHNSTAT_virq, [ECS_IPI] = EVTCHNSTAT_ipi,
};

static long status(evtchn_status_t *s)
{
    const struct evtchn *chn;
    struct domain *d = domain_lookup_self(s->dom);

    if (!d)
        return trace_err(-XEN_ESRCH);
    /* Xen checks the port before the caller's right to look at it. */
    if (!evtchn_port_is_valid(d, s->port))
        return trace_err(-XEN_EINVAL);
    if (d != current_domain() && !current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);
    chn = evtchn_from_port(d, s->port);
    memset(&s->u, 0, sizeof(s->u));
    s->status = status_of_state[chn->state];
    s->vcpu = chn->notify_vcpu_id;
    if (chn->state == ECS_UNBOUND)
        s->u.unbound.dom = chn->u.unbound_remote;
    else if (chn->state == ECS_INTERDOMAIN) {
        s->u.interdomain.dom = chn->u.interdomain.remote->domain_id;
        s->u.interdomain.port = chn->u.interdomain.remote_chn->port;
    } else if (chn->state == ECS_VIRQ)
        s->u.virq = chn->u.virq;
    return 0;
}

static long bind_vcpu(evtchn_port_t port, unsigned int vcpu_id)
{
    struct domain *d = current_domain();
    struct evtchn *chn;

    if (!domain_vcpu(d, vcpu_id))
        return trace_err(-XEN_ENOENT);
    if (!evtchn_port_is_valid(d, port))
        return trace_err(-XEN_EINVAL);
    chn = evtchn_from_port(d, port);
    switch (chn->state) {
    case ECS_VIRQ:
        if (!virq_is_vcpu0_only(chn->u.virq))      /* per-vCPU ones stay */
            return trace_err(-XEN_EINVAL);
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        spin_lock(&chn->lock);
        chn->notify_vcpu_id = vcpu_id;
        spin_unlock(&chn->lock);
        return 0;
    }
    return trace_err(-XEN_EINVAL);
}

/* Bound, or offered: a free or the reserved port is left alone, as on Xen. */
static bool port_in_use(const struct evtchn *chn)
{
    return chn->state != ECS_FREE && chn->state != ECS_RESERVED;
}

/* Unmasking a port not in use does nothing (and succeeds). */
long evtchn_unmask(evtchn_port_t port)
{
    struct domain *d = current_domain();
    struct evtchn *chn;

    if (!evtchn_port_is_valid(d, port))
        return trace_err(-XEN_EINVAL);
    chn = evtchn_from_port(d, port);
    spin_lock(&chn->lock);
    if (port_in_use(chn))
        d->evtchn.ops->unmask(d, chn);
    spin_unlock(&chn->lock);
    return 0;
}

/*
 * Close the ports in use from `from` on; with `preemptible`, stop every
 * 64 ports when hypercall_preempt_check() says so (as Xen's reset) and
 * return the port to go on from, else 0 once all are closed.
 */
static evtchn_port_t close_ports_from(struct domain *d, evtchn_port_t port,
                                      bool preemptible)
{
    for (; port < d->evtchn.valid_ports; port++) {
        if (port_in_use(evtchn_from_port(d, port)))
            close_port(d, port);
        if (preemptible && port % 64 == 0 && hypercall_preempt_check())
            return port + 1;
    }
    return 0;
}

/* Back to the 2-level ABI: the FIFO ABI drops its control blocks and arrays. */
static void reset_abi(struct domain *d)
{
    if (d->evtchn.ops->destroy)
        d->evtchn.ops->destroy(d);
    d->evtchn.ops = &evtchn_port_ops_2l;
    d->evtchn.max_ports = EVTCHN_2L_NR_CHANNELS;
}

/*
 * Only a domain itself, or its controller while it is paused, may reset
 * it.  Closing up to 2^17 ports is long, so as in Xen it is preempted
 * (-ERESTART) and goes on with EVTCHNOP_reset_cont (resuming); a reset
 * while one is under way, or a resume of none, is -EBUSY.  Ports bound
 * meanwhile below the resume point keep the ABI as it is: -EAGAIN.
 */
static long reset(domid_t dom, bool resuming)
{
    struct domain *d;
    long rc = lookup_target(dom, &d);

    if (rc)
        return trace_err(rc);
    if (d != current_domain() && !d->pause_count)
        return trace_err(-XEN_EINVAL);
    if (resuming != (d->evtchn.reset_next != 0))
        return trace_err(-XEN_EBUSY);
    d->evtchn.reset_next = close_ports_from(d, resuming ? d->evtchn.reset_next : 1, true);
    if (d->evtchn.reset_next)
        return -XEN_ERESTART;
    if (d->evtchn.ports_in_use)
        return trace_err(-XEN_EAGAIN);
    reset_abi(d);
    return 0;
}

static long set_priority(const evtchn_set_priority_t *p)
{
    struct domain *d = current_domain();
    struct evtchn *chn;
    long rc;

    /* Xen's order: the port, the ABI, then whether the port is in use. */
    if (!evtchn_port_is_valid(d, p->port))
        return trace_err(-XEN_EINVAL);
    if (!d->evtchn.ops->set_priority)
        return trace_err(-XEN_ENOSYS);
    chn = evtchn_from_port(d, p->port);
    if (!port_in_use(chn))
        return trace_err(-XEN_EACCES);
    spin_lock(&chn->lock);
    rc = d->evtchn.ops->set_priority(d, chn, p->priority);
    spin_unlock(&chn->lock);
    return rc;
}

static void destroy(struct domain *d)
{
    unsigned int b;

    if (!d->evtchn.ops)
        return;             /* never initialised */
    close_ports_from(d, 1, false);      /* not in a hypercall of its own */
    reset_abi(d);
    for (b = 0; b < EVTCHN_MAX_BUCKETS; b++)
        if (d->evtchn.bucket[b])
            evtchn_free_page(d->evtchn.bucket[b]);
    memset(&d->evtchn, 0, sizeof(d->evtchn));
}

/* The ops pointer pairs with the FIFO switch's release store. */
void evtchn_port_set_pending(struct domain *d, struct evtchn *chn)
{
    struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

    if (v)
        __atomic_load_n(&d->evtchn.ops, __ATOMIC_ACQUIRE)->set_pending(v, chn);
}

bool evtchn_port_is_pending(const struct domain *d, evtchn_port_t port)
{
    return evtchn_port_is_valid(d, port) && d->evtchn.ops->is_pending(d, port);
}

/* The binding may change meanwhile: it is checked again under the channel's lock. */
void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq)
{
    evtchn_port_t port = __atomic_load_n(&v->virq_to_port[virq], __ATOMIC_ACQUIRE);
    struct evtchn *chn;

    if (!port || !(chn = evtchn_from_port(v->domain, port)))
        return;
    spin_lock(&chn->lock);
    if (chn->state == ECS_VIRQ && chn->u.virq == virq)
        evtchn_port_set_pending(v->domain, chn);
    spin_unlock(&chn->lock);
}

void send_global_virq(struct domain *d, uint32_t virq)
{
    struct vcpu *v0 = d ? domain_vcpu(d, 0) : NULL;

    if (v0 && !d->is_dying)
        send_guest_vcpu_virq(v0, virq);
}

/* ---- The binding commands, each under binding_lock ---- */


long evtchn_alloc_unbound(evtchn_alloc_unbound_t *a)
{
    return EVTCHN_UNDER_BINDING_LOCK(alloc_unbound(a));
}

long evtchn_bind_interdomain(evtchn_bind_interdomain_t *b)
{
    return EVTCHN_UNDER_BINDING_LOCK(bind_interdomain(b));
}

long evtchn_bind_virq(evtchn_bind_virq_t *b)
{
    return EVTCHN_UNDER_BINDING_LOCK(bind_virq(b));
}

long evtchn_bind_ipi(evtchn_bind_ipi_t *b)
{
    return EVTCHN_UNDER_BINDING_LOCK(bind_ipi(b));
}

long evtchn_close(struct domain *d, evtchn_port_t port)
{
    return EVTCHN_UNDER_BINDING_LOCK(close_port(d, port));
}

long evtchn_status(evtchn_status_t *s)
{
    return EVTCHN_UNDER_BINDING_LOCK(status(s));
}

long evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu_id)
{
    return EVTCHN_UNDER_BINDING_LOCK(bind_vcpu(port, vcpu_id));
}

long evtchn_reset(domid_t dom, bool resuming)
{
    return EVTCHN_UNDER_BINDING_LOCK(reset(dom, resuming));
}

long evtchn_set_priority(const evtchn_set_priority_t *p)
{
    return EVTCHN_UNDER_BINDING_LOCK(set_priority(p));
}

void evtchn_destroy(struct domain *d)
{
    spin_lock(&binding_lock);
    destroy(d);
    spin_unlock(&binding_lock);
}
