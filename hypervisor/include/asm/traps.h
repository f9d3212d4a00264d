/*
 * Trap handling entry points shared by the x86 code.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>
#include <asm/desc.h>
#include <minixen/percpu.h>

void idt_init(void);
void idt_load(void);
struct tss64 *tss_init(void);
/* Point a TSS at the stacks of the CPU whose struct pcpu is pc. */
void tss_set_stacks(struct tss64 *t, struct pcpu *pc);
void do_trap(struct cpu_user_regs *regs);
const char *exception_name(unsigned int vec);
void show_registers(const struct cpu_user_regs *regs);
void show_backtrace(unsigned long rip, unsigned long rbp);

/* A guest raised an exception or interrupt vector: pv/traps.c. */
void pv_guest_trap(struct cpu_user_regs *regs);

/* The guest's frame at the top of this CPU's stack, below its struct pcpu. */
static inline struct cpu_user_regs *guest_cpu_regs(void)
{
    return (struct cpu_user_regs *)this_cpu() - 1;
}

/*
 * Whether the hypervisor is running a guest's hypercall: the guest's frame
 * came in by `syscall` (from a trap or interrupt it holds the vector; at
 * boot, before any guest ran, it is all zeroes).  Free to ask, so the
 * entry path sets no flag.  The frame still says so on the way back to
 * the guest and in the idle loop, where nothing asks.
 */
static inline bool in_guest_hypercall(void)
{
    return guest_cpu_regs()->vector & ENTRY_SYSCALL;
}

/* Jump to the guest frame at the top of the stack, discarding ours. */
void __attribute__((noreturn)) reset_stack_and_return_to_guest(void);

#endif
