/*
 * A domain's page list (Xen's d->page_list): its domheap frames, doubly
 * linked through their page_info by frame number, so that teardown visits
 * the domain's own frames and nothing else.  Pure list work on the frame
 * table, host-tested (tests/unit/test_page_list.c).
 */
#include <minixen/mm.h>
#include <minixen/sched.h>

/* Hook the linked frames first..last in at the head of d's list. */
static void splice_at_head(struct domain *d, unsigned long first, unsigned long last)
{
    mfn_to_page(first)->list_prev = PAGE_LIST_NULL;
    mfn_to_page(last)->list_next = (uint32_t)d->page_list_head;
    if (d->page_list_head != PAGE_LIST_NULL)
        mfn_to_page(d->page_list_head)->list_prev = (uint32_t)last;
    d->page_list_head = first;
}

/*
 * Frames [first, first + nr), fresh from the allocator, become d's: each
 * holds just its allocation reference, and the run joins the head of the
 * list in frame order.  One pass writes each frame's whole page_info: a
 * 32 MiB domain's 8192 frames come through here.
 */
void page_list_assign_run(struct domain *d, unsigned long first, unsigned long nr)
{
    struct page_info *pg = mfn_to_page(first);
    const domid_t owner = d->domain_id;

    if (nr == 0)
        return;
    for (unsigned long i = 0; i < nr; i++)
        pg[i] = (struct page_info){
            .count = 1, .flags = PGF_allocated | PGF_on_list, .owner = owner,
            .list_prev = (uint32_t)(first + i - 1),
            .list_next = (uint32_t)(first + i + 1) };
    splice_at_head(d, first, first + nr - 1);
}

void page_list_add(struct domain *d, unsigned long mfn)
{
    mfn_to_page(mfn)->flags |= PGF_on_list;
    splice_at_head(d, mfn, mfn);
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
