/*
 * A 64-bit PV vCPU's whole state in and out, as Xen's arch_set_info_guest
 * and arch_get_info_guest do it for domctl set/getvcpucontext: the domain
 * builder's way to give a new domain's vCPU its page tables, GDT, trap
 * table, callbacks, kernel stack and registers.
 *
 * The context is hostile.  Addresses must be canonical, selectors get the
 * guest kernel's RPL (3), rflags loses IOPL (virtualised) and VM and gains
 * IF, the FXSAVE image's MXCSR keeps only bits every CPU accepts (fxrstor
 * would fault in the hypervisor otherwise), the page tables must be the
 * domain's own and validate as L4s, the GDT frames as descriptor pages.
 * Every reference is taken before any state changes, so a refusal leaves
 * the vCPU as it was.  A vCPU already set up only takes new registers:
 * different tables or GDT are -EOPNOTSUPP, as in Xen.
 *
 * minixen has no LDT and no guest debug registers: a context with an LDT
 * is refused (-EOPNOTSUPP), debug registers are ignored and read as 0.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/domctl.h>
#include <asm/desc.h>
#include <asm/pv.h>
#include <asm/x86.h>

#define LDT_MAX_ENTS            8192
#define DESCS_PER_PAGE          (PAGE_SIZE / 8)
#define FXSAVE_MXCSR_OFFSET     24
/* MXCSR bits no CPU refuses (DAZ, bit 6, only some accept). */
#define MXCSR_SAFE_BITS         0xffbfu
/* rflags a guest context may carry: the arithmetic flags, TF, DF, AC, ID. */
#define CONTEXT_RFLAGS_KEPT     0x240dd5UL

/* Set up by a context (or the boot builder): it has a kernel page table. */
bool arch_vcpu_initialised(const struct vcpu *v)
{
    return v->arch.guest_table != 0;
}

static uint16_t guest_selector(uint16_t sel)
{
    return (sel & 3) == 3 ? sel : (sel & ~3u) | 3;
}

static bool addresses_canonical(const struct vcpu_guest_context *c)
{
    const unsigned long va[] = {
        c->user_regs.rip, c->user_regs.rsp, c->kernel_sp, c->fs_base,
        c->gs_base_kernel, c->gs_base_user, c->event_callback_eip,
        c->syscall_callback_eip, c->failsafe_callback_eip,
    };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(va); i++)
        if (!is_canonical_address(va[i]))
            return false;
    for (i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++)
        if (!is_canonical_address(c->trap_ctxt[i].address))
            return false;
    return !c->ldt_ents || is_canonical_address(c->ldt_base);
}

static bool ldt_ok(const struct vcpu_guest_context *c)
{
    bool guest_half = c->ldt_base < HYPERVISOR_RANGE_START ||
                      c->ldt_base >= HYPERVISOR_RANGE_END;

    return guest_half && !(c->ldt_base & (PAGE_SIZE - 1)) && c->ldt_ents <= LDT_MAX_ENTS;
}

