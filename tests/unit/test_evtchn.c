/*
 * tests/unit/test_evtchn.c - the event-channel state machine
 * (hypervisor/common/event_channel.c) and the 2-level delivery
 * (hypervisor/common/evtchn_2l.c), against Xen 4.17's rules.
 *
 * Both files are linked as they are, over three fake domains: dom0
 * (privileged, the hardware domain), dom1 and dom2 (ordinary), each with
 * one vCPU and a shared_info page in host memory; domain id 3 and up do
 * not exist.  What they call is faked here:
 *
 *   current                    host_test_pcpu.curr, set by as(domid)
 *   domain_lookup*(), hardware_domain()
 *   evtchn_alloc_page/free_page    calloc/free of exactly one bucket (so
 *                              ASan catches a write past it), counted, and
 *                              able to fail on request
 *   vcpu_mark_events_pending() sets the upcall flag as the real one does
 *                              and counts the calls per domain
 *   evtchn_check_pollers()     records (domain, port)
 *   vcpu_periodic_timer_update()   counts, and records the VIRQ_TIMER
 *                              port it saw
 *   printk()                   silent (trace_err)
 *
 * Each test starts with freshly initialised tables (evtchn_init) and ends
 * by destroying them and checking that every bucket was freed.  The
 * shared_info bitmaps are compared whole: expect_pending(d, ports...)
 * fails on any bit set or clear that should not be.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/sched.h>
#include <minixen/event.h>
#include <public/errno.h>

#define NR_DOMS         3           /* dom0, dom1, dom2 */
#define NO_DOM          3           /* the first id with no domain */
#define WORD_BITS       (sizeof(xen_ulong_t) * 8)
#define NR_WORDS        (EVTCHN_2L_NR_CHANNELS / WORD_BITS)
#define END             UINT32_MAX  /* ends a list of ports */
#define MAX_POLLS       64
#define UNTOUCHED       0xdeadbeefu /* an OUT field a failed command must leave alone */

_Static_assert(EVTCHN_2L_NR_CHANNELS == 4096, "64-bit guests have 4096 2-level ports");

struct pcpu host_test_pcpu;

static struct domain doms[NR_DOMS];
static shared_info_t shinfo[NR_DOMS];

/* ---- Fakes ---- */

void printk(const char *fmt, ...)
{
    (void)fmt;
}

/* The fake domain registry behind domain_lookup() (common/domain.c's). */
static struct domain *domain_list[MAX_DOMAINS];

struct domain *domain_lookup(domid_t id)
{
    return id < MAX_DOMAINS ? domain_list[id] : NULL;
}

struct domain *domain_lookup_self(domid_t id)
{
    return id == DOMID_SELF ? current->domain : domain_lookup_live(id);
}

struct domain *hardware_domain(void)
{
    return &doms[0];
}

static struct {
    unsigned int pages_live;        /* buckets allocated, not yet freed */
    unsigned int pages_allocated;
    unsigned int fail_alloc_in;     /* fail the n-th allocation from now (1 = next) */
    unsigned int marks[NR_DOMS];    /* vcpu_mark_events_pending calls */
    struct { domid_t dom; evtchn_port_t port; } polls[MAX_POLLS];
    unsigned int nr_polls;
    unsigned int timer_updates[NR_DOMS];
    evtchn_port_t timer_port_seen[NR_DOMS];
} f;

void *evtchn_alloc_page(void)
{
    void *p;

    if (f.fail_alloc_in && --f.fail_alloc_in == 0)
        return NULL;
    p = calloc(EVTCHNS_PER_BUCKET, sizeof(struct evtchn));
    assert_non_null(p);
    f.pages_live++;
    f.pages_allocated++;
    return p;
}

void evtchn_free_page(void *page)
{
    assert_non_null(page);
    assert_true(f.pages_live > 0);
    f.pages_live--;
    free(page);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    assert_true(v->domain->domain_id < NR_DOMS);
    f.marks[v->domain->domain_id]++;
    v->vcpu_info->evtchn_upcall_pending = 1;
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    assert_true(f.nr_polls < MAX_POLLS);
    f.polls[f.nr_polls].dom = d->domain_id;
    f.polls[f.nr_polls].port = port;
    f.nr_polls++;
}

/* hypercall_preempt_check() (minixen/preempt.h): a test sets it to 1 to force it. */
unsigned int opt_hypercall_preempt_every;

bool apic_timer_due(void)
{
    return false;
}

void vcpu_periodic_timer_update(struct vcpu *v)
{
    domid_t id = v->domain->domain_id;

    f.timer_updates[id]++;
    f.timer_port_seen[id] = v->virq_to_port[VIRQ_TIMER];
}

/* ---- Setup ---- */

static struct domain *D(unsigned int id)
{
    return &doms[id];
}

/* The calling domain from now on. */
static void as(unsigned int id)
{
    host_test_pcpu.curr = &doms[id].vcpu0;
}

static int setup(void **state)
{
    unsigned int i;

    (void)state;
    memset(&f, 0, sizeof(f));
    memset(doms, 0, sizeof(doms));
    memset(shinfo, 0, sizeof(shinfo));
    memset(&host_test_pcpu, 0, sizeof(host_test_pcpu));
    opt_hypercall_preempt_every = 0;
    for (i = 0; i < NR_DOMS; i++) {
        struct domain *d = &doms[i];
        d->domain_id = (domid_t)i;
        d->is_privileged = i == 0;
        d->max_vcpus = 1;
        d->vcpu[0] = &d->vcpu0;
        d->vcpu0.domain = d;
        d->shared_info = &shinfo[i];
        d->vcpu0.vcpu_info = &shinfo[i].vcpu_info[0];
        domain_list[i] = d;
        assert_true(evtchn_init(d));
    }
    as(1);
    return 0;
}

static int teardown(void **state)
{
    unsigned int i;

    (void)state;
    for (i = 0; i < NR_DOMS; i++)
        evtchn_destroy(&doms[i]);
    assert_int_equal(f.pages_live, 0);
    return 0;
}

/* ---- Commands, with their OUT fields checked on failure ---- */

/* A command's result: a failure leaves its OUT port alone; a success hands it over. */
static long port_out(long rc, evtchn_port_t got, evtchn_port_t *out)
{
    if (rc)
        assert_int_equal(got, UNTOUCHED);
    if (out)
        *out = got;
    return rc;
}

static long alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    evtchn_alloc_unbound_t a = { .dom = dom, .remote_dom = remote, .port = UNTOUCHED };
    long rc = evtchn_alloc_unbound(&a);

    return port_out(rc, a.port, port);
}

static long bind_interdomain(domid_t rdom, evtchn_port_t rport, evtchn_port_t *lport)
{
    evtchn_bind_interdomain_t b = { .remote_dom = rdom, .remote_port = rport,
                                    .local_port = UNTOUCHED };
    long rc = evtchn_bind_interdomain(&b);

    return port_out(rc, b.local_port, lport);
}

static long bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = vcpu, .port = UNTOUCHED };
    long rc = evtchn_bind_virq(&b);

    return port_out(rc, b.port, port);
}

static long bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    evtchn_bind_ipi_t b = { .vcpu = vcpu, .port = UNTOUCHED };
    long rc = evtchn_bind_ipi(&b);

    return port_out(rc, b.port, port);
}

/* The current domain's port p, which must work. */
static evtchn_port_t must_unbound(domid_t remote)
{
    evtchn_port_t p;

    assert_int_equal(alloc_unbound(DOMID_SELF, remote, &p), 0);
    return p;
}

static evtchn_port_t must_ipi(void)
{
    evtchn_port_t p;

    assert_int_equal(bind_ipi(0, &p), 0);
    return p;
}

static long status(domid_t dom, evtchn_port_t port, evtchn_status_t *s)
{
    memset(s, 0xa5, sizeof(*s));
    s->dom = dom;
    s->port = port;
    return evtchn_status(s);
}

static void expect_status(unsigned int dom, evtchn_port_t port, uint32_t stat)
{
    evtchn_status_t s;
    struct vcpu *saved = current;

    as(0);                                  /* the privileged view */
    assert_int_equal(status(dom, port, &s), 0);
    current = saved;
    assert_int_equal(s.status, stat);
}

static void expect_closed(unsigned int dom, evtchn_port_t port)
{
    expect_status(dom, port, EVTCHNSTAT_closed);
}

static void expect_unbound(unsigned int dom, evtchn_port_t port, domid_t remote)
{
    evtchn_status_t s;
    struct vcpu *saved = current;

    as(0);
    assert_int_equal(status(dom, port, &s), 0);
    current = saved;
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, remote);
}

