/*
 * PV memory-management hypercalls: update_va_mapping(_otherdomain),
 * mmu_update and mmuext_op (pinning, base pointers, TLB and page ops).
 *
 * Every entry written into a guest page table goes through the checks of
 * pv/pagetable.c first (the frame must be the domain's, writable only if
 * it can be typed writable, lower-level tables validated...), and the old
 * entry's references are dropped only after the new one is in place, so
 * a refused update changes nothing.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/hypercall.h>
#include <minixen/preempt.h>
#include <minixen/guest_access.h>
#include <asm/page.h>
#include <asm/x86.h>
#include <asm/pv.h>
#include <asm/smp.h>

/*
 * Long mmu_update and mmuext_op batches are preempted as in Xen: the
 * continuation names the requests left and marks its count with
 * MMU_UPDATE_PREEMPTED, which tells the next invocation to start from
 * the number of requests already done, kept in *pdone.  A batch asks
 * hypercall_preempt_check() once every MMU_PREEMPT_STRIDE requests
 * (Xen asks before every one; the stride keeps the timer read rare).
 */
#define MMU_UPDATE_PREEMPTED    (~(~0U >> 1))
#define MMU_PREEMPT_STRIDE      64

static bool guest_va_ok(unsigned long va)
{
    return is_canonical_address(va) &&
           (va < HYPERVISOR_RANGE_START || va >= HYPERVISOR_RANGE_END);
}

/*
 * Replace entry `slot` of table (level) with e: references for the new
 * entry first, then the old one's dropped, so a failure changes nothing.
 * owner: whose frames the new entry may map (the caller, or for a
 * privileged caller a foreign domain).
 */
static long pt_entry_update(unsigned long table, unsigned int slot, pte_t e,
                            enum page_type level, struct domain *owner, bool preserve_ad)
{
    pte_t *entry = (pte_t *)mfn_to_virt(table) + slot;
    pte_t old = *entry;
    long rc;

    if (level == PGT_l4 && slot >= HYPERVISOR_SLOT_FIRST && slot <= HYPERVISOR_SLOT_LAST)
        return trace_err(-XEN_EINVAL);
    e = pv_adjust_guest_pte(e, level);
    if (preserve_ad)
        e = (e & ~(_PAGE_ACCESSED | _PAGE_DIRTY)) | (old & (_PAGE_ACCESSED | _PAGE_DIRTY));
    if ((rc = pv_get_entry(e, table, level, owner)))
        return rc;
    *entry = e;
    pv_put_entry(old, table, level);
    return 0;
}

/* The L1 table that maps va in the current address space, or 0. */
static unsigned long guest_l1_table(struct vcpu *v, unsigned long va)
{
    unsigned long mfn = pv_current_base_mfn(v);
    int level;

    for (level = 4; level > 1; level--) {
        pte_t e = ((pte_t *)mfn_to_virt(mfn))[PT_INDEX(va, level)];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return 0;
        mfn = pte_mfn(e);
    }
    if (!mfn_is_ram(mfn) || !page_is_validated_as(mfn_to_page(mfn), PGT_l1))
        return 0;
    return mfn;
}

/*
 * UVMF_LOCAL flushes this CPU; UVMF_ALL and UVMF_MULTI (a vCPU bitmap in
 * the flags) every CPU that has run the domain, a superset of where the
 * named vCPUs ran.  An INVLPG elsewhere is a whole flush there.
 */
static void flush_after_update(struct domain *d, unsigned long va, unsigned long flags)
{
    bool local = (flags & ~UVMF_FLUSHTYPE_MASK) == UVMF_LOCAL;

    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        if (local)
            flush_tlb_local();
        else
            flush_tlb_mask(d->dirty_cpumask | smp_this_cpu_mask());
        break;
    case UVMF_INVLPG:
        invlpg(va);
        if (!local)
            flush_tlb_mask(d->dirty_cpumask & ~smp_this_cpu_mask());
        break;
    }
}

static long update_va_mapping(unsigned long va, uint64_t val, unsigned long flags,
                              struct domain *owner)
{
    unsigned long l1;
    enum page_type type;
    long rc;

    if (!guest_va_ok(va))
        return trace_err(-XEN_EINVAL);
    if (!(l1 = guest_l1_table(current, va)))
        return trace_err(-XEN_EINVAL);
    /* The walk was a snapshot: hold the frame, then the table, as Xen does. */
    if (!get_page(l1, current_domain()))
        return trace_err(-XEN_EINVAL);
    if (!page_lock(l1, &type)) {
        put_page(l1);
        return trace_err(-XEN_EINVAL);      /* no longer a table since the walk */
    }
    rc = type == PGT_l1 ? pt_entry_update(l1, PT_INDEX(va, 1), val, PGT_l1, owner, false)
                        : trace_err(-XEN_EINVAL);
    page_unlock(l1);
    put_page(l1);
    if (rc == 0)
        flush_after_update(current_domain(), va, flags);
    return rc;
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    return update_va_mapping(va, val, flags, current_domain());
}

