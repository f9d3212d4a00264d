/*
 * dom0/mm/foreign.c - other domains' frames in a process's address space,
 * for privcmd's mapping ioctls (Linux's xen_remap_domain_gfn_array).
 *
 * Each page's L1 entry is written by mmu_update with the target as the
 * foreign domain, so the hypervisor checks that the frame is that
 * domain's and takes its own reference for as long as the entry stays.
 * The entries carry PTE_SPECIAL: the frame is no page of ours, so the
 * rest of the memory code never counts, copies or frees it, and clearing
 * the entry (munmap, exit, exec) is all it takes to drop the mapping.
 */
#include <kernel/kernel.h>
#include <kernel/vm.h>
#include <linux/errno.h>
#include <linux/mman.h>
#include "../arch/xen.h"
#include "pagetable.h"

/* Requests per hypercall, as Linux's REMAP_BATCH_SIZE. */
#define FOREIGN_BATCH       16

static uint64_t foreign_pte(uint64_t mfn, bool writable)
{
    return (mfn << PAGE_SHIFT) | PTE_PRESENT | PTE_USER | PTE_ACCESSED | PTE_SPECIAL |
           (writable ? PTE_RW | PTE_DIRTY : 0);
}

/* The requests for pages first .. first + count - 1: 0 or -ENOMEM (no table). */
static long build_batch(struct mm *mm, const struct vma *v, uint64_t va, const uint64_t *frames,
                        uint64_t first, unsigned int count, bool array, mmu_update_t *req)
{
    for (unsigned int k = 0; k < count; k++) {
        uint64_t maddr, mfn = array ? frames[first + k] : frames[0] + first + k;
        if (pt_entry_maddr(mm, va + (first + k) * PAGE_SIZE, &maddr))
            return -ENOMEM;
        req[k].ptr = maddr | MMU_NORMAL_PT_UPDATE;
        req[k].val = foreign_pte(mfn, v->prot & PROT_WRITE);
    }
    return 0;
}

/*
 * One batch.  The hypervisor stops at a refused request and says how many
 * it did before: with err, that frame's errno is recorded and the rest is
 * tried; without, the error ends the call.  The frames mapped, or -errno.
 */
static long issue_batch(const mmu_update_t *req, unsigned int count, uint16_t dom, int *err)
{
    unsigned int index = 0, mapped = 0;

    while (index < count) {
        unsigned int done = 0, i;
        long rc = HYPERVISOR_mmu_update(req + index, count - index, &done, dom);

        done = MIN(done, count - index);
        for (i = index; err && i < index + done; i++)
            err[i] = 0;
        mapped += done;
        index += done;
        if (rc == 0)
            continue;
        if (!err)
            return rc;
        if (index < count)
            err[index++] = (int)rc;       /* the refused frame: skipped */
    }
    return mapped;
}

long foreign_map(struct mm *mm, const struct vma *v, uint64_t va, const uint64_t *frames,
                 uint64_t n, uint16_t dom, int *err)
{
    mmu_update_t req[FOREIGN_BATCH];
    uint64_t first;
    long mapped = 0, rc = 0;

    for (first = 0; first < n; first += FOREIGN_BATCH) {
        unsigned int count = (unsigned int)MIN(n - first, (uint64_t)FOREIGN_BATCH);
        rc = build_batch(mm, v, va, frames, first, count, err != NULL, req);
        if (rc == 0)
            rc = issue_batch(req, count, dom, err ? err + first : NULL);
        if (rc < 0)
            break;
        mapped += rc;
    }
    mm->cached_va = CACHED_NONE;
    return rc < 0 ? rc : mapped;
}

static long found_page(struct mm *mm, uint64_t va, uint64_t pte, void *arg)
{
    (void)mm, (void)va, (void)pte, (void)arg;
    return 1;
}

bool mm_range_has_pages(struct mm *mm, uint64_t start, uint64_t end)
{
    return pt_for_each_present(mm, start, end, found_page, NULL) != 0;
}
