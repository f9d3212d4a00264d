/*
 * Software timers, one queue per physical CPU (see minixen/timer.h).
 *
 * The queue is a list sorted by expiry: a CPU has a handful of timers
 * (two or three per vCPU, the watchdogs, the scheduler's two), so an
 * ordered insert is cheaper and simpler than a heap at this size.
 */
#include <minixen/timer.h>
#include <minixen/percpu.h>
#include <asm/time.h>

void init_timer(struct timer *t, void (*fn)(void *data), void *data)
{
    *t = (struct timer){ .fn = fn, .data = data };
}

void timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    struct timer **link;

    if (!t->active)
        return;
    for (link = &q->head; *link != t; link = &(*link)->next)
        ;
    *link = t->next;
    t->next = NULL;
    t->active = false;
}

/* Behind every timer with the same expiry, so equal deadlines run in arming order. */
void timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires)
{
    struct timer **link = &q->head;

    timer_queue_remove(q, t);
    while (*link && (*link)->expires <= expires)
        link = &(*link)->next;
    t->expires = expires;
    t->next = *link;
    t->active = true;
    *link = t;
}

uint64_t timer_queue_next(const struct timer_queue *q)
{
    return q->head ? q->head->expires : 0;
}

unsigned int timer_queue_run(struct timer_queue *q, uint64_t (*now)(void))
{
    unsigned int ran = 0;
    struct timer *t;

    while ((t = q->head) && t->expires <= now()) {
        timer_queue_remove(q, t);
        t->fn(t->data);
        ran++;
    }
    return ran;
}

/* Only a change of the earliest deadline needs the hardware touched. */
static void reprogram_if_head_changed(struct timer_queue *q, uint64_t old_next)
{
    uint64_t next = timer_queue_next(q);

    if (next != old_next)
        arch_timer_program(next);
}

void set_timer(struct timer *t, uint64_t expires)
{
    struct timer_queue *q = &this_cpu()->timers;
    uint64_t old_next = timer_queue_next(q);

    timer_queue_add(q, t, expires);
    reprogram_if_head_changed(q, old_next);
}

void stop_timer(struct timer *t)
{
    struct timer_queue *q = &this_cpu()->timers;
    uint64_t old_next = timer_queue_next(q);

    timer_queue_remove(q, t);
    reprogram_if_head_changed(q, old_next);
}

/* A local function: its address needs no GOT entry in the PIE image. */
static uint64_t now_ns(void)
{
    return get_s_time();
}

void timer_softirq(void)
{
    struct timer_queue *q = &this_cpu()->timers;

    timer_queue_run(q, now_ns);
    arch_timer_program(timer_queue_next(q));
}
