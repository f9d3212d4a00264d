/* dom0/kernel/signal.h - signals inside the kernel (kernel/signal.c). */
#ifndef DOM0_KERNEL_SIGNAL_H
#define DOM0_KERNEL_SIGNAL_H

#include <kernel/types.h>

struct user_regs;
struct process;

#define SIG_BIT(sig)        (1UL << ((sig) - 1))

/* A fault's signal: delivered even if blocked or ignored (then it kills). */
void signal_force(int sig, int code, uint64_t addr);
/* Delivers pending signals to current before it returns to user mode. */
void signal_deliver(struct user_regs *regs);
/* Back to defaults at execve (ignored stay ignored, as on Linux). */
void signal_reset_for_exec(struct process *p);
/* The parent's SIGCHLD when a child exits. */
void signal_child_exit(struct process *child);

#endif /* DOM0_KERNEL_SIGNAL_H */
