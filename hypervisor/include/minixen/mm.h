/*
 * The frame table: one struct page_info per machine frame, recording who
 * owns the frame, what it is used as (its type) and how many references
 * hold it.  Page-table validation builds on these rules:
 *
 *  - count counts every reference: each mapping of the frame in a
 *    validated page table, each pin, each base-pointer use, plus one
 *    "allocation" reference held while a domain owns it;
 *  - type_count counts the references that need the frame to keep its
 *    current type (a writable mapping needs PGT_writable, an entry in an
 *    L2 needs the target to be a PGT_l1 ...).  The type can only change
 *    while type_count is zero, so a frame is never a page table and
 *    writable at once;
 *  - validating a big table tree is long work, so inside a guest's
 *    hypercall it may stop part-way with -ERESTART (the hypercall then
 *    becomes a continuation).  A table whose validation stopped is
 *    PGF_partial: it keeps the type it was being validated as, its first
 *    nr_validated entries hold their references, and it holds one general
 *    and one type reference of its own, so nothing can free or retype it.
 *    The next request for that type resumes the validation; any other
 *    use of the frame is refused as for a table in use.  A partial table
 *    nobody comes back for is given up when its domain is destroyed;
 *  - both counts change atomically, so that CPUs working on one frame at
 *    once never lose a count or see a table before it is validated
 *    (PGF_validated; the protocol is in common/page_ref.c).
 */
#ifndef MINIXEN_MM_H
#define MINIXEN_MM_H

#include <minixen/types.h>
#include <public/xen.h>
#include <asm/page.h>

enum page_type {
    PGT_none = 0,
    PGT_writable,
    PGT_l1,
    PGT_l2,
    PGT_l3,
    PGT_l4,
    PGT_seg_desc,
};

#define PGF_allocated   (1u << 0)   /* owner holds its allocation ref */
#define PGF_pinned      (1u << 1)
/*
 * Mapped writable with a cache attribute (PAT, PCD or PWT) since its cache
 * lines were last flushed: RAM may hold data the caches do not show
 * (XSA-402).  Cleared by arch_make_frame_coherent().
 */
#define PGF_non_coherent (1u << 2)
#define PGF_partial     (1u << 3)   /* validation stopped part-way */
#define PGF_on_list     (1u << 4)   /* on its owner's page list */
/*
 * Its type is ready for use: set once a table's validation completes (or
 * a descriptor page's caches are made coherent), at once for plain
 * memory.  A frame holding a type without it is being validated or
 * released by one CPU; others wait for the outcome.
 */
#define PGF_validated   (1u << 5)
#define PGF_locked      (1u << 6)   /* page_lock(): an entry is being changed */

struct page_info {
    uint32_t count;
    domid_t owner;          /* DOMID_XEN, DOMID_IO (holes/MMIO), a domid */
    /*
     * Linear (same-level) page-table entries: > 0 counts such entries in
     * this table, < 0 counts such entries pointing at it.  A table can be
     * one or the other, never both, so linear chains stay one level deep.
     * Changed atomically (pagetable.c).
     */
    int16_t linear;
    /*
     * The type state is one word (Xen's type_info), so that CPUs taking
     * and dropping type references at once change it by compare-and-
     * exchange (page_ref.c); flags change with atomic bit operations on
     * the same word (page_set_flags()), never by a plain store.
     */
    union {
        uint64_t type_info;
        struct {
            uint32_t type_count;
            uint8_t type;
            uint8_t flags;
            /* Of a partial table: entries validated so far (the arch layer's
             * count); 0 otherwise.  Written only by the CPU validating it. */
            uint16_t nr_validated;
        };
    };
    /* PGF_on_list: neighbours on the owner's page list, by frame number. */
    uint32_t list_next, list_prev;
};

_Static_assert(sizeof(struct page_info) == 24, "page_info is three words");
_Static_assert(offsetof(struct page_info, type_info) == 8 &&
               offsetof(struct page_info, type_count) == 8 &&
               offsetof(struct page_info, type) == 12 &&
               offsetof(struct page_info, flags) == 13 &&
               offsetof(struct page_info, nr_validated) == 14,
               "the type state shares one aligned word");