static void expect_interdomain(unsigned int dom, evtchn_port_t port,
                               domid_t rdom, evtchn_port_t rport)
{
    evtchn_status_t s;
    struct vcpu *saved = current;

    as(0);
    assert_int_equal(status(dom, port, &s), 0);
    current = saved;
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, rdom);
    assert_int_equal(s.u.interdomain.port, rport);
}

/* ---- The shared_info bitmaps ---- */

static void expect_bitmap(const char *what, unsigned int dom,
                          const xen_ulong_t *words, va_list ports)
{
    xen_ulong_t want[NR_WORDS] = { 0 };
    evtchn_port_t p;
    unsigned int i;

    while ((p = va_arg(ports, evtchn_port_t)) != END) {
        assert_true(p < EVTCHN_2L_NR_CHANNELS);
        want[p / WORD_BITS] |= (xen_ulong_t)1 << (p % WORD_BITS);
    }
    for (i = 0; i < NR_WORDS; i++)
        if (words[i] != want[i])
            fail_msg("dom%u %s word %u: %#llx, expected %#llx", dom, what, i,
                     (unsigned long long)words[i], (unsigned long long)want[i]);
}

/* Exactly these ports of dom are pending (list ends with END). */
static void expect_pending(unsigned int dom, ...)
{
    va_list ap;

    va_start(ap, dom);
    expect_bitmap("evtchn_pending", dom, shinfo[dom].evtchn_pending, ap);
    va_end(ap);
}

static void expect_masked(unsigned int dom, ...)
{
    va_list ap;

    va_start(ap, dom);
    expect_bitmap("evtchn_mask", dom, shinfo[dom].evtchn_mask, ap);
    va_end(ap);
}

/* vCPU 0's selector word and upcall flag; vCPUs 1.. are never touched. */
static void expect_sel(unsigned int dom, xen_ulong_t sel, uint8_t upcall)
{
    unsigned int i;

    assert_int_equal(shinfo[dom].vcpu_info[0].evtchn_pending_sel, sel);
    assert_int_equal(shinfo[dom].vcpu_info[0].evtchn_upcall_pending, upcall);
    for (i = 1; i < XEN_LEGACY_MAX_VCPUS; i++) {
        assert_int_equal(shinfo[dom].vcpu_info[i].evtchn_pending_sel, 0);
        assert_int_equal(shinfo[dom].vcpu_info[i].evtchn_upcall_pending, 0);
    }
}

static void expect_nothing_pending(unsigned int dom)
{
    expect_pending(dom, END);
    expect_sel(dom, 0, 0);
}

static void set_mask(unsigned int dom, evtchn_port_t p)
{
    shinfo[dom].evtchn_mask[p / WORD_BITS] |= (xen_ulong_t)1 << (p % WORD_BITS);
}

/* What a guest's upcall handler does: take everything, clear it. */
static void guest_ack_all(unsigned int dom)
{
    memset(shinfo[dom].evtchn_pending, 0, sizeof(shinfo[dom].evtchn_pending));
    shinfo[dom].vcpu_info[0].evtchn_pending_sel = 0;
    shinfo[dom].vcpu_info[0].evtchn_upcall_pending = 0;
}

static void expect_polls(unsigned int n)
{
    assert_int_equal(f.nr_polls, n);
}

static void expect_poll(unsigned int i, domid_t dom, evtchn_port_t port)
{
    assert_true(i < f.nr_polls);
    assert_int_equal(f.polls[i].dom, dom);
    assert_int_equal(f.polls[i].port, port);
}

/* ---- "Nothing changed": a snapshot of everything the code may touch ---- */

struct snapshot {
    unsigned int valid_ports[NR_DOMS];
    struct evtchn *chans[NR_DOMS];
    shared_info_t shinfo[NR_DOMS];
    evtchn_port_t virq_to_port[NR_DOMS][NR_VIRQS];
    typeof(f) fakes;
};

static void snapshot_take(struct snapshot *s)
{
    unsigned int i, p;

    for (i = 0; i < NR_DOMS; i++) {
        s->valid_ports[i] = doms[i].evtchn.valid_ports;
        s->chans[i] = calloc(s->valid_ports[i] ? s->valid_ports[i] : 1, sizeof(struct evtchn));
        assert_non_null(s->chans[i]);
        for (p = 0; p < s->valid_ports[i]; p++)
            s->chans[i][p] = *evtchn_from_port(&doms[i], p);
        memcpy(s->virq_to_port[i], doms[i].vcpu0.virq_to_port, sizeof(s->virq_to_port[i]));
    }
    memcpy(s->shinfo, shinfo, sizeof(shinfo));
    s->fakes = f;
}

/* Equal but for the lock, whose tickets move on with every send. */
static bool same_channel(const struct evtchn *before, const struct evtchn *now)
{
    struct evtchn a = *before, b = *now;

    assert_false(spin_is_locked(&now->lock));
    a.lock = b.lock = SPIN_LOCK_UNLOCKED;
    return !memcmp(&a, &b, sizeof(a));
}

static void snapshot_check(struct snapshot *s)
{
    unsigned int i, p;

    for (i = 0; i < NR_DOMS; i++) {
        assert_int_equal(doms[i].evtchn.valid_ports, s->valid_ports[i]);
        for (p = 0; p < s->valid_ports[i]; p++)
            if (!same_channel(&s->chans[i][p], evtchn_from_port(&doms[i], p)))
                fail_msg("dom%u port %u changed", i, p);
        assert_memory_equal(s->virq_to_port[i], doms[i].vcpu0.virq_to_port,
                            sizeof(s->virq_to_port[i]));
        free(s->chans[i]);
    }
    assert_memory_equal(s->shinfo, shinfo, sizeof(shinfo));
    assert_memory_equal(&s->fakes, &f, sizeof(f));
}

/* ---- Initialisation and teardown ---- */

