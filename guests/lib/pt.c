/*
 * guests/lib/pt.c - page-table helpers shared by the memory-management
 * guests: single mmu_update / mmuext_op requests, walks of the boot
 * tables, and cloning the boot address space (see pt.h).
 */
#include <stddef.h>
#include "pt.h"
#include "string.h"

/* Bits 47 and up of an address must copy bit 47 (canonical form). */
#define VA_SIGN_BIT    47
#define VA_SIGN_EXTEND ARCH_UL(0xffff000000000000)

unsigned long pt_slots_to_va(unsigned int l4, unsigned int l3,
                             unsigned int l2, unsigned int l1)
{
    unsigned long va = ((unsigned long)l4 << (PAGE_SHIFT + 3 * PT_INDEX_BITS)) |
                       ((unsigned long)l3 << (PAGE_SHIFT + 2 * PT_INDEX_BITS)) |
                       ((unsigned long)l2 << (PAGE_SHIFT + PT_INDEX_BITS)) |
                       ((unsigned long)l1 << PAGE_SHIFT);

    if (va & (ARCH_UL(1) << VA_SIGN_BIT))
        va |= VA_SIGN_EXTEND;
    return va;
}

uint64_t pt_entry_maddr(unsigned long table_mfn, unsigned int slot)
{
    return ((uint64_t)table_mfn << PAGE_SHIFT) + slot * sizeof(uint64_t);
}

long mmu_write_entry(unsigned long table_mfn, unsigned int slot, uint64_t val,
                     unsigned int *done)
{
    mmu_update_t req = {
        .ptr = pt_entry_maddr(table_mfn, slot) | MMU_NORMAL_PT_UPDATE,
        .val = val,
    };

    return HYPERVISOR_mmu_update(&req, 1, done, DOMID_SELF);
}

long mmuext_cmd(unsigned int cmd, unsigned long arg1)
{
    mmuext_op_t op = { .cmd = cmd, .arg1.mfn = arg1 };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* MMUEXT_PIN_L1_TABLE .. MMUEXT_PIN_L4_TABLE are consecutive. */
long pt_pin(unsigned int level, unsigned long mfn)
{
    return mmuext_cmd(MMUEXT_PIN_L1_TABLE + level - 1, mfn);
}

long pt_unpin(unsigned long mfn)
{
    return mmuext_cmd(MMUEXT_UNPIN_TABLE, mfn);
}

long pt_switch(unsigned long l4_mfn)
{
    return mmuext_cmd(MMUEXT_NEW_BASEPTR, l4_mfn);
}

long pt_map(void *va, unsigned long mfn, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, pv_pte(mfn, flags),
                                        UVMF_INVLPG);
}

long pt_unmap(void *va)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG);
}

