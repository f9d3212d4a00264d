/*
 * guests/mmtest/balloon.c - giving memory back and taking it again with
 * memory_op, and keeping the P2M list and the M2P consistent, as Linux's
 * balloon driver does.
 *
 * Xen (xen/common/memory.c), all for DOMID_SELF:
 *  - decrease_reservation takes machine frames (a PV guest's GMFNs) and
 *    returns how many extents it released, stopping at the first frame
 *    that is not ours (guest_remove_page: -ENXIO, not reported);
 *    current_reservation (tot_pages) drops by as many; a released frame
 *    has no owner, so mapping it is -EBUSY (get_page_from_l1e) and
 *    pinning it -EINVAL (get_page_from_gfn);
 *  - populate_physmap reads GPFNs from extent_start, writes the new MFNs
 *    back (not translated: PV) and records M2P[mfn] = gpfn itself
 *    (guest_physmap_add_page); increase_reservation returns MFNs only;
 *  - both stop when the domain would exceed max_pages (assign_pages:
 *    "over-allocation") and return the count done.
 * Xen's dom0 has no maximum unless booted with dom0_mem=max:..., so the
 * limit is only reached when maximum_reservation is close.
 */
#include "mmtest.h"

/* Frames given back and taken again; MT_POPULATE of them via populate. */
#define MT_BALLOON   8
#define MT_POPULATE  5
/* Only probe the maximum when it is at most this far above us. */
#define MT_LIMIT_PROBE_MAX 64

static long mt_reservation(unsigned int cmd)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(cmd, &self);
}

static long mt_memop(unsigned int cmd, xen_pfn_t *list, unsigned long n)
{
    struct xen_memory_reservation r = {
        .nr_extents = n, .extent_order = 0, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, list);
    return HYPERVISOR_memory_op(cmd, &r);
}

/* Linux's order: P2M first, then the M2P through the hypervisor. */
static int mt_take_back(const unsigned long *pfns, const xen_pfn_t *mfns,
                        unsigned long n)
{
    unsigned long i;
    int ok = 1;

    for (i = 0; i < n; i++) {
        p2m_set(pfns[i], mfns[i]);
        if (m2p_update(mfns[i], pfns[i]))
            ok = 0;
    }
    return ok;
}

/* Give back MT_BALLOON spare frames; their P2M slots become invalid. */
static int mt_balloon_down(unsigned long *pfns, xen_pfn_t *mfns, long cur0)
{
    unsigned long i;
    long rc;

    for (i = 0; i < MT_BALLOON; i++) {
        pfns[i] = frames_take(&mfns[i]);
        if (!pfns[i])
            return check(0, "balloon.decrease", "no spare frames");
    }
    rc = mt_memop(XENMEM_decrease_reservation, mfns, MT_BALLOON);
    if (!check_rc("balloon.decrease", rc, MT_BALLOON))
        return 0;
    for (i = 0; i < MT_BALLOON; i++)
        p2m_set(pfns[i], INVALID_P2M_ENTRY);
    check_rc("balloon.current_after_decrease",
             mt_reservation(XENMEM_current_reservation), cur0 - MT_BALLOON);
    mt_expect_map("balloon.released_frame_unmappable", MT_WIN(MT_WIN_A), mfns[0],
                  PV_PTE_RO, -XEN_EBUSY);
    check_rc("balloon.released_frame_unpinnable", pt_pin(1, mfns[1]), -XEN_EINVAL);
    check_rc("balloon.decrease_released_again",
             mt_memop(XENMEM_decrease_reservation, &mfns[0], 1), 0);
    return 1;
}

/* [ours, not ours, ours]: one released, then the frame not ours stops it. */
static void mt_balloon_stops(long cur0)
{
    xen_pfn_t list[3];
    unsigned long pfn = frames_take(&list[0]);

    list[1] = MT_HYPERVISOR_MFN;
    if (!frames_take(&list[2]) || !pfn)
        return;
    check_rc("balloon.decrease_stops_at_foreign",
             mt_memop(XENMEM_decrease_reservation, list, 3), 1);
    check_rc("balloon.current_after_stop", mt_reservation(XENMEM_current_reservation),
             cur0 - MT_BALLOON - 1);
    p2m_set(pfn, INVALID_P2M_ENTRY);
    /* Take one frame back for pfn so the counts below stay simple. */
    list[0] = pfn;
    if (check_rc("balloon.populate_one", mt_memop(XENMEM_populate_physmap, list, 1), 1))
        mt_take_back(&pfn, list, 1);
}