/* Where type_info's parts sit (little-endian: type_count is its low half). */
#define PGTI_COUNT_MASK     0xffffffffULL
#define PGTI_TYPE_SHIFT     32
#define PGTI_FLAGS_SHIFT    40
#define PGTI_NR_VAL_SHIFT   48

/* Set or clear flags without losing another CPU's change to the word. */
static inline void page_set_flags(struct page_info *pg, unsigned int f)
{
    __atomic_fetch_or(&pg->type_info, (uint64_t)f << PGTI_FLAGS_SHIFT, __ATOMIC_ACQ_REL);
}

static inline void page_clear_flags(struct page_info *pg, unsigned int f)
{
    __atomic_fetch_and(&pg->type_info, ~((uint64_t)f << PGTI_FLAGS_SHIFT), __ATOMIC_ACQ_REL);
}

/* Holding type, validated: one read of the word (a snapshot: no reference taken). */
static inline bool page_is_validated_as(const struct page_info *pg, enum page_type type)
{
    uint64_t x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    return (uint32_t)x && ((x >> PGTI_TYPE_SHIFT) & 0xff) == type &&
           (x & ((uint64_t)PGF_validated << PGTI_FLAGS_SHIFT));
}

/* True if f was clear and this CPU set it. */
static inline bool page_test_and_set_flags(struct page_info *pg, unsigned int f)
{
    uint64_t bits = (uint64_t)f << PGTI_FLAGS_SHIFT;

    return !(__atomic_fetch_or(&pg->type_info, bits, __ATOMIC_ACQ_REL) & bits);
}

/* True if f was set and this CPU cleared it. */
static inline bool page_test_and_clear_flags(struct page_info *pg, unsigned int f)
{
    uint64_t bits = (uint64_t)f << PGTI_FLAGS_SHIFT;

    return __atomic_fetch_and(&pg->type_info, ~bits, __ATOMIC_ACQ_REL) & bits;
}

/* End of a page list (and an empty list's head). */
#define PAGE_LIST_NULL  0xffffffffu

/* Counts refuse to go past this rather than overflow. */
#define PAGE_COUNT_MAX  0x7fffffffu

static inline bool page_type_is_table(enum page_type t)
{
    return t >= PGT_l1 && t <= PGT_l4;
}

extern struct page_info *frame_table;
extern unsigned long max_page;      /* one past the highest RAM frame */

/* Frames of RAM in the boot memory map (sysctl physinfo total_pages). */
unsigned long mm_total_pages(void);
/* Frames the allocator still holds (physinfo free_pages). */
unsigned long mm_free_pages(void);
/* Of those, frames not yet zeroed since their last owner (scrub_pages). */
unsigned long mm_scrub_pages(void);
/* Zero one of them; false if there are none (the idle CPU's work). */
bool mm_scrub_one(void);

static inline struct page_info *mfn_to_page(unsigned long mfn)
{ return &frame_table[mfn]; }
static inline bool mfn_is_ram(unsigned long mfn) { return mfn < max_page; }

struct domain;

/* Usable RAM from the boot loader's memory map, [start, end). */
struct ram_range {
    uint64_t start, end;
};

/*
 * Boot: direct map, frame allocator, frame table, M2P.  first_free is the
 * first physical byte after everything the loader placed in memory.
 */
void mm_init(const struct ram_range *ram, unsigned int nr, unsigned long first_free);
/* Return boot-module memory to the allocator. */
unsigned long free_boot_range(unsigned long start, unsigned long end);

/* Allocate a zeroed frame for the hypervisor or for domain d. */
unsigned long alloc_domheap_page(struct domain *d);
unsigned long alloc_domheap_run(struct domain *d, unsigned long nr,
                                unsigned long *first, bool zeroed);
unsigned long alloc_xenheap_page(void);
void *alloc_xenheap_pages_virt(unsigned int nr);
/* nr pages starting at a multiple of align pages (a power of two). */
void *alloc_xenheap_aligned_virt(unsigned int nr, unsigned int align);
void free_xenheap_pages_virt(void *va, unsigned int nr);
void free_domheap_page(unsigned long mfn);
/* The same for a frame whose owner d (NULL: none) the caller knows. */
void free_domain_frame(struct domain *d, unsigned long mfn);
/*
 * Frames off a list that is being dropped whole (a dead domain's): each
 * unowned at once, returned to the allocator a contiguous run at a time.
 * frame_run_flush() returns the last run.
 */