static void test_init(void **state)
{
    unsigned int i;
    evtchn_status_t s;

    (void)state;
    for (i = 0; i < NR_DOMS; i++) {
        assert_ptr_equal(doms[i].evtchn.ops, &evtchn_port_ops_2l);
        assert_int_equal(doms[i].evtchn.max_ports, EVTCHN_2L_NR_CHANNELS);
        assert_int_equal(doms[i].evtchn.valid_ports, EVTCHNS_PER_BUCKET);
        assert_int_equal(evtchn_from_port(&doms[i], 0)->state, ECS_RESERVED);
        assert_int_equal(evtchn_from_port(&doms[i], 1)->state, ECS_FREE);
        /* Each channel knows its own port number. */
        assert_int_equal(evtchn_from_port(&doms[i], EVTCHNS_PER_BUCKET - 1)->port,
                         EVTCHNS_PER_BUCKET - 1);
    }
    assert_int_equal(f.pages_live, NR_DOMS);    /* one bucket each */
    /* Port 0 reads as closed, and is never handed out. */
    assert_int_equal(status(DOMID_SELF, 0, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(must_unbound(0), 1);
    assert_null(evtchn_from_port(D(1), EVTCHNS_PER_BUCKET));
    assert_true(evtchn_port_is_valid(D(1), EVTCHNS_PER_BUCKET - 1));
    assert_false(evtchn_port_is_valid(D(1), EVTCHNS_PER_BUCKET));
}

static void test_init_out_of_memory(void **state)
{
    struct domain d = { .domain_id = 1 };

    (void)state;
    f.fail_alloc_in = 1;
    assert_false(evtchn_init(&d));
    assert_int_equal(d.evtchn.valid_ports, 0);
    evtchn_destroy(&d);                     /* what domain_create does then */
    assert_null(d.evtchn.ops);
}

static void test_destroy_never_initialised(void **state)
{
    struct domain d = { .domain_id = 1 };
    unsigned int live = f.pages_live;

    (void)state;
    evtchn_destroy(&d);
    assert_int_equal(f.pages_live, live);
    assert_null(d.evtchn.ops);
}

/* ---- alloc_unbound ---- */

static void test_alloc_unbound_self(void **state)
{
    evtchn_status_t s;
    evtchn_port_t p;

    (void)state;
    assert_int_equal(alloc_unbound(DOMID_SELF, 2, &p), 0);
    assert_int_equal(p, 1);
    assert_int_equal(status(DOMID_SELF, 1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 2);
    assert_int_equal(s.vcpu, 0);
    /* Our own id instead of DOMID_SELF; lowest free port first. */
    assert_int_equal(alloc_unbound(1, 0, &p), 0);
    assert_int_equal(p, 2);
    expect_unbound(1, 2, 0);
    /* Offered to ourselves (DOMID_SELF means the caller). */
    assert_int_equal(alloc_unbound(DOMID_SELF, DOMID_SELF, &p), 0);
    expect_unbound(1, 3, 1);
    /* Offered to a domain that does not exist: Xen does not check. */
    assert_int_equal(alloc_unbound(DOMID_SELF, 77, &p), 0);
    expect_unbound(1, 4, 77);
    /* Allocating marks nothing pending. */
    expect_nothing_pending(1);
    expect_polls(0);
}

static void test_alloc_unbound_for_other_domain(void **state)
{
    struct snapshot snap;
    evtchn_port_t p;

    (void)state;
    /* Unprivileged: -EPERM, and nothing changes anywhere. */
    snapshot_take(&snap);
    assert_int_equal(alloc_unbound(2, 1, &p), -XEN_EPERM);
    assert_int_equal(alloc_unbound(0, 1, &p), -XEN_EPERM);
    snapshot_check(&snap);
    /* No such domain: -ESRCH, for anyone. */
    assert_int_equal(alloc_unbound(NO_DOM, 1, &p), -XEN_ESRCH);
    as(0);
    assert_int_equal(alloc_unbound(NO_DOM, 1, &p), -XEN_ESRCH);
    assert_int_equal(alloc_unbound(0x7ff0 - 1, 1, &p), -XEN_ESRCH);
    /* dom0 may: the port is dom2's, offered to dom1. */
    assert_int_equal(alloc_unbound(2, 1, &p), 0);
    assert_int_equal(p, 1);
    expect_unbound(2, 1, 1);
    expect_closed(0, 1);
    /* remote DOMID_SELF is the caller (dom0), not the port's owner. */
    assert_int_equal(alloc_unbound(2, DOMID_SELF, &p), 0);
    expect_unbound(2, 2, 0);
}

/* createdomain's max_evtchn_port: ports above it are -ENOSPC, as in Xen. */
static void test_toolstack_port_limit(void **state)
{
    evtchn_port_t p;

    (void)state;
    as(0);
    D(2)->evtchn.max_port_allowed = 2;
    assert_int_equal(alloc_unbound(2, 0, &p), 0);
    assert_int_equal(p, 1);
    assert_int_equal(alloc_unbound(2, 0, &p), 0);
    assert_int_equal(p, 2);
    assert_int_equal(alloc_unbound(2, 0, &p), -XEN_ENOSPC);
    D(2)->evtchn.max_port_allowed = 0;  /* port 0 is reserved: nothing left */
    assert_int_equal(alloc_unbound(2, 0, &p), -XEN_ENOSPC);
}

/* ---- bind_interdomain ---- */

static void test_bind_interdomain(void **state)
{
    evtchn_port_t rp, lp;

    (void)state;
    as(1);
    rp = must_unbound(2);                   /* dom1:1 offered to dom2 */
    must_unbound(2);                        /* dom1:2 so the ports differ */
    as(2);
    must_ipi();                             /* dom2:1 */
    assert_int_equal(bind_interdomain(1, rp, &lp), 0);
    assert_int_equal(lp, 2);
    expect_interdomain(2, 2, 1, 1);
    expect_interdomain(1, 1, 2, 2);
    /* The new local end is announced once: its pending bit, selector, upcall. */
    expect_pending(2, 2, END);
    expect_sel(2, 1, 1);
    assert_int_equal(f.marks[2], 1);
    expect_polls(1);
    expect_poll(0, 2, 2);
    /* ...and nothing on the remote end. */
    expect_nothing_pending(1);
    assert_int_equal(f.marks[1], 0);
    /* The remote end keeps the vCPU it notifies. */
    assert_int_equal(evtchn_from_port(D(1), rp)->notify_vcpu_id, 0);
}

static void test_bind_interdomain_bad(void **state)
{
    struct snapshot snap;
    evtchn_port_t to0, to2, ipi, lp;

    (void)state;
    as(1);
    to0 = must_unbound(0);                  /* dom1:1 offered to dom0 */
    to2 = must_unbound(2);                  /* dom1:2 offered to dom2 */
    ipi = must_ipi();                       /* dom1:3 */
    as(2);
    snapshot_take(&snap);
    assert_int_equal(bind_interdomain(1, to0, &lp), -XEN_EINVAL);   /* not offered to us */
    assert_int_equal(bind_interdomain(1, ipi, &lp), -XEN_EINVAL);   /* not unbound */
    assert_int_equal(bind_interdomain(1, 0, &lp), -XEN_EINVAL);     /* reserved */
    assert_int_equal(bind_interdomain(1, 4, &lp), -XEN_EINVAL);     /* free */
    assert_int_equal(bind_interdomain(1, EVTCHNS_PER_BUCKET, &lp), -XEN_EINVAL);
    assert_int_equal(bind_interdomain(1, EVTCHN_2L_NR_CHANNELS, &lp), -XEN_EINVAL);
    assert_int_equal(bind_interdomain(1, UINT32_MAX, &lp), -XEN_EINVAL);
    assert_int_equal(bind_interdomain(NO_DOM, to2, &lp), -XEN_ESRCH);
    assert_int_equal(bind_interdomain(200, to2, &lp), -XEN_ESRCH);
    /* Our own unbound port, not offered to us. */
    assert_int_equal(alloc_unbound(DOMID_SELF, 0, NULL), 0);
    expect_unbound(2, 1, 0);
    assert_int_equal(bind_interdomain(DOMID_SELF, 1, &lp), -XEN_EINVAL);
    assert_int_equal(evtchn_close(D(2), 1), 0);
    snapshot_check(&snap);
    /* The good one works, once. */
    assert_int_equal(bind_interdomain(1, to2, &lp), 0);
    assert_int_equal(bind_interdomain(1, to2, &lp), -XEN_EINVAL);
    /* Even dom0 may only bind what is offered to it: privilege does not help. */
    as(0);
    assert_int_equal(bind_interdomain(1, to2, &lp), -XEN_EINVAL);
    assert_int_equal(bind_interdomain(1, to0, &lp), 0);
}

static void test_bind_interdomain_to_self(void **state)
{
    evtchn_port_t a, b;

    (void)state;
    as(1);
    a = must_unbound(DOMID_SELF);           /* dom1:1 offered to dom1 */
    assert_int_equal(bind_interdomain(DOMID_SELF, a, &b), 0);
    assert_int_equal(b, 2);
    expect_interdomain(1, a, 1, b);
    expect_interdomain(1, b, 1, a);
    expect_pending(1, b, END);              /* the announcement */
    guest_ack_all(1);
    /* Each end's send lands on the other. */
    assert_int_equal(evtchn_send(D(1), b), 0);
    expect_pending(1, a, END);
    guest_ack_all(1);
    assert_int_equal(evtchn_send(D(1), a), 0);
    expect_pending(1, b, END);
    /* Closing one end leaves the other unbound, offered to us again. */
    assert_int_equal(evtchn_close(D(1), a), 0);
    expect_closed(1, a);
    expect_unbound(1, b, 1);
    /* Only the closed port's pending bit goes; b's edge stays for the guest. */
    expect_pending(1, b, END);
}

/* ---- close ---- */

static void test_close_interdomain_peer_back_to_unbound(void **state)
{
    evtchn_port_t rp, lp, again;

    (void)state;
    as(1);
    rp = must_unbound(2);
    as(2);
    assert_int_equal(bind_interdomain(1, rp, &lp), 0);
    guest_ack_all(2);
    /* dom2 closes: its end is free, dom1's end is unbound, offered to dom2. */
    assert_int_equal(evtchn_close(D(2), lp), 0);
    expect_closed(2, lp);
    expect_unbound(1, rp, 2);
    /* Sends on the now-unbound end are dropped. */
    as(1);
    assert_int_equal(evtchn_send(D(1), rp), 0);
    expect_nothing_pending(2);
    expect_nothing_pending(1);
    /* dom2 can connect again, getting its old port back. */
    as(2);
    assert_int_equal(bind_interdomain(1, rp, &again), 0);
    assert_int_equal(again, lp);
    expect_interdomain(1, rp, 2, lp);
    /* This time dom1 closes: dom2's end goes back to unbound, offered to dom1. */
    assert_int_equal(evtchn_close(D(1), rp), 0);
    expect_closed(1, rp);
    expect_unbound(2, lp, 1);
    /* And dom1 can bind to it in turn. */
    as(1);
    assert_int_equal(bind_interdomain(2, lp, &again), 0);
    expect_interdomain(1, again, 2, lp);
    expect_interdomain(2, lp, 1, again);
}

static void test_close_bad(void **state)
{
    evtchn_port_t p;

    (void)state;
    as(1);
    assert_int_equal(evtchn_close(D(1), 0), -XEN_EINVAL);          /* reserved */
    assert_int_equal(evtchn_close(D(1), 1), -XEN_EINVAL);          /* free */
    assert_int_equal(evtchn_close(D(1), EVTCHNS_PER_BUCKET), -XEN_EINVAL);
    assert_int_equal(evtchn_close(D(1), EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    assert_int_equal(evtchn_close(D(1), UINT32_MAX), -XEN_EINVAL);
    p = must_unbound(0);
    assert_int_equal(evtchn_close(D(1), p), 0);
    assert_int_equal(evtchn_close(D(1), p), -XEN_EINVAL);          /* twice */
    expect_closed(1, p);
    assert_int_equal(evtchn_from_port(D(1), 0)->state, ECS_RESERVED);
}

static void test_close_frees_lowest_port_for_reuse(void **state)
{
    (void)state;
    assert_int_equal(must_unbound(0), 1);
    assert_int_equal(must_ipi(), 2);
    assert_int_equal(must_unbound(0), 3);
    assert_int_equal(evtchn_close(D(1), 2), 0);
    assert_int_equal(evtchn_close(D(1), 1), 0);
    assert_int_equal(must_ipi(), 1);
    assert_int_equal(must_ipi(), 2);
    assert_int_equal(must_ipi(), 4);
}

/* Closing forgets a pending event (so a re-bound port starts clean), not the mask. */
static void test_close_clears_pending_keeps_mask(void **state)
{
    evtchn_port_t p, q;

    (void)state;
    p = must_ipi();
    q = must_ipi();
    set_mask(1, q);
    assert_int_equal(evtchn_send(D(1), p), 0);
    assert_int_equal(evtchn_send(D(1), q), 0);
    expect_pending(1, p, q, END);
    assert_int_equal(evtchn_close(D(1), p), 0);
    assert_int_equal(evtchn_close(D(1), q), 0);
    expect_pending(1, END);
    expect_masked(1, q, END);
    /* The selector and upcall flag are the guest's to clear. */
    expect_sel(1, 1, 1);
    /* The channel itself is wiped: vCPU 0, no remote. */
    assert_int_equal(evtchn_from_port(D(1), p)->state, ECS_FREE);
    assert_int_equal(evtchn_from_port(D(1), p)->notify_vcpu_id, 0);
    assert_null(evtchn_from_port(D(1), p)->u.interdomain.remote);
    assert_null(evtchn_from_port(D(1), p)->u.interdomain.remote_chn);
}

/* ---- send and 2-level delivery ---- */

static void test_send_interdomain_delivers_once(void **state)
{
    evtchn_port_t rp, lp;

    (void)state;
    as(2);
    rp = must_unbound(1);                   /* dom2:1 */
    as(1);
    must_ipi();                             /* dom1:1, so dom1's end is 2 */
    assert_int_equal(bind_interdomain(2, rp, &lp), 0);
    assert_int_equal(lp, 2);
    guest_ack_all(1);
    f.nr_polls = 0;
    f.marks[1] = 0;
    /* dom1 sends: dom2's end is pending, word 0 in the selector, the upcall set. */
    assert_int_equal(evtchn_send(D(1), lp), 0);
    expect_pending(2, rp, END);
    expect_sel(2, 1, 1);
    assert_int_equal(f.marks[2], 1);
    expect_polls(1);
    expect_poll(0, 2, rp);
    expect_nothing_pending(1);
    /* Again before the guest looked: nothing more happens, pollers not told again. */
    assert_int_equal(evtchn_send(D(1), lp), 0);
    assert_int_equal(evtchn_send(D(1), lp), 0);
    expect_pending(2, rp, END);
    expect_sel(2, 1, 1);
    assert_int_equal(f.marks[2], 1);
    expect_polls(1);
    /* The guest consumed it: the next send is a new edge. */
    guest_ack_all(2);
    assert_int_equal(evtchn_send(D(1), lp), 0);
    expect_pending(2, rp, END);
    expect_sel(2, 1, 1);
    assert_int_equal(f.marks[2], 2);
    expect_polls(2);
    /* The other way. */
    as(2);
    assert_int_equal(evtchn_send(D(2), rp), 0);
    expect_pending(1, lp, END);
    expect_sel(1, 1, 1);
}

/* The selector has one bit per pending word; the upcall is raised by the first. */
static void test_send_selector_per_word(void **state)
{
    evtchn_port_t p;

    (void)state;
    for (p = 1; p < 2 * WORD_BITS + 2; p++)
        assert_int_equal(must_ipi(), p);
    assert_int_equal(evtchn_send(D(1), 5), 0);
    expect_pending(1, 5, END);
    expect_sel(1, 1, 1);
    assert_int_equal(f.marks[1], 1);
    /* Same word: pending bit only (selector already set, no new upcall). */
    assert_int_equal(evtchn_send(D(1), WORD_BITS - 1), 0);
    expect_pending(1, 5, WORD_BITS - 1, END);
    expect_sel(1, 1, 1);
    assert_int_equal(f.marks[1], 1);
    /* Word 1 (port 64) and word 2 (port 129). */
    assert_int_equal(evtchn_send(D(1), WORD_BITS), 0);
    assert_int_equal(evtchn_send(D(1), 2 * WORD_BITS + 1), 0);
    expect_pending(1, 5, WORD_BITS - 1, WORD_BITS, 2 * WORD_BITS + 1, END);
    expect_sel(1, 0x7, 1);
    assert_int_equal(f.marks[1], 3);
    /* Pollers hear of every new pending bit. */
    expect_polls(4);
    expect_poll(3, 1, 2 * WORD_BITS + 1);
    /* The guest took word 0's selector bit but left the upcall flag: a new
     * edge in word 0 sets the selector again and calls mark again. */
    shinfo[1].vcpu_info[0].evtchn_pending_sel &= ~(xen_ulong_t)1;
    shinfo[1].evtchn_pending[0] = 0;
    assert_int_equal(evtchn_send(D(1), 3), 0);
    expect_sel(1, 0x7, 1);
    assert_int_equal(f.marks[1], 4);
}

static void test_send_ipi_and_others(void **state)
{
    struct snapshot snap;
    evtchn_port_t ipi, unb, virq;

    (void)state;
    ipi = must_ipi();
    unb = must_unbound(2);
    assert_int_equal(bind_virq(VIRQ_DEBUG, 0, &virq), 0);
    assert_false(evtchn_port_is_pending(D(1), ipi));
    assert_int_equal(evtchn_send(D(1), ipi), 0);
    expect_pending(1, ipi, END);
    expect_sel(1, 1, 1);
    assert_true(evtchn_port_is_pending(D(1), ipi));
    assert_false(evtchn_port_is_pending(D(1), unb));
    assert_false(evtchn_port_is_pending(D(1), EVTCHN_2L_NR_CHANNELS));
    guest_ack_all(1);
    snapshot_take(&snap);
    /* Unbound: dropped silently, success. */
    assert_int_equal(evtchn_send(D(1), unb), 0);
    /* A guest cannot send on a VIRQ, a free port, port 0 or past the table. */
    assert_int_equal(evtchn_send(D(1), virq), -XEN_EINVAL);
    assert_int_equal(evtchn_send(D(1), 10), -XEN_EINVAL);
    assert_int_equal(evtchn_send(D(1), 0), -XEN_EINVAL);
    assert_int_equal(evtchn_send(D(1), EVTCHNS_PER_BUCKET), -XEN_EINVAL);
    assert_int_equal(evtchn_send(D(1), EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    assert_int_equal(evtchn_send(D(1), UINT32_MAX), -XEN_EINVAL);
    snapshot_check(&snap);
}

static void test_masked_pending_without_selector_unmask_delivers(void **state)
{
    evtchn_port_t p, q;

    (void)state;
    p = must_ipi();
    q = must_ipi();
    set_mask(1, p);
    /* Masked: the edge is kept in the pending bit only; pollers are told. */
    assert_true(evtchn_port_ops_2l.is_masked(D(1), p));
    assert_false(evtchn_port_ops_2l.is_masked(D(1), q));
    assert_int_equal(evtchn_send(D(1), p), 0);
    expect_pending(1, p, END);
    expect_masked(1, p, END);
    expect_sel(1, 0, 0);
    assert_true(evtchn_port_is_pending(D(1), p));
    assert_int_equal(f.marks[1], 0);
    expect_polls(1);
    expect_poll(0, 1, p);
    /* Again: already pending, nothing at all (not even pollers). */
    assert_int_equal(evtchn_send(D(1), p), 0);
    expect_polls(1);
    /* Unmask delivers it: mask clear, selector, upcall. */
    assert_int_equal(evtchn_unmask(p), 0);
    expect_masked(1, END);
    expect_pending(1, p, END);
    expect_sel(1, 1, 1);
    assert_int_equal(f.marks[1], 1);
    expect_polls(1);                        /* unmask does not poke pollers */
    /* Unmasking an unmasked port does nothing, even with the bit pending. */
    shinfo[1].vcpu_info[0].evtchn_pending_sel = 0;
    assert_int_equal(evtchn_unmask(p), 0);
    expect_sel(1, 0, 1);
    assert_int_equal(f.marks[1], 1);
    /* Masked and not pending: unmask only clears the mask. */
    set_mask(1, q);
    assert_int_equal(evtchn_unmask(q), 0);
    expect_masked(1, END);
    expect_sel(1, 0, 1);
    assert_int_equal(f.marks[1], 1);
    /* Masked, pending, but the selector bit already set: no new upcall. */
    guest_ack_all(1);
    set_mask(1, q);
    assert_int_equal(evtchn_send(D(1), q), 0);
    shinfo[1].vcpu_info[0].evtchn_pending_sel = 1;
    assert_int_equal(evtchn_unmask(q), 0);
    expect_sel(1, 1, 0);
    assert_int_equal(f.marks[1], 1);
}

static void test_unmask_bad_and_odd_ports(void **state)
{
    (void)state;
    /*
     * Past the table: -EINVAL.  Inside it, only a port in use is unmasked:
     * a free one and port 0 succeed but keep their mask (Xen's
     * evtchn_port_unmask does nothing unless evtchn_usable()).
     */
    assert_int_equal(evtchn_unmask(EVTCHNS_PER_BUCKET), -XEN_EINVAL);
    assert_int_equal(evtchn_unmask(EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    assert_int_equal(evtchn_unmask(UINT32_MAX), -XEN_EINVAL);
    set_mask(1, 0);
    set_mask(1, 9);
    assert_int_equal(evtchn_unmask(0), 0);
    assert_int_equal(evtchn_unmask(9), 0);              /* free */
    expect_masked(1, 0, 9, END);
    expect_nothing_pending(1);
}

/* Masked delivery on an interdomain channel: the receiver's mask decides. */
static void test_masked_interdomain(void **state)
{
    evtchn_port_t rp, lp;

    (void)state;
    as(2);
    rp = must_unbound(1);
    as(1);
    assert_int_equal(bind_interdomain(2, rp, &lp), 0);
    guest_ack_all(1);
    set_mask(1, lp);                        /* the sender's own mask is irrelevant */
    set_mask(2, rp);
    f.nr_polls = 0;
    assert_int_equal(evtchn_send(D(1), lp), 0);
    expect_pending(2, rp, END);
    expect_sel(2, 0, 0);
    expect_polls(1);
    expect_poll(0, 2, rp);
    /* dom2 unmasks its port. */
    as(2);
    assert_int_equal(evtchn_unmask(rp), 0);
    expect_sel(2, 1, 1);
    assert_int_equal(f.marks[2], 1);
    expect_nothing_pending(1);
}

/* ---- VIRQs ---- */

static void test_bind_virq_per_vcpu(void **state)
{
    evtchn_status_t s;
    evtchn_port_t p, d;

    (void)state;
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, &p), 0);
    assert_int_equal(p, 1);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_TIMER], p);
    /* The periodic timer is re-armed with the binding in place. */
    assert_int_equal(f.timer_updates[1], 1);
    assert_int_equal(f.timer_port_seen[1], p);
    assert_int_equal(status(DOMID_SELF, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_TIMER);
    assert_int_equal(s.vcpu, 0);
    /* Other per-vCPU VIRQs do not touch the timer. */
    assert_int_equal(bind_virq(VIRQ_DEBUG, 0, &d), 0);
    assert_int_equal(bind_virq(VIRQ_XENOPROF, 0, NULL), 0);
    assert_int_equal(bind_virq(VIRQ_XENPMU, 0, NULL), 0);
    assert_int_equal(f.timer_updates[1], 1);
    expect_nothing_pending(1);
    /* Raising it. */
    send_guest_vcpu_virq(&D(1)->vcpu0, VIRQ_DEBUG);
    expect_pending(1, d, END);
    expect_sel(1, 1, 1);
    /* A VIRQ not bound is dropped. */
    send_guest_vcpu_virq(&D(2)->vcpu0, VIRQ_DEBUG);
    expect_nothing_pending(2);
}

static void test_bind_virq_bad(void **state)
{
    struct snapshot snap;
    evtchn_port_t p;

    (void)state;
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, &p), 0);
    snapshot_take(&snap);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, NULL), -XEN_EEXIST);  /* twice */
    assert_int_equal(bind_virq(NR_VIRQS, 0, NULL), -XEN_EINVAL);
    assert_int_equal(bind_virq(UINT32_MAX, 0, NULL), -XEN_EINVAL);
    assert_int_equal(bind_virq(VIRQ_DEBUG, 1, NULL), -XEN_ENOENT);  /* no vCPU 1 */
    assert_int_equal(bind_virq(VIRQ_DEBUG, MAX_VIRT_CPUS, NULL), -XEN_ENOENT);
    assert_int_equal(bind_virq(VIRQ_DEBUG, UINT32_MAX, NULL), -XEN_ENOENT);
    /* Only the hardware domain binds the global VIRQs (current Xen: -EBUSY). */
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 0, NULL), -XEN_EBUSY);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 0, NULL), -XEN_EBUSY);
    assert_int_equal(bind_virq(VIRQ_TBUF, 0, NULL), -XEN_EBUSY);
    assert_int_equal(bind_virq(VIRQ_ENOMEM, 0, NULL), -XEN_EBUSY);
    assert_int_equal(bind_virq(VIRQ_ARCH_0, 0, NULL), -XEN_EBUSY);
    assert_int_equal(bind_virq(5, 0, NULL), -XEN_EBUSY);            /* unused numbers too */
    /* Current Xen checks "vCPU 0 only" and the vCPU first, the handler after. */
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 1, NULL), -XEN_EINVAL);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, UINT32_MAX, NULL), -XEN_EINVAL);
    snapshot_check(&snap);
}

