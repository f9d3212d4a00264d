/*
 * tests/unit/test_sched_credit.c - the credit scheduler's policy
 * (hypervisor/common/sched_credit.c, rules in minixen/sched_credit.h).
 *
 * sched_credit.c is linked as it is; it only reads and writes the
 * scheduler fields of struct vcpu and struct domain (minixen/sched.h), so
 * the domains here are plain structs with one vCPU each, as minixen's are.
 *
 * The first tests pin each policy function: the run queue (priority
 * order, arrival order within a priority, removal, pick and caps, resort),
 * wake, debit, preemption, and one accounting period (shares by weight,
 * caps, clamping, inactive domains).  The last ones run a small
 * discrete-event simulation on a simulated clock, driving the same
 * functions the way common/schedule.c does (pick, run a slice or up to the
 * next accounting, debit, re-queue, account every period), and check the
 * CPU time the vCPUs got over many periods.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/sched.h>
#include <minixen/sched_credit.h>

#define NR_DOMS     6
#define MS          1000000ULL
#define PERIOD      (CREDIT_DEFAULT_TSLICE_MS * MS)

static struct domain doms[NR_DOMS];
static struct credit_runq q;

static struct vcpu *V(unsigned int i)
{
    return &doms[i].vcpu0;
}

/* Domain i, weight 256, no cap, credit 0, priority UNDER, not queued. */
static int setup(void **state)
{
    unsigned int i;

    (void)state;
    memset(doms, 0, sizeof(doms));
    memset(&q, 0, sizeof(q));
    for (i = 0; i < NR_DOMS; i++) {
        struct domain *d = &doms[i];
        d->domain_id = (domid_t)i;
        d->weight = CREDIT_DEFAULT_WEIGHT;
        d->max_vcpus = 1;
        d->vcpu[0] = &d->vcpu0;
        d->vcpu0.domain = d;
        d->vcpu0.sched.prio = CREDIT_UNDER;
    }
    return 0;
}

static void set_prio(unsigned int i, enum credit_prio prio)
{
    V(i)->sched.prio = prio;
}

/*
 * The queue, head first, as domain digits; checks tail, on_runq flags
 * and that priorities never decrease along it.
 */
static void assert_runq(const char *expect)
{
    char got[NR_DOMS + 1];
    unsigned int n = 0, i, queued = 0;
    const struct vcpu *v, *last = NULL;

    for (v = q.head; v; v = v->sched.runq_next) {
        assert_true(n < NR_DOMS);
        assert_true(v->sched.on_runq);
        if (last)
            assert_true(last->sched.prio <= v->sched.prio);
        got[n++] = (char)('0' + v->domain->domain_id);
        last = v;
    }
    got[n] = '\0';
    assert_string_equal(got, expect);
    assert_ptr_equal(q.tail, last);
    assert_int_equal(credit_runq_empty(&q), n == 0);
    for (i = 0; i < NR_DOMS; i++)
        queued += V(i)->sched.on_runq;
    assert_int_equal(queued, n);
}

static void insert(const char *digits)
{
    for (; *digits; digits++)
        credit_runq_insert(&q, V((unsigned int)(*digits - '0')));
}

/* ---- The run queue ---- */

static void test_empty_runq(void **state)
{
    (void)state;
    assert_true(credit_runq_empty(&q));
    assert_null(credit_runq_pick(&q));
    credit_runq_resort(&q);
    assert_runq("");
}

static void test_insert_by_priority_fifo_within(void **state)
{
    (void)state;
    set_prio(0, CREDIT_OVER);
    set_prio(1, CREDIT_UNDER);
    set_prio(2, CREDIT_OVER);
    set_prio(3, CREDIT_BOOST);
    set_prio(4, CREDIT_UNDER);
    set_prio(5, CREDIT_BOOST);
    insert("0");
    assert_runq("0");
    insert("1");                    /* UNDER ahead of OVER */
    assert_runq("10");
    insert("2");                    /* OVER behind OVER */
    assert_runq("102");
    insert("3");                    /* BOOST at the front */
    assert_runq("3102");
    insert("4");                    /* UNDER behind UNDER, ahead of OVER */
    assert_runq("31402");
    insert("5");                    /* BOOST behind BOOST */
    assert_runq("351402");
}

