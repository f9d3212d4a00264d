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
#include <asm/smp.h>

void init_timer(struct timer *t, void (*fn)(void *data), void *data, unsigned int cpu)
{
    *t = (struct timer){ .fn = fn, .data = data, .cpu = cpu };
}

static inline __attribute__((always_inline))
void queue_remove(struct timer_queue *q, struct timer *t)
{
    struct timer **link;

    if (!t->active)
        return;
    for (link = &q->head; *link != t; link = &(*link)->next)
        ;
    *link = t->next;
    t->next = NULL;
    __atomic_store_n(&t->active, false, __ATOMIC_RELAXED);
}

/* Behind every timer with the same expiry, so equal deadlines run in arming order. */
static inline __attribute__((always_inline))
void queue_add(struct timer_queue *q, struct timer *t, uint64_t expires)
{
    struct timer **link = &q->head;

    queue_remove(q, t);
    while (*link && (*link)->expires <= expires)
        link = &(*link)->next;
    t->expires = expires;
    t->next = *link;
    __atomic_store_n(&t->active, true, __ATOMIC_RELAXED);
    *link = t;
}

void timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    queue_remove(q, t);
}

void timer_queue_add(struct timer_queue *q, struct timer *t, uint64_t expires)
{
    queue_add(q, t, expires);
}

uint64_t timer_queue_next(const struct timer_queue *q)
{
    return q->head ? q->head->expires : 0;
}

/* The function runs unlocked: it may arm its own timer, or another of this queue. */
static void run_one(struct timer_queue *q, struct timer *t)
{
    queue_remove(q, t);
    q->running = t;
    spin_unlock(&q->lock);
    t->fn(t->data);
    spin_lock(&q->lock);
    __atomic_store_n(&q->running, NULL, __ATOMIC_RELEASE);
}

unsigned int timer_queue_run(struct timer_queue *q, uint64_t (*now)(void))
{
    unsigned int ran = 0;
    struct timer *t;

    spin_lock(&q->lock);
    while ((t = q->head) && t->expires <= now()) {
        run_one(q, t);
        ran++;
    }
    spin_unlock(&q->lock);
    return ran;
}

static struct timer_queue *timer_queue_of(unsigned int cpu)
{
    return &cpu_pcpu[cpu]->timers;
}

/*
 * t's queue, locked.  t may move meanwhile (migrate_timer): check once
 * locked.  No irqsave: the hypervisor takes interrupts only while a guest
 * runs or the CPU idles, never while it holds a lock (docs/locking.md).
 */
static struct timer_queue *lock_timer(struct timer *t)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        struct timer_queue *q = timer_queue_of(cpu);

        spin_lock(&q->lock);
        if (__builtin_expect(t->cpu == cpu, 1))
            return q;
        spin_unlock(&q->lock);
    }
}

/*
 * Only an earlier first deadline needs the hardware told before it fires:
 * a later one just makes the interrupt find nothing due.  This CPU's APIC
 * is programmed under the lock (so no older deadline can overwrite a newer
 * one); another CPU reads its own queue when kicked.
 */
static void unlock_timer(struct timer_queue *q, unsigned int cpu, uint64_t old_next)
{
    uint64_t next = timer_queue_next(q);

    if (__builtin_expect(q == &this_cpu()->timers, 1)) {
        if (next != old_next)
            arch_timer_program(next);
        spin_unlock(&q->lock);
        return;
    }
    spin_unlock(&q->lock);
    if (next && (!old_next || next < old_next))
        arch_timer_kick(cpu);
}

void set_timer(struct timer *t, uint64_t expires)
{
    struct timer_queue *q = lock_timer(t);
    uint64_t old_next = timer_queue_next(q);

    if (__builtin_expect(!t->killed, 1))
        queue_add(q, t, expires);
    unlock_timer(q, t->cpu, old_next);
}

void stop_timer(struct timer *t)
{
    struct timer_queue *q = lock_timer(t);
    uint64_t old_next = timer_queue_next(q);

    queue_remove(q, t);
    unlock_timer(q, t->cpu, old_next);
}

/* Its function may still run on the queue it was on before a migration: look at every CPU's. */
static bool running_elsewhere(const struct timer *t)
{
    for (unsigned int cpu = 0; cpu < MAX_PHYS_CPUS && cpu_pcpu[cpu]; cpu++)
        if (cpu_pcpu[cpu] != this_cpu() &&
            __atomic_load_n(&cpu_pcpu[cpu]->timers.running, __ATOMIC_ACQUIRE) == t)
            return true;
    return false;
}

/*
 * Running on this CPU, t's function is our caller (a watchdog that ends
 * its own domain): it touches nothing of t's once it returns.
 */
void kill_timer(struct timer *t)
{
    struct timer_queue *q = lock_timer(t);
    uint64_t old_next = timer_queue_next(q);

    t->killed = true;
    queue_remove(q, t);
    unlock_timer(q, t->cpu, old_next);
    while (running_elsewhere(t))
        smp_relax();
}

/* Under both queues' locks: t leaves one for the other, armed as it was. */
static void move_timer(struct timer *t, struct timer_queue *from, struct timer_queue *to,
                       unsigned int cpu)
{
    bool armed = t->active;

    queue_remove(from, t);
    __atomic_store_n(&t->cpu, cpu, __ATOMIC_RELEASE);
    if (armed)
        queue_add(to, t, t->expires);
}

/* Both queues locked, the lower CPU's first, so two migrations cannot deadlock. */
void migrate_timer(struct timer *t, unsigned int cpu)
{
    unsigned int old;

    while ((old = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE)) != cpu) {
        struct timer_queue *from = timer_queue_of(old), *to = timer_queue_of(cpu);
        uint64_t to_next;

        spin_lock(old < cpu ? &from->lock : &to->lock);
        spin_lock(old < cpu ? &to->lock : &from->lock);
        if (t->cpu == old) {
            to_next = timer_queue_next(to);
            move_timer(t, from, to, cpu);
            spin_unlock(&from->lock);
            unlock_timer(to, cpu, to_next);
            return;
        }
        spin_unlock(&to->lock);
        spin_unlock(&from->lock);
    }
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
    spin_lock(&q->lock);
    arch_timer_program(timer_queue_next(q));
    spin_unlock(&q->lock);
}
