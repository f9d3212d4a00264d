/*
 * Ticket spinlocks, as Xen's spinlock_t: a CPU takes the next ticket and
 * waits until the lock serves it, so CPUs get a contended lock in the
 * order they asked for it and none starves.  A lock an interrupt handler
 * also takes is taken with interrupts off (spin_lock_irqsave()), or the
 * handler could wait forever for the CPU it interrupted.  Which lock is
 * taken inside which: docs/locking.md.  Host-tested
 * (tests/unit/test_spinlock.c).
 */
#ifndef MINIXEN_SPINLOCK_H
#define MINIXEN_SPINLOCK_H

#include <minixen/types.h>
#include <asm/x86.h>

typedef union {
    uint32_t word;
    struct {
        uint16_t head;          /* the ticket being served */
        uint16_t tail;          /* the next ticket to hand out */
    };
} spinlock_t;

#define SPIN_LOCK_UNLOCKED  ((spinlock_t){ .word = 0 })

/*
 * What a CPU does while it spins for another: answer a TLB shootdown
 * aimed at it first (the hypervisor runs with interrupts off, and the CPU
 * it waits for may be waiting for that answer), then pause.
 */
#ifdef MINIXEN_HOST_TEST
static inline void smp_relax(void) { cpu_relax(); }
#else
void smp_flush_answer(void);
static inline void smp_relax(void)
{
    smp_flush_answer();
    cpu_relax();
}
#endif
#define DEFINE_SPINLOCK(l)  spinlock_t l = SPIN_LOCK_UNLOCKED

/* Out of line: an uncontended lock is the fetch-and-add and one compare. */
static void __attribute__((noinline, cold)) spin_wait(spinlock_t *l, uint16_t ticket)
{
    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != ticket)
        smp_relax();
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t ticket = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);

    if (__builtin_expect(__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != ticket, 0))
        spin_wait(l, ticket);
}

/* The lock if nobody holds or waits for it; false at once otherwise. */
static inline bool spin_trylock(spinlock_t *l)
{
    spinlock_t old = { .word = __atomic_load_n(&l->word, __ATOMIC_RELAXED) }, next = old;

    if (old.head != old.tail)
        return false;
    next.tail++;
    return __atomic_compare_exchange_n(&l->word, &old.word, next.word, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Only the holder writes head, so a plain increment in place will do (as
 * Linux's ticket locks did): x86 keeps it after the critical section's
 * stores, and a waiter reads either value whole.
 */
static inline void spin_unlock(spinlock_t *l)
{
    asm volatile ("addw $1, %0" : "+m" (l->head) :: "memory");
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    spinlock_t now = { .word = __atomic_load_n(&l->word, __ATOMIC_RELAXED) };

    return now.head != now.tail;
}

/* Interrupts off first, as they were restored after (RFLAGS.IF). */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = local_irq_save();

    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    local_irq_restore(flags);
}

#endif /* MINIXEN_SPINLOCK_H */
