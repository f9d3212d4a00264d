/*
 * PV memory-management hypercalls: update_va_mapping, mmu_update and the
 * base-pointer/TLB parts of mmuext_op.
 *
 * Every new L1 entry is checked before it is written: the frame must
 * belong to the domain (device memory only for privileged domains), a
 * writable mapping needs the frame to be typed writable (so page tables
 * and descriptor pages can only be mapped read-only), and the user bit is
 * added because a 64-bit PV kernel runs in ring 3.  The old entry's
 * references are dropped only after the new one is in place.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <asm/page.h>
#include <asm/x86.h>
#include <asm/pv.h>

/* Bits a guest may not set in an L1 entry: the reserved/ignored high bits. */
#define L1_DISALLOW_MASK    0x7ff0000000000000UL

static bool guest_va_ok(unsigned long va)
{
    return is_canonical_address(va) &&
           (va < HYPERVISOR_RANGE_START || va >= HYPERVISOR_RANGE_END);
}

static bool is_device_frame(unsigned long mfn)
{
    return !mfn_is_ram(mfn) || frame_table[mfn].owner == DOMID_IO;
}

/*
 * Take the references a present L1 entry needs.  As on Xen: reserved bits
 * are -EINVAL, device memory for an unprivileged domain -EPERM, and RAM
 * the domain does not own, or cannot map writable, -EBUSY.
 */
static long l1e_get_refs(pte_t e, struct domain *d)
{
    unsigned long mfn = pte_mfn(e);

    if (!(e & _PAGE_PRESENT))
        return 0;
    if (e & L1_DISALLOW_MASK)
        return trace_err(-XEN_EINVAL);
    if (is_device_frame(mfn))
        return d->is_privileged ? 0 : trace_err(-XEN_EPERM);
    if (e & _PAGE_RW ? !get_page_and_type(mfn, d, PGT_writable) : !get_page(mfn, d))
        return trace_err(-XEN_EBUSY);
    return 0;
}

static void l1e_put_refs(pte_t e)
{
    unsigned long mfn = pte_mfn(e);

    if (!(e & _PAGE_PRESENT) || is_device_frame(mfn))
        return;
    if (e & _PAGE_RW)
        put_page_and_type(mfn);
    else
        put_page(mfn);
}

/* Replace *slot with e, both refcounts kept straight. */
static long l1e_update(pte_t *slot, pte_t e, struct domain *d)
{
    pte_t old = *slot;
    long rc;

    if (e & _PAGE_PRESENT)
        e |= _PAGE_USER;
    if ((rc = l1e_get_refs(e, d)))
        return rc;
    *slot = e;
    l1e_put_refs(old);
    return 0;
}

/* The L1 entry that maps va in the current address space, or NULL. */
static pte_t *guest_l1e(struct vcpu *v, unsigned long va, unsigned long *l1_mfn)
{
    unsigned long mfn = pv_current_base_mfn(v);
    int level;

    for (level = 4; level > 1; level--) {
        pte_t e = ((pte_t *)mfn_to_virt(mfn))[PT_INDEX(va, level)];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return NULL;
        mfn = pte_mfn(e);
    }
    *l1_mfn = mfn;
    return &((pte_t *)mfn_to_virt(mfn))[PT_INDEX(va, 1)];
}

static void flush_after_update(unsigned long va, unsigned long flags)
{
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        flush_tlb_local();
        break;
    case UVMF_INVLPG:
        invlpg(va);
        break;
    }
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    struct vcpu *v = current;
    unsigned long l1_mfn;
    pte_t *slot;
    long rc;

    if (!guest_va_ok(va))
        return trace_err(-XEN_EINVAL);
    slot = guest_l1e(v, va, &l1_mfn);
    if (!slot || frame_table[l1_mfn].type != PGT_l1)
        return trace_err(-XEN_EINVAL);
    rc = l1e_update(slot, val, v->domain);
    if (rc == 0)
        flush_after_update(va, flags);
    return rc;
}