static void mt_balloon_up(const unsigned long *pfns, long cur0)
{
    xen_pfn_t list[MT_BALLOON];
    unsigned long i, e = 0;

    for (i = 0; i < MT_POPULATE; i++)
        list[i] = pfns[i];
    if (check_rc("balloon.populate", mt_memop(XENMEM_populate_physmap, list,
                                              MT_POPULATE), MT_POPULATE)) {
        check(m2p_read(list[0], &e) == 0 && e == pfns[0], "balloon.populate_sets_m2p",
              "M2P[%#lx] is %#lx, expected %#lx", list[0], e, pfns[0]);
        check(mt_take_back(pfns, list, MT_POPULATE), "balloon.populate_m2p_update",
              "MMU_MACHPHYS_UPDATE failed");
    }
    if (check_rc("balloon.increase", mt_memop(XENMEM_increase_reservation,
                                              list + MT_POPULATE,
                                              MT_BALLOON - MT_POPULATE),
                 MT_BALLOON - MT_POPULATE))
        check(mt_take_back(pfns + MT_POPULATE, list + MT_POPULATE,
                           MT_BALLOON - MT_POPULATE), "balloon.increase_m2p_update",
              "MMU_MACHPHYS_UPDATE failed");
    check_rc("balloon.current_restored", mt_reservation(XENMEM_current_reservation),
             cur0);
}

/* The retaken frames are ours again: they map writable and keep data. */
static void mt_balloon_usable(const unsigned long *pfns)
{
    volatile uint64_t *w = MT_WIN(MT_WIN_A);
    unsigned long mfn = pv_pfn_to_mfn(pfns[MT_BALLOON - 1]);

    if (check_rc("balloon.retaken_frame_maps", pt_map(MT_WIN(MT_WIN_A), mfn,
                                                       PV_PTE_RW), 0)) {
        *w = MT_MAGIC_A;
        check(*w == MT_MAGIC_A, "balloon.retaken_frame_holds_data", "read %#lx", *w);
    }
    pv_restore_mapping(MT_WIN(MT_WIN_A));
}

/* Up to the maximum and no further, then back to where we started. */
static void mt_balloon_limit(long cur0, long max0)
{
    static xen_pfn_t list[MT_LIMIT_PROBE_MAX + 1];
    long room = max0 - cur0, rc;

    if (room < 0 || room > MT_LIMIT_PROBE_MAX) {
        printk("# maximum_reservation %ld, current %ld: no limit within reach\n",
               max0, cur0);
        report_pass("balloon.limit");
        return;
    }
    rc = mt_memop(XENMEM_increase_reservation, list, (unsigned long)room + 1);
    check_rc("balloon.limit", rc, room);
    check_rc("balloon.at_maximum", mt_reservation(XENMEM_current_reservation), max0);
    check_rc("balloon.none_beyond", mt_memop(XENMEM_populate_physmap, list + room, 1), 0);
    if (rc > 0)
        check_rc("balloon.limit_release",
                 mt_memop(XENMEM_decrease_reservation, list, (unsigned long)rc), rc);
}

void mt_balloon(void)
{
    unsigned long pfns[MT_BALLOON];
    xen_pfn_t mfns[MT_BALLOON];
    long cur0 = mt_reservation(XENMEM_current_reservation);
    long max0 = mt_reservation(XENMEM_maximum_reservation);

    check(cur0 > 0 && max0 >= cur0, "balloon.reservations",
          "current %ld, maximum %ld", cur0, max0);
    if (!mt_balloon_down(pfns, mfns, cur0))
        return;
    mt_balloon_stops(cur0);
    mt_balloon_up(pfns, cur0);
    mt_balloon_usable(pfns);
    mt_balloon_limit(cur0, max0);
    check_rc("balloon.current_final", mt_reservation(XENMEM_current_reservation), cur0);
    mt_m2p_check_all("balloon.p2m_m2p_consistent");
}
