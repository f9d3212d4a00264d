/*
 * tests/unit/test_evtchn_race.c - event channels used by two CPUs at once
 * (hypervisor/common/event_channel.c and evtchn_2l.c, linked as they are;
 * the locking rules are docs/locking.md's).
 *
 * Two host threads stand for two CPUs (two, as test_spinlock.c: a ticket
 * lock's next holder must be running), each with a struct pcpu of its own
 * (host_test_thread_pcpu), so `current` is the vCPU each one runs.  The
 * fake domains are test_evtchn.c's: dom1 and dom2, one vCPU each, a
 * shared_info in host memory.
 *
 * - Binding at once: both CPUs bind IPI ports in one domain, then close
 *   them again.  Every port is handed out once, and the count of ports in
 *   use is exact at each end.
 * - Sends against a close: one CPU sends on dom1's end of a channel while
 *   the other, as dom2, closes its end and binds it again.  A close turns
 *   dom1's end unbound, whose union overlays the peer pointer the send
 *   reads: without the channel's lock the send follows a domain id as a
 *   pointer.  Afterwards both ends name each other.
 * - VIRQs against unbinding: one CPU raises VIRQ_DEBUG while the other
 *   binds and closes it; only a port bound to the VIRQ ever turns pending.
 *
 * Each race was seen to fail with the lock it checks taken out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <cmocka.h>
#include "stress.h"

#include <minixen/sched.h>
#include <minixen/event.h>
#include <public/errno.h>

#define NR_DOMS         3
#define WORD_BITS       (sizeof(xen_ulong_t) * 8)
#define THREADS         2
#define BIND_ROUNDS     1000        /* IPI ports per thread: 2000 of 4096 */
#define SEND_ROUNDS     1000000
#define REBIND_ROUNDS   100000

struct pcpu host_test_pcpu;
static struct pcpu thread_pcpu[THREADS];

static struct domain doms[NR_DOMS];
static shared_info_t shinfo[NR_DOMS];
static atomic_uint pages_live;

/* ---- Fakes, safe to call from both threads ---- */

void printk(const char *fmt, ...)
{
    (void)fmt;
}

struct domain *domain_lookup(domid_t id)
{
    return id < NR_DOMS ? &doms[id] : NULL;
}

struct domain *domain_lookup_self(domid_t id)
{
    return id == DOMID_SELF ? current->domain : domain_lookup_live(id);
}

struct domain *hardware_domain(void)
{
    return &doms[0];
}

void *evtchn_alloc_page(void)
{
    void *p = calloc(EVTCHNS_PER_BUCKET, sizeof(struct evtchn));

    if (p)
        atomic_fetch_add(&pages_live, 1);
    return p;
}

void evtchn_free_page(void *page)
{
    atomic_fetch_sub(&pages_live, 1);
    free(page);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    __atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    (void)d;
    (void)port;
}

unsigned int opt_hypercall_preempt_every;

bool apic_timer_due(void)
{
    return false;
}

void vcpu_periodic_timer_update(struct vcpu *v)
{
    (void)v;
}

/* ---- Setup ---- */

static int setup(void **state)
{
    (void)state;
    memset(doms, 0, sizeof(doms));
    memset(shinfo, 0, sizeof(shinfo));
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        struct domain *d = &doms[i];

        d->domain_id = (domid_t)i;
        d->is_privileged = i == 0;
        d->max_vcpus = 1;
        d->vcpu[0] = &d->vcpu0;
        d->vcpu0.domain = d;
        d->shared_info = &shinfo[i];
        d->vcpu0.vcpu_info = &shinfo[i].vcpu_info[0];
        assert_true(evtchn_init(d));
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < NR_DOMS; i++)
        evtchn_destroy(&doms[i]);
    assert_int_equal(atomic_load(&pages_live), 0);
    return 0;
}

/* ---- Two CPUs ---- */

static pthread_barrier_t start_line;

