/* dom0/kernel/sched.h - the scheduler's interface inside the kernel. */
#ifndef DOM0_KERNEL_SCHED_H
#define DOM0_KERNEL_SCHED_H

#include <kernel/types.h>

struct process;
struct waitq;
struct mm;

#define KSTACK_PAGES        4
#define KSTACK_SIZE         (KSTACK_PAGES * PAGE_SIZE)
/* How long a process runs before another runnable one gets the CPU. */
#define TIME_SLICE_NS       10000000ULL

extern bool need_resched;

void sched_init(void);
void sched_init_done(void);
bool is_idle(const struct process *p);
void make_runnable(struct process *p);
void schedule(void);
void __attribute__((noreturn)) idle_loop(void);
void sched_forget_mm(struct mm *mm);
void sched_use_mm(struct mm *mm);
long sched_load_user_gs(uint64_t base);
void wake_for_signal(struct process *p);
void sleep_while_stopped(void);
long waitq_sleep_killable(struct waitq *q);
void sched_timer_tick(void);
uint64_t sched_next_deadline(void);
/* sys_alarm armed one: the timer looks for alarms in every process. */
void sched_note_alarm(void);
bool sched_others_runnable(void);

/* kernel/time.c: one-shot timer at the earliest deadline asked for. */
void timer_arm(uint64_t deadline_ns);
void timer_arm_next(void);
void timer_ensure_slice(void);

/* arch/entry.S */
void switch_stacks(unsigned long *save_ksp, unsigned long new_ksp);
void ret_from_fork(void);

/* fs/poll.c: wakes the poll()/select() sleepers polling globally, and
 * those hooked on one queue. */
void poll_wake_all(void);
void poll_wake_hooked(struct waitq *q);

#endif /* DOM0_KERNEL_SCHED_H */