static void test_bind_virq_global(void **state)
{
    evtchn_status_t s;
    evtchn_port_t p;

    (void)state;
    as(0);
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 1, NULL), -XEN_EINVAL);   /* vCPU 0 only */
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 0, &p), 0);
    assert_int_equal(D(0)->vcpu0.virq_to_port[VIRQ_DOM_EXC], p);
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 0, NULL), -XEN_EEXIST);
    assert_int_equal(status(DOMID_SELF, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_DOM_EXC);
    assert_int_equal(f.timer_updates[0], 0);
    /* Raised on the handling domain's vCPU 0. */
    send_global_virq(D(0), VIRQ_DOM_EXC);
    expect_pending(0, p, END);
    expect_sel(0, 1, 1);
    /* Not bound, no domain, or a dying domain: dropped. */
    send_global_virq(D(0), VIRQ_CONSOLE);
    send_global_virq(NULL, VIRQ_DOM_EXC);
    guest_ack_all(0);
    D(0)->is_dying = true;
    send_global_virq(D(0), VIRQ_DOM_EXC);
    D(0)->is_dying = false;
    expect_nothing_pending(0);
}

/* VIRQ_ARGO is each domain's own: any domain binds it, on vCPU 0 only. */
static void test_bind_virq_argo(void **state)
{
    evtchn_port_t p;

    (void)state;
    as(1);
    assert_int_equal(bind_virq(VIRQ_ARGO, 1, NULL), -XEN_EINVAL);
    assert_int_equal(bind_virq(VIRQ_ARGO, 0, &p), 0);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_ARGO], p);
    /* Not per-vCPU, so it may be moved (Xen 4.17: it is global; now: not VIRQ_VCPU). */
    assert_int_equal(evtchn_bind_vcpu(p, 0), 0);
    assert_int_equal(evtchn_close(D(1), p), 0);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_ARGO], 0);
}

