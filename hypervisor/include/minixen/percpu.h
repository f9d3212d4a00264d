/*
 * What each physical CPU owns: the vCPU it runs, its timer queue and its
 * scheduler state.  minixen runs on the boot CPU only for now, so
 * this_cpu() is pcpus[0]; the SMP issue gives each CPU its own entry and
 * makes this_cpu() find it (from the stack, as Xen does), without
 * changing any caller.
 */
#ifndef MINIXEN_PERCPU_H
#define MINIXEN_PERCPU_H

#include <asm/percpu.h>

#define NR_CPUS 1

/* entry.S reads sched_pending at this offset (checked in schedule.c). */
#define PCPU_SCHED_PENDING 0

#ifndef __ASSEMBLER__
#include <minixen/types.h>
#include <minixen/timer.h>

struct vcpu;

/* The credit scheduler's per-CPU part (common/sched_credit.c). */
struct credit_runq {
    struct vcpu *head, *tail;       /* runnable, not running; by priority */
};

struct pcpu {
    /* Set when this CPU must reschedule before it next enters a guest. */
    bool sched_pending;
    struct arch_pcpu arch;          /* at PCPU_ARCH, for entry.S */
    unsigned int cpu_id;
    struct vcpu *curr;              /* the vCPU whose frame is on our stack */
    bool idling;                    /* halted: curr is not running */
    uint64_t curr_since;            /* system time curr was scheduled in */
    struct timer_queue timers;
    struct credit_runq runq;
    struct timer slice_timer;       /* curr's time slice ends */
};

extern struct pcpu pcpus[NR_CPUS];

static inline struct pcpu *this_cpu(void) { return &pcpus[0]; }
#endif

#endif /* MINIXEN_PERCPU_H */
