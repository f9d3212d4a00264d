/*
 * dom0/mm/page_alloc.c - dom0's page frames: mapping all of them into the
 * kernel, and handing them out.
 *
 * The domain builder maps only its boot layout (kernel, archive, frame
 * list, start_info, tables, stack, some slack) at KERNEL_BASE.  At boot
 * we map the remaining frames there too, taking each new page table from
 * the front of the free frames, which are already mapped.  Each chunk
 * mapped adds to those, so the builder's slack (Xen promises 512 KiB)
 * need only hold the first tables, however big the archive or memory.
 * After that a bitmap and a per-frame reference count track every frame.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include "../arch/xen.h"
#include "mm_internal.h"

#define L1_SPAN_PAGES       512UL
#define L2_SPAN_PAGES       (512UL * 512UL)

static unsigned long nr_pages, boot_next_pfn, boot_mapped_end;
static uint64_t *used_bitmap;
/* 32 bits: a page can never be mapped 2^32 times (that many L1 entries need more memory than dom0 has). */
static uint32_t *refcount;
static unsigned long free_count, search_hint;

static void *boot_page(void)
{
    void *p;

    if (boot_next_pfn >= boot_mapped_end)
        panic("boot layout has no room for page tables");
    p = pfn_to_virt(boot_next_pfn++);
    memset(p, 0, PAGE_SIZE);
    return p;
}

/* The kernel's top-level table, as the builder left it. */
static uint64_t *boot_l4(void)
{
    return (uint64_t *)start_info->pt_base;
}

uint64_t *table_next(const uint64_t *table, unsigned int index)
{
    uint64_t e = table[index];

    return (e & PTE_PRESENT) ? pfn_to_virt(pte_pfn(e)) : NULL;
}

/* The L1 entry of a kernel address, or NULL if an upper level is missing. */
static uint64_t *kernel_l1e(unsigned long va)
{
    uint64_t *t = boot_l4();
    int level;

    for (level = 4; level > 1 && t; level--)
        t = table_next(t, (va >> (12 + 9 * (level - 1))) & 511);
    return t ? &t[(va >> 12) & 511] : NULL;
}

static unsigned long first_unmapped_pfn(unsigned long from)
{
    while (from < nr_pages) {
        uint64_t *e = kernel_l1e((unsigned long)pfn_to_virt(from));
        if (!e || !(*e & PTE_PRESENT))
            break;
        from++;
    }
    return from;
}

/* A zeroed page filled by fill(), then hooked at table[index] read-only. */
static void hook_table(uint64_t *parent, unsigned int index, uint64_t *child)
{
    xen_remap_kernel_page(child, false);
    if (xen_pte_write(pfn_to_mfn(virt_to_pfn(parent)), index,
                      (pfn_to_mfn(virt_to_pfn(child)) << PAGE_SHIFT) | PTE_TABLE_FLAGS))
        panic("cannot hook a kernel page table");
}

static uint64_t *kernel_l2_for(unsigned long va)
{
    uint64_t *l3 = table_next(boot_l4(), (va >> 39) & 511);
    uint64_t *l2;

    if (!l3)
        panic("no L3 table for kernel address %#lx", va);
    l2 = table_next(l3, (va >> 30) & 511);
    if (!l2) {
        l2 = boot_page();
        hook_table(l3, (va >> 30) & 511, l2);
    }
    return l2;
}

static void map_chunk(unsigned long first_pfn)
{
    unsigned long va = (unsigned long)pfn_to_virt(first_pfn), pfn;
    uint64_t *l2 = kernel_l2_for(va), *l1 = boot_page();

    for (pfn = first_pfn; pfn < nr_pages && pfn < first_pfn + L1_SPAN_PAGES; pfn++)
        l1[pfn - first_pfn] = (pfn_to_mfn(pfn) << PAGE_SHIFT) | PTE_PRESENT | PTE_RW |
                              PTE_USER | PTE_ACCESSED | PTE_DIRTY;
    hook_table(l2, (va >> 21) & 511, l1);
}

static void map_all_frames(void)
{
    unsigned long pfn = boot_mapped_end;

    if (pfn % L1_SPAN_PAGES)
        panic("boot layout ends inside an L1 table's span");
    if (nr_pages > 2 * L2_SPAN_PAGES) {     /* KERNEL_BASE to the top: 2 GiB */
        printk("memory: using the first 2 GiB of %lu pages\n", nr_pages);
        nr_pages = 2 * L2_SPAN_PAGES;
    }
    for (; pfn < nr_pages; pfn += L1_SPAN_PAGES) {
        map_chunk(pfn);
        boot_mapped_end = MIN(pfn + L1_SPAN_PAGES, nr_pages);
    }
}

