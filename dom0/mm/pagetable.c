/*
 * dom0/mm/pagetable.c - the page tables of user address spaces.
 *
 * Tables are read through the kernel map (the hypervisor lets us map a
 * table read-only) and written only through mmu_update, which validates
 * each entry.  A new table is zeroed while still writable, then its
 * kernel alias is made read-only before it is hooked in.  Top-level
 * entries exist twice (kernel and user table) and are written to both.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include "../arch/xen.h"
#include "mm_internal.h"
#include "pagetable.h"
#include <minixen/pt_scan.h>

#define L4_USER_SLOTS       256

static uint64_t table_mfn(const uint64_t *table)
{
    return pfn_to_mfn(virt_to_pfn(table));
}

static unsigned int pt_index(uint64_t va, int level)
{
    return (va >> (12 + 9 * (level - 1))) & 511;
}

uint64_t *pt_new_table(void)
{
    uint64_t *t = page_alloc();

    if (t)
        xen_remap_kernel_page(t, false);
    return t;
}

/* A table no longer used by the hypervisor as one: writable again, freed. */
void pt_free_table(uint64_t *t)
{
    xen_remap_kernel_page(t, true);
    page_put(t);
}

static long hook(uint64_t *parent, unsigned int index, const uint64_t *child)
{
    return xen_pte_write(table_mfn(parent), index,
                         (table_mfn(child) << PAGE_SHIFT) | PTE_TABLE_FLAGS);
}

/* The L3 for va, created in both top-level tables when missing. */
static uint64_t *l3_for(struct mm *mm, uint64_t va, bool create)
{
    unsigned int i = pt_index(va, 4);
    uint64_t *l3 = table_next(mm->kernel_l4, i);

    if (l3 || !create)
        return l3;
    l3 = pt_new_table();
    if (!l3)
        return NULL;
    if (hook(mm->kernel_l4, i, l3) || hook(mm->user_l4, i, l3))
        panic("cannot hook a user L3 table");
    return l3;
}

static uint64_t *lower_for(uint64_t *table, uint64_t va, int level, bool create)
{
    unsigned int i = pt_index(va, level);
    uint64_t *next = table_next(table, i);

    if (next || !create)
        return next;
    next = pt_new_table();
    if (next && hook(table, i, next))
        panic("cannot hook a user page table");
    return next;
}

/* Faults, fork and munmap ask for the same L1 table run after run: the
 * last one is kept, not looked for from the top each time. */
uint64_t *pt_l1_table(struct mm *mm, uint64_t va, bool create)
{
    uint64_t *t;

    if (mm->last_l1 && mm->last_l1_span == va >> PT_L1_SHIFT)
        return mm->last_l1;
    t = l3_for(mm, va, create);
    if (t)
        t = lower_for(t, va, 3, create);
    if (t)
        t = lower_for(t, va, 2, create);
    if (t) {
        mm->last_l1 = t;
        mm->last_l1_span = va >> PT_L1_SHIFT;
    }
    return t;
}

long pt_entry_maddr(struct mm *mm, uint64_t va, uint64_t *maddr)
{
    uint64_t *l1 = pt_l1_table(mm, va, true);

    if (!l1)
        return -ENOMEM;
    *maddr = (table_mfn(l1) << PAGE_SHIFT) + pt_index(va, 1) * sizeof(uint64_t);
    return 0;
}

uint64_t pt_lookup(struct mm *mm, uint64_t va)
{
    uint64_t *l1 = pt_l1_table(mm, va, false);

    return l1 ? l1[pt_index(va, 1)] : 0;
}

long pt_set(struct mm *mm, uint64_t va, uint64_t pte)
{
    uint64_t *l1 = pt_l1_table(mm, va, true);

    mm->cached_va = CACHED_NONE;
    if (!l1)
        return -ENOMEM;
    return xen_pte_write(table_mfn(l1), pt_index(va, 1), pte);
}

unsigned int pt_set_run(struct mm *mm, const uint64_t *vas, const uint64_t *ptes,
                        unsigned int n)
{
    uint64_t *l1 = n ? pt_l1_table(mm, vas[0], true) : NULL;
    mmu_update_t req[PT_RUN_MAX];
    unsigned int done = 0;

    mm->cached_va = CACHED_NONE;
    if (!l1 || n > PT_RUN_MAX)
        return 0;
    for (unsigned int i = 0; i < n; i++) {
        req[i].ptr = ((table_mfn(l1) << PAGE_SHIFT) + pt_index(vas[i], 1) * sizeof(uint64_t)) |
                     MMU_NORMAL_PT_UPDATE;
        req[i].val = ptes[i];
    }
    if (HYPERVISOR_mmu_update(req, n, &done, DOMID_SELF) == 0)
        return n;
    return MIN(done, n);
}

