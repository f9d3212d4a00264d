/*
 * The credit scheduler's policy, apart from the mechanics of switching
 * (common/schedule.c), so it can be tested on the host
 * (tests/unit/test_sched_credit.c) with a simulated clock.
 *
 * Every accounting period (one time slice) the CPU time of the period is
 * shared out as credit among the domains that want to run, in proportion
 * to their weights, limited by their caps; running costs credit.  A vCPU
 * with credit left is UNDER and runs before those that are OVER; one that
 * wakes from a block with credit left is BOOSTed ahead of both, so event
 * handling stays responsive beside a domain that spins.  Within a
 * priority, vCPUs take turns in arrival order.  docs/scheduling.md has
 * the whole story.
 */
#ifndef MINIXEN_SCHED_CREDIT_H
#define MINIXEN_SCHED_CREDIT_H

#include <minixen/types.h>

struct vcpu;
struct domain;
struct credit_runq;

#define CREDIT_DEFAULT_WEIGHT   256
#define CREDIT_MAX_WEIGHT       65535
#define CREDIT_DEFAULT_TSLICE_MS 30

/* Queue at the back of its priority; out of the queue. */
void credit_runq_insert(struct credit_runq *q, struct vcpu *v);
void credit_runq_remove(struct credit_runq *q, struct vcpu *v);
/* Queue a vCPU that yielded: behind its priority and one lower-priority vCPU. */
void credit_runq_insert_yielded(struct credit_runq *q, struct vcpu *v);
/* Take the best vCPU allowed to run (a capped vCPU out of credit is not); NULL if none. */
struct vcpu *credit_runq_pick(struct credit_runq *q);
bool credit_runq_empty(const struct credit_runq *q);
/* Restore priority order after credit_account() changed priorities. */
void credit_runq_resort(struct credit_runq *q);

/* A blocked vCPU became runnable. */
void credit_wake(struct vcpu *v);
/* v ran for ns: charge it (a boost ends once it has run). */
void credit_debit(struct vcpu *v, uint64_t ns);
/* Should woken preempt running (NULL: the CPU idles)? */
bool credit_preempts(const struct vcpu *woken, const struct vcpu *running);
/* May v run now, or has its cap parked it until the next period? */
bool credit_may_run(const struct vcpu *v);

/*
 * One accounting period of period_ns on nr_cpus CPUs: share it out among
 * domains[0..n) that are active (active[i]), by weight and cap.
 */
void credit_account(struct domain *const *domains, const bool *active,
                    unsigned int n, uint64_t period_ns, unsigned int nr_cpus);

#endif /* MINIXEN_SCHED_CREDIT_H */
