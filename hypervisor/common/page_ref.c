/*
 * Frame reference and type counting (the rules are in minixen/mm.h).
 *
 * get_page() takes a general reference on a frame the domain owns;
 * get_page_type() takes a type reference, changing the frame's type only
 * when nothing holds it at its current type.  A frame whose last general
 * reference goes (its owner gave it up) returns to the allocator.  A
 * table whose validation stopped part-way is partial until it is asked
 * for again or given up (put_partial_page()).
 *
 * General references change atomically, as Xen's do, so CPUs taking and
 * dropping them on one frame at once never lose a count: get_page()
 * increments with compare-and-exchange only while the count is neither 0
 * (the frame is free or being freed) nor at its limit, and checks the
 * owner once it holds its reference (the owner cannot change under a
 * reference); the CPU whose drop reaches 0 alone frees the frame.  Type
 * changes (validation, partial tables) are not yet atomic: they still
 * rely on one CPU running the hypervisor at a time (docs/smp.md).
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/sched.h>
#include <minixen/printk.h>
#include <public/errno.h>

/* A reference unless the frame is free or at the limit. */
static bool try_ref(struct page_info *pg)
{
    uint32_t x = __atomic_load_n(&pg->count, __ATOMIC_RELAXED);

    do {
        if (x == 0 || x >= PAGE_COUNT_MAX)
            return false;
    } while (!__atomic_compare_exchange_n(&pg->count, &x, x + 1, true,
                                          __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    return true;
}

/* Drops a general reference: true if it was the last. */
static inline __attribute__((always_inline)) bool drop_ref(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint32_t count = __atomic_load_n(&pg->count, __ATOMIC_RELAXED);

    do {
        BUG_ON(count == 0);             /* before the count wraps */
    } while (!__atomic_compare_exchange_n(&pg->count, &count, count - 1, true,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    return count == 1;
}

bool get_page(unsigned long mfn, const struct domain *d)
{
    struct page_info *pg;

    if (!mfn_is_ram(mfn))
        return false;
    pg = mfn_to_page(mfn);
    if (!try_ref(pg))
        return false;
    if (__atomic_load_n(&pg->owner, __ATOMIC_RELAXED) == d->domain_id)
        return true;
    put_page(mfn);          /* someone else's: the last drop may be ours */
    return false;
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
            /* At most PAGE_COUNT_MAX + 1: get_page refuses more. */
            __atomic_fetch_add(&pg->count, 1, __ATOMIC_RELAXED);
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

/* get_page_and_type_rc's steps again, not a call to it: every writable
 * L1 entry validated comes through here. */
bool get_page_and_type(unsigned long mfn, const struct domain *d, enum page_type type)
{
    if (!get_page(mfn, d))
        return false;
    if (get_page_type_rc(mfn, type) == 0)
        return true;
    put_page(mfn);
    return false;
}

void put_page_and_type(unsigned long mfn)
{
    put_page_type(mfn);
    put_page(mfn);
}

/*
 * The writable step is get_page_type_rc(PGT_writable)'s: a frame nobody
 * holds at a type takes it (plain memory needs no cache maintenance); one
 * held as writable memory takes another reference.
 */
bool get_page_for_mapping(unsigned long mfn, const struct domain *d, bool writable)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (!try_ref(pg))
        return false;
    if (__atomic_load_n(&pg->owner, __ATOMIC_RELAXED) != d->domain_id)
        goto drop;
    if (!writable)
        return true;
    if (pg->type_count == 0) {
        pg->type = PGT_writable;
        pg->type_count = 1;
        return true;
    }
    if (pg->type == PGT_writable && pg->type_count < PAGE_COUNT_MAX) {
        pg->type_count++;
        return true;
    }
drop:
    put_page(mfn);
    return false;
}

void put_page_for_mapping(unsigned long mfn, bool writable)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (writable) {
        BUG_ON(pg->type != PGT_writable || pg->type_count == 0);
        if (--pg->type_count == 0)
            pg->type = PGT_none;
    }
    if (drop_ref(mfn))
        free_domheap_page(mfn);
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
