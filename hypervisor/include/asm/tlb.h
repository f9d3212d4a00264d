/*
 * When a 64-bit PV guest's CR3 change must drop global TLB entries too.
 *
 * Guest-user mappings are global, as on Xen, so a plain CR3 write keeps
 * them.  That is the point for the kernel/user mode switch: it is on
 * every system call and keeps the same user mappings.  A new base
 * pointer is a process switch in the guest: the previous process's user
 * translations must not stay live, so it flushes them (toggling
 * CR4.PGE), as Xen's write_ptbase does.  A new user base pointer needs
 * the flush only if a user table was loaded since the last one: the
 * usual process switch (NEW_BASEPTR, then NEW_USER_BASEPTR) pays once.
 *
 * The state belongs to the CPU's TLB.  The decision is pure, so that the
 * host unit tests (tests/unit/test_tlb.c) can drive it.
 */
#ifndef ASM_TLB_H
#define ASM_TLB_H

#include <minixen/types.h>

enum pv_cr3_change {
    PV_CR3_MODE_SWITCH,     /* kernel <-> user mode: the same base pointers */
    PV_CR3_NEW_BASE,        /* NEW_BASEPTR or mov to %cr3: a new kernel L4 */
    PV_CR3_NEW_USER_BASE,   /* NEW_USER_BASEPTR changed the (unloaded) user L4 */
    PV_CR3_VCPU_LOAD,       /* a vCPU is loaded (its caller flushes anyway) */
};

struct pv_tlb_state {
    /* Global entries may have come from a user L4 since the last flush. */
    bool user_globals;
};

/*
 * Account for one CR3 change; user_loaded says whether CR3 holds a user
 * L4 afterwards.  Returns true when global entries must be flushed too.
 */
bool pv_tlb_cr3_change(struct pv_tlb_state *t, enum pv_cr3_change why,
                       bool user_loaded);

#endif /* ASM_TLB_H */
