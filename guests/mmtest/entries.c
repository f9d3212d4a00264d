/*
 * guests/mmtest/entries.c - mmu_update (MMU_NORMAL_PT_UPDATE) on entries
 * of every level of the pinned second space, and what Xen refuses.
 *
 * Xen (do_mmu_update -> mod_l1_entry .. mod_l4_entry):
 *  - a present entry whose flags hit the level's disallow mask is -EINVAL
 *    before anything else: _PAGE_PSE in an L2/L3 entry (superpages are
 *    not for PV guests), the reserved bit 7 in an L4 entry, and
 *    _PAGE_GLOBAL anywhere but an L1 (L2_DISALLOW_MASK);
 *  - an L4 slot in 256-271 is -EINVAL whatever the value
 *    (mod_l4_entry: !is_guest_l4_slot);
 *  - an L2/L3/L4 entry must point at a table one level down
 *    (get_page_and_type_from_mfn); failing that, only a read-only entry
 *    pointing at a table of its own level is accepted as a linear
 *    page-table entry (get_l*_linear_pagetable), e.g. an L4 slot mapping
 *    the L4 itself; writable, or a different level: -EINVAL;
 *  - an L1 entry mapping a table writable, or a frame that is not ours:
 *    -EBUSY (get_page_from_l1e);
 *  - a batch stops at the first failure, returns its error and reports
 *    the requests done before it; MMU_PT_UPDATE_PRESERVE_AD keeps the old
 *    accessed/dirty bits (update_intpte).
 */
#include "mmtest.h"

/* Slots the boot tables (hence the copies) leave empty. */
#define MT_FREE_L2_SLOT     256   /* 512 MiB */
#define MT_FREE_L3_SLOT     100   /* 100 GiB */
#define MT_FREE_L4_SLOT     300   /* upper half, a guest slot */
#define MT_FREE_L4_SLOT2    301
#define MT_LINEAR_SLOT      400
#define MT_LINEAR_RW_SLOT   401
#define MT_XEN_SLOT_IMAGE   261   /* the hypervisor image */

static unsigned long mt_table(unsigned int index)
{
    return mt_space.pt.mfn[index];
}

static const uint64_t *mt_view(unsigned int index)
{
    return mt_space.pt.view[index];
}

/* Update one entry, expecting success, and read it back: one check. */
static void mt_update_ok(const char *name, unsigned int index, unsigned int slot,
                         uint64_t val)
{
    unsigned int done = 0;
    long rc = mmu_write_entry(mt_table(index), slot, val, &done);
    uint64_t now = mt_view(index)[slot];

    check(rc == 0 && done == 1 && pte_same(now, val), name,
          "returned %ld, done %u; entry reads %#lx after writing %#lx",
          rc, done, now, val);
}

/* Expect a refusal with exactly this error, nothing done, entry unchanged. */
static void mt_update_refused(const char *name, unsigned int index,
                              unsigned int slot, uint64_t val, long expected)
{
    uint64_t before = mt_view(index)[slot];
    unsigned int done = 1;
    long rc = mmu_write_entry(mt_table(index), slot, val, &done);
    uint64_t after = mt_view(index)[slot];

    check(rc == expected && done == 0 && after == before, name,
          "returned %ld, done %u, entry %#lx -> %#lx; expected %ld and no change",
          rc, done, before, after, expected);
    if (rc == 0)
        mmu_write_entry(mt_table(index), slot, before, NULL);
}

static void mt_entries_l1(void)
{
    unsigned int slot = PT_INDEX((unsigned long)mt_probe, 1);
    unsigned long other = mt_marked_frame(MT_MAGIC_A);

    mt_update_ok("mmu.l1_update", PT_SPACE_L1, slot, pv_pte(other, PV_PTE_RW));
    mt_update_ok("mmu.l1_restore", PT_SPACE_L1, slot,
                 pv_pte(mt_space.probe_mfn, PV_PTE_RW));
    mt_update_refused("mmu.l1_table_writable", PT_SPACE_L1, slot,
                      pv_pte(mt_table(PT_SPACE_L4), PV_PTE_RW), -XEN_EBUSY);
    mt_update_refused("mmu.l1_hypervisor_frame", PT_SPACE_L1, slot,
                      pv_pte(MT_HYPERVISOR_MFN, PV_PTE_RO), -XEN_EBUSY);
}

