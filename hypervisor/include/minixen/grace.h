/*
 * Grace periods: memory that other CPUs may still read (a domain struct
 * a hypercall looked up, a port bucket a VIRQ found) is freed only once
 * every CPU has since been at a point where it holds no such pointer, as
 * Xen frees domains through RCU.
 *
 * Those points are the scheduler (every CPU enters it at least once a
 * time slice, common/schedule.c) and idling: a CPU in hlt holds nothing,
 * and an interrupt taken there counts it as busy again until the idle
 * loop's next turn.  Readers take no lock; they only keep what they
 * found within one hypercall, timer function or interrupt.
 */
#ifndef MINIXEN_GRACE_H
#define MINIXEN_GRACE_H

#include <minixen/types.h>

struct pcpu;

struct grace_item {
    struct grace_item *next;
    unsigned long clock;            /* the grace clock when it was queued */
    void (*fn)(struct grace_item *item);
};

/* Call fn(item) once every online CPU has held no pointer from before now. */
void call_after_grace(struct grace_item *item, void (*fn)(struct grace_item *item));
/* This CPU holds no pointer from before now (the scheduler, on every CPU). */
void grace_quiescent(struct pcpu *pc);
/* Around hlt in the idle loop; and an interrupt that ends an idle CPU's halt. */
void grace_idle_enter(struct pcpu *pc);
void grace_idle_exit(struct pcpu *pc);
void grace_interrupt(struct pcpu *pc);
/* Run what has waited long enough (the scheduler, on every CPU). */
void grace_run_ready(void);
/*
 * At the start of a hypercall this CPU holds nothing from before, either:
 * what waited only for it is freed now (the toolstack's queries then
 * count a domain it destroyed in its last call as gone).
 */
void grace_catch_up(void);
/* At power-off, the other CPUs stopped: run everything still waiting. */
void grace_run_all(void);

#endif
