/*
 * The x86 part of the 'q' debug key (keyhandler.c): a PV vCPU's
 * registers, mode and page-table bases.
 */
#include <minixen/keyhandler.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/traps.h>

/* The running vCPU's registers are the frame at the top of the stack
 * (the key interrupted it, or the CPU idles after its last hypercall);
 * the others' were saved when they were switched out. */
static const struct cpu_user_regs *vcpu_regs(const struct vcpu *v)
{
    return v == current ? guest_cpu_regs() : &v->regs;
}

void arch_dump_vcpu_info(const struct vcpu *v)
{
    const struct cpu_user_regs *r = vcpu_regs(v);

    printk("    rip %04lx:%016lx rsp %04lx:%016lx rflags %08lx\n",
           r->cs, r->rip, r->ss, r->rsp, r->rflags);
    printk("    rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           r->rax, r->rbx, r->rcx, r->rdx);
    printk("    rsi %016lx rdi %016lx rbp %016lx\n", r->rsi, r->rdi, r->rbp);
    printk("    guest %s mode; L4 mfn kernel %#lx user %#lx; kernel stack %04lx:%016lx\n",
           v->arch.in_kernel ? "kernel" : "user", v->arch.guest_table,
           v->arch.guest_table_user, v->arch.kernel_ss, v->arch.kernel_sp);
}