/* The queue as digits, without assert_runq()'s priority-order check. */
static void assert_runq_unsorted(const char *expect)
{
    char got[NR_DOMS + 1];
    unsigned int n = 0;
    const struct vcpu *v;

    for (v = q.head; v && n < NR_DOMS; v = v->sched.runq_next)
        got[n++] = (char)('0' + v->domain->domain_id);
    got[n] = '\0';
    assert_string_equal(got, expect);
}

/*
 * A yielder also steps behind the first vCPU of lower priority (Xen's
 * credit1), the one place the queue leaves priority order until the next
 * accounting sorts it again.
 */
static void test_insert_yielded_passes_one_lower(void **state)
{
    (void)state;
    set_prio(0, CREDIT_UNDER);
    set_prio(1, CREDIT_OVER);
    set_prio(2, CREDIT_OVER);
    set_prio(3, CREDIT_UNDER);
    set_prio(4, CREDIT_UNDER);
    insert("012");
    assert_runq("012");
    credit_runq_insert_yielded(&q, V(3));   /* behind UNDER 0 and OVER 1 */
    assert_runq_unsorted("0132");
    credit_runq_insert_yielded(&q, V(4));   /* behind UNDER 0, then one OVER */
    assert_runq_unsorted("01432");
    credit_runq_remove(&q, V(4));
    credit_runq_remove(&q, V(3));
    credit_runq_remove(&q, V(2));
    credit_runq_remove(&q, V(1));
    credit_runq_insert_yielded(&q, V(3));   /* nobody lower: simply behind its own */
    assert_runq("03");
    credit_runq_insert_yielded(&q, V(3));   /* already queued: nothing */
    assert_runq("03");
}

static void test_insert_twice_is_noop(void **state)
{
    (void)state;
    insert("012");
    insert("0");
    assert_runq("012");
    /* Even with a better priority: it is queued already. */
    set_prio(2, CREDIT_BOOST);
    credit_runq_insert(&q, V(2));
    assert_ptr_equal(q.head, V(0));
}

static void test_remove_head_middle_tail(void **state)
{
    (void)state;
    insert("01234");
    credit_runq_remove(&q, V(0));           /* head */
    assert_runq("1234");
    assert_false(V(0)->sched.on_runq);
    assert_null(V(0)->sched.runq_next);
    credit_runq_remove(&q, V(2));           /* middle */
    assert_runq("134");
    assert_null(V(2)->sched.runq_next);
    credit_runq_remove(&q, V(4));           /* tail: tail moves back */
    assert_runq("13");
    assert_ptr_equal(q.tail, V(3));
    insert("5");                            /* appends after the new tail */
    assert_runq("135");
    credit_runq_remove(&q, V(4));           /* not queued: nothing happens */
    assert_runq("135");
    credit_runq_remove(&q, V(1));
    credit_runq_remove(&q, V(3));
    credit_runq_remove(&q, V(5));           /* the last one */
    assert_runq("");
    assert_null(q.head);
    assert_null(q.tail);
    insert("2");                            /* an emptied queue works again */
    assert_runq("2");
}

static void test_pick_takes_best(void **state)
{
    struct vcpu *v;

    (void)state;
    set_prio(0, CREDIT_OVER);
    set_prio(2, CREDIT_BOOST);
    insert("012");
    v = credit_runq_pick(&q);
    assert_ptr_equal(v, V(2));
    assert_false(v->sched.on_runq);
    assert_null(v->sched.runq_next);
    assert_runq("10");
    assert_ptr_equal(credit_runq_pick(&q), V(1));
    assert_ptr_equal(credit_runq_pick(&q), V(0));   /* OVER, uncapped: may run */
    assert_runq("");
    assert_null(credit_runq_pick(&q));
}

