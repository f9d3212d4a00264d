/*
 * dom0/include/kernel/mm.h - dom0's own memory: page frames and the heap.
 *
 * Every pseudo-physical frame of dom0 is mapped at KERNEL_BASE + pfn * 4 KiB
 * (the domain builder maps the first few MiB there, mm/page_alloc.c maps
 * the rest at boot), so a frame's kernel address and its pfn convert with
 * arithmetic.  Frames that become page tables lose their writable alias
 * (the hypervisor allows no writable mapping of a page table).
 */
#ifndef DOM0_KERNEL_MM_H
#define DOM0_KERNEL_MM_H

#include <kernel/types.h>

#define KERNEL_BASE         0xffffffff80000000UL

static inline void *pfn_to_virt(unsigned long pfn)
{
    return (void *)(KERNEL_BASE + (pfn << PAGE_SHIFT));
}

static inline unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - KERNEL_BASE) >> PAGE_SHIFT;
}

/*
 * One page, zeroed, with a reference count of 1; NULL when out of memory.
 * page_get/page_put count sharers (page cache, several processes mapping
 * one file page); the last put frees it.
 */
void *page_alloc(void);
/* The same, left as its last user wrote it: for a caller that fills it all. */
void *page_alloc_uninit(void);
void page_get(void *page);
void page_put(void *page);
/* n contiguous zeroed pages (kernel stacks, big heap blocks); freed together. */
void *pages_alloc(unsigned int n);
void *pages_alloc_uninit(unsigned int n);
void pages_free(void *first, unsigned int n);

/* Frames in use and free, for sysinfo, /proc/meminfo and the tests. */
unsigned long pages_free_count(void);
unsigned long pages_total(void);
/* Pages the kernel heap holds, in use or on its free lists. */
unsigned long kmalloc_pages(void);

#endif /* DOM0_KERNEL_MM_H */
