/*
 * Software timers: each physical CPU keeps its armed timers in one queue
 * ordered by expiry, and its local APIC's one-shot timer is programmed for
 * the earliest.  Guests' timers (set_timer_op, vcpu_op), poll timeouts,
 * watchdogs and the scheduler's slice and accounting all use them.
 *
 * A timer belongs to one CPU (t->cpu, as Xen's), whose queue it goes in
 * and whose interrupt runs its function.  Any CPU may arm or stop it: the
 * queue has a lock, and a CPU that makes another's earliest deadline
 * earlier kicks that CPU (arch_timer_kick) to reprogram its APIC.
 *
 * A timer function runs on its CPU, interrupts off, without the queue's
 * lock; it may arm or stop any timer, itself included, but must not
 * block.  Because it runs unlocked, stop_timer() from another CPU may
 * return while the function is still running: a timer about to be freed
 * is killed (kill_timer), which also waits for that.
 *
 * The queue itself (timer_queue_*) is covered by tests/unit/test_timer.c;
 * set_timer() and stop_timer() are the same operations on the timer's
 * CPU's queue plus the reprogramming of the hardware.
 */
#ifndef MINIXEN_TIMER_H
#define MINIXEN_TIMER_H

#include <minixen/types.h>
#include <minixen/spinlock.h>

struct timer {
    uint64_t expires;               /* system time (ns) */
    void (*fn)(void *data);
    void *data;
    struct timer *next;             /* later timer in the queue */
    unsigned int cpu;               /* whose queue; changed only by migrate_timer() */
    bool active;                    /* in a queue */
    bool killed;                    /* kill_timer(): never armed again */
};

struct timer_queue {
    spinlock_t lock;                /* head, every queued timer's links, running */
    struct timer *head;             /* earliest first */
    struct timer *running;          /* its function runs now, the lock dropped */
};

/* A timer of CPU cpu's, not armed. */
void init_timer(struct timer *t, void (*fn)(void *data), void *data, unsigned int cpu);

static inline bool timer_is_active(const struct timer *t)
{
    return __atomic_load_n(&t->active, __ATOMIC_RELAXED);
}

/* Arm t for expires (re-arming an active timer moves it); stop it. */
void set_timer(struct timer *t, uint64_t expires);
void stop_timer(struct timer *t);
/*
 * Stop t for good (set_timer ignores it from now on, as Xen's does once a
 * timer is killed, so a function that re-arms itself cannot bring it
 * back) and wait until its function runs on no other CPU: then t may be
 * freed.  Called from t's own function, it does not wait for itself.
 */
void kill_timer(struct timer *t);
/* Move t to CPU cpu's queue, armed as it was. */
void migrate_timer(struct timer *t, unsigned int cpu);

/* ---- The queue (callers of add and remove hold its lock) ---- */
void timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires);
void timer_queue_remove(struct timer_queue *q, struct timer *t);
/* Earliest expiry, 0 if the queue is empty. */
uint64_t timer_queue_next(const struct timer_queue *q);
/*
 * Run every timer whose expiry is <= now(), earliest first, re-reading
 * the clock between them so a timer armed by another's function for a
 * time already past runs in the same pass.  Takes the queue's lock, and
 * drops it around each function.  Returns how many ran.
 */
unsigned int timer_queue_run(struct timer_queue *q, uint64_t (*now)(void));

/* Called from the timer interrupt: run what is due, reprogram the hardware. */
void timer_softirq(void);

/* Arch hooks: interrupt this CPU at system time deadline (0 = no
 * interrupt needed); make CPU cpu run timer_softirq() soon. */
void arch_timer_program(uint64_t deadline);
void arch_timer_kick(unsigned int cpu);

#endif /* MINIXEN_TIMER_H */