static void test_may_run_caps(void **state)
{
    (void)state;
    /* Uncapped: whatever the credit. */
    V(0)->sched.credit = -(int64_t)PERIOD;
    assert_true(credit_may_run(V(0)));
    V(0)->sched.credit = 0;
    assert_true(credit_may_run(V(0)));
    /* Capped: only with credit left. */
    doms[1].cap = 25;
    V(1)->sched.credit = 1;
    assert_true(credit_may_run(V(1)));
    V(1)->sched.credit = 0;
    assert_false(credit_may_run(V(1)));
    V(1)->sched.credit = -1;
    assert_false(credit_may_run(V(1)));
}

static void test_pick_skips_capped_out(void **state)
{
    (void)state;
    doms[0].cap = 10;
    doms[1].cap = 50;
    doms[2].cap = 0;
    V(0)->sched.credit = 0;                 /* capped, out of credit */
    V(1)->sched.credit = -5;                /* capped, in debt */
    V(2)->sched.credit = -5;                /* uncapped, in debt */
    set_prio(0, CREDIT_UNDER);              /* stale priority: the cap decides */
    set_prio(1, CREDIT_OVER);
    set_prio(2, CREDIT_OVER);
    insert("012");
    assert_ptr_equal(credit_runq_pick(&q), V(2));
    /* The capped-out ones stay queued, in order. */
    assert_runq("01");
    assert_null(credit_runq_pick(&q));
    assert_runq("01");
    /* Credit again (the next period): it may run. */
    V(1)->sched.credit = 1;
    assert_ptr_equal(credit_runq_pick(&q), V(1));
    assert_runq("0");
}

static void test_resort_keeps_arrival_order(void **state)
{
    (void)state;
    insert("012345");                       /* all UNDER */
    /* Accounting changed priorities: 1, 3 and 5 went OVER, 4 is BOOSTed. */
    set_prio(1, CREDIT_OVER);
    set_prio(3, CREDIT_OVER);
    set_prio(5, CREDIT_OVER);
    set_prio(4, CREDIT_BOOST);
    credit_runq_resort(&q);
    assert_runq("402135");
    /* Resorting an ordered queue changes nothing. */
    credit_runq_resort(&q);
    assert_runq("402135");
    /* Everyone the same: arrival order. */
    set_prio(4, CREDIT_OVER);
    set_prio(0, CREDIT_OVER);
    set_prio(2, CREDIT_OVER);
    credit_runq_resort(&q);
    assert_runq("402135");
    /* A single vCPU, and the tail after a resort. */
    credit_runq_remove(&q, V(5));
    set_prio(3, CREDIT_BOOST);
    credit_runq_resort(&q);
    assert_runq("34021");
    assert_ptr_equal(q.tail, V(1));
}

/* ---- Wake, debit, preemption ---- */

static void test_wake_boosts_only_with_credit(void **state)
{
    (void)state;
    V(0)->sched.credit = 1;
    set_prio(0, CREDIT_OVER);
    credit_wake(V(0));
    assert_int_equal(V(0)->sched.prio, CREDIT_BOOST);
    assert_int_equal(V(0)->sched.credit, 1);     /* waking costs nothing */

    V(1)->sched.credit = 0;
    credit_wake(V(1));
    assert_int_equal(V(1)->sched.prio, CREDIT_OVER);

    V(2)->sched.credit = -(int64_t)MS;
    set_prio(2, CREDIT_BOOST);
    credit_wake(V(2));
    assert_int_equal(V(2)->sched.prio, CREDIT_OVER);
}