static bool page_used(unsigned long pfn)
{
    return used_bitmap[pfn / 64] & (1UL << (pfn % 64));
}

static void mark(unsigned long pfn, bool used)
{
    if (used)
        used_bitmap[pfn / 64] |= 1UL << (pfn % 64);
    else
        used_bitmap[pfn / 64] &= ~(1UL << (pfn % 64));
    free_count += used ? -1 : 1;
}

static void *boot_array(size_t bytes)
{
    size_t pages = ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE;
    void *first = boot_page();

    while (--pages)
        boot_page();
    return first;
}

void page_alloc_init(unsigned long boot_stack_top)
{
    unsigned long pfn, image_first = virt_to_pfn(_image_start);

    nr_pages = start_info->nr_pages;
    boot_next_pfn = virt_to_pfn((void *)(boot_stack_top + PAGE_SIZE - 1));
    boot_mapped_end = first_unmapped_pfn(boot_next_pfn);
    map_all_frames();
    used_bitmap = boot_array(ALIGN_UP(nr_pages, 64) / 8);
    refcount = boot_array(nr_pages * sizeof(*refcount));
    free_count = nr_pages;
    for (pfn = image_first; pfn < boot_next_pfn; pfn++)
        mark(pfn, true);
    printk("memory: %lu pages, %lu free, kernel and boot layout %lu-%lu\n",
           nr_pages, free_count, image_first, boot_next_pfn);
}

/* The first free page at or after from (wrapping round once), a word of
 * the bitmap at a time: most allocations are of one page. */
static long find_free_page(unsigned long from)
{
    for (unsigned long tries = 0, w = from / 64; tries <= nr_pages / 64 + 1; tries++, w++) {
        uint64_t free_bits;

        if (w * 64 >= nr_pages)
            w = 0;
        free_bits = ~used_bitmap[w];
        if (w == from / 64 && tries == 0)
            free_bits &= ~0UL << (from % 64);
        if (free_bits && w * 64 + (unsigned long)__builtin_ctzll(free_bits) < nr_pages)
            return (long)(w * 64 + (unsigned long)__builtin_ctzll(free_bits));
    }
    return -1;
}

static long find_free_run(unsigned int n)
{
    unsigned long start = search_hint, pfn, run = 0, tries;

    if (n == 1)
        return find_free_page(start < nr_pages ? start : 0);
    for (tries = 0, pfn = start; tries < nr_pages * 2; tries++, pfn++) {
        if (pfn >= nr_pages) {
            pfn = 0;
            run = 0;
        }
        run = page_used(pfn) ? 0 : run + 1;
        if (run == n)
            return pfn + 1 - n;
    }
    return -1;
}

void *pages_alloc_uninit(unsigned int n)
{
    long first = n && free_count >= n ? find_free_run(n) : -1;
    unsigned long pfn;

    if (first < 0)
        return NULL;
    for (pfn = first; pfn < (unsigned long)first + n; pfn++) {
        mark(pfn, true);
        refcount[pfn] = 1;
    }
    search_hint = first + n;
    return pfn_to_virt(first);
}

void *pages_alloc(unsigned int n)
{
    void *p = pages_alloc_uninit(n);

    if (p)
        memset(p, 0, (size_t)n * PAGE_SIZE);
    return p;
}

void pages_free(void *first, unsigned int n)
{
    unsigned long pfn = virt_to_pfn(first), i;

    for (i = 0; i < n; i++) {
        if (!page_used(pfn + i))
            panic("freeing free page %lu", pfn + i);
        refcount[pfn + i] = 0;
        mark(pfn + i, false);
    }
}

void *page_alloc(void)
{
    return pages_alloc(1);
}

void *page_alloc_uninit(void)
{
    return pages_alloc_uninit(1);
}

void page_get(void *page)
{
    refcount[virt_to_pfn(page)]++;
}

void page_put(void *page)
{
    unsigned long pfn = virt_to_pfn(page);

    if (refcount[pfn] == 0)
        panic("page_put of free page %lu", pfn);
    if (--refcount[pfn] == 0)
        mark(pfn, false);
}

unsigned int page_refs(const void *page)
{
    return refcount[virt_to_pfn(page)];
}

unsigned long pages_free_count(void)
{
    return free_count;
}

unsigned long pages_total(void)
{
    return nr_pages;
}
