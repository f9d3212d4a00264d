/*
 * dom0/kernel/sched.c - choosing which process runs, and sleeping.
 *
 * The kernel never preempts itself: a process in the kernel runs until it
 * sleeps or returns to user mode, and a timer tick only asks for a
 * reschedule at that return.  Runnable processes take turns in FIFO
 * order.  With nothing to run, the idle loop (the boot stack) blocks the
 * vCPU until an event arrives.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include "../arch/xen.h"
#include "../arch/cpu.h"
#include "sched.h"



struct process *current;
static struct process idle_process = { .name = "idle" };
static struct process *run_first, *run_last;
/* Sleepers with a deadline: the timer looks at these, not every process
 * (beside 100 domains dom0 holds 100 xl monitors asleep without one). */
static struct process *timed_first;
/* An alarm may be set (sys_alarm): the timer then scans every process. */
static bool alarms_maybe;
static struct mm *loaded_mm;
bool need_resched;

void sched_init(void)
{
    idle_process.fpu_state = fpu_state_alloc();
    current = &idle_process;
}

/* Boot set up init as current; from here the boot stack is the idle process. */
void sched_init_done(void)
{
    current = &idle_process;
}

bool is_idle(const struct process *p)
{
    return p == &idle_process;
}

void make_runnable(struct process *p)
{
    if (p->state == PROC_RUNNABLE && p != current)
        return;
    p->state = PROC_RUNNABLE;
    p->next_runnable = NULL;
    if (run_last)
        run_last->next_runnable = p;
    else
        run_first = p;
    run_last = p;
    if (p != current)
        need_resched = true;
}

static struct process *pick_next(void)
{
    struct process *p = run_first;

    if (!p)
        return &idle_process;
    run_first = p->next_runnable;
    if (!run_first)
        run_last = NULL;
    p->next_runnable = NULL;
    return p;
}

static void switch_mm(struct process *next)
{
    if (next->mm && next->mm != loaded_mm) {
        mm_activate(next->mm);
        loaded_mm = next->mm;
    }
}

/* The mm being freed must not stay loaded. */
void sched_forget_mm(struct mm *mm)
{
    if (loaded_mm == mm) {
        mm_activate_kernel();
        loaded_mm = NULL;
    }
}

/*
 * The user GS base the vCPU holds: most processes never set one, so a
 * switch between two of them costs no hypercall.  0 or -EINVAL.
 */
long sched_load_user_gs(uint64_t base)
{
    static uint64_t loaded;
    long err;

    if (base == loaded)
        return 0;
    err = HYPERVISOR_set_segment_base(SEGBASE_GS_USER, base) ? -EINVAL : 0;
    if (!err)
        loaded = base;
    return err;
}

static void switch_to(struct process *next)
{
    struct process *prev = current;

    if (next == prev)
        return;
    fpu_save(prev->fpu_state);
    switch_mm(next);
    if (next->kstack)
        HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)next->kstack + KSTACK_SIZE);
    HYPERVISOR_set_segment_base(SEGBASE_FS, next->fs_base);
    if (!is_idle(next))
        sched_load_user_gs(next->gs_base);     /* idle runs no user code */
    current = next;
    switch_stacks(&prev->ksp, next->ksp);
    fpu_restore(current->fpu_state);
}

void schedule(void)
{
    struct process *prev = current;

    need_resched = false;
    if (prev->state == PROC_RUNNABLE && !is_idle(prev) && run_first)
        make_runnable(prev);
    else if (prev->state == PROC_RUNNABLE && !is_idle(prev))
        return;                 /* nobody else wants the CPU */
    switch_to(pick_next());
}

/* Called by a new process on its first run (entry.S ret_from_fork). */
void schedule_tail(void)
{
    fpu_restore(current->fpu_state);
}

static void sleep_enqueue(struct waitq *q, uint64_t deadline)
{
    struct process *p = current;

    p->state = PROC_SLEEPING;
    p->sleeping_on = q;
    p->woken_by_signal = false;
    p->woken_by_timeout = false;
    p->wake_deadline = deadline;
    if (q) {
        p->next_sleeper = q->first;
        q->first = p;
    }
    if (deadline) {
        p->next_timed = timed_first;
        timed_first = p;
    }
}

static void untime(struct process *p)
{
    for (struct process **pp = &timed_first; *pp; pp = &(*pp)->next_timed)
        if (*pp == p) {
            *pp = p->next_timed;
            return;
        }
}