long pv_yield(void)
{
    return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

unsigned long pt_boot_l4_mfn(void)
{
    return pv_va_to_mfn((const void *)start_info->pt_base);
}

/*
 * The boot tables are nr_pt_frames consecutive pseudo-physical frames
 * from pt_base, so only those P2M entries need searching.
 */
const uint64_t *pt_boot_view(unsigned long mfn)
{
    unsigned long first = pv_va_to_pfn(start_info->pt_base);
    unsigned long i;

    for (i = 0; i < start_info->nr_pt_frames; i++)
        if (pv_pfn_to_mfn(first + i) == mfn)
            return (const uint64_t *)(start_info->pt_base + i * PAGE_SIZE);
    return NULL;
}

unsigned long pt_boot_table(unsigned long va, unsigned int level)
{
    unsigned long mfn = pt_boot_l4_mfn();
    unsigned int l;

    for (l = PT_LEVELS; l > level; l--) {
        const uint64_t *t = pt_boot_view(mfn);
        uint64_t e;

        if (!t)
            return 0;
        e = t[PT_INDEX(va, l)];
        if (!(e & PTE_P))
            return 0;
        mfn = pte_mfn(e);
    }
    return mfn;
}

uint64_t pt_boot_l1e(unsigned long va)
{
    const uint64_t *l1 = pt_boot_view(pt_boot_table(va, 1));

    return l1 ? l1[PT_INDEX(va, 1)] : 0;
}

/* Does va lie in the part of the address space the given L1 covers? */
static int pt_same_l1(unsigned long a, unsigned long b)
{
    return PT_INDEX(a, 4) == PT_INDEX(b, 4) && PT_INDEX(a, 3) == PT_INDEX(b, 3) &&
           PT_INDEX(a, 2) == PT_INDEX(b, 2);
}

/*
 * Copy the boot table of `level` on va's path into dst and aim the
 * path's entry at child (keeping the boot entry's flags).
 */
static void space_copy_level(uint64_t *dst, unsigned long va, unsigned int level,
                             unsigned long child)
{
    const uint64_t *src = pt_boot_view(pt_boot_table(va, level));
    unsigned int slot = PT_INDEX(va, level);

    memcpy(dst, src, PAGE_SIZE);
    dst[slot] = pv_pte(child, src[slot] & ~PTE_ADDR_MASK);
}

static long space_map_windows(const unsigned long frames[PT_LEVELS],
                              void *const windows[PT_LEVELS], uint64_t flags,
                              unsigned int first, unsigned int last)
{
    unsigned int i;
    long rc;

    for (i = first; i <= last; i++)
        if ((rc = pt_map(windows[i], frames[i], flags)))
            return rc;
    return 0;
}

/* Fill the new L4, L3 and L2 through their writable windows. */
static void space_fill_upper(struct pt_space *s, uint64_t xen_slot_fill,
                             void *const windows[PT_LEVELS])
{
    uint64_t *l4 = windows[PT_SPACE_L4];
    unsigned int slot;

    space_copy_level(l4, s->va, 4, s->mfn[PT_SPACE_L3]);
    for (slot = PT_XEN_SLOT_FIRST; slot <= PT_XEN_SLOT_LAST; slot++)
        l4[slot] = xen_slot_fill;
    space_copy_level(windows[PT_SPACE_L3], s->va, 3, s->mfn[PT_SPACE_L2]);
    space_copy_level(windows[PT_SPACE_L2], s->va, 2, s->mfn[PT_SPACE_L1]);
}

/*
 * The new L1 is copied last, after the other windows became read-only,
 * so it maps them read-only too; its own window entry is fixed up by hand
 * because that window is still writable while it is being filled.
 */
static void space_fill_l1(struct pt_space *s, uint64_t leaf_pte,
                          void *const windows[PT_LEVELS])
{
    uint64_t *l1 = windows[PT_SPACE_L1];
    unsigned long w1 = (unsigned long)windows[PT_SPACE_L1];

    memcpy(l1, pt_boot_view(pt_boot_table(s->va, 1)), PAGE_SIZE);
    if (pt_same_l1(w1, s->va))
        l1[PT_INDEX(w1, 1)] = pv_pte(s->mfn[PT_SPACE_L1], PV_PTE_RO);
    l1[PT_INDEX(s->va, 1)] = leaf_pte;
}

long pt_space_build(struct pt_space *s, unsigned long va, uint64_t leaf_pte,
                    uint64_t xen_slot_fill,
                    const unsigned long frames[PT_LEVELS],
                    void *const windows[PT_LEVELS])
{
    unsigned int i;
    long rc;

    if (!pt_boot_table(va, 1))
        return -XEN_EINVAL;
    s->va = va;
    for (i = 0; i < PT_LEVELS; i++) {
        s->mfn[i] = frames[i];
        s->view[i] = windows[i];
    }
    if ((rc = space_map_windows(frames, windows, PV_PTE_RW, PT_SPACE_L1, PT_SPACE_L4)))
        return rc;
    space_fill_upper(s, xen_slot_fill, windows);
    if ((rc = space_map_windows(frames, windows, PV_PTE_RO, PT_SPACE_L2, PT_SPACE_L4)))
        return rc;
    space_fill_l1(s, leaf_pte, windows);
    return pt_map(windows[PT_SPACE_L1], frames[PT_SPACE_L1], PV_PTE_RO);
}

void pt_space_release_windows(void *const windows[PT_LEVELS])
{
    unsigned int i;

    for (i = 0; i < PT_LEVELS; i++)
        pv_restore_mapping(windows[i]);
}
