/*
 * A PV vCPU's address spaces and the switch between vCPUs.
 *
 * A 64-bit PV guest has a kernel top-level table and, optionally, a user
 * one (NEW_USER_BASEPTR); the hypervisor switches between them when the
 * guest moves between kernel and user mode.  Each base pointer holds a
 * reference of its own on its L4, so the guest may unpin a table that is
 * still in use.  That mode switch is a plain CR3 write; a new base
 * pointer also flushes global entries when asm/tlb.h says so.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/x86.h>
#include <asm/smp.h>
#include <asm/page.h>
#include <asm/cpu.h>
#include <asm/traps.h>
#include <asm/tlb.h>
#include <asm/pv.h>

_Static_assert(offsetof(struct pcpu, arch) == PCPU_ARCH &&
               offsetof(struct pcpu, arch.guest_vcpu_info) == PCPU_GUEST_VCPU_INFO &&
               offsetof(struct pcpu, arch.guest_in_kernel) == PCPU_GUEST_IN_KERNEL &&
               offsetof(struct pcpu, arch.failsafe_pending) == PCPU_FAILSAFE_PENDING,
               "entry.S reads struct arch_pcpu at these offsets");

unsigned long pv_current_base_mfn(const struct vcpu *v)
{
    return v->arch.in_kernel || !v->arch.guest_table_user
           ? v->arch.guest_table : v->arch.guest_table_user;
}

void pv_l4_fill_hypervisor_slots(pte_t *l4)
{
    memcpy(&l4[HYPERVISOR_SLOT_FIRST], &idle_pg_table[HYPERVISOR_SLOT_FIRST],
           (HYPERVISOR_SLOT_LAST - HYPERVISOR_SLOT_FIRST + 1) * sizeof(pte_t));
}

/* What this CPU's TLB may hold (one CPU). */
static struct pv_tlb_state tlb_state;

static bool user_table_loaded(const struct vcpu *v)
{
    return !v->arch.in_kernel && v->arch.guest_table_user;
}

static void load_base(const struct vcpu *v)
{
    write_cr3((unsigned long)pv_current_base_mfn(v) << PAGE_SHIFT);
}

/* Kernel/user mode switch: the plain CR3 write keeps global user mappings. */
void pv_toggle_address_space(const struct vcpu *v)
{
    pv_tlb_cr3_change(&tlb_state, PV_CR3_MODE_SWITCH, user_table_loaded(v));
    load_base(v);
}

/* After a base pointer of the running vCPU changed: drop global entries if due. */
static void flush_for_new_base(struct vcpu *v, enum pv_cr3_change why)
{
    if (!pv_tlb_cr3_change(&tlb_state, why, user_table_loaded(v)))
        return;
    flush_tlb_local();              /* toggles CR4.PGE: global entries too */
    v->arch.base_global_flushes++;
}

/*
 * A base-pointer reference: the frame is validated as an L4 if need be.
 * -ERESTART if that validation stopped part-way (the hypercall goes on
 * later), any other failure is -EINVAL.
 */
static long get_base_ref(unsigned long mfn, const struct domain *d)
{
    long rc = mfn_is_ram(mfn) ? get_page_and_type_rc(mfn, d, PGT_l4) : -XEN_EINVAL;

    if (rc == 0 || rc == -XEN_ERESTART)
        return rc;
    return trace_err(-XEN_EINVAL);
}

long pv_new_guest_cr3(struct vcpu *v, unsigned long mfn)
{
    unsigned long old = v->arch.guest_table;
    long rc = get_base_ref(mfn, v->domain);

    if (rc)
        return rc;
    v->arch.guest_table = mfn;
    /* Off the old tables before their last reference can free them. */
    if (v == current) {
        load_base(v);
        flush_for_new_base(v, PV_CR3_NEW_BASE);
    }
    put_page_and_type(old);
    return 0;
}

long pv_new_user_base(struct vcpu *v, unsigned long mfn)
{
    unsigned long old = v->arch.guest_table_user;
    long rc = mfn ? get_base_ref(mfn, v->domain) : 0;

    if (rc)
        return rc;
    v->arch.guest_table_user = mfn;
    /* The old user table's global entries go before its reference does. */
    if (v == current && mfn != old)
        flush_for_new_base(v, PV_CR3_NEW_USER_BASE);
    if (old)
        put_page_and_type(old);
    return 0;
}

long load_ds_selector_safe(unsigned int sel);
long load_es_selector_safe(unsigned int sel);
long load_fs_selector_safe(unsigned int sel);
long load_gs_selector_safe(unsigned int sel);

static void save_selectors(struct vcpu *v)
{
    asm volatile ("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                  : "=m" (v->arch.ds), "=m" (v->arch.es), "=m" (v->arch.fs),
                    "=m" (v->arch.gs));
}

/*
 * After the GDT window shows this vCPU's frames; bases are set after.
 * A descriptor may have changed while the vCPU was switched out, so a
 * load can fail: that register is left null, the others still load, and
 * false says the guest must hear of it through its failsafe callback.
 */
static bool load_selectors(const struct vcpu *v)
{
    long failed = load_ds_selector_safe(v->arch.ds) | load_es_selector_safe(v->arch.es) |
                  load_fs_selector_safe(v->arch.fs) | load_gs_selector_safe(v->arch.gs);

    return !failed;
}

