/*
 * Frame reference and type counting (the rules are in minixen/mm.h).
 *
 * get_page() takes a general reference on a frame the domain owns;
 * get_page_type() takes a type reference, changing the frame's type only
 * when nothing holds it at its current type.  A frame whose last general
 * reference goes (its owner gave it up) returns to the allocator.  A
 * table whose validation stopped part-way is partial until it is asked
 * for again or given up (put_partial_page()).
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/sched.h>
#include <minixen/printk.h>
#include <public/errno.h>


bool get_page(unsigned long mfn, const struct domain *d)
{
    struct page_info *pg;

    if (!mfn_is_ram(mfn))
        return false;
    pg = mfn_to_page(mfn);
    if (pg->owner != d->domain_id || pg->count == 0 || pg->count >= PAGE_COUNT_MAX)
        return false;
    pg->count++;
    return true;
}

/* Drops a general reference: true if it was the last. */
static bool drop_ref(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(pg->count == 0);
    return --pg->count == 0;
}

void put_page(unsigned long mfn)
{
    if (drop_ref(mfn))
        free_domheap_page(mfn);
}

void put_own_page(struct domain *d, unsigned long mfn)
{
    if (drop_ref(mfn))
        free_domain_frame(d, mfn);
}

unsigned long nr_partial_pages;

/* The frame leaves the partial state: its own general reference goes. */
static void end_partial(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    pg->flags &= ~PGF_partial;
    pg->nr_validated = 0;
    nr_partial_pages--;
    put_page(mfn);
}

/*
 * Validate a claimed table, or go on validating a partial one.  Stopping
 * (-ERESTART) leaves it partial with references of its own; finishing
 * hands its type reference to the caller; failing drops the type.  The
 * caller holds a general reference, so end_partial() never frees it.
 */
static long validate_table(unsigned long mfn, enum page_type type)
{
    struct page_info *pg = mfn_to_page(mfn);
    long rc = arch_validate_table(mfn, type);

    if (rc == -XEN_ERESTART) {
        if (!(pg->flags & PGF_partial)) {
            pg->flags |= PGF_partial;
            pg->count++;        /* at most PAGE_COUNT_MAX + 1: get_page refuses more */
            nr_partial_pages++;
        }
        return rc;
    }
    if (pg->flags & PGF_partial)
        end_partial(mfn);
    if (rc) {
        pg->type_count = 0;
        pg->type = PGT_none;
    }
    return rc;
}

/*
 * Through a non-WB writable mapping the guest may have put data in RAM
 * that the caches hide, and the hypervisor reads through the caches.
 * Before the frame is trusted as anything but plain memory (validated as
 * a table, read as descriptors), the two are made to agree, as Xen's
 * XSA-402 fix does.
 */
static void make_coherent_for(unsigned long mfn, struct page_info *pg,
                              enum page_type type)
{
    if (type == PGT_writable || !(pg->flags & PGF_non_coherent))
        return;
    arch_make_frame_coherent(mfn, type);
    pg->flags &= ~PGF_non_coherent;
}

/*
 * The type is claimed (count 1) before a table's entries are validated,
 * so an entry that tries to use the same frame as something else (say, a
 * table mapping itself writable) fails instead of retyping it.  A partial
 * table's only type reference is its own: asking for its type resumes
 * its validation, asking for another is a conflict.
 */
long get_page_type_rc(unsigned long mfn, enum page_type type)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (pg->type_count) {
        if (pg->type != type || pg->type_count >= PAGE_COUNT_MAX)
            return -XEN_EINVAL;
        if (pg->flags & PGF_partial)        /* its type_count is its own 1 */
            return validate_table(mfn, type);
        pg->type_count++;
        return 0;
    }
    make_coherent_for(mfn, pg, type);
    pg->type = type;
    pg->type_count = 1;
    return page_type_is_table(type) ? validate_table(mfn, type) : 0;
}

bool get_page_type(unsigned long mfn, enum page_type type)
{
    return get_page_type_rc(mfn, type) == 0;
}

void put_page_type(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    /* Nobody but the partial state holds a partial table's type. */
    BUG_ON(pg->type_count == 0 || (pg->flags & PGF_partial));
    if (pg->type_count == 1 && page_type_is_table(pg->type))
        arch_release_table(mfn, pg->type);
    if (--pg->type_count == 0)
        pg->type = PGT_none;
}

long get_page_and_type_rc(unsigned long mfn, const struct domain *d, enum page_type type)
{
    long rc;

    if (!get_page(mfn, d))
        return -XEN_EINVAL;
    if ((rc = get_page_type_rc(mfn, type)))
        put_page(mfn);
    return rc;
}

bool get_page_and_type(unsigned long mfn, const struct domain *d, enum page_type type)
{
    return get_page_and_type_rc(mfn, d, type) == 0;
}

void put_page_and_type(unsigned long mfn)
{
    put_page_type(mfn);
    put_page(mfn);
}

void put_partial_page(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(!(pg->flags & PGF_partial) || pg->type_count != 1);
    arch_release_table(mfn, pg->type);      /* entries validated so far */
    pg->type_count = 0;
    pg->type = PGT_none;
    end_partial(mfn);
}
