/*
 * Machine memory at boot: the direct map, the frame allocator, the frame
 * table and the machine-to-phys table, and the hypervisor's own page
 * tables (the top-level slots 256..271 that every guest L4 shares).
 *
 * Before the frame allocator exists, boot structures come from a bump
 * pointer placed above the hypervisor image and the boot modules; that
 * memory is then reserved so the allocator never hands it out.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/spinlock.h>
#include <asm/smp.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/frame_alloc.h>
#include <asm/x86.h>
#include <asm/page.h>

#define DIRECTMAP_L2_PAGES  (DIRECTMAP_MAX_BYTES >> 30)
#define UNCACHED_START      0xc0000000UL
#define FOUR_GB             0x100000000UL
#define ALLOC_RUN_MAX       4096UL      /* frames per contiguous run */

struct page_info *frame_table;
unsigned long max_page;

/*
 * The allocator, and the flag below that makes a freed frame wait for a
 * TLB flush, are every CPU's: heap_lock (Xen's name) covers both.  It is
 * taken with interrupts off (a frame may be freed from a timer, when a
 * boot-module domain's watchdog ends it); only the shootdown's lock is
 * taken inside it (docs/locking.md).
 */
static struct frame_alloc allocator;
static DEFINE_SPINLOCK(heap_lock);
static unsigned long total_ram_pages; /* RAM frames below max_page */
static unsigned long bump_next;         /* physical; 0 once the allocator runs */
unsigned long *m2p_table;               /* hypervisor's writable view */

