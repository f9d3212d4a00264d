/*
 * dom0/arch/xen.h - the hypervisor as the dom0 kernel sees it: start_info,
 * shared_info, the frame lists, and thin helpers over the hypercalls the
 * memory code makes most.
 */
#ifndef DOM0_ARCH_XEN_H
#define DOM0_ARCH_XEN_H

#include <kernel/types.h>
#include <public/xen.h>
#include "hypercall.h"

extern start_info_t *start_info;
extern shared_info_t *shared_info;

/* The read-only machine-to-phys table every PV guest sees (L4 slot 256). */
#define M2P_VIRT_START      0xffff800000000000UL
/* Page-table entry bits (x86_64). */
#define PTE_PRESENT         (1UL << 0)
#define PTE_RW              (1UL << 1)
#define PTE_USER            (1UL << 2)
#define PTE_ACCESSED        (1UL << 5)
#define PTE_DIRTY           (1UL << 6)
/* Software bit 9, Linux's _PAGE_SPECIAL: a frame mapped by a driver, not a page of ours. */
#define PTE_SPECIAL         (1UL << 9)
#define PTE_NX              (1UL << 63)
#define PTE_ADDR_MASK       0x000ffffffffff000UL
#define PTE_TABLE_FLAGS     (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)

static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
    return ((const unsigned long *)start_info->mfn_list)[pfn];
}

static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
    return ((const unsigned long *)M2P_VIRT_START)[mfn];
}

static inline uint64_t pte_pfn(uint64_t pte)
{
    return mfn_to_pfn((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

/* One entry of a page table through the hypervisor: 0 or -errno. */
long xen_pte_write(uint64_t table_mfn, unsigned int index, uint64_t val);
/* Remaps one kernel page (read-only before it becomes a page table). */
void xen_remap_kernel_page(void *va, bool writable);
long xen_mmuext(unsigned int cmd, unsigned long mfn);
void xen_console_write(const char *s, size_t n);
void __attribute__((noreturn)) xen_shutdown(unsigned int reason);

#endif /* DOM0_ARCH_XEN_H */
