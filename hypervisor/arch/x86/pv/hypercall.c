/*
 * The hypercall path of a 64-bit PV guest: entry.S hands over the
 * register frame of a guest `syscall` (already checked to be a wired
 * number from guest kernel mode), and pv_hypercall() runs the handler
 * with the argument registers, then either stores its result in rax or,
 * if the handler made a continuation, moves RIP back over the `syscall`
 * so the guest makes the call again (Xen's pv_hypercall does the same).
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

long arch_hypercall_create_continuation(unsigned int op, unsigned int nr_args,
                                        const unsigned long *args)
{
    struct hypercall_state *hs = &hypercall_state;
    unsigned int i;

    hs->preempted = true;
    if (hs->in_multicall) {
        for (i = 0; i < nr_args && i < ARRAY_SIZE(hs->call.args); i++)
            hs->call.args[i] = args[i];
        return op;
    }
    guest_cpu_regs()->rax = op;
    set_arg_regs(guest_cpu_regs(), nr_args, args);
    return op;
}

void pv_hypercall(struct cpu_user_regs *regs)
{
    struct hypercall_state *hs = &hypercall_state;
    long rc;

    /* A hypercall that ended in schedule() left these behind. */
    hs->preempted = false;
    hs->in_multicall = false;
    hs->in_guest_hypercall = true;
    pv_validation_reset();
    rc = hypercall_call_pv64((unsigned int)regs->rax, regs->rdi, regs->rsi,
                             regs->rdx, regs->r10, regs->r8);
    hs->in_guest_hypercall = false;
    if (!hs->preempted) {
        regs->rax = rc;
        return;
    }
    /* rax and the arguments already hold the continuation. */
    regs->rip -= HYPERCALL_INSN_LEN;
    current->domain->arch.continuations++;
}
