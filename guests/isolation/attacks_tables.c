/*
 * guests/isolation/attacks_tables.c - turning frames into page tables
 * that would give us write access to page tables, and writing the
 * hypervisor's part of our own top-level table.  All on our own tables,
 * in slots the boot tables leave empty.
 *
 * Xen:
 *  - pinning a frame we still map writable: _get_page_type finds type
 *    "writable" with a non-zero count -> -EINVAL (do_mmuext_op pin_page);
 *  - an L2 entry to such a frame: get_page_from_l2e -> -EINVAL;
 *  - an L1 that maps itself writable: validating the entry needs a
 *    writable type on a frame becoming an L1 -> get_page_from_l1e -EBUSY,
 *    returned by the pin; writing such an entry into a live L1: -EBUSY;
 *  - an L2/L4 entry mapping the table itself writable: not a table one
 *    level down, and get_l*_linear_pagetable refuses _PAGE_RW -> -EINVAL;
 *  - L4 slots 256-271: mod_l4_entry -> -EINVAL;
 *  - _PAGE_PSE in an L2 or L3 entry: L2_DISALLOW_MASK / l3_disallow_mask
 *    -> -EINVAL.
 */
#include "isolation.h"

#define ATTACK_FREE_L2_SLOT 256
#define ATTACK_FREE_L3_SLOT 100
#define ATTACK_FREE_L4_SLOT 300
#define ATTACK_XEN_SLOT_IMAGE 261

/* Our tables on the path of our own image. */
static unsigned long attack_own_table(unsigned int level)
{
    return pt_boot_table((unsigned long)ATTACK_WIN(ATTACK_WIN_MAP), level);
}

/* mmu_update of one of our own entries, expected to fail and change nothing. */
static void attack_entry(const char *name, unsigned int level, unsigned int slot,
                         uint64_t val, long expected)
{
    unsigned long table = attack_own_table(level);
    const uint64_t *view = pt_boot_view(table);
    uint64_t before = view ? view[slot] : 0;
    unsigned int done = 1;
    long rc = mmu_write_entry(table, slot, val, &done);

    check(rc == expected && done == 0 && view && view[slot] == before, name,
          "returned %ld, done %u, entry %#lx -> %#lx; expected %ld", rc, done,
          before, view ? view[slot] : 0, expected);
    if (rc == 0)
        mmu_write_entry(table, slot, before, NULL);
}

static void attacks_writable_frames(void)
{
    unsigned long mine = pv_va_to_mfn(isolation_pattern);

    check_rc("attack.pin_writable_frame_l1", pt_pin(1, mine), -XEN_EINVAL);
    check_rc("attack.pin_writable_frame_l4", pt_pin(4, mine), -XEN_EINVAL);
    attack_entry("attack.l2_entry_to_writable_frame", 2, ATTACK_FREE_L2_SLOT,
                 pv_pte(mine, PV_PDE_FLAGS), -XEN_EINVAL);
}

static void attacks_self_maps(void)
{
    static uint64_t page[PT_ENTRIES];
    unsigned long t = frames_take_mfn(), l1 = attack_own_table(1);
    unsigned int win_slot = PT_INDEX((unsigned long)ATTACK_WIN(ATTACK_WIN_MAP), 1);

    page[0] = pv_pte(t, PV_PTE_RW);
    if (t && frame_write(t, page, ATTACK_WIN(ATTACK_WIN_FILL)) == 0 &&
        !check_rc("attack.l1_maps_itself_writable_pin", pt_pin(1, t), -XEN_EBUSY))
        pt_unpin(t);
    attack_entry("attack.l1_maps_itself_writable_update", 1, win_slot,
                 pv_pte(l1, PV_PTE_RW), -XEN_EBUSY);
    attack_entry("attack.l2_maps_itself_writable", 2, ATTACK_FREE_L2_SLOT,
                 pv_pte(attack_own_table(2), PV_PDE_FLAGS), -XEN_EINVAL);
    attack_entry("attack.l4_maps_itself_writable", 4, ATTACK_FREE_L4_SLOT,
                 pv_pte(pt_boot_l4_mfn(), PV_PDE_FLAGS), -XEN_EINVAL);
}

static void attacks_xen_slots(void)
{
    attack_entry("attack.l4_xen_slot_clear", 4, PT_XEN_SLOT_FIRST, 0, -XEN_EINVAL);
    attack_entry("attack.l4_xen_slot_image", 4, ATTACK_XEN_SLOT_IMAGE, 0, -XEN_EINVAL);
    attack_entry("attack.l4_xen_slot_map", 4, PT_XEN_SLOT_LAST,
                 pv_pte(attack_zeroed_frame(), PV_PDE_FLAGS), -XEN_EINVAL);
}

static void attacks_superpages(void)
{
    attack_entry("attack.superpage_l2", 2, ATTACK_FREE_L2_SLOT,
                 pv_pte(pv_va_to_mfn(isolation_pattern), PV_PDE_FLAGS | PTE_PSE),
                 -XEN_EINVAL);
    attack_entry("attack.superpage_l3", 3, ATTACK_FREE_L3_SLOT,
                 pv_pte(pv_va_to_mfn(isolation_pattern), PV_PDE_FLAGS | PTE_PSE),
                 -XEN_EINVAL);
}

void attacks_tables(void)
{
    attacks_writable_frames();
    attacks_self_maps();
    attack_yield();
    attacks_xen_slots();
    attacks_superpages();
    attack_yield();
}
