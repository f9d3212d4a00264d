/*
 * What each physical CPU owns: the vCPU it runs, its timer queue and its
 * scheduler state.  Each CPU's struct pcpu sits at the top of its stack
 * block (asm/config.h), so this_cpu() is a mask of %rsp, as Xen finds
 * its cpu_info: no global, and no register to set up on the way in.
 * Every online CPU runs guests from a run queue of its own
 * (common/schedule.c).
 */
#ifndef MINIXEN_PERCPU_H
#define MINIXEN_PERCPU_H

#include <asm/percpu.h>
#include <asm/config.h>

/* entry.S reads sched_pending at this offset (checked in schedule.c). */
#define PCPU_SCHED_PENDING 0

#ifndef __ASSEMBLER__
#include <minixen/types.h>
#include <minixen/timer.h>
#include <minixen/spinlock.h>

struct vcpu;
struct cpu_user_regs;

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
    /*
     * The scheduler's lock: this CPU's run queue, and for each vCPU whose
     * processor this is, its scheduling state (docs/locking.md).
     */
    spinlock_t sched_lock;
    struct credit_runq runq;
    /* Another CPU waits for this vCPU's state: save it when idle (schedule.c). */
    struct vcpu *unload_wanted;
    /* The grace clock when this CPU last held no domain pointer (common/grace.c). */
    unsigned long grace_seen;
    struct timer slice_timer;       /* curr's time slice ends */
    /*
     * A call another CPU asked this one to run (arch/x86/smp.c): it is
     * due while seq != done, and done = seq says it ran.
     */
    struct {
        void (*fn)(void *arg, const struct cpu_user_regs *regs);
        void *arg;
        unsigned long seq, done;
    } call;
};

static inline struct pcpu *pcpu_of_stack(unsigned long sp)
{
    return (struct pcpu *)((sp | (PERCPU_BLOCK_SIZE - 1)) + 1 - PCPU_AREA_SIZE);
}

#ifdef MINIXEN_HOST_TEST
/*
 * Host unit tests run on an ordinary stack: the test provides the CPU,
 * host_test_pcpu, or one per thread for a race test's threads
 * (host_test_thread_pcpu: a weak definition, so every file shares it).
 */
extern struct pcpu host_test_pcpu;
__attribute__((weak)) __thread struct pcpu *host_test_thread_pcpu;
static inline struct pcpu *this_cpu(void)
{
    return host_test_thread_pcpu ? host_test_thread_pcpu : &host_test_pcpu;
}
#else
/* Any stack of this CPU's block will do: the IST ones too. */
static inline struct pcpu *this_cpu(void)
{
    unsigned long sp;

    asm ("mov %%rsp, %0" : "=r" (sp));
    return pcpu_of_stack(sp);
}
#endif

/* CPU n's, once it is online (n < smp_nr_online()); NULL before. */
extern struct pcpu *cpu_pcpu[];
#endif

#endif /* MINIXEN_PERCPU_H */