static void test_debit(void **state)
{
    (void)state;
    V(0)->sched.credit = 10 * MS;
    set_prio(0, CREDIT_BOOST);
    credit_debit(V(0), 3 * MS);             /* a boost ends once it has run */
    assert_int_equal(V(0)->sched.credit, 7 * MS);
    assert_int_equal(V(0)->sched.prio, CREDIT_UNDER);
    credit_debit(V(0), 0);
    assert_int_equal(V(0)->sched.credit, 7 * MS);
    assert_int_equal(V(0)->sched.prio, CREDIT_UNDER);
    credit_debit(V(0), 7 * MS);             /* exactly used up: OVER */
    assert_int_equal(V(0)->sched.credit, 0);
    assert_int_equal(V(0)->sched.prio, CREDIT_OVER);
    credit_debit(V(0), 5 * MS);             /* into debt (not clamped here) */
    assert_int_equal(V(0)->sched.credit, -(int64_t)(5 * MS));
    assert_int_equal(V(0)->sched.prio, CREDIT_OVER);
    credit_debit(V(0), 3 * PERIOD);
    assert_int_equal(V(0)->sched.credit, -(int64_t)(5 * MS + 3 * PERIOD));
    /* A boosted vCPU that ran its whole credit away. */
    V(1)->sched.credit = MS;
    set_prio(1, CREDIT_BOOST);
    credit_debit(V(1), 2 * MS);
    assert_int_equal(V(1)->sched.prio, CREDIT_OVER);
}

static void test_preempts(void **state)
{
    static const struct {
        enum credit_prio woken, running;
        bool preempts;
    } cases[] = {
        { CREDIT_BOOST, CREDIT_BOOST, false },
        { CREDIT_BOOST, CREDIT_UNDER, true },
        { CREDIT_BOOST, CREDIT_OVER,  true },
        { CREDIT_UNDER, CREDIT_BOOST, false },
        { CREDIT_UNDER, CREDIT_UNDER, false },
        { CREDIT_UNDER, CREDIT_OVER,  true },
        { CREDIT_OVER,  CREDIT_BOOST, false },
        { CREDIT_OVER,  CREDIT_UNDER, false },
        { CREDIT_OVER,  CREDIT_OVER,  false },
    };
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        set_prio(0, cases[i].woken);
        set_prio(1, cases[i].running);
        assert_int_equal(credit_preempts(V(0), V(1)), cases[i].preempts);
    }
    /* An idle CPU: anyone preempts. */
    set_prio(0, CREDIT_OVER);
    assert_true(credit_preempts(V(0), NULL));
}

/* ---- Accounting ---- */

static struct domain *dptr[NR_DOMS];
static bool active[NR_DOMS];

/* The first n domains, active as the string says ('1' active, '0' not). */
static void account(const char *act, uint64_t period, unsigned int nr_cpus)
{
    unsigned int i, n = (unsigned int)strlen(act);

    for (i = 0; i < n; i++) {
        dptr[i] = &doms[i];
        active[i] = act[i] == '1';
    }
    credit_account(dptr, active, n, period, nr_cpus);
}

static void test_account_by_weight(void **state)
{
    (void)state;
    doms[0].weight = 256;
    doms[1].weight = 512;
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD / 3);
    assert_int_equal(V(1)->sched.credit, 2 * PERIOD / 3);
    assert_int_equal(V(0)->sched.prio, CREDIT_UNDER);
    assert_int_equal(V(1)->sched.prio, CREDIT_UNDER);
    /* A second period adds the same again. */
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, 2 * PERIOD / 3);
    assert_int_equal(V(1)->sched.credit, PERIOD);   /* 4/3 P, clamped */
}

static void test_account_equal_weights_and_remainder(void **state)
{
    (void)state;
    /* Three equal domains on a period that does not divide by three. */
    account("111", 100, 1);
    assert_int_equal(V(0)->sched.credit, 33);
    assert_int_equal(V(1)->sched.credit, 33);
    assert_int_equal(V(2)->sched.credit, 33);
}

static void test_account_several_cpus(void **state)
{
    (void)state;
    /* Two CPUs' worth shared 1:3, each vCPU still bounded by one period. */
    doms[0].weight = 256;
    doms[1].weight = 768;
    account("11", PERIOD, 2);
    assert_int_equal(V(0)->sched.credit, PERIOD / 2);
    assert_int_equal(V(1)->sched.credit, PERIOD);   /* 3/2 P, clamped */
}

