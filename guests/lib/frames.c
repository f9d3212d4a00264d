/*
 * guests/lib/frames.c - the pool of spare frames past v_end (frames.h).
 */
#include "frames.h"
#include "pt.h"
#include "string.h"

static unsigned long spare_first, spare_next;

/*
 * Everything from virt_base to v_end is mapped and v_end lies past the
 * boot stack, which follows the page tables; walk up from there until
 * the boot tables stop mapping pages.
 */
void frames_init(void)
{
    unsigned long va = start_info->pt_base + start_info->nr_pt_frames * PAGE_SIZE;

    while (pv_region_contains(va) && (pt_boot_l1e(va) & PTE_P))
        va += PAGE_SIZE;
    spare_first = spare_next = pv_va_to_pfn(va);
}

unsigned long frames_first_spare_pfn(void)
{
    return spare_first;
}

unsigned long frames_left(void)
{
    return spare_next < start_info->nr_pages ? start_info->nr_pages - spare_next : 0;
}

unsigned long frames_take(unsigned long *mfn)
{
    unsigned long pfn;

    if (!frames_left())
        return 0;
    pfn = spare_next++;
    if (mfn)
        *mfn = pv_pfn_to_mfn(pfn);
    return pfn;
}

unsigned long frames_take_mfn(void)
{
    unsigned long mfn = 0;

    frames_take(&mfn);
    return mfn;
}

long frame_write(unsigned long mfn, const void *src, void *window)
{
    long rc = pt_map(window, mfn, PV_PTE_RW);

    if (rc)
        return rc;
    if (src)
        memcpy(window, src, PAGE_SIZE);
    else
        memset(window, 0, PAGE_SIZE);
    return pv_restore_mapping(window);
}

long frame_zero(unsigned long mfn, void *window)
{
    return frame_write(mfn, NULL, window);
}