/* Install a fresh table below level `index`, check it got typed, remove it. */
static void mt_entries_level(const char *update, const char *typed, const char *clear,
                             unsigned int index, unsigned int slot)
{
    unsigned long t = mt_zeroed_frame();

    mt_update_ok(update, index, slot, pv_pte(t, PV_PDE_FLAGS));
    mt_expect_map(typed, MT_WIN(MT_WIN_A), t, PV_PTE_RW, -XEN_EBUSY);
    mt_update_ok(clear, index, slot, 0);
}

static void mt_entries_refused(void)
{
    unsigned long l4 = mt_table(PT_SPACE_L4), probe = pv_va_to_mfn(mt_probe);

    mt_update_refused("mmu.l2_writable_frame", PT_SPACE_L2, MT_FREE_L2_SLOT,
                      pv_pte(probe, PV_PDE_FLAGS), -XEN_EINVAL);
    mt_update_refused("mmu.l2_pse", PT_SPACE_L2, MT_FREE_L2_SLOT,
                      pv_pte(mt_frame(), PV_PDE_FLAGS | PTE_PSE), -XEN_EINVAL);
    mt_update_refused("mmu.l2_global", PT_SPACE_L2, MT_FREE_L2_SLOT,
                      pv_pte(mt_zeroed_frame(), PV_PDE_FLAGS | PTE_G), -XEN_EINVAL);
    mt_update_refused("mmu.l3_pse", PT_SPACE_L3, MT_FREE_L3_SLOT,
                      pv_pte(mt_frame(), PV_PDE_FLAGS | PTE_PSE), -XEN_EINVAL);
    mt_update_refused("mmu.l4_pse", PT_SPACE_L4, MT_FREE_L4_SLOT,
                      pv_pte(mt_zeroed_frame(), PV_PDE_FLAGS | PTE_PSE), -XEN_EINVAL);
    mt_update_refused("mmu.l4_xen_slot_clear", PT_SPACE_L4, PT_XEN_SLOT_FIRST, 0,
                      -XEN_EINVAL);
    mt_update_refused("mmu.l4_xen_slot_map", PT_SPACE_L4, MT_XEN_SLOT_IMAGE,
                      pv_pte(mt_zeroed_frame(), PV_PDE_FLAGS), -XEN_EINVAL);
    check_rc("mmu.boot_l4_xen_slot",
             mmu_write_entry(pt_boot_l4_mfn(), PT_XEN_SLOT_LAST, 0, NULL), -XEN_EINVAL);
    mt_update_refused("mmu.linear_l4_writable", PT_SPACE_L4, MT_LINEAR_RW_SLOT,
                      pv_pte(l4, PTE_P | PTE_RW | PTE_A), -XEN_EINVAL);
    mt_update_refused("mmu.linear_l3_to_l4", PT_SPACE_L3, MT_FREE_L3_SLOT,
                      pv_pte(l4, PTE_P | PTE_A), -XEN_EINVAL);
    mt_update_refused("mmu.linear_l2_to_l4", PT_SPACE_L2, MT_FREE_L2_SLOT,
                      pv_pte(l4, PTE_P | PTE_A), -XEN_EINVAL);
}

/* Runs on the new tables: the linear slot shows the L4 as a data page. */
static int mt_linear_same;
static void mt_linear_read(void)
{
    const volatile uint64_t *lin = (const volatile uint64_t *)pt_slots_to_va(
        MT_LINEAR_SLOT, MT_LINEAR_SLOT, MT_LINEAR_SLOT, MT_LINEAR_SLOT);
    unsigned int i;

    mt_linear_same = 1;
    for (i = 0; i < PT_ENTRIES; i++)
        if (lin[i] != mt_view(PT_SPACE_L4)[i])
            mt_linear_same = 0;
}

