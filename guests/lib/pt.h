/*
 * guests/lib/pt.h - page tables from the guest's side: entry bits beyond
 * arch.h, one-request wrappers for mmu_update and mmuext_op, read-only
 * views of the boot tables, and a second address space cloned from the
 * boot one (struct pt_space).
 *
 * A PV guest never writes a page table itself: it asks the hypervisor
 * (mmu_update, update_va_mapping), which validates every new entry.  A
 * frame can only become a table while nothing maps it writable, so new
 * tables are filled through a writable "window" mapping that is made
 * read-only before the table is used.
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include <stdint.h>
#include "arch.h"
#include "hypercall.h"
#include "pv.h"

/* ---- Entry bits arch.h does not name ---- */
#define PTE_PWT  (ARCH_UL(1) << 3)
#define PTE_PCD  (ARCH_UL(1) << 4)
#define PTE_PSE  (ARCH_UL(1) << 7)   /* superpage in L2/L3; PAT in an L1 */
#define PTE_G    (ARCH_UL(1) << 8)
#define PTE_AVAIL_SHIFT 9            /* bits 9-11 are the guest's own */
#define PTE_AVAIL_MASK  (ARCH_UL(7) << PTE_AVAIL_SHIFT)
/* Xen's _PAGE_GUEST_KERNEL: it marks kernel L1 entries it gave the user bit. */
#define PTE_XEN_GUEST_KERNEL (ARCH_UL(1) << 52)
#define PTE_NX   (ARCH_UL(1) << 63)

/*
 * Bits the hypervisor may add to an entry it accepted (user, and Xen's
 * guest-kernel and global marks: adjust_guest_l*e in xen/arch/x86/pv/mm.h)
 * or the CPU may set (accessed, dirty).  Entries are compared without them.
 */
#define PTE_ADJUSTED_BITS (PTE_US | PTE_A | PTE_D | PTE_G | PTE_XEN_GUEST_KERNEL)
static inline int pte_same(uint64_t a, uint64_t b)
{
    return ((a ^ b) & ~PTE_ADJUSTED_BITS) == 0;
}

static inline unsigned long pte_mfn(uint64_t pte)
{
    return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/* Flags of a non-leaf entry, as the domain builder writes them. */
#define PV_PDE_FLAGS (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_US)

/* L4 slots 256-271 belong to the hypervisor in every 64-bit PV guest. */
#define PT_XEN_SLOT_FIRST 256
#define PT_XEN_SLOT_LAST  271
/* The read-only M2P's slot (256): filled by the hypervisor, as the others. */
#define PT_M2P_L4_SLOT PT_INDEX(MACH2PHYS_VIRT_START, 4)

static inline int pt_is_xen_l4_slot(unsigned int slot)
{
    return slot >= PT_XEN_SLOT_FIRST && slot <= PT_XEN_SLOT_LAST;
}

/* The (sign-extended) address whose L4..L1 indices are the given slots. */
unsigned long pt_slots_to_va(unsigned int l4, unsigned int l3,
                             unsigned int l2, unsigned int l1);

/* ---- One-request hypercall wrappers (0 or the hypercall's result) ---- */
uint64_t pt_entry_maddr(unsigned long table_mfn, unsigned int slot);
/* MMU_NORMAL_PT_UPDATE of one entry; *done (may be NULL) gets the count. */
long mmu_write_entry(unsigned long table_mfn, unsigned int slot, uint64_t val,
                     unsigned int *done);
long mmuext_cmd(unsigned int cmd, unsigned long arg1);
long pt_pin(unsigned int level, unsigned long mfn);
long pt_unpin(unsigned long mfn);
long pt_switch(unsigned long l4_mfn);   /* MMUEXT_NEW_BASEPTR */
/* update_va_mapping with UVMF_INVLPG: map va onto mfn, or unmap it. */
long pt_map(void *va, unsigned long mfn, uint64_t flags);
long pt_unmap(void *va);
/* SCHEDOP_yield: let the other domains run. */
long pv_yield(void);

/* ---- The boot page tables (read through their read-only mappings) ---- */
unsigned long pt_boot_l4_mfn(void);
/* A boot table frame's read-only view, or NULL if mfn is not one. */
const uint64_t *pt_boot_view(unsigned long mfn);
/* The boot table of `level` (4 = top) on va's path, or 0 if absent. */
unsigned long pt_boot_table(unsigned long va, unsigned int level);
/* The boot L1 entry that maps va, or 0. */
uint64_t pt_boot_l1e(unsigned long va);

/* ---- A second address space ---- */

/* Index of each new table in the frames[] / windows[] arguments. */
#define PT_SPACE_L1 0
#define PT_SPACE_L2 1
#define PT_SPACE_L3 2
#define PT_SPACE_L4 3

struct pt_space {
    unsigned long va;                /* the path the new tables cover */
    unsigned long mfn[PT_LEVELS];    /* new tables, indexed PT_SPACE_Ln */
    const uint64_t *view[PT_LEVELS]; /* their read-only window mappings */
};

/*
 * Build new L4, L3, L2 and L1 tables along va's path: copies of the boot
 * tables on that path, each pointing at the next new one, so both spaces
 * map the same image.  They differ in one place: the new L1 entry for va
 * is leaf_pte.  The hypervisor's L4 slots are filled with xen_slot_fill
 * (the hypervisor must overwrite them when it validates the table).
 *
 * frames[] are unmapped frames of ours; windows[] page-aligned pages of
 * our image that are remapped onto them (left mapped read-only).
 * Nothing is pinned.  Returns 0 or the first failing hypercall's result.
 */
long pt_space_build(struct pt_space *s, unsigned long va, uint64_t leaf_pte,
                    uint64_t xen_slot_fill,
                    const unsigned long frames[PT_LEVELS],
                    void *const windows[PT_LEVELS]);

/* Put the windows back onto their own frames (read/write). */
void pt_space_release_windows(void *const windows[PT_LEVELS]);

#endif /* GUEST_PT_H */