struct cpu_job {
    unsigned int cpu;
    unsigned int domid;             /* whose vCPU 0 it runs */
    void (*work)(struct cpu_job *job);
    /* Results, read by the main thread once the thread has joined. */
    evtchn_port_t ports[BIND_ROUNDS];
    unsigned long failures;
};

static void *cpu_main(void *arg)
{
    struct cpu_job *job = arg;

    host_test_thread_pcpu = &thread_pcpu[job->cpu];
    host_test_thread_pcpu->cpu_id = job->cpu;
    host_test_thread_pcpu->curr = &doms[job->domid].vcpu0;
    pthread_barrier_wait(&start_line);
    job->work(job);
    return NULL;
}

static void run_cpus(struct cpu_job *jobs)
{
    pthread_t t[THREADS];

    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (unsigned int i = 0; i < THREADS; i++) {
        jobs[i].cpu = i;
        assert_int_equal(pthread_create(&t[i], NULL, cpu_main, &jobs[i]), 0);
    }
    for (unsigned int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&start_line);
}

/* ---- Binding at once ---- */

static void bind_ipis(struct cpu_job *job)
{
    for (unsigned int i = 0; i < BIND_ROUNDS; i++) {
        evtchn_bind_ipi_t b = { .vcpu = 0 };

        if (evtchn_bind_ipi(&b))
            job->failures++;
        job->ports[i] = b.port;
    }
}

static void close_own_ports(struct cpu_job *job)
{
    for (unsigned int i = 0; i < BIND_ROUNDS; i++)
        if (evtchn_close(current_domain(), job->ports[i]))
            job->failures++;
}

static void test_binding_at_once(void **state)
{
    static struct cpu_job jobs[THREADS];
    static bool seen[EVTCHN_2L_NR_CHANNELS];
    struct domain *d = &doms[1];

    (void)state;
    memset(jobs, 0, sizeof(jobs));
    memset(seen, 0, sizeof(seen));
    jobs[0].domid = jobs[1].domid = 1;
    jobs[0].work = jobs[1].work = bind_ipis;
    run_cpus(jobs);
    for (unsigned int t = 0; t < THREADS; t++) {
        assert_int_equal(jobs[t].failures, 0);
        for (unsigned int i = 0; i < BIND_ROUNDS; i++) {
            evtchn_port_t p = jobs[t].ports[i];

            assert_true(p > 0 && p < EVTCHN_2L_NR_CHANNELS);
            assert_false(seen[p]);          /* handed out once */
            seen[p] = true;
            assert_int_equal(evtchn_from_port(d, p)->state, ECS_IPI);
        }
    }
    assert_int_equal(d->evtchn.ports_in_use, THREADS * BIND_ROUNDS);
    jobs[0].work = jobs[1].work = close_own_ports;
    run_cpus(jobs);
    assert_int_equal(jobs[0].failures + jobs[1].failures, 0);
    assert_int_equal(d->evtchn.ports_in_use, 0);
    for (evtchn_port_t p = 1; p < d->evtchn.valid_ports; p++)
        assert_int_equal(evtchn_from_port(d, p)->state, ECS_FREE);
}

/* ---- Sends against a close ---- */

static evtchn_port_t dom1_port;

static void send_loop(struct cpu_job *job)
{
    for (unsigned int i = 0; i < stress_rounds(SEND_ROUNDS); i++)
        if (evtchn_send(current_domain(), dom1_port))
            job->failures++;
}

/* As dom2: close our end (dom1's goes unbound, offered to us) and take it again. */
static void rebind_loop(struct cpu_job *job)
{
    evtchn_port_t mine = job->ports[0];

    for (unsigned int i = 0; i < stress_rounds(REBIND_ROUNDS); i++) {
        evtchn_bind_interdomain_t b = { .remote_dom = 1, .remote_port = dom1_port };

        if (evtchn_close(current_domain(), mine) || evtchn_bind_interdomain(&b))
            job->failures++;
        mine = b.local_port;
    }
    job->ports[0] = mine;
}