static void mt_entries_linear(void)
{
    unsigned long l4 = mt_table(PT_SPACE_L4);

    mt_update_ok("mmu.linear_l4_readonly", PT_SPACE_L4, MT_LINEAR_SLOT,
                 pv_pte(l4, PTE_P | PTE_A));
    if (mt_space_run(mt_linear_read))
        check(mt_linear_same, "mmu.linear_l4_reads",
              "the linear mapping shows other contents than the L4");
    else
        check(0, "mmu.linear_l4_reads", "the new space could not be loaded");
    mt_update_ok("mmu.linear_l4_clear", PT_SPACE_L4, MT_LINEAR_SLOT, 0);
}

static void mt_entries_batch(void)
{
    unsigned long t = mt_zeroed_frame(), l4 = mt_table(PT_SPACE_L4);
    mmu_update_t req[3] = {
        { pt_entry_maddr(l4, MT_FREE_L4_SLOT), pv_pte(t, PV_PDE_FLAGS) },
        { pt_entry_maddr(l4, PT_XEN_SLOT_FIRST), 0 },
        { pt_entry_maddr(l4, MT_FREE_L4_SLOT2), pv_pte(t, PV_PDE_FLAGS) },
    };
    unsigned int done = 0;
    long rc = HYPERVISOR_mmu_update(req, 3, &done, DOMID_SELF);

    check(rc == -XEN_EINVAL && done == 1, "mmu.batch_stops",
          "returned %ld, done %u; expected %d, 1", rc, done, -XEN_EINVAL);
    check(pte_same(mt_view(PT_SPACE_L4)[MT_FREE_L4_SLOT], req[0].val) &&
          mt_view(PT_SPACE_L4)[MT_FREE_L4_SLOT2] == 0, "mmu.batch_partial",
          "slots %d and %d hold %#lx and %#lx", MT_FREE_L4_SLOT, MT_FREE_L4_SLOT2,
          mt_view(PT_SPACE_L4)[MT_FREE_L4_SLOT], mt_view(PT_SPACE_L4)[MT_FREE_L4_SLOT2]);
    req[0].val = 0;
    req[1] = req[0];
    req[1].ptr = pt_entry_maddr(l4, MT_FREE_L4_SLOT2);
    check(HYPERVISOR_mmu_update(req, 2, &done, DOMID_SELF) == 0 && done == 2,
          "mmu.batch_done", "done %u, expected 2", done);
}

/* PRESERVE_AD: write the entry without A/D; the old A/D must stay. */
static void mt_entries_preserve_ad(void)
{
    unsigned int slot = PT_INDEX((unsigned long)mt_probe, 1);
    mmu_update_t req = {
        pt_entry_maddr(mt_table(PT_SPACE_L1), slot) | MMU_PT_UPDATE_PRESERVE_AD,
        pv_pte(mt_space.probe_mfn, PTE_P | PTE_RW),
    };
    long rc = HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
    uint64_t now = mt_view(PT_SPACE_L1)[slot];

    check(rc == 0 && (now & (PTE_A | PTE_D)) == (PTE_A | PTE_D), "mmu.preserve_ad",
          "returned %ld, entry reads %#lx", rc, now);
}

void mt_entries(void)
{
    if (!mt_space.pinned) {
        check(0, "mmu.space_pinned", "the second space is not pinned");
        return;
    }
    mt_entries_l1();
    mt_entries_level("mmu.l2_update", "mmu.l2_types_l1", "mmu.l2_clear",
                     PT_SPACE_L2, MT_FREE_L2_SLOT);
    mt_entries_level("mmu.l3_update", "mmu.l3_types_l2", "mmu.l3_clear",
                     PT_SPACE_L3, MT_FREE_L3_SLOT);
    mt_entries_level("mmu.l4_update", "mmu.l4_types_l3", "mmu.l4_clear",
                     PT_SPACE_L4, MT_FREE_L4_SLOT);
    mt_entries_refused();
    mt_entries_linear();
    mt_entries_batch();
    mt_entries_preserve_ad();
}