static void test_virq_global_table(void **state)
{
    uint32_t virq;

    (void)state;
    for (virq = 0; virq < NR_VIRQS; virq++) {
        bool per_domain = virq == VIRQ_TIMER || virq == VIRQ_DEBUG ||
                          virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU ||
                          virq == VIRQ_ARGO;
        assert_int_equal(virq_is_global(virq), !per_domain);
    }
}

/* x86 has no per-vCPU architecture VIRQs: Xen's arch_virq_is_global() says
 * true for all of VIRQ_ARCH_0..7, so they follow the global rules. */
static void test_virq_arch_global(void **state)
{
    uint32_t virq;

    (void)state;
    for (virq = VIRQ_ARCH_0; virq <= VIRQ_ARCH_7; virq++) {
        as(1);
        assert_int_equal(bind_virq(virq, 0, NULL), -XEN_EBUSY);
        as(0);
        assert_int_equal(bind_virq(virq, 1, NULL), -XEN_EINVAL);
        assert_int_equal(bind_virq(virq, 0, NULL), 0);
    }
}

static void test_close_virq_clears_binding(void **state)
{
    evtchn_port_t t, dbg, again;

    (void)state;
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, &t), 0);
    assert_int_equal(bind_virq(VIRQ_DEBUG, 0, &dbg), 0);
    send_guest_vcpu_virq(&D(1)->vcpu0, VIRQ_TIMER);
    expect_pending(1, t, END);
    assert_int_equal(evtchn_close(D(1), t), 0);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_TIMER], 0);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_DEBUG], dbg);
    /* The periodic timer learns the binding is gone. */
    assert_int_equal(f.timer_updates[1], 2);
    assert_int_equal(f.timer_port_seen[1], 0);
    expect_pending(1, END);
    expect_closed(1, t);
    /* Raising it now does nothing; binding it again works and gets the port back. */
    guest_ack_all(1);
    send_guest_vcpu_virq(&D(1)->vcpu0, VIRQ_TIMER);
    expect_nothing_pending(1);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, &again), 0);
    assert_int_equal(again, t);
    assert_int_equal(evtchn_close(D(1), dbg), 0);
    assert_int_equal(f.timer_updates[1], 3);
    /* A global one, closed by dom0. */
    as(0);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 0, &t), 0);
    assert_int_equal(evtchn_close(D(0), t), 0);
    assert_int_equal(D(0)->vcpu0.virq_to_port[VIRQ_CONSOLE], 0);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 0, NULL), 0);
}