static pte_t directmap_l3[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t directmap_l2[DIRECTMAP_L2_PAGES][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

/* Boot-time physical memory, before the allocator: never freed. */
static void *bump_alloc(unsigned long bytes)
{
    unsigned long pa = bump_next;

    BUG_ON(bump_next == 0);
    bump_next = ROUNDUP(bump_next + bytes, PAGE_SIZE);
    return maddr_to_virt(pa);
}

/* Map [0, end) at DIRECTMAP_VIRT_START with 2 MiB pages. */
static void directmap_init(unsigned long end)
{
    unsigned long pa;

    BUG_ON(end > DIRECTMAP_MAX_BYTES);
    for (pa = 0; pa < end; pa += L2_PAGE_SIZE) {
        pte_t flags = __PAGE_HYPERVISOR_RW | _PAGE_PSE | _PAGE_GLOBAL;
        if (pa >= UNCACHED_START && pa < FOUR_GB)
            flags |= _PAGE_PCD | _PAGE_PWT;
        directmap_l2[pa >> 30][PT_INDEX(pa, 2)] = pa | flags;
    }
    for (pa = 0; pa < end; pa += 1UL << 30)
        directmap_l3[pa >> 30] = virt_to_maddr(directmap_l2[pa >> 30]) |
                                 __PAGE_HYPERVISOR;
    idle_pg_table[DIRECTMAP_SLOT] = virt_to_maddr(directmap_l3) | __PAGE_HYPERVISOR;
    flush_tlb_local();
}

static bool overlaps_earlier(const struct ram_range *ram, unsigned int i)
{
    unsigned int j;

    for (j = 0; j < i; j++)
        if (ram[j].start < ram[i].end && ram[i].start < ram[j].end)
            return true;
    return false;
}

/*
 * One RAM range's frames become unowned; the RAM total counts each frame
 * once.  Memory maps may overlap, but rarely do: only then is every
 * frame looked at twice (this loop runs for every frame at boot).
 */
static void frame_table_add_ram(const struct ram_range *ram, unsigned int i)
{
    unsigned long first = ram[i].start >> PAGE_SHIFT;
    unsigned long last = min(ram[i].end >> PAGE_SHIFT, max_page);
    unsigned long mfn;

    if (first >= last)
        return;
    if (!overlaps_earlier(ram, i)) {
        total_ram_pages += last - first;
        for (mfn = first; mfn < last; mfn++)
            frame_table[mfn].owner = DOMID_INVALID;
        return;
    }
    for (mfn = first; mfn < last; mfn++) {
        total_ram_pages += frame_table[mfn].owner == DOMID_IO;
        frame_table[mfn].owner = DOMID_INVALID;
    }
}

/* Every frame starts as device memory; usable RAM starts unowned. */
static void frame_table_setup(const struct ram_range *ram, unsigned int nr)
{
    unsigned long mfn;
    unsigned int i;

    frame_table = bump_alloc(max_page * sizeof(*frame_table));
    for (mfn = 0; mfn < max_page; mfn++)
        frame_table[mfn] = (struct page_info){ .owner = DOMID_IO };
    for (i = 0; i < nr; i++)
        frame_table_add_ram(ram, i);
}

unsigned long mm_total_pages(void)
{
    return total_ram_pages;
}

unsigned long mm_free_pages(void)
{
    return frame_alloc_nr_free(&allocator);
}

unsigned long mm_scrub_pages(void)
{
    return frame_alloc_nr_dirty(&allocator);
}

bool mm_scrub_one(void)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    bool scrubbed = frame_alloc_scrub_one(&allocator);

    spin_unlock_irqrestore(&heap_lock, flags);
    return scrubbed;
}

static void m2p_setup(void)
{
    unsigned long bytes = ROUNDUP(max_page * sizeof(unsigned long), PAGE_SIZE);

    m2p_table = bump_alloc(bytes);
    memset(m2p_table, 0xff, bytes);     /* INVALID_M2P_ENTRY everywhere */
}

/* Guests see the M2P read-only at Xen's address (slot 256). */
static void m2p_map_for_guests(void)
{
    unsigned long bytes = ROUNDUP(max_page * sizeof(unsigned long), PAGE_SIZE);

    map_pages_to_xen(RO_M2P_VIRT_START, virt_to_mfn(m2p_table),
                     bytes >> PAGE_SHIFT,
                     _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX);
}

static void register_free_ram(const struct ram_range *ram, unsigned int nr)
{
    unsigned int i;

    for (i = 0; i < nr; i++) {
        unsigned long s = ROUNDUP(ram[i].start, PAGE_SIZE) >> PAGE_SHIFT;
        unsigned long e = ROUNDDOWN(ram[i].end, PAGE_SIZE) >> PAGE_SHIFT;
        if (e > s)
            frame_alloc_add_free(&allocator, s, e - s);
    }
}

static uint64_t ram_top(const struct ram_range *ram, unsigned int nr)
{
    uint64_t top = 0;
    unsigned int i;

    for (i = 0; i < nr; i++)
        top = max(top, (uint64_t)ROUNDDOWN(ram[i].end, PAGE_SIZE));
    return min(top, (uint64_t)DIRECTMAP_MAX_BYTES);
}

static void zero_frame(mfn_t mfn)
{
    clear_page(mfn_to_virt(mfn));
}

void mm_init(const struct ram_range *ram, unsigned int nr, unsigned long first_free)
{
    uint64_t ram_end = ram_top(ram, nr);
    unsigned long map_end = ROUNDUP(max(ram_end, (uint64_t)FOUR_GB), L2_PAGE_SIZE);
    unsigned long bump_start, mfn;

    directmap_init(map_end);
    max_page = ram_end >> PAGE_SHIFT;
    bump_next = bump_start = ROUNDUP(first_free, PAGE_SIZE);

    frame_alloc_init(&allocator, bump_alloc(frame_alloc_bitmap_bytes(max_page)), max_page);
    frame_alloc_track_clean(&allocator, bump_alloc(frame_alloc_bitmap_bytes(max_page)),
                            zero_frame);
    register_free_ram(ram, nr);
    frame_table_setup(ram, nr);
    m2p_setup();

    /* Everything below the bump pointer (image, modules, boot data) stays ours. */
    frame_alloc_reserve(&allocator, 0, bump_next >> PAGE_SHIFT);
    for (mfn = 0; mfn < (bump_next >> PAGE_SHIFT) && mfn < max_page; mfn++)
        if (frame_table[mfn].owner == DOMID_INVALID)
            frame_table[mfn].owner = DOMID_XEN;
    printk(XENLOG_INFO "memory: %lu MiB RAM, %lu frames free, boot data %lu KiB\n",
           ram_end >> 20, (unsigned long)frame_alloc_nr_free(&allocator),
           (bump_next - bump_start) >> 10);
    bump_next = 0;
    m2p_map_for_guests();
}

/* Give boot-module memory back once domain 0 has been built from it. */
unsigned long free_boot_range(unsigned long start, unsigned long end)
{
    unsigned long mfn, freed = 0, flags = spin_lock_irqsave(&heap_lock);

    for (mfn = start >> PAGE_SHIFT; mfn < (end >> PAGE_SHIFT) && mfn < max_page; mfn++) {
        if (frame_table[mfn].owner != DOMID_XEN || frame_table[mfn].count)
            continue;
        frame_table[mfn].owner = DOMID_INVALID;
        frame_alloc_free(&allocator, mfn, 1);
        freed++;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    return freed;
}

/*
 * A guest may still have a stale TLB entry for a frame it gave up (it
 * need not flush after unmapping).  Frames freed since the last flush are
 * only handed out again after one, so a stale entry never reaches a frame
 * that has a new owner.
 */
static bool tlb_flush_before_reuse;

/* Under heap_lock, with frames just taken from the allocator. */
static void flush_if_frames_were_freed(void)
{
    if (tlb_flush_before_reuse) {
        /* heap_lock's waiters answer the shootdown as they spin. */
        flush_tlb_mask(guest_cpumask | smp_this_cpu_mask());
        tlb_flush_before_reuse = false;
    }
}

static unsigned long alloc_frame_for(domid_t owner)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    mfn_t mfn = frame_alloc_one(&allocator);

    if (mfn != INVALID_MFN_VALUE)
        flush_if_frames_were_freed();
    spin_unlock_irqrestore(&heap_lock, flags);
    if (mfn == INVALID_MFN_VALUE)
        return INVALID_MFN_VALUE;
    frame_table[mfn] = (struct page_info){ .owner = owner };
    return mfn;
}

unsigned long alloc_xenheap_page(void)
{
    return alloc_frame_for(DOMID_XEN);
}

/* nr physically contiguous, zeroed hypervisor pages, by virtual address. */
void *alloc_xenheap_pages_virt(unsigned int nr)
{
    return alloc_xenheap_aligned_virt(nr, 1);
}

void *alloc_xenheap_aligned_virt(unsigned int nr, unsigned int align)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    mfn_t mfn = frame_alloc_contig(&allocator, nr, align);
    unsigned int i;

    if (mfn != INVALID_MFN_VALUE)
        flush_if_frames_were_freed();
    spin_unlock_irqrestore(&heap_lock, flags);
    if (mfn == INVALID_MFN_VALUE)
        return NULL;
    for (i = 0; i < nr; i++)
        frame_table[mfn + i] = (struct page_info){ .owner = DOMID_XEN };
    return mfn_to_virt(mfn);
}

