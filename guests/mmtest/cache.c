/*
 * guests/mmtest/cache.c - a frame written through an uncached mapping,
 * then used as a page table (the XSA-402 pattern).
 *
 * Only the privileged domain may put cache attributes (PAT, PCD, PWT) in
 * an L1 entry; others get -EINVAL (Xen: get_page_from_l1e, which wants
 * I/O rights for them).  Writes through such a mapping can leave RAM and
 * the caches disagreeing, so before the frame is validated as a table the
 * hypervisor flushes its cache lines (Xen: _get_page_type on a
 * PGT_non_coherent page).  The pin must succeed either way; the boot test
 * checks the hypervisor's log for the flush of the frame printed here.
 */
#include "mmtest.h"

void mt_cache(void)
{
    int privileged = (start_info->flags & SIF_PRIVILEGED) != 0;
    void *window = MT_WIN(MT_WIN_A);
    unsigned long mfn = mt_frame();
    long rc;

    rc = pt_map(window, mfn, PV_PTE_RW | PTE_PCD | PTE_PWT);
    check_rc("cache.uc_map", rc, privileged ? 0 : -XEN_EINVAL);
    if (rc == 0) {
        memset(window, 0, PAGE_SIZE);           /* an empty L1, uncached */
        rc = pv_restore_mapping(window);
    } else {
        rc = frame_zero(mfn, MT_WIN(MT_WIN_FILL));
    }
    if (!check_rc("cache.uc_unmap", rc, 0))
        return;
    printk("mmtest: cache: frame %#lx written %s, now pinned as an L1\n", mfn,
           privileged ? "uncached" : "cached");
    check_rc("cache.pin_l1_after_uc", pt_pin(1, mfn), 0);
    check_rc("cache.unpin", pt_unpin(mfn), 0);
}
