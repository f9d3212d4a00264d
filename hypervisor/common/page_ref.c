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
 * references change atomically too, by compare-and-exchange on the
 * frame's type_info word (the protocol is described above
 * get_page_type_rc's helpers below).
 */
#include <minixen/lib.h>
#include <minixen/spinlock.h>
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
    /*
     * A dying domain's frames take no new reference: its teardown, a
     * grace period after is_dying is set, finds every count final but
     * for the drops of references already held (common/domain.c).
     */
    if (__atomic_load_n(&d->is_dying, __ATOMIC_ACQUIRE))
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

/*
 * Type state (type_info: type, type_count, PGF_validated, PGF_partial and
 * nr_validated in one word), changed by compare-and-exchange as Xen's
 * type_info is:
 *
 *   no type               count 0
 *   plain memory          count >= 1, validated at once
 *   a table, in use       count >= 1, validated
 *   claimed               count 1, not validated, not partial: one CPU is
 *                         validating it (or making a descriptor page
 *                         coherent), or releasing its entries after the
 *                         last reference went; every other CPU that wants
 *                         the type waits for the outcome
 *   partial               count 1, PGF_partial: nobody's; the next request
 *                         for the type claims it and resumes
 *
 * Only the CPU holding a claim moves the frame out of it.  A CPU never
 * waits for its own claim: an entry can only ask for a lower level than
 * the table it is in, so validation never comes back to a frame it is
 * validating (a same-level, linear, entry takes no claim).
 */
#define TI_COUNT(x)     ((uint32_t)(x))
#define TI_TYPE(x)      ((enum page_type)(((x) >> PGTI_TYPE_SHIFT) & 0xff))
#define TI_BITS(f)      ((uint64_t)(f) << PGTI_FLAGS_SHIFT)
#define TI_VALIDATED    TI_BITS(PGF_validated)
#define TI_PARTIAL      TI_BITS(PGF_partial)

static uint64_t ti_load(const struct page_info *pg)
{
    return __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
}

static bool ti_cmpxchg(struct page_info *pg, uint64_t *x, uint64_t nx)
{
    return __atomic_compare_exchange_n(&pg->type_info, x, nx, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}

/* x with a new type, count and type flags; the other flags kept, nr_validated 0. */
static uint64_t ti_make(uint64_t x, enum page_type type, uint32_t count, unsigned int flags)
{
    uint64_t kept = x & TI_BITS(0xff & ~(PGF_validated | PGF_partial));

    return kept | TI_BITS(flags) | (uint64_t)type << PGTI_TYPE_SHIFT | count;
}

/* The claim's holder moves the frame on (other CPUs may change its flags meanwhile). */
static void ti_settle(struct page_info *pg, enum page_type type, uint32_t count,
                      unsigned int flags)
{
    uint64_t x = ti_load(pg);

    while (!ti_cmpxchg(pg, &x, ti_make(x, type, count, flags)))
        ;
}

/* The frame leaves the partial state: its own general reference goes. */
static void end_partial(unsigned long mfn)
{
    __atomic_fetch_sub(&nr_partial_pages, 1, __ATOMIC_RELAXED);
    put_page(mfn);
}

/*
 * Validate a claimed table, fresh or resumed from partial.  Stopping
 * (-ERESTART) leaves it partial with references of its own; finishing
 * hands its type reference to the caller; failing drops the type.  The
 * caller holds a general reference, so end_partial() never frees it.
 */
static long validate_table(unsigned long mfn, enum page_type type, bool resumed)
{
    struct page_info *pg = mfn_to_page(mfn);
    long rc = arch_validate_table(mfn, type);

    if (rc == -XEN_ERESTART) {
        if (!resumed) {
            /* At most PAGE_COUNT_MAX + 1: get_page refuses more. */
            __atomic_fetch_add(&pg->count, 1, __ATOMIC_RELAXED);
            __atomic_fetch_add(&nr_partial_pages, 1, __ATOMIC_RELAXED);
        }
        page_set_flags(pg, PGF_partial);    /* nr_validated is set: anyone may resume */
        return rc;
    }
    if (rc)
        ti_settle(pg, PGT_none, 0, 0);
    else
        ti_settle(pg, type, 1, PGF_validated);
    if (resumed)
        end_partial(mfn);
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
    page_clear_flags(pg, PGF_non_coherent);
}

/* This CPU claimed the type (fresh, or a partial table to resume): make it ready. */
static long finish_claim(unsigned long mfn, enum page_type type, bool fresh)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (fresh)
        make_coherent_for(mfn, pg, type);
    if (page_type_is_table(type))
        return validate_table(mfn, type, !fresh);
    page_set_flags(pg, PGF_validated);
    return 0;
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
    uint64_t x = ti_load(pg), nx;
    bool fresh;

    for (;;) {
        fresh = TI_COUNT(x) == 0;
        if (fresh)
            nx = ti_make(x, type, 1, type == PGT_writable ? PGF_validated : 0);
        else if (TI_TYPE(x) != type || TI_COUNT(x) >= PAGE_COUNT_MAX)
            return -XEN_EINVAL;
        else if (x & TI_PARTIAL)
            nx = x & ~TI_PARTIAL;           /* its count stays the partial state's 1 */
        else if (!(x & TI_VALIDATED)) {
            smp_relax();                    /* another CPU's claim: wait for it */
            x = ti_load(pg);
            continue;
        } else
            nx = x + 1;
        if (ti_cmpxchg(pg, &x, nx))
            break;
    }
    return nx & TI_VALIDATED ? 0 : finish_claim(mfn, type, fresh);
}

