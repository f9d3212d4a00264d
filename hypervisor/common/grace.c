/*
 * Grace periods (minixen/grace.h).
 *
 * A global clock counts the items queued.  Each CPU records the clock
 * when it last held nothing (grace_seen), or ~0 while it idles.  An item
 * queued at clock c is safe to free once every online CPU's grace_seen is
 * at least c: each has read the clock after the item stopped being
 * reachable, so nothing it reads from then on can lead to the item.
 */
#include <minixen/grace.h>
#include <minixen/percpu.h>
#include <minixen/spinlock.h>
#include <asm/smp.h>

#define GRACE_IDLE (~0UL)

static unsigned long grace_clock;
static DEFINE_SPINLOCK(grace_lock);
static struct grace_item *waiting;          /* newest first */

void call_after_grace(struct grace_item *item, void (*fn)(struct grace_item *item))
{
    item->fn = fn;
    item->clock = __atomic_add_fetch(&grace_clock, 1, __ATOMIC_SEQ_CST);
    spin_lock(&grace_lock);
    item->next = waiting;
    __atomic_store_n(&waiting, item, __ATOMIC_RELEASE);
    spin_unlock(&grace_lock);
}

void grace_quiescent(struct pcpu *pc)
{
    __atomic_store_n(&pc->grace_seen, __atomic_load_n(&grace_clock, __ATOMIC_SEQ_CST),
                     __ATOMIC_SEQ_CST);
}

void grace_idle_enter(struct pcpu *pc)
{
    __atomic_store_n(&pc->grace_seen, GRACE_IDLE, __ATOMIC_SEQ_CST);
}

void grace_idle_exit(struct pcpu *pc)
{
    grace_quiescent(pc);
}

void grace_interrupt(struct pcpu *pc)
{
    if (__atomic_load_n(&pc->grace_seen, __ATOMIC_RELAXED) == GRACE_IDLE)
        grace_quiescent(pc);
}

/* The oldest clock some online CPU may still hold a pointer from. */
static unsigned long oldest_seen(void)
{
    unsigned long oldest = GRACE_IDLE;

    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++) {
        unsigned long seen = __atomic_load_n(&cpu_pcpu[cpu]->grace_seen, __ATOMIC_SEQ_CST);
        if (seen < oldest)
            oldest = seen;
    }
    return oldest;
}

/* Under grace_lock: unlink the items every CPU is past (all with `all`). */
static struct grace_item *take_ready(bool all)
{
    unsigned long oldest = all ? GRACE_IDLE : oldest_seen();
    struct grace_item **link = &waiting, *ready = NULL, *it;

    while ((it = *link)) {
        if (it->clock > oldest) {
            link = &it->next;
            continue;
        }
        *link = it->next;
        it->next = ready;
        ready = it;
    }
    return ready;
}

static void run_items(bool all)
{
    struct grace_item *it, *next;

    if (!__atomic_load_n(&waiting, __ATOMIC_ACQUIRE))
        return;
    spin_lock(&grace_lock);
    it = take_ready(all);
    spin_unlock(&grace_lock);
    for (; it; it = next) {
        next = it->next;
        it->fn(it);
    }
}

void grace_run_ready(void)
{
    run_items(false);
}

void grace_catch_up(void)
{
    grace_quiescent(this_cpu());
    grace_run_ready();
}

void grace_run_all(void)
{
    run_items(true);
}
