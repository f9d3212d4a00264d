/*
 * Trap handling entry points shared by the x86 code.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>
#include <asm/desc.h>

void idt_init(void);
void idt_load(void);
struct tss64 *tss_init(void);
void do_trap(struct cpu_user_regs *regs);
const char *exception_name(unsigned int vec);
void show_registers(const struct cpu_user_regs *regs);
void show_backtrace(unsigned long rip, unsigned long rbp);

/* A guest raised an exception or interrupt vector: pv/traps.c. */
void pv_guest_trap(struct cpu_user_regs *regs);

/* The guest's frame at the top of the hypervisor stack (the boot CPU's, until SMP). */
static inline struct cpu_user_regs *guest_cpu_regs(void)
{
    extern char cpu0_stack_top[];

    return (struct cpu_user_regs *)((unsigned long)cpu0_stack_top - sizeof(struct cpu_user_regs));
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
    return guest_cpu_regs()->vector == ENTRY_SYSCALL;
}

/* Jump to the guest frame at the top of the stack, discarding ours. */
void __attribute__((noreturn)) reset_stack_and_return_to_guest(void);

#endif
