/*
 * Frames a domain gains or gives back at run time: the allocation and
 * removal steps behind memory_op's reservation commands.
 *
 * A frame given to a domain holds one "allocation" reference
 * (PGF_allocated) for as long as the domain owns it, on top of whatever
 * its mappings, pins and base-pointer uses hold (rules in minixen/mm.h).
 * Removing a frame drops only that reference; the frame returns to the
 * allocator, and leaves tot_pages, when the last other reference goes
 * (put_page -> free_domheap_page).  The free frames themselves come from
 * the arch allocator through mm_alloc_contig().
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/errno.h>

/* Room for nr more frames in d's reservation, as Xen's assign_pages checks. */
static bool domheap_room_for(const struct domain *d, unsigned long nr)
{
    return !d->is_dying && d->tot_pages < d->max_pages &&
           nr <= d->max_pages - d->tot_pages;
}

/* Make the (zeroed) free frames [mfn, mfn + nr) d's: one allocation
 * reference each, M2P naming gpfn on (or nothing), on d's page list. */
static void domheap_assign(struct domain *d, unsigned long mfn, unsigned long nr,
                           unsigned long gpfn)
{
    page_list_assign_run(d, mfn, nr);
    set_gpfn_run(mfn, nr, gpfn);
}

unsigned long alloc_domheap_pages(struct domain *d, unsigned int order,
                                  unsigned long mfn_limit, unsigned long gpfn)
{
    unsigned long nr, mfn;

    if (order > DOMHEAP_MAX_ORDER)
        return INVALID_MFN_VALUE;
    nr = 1UL << order;
    spin_lock_recursive(&d->page_alloc_lock);
    /* Aligned to its own size, as Xen's buddy allocator returns extents. */
    mfn = domheap_room_for(d, nr) ? mm_alloc_contig(nr, nr, mfn_limit) : INVALID_MFN_VALUE;
    if (mfn != INVALID_MFN_VALUE) {
        domheap_assign(d, mfn, nr, gpfn);
        d->tot_pages += nr;
    }
    spin_unlock_recursive(&d->page_alloc_lock);
    return mfn;
}

/*
 * Only the allocation reference goes.  A frame still mapped, pinned or
 * used as a base pointer stays d's (and in d's tot_pages) until that use
 * ends.  Xen unpinned pinned tables here until XSA-252 (CVE-2018-7540):
 * tearing down a pinned L4 is unbounded work, so 4.17 leaves the pin.
 * The M2P entry stays too, as in Xen; free_domheap_page() clears it.
 * Shared_info has no allocation reference, so removing it is a no-op.
 */
int guest_remove_page(struct domain *d, unsigned long mfn)
{
    struct page_info *pg;

    if (!mfn_is_ram(mfn))
        return trace_err(-XEN_EINVAL);
    /* Our own reference: the allocation one must never be the last. */
    if (!get_page(mfn, d))
        return trace_err(-XEN_ENXIO);
    pg = mfn_to_page(mfn);
    if (page_test_and_clear_flags(pg, PGF_allocated))
        put_page(mfn);
    put_page(mfn);
    return 0;
}
