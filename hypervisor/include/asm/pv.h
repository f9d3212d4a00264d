/*
 * Interfaces between the PV (paravirtual guest) pieces of arch/x86/pv.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <minixen/types.h>
#include <asm/regs.h>
#include <asm/page.h>
#include <asm/x86.h>
#include <minixen/sched.h>

struct vcpu;
struct domain;

/* Address spaces (pv/domain.c). */
unsigned long pv_current_base_mfn(const struct vcpu *v);
long pv_new_guest_cr3(struct vcpu *v, unsigned long mfn);
long pv_new_user_base(struct vcpu *v, unsigned long mfn);
void pv_l4_fill_hypervisor_slots(pte_t *l4);
/* The kernel/user mode switch: CR3 only, global user mappings kept. */
void pv_toggle_address_space(const struct vcpu *v);

/* Page-table entries (pv/pagetable.c). */
pte_t pv_adjust_guest_pte(pte_t e, int level);
long pv_get_l1e(pte_t e, struct domain *d);
void pv_put_l1e(pte_t e);
/* Flush the TLB if a writable guest mapping went away since the last flush. */
void pv_flush_dropped_writable_mappings(void);
/* level: the page type of the table holding the entry. */
long pv_get_entry(pte_t e, unsigned long table, int level, struct domain *d);
void pv_put_entry(pte_t e, unsigned long table, int level);

/*
 * Give v the GDT in frames[] (machine frames of v's domain, entries
 * descriptors): each frame is checked and typed as descriptors, the old
 * ones released.  0 or -EINVAL (nothing changed then).
 */
long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);

/* The hypercall page (pv/hypercall_page.c). */
void pv_fill_hypercall_page(void *page);

/* Exception delivery (pv/traps.c).  NO_ERROR_CODE: the vector has none. */
#define NO_ERROR_CODE (-1)
void pv_inject_exception(struct cpu_user_regs *regs, unsigned int vector, int error_code);
void pv_inject_gp(struct cpu_user_regs *regs, int error_code);
/* Deliver a software interrupt `int n` if the guest's trap table allows. */
void pv_inject_soft_int(struct cpu_user_regs *regs, unsigned int vector,
                        unsigned int insn_len);

/*
 * The failsafe callback (pv/traps.c).  A vCPU switch that could not load
 * one of the guest's data selectors sets this CPU's failsafe_pending
 * (asm/percpu.h); the end of schedule() (entry.S) then delivers it,
 * before any event upcall.
 */
void pv_deliver_failsafe(struct cpu_user_regs *regs);

/* Guest data selectors, loaded with fault handling (entry.S). */
long load_gs_selector_safe(unsigned int sel);

/*
 * I/O rights (pv/ioport.c).  pv_iopl_ok: the virtual IOPL covers the ring
 * the guest runs in (cli, sti, any port).  pv_guest_io_okay: the guest
 * allows this access (IOPL, else its I/O bitmap); if not, #GP.
 * pv_admin_io_okay: the domain may reach the real port; if not, the
 * access goes nowhere.
 */
bool pv_iopl_ok(const struct vcpu *v);
bool pv_guest_io_okay(const struct vcpu *v, unsigned int port, unsigned int bytes);
bool pv_admin_io_okay(const struct domain *d, unsigned int port, unsigned int bytes);
/*
 * VMASST_TYPE_architectural_iopl: the virtual IOPL also behaves like
 * RFLAGS.IOPL.  Inline: every bounce frame and iret asks.
 */
static inline bool architectural_iopl(const struct domain *d)
{
    return d->vm_assist & (1UL << VMASST_TYPE_architectural_iopl);
}

/* RFLAGS.IOPL as a guest should see it in frames the hypervisor writes. */
static inline unsigned long pv_iopl_rflags(const struct vcpu *v)
{
    if (!architectural_iopl(v->domain))
        return 0;
    return (unsigned long)v->arch.iopl << X86_EFLAGS_IOPL_SHIFT;
}

/* With architectural_iopl, the iret hypercall loads the virtual IOPL. */
static inline void pv_iret_iopl(struct vcpu *v, unsigned long rflags)
{
    if (architectural_iopl(v->domain))
        v->arch.iopl = (rflags & X86_EFLAGS_IOPL) >> X86_EFLAGS_IOPL_SHIFT;
}

/* Privileged-instruction emulation (pv/emul.c): true if handled. */
bool pv_emulate_privileged(struct cpu_user_regs *regs);
bool pv_emulate_forced_prefix(struct cpu_user_regs *regs);


#endif
