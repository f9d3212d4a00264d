/*
 * guests/mmtest/space.c - a second address space: built from spare
 * frames, pinned, switched to and back, unpinned while in use.
 *
 * The new space maps the same image as the boot space (copies of the boot
 * tables along mt_probe's path), except that mt_probe shows another frame,
 * so reads tell the two apart.  Xen:
 *  - MMUEXT_PIN_L4_TABLE validates recursively (promote_l4_table ->
 *    get_page_from_l4e -> ... -> promote_l1_table): afterwards the L1 is
 *    typed and cannot be mapped writable (-EBUSY, get_page_from_l1e);
 *  - promote_l4_table skips the hypervisor's slots (is_guest_l4_slot) and
 *    init_xen_l4_slots() then overwrites all of 256-271, whatever the
 *    guest left there: slot 258 maps the table itself, slot 256 (the
 *    read-only M2P) stays empty until the table becomes a base pointer
 *    (new_guest_cr3 -> fill_ro_mpt) unless VMASST m2p_strict is on;
 *  - NEW_BASEPTR takes its own type reference (new_guest_cr3), so
 *    UNPIN_TABLE of the running table succeeds, and the table is only
 *    devalidated (its lower tables released) when the base pointer moves;
 *  - a second UNPIN is -EINVAL (not pinned).
 */
#include "mmtest.h"

struct mt_space mt_space;

/* A word in the image, the same frame in both spaces. */
static volatile uint64_t mt_shared_word;
#define MT_SHARED_MAGIC ARCH_UL(0x5a4ed0005a4ed000)

static void *const mt_space_windows[PT_LEVELS] = {
    mt_windows[MT_WIN_TABLES + PT_SPACE_L1], mt_windows[MT_WIN_TABLES + PT_SPACE_L2],
    mt_windows[MT_WIN_TABLES + PT_SPACE_L3], mt_windows[MT_WIN_TABLES + PT_SPACE_L4],
};

static uint64_t mt_probe_read(void)
{
    return *(volatile uint64_t *)mt_probe;
}

static void mt_probe_write(uint64_t v)
{
    *(volatile uint64_t *)mt_probe = v;
}

/*
 * The hypervisor slots are garbage until the table is validated: a
 * writable self-map, which the hypervisor would refuse in a guest slot.
 */
static int mt_space_build(void)
{
    struct mt_space *s = &mt_space;
    unsigned long frames[PT_LEVELS];
    unsigned int i;
    long rc;

    for (i = 0; i < PT_LEVELS; i++)
        frames[i] = mt_zeroed_frame();
    s->probe_mfn = mt_marked_frame(MT_MAGIC_NEW);
    mt_probe_write(MT_MAGIC_BOOT);
    rc = pt_space_build(&s->pt, (unsigned long)mt_probe,
                        pv_pte(s->probe_mfn, PV_PTE_RW),
                        pv_pte(frames[PT_SPACE_L4], PTE_P | PTE_RW),
                        frames, mt_space_windows);
    s->built = check_rc("space.build", rc, 0);
    return s->built;
}

/* Is the hypervisor's slot `slot` of the new L4 what Xen would put there? */
static int mt_xen_slot_ok(unsigned int slot, uint64_t mine, uint64_t boot)
{
    unsigned long l4 = mt_space.pt.mfn[PT_SPACE_L4];

    if (mine == boot)
        return 1;
    /* The linear slot maps each table itself. */
    if (pte_mfn(mine) == l4 && pte_mfn(boot) == pt_boot_l4_mfn() &&
        ((mine ^ boot) & ~PTE_ADDR_MASK) == 0)
        return 1;
    /* The read-only M2P appears only once the table is a base pointer. */
    return slot == PT_M2P_L4_SLOT && mine == 0;
}

static int mt_check_xen_slots(void)
{
    const uint64_t *mine = mt_space.pt.view[PT_SPACE_L4];
    const uint64_t *boot = pt_boot_view(pt_boot_l4_mfn());
    unsigned int slot;

    for (slot = PT_XEN_SLOT_FIRST; slot <= PT_XEN_SLOT_LAST; slot++)
        if (!mt_xen_slot_ok(slot, mine[slot], boot[slot]))
            return check(0, "space.xen_slots_filled",
                         "slot %u is %#lx, the boot L4 has %#lx", slot,
                         mine[slot], boot[slot]);
    report_pass("space.xen_slots_filled");
    return 1;
}

static void mt_space_pin(void)
{
    struct mt_space *s = &mt_space;

    s->pinned = check_rc("space.pin_l4", pt_pin(4, s->pt.mfn[PT_SPACE_L4]), 0);
    if (!s->pinned)
        return;
    mt_expect_map("space.pin_types_l1", MT_WIN(MT_WIN_A), s->pt.mfn[PT_SPACE_L1],
                  PV_PTE_RW, -XEN_EBUSY);
    mt_expect_map("space.pin_types_l3", MT_WIN(MT_WIN_A), s->pt.mfn[PT_SPACE_L3],
                  PV_PTE_RW, -XEN_EBUSY);
    check_rc("space.pin_twice", pt_pin(4, s->pt.mfn[PT_SPACE_L4]), -XEN_EINVAL);
    s->usable = mt_check_xen_slots();
}