uint64_t pt_make_pte(void *page, bool writable)
{
    return (pfn_to_mfn(virt_to_pfn(page)) << PAGE_SHIFT) | PTE_PRESENT | PTE_USER |
           PTE_ACCESSED | (writable ? PTE_RW | PTE_DIRTY : 0);
}

void *pt_page_of(uint64_t pte)
{
    return pfn_to_virt(pte_pfn(pte));
}

long pt_new_top(struct mm *mm)
{
    const uint64_t *boot = (const uint64_t *)start_info->pt_base;
    uint64_t *k = page_alloc(), *u = page_alloc();

    if (!k || !u)
        goto fail;
    memcpy(k + L4_USER_SLOTS, boot + L4_USER_SLOTS, PAGE_SIZE / 2);
    xen_remap_kernel_page(k, false);
    xen_remap_kernel_page(u, false);
    if (xen_mmuext(MMUEXT_PIN_L4_TABLE, table_mfn(k)) ||
        xen_mmuext(MMUEXT_PIN_L4_TABLE, table_mfn(u)))
        panic("cannot pin a new top-level table");
    mm->kernel_l4 = k;
    mm->user_l4 = u;
    return 0;
fail:
    if (k)
        page_put(k);
    if (u)
        page_put(u);
    return -ENOMEM;
}

/*
 * Every table under an L3, then the L3; data pages get their reference
 * dropped.  Another domain's frames (PTE_SPECIAL) hold no page of ours.
 */
static void free_subtree(uint64_t *table, int level)
{
    unsigned int i;

    pt_for_each_present_slot(i, table) {
        if (level == 1) {
            if (!(table[i] & PTE_SPECIAL))
                page_put(pt_page_of(table[i]));
        }
        else
            free_subtree(pt_page_of(table[i]), level - 1);
    }
    pt_free_table(table);
}

/* Only once no vCPU uses either table: unpinning lets the hypervisor drop their types. */
void pt_destroy(struct mm *mm)
{
    unsigned int i;

    mm->last_l1 = NULL;
    xen_mmuext(MMUEXT_UNPIN_TABLE, table_mfn(mm->kernel_l4));
    xen_mmuext(MMUEXT_UNPIN_TABLE, table_mfn(mm->user_l4));
    for (i = 0; i < L4_USER_SLOTS; i++)
        if (mm->kernel_l4[i] & PTE_PRESENT)
            free_subtree(pt_page_of(mm->kernel_l4[i]), 3);
    pt_free_table(mm->kernel_l4);
    pt_free_table(mm->user_l4);
}

void pt_activate(uint64_t *kernel_l4, uint64_t *user_l4)
{
    struct mmuext_op ops[2] = {
        { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = table_mfn(kernel_l4) },
        { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = user_l4 ? table_mfn(user_l4) : 0 },
    };

    if (HYPERVISOR_mmuext_op(ops, 2, NULL, DOMID_SELF))
        panic("cannot switch page tables");
}

void pt_flush_tlb(void)
{
    xen_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

void pt_invlpg(uint64_t va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va };

    HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* The first address past va's table at level (its span), saturating at USER_TOP. */
static uint64_t next_span(uint64_t va, int level)
{
    uint64_t span = 1UL << (12 + 9 * level);
    uint64_t next = ALIGN_DOWN(va, span) + span;

    return next < va || next > USER_TOP ? USER_TOP : next;
}

/* The L1 for va, or NULL with *skip_to past the missing table's span. */
static uint64_t *l1_or_skip(struct mm *mm, uint64_t va, uint64_t *skip_to)
{
    uint64_t *t = mm->kernel_l4;
    int level;

    for (level = 4; level > 1; level--) {
        t = table_next(t, pt_index(va, level));
        if (!t) {
            *skip_to = next_span(va, level - 1);
            return NULL;
        }
    }
    return t;
}

/*
 * fn on every present page of [start, end), lowest first, stopping at the
 * first nonzero result.  Missing tables are skipped whole, so a huge
 * sparse range costs what is mapped in it, not its size.
 */
long pt_for_each_present(struct mm *mm, uint64_t start, uint64_t end, pt_visit_fn fn,
                         void *arg)
{
    uint64_t va = start, skip_to, stop;
    unsigned int i, last;
    long err;

    while (va < end) {
        const uint64_t *l1 = l1_or_skip(mm, va, &skip_to);
        if (!l1) {
            va = skip_to;
            continue;
        }
        /* One walk down per table, not per page; [va, stop) lies in this one. */
        stop = MIN(end, next_span(va, 1));
        last = pt_index(stop - 1, 1);
        for (i = pt_next_present(l1, pt_index(va, 1)); i <= last; i = pt_next_present(l1, i + 1))
            if ((err = fn(mm, ALIGN_DOWN(va, PT_L1_SPAN) + ((uint64_t)i << PAGE_SHIFT), l1[i],
                          arg)))
                return err;
        va = stop;
    }
    return 0;
}