/* Xen's checks that need no reference, in its order. */
static long check_context(const struct vcpu *v, const struct vcpu_guest_context *c)
{
    if (!addresses_canonical(c) || !ldt_ok(c))
        return trace_err(-XEN_EINVAL);
    if (v->vcpu_id == 0 && (c->vm_assist & ~VM_ASSIST_VALID_PV64))
        return trace_err(-XEN_EINVAL);
    if (DIV_ROUND_UP(c->gdt_ents, DESCS_PER_PAGE) > MAX_GDT_FRAMES)
        return trace_err(-XEN_EINVAL);
    if (!arch_vcpu_initialised(v) && !(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
        return trace_err(-XEN_EINVAL);
    return 0;
}

/* A vCPU already set up keeps its tables and GDT. */
static bool same_tables(const struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned int i, nr = DIV_ROUND_UP(c->gdt_ents, DESCS_PER_PAGE);

    if (xen_pfn_to_cr3(v->arch.guest_table) != c->ctrlreg[3] ||
        xen_pfn_to_cr3(v->arch.guest_table_user) != c->ctrlreg[1] ||
        (!v->arch.guest_table_user && !(c->flags & VGCF_in_kernel)) ||
        v->arch.gdt_ents != c->gdt_ents)
        return false;
    for (i = 0; i < nr; i++)
        if (v->arch.gdt_frames[i] != c->gdt_frames[i])
            return false;
    return true;
}

/* A base pointer reference: -EINVAL unless d's and a valid L4 (or -ERESTART). */
static long get_root(struct domain *d, uint64_t cr3, unsigned long *mfn)
{
    long rc;

    *mfn = xen_cr3_to_pfn(cr3);
    if (!mfn_is_ram(*mfn) || !get_page(*mfn, d))
        return trace_err(-XEN_EINVAL);
    rc = get_page_type_rc(*mfn, PGT_l4);
    if (rc)
        put_page(*mfn);
    return rc == 0 || rc == -XEN_ERESTART ? rc : trace_err(-XEN_EINVAL);
}

/* The references a first context needs: kernel and user L4, then the GDT. */
static long take_tables(struct vcpu *v, const struct vcpu_guest_context *c,
                        unsigned long *kernel, unsigned long *user)
{
    long rc;

    *user = 0;
    if ((rc = get_root(v->domain, c->ctrlreg[3], kernel)))
        return rc;
    if (c->ctrlreg[1] && (rc = get_root(v->domain, c->ctrlreg[1], user)))
        goto drop_kernel;
    if ((rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents)))
        goto drop_user;
    return 0;
drop_user:
    if (*user)
        put_page_and_type(*user);
drop_kernel:
    put_page_and_type(*kernel);
    return rc;
}

static void set_fpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
    uint32_t mxcsr;

    memset(v->arch.fpu_state, 0, sizeof(v->arch.fpu_state));
    if (!(c->flags & VGCF_i387_valid)) {
        arch_vcpu_init(v);              /* fninit's state */
        return;
    }
    memcpy(v->arch.fpu_state, c->fpu_ctxt.x, sizeof(v->arch.fpu_state));
    memcpy(&mxcsr, &v->arch.fpu_state[FXSAVE_MXCSR_OFFSET], sizeof(mxcsr));
    mxcsr &= MXCSR_SAFE_BITS;
    memcpy(&v->arch.fpu_state[FXSAVE_MXCSR_OFFSET], &mxcsr, sizeof(mxcsr));
}

static void set_registers(struct vcpu *v, const struct xen_cpu_user_regs *r)
{
    struct cpu_user_regs *g = &v->regs;

    *g = (struct cpu_user_regs){
        .r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12, .rbp = r->rbp,
        .rbx = r->rbx, .r11 = r->r11, .r10 = r->r10, .r9 = r->r9, .r8 = r->r8,
        .rax = r->rax, .rcx = r->rcx, .rdx = r->rdx, .rsi = r->rsi, .rdi = r->rdi,
        .rip = r->rip, .cs = guest_selector(r->cs), .rsp = r->rsp,
        .ss = guest_selector(r->ss),
        .rflags = (r->rflags & CONTEXT_RFLAGS_KEPT) | X86_EFLAGS_IF | X86_EFLAGS_MBS,
    };
    v->arch.iopl = (r->rflags & X86_EFLAGS_IOPL) >> X86_EFLAGS_IOPL_SHIFT;
    v->arch.ds = r->ds;
    v->arch.es = r->es;
    v->arch.fs = r->fs;
    v->arch.gs = r->gs;
}

static void set_callbacks(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned int i;

    v->arch.callbacks[PV_CB_EVENT] = (struct pv_callback){ c->event_callback_eip, true };
    v->arch.callbacks[PV_CB_FAILSAFE] = (struct pv_callback){
        c->failsafe_callback_eip, !!(c->flags & VGCF_failsafe_disables_events) };
    v->arch.callbacks[PV_CB_SYSCALL] = (struct pv_callback){
        c->syscall_callback_eip, !!(c->flags & VGCF_syscall_disables_events) };
    for (i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
        v->arch.trap_ctxt[i] = c->trap_ctxt[i];
        v->arch.trap_ctxt[i].cs = HYP_GUEST_CS64;   /* 64-bit: always the flat CS */
    }
}

/* Everything that takes no reference. */
static void set_plain_state(struct vcpu *v, const struct vcpu_guest_context *c)
{
    set_fpu(v, c);
    set_registers(v, &c->user_regs);
    set_callbacks(v, c);
    v->arch.in_kernel = !!(c->flags & VGCF_in_kernel);
    v->arch.kernel_ss = guest_selector(c->kernel_ss);
    v->arch.kernel_sp = c->kernel_sp;
    v->arch.fs_base = c->fs_base;
    v->arch.gs_base_kernel = c->gs_base_kernel;
    v->arch.gs_base_user = c->gs_base_user;
    v->arch.fpu_ts = !!(c->ctrlreg[0] & X86_CR0_TS);
}

