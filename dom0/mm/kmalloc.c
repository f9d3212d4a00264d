/*
 * dom0/mm/kmalloc.c - the kernel heap.
 *
 * Blocks up to 2 KiB come from pages cut into one size class each (32 B to
 * 2 KiB, powers of two), kept on a free list per class; a page records its
 * class in a small per-page header so kfree needs no size.  Bigger blocks
 * are contiguous pages with the same header saying how many.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>

#define MIN_SHIFT           5
#define MAX_SHIFT           11
#define NR_CLASSES          (MAX_SHIFT - MIN_SHIFT + 1)
#define HEADER_SIZE         64          /* keeps big blocks 64-byte aligned (xsave) */
#define LARGE_CLASS         0xff

struct page_header {
    uint32_t class;                     /* shift, or LARGE_CLASS */
    uint32_t pages;                     /* for large blocks */
};

struct free_block {
    struct free_block *next;
};

static struct free_block *free_lists[NR_CLASSES];
static unsigned long heap_pages;        /* pages the heap holds: /proc/meminfo's Slab */

static unsigned int class_of(size_t size)
{
    unsigned int shift = MIN_SHIFT;

    while ((1UL << shift) < size)
        shift++;
    return shift;
}

static bool refill(unsigned int shift)
{
    char *page = page_alloc();
    struct page_header *h = (struct page_header *)page;
    size_t off;

    if (!page)
        return false;
    heap_pages++;
    h->class = shift;
    for (off = MAX((size_t)HEADER_SIZE, 1UL << shift); off + (1UL << shift) <= PAGE_SIZE;
         off += 1UL << shift) {
        struct free_block *b = (struct free_block *)(page + off);
        b->next = free_lists[shift - MIN_SHIFT];
        free_lists[shift - MIN_SHIFT] = b;
    }
    return true;
}

static void *large_alloc(size_t size)
{
    unsigned int pages = ALIGN_UP(size + HEADER_SIZE, PAGE_SIZE) / PAGE_SIZE;
    struct page_header *h = pages_alloc_uninit(pages);     /* kzalloc zeroes */

    if (!h)
        return NULL;
    heap_pages += pages;
    h->class = LARGE_CLASS;
    h->pages = pages;
    return (char *)h + HEADER_SIZE;
}

void *kmalloc(size_t size)
{
    unsigned int shift;
    struct free_block *b;

    if (size > (1UL << MAX_SHIFT))
        return size > (1UL << 30) ? NULL : large_alloc(size);
    shift = class_of(size);
    if (!free_lists[shift - MIN_SHIFT] && !refill(shift))
        return NULL;
    b = free_lists[shift - MIN_SHIFT];
    free_lists[shift - MIN_SHIFT] = b->next;
    return b;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);

    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    struct page_header *h = (struct page_header *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE);
    struct free_block *b = p;

    if (!p)
        return;
    if (h->class == LARGE_CLASS) {
        heap_pages -= h->pages;
        pages_free(h, h->pages);
        return;
    }
    b->next = free_lists[h->class - MIN_SHIFT];
    free_lists[h->class - MIN_SHIFT] = b;
}

char *kstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kmalloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

unsigned long kmalloc_pages(void)
{
    return heap_pages;
}