static void sleep_dequeue(struct process *p)
{
    struct process **pp;

    if (p->wake_deadline)
        untime(p);
    if (p->sleeping_on) {
        for (pp = &p->sleeping_on->first; *pp; pp = &(*pp)->next_sleeper)
            if (*pp == p) {
                *pp = p->next_sleeper;
                break;
            }
    }
    p->sleeping_on = NULL;
    p->wake_deadline = 0;
}

static void wake(struct process *p)
{
    sleep_dequeue(p);
    make_runnable(p);
}

long waitq_sleep_until(struct waitq *q, uint64_t deadline_ns)
{
    struct process *p = current;

    if (signal_pending())
        return -EINTR;
    if (deadline_ns && monotonic_ns() >= deadline_ns)
        return -ETIMEDOUT;
    sleep_enqueue(q, deadline_ns);
    if (deadline_ns)
        timer_arm(deadline_ns);
    switch_to(pick_next());
    if (p->woken_by_signal)
        return -EINTR;
    return p->woken_by_timeout ? -ETIMEDOUT : 0;
}

/* A stopped process: off the CPU until SIGCONT or SIGKILL wakes it (signal.c). */
void sleep_while_stopped(void)
{
    sleep_enqueue(NULL, 0);
    switch_to(pick_next());
}

/* As waitq_sleep, but other signals neither end nor prevent the sleep. */
long waitq_sleep_killable(struct waitq *q)
{
    if (current->sig_pending & (1UL << (SIGKILL - 1)))
        return -EINTR;
    sleep_enqueue(q, 0);
    switch_to(pick_next());
    return current->sig_pending & (1UL << (SIGKILL - 1)) ? -EINTR : 0;
}

long waitq_sleep(struct waitq *q)
{
    return waitq_sleep_until(q, 0);
}

void waitq_wake_sleepers(struct waitq *q)
{
    while (q->first)
        wake(q->first);
}

void waitq_wake(struct waitq *q)
{
    waitq_wake_sleepers(q);
    poll_wake_hooked(q);
    poll_wake_all();
}

/* A signal interrupts a sleep (kernel/signal.c calls this). */
void wake_for_signal(struct process *p)
{
    if (p->state != PROC_SLEEPING)
        return;
    p->woken_by_signal = true;
    wake(p);
}

static int ring_alarm(struct process *p, void *now)
{
    if (p->alarm_at && p->alarm_at <= *(uint64_t *)now && p->state != PROC_ZOMBIE) {
        p->alarm_at = 0;
        signal_send(p, SIGALRM);
    }
    return 0;
}

void sched_note_alarm(void)
{
    alarms_maybe = true;
}

static void wake_expired(uint64_t now)
{
    struct process *p = timed_first;

    while (p) {
        struct process *next = p->next_timed;
        if (p->state == PROC_SLEEPING && p->wake_deadline <= now) {
            p->woken_by_timeout = true;
            wake(p);            /* takes it off the list */
        }
        p = next;
    }
}

/* The timer fired: wake sleepers whose deadline passed, re-arm for the next. */
void sched_timer_tick(void)
{
    uint64_t now = monotonic_ns();

    if (alarms_maybe)
        process_for_each(ring_alarm, &now);
    wake_expired(now);
    timer_arm_next();
    if (run_first)
        need_resched = true;
}

static int earliest_alarm(struct process *p, void *best)
{
    uint64_t *b = best;

    if (p->alarm_at && p->state != PROC_ZOMBIE && (!*b || p->alarm_at < *b))
        *b = p->alarm_at;
    return 0;
}

uint64_t sched_next_deadline(void)
{
    uint64_t best = 0;

    for (struct process *p = timed_first; p; p = p->next_timed)
        if (p->state == PROC_SLEEPING && (!best || p->wake_deadline < best))
            best = p->wake_deadline;
    if (alarms_maybe) {
        uint64_t alarm = 0;
        process_for_each(earliest_alarm, &alarm);
        alarms_maybe = alarm != 0;
        if (alarm && (!best || alarm < best))
            best = alarm;
    }
    return best;
}

void __attribute__((noreturn)) idle_loop(void)
{
    for (;;) {
        shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
        if (run_first) {
            schedule();
            continue;
        }
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    }
}

bool sched_others_runnable(void)
{
    return run_first != NULL;
}

/* execve: current's new address space takes effect now. */
void sched_use_mm(struct mm *mm)
{
    mm_activate(mm);
    loaded_mm = mm;
}
