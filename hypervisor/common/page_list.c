/*
 * A domain's page list (Xen's d->page_list): its domheap frames, doubly
 * linked through their page_info by frame number, so that teardown visits
 * the domain's own frames and nothing else.  Pure list work on the frame
 * table, host-tested (tests/unit/test_page_list.c).
 */
#include <minixen/mm.h>
#include <minixen/sched.h>

/*
 * Frames [first, first + nr) at the head, in that order: a whole extent
 * joins with one splice.  The order means nothing otherwise.
 */
void page_list_add_run(struct domain *d, unsigned long first, unsigned long nr)
{
    unsigned long last = first + nr - 1, mfn;

    if (nr == 0)
        return;
    for (mfn = first; mfn <= last; mfn++) {
        struct page_info *pg = mfn_to_page(mfn);

        pg->flags |= PGF_on_list;
        pg->list_prev = mfn == first ? PAGE_LIST_NULL : (uint32_t)(mfn - 1);
        pg->list_next = (uint32_t)(mfn + 1);
    }
    mfn_to_page(last)->list_next = (uint32_t)d->page_list_head;
    if (d->page_list_head != PAGE_LIST_NULL)
        mfn_to_page(d->page_list_head)->list_prev = (uint32_t)last;
    d->page_list_head = first;
}

void page_list_add(struct domain *d, unsigned long mfn)
{
    page_list_add_run(d, mfn, 1);
}

void page_list_del(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (pg->list_prev != PAGE_LIST_NULL)
        mfn_to_page(pg->list_prev)->list_next = pg->list_next;
    else
        d->page_list_head = pg->list_next;
    if (pg->list_next != PAGE_LIST_NULL)
        mfn_to_page(pg->list_next)->list_prev = pg->list_prev;
    pg->flags &= ~PGF_on_list;
}