static void save_vcpu(struct vcpu *v)
{
    v->regs = *guest_cpu_regs();
    save_selectors(v);
    v->arch.fs_base = rdmsr(MSR_FS_BASE);
    v->arch.gs_base_kernel = rdmsr(MSR_GS_BASE);
    v->arch.gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
    /* The guest's virtual TS may be set in CR0: fxsave would raise #NM. */
    asm volatile ("clts; fxsave %0" : "=m" (v->arch.fpu_state));
}

/* CPUs that have run any guest: a freed frame may linger in their TLBs. */
unsigned long guest_cpumask;

static void load_vcpu(struct vcpu *v)
{
    unsigned long me = smp_this_cpu_mask();

    if (!(__atomic_load_n(&v->domain->dirty_cpumask, __ATOMIC_RELAXED) & me)) {
        __atomic_fetch_or(&v->domain->dirty_cpumask, me, __ATOMIC_RELAXED);
        __atomic_fetch_or(&guest_cpumask, me, __ATOMIC_RELAXED);
    }
    *guest_cpu_regs() = v->regs;
    load_base(v);
    flush_tlb_local();          /* the last guest's global entries too */
    pv_tlb_cr3_change(&tlb_state, PV_CR3_VCPU_LOAD, user_table_loaded(v));
    gdt_map_guest_frames(v->arch.gdt_frames, DIV_ROUND_UP(v->arch.gdt_ents, 512));
    /* Delivered as schedule() returns to the guest, once the vCPU is current. */
    this_cpu()->arch.failsafe_pending = !load_selectors(v);
    wrmsr(MSR_FS_BASE, v->arch.fs_base);
    wrmsr(MSR_GS_BASE, v->arch.gs_base_kernel);
    wrmsr(MSR_SHADOW_GS_BASE, v->arch.gs_base_user);
    asm volatile ("clts; fxrstor %0" :: "m" (v->arch.fpu_state));
    write_cr0(v->arch.fpu_ts ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
    this_cpu()->arch.guest_vcpu_info = v->vcpu_info;
    this_cpu()->arch.guest_in_kernel = v->arch.in_kernel;
}

/* Initial FPU state: what fninit and a reset MXCSR give. */
#define FPU_FCW_INIT        0x037f
#define FPU_MXCSR_INIT      0x1f80
#define FXSAVE_FCW_OFFSET   0
#define FXSAVE_MXCSR_OFFSET 24

void arch_vcpu_init(struct vcpu *v)
{
    uint16_t fcw = FPU_FCW_INIT;
    uint32_t mxcsr = FPU_MXCSR_INIT;

    memcpy(&v->arch.fpu_state[FXSAVE_FCW_OFFSET], &fcw, sizeof(fcw));
    memcpy(&v->arch.fpu_state[FXSAVE_MXCSR_OFFSET], &mxcsr, sizeof(mxcsr));
    v->arch.in_kernel = true;
}

void arch_vcpu_info_moved(struct vcpu *v)
{
    if (v == current)
        this_cpu()->arch.guest_vcpu_info = v->vcpu_info;
}

void arch_leave_guest_address_space(void)
{
    write_cr3(virt_to_maddr(idle_pg_table));
    this_cpu()->arch.guest_vcpu_info = NULL;
}

static void put_gdt(struct vcpu *v)
{
    unsigned int i, nr = DIV_ROUND_UP(v->arch.gdt_ents, 512);

    for (i = 0; i < nr; i++)
        put_page_and_type(v->arch.gdt_frames[i]);
    v->arch.gdt_ents = 0;
}

/* The references a vCPU holds outside page tables: base pointers, GDT. */
static void release_vcpu_refs(struct vcpu *v)
{
    if (v->arch.guest_table)
        put_page_and_type(v->arch.guest_table);
    if (v->arch.guest_table_user)
        put_page_and_type(v->arch.guest_table_user);
    v->arch.guest_table = v->arch.guest_table_user = 0;
    put_gdt(v);
}

void arch_domain_destroy(struct domain *d)
{
    unsigned long flushes = 0;
    struct vcpu *v;

    for_each_vcpu(d, v) {
        flushes += v->arch.base_global_flushes;
        release_vcpu_refs(v);
    }
    printk(XENLOG_DEBUG "domain %u: %lu global TLB flushes for new base pointers\n",
           d->domain_id, flushes);
    /* Tests read this to know their long hypercalls were preempted. */
    printk(XENLOG_DEBUG "domain %u: %lu hypercall continuations\n",
           d->domain_id, d->arch.continuations);
    if (d->arch.p2m)
        free_xenheap_pages_virt(d->arch.p2m, DIV_ROUND_UP(d->arch.nr_p2m * sizeof(long), PAGE_SIZE));
    d->arch.p2m = NULL;
    domain_e820_free(d);
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (prev && !prev->domain->is_dying)
        save_vcpu(prev);
    load_vcpu(next);
}

void arch_unload_vcpu(struct vcpu *v)
{
    if (!v->domain->is_dying)
        save_vcpu(v);
    arch_leave_guest_address_space();
}