static void test_account_inactive_get_nothing(void **state)
{
    (void)state;
    doms[0].weight = 256;
    doms[1].weight = 10000;                 /* inactive: its weight does not count */
    doms[2].weight = 512;
    V(1)->sched.credit = -(int64_t)(PERIOD / 2);
    set_prio(1, CREDIT_OVER);
    account("101", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD / 3);
    assert_int_equal(V(2)->sched.credit, 2 * PERIOD / 3);
    assert_int_equal(V(1)->sched.credit, -(int64_t)(PERIOD / 2));
    assert_int_equal(V(1)->sched.prio, CREDIT_OVER);
    /* An inactive BOOSTed one keeps its boost and its credit. */
    V(3)->sched.credit = 5;
    set_prio(3, CREDIT_BOOST);
    account("1110", PERIOD, 1);
    assert_int_equal(V(3)->sched.credit, 5);
    assert_int_equal(V(3)->sched.prio, CREDIT_BOOST);
    /* Alone and active: the whole period. */
    setup(NULL);
    account("0100", PERIOD, 1);
    assert_int_equal(V(1)->sched.credit, PERIOD);
    assert_int_equal(V(0)->sched.credit, 0);
}

static void test_account_nobody_active(void **state)
{
    (void)state;
    V(0)->sched.credit = 7;
    account("000", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, 7);
    account("", PERIOD, 1);
    /* Active but weightless: nothing to share by, and no division by zero. */
    doms[0].weight = 0;
    doms[1].weight = 0;
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, 7);
    assert_int_equal(V(1)->sched.credit, 0);
    /* A weightless domain beside a weighted one gets nothing. */
    doms[1].weight = 256;
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, 7);
    assert_int_equal(V(1)->sched.credit, PERIOD);
}

static void test_account_caps(void **state)
{
    (void)state;
    /* Alone, capped at 25 %: a quarter of the period, not all of it. */
    doms[0].cap = 25;
    account("1", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD / 4);
    /* Beside an uncapped one: min(fair share, cap). */
    setup(NULL);
    doms[0].cap = 25;
    doms[0].weight = 512;                   /* fair share 2/3, cap 1/4 */
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD / 4);
    assert_int_equal(V(1)->sched.credit, PERIOD / 3);   /* no redistribution */
    /* A cap above the fair share changes nothing. */
    setup(NULL);
    doms[0].cap = 90;
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD / 2);
    /* A cap over 100 % (several CPUs): bounded by the cap, then the clamp. */
    setup(NULL);
    doms[0].cap = 150;
    account("1", PERIOD, 2);
    assert_int_equal(V(0)->sched.credit, PERIOD);       /* min(2P, 1.5P), clamped to P */
    setup(NULL);
    doms[0].cap = 50;
    account("1", PERIOD, 2);
    assert_int_equal(V(0)->sched.credit, PERIOD / 2);
}

static void test_account_clamps(void **state)
{
    (void)state;
    /* Banked credit stops at one period. */
    V(0)->sched.credit = PERIOD - 1;
    account("1", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD);
    account("1", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, PERIOD);
    /* Debt beyond one period is forgiven. */
    doms[1].weight = 256;
    V(1)->sched.credit = -(int64_t)(5 * PERIOD);
    account("01", PERIOD, 1);
    assert_int_equal(V(1)->sched.credit, -(int64_t)PERIOD);
    assert_int_equal(V(1)->sched.prio, CREDIT_OVER);
    /* Debt within bounds is only reduced. */
    V(2)->sched.credit = -(int64_t)(PERIOD / 2);
    account("011", PERIOD, 1);
    assert_int_equal(V(2)->sched.credit, 0);            /* -P/2 + P/2 */
    assert_int_equal(V(2)->sched.prio, CREDIT_OVER);    /* no credit: OVER */
}

