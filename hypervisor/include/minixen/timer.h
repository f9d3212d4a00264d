/*
 * Software timers: each physical CPU keeps its armed timers in one queue
 * ordered by expiry, and its local APIC's one-shot timer is programmed for
 * the earliest.  Guests' timers (set_timer_op, vcpu_op), poll timeouts,
 * watchdogs and the scheduler's slice and accounting all use them.
 *
 * A timer function runs from the timer interrupt with interrupts off; it
 * may arm or stop any timer, itself included, but must not block.
 *
 * The queue itself (timer_queue_*) is pure and covered by
 * tests/unit/test_timer.c; set_timer() and stop_timer() are the same
 * operations on this CPU's queue plus the reprogramming of the hardware.
 */
#ifndef MINIXEN_TIMER_H
#define MINIXEN_TIMER_H

#include <minixen/types.h>

struct timer {
    uint64_t expires;               /* system time (ns) */
    void (*fn)(void *data);
    void *data;
    struct timer *next;             /* later timer in the queue */
    bool active;                    /* in a queue */
};

struct timer_queue {
    struct timer *head;             /* earliest first */
};

void init_timer(struct timer *t, void (*fn)(void *data), void *data);

static inline bool timer_is_active(const struct timer *t) { return t->active; }

/* Arm t for expires (re-arming an active timer moves it); stop it. */
void set_timer(struct timer *t, uint64_t expires);
void stop_timer(struct timer *t);

/* ---- The queue (pure) ---- */
void timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires);
void timer_queue_remove(struct timer_queue *q, struct timer *t);
/* Earliest expiry, 0 if the queue is empty. */
uint64_t timer_queue_next(const struct timer_queue *q);
/*
 * Run every timer whose expiry is <= now(), earliest first, re-reading
 * the clock between them so a timer armed by another's function for a
 * time already past runs in the same pass.  Returns how many ran.
 */
unsigned int timer_queue_run(struct timer_queue *q, uint64_t (*now)(void));

/* Called from the timer interrupt: run what is due, reprogram the hardware. */
void timer_softirq(void);

/* Arch hook: interrupt at system time deadline (0 = no interrupt needed). */
void arch_timer_program(uint64_t deadline);

#endif /* MINIXEN_TIMER_H */