/* Map another domain's frame in our own address space: privileged only. */
long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val,
                                      unsigned long flags, unsigned int domid)
{
    struct domain *d = current_domain(), *owner;

    if (domid == DOMID_SELF || domid == d->domain_id)
        return update_va_mapping(va, val, flags, d);
    if (!d->is_privileged)
        return trace_err(-XEN_EPERM);
    if (!(owner = domain_lookup_live(domid)))
        return trace_err(-XEN_ESRCH);
    return update_va_mapping(va, val, flags, owner);
}

/*
 * MMU_NORMAL_PT_UPDATE: ptr names an entry of one of pt_owner's tables
 * (the caller's, or those of the domain the control domain builds).
 * As on Xen, a frame that is not a page table but can be typed writable
 * is simply written.  A partially validated table is neither (Xen's
 * page_lock refuses a table that is not fully validated): -EINVAL.
 */
static long mmu_normal_update(uint64_t ptr, uint64_t val, struct domain *d,
                              struct domain *owner, bool preserve_ad)
{
    unsigned long mfn = ptr >> PAGE_SHIFT;
    unsigned int slot = (ptr & (PAGE_SIZE - 1)) / sizeof(pte_t);
    enum page_type type;
    long rc;

    if (ptr & (sizeof(pte_t) - 1) & ~(uint64_t)MMU_UPDATE_CMD_MASK)
        return trace_err(-XEN_EINVAL);
    if (!get_page(mfn, d))
        return trace_err(-XEN_EINVAL);
    if (page_lock(mfn, &type)) {
        rc = pt_entry_update(mfn, slot, val, type, owner, preserve_ad);
        page_unlock(mfn);
    } else if (get_page_type(mfn, PGT_writable)) {
        ((pte_t *)mfn_to_virt(mfn))[slot] = val;
        put_page_type(mfn);
        rc = 0;
    } else {
        rc = trace_err(-XEN_EINVAL);
    }
    put_page(mfn);
    return rc;
}

static long mmu_machphys_update(uint64_t ptr, uint64_t pfn, struct domain *d)
{
    unsigned long mfn = ptr >> PAGE_SHIFT;

    if (!mfn_is_ram(mfn) || frame_table[mfn].owner != d->domain_id)
        return trace_err(-XEN_EINVAL);
    set_gpfn_from_mfn(mfn, pfn);
    return 0;
}