void free_xenheap_pages_virt(void *va, unsigned int nr)
{
    unsigned long mfn = virt_to_mfn(va);
    unsigned int i;

    unsigned long flags;

    for (i = 0; i < nr; i++)
        frame_table[mfn + i] = (struct page_info){ .owner = DOMID_INVALID };
    flags = spin_lock_irqsave(&heap_lock);
    frame_alloc_free(&allocator, mfn, nr);
    spin_unlock_irqrestore(&heap_lock, flags);
}

/* The allocation reference keeps the frame alive while d owns it. */
unsigned long alloc_domheap_page(struct domain *d)
{
    unsigned long mfn = INVALID_MFN_VALUE;

    spin_lock_recursive(&d->page_alloc_lock);
    if (!d->is_dying && d->tot_pages < d->max_pages)
        mfn = alloc_frame_for(d->domain_id);
    if (mfn != INVALID_MFN_VALUE) {
        frame_table[mfn].count = 1;
        frame_table[mfn].flags = PGF_allocated;
        page_list_add(d, mfn);
        d->tot_pages++;
    }
    spin_unlock_recursive(&d->page_alloc_lock);
    return mfn;
}

/*
 * Up to nr contiguous frames for d, zeroed unless the domain is the
 * control domain being built at boot, which is trusted with all of memory
 * anyway and would otherwise pay for clearing all of its memory before
 * its first instruction (docs/architecture.md).  Returns how many (0:
 * none left).
 */
/* Under d's page list lock: the frames come off the heap and join the list together. */
static unsigned long alloc_domheap_run_locked(struct domain *d, unsigned long nr,
                                              unsigned long *first, bool zeroed)
{
    unsigned long n = min(nr, min(d->max_pages - d->tot_pages, ALLOC_RUN_MAX)), flags;
    mfn_t mfn = INVALID_MFN_VALUE;

    flags = spin_lock_irqsave(&heap_lock);
    while (n && (mfn = zeroed ? frame_alloc_contig(&allocator, n, 1) :
                 frame_alloc_contig_unzeroed(&allocator, n, 1)) == INVALID_MFN_VALUE)
        n /= 2;
    if (n)
        flush_if_frames_were_freed();
    spin_unlock_irqrestore(&heap_lock, flags);
    if (!n)
        return 0;
    page_list_assign_run(d, mfn, n);
    d->tot_pages += n;
    *first = mfn;
    return n;
}

unsigned long alloc_domheap_run(struct domain *d, unsigned long nr,
                                unsigned long *first, bool zeroed)
{
    unsigned long n;

    spin_lock_recursive(&d->page_alloc_lock);
    n = d->is_dying ? 0 : alloc_domheap_run_locked(d, nr, first, zeroed);
    spin_unlock_recursive(&d->page_alloc_lock);
    return n;
}

/* CPUID leaf 1: CLFLUSH is there (EDX bit 19), its line size (EBX[15:8], in 8s). */
#define CPUID1_EDX_CLFSH        (1u << 19)
#define CPUID1_EBX_CLFLUSH_SHIFT 8
#define CLFLUSH_SIZE_UNIT       8
#define CLFLUSH_NONE            (~0u)

static unsigned int clflush_line_size(void)
{
    static unsigned int size;           /* 0: not asked yet */
    uint32_t a, b, c, d;

    if (!size) {
        cpuid_count(1, 0, &a, &b, &c, &d);
        size = ((b >> CPUID1_EBX_CLFLUSH_SHIFT) & 0xff) * CLFLUSH_SIZE_UNIT;
        if (!(d & CPUID1_EDX_CLFSH) || !size)
            size = CLFLUSH_NONE;
    }
    return size;
}

