/*
 * Frame reference and type counting (the rules are in minixen/mm.h).
 *
 * get_page() takes a general reference on a frame the domain owns;
 * get_page_type() takes a type reference, changing the frame's type only
 * when nothing holds it at its current type.  A frame whose last general
 * reference goes (its owner gave it up) returns to the allocator.
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

void put_page(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(pg->count == 0);
    if (--pg->count == 0)
        free_domheap_page(mfn);
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
 * table mapping itself writable) fails instead of retyping it.
 */
long get_page_type_rc(unsigned long mfn, enum page_type type)
{
    struct page_info *pg = mfn_to_page(mfn);
    long rc;

    if (pg->type_count) {
        if (pg->type != type || pg->type_count >= PAGE_COUNT_MAX)
            return -XEN_EINVAL;
        pg->type_count++;
        return 0;
    }
    make_coherent_for(mfn, pg, type);
    pg->type = type;
    pg->type_count = 1;
    if (page_type_is_table(type) && (rc = arch_validate_table(mfn, type))) {
        pg->type_count = 0;
        pg->type = PGT_none;
        return rc;
    }
    return 0;
}

bool get_page_type(unsigned long mfn, enum page_type type)
{
    return get_page_type_rc(mfn, type) == 0;
}

void put_page_type(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    BUG_ON(pg->type_count == 0);
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
