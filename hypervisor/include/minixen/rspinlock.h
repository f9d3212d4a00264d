/*
 * A spinlock its holder may take again (Xen's spin_lock_recursive): for
 * a domain's page list, which teardown holds while dropping references
 * whose last one frees a frame, and so takes the lock once more.
 */
#ifndef MINIXEN_RSPINLOCK_H
#define MINIXEN_RSPINLOCK_H

#include <minixen/spinlock.h>
#include <minixen/percpu.h>

#define RSPIN_NOBODY 0xffffu

typedef struct {
    spinlock_t lock;
    uint16_t owner;             /* the holder's CPU, RSPIN_NOBODY */
    uint16_t depth;
} rspinlock_t;

#define RSPIN_LOCK_UNLOCKED ((rspinlock_t){ .owner = RSPIN_NOBODY })

/* Only this CPU ever writes its own number into owner, so a plain read will do. */
static inline void spin_lock_recursive(rspinlock_t *l)
{
    uint16_t me = (uint16_t)this_cpu()->cpu_id;

    if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != me) {
        spin_lock(&l->lock);
        __atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
    }
    l->depth++;
}

static inline void spin_unlock_recursive(rspinlock_t *l)
{
    if (--l->depth)
        return;
    __atomic_store_n(&l->owner, RSPIN_NOBODY, __ATOMIC_RELAXED);
    spin_unlock(&l->lock);
}

#endif
