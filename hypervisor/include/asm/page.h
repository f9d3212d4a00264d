/*
 * Page-table entry formats and conversions between machine addresses,
 * frame numbers and the hypervisor's direct map.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT   0x001UL
#define _PAGE_RW        0x002UL
#define _PAGE_USER      0x004UL
#define _PAGE_PWT       0x008UL
#define _PAGE_PCD       0x010UL
#define _PAGE_ACCESSED  0x020UL
#define _PAGE_DIRTY     0x040UL
#define _PAGE_PSE       0x080UL     /* in L2/L3; PAT in L1 */
#define _PAGE_PAT       0x080UL
#define _PAGE_GLOBAL    0x100UL
#define _PAGE_AVAIL     0xe00UL
#define _PAGE_NX        (1UL << 63)

#define PADDR_BITS      52
#define PADDR_MASK      ((1UL << PADDR_BITS) - 1)
#define PTE_ADDR_MASK   (PADDR_MASK & ~(PAGE_SIZE - 1))

#define PT_ENTRIES      512
#define PT_SHIFT(level) (PAGE_SHIFT + 9 * ((level) - 1))
#define PT_INDEX(va, level) (((va) >> PT_SHIFT(level)) & (PT_ENTRIES - 1))

#define __PAGE_HYPERVISOR      (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define __PAGE_HYPERVISOR_RO   (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define __PAGE_HYPERVISOR_RW   (__PAGE_HYPERVISOR | _PAGE_NX)

#ifndef __ASSEMBLY__
#include <minixen/types.h>

typedef uint64_t pte_t;
typedef unsigned long mfn_t;
#define INVALID_MFN_VALUE (~0UL)

static inline unsigned long pte_mfn(pte_t e) { return (e & PTE_ADDR_MASK) >> PAGE_SHIFT; }
static inline pte_t pte_from_mfn(unsigned long mfn, uint64_t flags)
{ return ((pte_t)mfn << PAGE_SHIFT) | flags; }

static inline void *maddr_to_virt(uint64_t ma)
{ return (void *)(DIRECTMAP_VIRT_START + ma); }
static inline void *mfn_to_virt(unsigned long mfn)
{ return maddr_to_virt((uint64_t)mfn << PAGE_SHIFT); }

/* Valid for direct-map and image addresses only. */
static inline uint64_t virt_to_maddr(const void *va)
{
    unsigned long v = (unsigned long)va;
    if (v >= XEN_VIRT_START && v < XEN_VIRT_START + XEN_IMAGE_SPAN)
        return v - XEN_VIRT_START;
    return v - DIRECTMAP_VIRT_START;
}
static inline unsigned long virt_to_mfn(const void *va)
{ return virt_to_maddr(va) >> PAGE_SHIFT; }

static inline void clear_page(void *page)
{
    unsigned long cnt = PAGE_SIZE / 8;
    asm volatile ("rep stosq" : "+D" (page), "+c" (cnt) : "a" (0UL) : "memory");
}

/* 48-bit virtual addresses: the canonical lower half ends here. */
#define CANONICAL_LOW_END (1UL << 47)

static inline bool is_canonical_address(unsigned long va)
{ return ((long)va >> 47) == ((long)va >> 63); }
#endif

#endif /* ASM_PAGE_H */