/* Write back and invalidate one frame's cache lines (all of them without CLFLUSH). */
void flush_frame_cache(unsigned long mfn)
{
    volatile const uint8_t *p = mfn_to_virt(mfn);    /* the direct map: WB */
    unsigned int line = clflush_line_size(), off;

    if (line == CLFLUSH_NONE) {
        asm volatile ("wbinvd" ::: "memory");
        return;
    }
    asm volatile ("mfence" ::: "memory");
    for (off = 0; off < PAGE_SIZE; off += line)
        asm volatile ("clflush %0" :: "m" (p[off]) : "memory");
    asm volatile ("mfence" ::: "memory");
}

static const char *const page_type_names[] = {
    [PGT_none] = "nothing", [PGT_writable] = "writable memory",
    [PGT_l1] = "an L1", [PGT_l2] = "an L2", [PGT_l3] = "an L3", [PGT_l4] = "an L4",
    [PGT_seg_desc] = "a descriptor page",
};

void arch_make_frame_coherent(unsigned long mfn, enum page_type type)
{
    flush_frame_cache(mfn);
    gprintk(XENLOG_DEBUG, "frame %#lx: caches flushed before its use as %s "
            "(it had a writable non-WB mapping)\n", mfn,
            type < ARRAY_SIZE(page_type_names) ? page_type_names[type] : "?");
}

/* Frames a guest may still reach through a stale TLB entry go back. */
static void heap_free(unsigned long mfn, unsigned long nr)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);

    tlb_flush_before_reuse = true;
    frame_alloc_free(&allocator, mfn, nr);
    spin_unlock_irqrestore(&heap_lock, flags);
}

void free_domheap_page(unsigned long mfn)
{
    free_domain_frame(domain_lookup(frame_table[mfn].owner), mfn);
}

void free_domain_frame(struct domain *d, unsigned long mfn)
{
    if (d && (frame_table[mfn].flags & PGF_on_list)) {
        spin_lock_recursive(&d->page_alloc_lock);
        page_list_del(d, mfn);
        if (d->tot_pages)
            d->tot_pages--;
        spin_unlock_recursive(&d->page_alloc_lock);
    }
    frame_scrap(mfn);
    heap_free(mfn, 1);
    if (d)
        domain_release_if_done(d);
}

void frame_run_flush(struct frame_run *run)
{
    if (run->end == run->start)
        return;
    heap_free(run->start, run->end - run->start);
    run->start = run->end;
}


unsigned long get_gpfn_from_mfn(unsigned long mfn)
{
    return mfn < max_page ? m2p_table[mfn] : INVALID_M2P_ENTRY;
}

/* Walk (allocating as needed) to the L1 entry for va in the idle tables. */
static pte_t *xen_walk(unsigned long va, uint64_t table_flags, bool alloc)
{
    pte_t *table = idle_pg_table;
    int level;

    for (level = 4; level > 1; level--) {
        pte_t *e = &table[PT_INDEX(va, level)];
        if (!(*e & _PAGE_PRESENT)) {
            if (!alloc)
                return NULL;
            unsigned long mfn = alloc_xenheap_page();
            BUG_ON(mfn == INVALID_MFN_VALUE);
            *e = pte_from_mfn(mfn, table_flags);
        }
        BUG_ON(*e & _PAGE_PSE);
        table = mfn_to_virt(pte_mfn(*e));
    }
    return &table[PT_INDEX(va, 1)];
}

pte_t *xen_l1e_for(unsigned long va)
{
    return xen_walk(va, 0, false);
}

void map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
                      uint64_t flags)
{
    /* Intermediate tables: writable, user only if the leaves are. */
    uint64_t table_flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
                           _PAGE_DIRTY | (flags & _PAGE_USER);

    for (; nr--; va += PAGE_SIZE, mfn++) {
        *xen_walk(va, table_flags, true) = pte_from_mfn(mfn, flags);
        invlpg(va);
    }
}

/* ---- Hooks for common/page_alloc.c and memory_op (reservations) ---- */

mfn_t mm_alloc_contig(unsigned long nr, unsigned long align,
                      unsigned long limit)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    mfn_t mfn = frame_alloc_contig_in(&allocator, nr, align, 0, limit);

    if (mfn != INVALID_MFN_VALUE)
        flush_if_frames_were_freed();
    spin_unlock_irqrestore(&heap_lock, flags);
    return mfn;
}

/* Every CPU that has run a guest, global entries included. */
void arch_flush_guest_tlbs(void)
{
    flush_tlb_mask(guest_cpumask | smp_this_cpu_mask());
}