/* MMU_NORMAL_PT_UPDATE: only L1 tables for now (the next issue adds L2-L4). */
static long mmu_normal_update(uint64_t ptr, uint64_t val, struct domain *d)
{
    unsigned long mfn = ptr >> PAGE_SHIFT;

    if (!mfn_is_ram(mfn) || frame_table[mfn].owner != d->domain_id)
        return trace_err(-XEN_EINVAL);
    if (frame_table[mfn].type != PGT_l1 || frame_table[mfn].type_count == 0)
        return trace_err(-XEN_EINVAL);
    if (ptr & (sizeof(pte_t) - 1))
        return trace_err(-XEN_EINVAL);
    return l1e_update((pte_t *)maddr_to_virt(ptr & ~(uint64_t)MMU_UPDATE_CMD_MASK), val, d);
}

static long mmu_machphys_update(uint64_t ptr, uint64_t pfn, struct domain *d)
{
    unsigned long mfn = ptr >> PAGE_SHIFT;

    if (!mfn_is_ram(mfn) || frame_table[mfn].owner != d->domain_id)
        return trace_err(-XEN_EINVAL);
    set_gpfn_from_mfn(mfn, pfn);
    return 0;
}

static long mmu_update_one(const mmu_update_t *req, struct domain *d)
{
    switch (req->ptr & MMU_UPDATE_CMD_MASK) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
        return mmu_normal_update(req->ptr, req->val, d);
    case MMU_MACHPHYS_UPDATE:
        return mmu_machphys_update(req->ptr, req->val, d);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

/* foreigndom: only the caller's own memory until foreign mappings exist. */
static long check_foreigndom(unsigned int foreigndom, const struct domain *d)
{
    domid_t fd = foreigndom & 0xffff;

    if ((foreigndom >> 16) != 0 && (foreigndom >> 16) - 1 != d->domain_id)
        return trace_err(-XEN_EINVAL);
    if (fd == DOMID_SELF || fd == d->domain_id)
        return 0;
    return trace_err(d->is_privileged ? -XEN_ESRCH : -XEN_EPERM);
}

long do_mmu_update(XEN_GUEST_HANDLE_PARAM(mmu_update_t) reqs, unsigned int count,
                   XEN_GUEST_HANDLE_PARAM(uint) pdone, unsigned int foreigndom)
{
    struct domain *d = current_domain();
    unsigned int done;
    long rc = check_foreigndom(foreigndom, d);

    for (done = 0; rc == 0 && done < count; done++) {
        mmu_update_t req;
        if (copy_from_guest_offset(&req, reqs, done, 1))
            rc = -XEN_EFAULT;
        else
            rc = mmu_update_one(&req, d);
        if (rc)
            break;
    }
    if (done)
        flush_tlb_local();
    if (!guest_handle_is_null(pdone) && copy_to_guest(pdone, &done, 1))
        return -XEN_EFAULT;
    return rc;
}

static long mmuext_one(const mmuext_op_t *op, struct vcpu *v)
{
    switch (op->cmd) {
    case MMUEXT_NEW_BASEPTR:
        return pv_new_guest_cr3(v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_new_user_base(v, op->arg1.mfn);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        if (guest_va_ok(op->arg1.linear_addr))
            invlpg(op->arg1.linear_addr);
        return 0;
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return trace_err(-XEN_EOPNOTSUPP);     /* superpages: gone from Xen too */
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

long do_mmuext_op(XEN_GUEST_HANDLE_PARAM(mmuext_op_t) uops, unsigned int count,
                  XEN_GUEST_HANDLE_PARAM(uint) pdone, unsigned int foreigndom)
{
    struct vcpu *v = current;
    unsigned int done;
    long rc = check_foreigndom(foreigndom, v->domain);

    for (done = 0; rc == 0 && done < count; done++) {
        mmuext_op_t op;
        if (copy_from_guest_offset(&op, uops, done, 1))
            rc = -XEN_EFAULT;
        else
            rc = mmuext_one(&op, v);
        if (rc)
            break;
    }
    if (!guest_handle_is_null(pdone) && copy_to_guest(pdone, &done, 1))
        return -XEN_EFAULT;
    return rc;
}