static void test_account_sets_priorities(void **state)
{
    (void)state;
    V(0)->sched.credit = -(int64_t)(PERIOD / 2);        /* ends negative: OVER */
    set_prio(0, CREDIT_UNDER);
    V(1)->sched.credit = -(int64_t)(MS / 2);            /* ends positive: UNDER */
    set_prio(1, CREDIT_OVER);
    V(2)->sched.credit = -(int64_t)PERIOD;              /* BOOST survives accounting */
    set_prio(2, CREDIT_BOOST);
    account("111", 3 * MS, 1);                          /* 1 ms each */
    assert_int_equal(V(0)->sched.prio, CREDIT_OVER);
    assert_int_equal(V(1)->sched.prio, CREDIT_UNDER);
    assert_int_equal(V(2)->sched.prio, CREDIT_BOOST);
}

/* A domain without a vCPU in its slot is skipped, not dereferenced. */
static void test_account_missing_vcpu(void **state)
{
    (void)state;
    doms[0].vcpu[0] = NULL;
    account("11", PERIOD, 1);
    assert_int_equal(V(0)->sched.credit, 0);
    assert_int_equal(V(1)->sched.credit, PERIOD / 2);
}

/* ---- Simulation ---- */

struct sim_result {
    uint64_t ran[NR_DOMS];
    uint64_t idle;
    uint64_t total;
};

/*
 * The first n domains' vCPUs are always runnable.  Like schedule.c: pick
 * the best that may run, run it for a slice or up to the next accounting,
 * charge it, queue it again; every period account (everyone active, one
 * CPU) and resort.  If nothing may run, the CPU idles to the accounting.
 */
static void simulate(unsigned int n, uint64_t slice, unsigned int periods,
                     struct sim_result *r)
{
    uint64_t now = 0, next_acct = PERIOD, end = PERIOD * periods;
    unsigned int i;

    memset(r, 0, sizeof(*r));
    for (i = 0; i < n; i++) {
        dptr[i] = &doms[i];
        active[i] = true;
        credit_wake(V(i));
        credit_runq_insert(&q, V(i));
    }
    while (now < end) {
        struct vcpu *v = credit_runq_pick(&q);
        uint64_t run = next_acct - now;

        if (v) {
            if (run > slice)
                run = slice;
            credit_debit(v, run);
            r->ran[v->domain->domain_id] += run;
            credit_runq_insert(&q, v);
        } else {
            r->idle += run;
        }
        now += run;
        if (now == next_acct) {
            credit_account(dptr, active, n, PERIOD, 1);
            credit_runq_resort(&q);
            next_acct += PERIOD;
        }
    }
    r->total = now;
    for (i = 0; i < n; i++)
        assert_true(V(i)->sched.on_runq);   /* nobody got lost */
}

static double share(const struct sim_result *r, unsigned int i)
{
    return (double)r->ran[i] / (double)r->total;
}

/* The slices tried: the period itself, a third of it, one that does not divide it. */
static const uint64_t slices[] = { PERIOD, PERIOD / 3, 7 * MS, 1 * MS };

static void test_sim_weights_split_1_to_2(void **state)
{
    struct sim_result r;
    unsigned int s;

    (void)state;
    for (s = 0; s < sizeof(slices) / sizeof(slices[0]); s++) {
        setup(NULL);
        doms[0].weight = 256;
        doms[1].weight = 512;
        simulate(2, slices[s], 100, &r);
        print_message("slice %llu ms: d0 %.3f d1 %.3f idle %.3f\n",
                      (unsigned long long)(slices[s] / MS), share(&r, 0),
                      share(&r, 1), (double)r.idle / (double)r.total);
        assert_int_equal(r.idle, 0);    /* work-conserving: nobody is capped */
        assert_int_equal(r.ran[0] + r.ran[1], r.total);
        /* d0 : d1 = 1 : 2 within 10 %. */
        assert_true(share(&r, 0) >= (1.0 / 3) * 0.9 && share(&r, 0) <= (1.0 / 3) * 1.1);
        assert_true(share(&r, 1) >= (2.0 / 3) * 0.9 && share(&r, 1) <= (2.0 / 3) * 1.1);
    }
}