bool get_page_type(unsigned long mfn, enum page_type type)
{
    return get_page_type_rc(mfn, type) == 0;
}

bool get_page_type_held(unsigned long mfn, enum page_type type)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x = ti_load(pg);

    do {
        if (TI_COUNT(x) == 0 || TI_TYPE(x) != type || !(x & TI_VALIDATED) ||
            TI_COUNT(x) >= PAGE_COUNT_MAX)
            return false;
    } while (!ti_cmpxchg(pg, &x, x + 1));
    return true;
}

#define TI_LOCKED       TI_BITS(PGF_locked)

bool page_lock(unsigned long mfn, enum page_type *type)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x = ti_load(pg);

    for (;;) {
        if (TI_COUNT(x) == 0 || !page_type_is_table(TI_TYPE(x)) || !(x & TI_VALIDATED) ||
            TI_COUNT(x) >= PAGE_COUNT_MAX)
            return false;
        if (x & TI_LOCKED) {
            smp_relax();                    /* another CPU changes an entry */
            x = ti_load(pg);
            continue;
        }
        if (ti_cmpxchg(pg, &x, (x + 1) | TI_LOCKED))
            break;
    }
    *type = TI_TYPE(x);
    return true;
}

/*
 * Lock and reference go in one exchange, unless the reference is the last
 * (another CPU unpinned the table meanwhile): put_page_type releases it.
 */
void page_unlock(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x = ti_load(pg);

    do {
        BUG_ON(!(x & TI_LOCKED) || TI_COUNT(x) == 0);
        if (TI_COUNT(x) == 1) {
            page_clear_flags(pg, PGF_locked);
            put_page_type(mfn);
            return;
        }
    } while (!ti_cmpxchg(pg, &x, (x - 1) & ~TI_LOCKED));
}

/*
 * The last reference of a table claims it (its validated flag goes, the
 * count stays 1) while its entries are released, so nobody retypes the
 * frame under the release.
 */
void put_page_type(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x = ti_load(pg), nx;
    bool release;

    do {
        uint32_t type_count = TI_COUNT(x);

        /* Nobody but the partial state holds a partial table's type. */
        BUG_ON(type_count == 0 || (x & TI_PARTIAL) || !(x & TI_VALIDATED));
        release = type_count == 1 && page_type_is_table(TI_TYPE(x));
        if (release)
            nx = x & ~TI_VALIDATED;
        else
            nx = type_count == 1 ? ti_make(x, PGT_none, 0, 0) : x - 1;
    } while (!ti_cmpxchg(pg, &x, nx));
    if (release) {
        arch_release_table(mfn, TI_TYPE(x), TABLE_ENTRIES_ALL);
        ti_settle(pg, PGT_none, 0, 0);
    }
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
    uint64_t x, nx;

    if (!try_ref(pg))
        return false;
    if (__atomic_load_n(&pg->owner, __ATOMIC_RELAXED) != d->domain_id)
        goto drop;
    if (!writable)
        return true;
    x = ti_load(pg);
    do {
        if (TI_COUNT(x) == 0)
            nx = ti_make(x, PGT_writable, 1, PGF_validated);
        else if (TI_TYPE(x) == PGT_writable && TI_COUNT(x) < PAGE_COUNT_MAX)
            nx = x + 1;
        else
            goto drop;
    } while (!ti_cmpxchg(pg, &x, nx));
    return true;
drop:
    put_page(mfn);
    return false;
}

void put_page_for_mapping(unsigned long mfn, bool writable)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x, nx;

    if (writable) {
        x = ti_load(pg);
        do {
            BUG_ON(TI_TYPE(x) != PGT_writable || TI_COUNT(x) == 0);
            nx = TI_COUNT(x) == 1 ? ti_make(x, PGT_none, 0, 0) : x - 1;
        } while (!ti_cmpxchg(pg, &x, nx));
    }
    if (drop_ref(mfn))
        free_domheap_page(mfn);
}

/* Claimed by clearing PGF_partial, so a CPU asking for the type meanwhile waits. */
void put_partial_page(unsigned long mfn)
{
    struct page_info *pg = mfn_to_page(mfn);
    uint64_t x = ti_load(pg);

    do {
        BUG_ON(!(x & TI_PARTIAL) || TI_COUNT(x) != 1);
    } while (!ti_cmpxchg(pg, &x, x & ~TI_PARTIAL));
    arch_release_table(mfn, TI_TYPE(x), pg->nr_validated);     /* entries validated so far */
    ti_settle(pg, PGT_none, 0, 0);
    end_partial(mfn);
}
