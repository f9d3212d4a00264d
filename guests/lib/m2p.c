/*
 * guests/lib/m2p.c - reading and updating the machine-to-phys table, and
 * finding other domains' frames through it (m2p.h).
 */
#include <stddef.h>
#include "m2p.h"
#include "pt.h"
#include "traps.h"

/* How far from our own frames the foreign-frame search looks, each way. */
#define M2P_SEARCH_SPAN 0x40000ul

volatile unsigned long *m2p_entry_va(unsigned long mfn)
{
    return (volatile unsigned long *)MACH2PHYS_VIRT_START + mfn;
}

/* A faulting load resumes at label 2 with *faulted set (see traps.h). */
int m2p_read(unsigned long mfn, unsigned long *pfn)
{
    unsigned long v = 0;
    int faulted = 0;

    asm volatile ("1: mov (%[p]), %[v]\n\t"
                  "jmp 3f\n"
                  "2: movl $1, %[f]\n"
                  "3:\n\t"
                  EXTABLE("1b", "2b")
                  : [v] "+r" (v), [f] "+r" (faulted)
                  : [p] "r" (m2p_entry_va(mfn))
                  : "memory");
    if (faulted)
        return -1;
    *pfn = v;
    return 0;
}

int m2p_readable(void)
{
    unsigned long pfn;

    return m2p_read(pt_boot_l4_mfn(), &pfn) == 0;
}

long m2p_update(unsigned long mfn, unsigned long pfn)
{
    mmu_update_t req = {
        .ptr = ((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
        .val = pfn,
    };

    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

void p2m_set(unsigned long pfn, unsigned long mfn)
{
    ((xen_pfn_t *)start_info->mfn_list)[pfn] = mfn;
}

void pv_mfn_bounds(unsigned long *lowest, unsigned long *highest)
{
    unsigned long pfn, lo = ~0ul, hi = 0;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++) {
        unsigned long mfn = pv_pfn_to_mfn(pfn);

        if (mfn == INVALID_P2M_ENTRY)
            continue;
        if (mfn < lo)
            lo = mfn;
        if (mfn > hi)
            hi = mfn;
    }
    *lowest = lo;
    *highest = hi;
}

static int m2p_owned_by_someone(unsigned long mfn)
{
    unsigned long e;

    return m2p_read(mfn, &e) == 0 && m2p_entry_valid(e);
}

/*
 * Walk outward from our own range, one frame below then one above, so
 * the nearest neighbours (the domains built just before and after us)
 * come first.  Frames outside [lowest, highest] cannot be ours.
 */
unsigned int m2p_foreign_frames(unsigned long *out, unsigned int max)
{
    long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned long lo, hi, d;
    unsigned int n = 0;

    if (!m2p_readable() || top <= 0)
        return 0;
    pv_mfn_bounds(&lo, &hi);
    for (d = 1; d <= M2P_SEARCH_SPAN && n < max; d++) {
        if (d <= lo && m2p_owned_by_someone(lo - d))
            out[n++] = lo - d;
        if (n < max && hi + d < (unsigned long)top && m2p_owned_by_someone(hi + d))
            out[n++] = hi + d;
        if (d > lo && hi + d >= (unsigned long)top)
            break;
    }
    return n;
}

/* Is mfn one of ours?  Only frames inside our bounds need the P2M search. */
static int m2p_is_ours(unsigned long mfn, unsigned long lo, unsigned long hi)
{
    return mfn >= lo && mfn <= hi && pv_mfn_to_pfn(mfn) >= 0;
}

static int m2p_is_foreign_pfn(unsigned long mfn, unsigned long pfn,
                              unsigned long lo, unsigned long hi)
{
    unsigned long e;

    return m2p_read(mfn, &e) == 0 && e == pfn && !m2p_is_ours(mfn, lo, hi);
}

unsigned int m2p_find_foreign_all(unsigned long center, unsigned long pfn,
                                  unsigned long *out, unsigned int max)
{
    long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned long lo, hi, d;
    unsigned int n = 0;

    if (!m2p_readable() || top <= 0)
        return 0;
    pv_mfn_bounds(&lo, &hi);
    for (d = 0; d <= M2P_SEARCH_SPAN && n < max; d++) {
        if (d <= center && m2p_is_foreign_pfn(center - d, pfn, lo, hi))
            out[n++] = center - d;
        if (n < max && d && center + d < (unsigned long)top &&
            m2p_is_foreign_pfn(center + d, pfn, lo, hi))
            out[n++] = center + d;
    }
    return n;
}

unsigned long m2p_find_foreign(unsigned long center, unsigned long pfn)
{
    unsigned long mfn = 0;

    return m2p_find_foreign_all(center, pfn, &mfn, 1) ? mfn : 0;
}
