/*
 * Continuations of a 64-bit PV guest's hypercalls.  entry.S calls the
 * handler straight from the `syscall` and stores whatever it returns in
 * rax, so the common case costs nothing here.  A handler that made a
 * continuation returns its op: the guest's registers already name the
 * rest of the work, and its RIP has been moved back over the `syscall`,
 * so the vCPU makes the call again the next time it runs (Xen rewinds in
 * pv_hypercall; here the continuation does it, so the entry path need
 * not check).
 *
 * Both instructions that enter a hypercall, `syscall` and `int $0x82`,
 * are two bytes long and trap: the saved RIP is the next instruction.
 */
#include <minixen/hypercall.h>
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/traps.h>
#include <asm/pv.h>

#define HYPERCALL_INSN_LEN 2

/*
 * Registers of the 64-bit calling convention, in argument order.  The
 * sixth (r9) is never used by a handler, so a continuation never sets it.
 */
static void set_arg_regs(struct cpu_user_regs *regs, unsigned int nr,
                         const unsigned long *args)
{
    uint64_t *reg[] = { &regs->rdi, &regs->rsi, &regs->rdx, &regs->r10, &regs->r8 };
    unsigned int i;

    for (i = 0; i < nr && i < ARRAY_SIZE(reg); i++)
        *reg[i] = args[i];
}

/* The multicall entry being run takes the arguments; do_multicall goes on. */
static long continue_multicall_entry(unsigned int op, unsigned int nr_args,
                                     const unsigned long *args)
{
    struct hypercall_state *hs = &hypercall_state;
    unsigned int i;

    for (i = 0; i < nr_args && i < ARRAY_SIZE(hs->call.args); i++)
        hs->call.args[i] = args[i];
    hs->preempted = true;
    return op;
}

long arch_hypercall_create_continuation(unsigned int op, unsigned int nr_args,
                                        const unsigned long *args)
{
    struct cpu_user_regs *regs = guest_cpu_regs();

    if (hypercall_state.in_multicall)
        return continue_multicall_entry(op, nr_args, args);
    regs->rax = op;
    set_arg_regs(regs, nr_args, args);
    regs->rip -= HYPERCALL_INSN_LEN;
    current->domain->arch.continuations++;
    return op;
}