struct frame_run {
    unsigned long start, end;
};
void frame_run_flush(struct frame_run *run);

/* The machine-to-phys table (read-only to guests at RO_M2P_VIRT_START). */
#define INVALID_M2P_ENTRY (~0UL)
extern unsigned long *m2p_table;        /* the hypervisor's writable view */
static inline void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
    if (mfn < max_page)
        m2p_table[mfn] = pfn;
}

/* The same for the frames [mfn, mfn + nr): pfn, pfn + 1, ... (or all
 * INVALID_M2P_ENTRY), written in one tight loop. */
static inline void set_gpfn_run(unsigned long mfn, unsigned long nr, unsigned long pfn)
{
    unsigned long *entry = m2p_table + mfn;

    if (mfn >= max_page)
        return;
    if (nr > max_page - mfn)
        nr = max_page - mfn;
    if (pfn == INVALID_M2P_ENTRY)
        for (unsigned long i = 0; i < nr; i++)
            entry[i] = INVALID_M2P_ENTRY;
    else
        for (unsigned long i = 0; i < nr; i++)
            entry[i] = pfn + i;
}

/* Write back and invalidate a frame's cache lines (before it changes hands). */
void flush_frame_cache(unsigned long mfn);

/* A frame that belongs to nobody. */
#define PAGE_INFO_SCRAPPED ((struct page_info){ .owner = DOMID_INVALID })

/* The frame belongs to nobody from here on; the caller frees it. */
static inline void frame_scrap(unsigned long mfn)
{
    /* As Xen: whoever gets the frame next finds RAM and caches in agreement. */
    if (frame_table[mfn].flags & PGF_non_coherent)
        flush_frame_cache(mfn);
    frame_table[mfn] = PAGE_INFO_SCRAPPED;
    set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY);
}

/* Inline: a dead domain's 8192 frames each pass through here. */
static inline void frame_run_free(struct frame_run *run, unsigned long mfn)
{
    frame_scrap(mfn);
    if (mfn != run->end) {
        frame_run_flush(run);
        run->start = mfn;
    }
    run->end = mfn + 1;
}

/* The same for frames [mfn, mfn + nr) scrapped already. */
static inline void frame_run_add(struct frame_run *run, unsigned long mfn,
                                 unsigned long nr)
{
    if (mfn != run->end) {
        frame_run_flush(run);
        run->start = mfn;
    }
    run->end = mfn + nr;
}
/*
 * d's page list (page_list.c): every domheap frame it owns.  Frames
 * join when allocated to d and leave when freed.  A run from the
 * allocator joins whole, each frame set to hold d's allocation reference
 * and nothing else; page_list_add() links a frame and leaves it as it is.
 */
void page_list_add(struct domain *d, unsigned long mfn);
void page_list_init(struct domain *d);      /* empty */
void page_list_assign_run(struct domain *d, unsigned long first, unsigned long nr);
void page_list_del(struct domain *d, unsigned long mfn);

/*
 * Reference counting (see the comment at the top).  Giving a frame a
 * page-table type validates it (every entry, recursively, taking the
 * references its entries need); losing the last reference of that type
 * releases them again.  Both are arch hooks.  Validation may stop with
 * -ERESTART, recording its progress in nr_validated (page_ref.c marks
 * the frame partial); called again on a partial frame it resumes there.
 * Releasing a partial frame releases only the entries validated so far.
 */
long arch_validate_table(unsigned long mfn, enum page_type type);   /* 0 or -errno */
/* Releases the first nr entries' references; TABLE_ENTRIES_ALL: every entry. */
void arch_release_table(unsigned long mfn, enum page_type type, unsigned int nr);
#define TABLE_ENTRIES_ALL   UINT32_MAX
/*
 * Write back and drop the frame's cache lines, so that RAM and the caches
 * agree again; type is what the frame is about to become.  get_page_type()
 * calls it for a PGF_non_coherent frame taking any type but PGT_writable.
 */