static void connect_dom1_dom2(evtchn_port_t *port2)
{
    evtchn_alloc_unbound_t a = { .dom = DOMID_SELF, .remote_dom = 2 };
    evtchn_bind_interdomain_t b = { .remote_dom = 1 };

    host_test_pcpu.curr = &doms[1].vcpu0;
    assert_int_equal(evtchn_alloc_unbound(&a), 0);
    dom1_port = b.remote_port = a.port;
    host_test_pcpu.curr = &doms[2].vcpu0;
    assert_int_equal(evtchn_bind_interdomain(&b), 0);
    *port2 = b.local_port;
}

static void test_sends_against_close(void **state)
{
    static struct cpu_job jobs[THREADS];
    const struct evtchn *c1, *c2;

    (void)state;
    memset(jobs, 0, sizeof(jobs));
    connect_dom1_dom2(&jobs[1].ports[0]);
    jobs[0].domid = 1;
    jobs[0].work = send_loop;
    jobs[1].domid = 2;
    jobs[1].work = rebind_loop;
    run_cpus(jobs);
    assert_int_equal(jobs[0].failures, 0);      /* a send on either state succeeds */
    assert_int_equal(jobs[1].failures, 0);
    c1 = evtchn_from_port(&doms[1], dom1_port);
    c2 = evtchn_from_port(&doms[2], jobs[1].ports[0]);
    assert_int_equal(c1->state, ECS_INTERDOMAIN);
    assert_int_equal(c2->state, ECS_INTERDOMAIN);
    assert_ptr_equal(c1->u.interdomain.remote, &doms[2]);
    assert_ptr_equal(c1->u.interdomain.remote_chn, c2);
    assert_ptr_equal(c2->u.interdomain.remote, &doms[1]);
    assert_ptr_equal(c2->u.interdomain.remote_chn, c1);
    assert_int_equal(doms[1].evtchn.ports_in_use, 1);
    assert_int_equal(doms[2].evtchn.ports_in_use, 1);
}

/* ---- VIRQs against unbinding ---- */

static void raise_virq_loop(struct cpu_job *job)
{
    (void)job;
    for (unsigned int i = 0; i < stress_rounds(SEND_ROUNDS); i++)
        send_guest_vcpu_virq(&doms[1].vcpu0, VIRQ_DEBUG);
}

/* Bind VIRQ_DEBUG, and close it; between, an IPI takes the port it had. */
static void virq_rebind_loop(struct cpu_job *job)
{
    for (unsigned int i = 0; i < stress_rounds(REBIND_ROUNDS); i++) {
        evtchn_bind_virq_t v = { .virq = VIRQ_DEBUG, .vcpu = 0 };
        evtchn_bind_ipi_t ipi = { .vcpu = 0 };

        if (evtchn_bind_virq(&v) || evtchn_close(current_domain(), v.port) ||
            evtchn_bind_ipi(&ipi))
            job->failures++;
        /* Pending now would be a VIRQ raised on a port no longer its own. */
        if (evtchn_port_is_pending(current_domain(), ipi.port))
            job->failures++;
        if (evtchn_close(current_domain(), ipi.port))
            job->failures++;
    }
}

static void test_virqs_against_unbinding(void **state)
{
    static struct cpu_job jobs[THREADS];

    (void)state;
    memset(jobs, 0, sizeof(jobs));
    jobs[0].domid = jobs[1].domid = 1;
    jobs[0].work = raise_virq_loop;
    jobs[1].work = virq_rebind_loop;
    run_cpus(jobs);
    assert_int_equal(jobs[1].failures, 0);
    assert_int_equal(doms[1].evtchn.ports_in_use, 0);
    assert_int_equal(doms[1].vcpu0.virq_to_port[VIRQ_DEBUG], 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_binding_at_once),
        TEST(test_sends_against_close),
        TEST(test_virqs_against_unbinding),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
