/*
 * Where a PV guest tells us its entry points: the virtual IDT
 * (set_trap_table), the event/failsafe/syscall/... callbacks, the kernel
 * stack for bounces from user mode, segment bases and the virtual CR0.TS.
 */
#include <minixen/lib.h>
#include <minixen/preempt.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <public/callback.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/desc.h>
#include <asm/pv.h>

/*
 * The table ends at an entry whose address is 0.  It may be long (a
 * vector can be given many times; the last one counts), so after each
 * entry the call may be preempted, as in Xen: the continuation is the
 * same call with the rest of the table.
 */
long do_set_trap_table(XEN_GUEST_HANDLE_PARAM(const_trap_info_t) traps)
{
    trap_info_t *idt = current->arch.trap_ctxt;
    trap_info_t ti;

    if (guest_handle_is_null(traps)) {
        memset(idt, 0, NR_VECTORS * sizeof(*idt));
        return 0;
    }
    for (;;) {
        if (copy_from_guest(&ti, traps, 1))
            return trace_err(-XEN_EFAULT);
        if (ti.address == 0)
            return 0;
        if (!is_canonical_address(ti.address))
            return trace_err(-XEN_EINVAL);
        ti.cs = HYP_GUEST_CS64;         /* 64-bit guests: always the flat CS */
        idt[ti.vector] = ti;
        guest_handle_add_offset(traps, 1);
        if (hypercall_preempt_check())
            return hypercall_create_continuation(__HYPERVISOR_set_trap_table,
                                                 guest_handle_addr(traps));
    }
}

static void set_nmi_callback(struct vcpu *v, unsigned long address)
{
    trap_info_t *t = &v->arch.trap_ctxt[X86_EXC_NMI];

    *t = (trap_info_t){ .vector = X86_EXC_NMI, .flags = TI_FLAG_IF,
                        .cs = HYP_GUEST_CS64, .address = address };
}

static long register_callback(struct vcpu *v, const callback_register_t *reg)
{
    static const int8_t slot_of[] = {
        [CALLBACKTYPE_event] = PV_CB_EVENT, [CALLBACKTYPE_failsafe] = PV_CB_FAILSAFE,
        [CALLBACKTYPE_syscall] = PV_CB_SYSCALL, [CALLBACKTYPE_sysenter_deprecated] = -1,
        [CALLBACKTYPE_nmi] = -1, [CALLBACKTYPE_sysenter] = PV_CB_SYSENTER,
        [6] = -1, [CALLBACKTYPE_syscall32] = PV_CB_SYSCALL32,
    };

    if (!is_canonical_address(reg->address))
        return trace_err(-XEN_EINVAL);
    if (reg->type == CALLBACKTYPE_nmi) {
        set_nmi_callback(v, reg->address);
        return 0;
    }
    if (reg->type >= ARRAY_SIZE(slot_of) || slot_of[reg->type] < 0)
        return trace_err(-XEN_ENOSYS);
    v->arch.callbacks[slot_of[reg->type]] = (struct pv_callback){
        .address = reg->address,
        /* Xen ignores the flag for the event callback: upcalls always mask. */
        .mask_events = reg->type == CALLBACKTYPE_event ||
                       (reg->flags & CALLBACKF_mask_events),
    };
    return 0;
}

/* Only the NMI callback can be removed; the others are -EINVAL, as on Xen. */
static long unregister_callback(struct vcpu *v, const callback_unregister_t *u)
{
    switch (u->type) {
    case CALLBACKTYPE_event:
    case CALLBACKTYPE_failsafe:
    case CALLBACKTYPE_syscall:
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
        return trace_err(-XEN_EINVAL);
    case CALLBACKTYPE_nmi:
        memset(&v->arch.trap_ctxt[X86_EXC_NMI], 0, sizeof(trap_info_t));
        return 0;
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

long do_callback_op(int cmd, XEN_GUEST_HANDLE_PARAM(const_void) arg)
{
    callback_register_t reg;
    callback_unregister_t unreg;

    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, guest_handle_cast(arg, callback_register_t), 1))
            return -XEN_EFAULT;
        return register_callback(current, &reg);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, guest_handle_cast(arg, callback_unregister_t), 1))
            return -XEN_EFAULT;
        return unregister_callback(current, &unreg);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

long do_set_callbacks(unsigned long event_address, unsigned long failsafe_address,
                      unsigned long syscall_address)
{
    const callback_register_t regs[] = {
        { .type = CALLBACKTYPE_event, .address = event_address },
        { .type = CALLBACKTYPE_failsafe, .address = failsafe_address },
        { .type = CALLBACKTYPE_syscall, .address = syscall_address },
    };
    unsigned int i;

    /* Xen ignores individual failures here and always returns 0. */
    for (i = 0; i < ARRAY_SIZE(regs); i++)
        register_callback(current, &regs[i]);
    return 0;
}

long do_stack_switch(unsigned long ss, unsigned long sp)
{
    current->arch.kernel_ss = ss;
    current->arch.kernel_sp = sp;
    return 0;
}

long do_fpu_taskswitch(int set)
{
    current->arch.fpu_ts = set != 0;
    write_cr0(set ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
    return 0;
}

#define NULL_SELECTOR_MAX   3
#define SELECTOR_RPL3       3

/*
 * Load the user %gs from the guest's GDT, as Xen does: a non-null
 * selector gets RPL 3, and one that cannot be loaded leaves %gs null.
 * Xen never fails this call (Linux would BUG()); guests that care re-read
 * %gs.
 */
static long load_user_gs_selector(struct vcpu *v, unsigned int sel)
{
    unsigned long kernel_gs = rdmsr(MSR_GS_BASE);

    if (sel > NULL_SELECTOR_MAX)
        sel |= SELECTOR_RPL3;
    load_gs_selector_safe(sel);
    /* Loading %gs replaced the active GS base: that was the kernel's. */
    v->arch.gs_base_user = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_GS_BASE, kernel_gs);
    wrmsr(MSR_SHADOW_GS_BASE, v->arch.gs_base_user);
    return 0;
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
    struct vcpu *v = current;

    if (which != SEGBASE_GS_USER_SEL && !is_canonical_address(base))
        return trace_err(-XEN_EINVAL);
    switch (which) {
    case SEGBASE_FS:
        v->arch.fs_base = base;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        v->arch.gs_base_user = base;
        wrmsr(MSR_SHADOW_GS_BASE, base);
        return 0;
    case SEGBASE_GS_KERNEL:
        v->arch.gs_base_kernel = base;
        wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL:
        return load_user_gs_selector(v, base & 0xffff);
    default:
        return trace_err(-XEN_EINVAL);
    }
}