void arch_make_frame_coherent(unsigned long mfn, enum page_type type);

bool get_page(unsigned long mfn, const struct domain *d);
void put_page(unsigned long mfn);
/* put_page of a frame the caller knows d owns (on d's page list): the
 * last reference frees it without looking the owner up. */
void put_own_page(struct domain *d, unsigned long mfn);
bool get_page_type(unsigned long mfn, enum page_type type);
/*
 * One more type reference on a frame that already holds type, validated
 * (no validation, no waiting): false if it does not, or is at the limit.
 */
bool get_page_type_held(unsigned long mfn, enum page_type type);
/*
 * Hold a validated table while one of its entries changes (Xen's
 * page_lock): a type reference and PGF_locked, so no other CPU changes
 * an entry of it or releases it meanwhile.  false if the frame is not a
 * validated table (or is at the count limit); *type is its level.
 */
bool page_lock(unsigned long mfn, enum page_type *type);
void page_unlock(unsigned long mfn);
/* The same, saying why: -EINVAL for a type conflict, else validation's error. */
long get_page_type_rc(unsigned long mfn, enum page_type type);
long get_page_and_type_rc(unsigned long mfn, const struct domain *d, enum page_type type);
void put_page_type(unsigned long mfn);
bool get_page_and_type(unsigned long mfn, const struct domain *d, enum page_type type);
void put_page_and_type(unsigned long mfn);
/*
 * A mapping's references on a RAM frame d owns: a general one and, for a
 * writable mapping, a writable-type one (get_page_and_type(PGT_writable)
 * in one step).  Every L1 entry a validation takes and a release drops
 * comes through these, so they do it without further calls.  false:
 * nothing taken (not d's, at a limit, or typed as something else).
 */
bool get_page_for_mapping(unsigned long mfn, const struct domain *d, bool writable);
void put_page_for_mapping(unsigned long mfn, bool writable);
/*
 * Give up a partial validation: release the entries validated so far and
 * the partial state's own references (the frame's type returns to none).
 */
void put_partial_page(unsigned long mfn);
/* Frames in the partial state, machine-wide (teardown skips its scan at 0). */
extern unsigned long nr_partial_pages;

unsigned long get_gpfn_from_mfn(unsigned long mfn);

/* Hypervisor mappings in the idle (and every guest's) top-level slots. */
void map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
                      uint64_t flags);
pte_t *xen_l1e_for(unsigned long va);
extern pte_t idle_pg_table[];

/* Free the memory map XENMEM_set_memory_map gave d (teardown). */
void domain_e820_free(struct domain *d);

/* ---- Reservations: page_alloc.c (common) and two arch hooks in mm.c ---- */

/* Largest extent alloc_domheap_pages() hands out: Xen 4.17 x86 MAX_ORDER. */
#define DOMHEAP_MAX_ORDER   18
/* alloc_domheap_pages() limit meaning "any frame will do". */
#define MFN_LIMIT_NONE      (~0UL)

/*
 * 2^order contiguous zeroed frames for d, the first a multiple of 2^order
 * and the last below mfn_limit, each owned by d with its allocation
 * reference; tot_pages grows by 2^order.  Their M2P entries say gpfn,
 * gpfn + 1, ... (populate_physmap), or are invalid if gpfn is
 * INVALID_M2P_ENTRY.  INVALID_MFN_VALUE if d would pass max_pages, is
 * dying, or no such run is free.
 */
unsigned long alloc_domheap_pages(struct domain *d, unsigned int order,
                                  unsigned long mfn_limit, unsigned long gpfn);
/*
 * Drop d's allocation reference on mfn (Xen's guest_remove_page for PV).
 * 0, -XEN_EINVAL (not RAM) or -XEN_ENXIO (not d's).
 */
int guest_remove_page(struct domain *d, unsigned long mfn);

/* Arch: nr free, zeroed frames in a row, aligned to align, below limit. */
mfn_t mm_alloc_contig(unsigned long nr, unsigned long align,
                      unsigned long limit);
/* Arch: forget every guest translation this CPU may have cached. */
void arch_flush_guest_tlbs(void);

/* ---- end of reservations block ---- */

#endif