static void test_sim_equal_weights_split_evenly(void **state)
{
    struct sim_result r;
    unsigned int s;

    (void)state;
    for (s = 0; s < sizeof(slices) / sizeof(slices[0]); s++) {
        setup(NULL);
        simulate(3, slices[s], 99, &r);
        assert_int_equal(r.idle, 0);
        assert_true(share(&r, 0) >= 0.9 / 3 && share(&r, 0) <= 1.1 / 3);
        assert_true(share(&r, 1) >= 0.9 / 3 && share(&r, 1) <= 1.1 / 3);
        assert_true(share(&r, 2) >= 0.9 / 3 && share(&r, 2) <= 1.1 / 3);
    }
}

static void test_sim_cap_limits_share(void **state)
{
    struct sim_result r;
    unsigned int s;

    (void)state;
    for (s = 0; s < sizeof(slices) / sizeof(slices[0]); s++) {
        setup(NULL);
        doms[0].cap = 25;               /* fair share 1/2, capped at 1/4 */
        simulate(2, slices[s], 100, &r);
        print_message("slice %llu ms: capped %.3f spinner %.3f\n",
                      (unsigned long long)(slices[s] / MS), share(&r, 0), share(&r, 1));
        /* At most 25 %, plus at most one slice of overrun in the whole run. */
        assert_true(r.ran[0] <= r.total / 4 + slices[s]);
        assert_true(share(&r, 0) >= 0.25 * 0.9);    /* and it does get its cap */
        /* The spinner takes the rest: the CPU never idles. */
        assert_int_equal(r.idle, 0);
        assert_int_equal(r.ran[0] + r.ran[1], r.total);
    }
}

static void test_sim_capped_alone_idles(void **state)
{
    struct sim_result r;
    unsigned int s;

    (void)state;
    for (s = 0; s < sizeof(slices) / sizeof(slices[0]); s++) {
        setup(NULL);
        doms[0].cap = 25;
        simulate(1, slices[s], 100, &r);
        assert_true(r.ran[0] <= r.total / 4 + slices[s]);
        assert_true(share(&r, 0) >= 0.25 * 0.9);
        assert_int_equal(r.ran[0] + r.idle, r.total);
    }
}

/* An uncapped spinner alone gets the whole CPU, deep OVER or not. */
static void test_sim_uncapped_alone_gets_everything(void **state)
{
    struct sim_result r;

    (void)state;
    simulate(1, PERIOD / 3, 50, &r);
    assert_int_equal(r.ran[0], r.total);
    assert_int_equal(r.idle, 0);
}

#define TEST(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_empty_runq),
        TEST(test_insert_by_priority_fifo_within),
        TEST(test_insert_yielded_passes_one_lower),
        TEST(test_insert_twice_is_noop),
        TEST(test_remove_head_middle_tail),
        TEST(test_pick_takes_best),
        TEST(test_may_run_caps),
        TEST(test_pick_skips_capped_out),
        TEST(test_resort_keeps_arrival_order),
        TEST(test_wake_boosts_only_with_credit),
        TEST(test_debit),
        TEST(test_preempts),
        TEST(test_account_by_weight),
        TEST(test_account_equal_weights_and_remainder),
        TEST(test_account_several_cpus),
        TEST(test_account_inactive_get_nothing),
        TEST(test_account_nobody_active),
        TEST(test_account_caps),
        TEST(test_account_clamps),
        TEST(test_account_sets_priorities),
        TEST(test_account_missing_vcpu),
        TEST(test_sim_weights_split_1_to_2),
        TEST(test_sim_equal_weights_split_evenly),
        TEST(test_sim_cap_limits_share),
        TEST(test_sim_capped_alone_idles),
        TEST(test_sim_uncapped_alone_gets_everything),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
