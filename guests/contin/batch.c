/*
 * guests/contin/batch.c - mmu_update and mmuext_op batches far past the
 * 16384 requests minixen used to refuse.
 *
 * Xen (xen/arch/x86/mm.c do_mmu_update, do_mmuext_op): a long batch is
 * preempted and continued with MMU_UPDATE_PREEMPTED in the count and the
 * done count kept in *pdone, so a guest sees one call: every request
 * applied in order and *pdone == count.  The batch stops at the first
 * request that fails, whichever invocation it falls in: the call returns
 * that request's error and *pdone counts the requests before it.  An
 * array that cannot be read there is -EFAULT the same way.
 */
#include "contin.h"

#define CT_BIG_BATCH    100000
/* Every CT_M2P_EVERY-th request of the big batch is an M2P update. */
#define CT_M2P_EVERY    10
#define CT_BAD_BATCH    1000
#define CT_BAD_AT       700
/* Requests that fit in one page of the guarded list. */
#define CT_PAGE_REQS    (PAGE_SIZE / sizeof(mmu_update_t))
#define CT_EXT_BATCH    20000
#define CT_EXT_BAD_AT   15001
/* A ptr with bit 2 set is not 8-byte aligned: -EINVAL (mod_l1_entry's caller). */
#define CT_MISALIGNED   4

static mmu_update_t big_batch[CT_BIG_BATCH];
static mmuext_op_t ext_batch[CT_EXT_BATCH];
/* Two pages: requests in the first, the second unmapped while in use. */
static mmu_update_t guarded[2][CT_PAGE_REQS] PAGE_ALIGNED_BSS;

/* Request k of a batch: an M2P update now and then, else a remapping. */
static mmu_update_t ct_batch_req(unsigned long k)
{
    unsigned long mfn = ct_target_mfn[k % CT_TARGETS];

    if (k % CT_M2P_EVERY == CT_M2P_EVERY - 1)
        return (mmu_update_t){
            .ptr = ((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
            .val = (uint64_t)pv_mfn_to_pfn(mfn),
        };
    return ct_target_req(k % CT_TARGETS, (k / CT_M2P_EVERY) % 2);
}

/* reqs[0, n) = the batch's first n requests. */
static void ct_fill_batch(mmu_update_t *reqs, unsigned long n)
{
    unsigned long k;

    for (k = 0; k < n; k++)
        reqs[k] = ct_batch_req(k);
}

/* Index of the last remapping among requests [0, n) (n > 1). */
static unsigned long ct_last_mapping(unsigned long n)
{
    while (--n && (ct_batch_req(n).ptr & 3) != MMU_NORMAL_PT_UPDATE)
        ;
    return n;
}

/* After requests [0, n): the entry and the frame the window shows. */
static void ct_expect_target(const char *name, unsigned long n)
{
    unsigned long k = ct_last_mapping(n);
    uint64_t want = ct_batch_req(k).val;
    uint64_t e = pt_boot_l1e((unsigned long)CT_WIN(CT_WIN_TARGET));

    check(pte_same(e, want) && ct_target_shown() == (int)(k % CT_TARGETS), name,
          "entry %#lx shows target %d, expected %#lx (target %lu)",
          (unsigned long)e, ct_target_shown(), (unsigned long)want, k % CT_TARGETS);
}

static void ct_big_batch(void)
{
    unsigned int done = 0;
    long rc;

    ct_fill_batch(big_batch, CT_BIG_BATCH);
    rc = HYPERVISOR_mmu_update(big_batch, CT_BIG_BATCH, &done, DOMID_SELF);
    check(rc == 0 && done == CT_BIG_BATCH, "mmu.batch_100k",
          "returned %ld, done %u of %u", rc, done, CT_BIG_BATCH);
    ct_expect_target("mmu.batch_100k_last_applied", CT_BIG_BATCH);
}

/* A refused request after several continuations stops the batch there. */
static void ct_bad_mid_batch(void)
{
    unsigned int done = 0;
    long rc;

    ct_fill_batch(big_batch, CT_BAD_BATCH);
    big_batch[CT_BAD_AT].ptr |= CT_MISALIGNED;
    rc = HYPERVISOR_mmu_update(big_batch, CT_BAD_BATCH, &done, DOMID_SELF);
    check(rc == -XEN_EINVAL && done == CT_BAD_AT, "mmu.bad_mid_batch",
          "returned %ld, done %u, expected -EINVAL and %u", rc, done, CT_BAD_AT);
    ct_expect_target("mmu.bad_mid_batch_stops_there", CT_BAD_AT);
}

/* The list runs into an unmapped page after a continuation: -EFAULT there. */
static void ct_unreadable_list(void)
{
    unsigned int done = 0;
    long rc;

    ct_fill_batch(guarded[0], CT_PAGE_REQS);
    if (!check_rc("mmu.guard_unmap", pt_unmap(guarded[1]), 0))
        return;
    rc = HYPERVISOR_mmu_update(guarded[0], 2 * CT_PAGE_REQS, &done, DOMID_SELF);
    check(rc == -XEN_EFAULT && done == CT_PAGE_REQS, "mmu.unreadable_list",
          "returned %ld, done %u, expected -EFAULT and %lu", rc, done, CT_PAGE_REQS);
    ct_expect_target("mmu.unreadable_list_stops_there", CT_PAGE_REQS);
    check_rc("mmu.guard_restore", pv_restore_mapping(guarded[1]), 0);
}

void ct_mmu_batches(void)
{
    ct_big_batch();
    ct_bad_mid_batch();
    ct_unreadable_list();
    check_rc("mmu.window_restore", pv_restore_mapping(CT_WIN(CT_WIN_TARGET)), 0);
}

/* Pin and unpin one L1 in turn: the table's counts must come out even. */
static void ct_fill_pin_pairs(unsigned long l1)
{
    unsigned long k;

    for (k = 0; k < CT_EXT_BATCH; k++)
        ext_batch[k] = (mmuext_op_t){
            .cmd = k % 2 ? MMUEXT_UNPIN_TABLE : MMUEXT_PIN_L1_TABLE,
            .arg1.mfn = l1,
        };
}

void ct_mmuext_batches(void)
{
    unsigned long l1 = ct_zeroed_frame(), other = ct_zeroed_frame();
    unsigned int done = 0;
    long rc;

    ct_fill_pin_pairs(l1);
    rc = HYPERVISOR_mmuext_op(ext_batch, CT_EXT_BATCH, &done, DOMID_SELF);
    check(rc == 0 && done == CT_EXT_BATCH, "mmuext.batch_20k",
          "returned %ld, done %u of %u", rc, done, CT_EXT_BATCH);
    check_rc("mmuext.batch_20k_left_unpinned", pt_unpin(l1), -XEN_EINVAL);

    /* An unpin of a table never pinned, where an unpin of l1 was due. */
    ext_batch[CT_EXT_BAD_AT].arg1.mfn = other;
    done = 0;
    rc = HYPERVISOR_mmuext_op(ext_batch, CT_EXT_BATCH, &done, DOMID_SELF);
    check(rc == -XEN_EINVAL && done == CT_EXT_BAD_AT, "mmuext.bad_mid_batch",
          "returned %ld, done %u, expected -EINVAL and %u", rc, done, CT_EXT_BAD_AT);
    /* The pin before the bad op ran, the ones after it did not. */
    check_rc("mmuext.bad_mid_batch_stops_there", pt_unpin(l1), 0);
    check_rc("mmuext.bad_mid_batch_nothing_after", pt_unpin(l1), -XEN_EINVAL);
}