/* While running on the new tables: what it maps, M2P, unpin in use. */
static void mt_space_inside(void)
{
    const uint64_t *mine = mt_space.pt.view[PT_SPACE_L4];
    const uint64_t *boot = pt_boot_view(pt_boot_l4_mfn());
    unsigned long pfn = 0, l4 = mt_space.pt.mfn[PT_SPACE_L4];

    check(read_cr3() == xen_pfn_to_cr3(l4), "space.cr3", "cr3 %#lx, expected %#lx",
          read_cr3(), xen_pfn_to_cr3(l4));
    check(mt_probe_read() == MT_MAGIC_NEW, "space.new_frame_visible",
          "the probe page reads %#lx, expected %#lx", mt_probe_read(), MT_MAGIC_NEW);
    mt_probe_write(MT_MAGIC_NEW2);
    mt_shared_word = MT_SHARED_MAGIC;
    check(m2p_read(pt_boot_l4_mfn(), &pfn) == 0 &&
          pfn == pv_va_to_pfn(start_info->pt_base), "space.m2p_readable",
          "M2P[%#lx] unreadable or %#lx", pt_boot_l4_mfn(), pfn);
    check(mine[PT_M2P_L4_SLOT] == boot[PT_M2P_L4_SLOT], "space.m2p_slot_filled",
          "slot %lu is %#lx, the boot L4 has %#lx", PT_M2P_L4_SLOT,
          mine[PT_M2P_L4_SLOT], boot[PT_M2P_L4_SLOT]);
    if (check_rc("space.unpin_in_use", pt_unpin(l4), 0))
        mt_space.pinned = 0;
    check(mt_probe_read() == MT_MAGIC_NEW2, "space.runs_after_unpin",
          "the probe page reads %#lx", mt_probe_read());
}

static void mt_space_back(void)
{
    unsigned long l4 = mt_space.pt.mfn[PT_SPACE_L4];

    if (!check_rc("space.switch_back", pt_switch(pt_boot_l4_mfn()), 0))
        test_abort("space.switch_back", "cannot return to the boot tables");
    check(read_cr3() == pv_expected_cr3(), "space.cr3_back", "cr3 %#lx, expected %#lx",
          read_cr3(), pv_expected_cr3());
    check(mt_probe_read() == MT_MAGIC_BOOT, "space.boot_frame_visible",
          "the probe page reads %#lx, expected %#lx", mt_probe_read(), MT_MAGIC_BOOT);
    check(mt_shared_word == MT_SHARED_MAGIC, "space.shared_frames",
          "a word written in the new space reads %#lx", mt_shared_word);
    check(mt_peek(mt_space.probe_mfn, MT_WIN(MT_WIN_A)) == MT_MAGIC_NEW2,
          "space.new_frame_written", "the new space's probe frame holds %#lx",
          mt_peek(mt_space.probe_mfn, MT_WIN(MT_WIN_A)));
    check_rc("space.unpin_again", pt_unpin(l4), -XEN_EINVAL);
    mt_expect_map("space.unpin_releases_l1", MT_WIN(MT_WIN_A),
                  mt_space.pt.mfn[PT_SPACE_L1], PV_PTE_RW, 0);
    pv_restore_mapping(MT_WIN(MT_WIN_A));
    mt_space.pinned = check_rc("space.repin", pt_pin(4, l4), 0);
}

void mt_space_tests(void)
{
    if (!mt_space_build())
        return;
    mt_space_pin();
    if (!mt_space.pinned || !mt_space.usable) {
        printk("# the new L4 is not safe to load; skipping the switch\n");
        return;
    }
    if (!check_rc("space.switch", pt_switch(mt_space.pt.mfn[PT_SPACE_L4]), 0))
        return;
    mt_space_inside();
    mt_space_back();
}

/* Run fn on the new tables and come back (entries.c's linear checks). */
int mt_space_run(void (*fn)(void))
{
    if (!mt_space.pinned || !mt_space.usable ||
        pt_switch(mt_space.pt.mfn[PT_SPACE_L4]) != 0)
        return 0;
    fn();
    if (pt_switch(pt_boot_l4_mfn()) != 0)
        test_abort("space.switch_back", "cannot return to the boot tables");
    return 1;
}

void mt_space_done(void)
{
    if (mt_space.pinned)
        check_rc("space.unpin", pt_unpin(mt_space.pt.mfn[PT_SPACE_L4]), 0);
    mt_space.pinned = 0;
    if (mt_space.built)
        pt_space_release_windows(mt_space_windows);
    /* Unpinned and not in use: the frame may be mapped writable again. */
    if (mt_space.built)
        mt_expect_map("space.released", MT_WIN(MT_WIN_A),
                      mt_space.pt.mfn[PT_SPACE_L4], PV_PTE_RW, 0);
    pv_restore_mapping(MT_WIN(MT_WIN_A));
}
