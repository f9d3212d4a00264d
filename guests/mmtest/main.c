/*
 * guests/mmtest/main.c - start-up, the shared helpers, and the order of
 * the check groups (see mmtest.h).  Ends with one verdict line.
 */
#include "mmtest.h"

uint8_t mt_windows[MT_WINDOWS][PAGE_SIZE] PAGE_ALIGNED_BSS;
uint8_t mt_probe[PAGE_SIZE] PAGE_ALIGNED_BSS;

unsigned long mt_frame(void)
{
    unsigned long mfn = frames_take_mfn();

    if (!mfn)
        test_abort("mmtest.spare_frames", "no spare frame left past v_end");
    return mfn;
}

/* The fill window ends up back on its own frame, so mfn is mapped nowhere. */
unsigned long mt_zeroed_frame(void)
{
    unsigned long mfn = mt_frame();
    long rc = frame_zero(mfn, MT_WIN(MT_WIN_FILL));

    if (rc)
        test_abort("mmtest.zero_frame", "update_va_mapping returned %ld", rc);
    return mfn;
}

unsigned long mt_marked_frame(uint64_t marker)
{
    static uint64_t page[PT_ENTRIES];
    unsigned long mfn = mt_frame();
    long rc;

    page[0] = marker;
    if ((rc = frame_write(mfn, page, MT_WIN(MT_WIN_FILL))))
        test_abort("mmtest.fill_frame", "update_va_mapping returned %ld", rc);
    return mfn;
}

int mt_expect_map(const char *name, void *window, unsigned long mfn,
                  uint64_t flags, long expected)
{
    long rc = pt_map(window, mfn, flags);

    if (rc == 0 && expected != 0)
        pv_restore_mapping(window);
    return check_rc(name, rc, expected);
}

unsigned long mt_past_ram_mfn(void)
{
    long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    return (top > 0 ? (unsigned long)top : 0) + MT_PAST_RAM_DISTANCE;
}

uint64_t mt_peek(unsigned long mfn, void *window)
{
    uint64_t v = 0;

    if (pt_map(window, mfn, PV_PTE_RO) == 0)
        v = *(volatile uint64_t *)window;
    pv_restore_mapping(window);
    return v;
}

static void mt_startup(void)
{
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("mmtest.setup", "start-up hypercalls returned %ld", rc);
    frames_init();
    printk("mmtest: %s domain, %lu pages, v_end at pfn %#lx, %lu spare frames\n",
           (start_info->flags & SIF_PRIVILEGED) ? "privileged" : "unprivileged",
           start_info->nr_pages, frames_first_spare_pfn(), frames_left());
    if (!check(frames_left() >= MT_WINDOWS * PT_LEVELS, "mmtest.spare_frames",
               "only %lu frames past v_end", frames_left()))
        test_finish();
}

void guest_main(void)
{
    printk("minixen memory-management test guest starting\n");
    mt_startup();
    mt_m2p();
    mt_va_mapping();
    mt_pins();
    mt_cache();
    mt_space_tests();
    mt_entries();
    mt_space_done();
    mt_balloon();
    test_finish();
}