/* ---- IPIs ---- */

static void test_bind_ipi(void **state)
{
    evtchn_status_t s;
    evtchn_port_t p;

    (void)state;
    assert_int_equal(bind_ipi(1, NULL), -XEN_ENOENT);
    assert_int_equal(bind_ipi(UINT32_MAX, NULL), -XEN_ENOENT);
    assert_int_equal(bind_ipi(0, &p), 0);
    assert_int_equal(p, 1);
    assert_int_equal(status(DOMID_SELF, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.vcpu, 0);
    assert_int_equal(evtchn_close(D(1), p), 0);
    expect_closed(1, p);
}

/* ---- status ---- */

static void test_status_every_state(void **state)
{
    evtchn_status_t s;
    evtchn_port_t unb, ipi, virq, rp, lp;

    (void)state;
    as(1);
    unb = must_unbound(0);                  /* 1 */
    ipi = must_ipi();                       /* 2 */
    assert_int_equal(bind_virq(VIRQ_DEBUG, 0, &virq), 0);  /* 3 */
    as(2);
    rp = must_unbound(1);
    as(1);
    assert_int_equal(bind_interdomain(2, rp, &lp), 0);     /* 4 */

    /* Reserved port 0 and a free port read as closed, union zeroed. */
    assert_int_equal(status(DOMID_SELF, 0, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(s.vcpu, 0);
    assert_int_equal(s.u.interdomain.dom, 0);
    assert_int_equal(s.u.interdomain.port, 0);
    assert_int_equal(status(DOMID_SELF, 100, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(status(DOMID_SELF, unb, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 0);
    assert_int_equal(status(DOMID_SELF, ipi, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.u.virq, 0);
    assert_int_equal(status(DOMID_SELF, virq, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_DEBUG);
    assert_int_equal(status(DOMID_SELF, lp, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 2);
    assert_int_equal(s.u.interdomain.port, rp);
    assert_int_equal(s.vcpu, 0);
    /* Our own id works like DOMID_SELF. */
    assert_int_equal(status(1, lp, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
}

static void test_status_bad(void **state)
{
    evtchn_status_t s;

    (void)state;
    as(1);
    assert_int_equal(status(DOMID_SELF, EVTCHNS_PER_BUCKET, &s), -XEN_EINVAL);
    assert_int_equal(status(DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &s), -XEN_EINVAL);
    assert_int_equal(status(DOMID_SELF, UINT32_MAX, &s), -XEN_EINVAL);
    assert_int_equal(status(NO_DOM, 1, &s), -XEN_ESRCH);
    /* Another domain's ports are not ours to look at... */
    assert_int_equal(status(2, 0, &s), -XEN_EPERM);
    assert_int_equal(status(0, 1, &s), -XEN_EPERM);
    /* ...but, as on Xen, a port outside its table is -EINVAL before that:
     * Xen checks port_is_valid() and only then xsm_evtchn_status(). */
    assert_int_equal(status(2, EVTCHNS_PER_BUCKET, &s), -XEN_EINVAL);
    assert_int_equal(status(0, UINT32_MAX, &s), -XEN_EINVAL);
    /* ...but dom0's. */
    as(0);
    assert_int_equal(status(1, 1, &s), 0);
    assert_int_equal(status(2, 0, &s), 0);
    assert_int_equal(status(NO_DOM, 1, &s), -XEN_ESRCH);
    assert_int_equal(status(2, EVTCHNS_PER_BUCKET, &s), -XEN_EINVAL);
}

/* ---- bind_vcpu ---- */

static void test_bind_vcpu(void **state)
{
    evtchn_port_t unb, ipi, timer, rp, lp, exc;

    (void)state;
    as(1);
    unb = must_unbound(0);
    ipi = must_ipi();
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, &timer), 0);
    as(2);
    rp = must_unbound(1);
    as(1);
    assert_int_equal(bind_interdomain(2, rp, &lp), 0);
    /* No such vCPU: -ENOENT, checked before the port. */
    assert_int_equal(evtchn_bind_vcpu(unb, 1), -XEN_ENOENT);
    assert_int_equal(evtchn_bind_vcpu(UINT32_MAX, 1), -XEN_ENOENT);
    assert_int_equal(evtchn_bind_vcpu(unb, UINT32_MAX), -XEN_ENOENT);
    /* Bad ports. */
    assert_int_equal(evtchn_bind_vcpu(EVTCHNS_PER_BUCKET, 0), -XEN_EINVAL);
    assert_int_equal(evtchn_bind_vcpu(0, 0), -XEN_EINVAL);         /* reserved */
    assert_int_equal(evtchn_bind_vcpu(50, 0), -XEN_EINVAL);        /* free */
    /* Per-vCPU VIRQs and IPIs stay where they are. */
    assert_int_equal(evtchn_bind_vcpu(timer, 0), -XEN_EINVAL);
    assert_int_equal(evtchn_bind_vcpu(ipi, 0), -XEN_EINVAL);
    /* Unbound and interdomain ports may move. */
    assert_int_equal(evtchn_bind_vcpu(unb, 0), 0);
    assert_int_equal(evtchn_bind_vcpu(lp, 0), 0);
    /* A global VIRQ may move too. */
    as(0);
    assert_int_equal(bind_virq(VIRQ_DOM_EXC, 0, &exc), 0);
    assert_int_equal(evtchn_bind_vcpu(exc, 0), 0);
    /* Only the caller's own ports: this is dom0's port 4, which is free. */
    assert_int_equal(evtchn_bind_vcpu(lp, 0), -XEN_EINVAL);
}

/* ---- reset ---- */

/* dom1 with one port of each kind, two of them connected to dom2. */
static void populate_dom1(evtchn_port_t *to1, evtchn_port_t *from1)
{
    evtchn_port_t p;

    as(2);
    *to1 = must_unbound(1);                 /* dom2:1, dom1 binds it */
    as(1);
    must_unbound(2);                        /* dom1:1 */
    must_ipi();                             /* dom1:2 */
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, NULL), 0);   /* dom1:3 */
    assert_int_equal(bind_interdomain(2, *to1, &p), 0);    /* dom1:4 */
    *from1 = must_unbound(2);               /* dom1:5, dom2 binds it */
    as(2);
    assert_int_equal(bind_interdomain(1, *from1, &p), 0);  /* dom2:2 */
    assert_int_equal(p, 2);
    as(1);
    assert_int_equal(evtchn_send(D(1), 2), 0);             /* a pending IPI */
}

static void expect_dom1_all_closed(void)
{
    evtchn_port_t p;

    for (p = 1; p < D(1)->evtchn.valid_ports; p++)
        assert_int_equal(evtchn_from_port(D(1), p)->state, ECS_FREE);
    assert_int_equal(evtchn_from_port(D(1), 0)->state, ECS_RESERVED);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_TIMER], 0);
    /* dom2's ends that were connected are unbound, offered to dom1 again. */
    expect_unbound(2, 1, 1);
    expect_unbound(2, 2, 1);
    expect_pending(1, END);
}

static void test_reset_self(void **state)
{
    evtchn_port_t to1, from1;

    (void)state;
    populate_dom1(&to1, &from1);
    assert_int_equal(evtchn_reset(DOMID_SELF, false), 0);
    expect_dom1_all_closed();
    assert_int_equal(f.timer_port_seen[1], 0);
    /* The table keeps its buckets; ports are handed out from 1 again. */
    assert_int_equal(D(1)->evtchn.valid_ports, EVTCHNS_PER_BUCKET);
    assert_ptr_equal(D(1)->evtchn.ops, &evtchn_port_ops_2l);
    assert_int_equal(must_ipi(), 1);
    /* By our own id too. */
    assert_int_equal(evtchn_reset(1, false), 0);
    expect_closed(1, 1);
}

static void test_reset_rules(void **state)
{
    struct snapshot snap;
    evtchn_port_t to1, from1;

    (void)state;
    populate_dom1(&to1, &from1);
    snapshot_take(&snap);
    /* Another unprivileged domain: -EPERM, paused or not. */
    as(2);
    assert_int_equal(evtchn_reset(1, false), -XEN_EPERM);
    D(1)->pause_count = 1;
    assert_int_equal(evtchn_reset(1, false), -XEN_EPERM);
    D(1)->pause_count = 0;
    /* No such domain. */
    assert_int_equal(evtchn_reset(NO_DOM, false), -XEN_ESRCH);
    /* dom0, but dom1 is running: -EINVAL. */
    as(0);
    assert_int_equal(evtchn_reset(1, false), -XEN_EINVAL);
    assert_int_equal(evtchn_reset(NO_DOM, false), -XEN_ESRCH);
    snapshot_check(&snap);
    /* dom0, dom1 paused: done. */
    D(1)->pause_count = 2;
    assert_int_equal(evtchn_reset(1, false), 0);
    expect_dom1_all_closed();
}

/* dom1 with IPIs on ports 1..n. */
static void dom1_ipis(evtchn_port_t n)
{
    evtchn_port_t p;

    as(1);
    for (p = 1; p <= n; p++)
        assert_int_equal(must_ipi(), p);
}

/*
 * Preempted every 64 ports (every check says yes): each part closes the
 * next 64, a new reset meanwhile is -EBUSY, reset_cont goes on, and the
 * last part finishes as an unpreempted reset would.
 */
static void test_reset_preempted_and_resumed(void **state)
{
    unsigned int stops = 1;
    evtchn_port_t p;
    long rc;

    (void)state;
    dom1_ipis(200);
    opt_hypercall_preempt_every = 1;
    assert_int_equal(evtchn_reset(DOMID_SELF, true), -XEN_EBUSY);  /* nothing to resume */
    assert_int_equal(evtchn_reset(DOMID_SELF, false), -XEN_ERESTART);
    for (p = 1; p <= 64; p++)
        assert_int_equal(evtchn_from_port(D(1), p)->state, ECS_FREE);
    assert_int_equal(evtchn_from_port(D(1), 65)->state, ECS_IPI);
    assert_int_equal(D(1)->evtchn.ports_in_use, 200 - 64);
    assert_int_equal(evtchn_reset(DOMID_SELF, false), -XEN_EBUSY);
    assert_int_equal(evtchn_from_port(D(1), 65)->state, ECS_IPI);
    while ((rc = evtchn_reset(DOMID_SELF, true)) == -XEN_ERESTART)
        assert_true(++stops < EVTCHNS_PER_BUCKET);
    assert_int_equal(rc, 0);
    /* A stop at every 64th port of the table, in use or not. */
    assert_int_equal(stops, (D(1)->evtchn.valid_ports - 1) / 64);
    assert_int_equal(D(1)->evtchn.ports_in_use, 0);
    assert_int_equal(D(1)->evtchn.reset_next, 0);
    assert_int_equal(evtchn_from_port(D(1), 200)->state, ECS_FREE);
    assert_int_equal(evtchn_reset(DOMID_SELF, true), -XEN_EBUSY);
}

/* A port bound between the parts survives: -EAGAIN, then a new reset closes it. */
static void test_reset_port_bound_meanwhile(void **state)
{
    long rc;

    (void)state;
    dom1_ipis(100);
    opt_hypercall_preempt_every = 1;
    assert_int_equal(evtchn_reset(DOMID_SELF, false), -XEN_ERESTART);
    assert_int_equal(must_ipi(), 1);            /* the lowest free port */
    while ((rc = evtchn_reset(DOMID_SELF, true)) == -XEN_ERESTART)
        ;
    assert_int_equal(rc, -XEN_EAGAIN);
    assert_int_equal(evtchn_from_port(D(1), 1)->state, ECS_IPI);
    assert_int_equal(D(1)->evtchn.ports_in_use, 1);
    assert_int_equal(D(1)->evtchn.reset_next, 0);
    opt_hypercall_preempt_every = 0;
    assert_int_equal(evtchn_reset(DOMID_SELF, false), 0);
    expect_closed(1, 1);
}

/* ---- Table growth and exhaustion ---- */

static void test_bucket_growth(void **state)
{
    evtchn_port_t p;

    (void)state;
    for (p = 1; p < EVTCHNS_PER_BUCKET; p++)
        assert_int_equal(must_ipi(), p);
    assert_int_equal(f.pages_live, NR_DOMS);
    assert_int_equal(evtchn_send(D(1), EVTCHNS_PER_BUCKET), -XEN_EINVAL);
    /* The next port needs a bucket; without memory: -ENOMEM, nothing changed. */
    f.fail_alloc_in = 1;
    assert_int_equal(bind_ipi(0, NULL), -XEN_ENOMEM);
    f.fail_alloc_in = 1;
    assert_int_equal(alloc_unbound(DOMID_SELF, 0, NULL), -XEN_ENOMEM);
    f.fail_alloc_in = 1;
    assert_int_equal(bind_virq(VIRQ_DEBUG, 0, NULL), -XEN_ENOMEM);
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_DEBUG], 0);
    assert_int_equal(D(1)->evtchn.valid_ports, EVTCHNS_PER_BUCKET);
    assert_null(D(1)->evtchn.bucket[1]);
    assert_int_equal(f.pages_live, NR_DOMS);
    /* With memory: the second bucket, port 128. */
    assert_int_equal(must_ipi(), EVTCHNS_PER_BUCKET);
    assert_int_equal(D(1)->evtchn.valid_ports, 2 * EVTCHNS_PER_BUCKET);
    assert_int_equal(f.pages_live, NR_DOMS + 1);
    assert_int_equal(evtchn_from_port(D(1), 2 * EVTCHNS_PER_BUCKET - 1)->port,
                     2 * EVTCHNS_PER_BUCKET - 1);
    /* Closing ports does not shrink the table. */
    assert_int_equal(evtchn_close(D(1), EVTCHNS_PER_BUCKET), 0);
    assert_int_equal(D(1)->evtchn.valid_ports, 2 * EVTCHNS_PER_BUCKET);
    assert_int_equal(must_ipi(), EVTCHNS_PER_BUCKET);
    assert_int_equal(f.pages_live, NR_DOMS + 1);
}

/* Fill dom1 with IPIs: ports 1 .. 4095. */
static void fill_dom1(void)
{
    evtchn_port_t p;

    as(1);
    for (p = 1; p < EVTCHN_2L_NR_CHANNELS; p++)
        assert_int_equal(must_ipi(), p);
    assert_int_equal(D(1)->evtchn.valid_ports, EVTCHN_2L_NR_CHANNELS);
    assert_int_equal(f.pages_live, NR_DOMS - 1 + EVTCHN_2L_NR_CHANNELS / EVTCHNS_PER_BUCKET);
}

static void test_exhaustion(void **state)
{
    struct snapshot snap;
    evtchn_port_t rp;

    (void)state;
    as(2);
    rp = must_unbound(1);
    fill_dom1();
    snapshot_take(&snap);
    /* Every way of taking a port: -ENOSPC, nothing changed, nothing allocated. */
    assert_int_equal(bind_ipi(0, NULL), -XEN_ENOSPC);
    assert_int_equal(alloc_unbound(DOMID_SELF, 0, NULL), -XEN_ENOSPC);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, NULL), -XEN_ENOSPC);
    assert_int_equal(bind_interdomain(2, rp, NULL), -XEN_ENOSPC);
    /* Xen finds the port before it checks the caller's right to it. */
    as(2);
    assert_int_equal(alloc_unbound(1, 2, NULL), -XEN_ENOSPC);
    as(0);
    assert_int_equal(alloc_unbound(1, 2, NULL), -XEN_ENOSPC);
    as(1);
    snapshot_check(&snap);
    expect_unbound(2, rp, 1);
    /* The last port works; the one past it is outside the ABI. */
    assert_int_equal(evtchn_send(D(1), EVTCHN_2L_NR_CHANNELS - 1), 0);
    assert_int_equal(evtchn_send(D(1), EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    assert_int_equal(evtchn_close(D(1), EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    /* A port in the middle frees up: it is the one handed out next. */
    assert_int_equal(evtchn_close(D(1), 1000), 0);
    assert_int_equal(bind_interdomain(2, rp, &rp), 0);
    assert_int_equal(rp, 1000);
    assert_int_equal(bind_ipi(0, NULL), -XEN_ENOSPC);
}

/* The bitmaps' far corners: port 64 starts word 1, port 4095 ends word 63. */
static void test_bitmap_edges(void **state)
{
    (void)state;
    fill_dom1();
    guest_ack_all(1);
    f.marks[1] = 0;
    assert_int_equal(evtchn_send(D(1), EVTCHN_2L_NR_CHANNELS - 1), 0);
    expect_pending(1, EVTCHN_2L_NR_CHANNELS - 1, END);
    expect_sel(1, (xen_ulong_t)1 << (NR_WORDS - 1), 1);
    assert_int_equal(evtchn_send(D(1), WORD_BITS), 0);
    assert_int_equal(evtchn_send(D(1), WORD_BITS - 1), 0);
    expect_pending(1, WORD_BITS - 1, WORD_BITS, EVTCHN_2L_NR_CHANNELS - 1, END);
    expect_sel(1, ((xen_ulong_t)1 << (NR_WORDS - 1)) | 3, 1);
    assert_int_equal(f.marks[1], 3);
    set_mask(1, EVTCHN_2L_NR_CHANNELS - 2);
    assert_int_equal(evtchn_send(D(1), EVTCHN_2L_NR_CHANNELS - 2), 0);
    expect_pending(1, WORD_BITS - 1, WORD_BITS, EVTCHN_2L_NR_CHANNELS - 2,
                   EVTCHN_2L_NR_CHANNELS - 1, END);
    expect_masked(1, EVTCHN_2L_NR_CHANNELS - 2, END);
    assert_int_equal(f.marks[1], 3);
    /* No other domain's bitmap was touched. */
    expect_nothing_pending(0);
    expect_nothing_pending(2);
}

/* ---- destroy ---- */

static void test_destroy_closes_all_and_frees(void **state)
{
    evtchn_port_t to1, from1, p;

    (void)state;
    populate_dom1(&to1, &from1);
    /* Grow dom1 to three buckets. */
    for (p = 6; p <= 2 * EVTCHNS_PER_BUCKET; p++)
        assert_int_equal(must_ipi(), p);
    assert_int_equal(f.pages_live, NR_DOMS + 2);
    D(1)->is_dying = true;
    evtchn_destroy(D(1));
    assert_int_equal(f.pages_live, NR_DOMS - 1);
    assert_null(D(1)->evtchn.ops);
    assert_int_equal(D(1)->evtchn.valid_ports, 0);
    for (p = 0; p < EVTCHN_MAX_BUCKETS; p++)
        assert_null(D(1)->evtchn.bucket[p]);
    /* Its VIRQs are unbound (the timer told), its peers' ends unbound. */
    assert_int_equal(D(1)->vcpu0.virq_to_port[VIRQ_TIMER], 0);
    assert_int_equal(f.timer_port_seen[1], 0);
    expect_unbound(2, 1, 1);
    expect_unbound(2, 2, 1);
    expect_pending(1, END);
    /* Nothing of it is reachable any more. */
    /* minixen destroys a domain as it dies: other domains no longer find it. */
    as(0);
    {
        evtchn_status_t s;
        assert_int_equal(status(1, 1, &s), -XEN_ESRCH);
    }
    assert_int_equal(evtchn_send(D(1), 1), -XEN_EINVAL);
    assert_int_equal(evtchn_close(D(1), 1), -XEN_EINVAL);
    assert_int_equal(alloc_unbound(1, 0, NULL), -XEN_ESRCH);
    /* dom2's sends on its (now unbound) ends are dropped. */
    as(2);
    assert_int_equal(evtchn_send(D(2), 2), 0);
    /* Destroying twice is harmless. */
    evtchn_destroy(D(1));
    assert_int_equal(f.pages_live, NR_DOMS - 1);
}

/* Between is_dying and evtchn_destroy: no port is handed out, by any command. */
static void test_dying_domain_gets_no_ports(void **state)
{
    struct snapshot snap;
    evtchn_port_t rp;

    (void)state;
    as(2);
    rp = must_unbound(1);
    D(1)->is_dying = true;
    snapshot_take(&snap);
    as(0);
    assert_int_equal(alloc_unbound(1, 0, NULL), -XEN_ESRCH);     /* not found any more */
    as(1);
    assert_int_equal(alloc_unbound(DOMID_SELF, 0, NULL), -XEN_EINVAL);
    assert_int_equal(bind_ipi(0, NULL), -XEN_EINVAL);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0, NULL), -XEN_EINVAL);
    assert_int_equal(bind_interdomain(2, rp, NULL), -XEN_EINVAL);
    snapshot_check(&snap);
    expect_unbound(2, rp, 1);
}

/* ---- set_priority ---- */

static void test_set_priority_needs_fifo(void **state)
{
    evtchn_set_priority_t sp = { .port = 1, .priority = 0 };

    (void)state;
    must_ipi();
    assert_int_equal(evtchn_set_priority(&sp), -XEN_ENOSYS);
    /* Xen checks the port first: one past the table is -EINVAL under either ABI. */
    sp.port = UINT32_MAX;
    assert_int_equal(evtchn_set_priority(&sp), -XEN_EINVAL);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_init),
        TEST(test_init_out_of_memory),
        TEST(test_destroy_never_initialised),
        TEST(test_alloc_unbound_self),
        TEST(test_alloc_unbound_for_other_domain),
        TEST(test_toolstack_port_limit),
        TEST(test_bind_interdomain),
        TEST(test_bind_interdomain_bad),
        TEST(test_bind_interdomain_to_self),
        TEST(test_close_interdomain_peer_back_to_unbound),
        TEST(test_close_bad),
        TEST(test_close_frees_lowest_port_for_reuse),
        TEST(test_close_clears_pending_keeps_mask),
        TEST(test_send_interdomain_delivers_once),
        TEST(test_send_selector_per_word),
        TEST(test_send_ipi_and_others),
        TEST(test_masked_pending_without_selector_unmask_delivers),
        TEST(test_unmask_bad_and_odd_ports),
        TEST(test_masked_interdomain),
        TEST(test_bind_virq_per_vcpu),
        TEST(test_bind_virq_bad),
        TEST(test_bind_virq_global),
        TEST(test_bind_virq_argo),
        TEST(test_virq_global_table),
        TEST(test_virq_arch_global),
        TEST(test_close_virq_clears_binding),
        TEST(test_bind_ipi),
        TEST(test_status_every_state),
        TEST(test_status_bad),
        TEST(test_bind_vcpu),
        TEST(test_reset_self),
        TEST(test_reset_rules),
        TEST(test_reset_preempted_and_resumed),
        TEST(test_reset_port_bound_meanwhile),
        TEST(test_bucket_growth),
        TEST(test_exhaustion),
        TEST(test_bitmap_edges),
        TEST(test_destroy_closes_all_and_frees),
        TEST(test_dying_domain_gets_no_ports),
        TEST(test_set_priority_needs_fifo),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