static void set_online(struct vcpu *v, unsigned long flags)
{
    if (!(flags & VGCF_online))
        vcpu_sleep(v, VPF_down);
    else if (v->pause_flags & VPF_down)
        vcpu_bring_up(v);               /* runs once its domain is unpaused */
}

long arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned long kernel, user;
    long rc = check_context(v, c);

    if (rc)
        return rc;
    if (arch_vcpu_initialised(v) && !same_tables(v, c))
        return trace_err(-XEN_EOPNOTSUPP);
    if (c->ldt_ents)
        return trace_err(-XEN_EOPNOTSUPP);     /* no LDT in minixen */
    if (!arch_vcpu_initialised(v)) {
        if ((rc = take_tables(v, c, &kernel, &user)))
            return rc;
        v->arch.guest_table = kernel;
        v->arch.guest_table_user = user;
        if (v->vcpu_id == 0)
            v->domain->vm_assist = c->vm_assist;
    }
    set_plain_state(v, c);
    set_online(v, c->flags);
    return 0;
}

static void get_registers(const struct vcpu *v, struct xen_cpu_user_regs *r)
{
    const struct cpu_user_regs *g = &v->regs;

    *r = (struct xen_cpu_user_regs){
        .r15 = g->r15, .r14 = g->r14, .r13 = g->r13, .r12 = g->r12, .rbp = g->rbp,
        .rbx = g->rbx, .r11 = g->r11, .r10 = g->r10, .r9 = g->r9, .r8 = g->r8,
        .rax = g->rax, .rcx = g->rcx, .rdx = g->rdx, .rsi = g->rsi, .rdi = g->rdi,
        .rip = g->rip, .cs = (uint16_t)g->cs, .rsp = g->rsp, .ss = (uint16_t)g->ss,
        .rflags = g->rflags | ((unsigned long)v->arch.iopl << X86_EFLAGS_IOPL_SHIFT),
        .saved_upcall_mask = v->vcpu_info ? v->vcpu_info->evtchn_upcall_mask : 0,
        .ds = v->arch.ds, .es = v->arch.es, .fs = v->arch.fs, .gs = v->arch.gs,
    };
}

static unsigned long context_flags(const struct vcpu *v)
{
    unsigned long flags = VGCF_i387_valid;

    if (v->arch.in_kernel)
        flags |= VGCF_in_kernel;
    if (!(v->pause_flags & VPF_down))
        flags |= VGCF_online;
    if (v->arch.callbacks[PV_CB_FAILSAFE].mask_events)
        flags |= VGCF_failsafe_disables_events;
    if (v->arch.callbacks[PV_CB_SYSCALL].mask_events)
        flags |= VGCF_syscall_disables_events;
    return flags;
}

void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    memcpy(c->fpu_ctxt.x, v->arch.fpu_state, sizeof(c->fpu_ctxt.x));
    c->flags = context_flags(v);
    get_registers(v, &c->user_regs);
    memcpy(c->trap_ctxt, v->arch.trap_ctxt, sizeof(c->trap_ctxt));
    memcpy(c->gdt_frames, v->arch.gdt_frames, sizeof(v->arch.gdt_frames));
    c->gdt_ents = v->arch.gdt_ents;
    c->kernel_ss = v->arch.kernel_ss;
    c->kernel_sp = v->arch.kernel_sp;
    c->ctrlreg[0] = v->arch.fpu_ts ? X86_CR0_TS : 0;
    c->ctrlreg[1] = xen_pfn_to_cr3(v->arch.guest_table_user);
    c->ctrlreg[3] = xen_pfn_to_cr3(v->arch.guest_table);
    c->event_callback_eip = v->arch.callbacks[PV_CB_EVENT].address;
    c->failsafe_callback_eip = v->arch.callbacks[PV_CB_FAILSAFE].address;
    c->syscall_callback_eip = v->arch.callbacks[PV_CB_SYSCALL].address;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = v->arch.fs_base;
    c->gs_base_kernel = v->arch.gs_base_kernel;
    c->gs_base_user = v->arch.gs_base_user;
}

void arch_init_hypercall_page(void *page)
{
    pv_fill_hypercall_page(page);
}

/* Xen's vcpu_reset for PV: the vCPU loses its tables and GDT and goes down. */
void arch_reset_vcpu(struct vcpu *v)
{
    if (v->arch.guest_table)
        put_page_and_type(v->arch.guest_table);
    if (v->arch.guest_table_user)
        put_page_and_type(v->arch.guest_table_user);
    v->arch.guest_table = v->arch.guest_table_user = 0;
    pv_set_gdt(v, NULL, 0);
    vcpu_sleep(v, VPF_down);
}
