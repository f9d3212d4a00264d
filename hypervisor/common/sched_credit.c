/*
 * The credit scheduler's policy (see minixen/sched_credit.h).
 *
 * Credit is kept in nanoseconds of CPU time.  It is bounded to one period
 * either way, so a domain that slept cannot bank more than a period's
 * worth and a spinner's debt is forgiven after a period: shares follow
 * the weights over a few periods, not over a domain's lifetime.
 */
#include <minixen/sched.h>
#include <minixen/sched_credit.h>

static void link_after(struct credit_runq *q, struct vcpu *prev, struct vcpu *v)
{
    struct vcpu **link = prev ? &prev->sched.runq_next : &q->head;

    v->sched.runq_next = *link;
    *link = v;
    if (!v->sched.runq_next)
        q->tail = v;
    v->sched.on_runq = true;
}

/*
 * Behind every vCPU of v's priority or better, and with `skip`, behind
 * the first one of lower priority too.
 */
static void insert_at_priority(struct credit_runq *q, struct vcpu *v, bool skip)
{
    struct vcpu *prev = NULL, *it;

    if (v->sched.on_runq)
        return;
    for (it = q->head; it && it->sched.prio <= v->sched.prio; it = it->sched.runq_next)
        prev = it;
    if (skip && it)
        prev = it;
    link_after(q, prev, v);
}

void credit_runq_insert(struct credit_runq *q, struct vcpu *v)
{
    insert_at_priority(q, v, false);
}

/*
 * A vCPU that yields goes behind the first vCPU of lower priority too, as
 * in Xen's credit scheduler, so a yield lets someone else run even when
 * only lower-priority vCPUs wait; accounting restores the order later.
 */
void credit_runq_insert_yielded(struct credit_runq *q, struct vcpu *v)
{
    insert_at_priority(q, v, true);
}

void credit_runq_remove(struct credit_runq *q, struct vcpu *v)
{
    struct vcpu **link = &q->head, *prev = NULL;

    if (!v->sched.on_runq)
        return;
    while (*link != v) {
        prev = *link;
        link = &(*link)->sched.runq_next;
    }
    *link = v->sched.runq_next;
    if (q->tail == v)
        q->tail = prev;
    v->sched.runq_next = NULL;
    v->sched.on_runq = false;
}

bool credit_may_run(const struct vcpu *v)
{
    return !(v->domain->cap && v->sched.credit <= 0);
}

struct vcpu *credit_runq_pick(struct credit_runq *q)
{
    struct vcpu *v;

    for (v = q->head; v; v = v->sched.runq_next)
        if (credit_may_run(v)) {
            credit_runq_remove(q, v);
            return v;
        }
    return NULL;
}

/* After accounting changed priorities: re-queue everyone, keeping arrival order within a priority. */
void credit_runq_resort(struct credit_runq *q)
{
    struct vcpu *v = q->head, *next;

    q->head = q->tail = NULL;
    for (; v; v = next) {
        next = v->sched.runq_next;
        v->sched.on_runq = false;
        v->sched.runq_next = NULL;
        credit_runq_insert(q, v);
    }
}

bool credit_runq_empty(const struct credit_runq *q)
{
    return q->head == NULL;
}

static enum credit_prio prio_of_credit(int64_t credit)
{
    return credit > 0 ? CREDIT_UNDER : CREDIT_OVER;
}

void credit_wake(struct vcpu *v)
{
    v->sched.prio = v->sched.credit > 0 ? CREDIT_BOOST : CREDIT_OVER;
}

void credit_debit(struct vcpu *v, uint64_t ns)
{
    v->sched.credit -= (int64_t)ns;
    v->sched.prio = prio_of_credit(v->sched.credit);
}

bool credit_preempts(const struct vcpu *woken, const struct vcpu *running)
{
    return !running || woken->sched.prio < running->sched.prio;
}

static int64_t clamp_credit(int64_t credit, int64_t bound)
{
    if (credit > bound)
        return bound;
    return credit < -bound ? -bound : credit;
}

static unsigned int online_vcpus(const struct domain *d)
{
    const struct vcpu *v;
    unsigned int n = 0;

    for_each_vcpu(d, v)
        n += !(v->pause_flags & VPF_down);
    return n;
}

/* The domain's share of the period, split among its vCPUs that are up. */
static void give_credit(struct domain *d, uint64_t share, uint64_t period_ns)
{
    unsigned int n = online_vcpus(d);
    int64_t per_vcpu = n ? (int64_t)(share / n) : 0;
    struct vcpu *v;

    for_each_vcpu(d, v) {
        if (v->pause_flags & VPF_down)
            continue;
        v->sched.credit = clamp_credit(v->sched.credit + per_vcpu, (int64_t)period_ns);
        if (v->sched.prio != CREDIT_BOOST)
            v->sched.prio = prio_of_credit(v->sched.credit);
    }
}

void credit_account(struct domain *const *domains, const bool *active,
                    unsigned int n, uint64_t period_ns, unsigned int nr_cpus)
{
    uint64_t total_weight = 0, total = period_ns * nr_cpus;
    unsigned int i;

    for (i = 0; i < n; i++)
        if (active[i])
            total_weight += domains[i]->weight;
    for (i = 0; i < n && total_weight; i++) {
        struct domain *d = domains[i];
        uint64_t share;
        if (!active[i])
            continue;
        share = total * d->weight / total_weight;
        if (d->cap && share > period_ns * d->cap / 100)
            share = period_ns * d->cap / 100;
        give_credit(d, share, period_ns);
    }
}
