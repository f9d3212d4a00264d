/*
 * A domain's page list (Xen's d->page_list): its domheap frames, doubly
 * linked through their page_info by frame number, so that teardown visits
 * the domain's own frames and nothing else.  Pure list work on the frame
 * table, host-tested (tests/unit/test_page_list.c).
 */
#include <minixen/mm.h>
#include <minixen/sched.h>

/* At the head, in constant time; the order means nothing. */
void page_list_add(struct domain *d, unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    pg->flags |= PGF_on_list;
    pg->list_prev = PAGE_LIST_NULL;
    pg->list_next = (uint32_t)d->page_list_head;
    if (d->page_list_head != PAGE_LIST_NULL)
        mfn_to_page(d->page_list_head)->list_prev = (uint32_t)mfn;
    d->page_list_head = mfn;
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