/* pt_owner owns the tables written, owner the frames new entries map. */
static long mmu_update_one(const mmu_update_t *req, struct domain *pt_owner,
                           struct domain *owner)
{
    switch (req->ptr & MMU_UPDATE_CMD_MASK) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:
        return mmu_normal_update(req->ptr, req->val, pt_owner, owner, false);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return mmu_normal_update(req->ptr, req->val, pt_owner, owner, true);
    case MMU_MACHPHYS_UPDATE:
        return mmu_machphys_update(req->ptr, req->val, owner);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

/*
 * foreigndom bits 31-16, if set, name the owner of the tables written plus
 * one (Xen's "pfd"): as Xen, -ESRCH if there is no such domain, -EINVAL if
 * it has no vCPU yet, and only the control domain may name another.
 */
static long pt_owner_of(unsigned int foreigndom, struct domain **pt_owner)
{
    struct domain *d = current_domain();
    unsigned int pfd = foreigndom >> 16;

    *pt_owner = d;
    if (!pfd || pfd - 1 == d->domain_id)
        return 0;
    if (!(*pt_owner = domain_lookup_live((domid_t)(pfd - 1))))
        return trace_err(-XEN_ESRCH);
    if (!domain_vcpu(*pt_owner, 0))
        return trace_err(-XEN_EINVAL);
    return d->is_privileged ? 0 : trace_err(-XEN_EPERM);
}

/*
 * foreigndom bits 15-0 name whose frames new entries may map: DOMID_SELF
 * or, for the control domain, another domain.
 */
static long foreign_owner(unsigned int foreigndom, struct domain **owner)
{
    struct domain *d = current_domain();
    domid_t fd = foreigndom & 0xffff;

    if (fd == DOMID_SELF || fd == d->domain_id) {
        *owner = d;
        return 0;
    }
    if (!d->is_privileged)
        return trace_err(-XEN_EPERM);
    *owner = domain_lookup_live(fd);
    return *owner ? 0 : trace_err(-XEN_ESRCH);
}

/* One invocation of an mmu_update or mmuext_op batch, maybe continued. */
struct mmu_batch {
    unsigned int op;                    /* which of the two */
    unsigned long list;                 /* guest address of the requests */
    size_t size;                        /* bytes per request */
    unsigned int count;                 /* requests in this invocation */
    unsigned int done;                  /* done by earlier invocations */
    XEN_GUEST_HANDLE_PARAM(uint) pdone;
    unsigned int foreigndom;
};

/*
 * A count marked MMU_UPDATE_PREEMPTED continues a batch: the requests
 * done so far are in *pdone (0 if it cannot be read, as in Xen).  Then,
 * as Xen's guest_handle_okay, the whole array must be in the guest's half.
 */
static void __attribute__((noinline)) mmu_batch_resume(struct mmu_batch *b)
{
    b->count &= ~MMU_UPDATE_PREEMPTED;
    if (!guest_handle_is_null(b->pdone) && copy_from_guest(&b->done, b->pdone, 1))
        b->done = 0;
}

static inline bool mmu_batch_start(struct mmu_batch *b)
{
    if (b->count & MMU_UPDATE_PREEMPTED)
        mmu_batch_resume(b);
    return guest_range_ok(b->list, (size_t)b->count * b->size);
}

/* Whether a batch should stop before request i (never before the first). */
static bool mmu_batch_preempt(unsigned int i)
{
    /* The stride test first: it is all most requests pay. */
    return i % MMU_PREEMPT_STRIDE == 0 && i && hypercall_preempt_check();
}

/*
 * The end of one invocation, after i more requests.  A continuation
 * (-ERESTART) names the requests from i on; *pdone gets the total so far
 * either way.  If *pdone cannot be written the call fails with -EFAULT,
 * continuation or not: the next invocation could not count on it.
 */
static long __attribute__((noinline)) mmu_batch_continue(const struct mmu_batch *b,
                                                          unsigned int i)
{
    return hypercall_create_continuation(b->op, b->list + i * b->size,
                                         (b->count - i) | MMU_UPDATE_PREEMPTED,
                                         guest_handle_addr(b->pdone), b->foreigndom);
}

static inline long mmu_batch_end(const struct mmu_batch *b, unsigned int i, long rc)
{
    unsigned int done = b->done + i;

    /* First: a continuation, once made, has already rewound the guest. */
    if (!guest_handle_is_null(b->pdone) && copy_to_guest(b->pdone, &done, 1))
        return trace_err(-XEN_EFAULT);
    return rc == -XEN_ERESTART ? mmu_batch_continue(b, i) : rc;
}

long do_mmu_update(XEN_GUEST_HANDLE_PARAM(mmu_update_t) reqs, unsigned int count,
                   XEN_GUEST_HANDLE_PARAM(uint) pdone, unsigned int foreigndom)
{
    struct mmu_batch b = { __HYPERVISOR_mmu_update, guest_handle_addr(reqs),
                           sizeof(mmu_update_t), count, 0, pdone, foreigndom };
    struct domain *owner, *pt_owner;
    unsigned int i;
    long rc;

    if (!mmu_batch_start(&b))
        return trace_err(-XEN_EFAULT);
    rc = pt_owner_of(foreigndom, &pt_owner);
    if (rc == 0)
        rc = foreign_owner(foreigndom, &owner);
    for (i = 0; rc == 0 && i < b.count; i++) {
        mmu_update_t req;
        if (mmu_batch_preempt(i))
            rc = -XEN_ERESTART;
        else if (copy_from_guest_offset(&req, reqs, i, 1))
            rc = -XEN_EFAULT;
        else
            rc = mmu_update_one(&req, pt_owner, owner);
        if (rc)
            break;
    }
    /* The tables' owner may run on other CPUs: theirs may hold old entries. */
    if (i)
        flush_tlb_mask(pt_owner->dirty_cpumask | smp_this_cpu_mask());
    return mmu_batch_end(&b, i, rc);
}

static const enum page_type pin_types[] = {
    [MMUEXT_PIN_L1_TABLE] = PGT_l1, [MMUEXT_PIN_L2_TABLE] = PGT_l2,
    [MMUEXT_PIN_L3_TABLE] = PGT_l3, [MMUEXT_PIN_L4_TABLE] = PGT_l4,
};

/* Pinning validates the table and keeps it a table until unpinned. */
static long pin_table(unsigned long mfn, enum page_type type, struct domain *d)
{
    long rc;

    if (!mfn_is_ram(mfn))
        return trace_err(-XEN_EINVAL);
    /* -ERESTART: validation stopped part-way, the call continues later. */
    if ((rc = get_page_and_type_rc(mfn, d, type)))
        return rc == -XEN_ERESTART ? rc : trace_err(rc);
    if (!page_test_and_set_flags(mfn_to_page(mfn), PGF_pinned)) {
        put_page_and_type(mfn);
        return trace_err(-XEN_EINVAL);
    }
    __atomic_fetch_add(&d->nr_pinned, 1, __ATOMIC_RELAXED);
    return 0;
}

static long unpin_table(unsigned long mfn, struct domain *d)
{
    if (!mfn_is_ram(mfn) || frame_table[mfn].owner != d->domain_id ||
        !page_test_and_clear_flags(mfn_to_page(mfn), PGF_pinned))
        return trace_err(-XEN_EINVAL);
    __atomic_fetch_sub(&d->nr_pinned, 1, __ATOMIC_RELAXED);
    put_page_and_type(mfn);
    return 0;
}

/* CLEAR_PAGE / COPY_PAGE: on frames the caller could map writable. */
static long page_op(unsigned int cmd, unsigned long dst, unsigned long src, struct domain *d)
{
    long rc = 0;

    if (!mfn_is_ram(dst) || !get_page_and_type(dst, d, PGT_writable))
        return trace_err(-XEN_EINVAL);
    if (cmd == MMUEXT_CLEAR_PAGE) {
        clear_page(mfn_to_virt(dst));
    } else if (mfn_is_ram(src) && get_page(src, d)) {
        memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
        put_page(src);
    } else {
        rc = trace_err(-XEN_EINVAL);
    }
    put_page_and_type(dst);
    return rc;
}

/*
 * pg_owner is the foreign domain, or the caller's own.  Only pinning acts
 * for another domain (the builder pins a new domain's tables); as in Xen,
 * every other command on a foreign owner's behalf is -EPERM.
 */
static long mmuext_one(const mmuext_op_t *op, struct vcpu *v, struct domain *pg_owner)
{
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin_table(op->arg1.mfn, pin_types[op->cmd], pg_owner);
    case MMUEXT_UNPIN_TABLE:
        return unpin_table(op->arg1.mfn, pg_owner);
    }
    if (pg_owner != v->domain)
        return trace_err(-XEN_EPERM);
    switch (op->cmd) {
    case MMUEXT_NEW_BASEPTR:
        return pv_new_guest_cr3(v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_new_user_base(v, op->arg1.mfn);
    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        return 0;
    case MMUEXT_TLB_FLUSH_MULTI:    /* every CPU that ran the domain: a superset */
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb_mask(v->domain->dirty_cpumask | smp_this_cpu_mask());
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        if (!guest_va_ok(op->arg1.linear_addr))
            return 0;
        invlpg(op->arg1.linear_addr);
        if (op->cmd != MMUEXT_INVLPG_LOCAL)     /* elsewhere: a whole flush */
            flush_tlb_mask(v->domain->dirty_cpumask & ~smp_this_cpu_mask());
        return 0;
    case MMUEXT_CLEAR_PAGE:
    case MMUEXT_COPY_PAGE:
        return page_op(op->cmd, op->arg1.mfn, op->arg2.src_mfn, v->domain);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return trace_err(-XEN_EOPNOTSUPP);     /* superpages: gone from Xen too */
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

/* Whose frames the commands act on: ourselves, or (control domain) another. */
static long mmuext_pg_owner(unsigned int foreigndom, struct domain *d, struct domain **owner)
{
    domid_t fd = foreigndom & 0xffff;

    *owner = d;
    if (fd == DOMID_SELF || fd == d->domain_id)
        return 0;
    if (!d->is_privileged)
        return trace_err(-XEN_EPERM);
    *owner = domain_lookup_live(fd);
    return *owner ? 0 : trace_err(-XEN_ESRCH);
}

long do_mmuext_op(XEN_GUEST_HANDLE_PARAM(mmuext_op_t) uops, unsigned int count,
                  XEN_GUEST_HANDLE_PARAM(uint) pdone, unsigned int foreigndom)
{
    struct mmu_batch b = { __HYPERVISOR_mmuext_op, guest_handle_addr(uops),
                           sizeof(mmuext_op_t), count, 0, pdone, foreigndom };
    struct vcpu *v = current;
    struct domain *pg_owner;
    unsigned int i;
    long rc;

    if (!mmu_batch_start(&b))
        return trace_err(-XEN_EFAULT);
    rc = mmuext_pg_owner(foreigndom, v->domain, &pg_owner);
    for (i = 0; rc == 0 && i < b.count; i++) {
        mmuext_op_t op;
        if (mmu_batch_preempt(i))
            rc = -XEN_ERESTART;
        else if (copy_from_guest_offset(&op, uops, i, 1))
            rc = -XEN_EFAULT;
        else
            rc = mmuext_one(&op, v, pg_owner);
        if (rc)
            break;
    }
    return mmu_batch_end(&b, i, rc);
}
