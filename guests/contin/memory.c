/*
 * guests/contin/memory.c - reservations over thousands of extents.
 *
 * Xen (xen/common/memory.c): increase/decrease_reservation and
 * populate_physmap check hypercall_preempt_check() before each extent
 * but the first and continue with cmd = op | (next << MEMOP_EXTENT_SHIFT),
 * so the guest sees one call returning the number of extents done: all
 * of them, or the index of the first that failed (decrease stops at a
 * frame that is not the caller's, guest_remove_page's -ENXIO).
 */
#include "contin.h"

#define CT_BALLOON      2000
#define CT_INCREASE     1600
#define CT_FOREIGN_AT   1500

static unsigned long pfns[CT_BALLOON];
static xen_pfn_t mfns[CT_BALLOON];
static xen_pfn_t list[CT_INCREASE + 1];

/* Give back CT_BALLOON spare frames; their P2M slots become invalid. */
static int ct_balloon_down(long cur0)
{
    unsigned long i;

    for (i = 0; i < CT_BALLOON; i++)
        mfns[i] = ct_frame(&pfns[i]);
    if (!check_rc("memory.decrease_2000",
                  ct_memop(XENMEM_decrease_reservation, mfns, CT_BALLOON, 0),
                  CT_BALLOON))
        return 0;
    for (i = 0; i < CT_BALLOON; i++)
        p2m_set(pfns[i], INVALID_P2M_ENTRY);
    return check_rc("memory.current_after_decrease", ct_current_reservation(),
                    cur0 - CT_BALLOON);
}

/* New frames, then back: a frame not ours in the list stops it exactly. */
static void ct_increase_and_back(long cur0)
{
    long rc;

    if (!check_rc("memory.increase_1600",
                  ct_memop(XENMEM_increase_reservation, list, CT_INCREASE, 0),
                  CT_INCREASE))
        return;
    list[CT_INCREASE] = list[CT_FOREIGN_AT];
    list[CT_FOREIGN_AT] = CT_HYPERVISOR_MFN;
    rc = ct_memop(XENMEM_decrease_reservation, list, CT_INCREASE + 1, 0);
    check_rc("memory.decrease_stops_at_foreign", rc, CT_FOREIGN_AT);
    rc = ct_memop(XENMEM_decrease_reservation, list + CT_FOREIGN_AT + 1,
                  CT_INCREASE - CT_FOREIGN_AT, 0);
    check_rc("memory.decrease_the_rest", rc, CT_INCREASE - CT_FOREIGN_AT);
    check_rc("memory.current_after_round_trip", ct_current_reservation(),
             cur0 - CT_BALLOON);
}

/* The first pfn whose new frame's M2P entry is wrong, or CT_BALLOON. */
static unsigned long ct_first_bad_m2p(void)
{
    unsigned long i, e;

    for (i = 0; i < CT_BALLOON; i++)
        if (m2p_read(mfns[i], &e) || e != pfns[i])
            break;
    return i;
}

static void ct_balloon_up(long cur0)
{
    unsigned long i, bad;

    for (i = 0; i < CT_BALLOON; i++)
        mfns[i] = pfns[i];
    if (!check_rc("memory.populate_2000",
                  ct_memop(XENMEM_populate_physmap, mfns, CT_BALLOON, 0), CT_BALLOON))
        return;
    bad = ct_first_bad_m2p();
    check(bad == CT_BALLOON, "memory.populate_sets_every_m2p",
          "M2P of the frame for pfn %#lx is wrong", bad < CT_BALLOON ? pfns[bad] : 0);
    for (i = 0; i < CT_BALLOON; i++)
        p2m_set(pfns[i], mfns[i]);
    check_rc("memory.current_restored", ct_current_reservation(), cur0);
}

void ct_memory(void)
{
    long cur0 = ct_current_reservation();

    if (!ct_balloon_down(cur0))
        return;
    ct_increase_and_back(cur0);
    ct_balloon_up(cur0);
}
