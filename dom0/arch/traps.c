/*
 * dom0/arch/traps.c - exceptions: the trap table, page faults, and what
 * a fault means for the process or the kernel that caused it.
 *
 * A fault in user mode becomes a signal for that process (a page fault
 * first gets a chance to map the page).  A fault in the kernel is a bug:
 * it is reported with a symbolised backtrace and dom0 is crashed.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/signal.h>
#include <public/callback.h>
#include "xen.h"
#include "regs.h"
#include "backtrace.h"
#include "../kernel/signal.h"

extern bool syscall_trace;

#define PF_WRITE            (1U << 1)
#define TRAP_MASK_EVENTS    4           /* trap_info flags: events masked on entry */
#define KERNEL_CS           FLAT_KERNEL_CS64

extern char syscall_entry[], event_entry[], failsafe_entry[];
extern char trap_de[], trap_db[], trap_nmi[], trap_bp[], trap_of[], trap_br[], trap_ud[],
    trap_nm[], trap_df[], trap_ts[], trap_np[], trap_ss[], trap_gp[], trap_pf[], trap_mf[],
    trap_ac[], trap_mc[], trap_xm[];

/* DPL 3 for int3/into so user programs can raise them, as on Linux. */
static const trap_info_t trap_table[] = {
    { 0, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_de },
    { 1, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_db },
    { 2, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_nmi },
    { 3, TRAP_MASK_EVENTS | 3, KERNEL_CS, (unsigned long)trap_bp },
    { 4, TRAP_MASK_EVENTS | 3, KERNEL_CS, (unsigned long)trap_of },
    { 5, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_br },
    { 6, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_ud },
    { 7, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_nm },
    { 8, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_df },
    { 10, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_ts },
    { 11, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_np },
    { 12, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_ss },
    { 13, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_gp },
    { 14, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_pf },
    { 16, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_mf },
    { 17, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_ac },
    { 18, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_mc },
    { 19, TRAP_MASK_EVENTS, KERNEL_CS, (unsigned long)trap_xm },
    { 0, 0, 0, 0 },
};

static void register_callback(unsigned int type, const char *entry)
{
    struct callback_register cb = {
        .type = type, .flags = CALLBACKF_mask_events, .address = (unsigned long)entry,
    };

    if (HYPERVISOR_callback_op(CALLBACKOP_register, &cb))
        panic("cannot register callback %u", type);
}

void traps_init(void)
{
    if (HYPERVISOR_set_trap_table(trap_table))
        panic("cannot set the trap table");
    register_callback(CALLBACKTYPE_event, event_entry);
    register_callback(CALLBACKTYPE_failsafe, failsafe_entry);
    register_callback(CALLBACKTYPE_syscall, syscall_entry);
}

static const char *const trap_names[] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "?", "invalid TSS",
    "segment not present", "stack fault", "general protection", "page fault", "?",
    "x87 error", "alignment check", "machine check", "SIMD error",
};

static void __attribute__((noreturn)) kernel_fault(struct user_regs *r, uint64_t addr)
{
    const char *name = r->vector < ARRAY_SIZE(trap_names) ? trap_names[r->vector] : "?";

    printk("kernel %s (vector %lu, error %#lx) at %#lx, address %#lx, process %d (%s)\n",
           name, r->vector, r->error_code, r->rip, addr, current ? current->pid : -1,
           current ? current->name : "-");
    printk("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax, r->rbx, r->rcx, r->rdx);
    printk("rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", r->rsi, r->rdi, r->rbp, r->rsp);
    backtrace_from(r->rip, r->rbp);
    printk("kernel fault: crashing domain 0\n");
    xen_shutdown(SHUTDOWN_crash);
}

static int trap_signal(uint64_t vector)
{
    switch (vector) {
    case 0: case 16: case 19: return SIGFPE;
    case 1: case 3: return SIGTRAP;
    case 6: return SIGILL;
    case 7: case 17: return SIGBUS;
    default: return SIGSEGV;
    }
}

void do_trap(struct user_regs *r)
{
    if (!regs_from_user(r))
        kernel_fault(r, 0);
    signal_force(trap_signal(r->vector), r->vector == 13 ? SI_KERNEL : 0, 0);
}

void do_page_fault(struct user_regs *r)
{
    uint64_t addr = shared_info->vcpu_info[0].arch.cr2;
    long err;

    if (!regs_from_user(r))
        kernel_fault(r, addr);
    if (syscall_trace)
        printk("%s[%d] page fault at %#lx (error %#lx) rip %#lx\n", current->name,
               current->pid, addr, r->error_code, r->rip);
    err = mm_fault(current->mm, addr, r->error_code & PF_WRITE);
    if (err == 0)
        return;
    if (err == -EIO)            /* a device window with nothing mapped there */
        signal_force(SIGBUS, BUS_ADRERR, addr);
    else
        signal_force(SIGSEGV, (r->error_code & 1) ? SEGV_ACCERR : SEGV_MAPERR, addr);
}

void failsafe_callback(struct user_regs *r)
{
    kernel_fault(r, 0);
}
