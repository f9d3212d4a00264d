/*
 * minixen/preempt.h - when a long hypercall should stop and go on later.
 *
 * Hypercalls run with interrupts off, so a timer interrupt that falls due
 * meanwhile has to wait for the hypercall to end.  A handler doing a long
 * job therefore asks hypercall_preempt_check() every few units of work (a
 * stride of requests, one page table, one extent, one chunk) and, when it
 * says yes, stops and turns what is left into a continuation
 * (minixen/hypercall.h): the guest re-executes the same hypercall with
 * updated arguments once the interrupt, events and other vCPUs have had
 * their turn.  A handler always does one unit before it asks, so every
 * continuation makes progress.
 *
 * The answer is yes when the timer is due (Xen's timer softirq would be
 * pending) or when the call itself asked for a reschedule (a yield, a
 * block, a wake-up that preempts: Xen's schedule softirq).
 *
 * For tests, the boot option hypercall_preempt_every=N answers yes to
 * every Nth question of each vCPU instead of the timer
 * (docs/command-line.md), which makes continuations happen at known
 * points whatever the speed of the machine.  The timer has to stay out:
 * it is read from the TSC, while its interrupt comes when the emulator
 * gets round to it, so on a loaded host it can read due for many calls
 * in a row and which calls it stops depends on the host.  A due timer
 * then waits at most N questions.  Each vCPU counts its own questions,
 * so that another domain's calls, interleaved by the timer, do not move
 * its points either.
 */
#ifndef MINIXEN_PREEMPT_H
#define MINIXEN_PREEMPT_H

#include <minixen/types.h>
#include <minixen/percpu.h>
#include <minixen/sched.h>
#include <asm/apic.h>

/* 0: off.  Otherwise every Nth hypercall_preempt_check() of a vCPU is true. */
extern unsigned int opt_hypercall_preempt_every;

static inline bool hypercall_preempt_forced(void)
{
    if (++current->preempt_asked < opt_hypercall_preempt_every)
        return false;
    current->preempt_asked = 0;
    return true;
}

/* Should the running hypercall stop here and continue later? */
static inline bool hypercall_preempt_check(void)
{
    if (opt_hypercall_preempt_every)
        return hypercall_preempt_forced() || this_cpu()->sched_pending;
    return this_cpu()->sched_pending || apic_timer_due();
}

#endif /* MINIXEN_PREEMPT_H */
