/* dom0/kernel/process_internal.h - process lifecycle inside the kernel. */
#ifndef DOM0_KERNEL_PROCESS_INTERNAL_H
#define DOM0_KERNEL_PROCESS_INTERNAL_H

#include <kernel/types.h>

struct process;
struct user_regs;

struct process *process_alloc(void);
/* The registers saved at the top of p's kernel stack. */
struct user_regs *process_user_regs(struct process *p);
struct user_regs *current_user_regs(void);
/* Lets p's first switch-in return to user mode with its saved registers. */
void process_prepare_first_run(struct process *p);
void __attribute__((noreturn)) process_exit(int wstatus);
void vfork_wait(struct process *child);
/* exec or exit: the vfork parent may go on. */
void vfork_release(struct process *p);

#endif /* DOM0_KERNEL_PROCESS_INTERNAL_H */
