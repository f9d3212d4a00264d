/*
 * guests/isolation/attacks_batch.c - one mmu_update call with 10,000
 * requests and a bad one in the middle.
 *
 * The requests write the 512 entries of a fresh L1 of ours round after
 * round (round r = request / 512); each value names its round in the
 * entry's three software bits and alternates between two of our frames,
 * so every entry shows which request wrote it last.  The bad request maps
 * the victim's frame (or, without a victim, the hypervisor's): -EBUSY.
 *
 * Xen, do_mmu_update: requests run in order and the loop stops at the
 * first failure (if (unlikely(rc)) break), returning that error; *pdone
 * gets the number done before it, i.e. the bad one's index; nothing after
 * it runs.  Xen may preempt a long batch with a continuation, which the
 * guest never sees: the final result and count are the same.
 */
#include "isolation.h"

#define BATCH_REQUESTS  10000
#define BATCH_BAD_INDEX 5000
#define BATCH_L2_SLOT   256     /* 512 MiB: free in our boot L2 */
#define BATCH_POOL      2
#define BATCH_ROUND_TAGS 8      /* three software bits */

static mmu_update_t batch[BATCH_REQUESTS];
static unsigned long batch_pool[BATCH_POOL];

static uint64_t batch_value(unsigned int i)
{
    unsigned int round = i / PT_ENTRIES;
    uint64_t tag = (uint64_t)(round % BATCH_ROUND_TAGS) << PTE_AVAIL_SHIFT;

    return pv_pte(batch_pool[round % BATCH_POOL], PTE_P | PTE_A | tag);
}

/* The last request writing entry e: before the bad one, and overall. */
static unsigned int batch_last_before(unsigned int e)
{
    return e + PT_ENTRIES * ((BATCH_BAD_INDEX - 1 - e) / PT_ENTRIES);
}

static unsigned int batch_last_overall(unsigned int e)
{
    return e + PT_ENTRIES * ((BATCH_REQUESTS - 1 - e) / PT_ENTRIES);
}

static void batch_fill(unsigned long table)
{
    unsigned long bad = victim.found ? victim.data_mfn : ATTACK_HYPERVISOR_MFN;
    unsigned int i;

    for (i = 0; i < BATCH_REQUESTS; i++) {
        batch[i].ptr = pt_entry_maddr(table, i % PT_ENTRIES) | MMU_NORMAL_PT_UPDATE;
        batch[i].val = batch_value(i);
    }
    batch[BATCH_BAD_INDEX].val = pv_pte(bad, PV_PTE_RO);
}

static void batch_verify(const volatile uint64_t *view)
{
    unsigned int e, before_bad = PT_ENTRIES, after_bad = PT_ENTRIES;

    for (e = 0; e < PT_ENTRIES; e++) {
        if (!pte_same(view[e], batch_value(batch_last_before(e))) &&
            before_bad == PT_ENTRIES)
            before_bad = e;
        if (pte_same(view[e], batch_value(batch_last_overall(e))) &&
            after_bad == PT_ENTRIES)
            after_bad = e;
    }
    check(before_bad == PT_ENTRIES, "attack.batch_before_applied",
          "entry %u is %#lx, request %u wrote %#lx", before_bad,
          view[before_bad % PT_ENTRIES], batch_last_before(before_bad % PT_ENTRIES),
          batch_value(batch_last_before(before_bad % PT_ENTRIES)));
    check(after_bad == PT_ENTRIES, "attack.batch_after_not_applied",
          "entry %u holds what request %u (after the bad one) writes", after_bad,
          batch_last_overall(after_bad % PT_ENTRIES));
}

void attacks_batch(void)
{
    unsigned long l2 = pt_boot_table((unsigned long)ATTACK_WIN(ATTACK_WIN_MAP), 2);
    unsigned long table = attack_zeroed_frame();
    unsigned int i, done = 0;
    long rc;

    for (i = 0; i < BATCH_POOL; i++)
        batch_pool[i] = attack_zeroed_frame();
    rc = pt_map(ATTACK_WIN(ATTACK_WIN_VIEW), table, PV_PTE_RO);
    if (!rc)
        rc = mmu_write_entry(l2, BATCH_L2_SLOT, pv_pte(table, PV_PDE_FLAGS), NULL);
    if (!check_rc("attack.batch_setup", rc, 0))
        return;
    batch_fill(table);
    rc = HYPERVISOR_mmu_update(batch, BATCH_REQUESTS, &done, DOMID_SELF);
    check_rc("attack.batch_error", rc, -XEN_EBUSY);
    check(done == BATCH_BAD_INDEX, "attack.batch_done", "done %u, expected %d",
          done, BATCH_BAD_INDEX);
    batch_verify(ATTACK_WIN(ATTACK_WIN_VIEW));
    check_rc("attack.batch_cleanup", mmu_write_entry(l2, BATCH_L2_SLOT, 0, NULL), 0);
    pv_restore_mapping(ATTACK_WIN(ATTACK_WIN_VIEW));
    attack_yield();
}
