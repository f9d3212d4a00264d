/*
 * guests/mmtest/pins.c - MMUEXT_PIN_Ln_TABLE / UNPIN_TABLE on tables of
 * every level, the refusals, and NEW_BASEPTR with frames that are not a
 * usable L4.
 *
 * Xen (do_mmuext_op, pin_page): get_page_from_gfn() must find a frame of
 * the caller's (else -EINVAL), then get_page_type_preemptible() gives it
 * the table type, validating every entry; a frame whose current type
 * differs (e.g. writable, while a writable mapping exists) fails in
 * _get_page_type with -EINVAL, and a failing entry's own error comes back
 * (an L1 entry mapping a table writable: -EBUSY from get_page_from_l1e).
 * Pinning twice is -EINVAL ("already pinned"), so is unpinning a frame
 * that is not pinned.  A failed validation undoes the references it took
 * (promote_l*_table unwind).
 */
#include "mmtest.h"

/* Frame whose page holds one entry (slot 0): its own L1 entry etc. */
static unsigned long mt_table_with_entry(uint64_t entry0, unsigned long mfn)
{
    static uint64_t page[PT_ENTRIES];
    long rc;

    memset(page, 0, sizeof(page));
    page[0] = entry0;
    if ((rc = frame_write(mfn, page, MT_WIN(MT_WIN_FILL))))
        test_abort("pin.fill", "update_va_mapping returned %ld", rc);
    return mfn;
}

static void mt_pin_each_level(void)
{
    static const char *const pin_names[PT_LEVELS] = {
        "pin.l1", "pin.l2", "pin.l3", "pin.l4" };
    static const char *const unpin_names[PT_LEVELS] = {
        "unpin.l1", "unpin.l2", "unpin.l3", "unpin.l4" };
    unsigned int level;

    for (level = 1; level <= PT_LEVELS; level++) {
        unsigned long t = mt_zeroed_frame();

        if (check_rc(pin_names[level - 1], pt_pin(level, t), 0))
            check_rc(unpin_names[level - 1], pt_unpin(t), 0);
    }
}

/* A frame that is mapped writable cannot become a table (-EINVAL). */
static void mt_pin_writable(void)
{
    unsigned long t = mt_zeroed_frame();

    if (!check_rc("pin.map_writable", pt_map(MT_WIN(MT_WIN_A), t, PV_PTE_RW), 0))
        return;
    check_rc("pin.writable_frame_l1", pt_pin(1, t), -XEN_EINVAL);
    check_rc("pin.writable_frame_l4", pt_pin(4, t), -XEN_EINVAL);
    pv_restore_mapping(MT_WIN(MT_WIN_A));
    /* With the writable mapping gone the same frame pins fine. */
    if (check_rc("pin.after_unmap", pt_pin(1, t), 0))
        pt_unpin(t);
}

static void mt_pin_refusals(void)
{
    unsigned long t = mt_zeroed_frame();

    if (check_rc("pin.l1_again", pt_pin(1, t), 0)) {
        check_rc("pin.twice", pt_pin(1, t), -XEN_EINVAL);
        check_rc("pin.other_level", pt_pin(2, t), -XEN_EINVAL);
        check_rc("pin.map_table_writable",
                 pt_map(MT_WIN(MT_WIN_A), t, PV_PTE_RW), -XEN_EBUSY);
        pv_restore_mapping(MT_WIN(MT_WIN_A));
        check_rc("unpin.l1_again", pt_unpin(t), 0);
    }
    check_rc("unpin.not_pinned", pt_unpin(t), -XEN_EINVAL);
    check_rc("pin.hypervisor_frame", pt_pin(1, MT_HYPERVISOR_MFN), -XEN_EINVAL);
    check_rc("unpin.hypervisor_frame", pt_unpin(MT_HYPERVISOR_MFN), -XEN_EINVAL);
    check_rc("pin.past_ram", pt_pin(4, mt_past_ram_mfn()), -XEN_EINVAL);
}

/*
 * An L1 that maps itself writable: validating its entry needs a writable
 * type on a frame that is being made an L1 (get_page_from_l1e: -EBUSY).
 */
static void mt_pin_self_writable(void)
{
    unsigned long t = mt_frame();

    mt_table_with_entry(pv_pte(t, PV_PTE_RW), t);
    check_rc("pin.l1_maps_itself_writable", pt_pin(1, t), -XEN_EBUSY);
    mt_table_with_entry(pv_pte(t, PV_PTE_RO), t);
    if (check_rc("pin.l1_maps_itself_readonly", pt_pin(1, t), 0))
        pt_unpin(t);
}

/*
 * An L2 whose slot 0 is a good L1 and slot 1 a writable-mapped frame:
 * validation fails at slot 1 and must drop the type it gave slot 0's L1,
 * which can then be mapped writable again.
 */
static void mt_pin_unwind(void)
{
    unsigned long l1 = mt_zeroed_frame(), l2 = mt_frame();
    static uint64_t page[PT_ENTRIES];
    long rc;

    memset(page, 0, sizeof(page));
    page[0] = pv_pte(l1, PV_PDE_FLAGS);
    page[1] = pv_pte(pv_va_to_mfn(mt_probe), PV_PDE_FLAGS);
    if ((rc = frame_write(l2, page, MT_WIN(MT_WIN_FILL))))
        test_abort("pin.fill", "update_va_mapping returned %ld", rc);
    check_rc("pin.l2_bad_entry", pt_pin(2, l2), -XEN_EINVAL);
    mt_expect_map("pin.failure_unwinds", MT_WIN(MT_WIN_A), l1, PV_PTE_RW, 0);
    pv_restore_mapping(MT_WIN(MT_WIN_A));
}

/* new_guest_cr3: get_page_and_type_from_mfn(mfn, PGT_root_page_table). */
static void mt_bad_baseptr(void)
{
    check_rc("new_baseptr.hypervisor_frame", pt_switch(MT_HYPERVISOR_MFN), -XEN_EINVAL);
    check_rc("new_baseptr.writable_frame", pt_switch(pv_va_to_mfn(mt_probe)),
             -XEN_EINVAL);
    check_rc("new_baseptr.l1_table",
             pt_switch(pt_boot_table((unsigned long)mt_probe, 1)), -XEN_EINVAL);
    check(read_cr3() == pv_expected_cr3(), "new_baseptr.refusals_keep_cr3",
          "cr3 %#lx, expected %#lx", read_cr3(), pv_expected_cr3());
}

void mt_pins(void)
{
    mt_pin_each_level();
    mt_pin_writable();
    mt_pin_refusals();
    mt_pin_self_writable();
    mt_pin_unwind();
    mt_bad_baseptr();
}
