/*
 * guests/mmtest/m2p.c - the machine-to-phys table: readable at Xen's
 * address, consistent with the P2M list, updated by MMU_MACHPHYS_UPDATE
 * for our own frames only, and not writable directly.
 *
 * Xen: do_mmu_update's MMU_MACHPHYS_UPDATE case takes get_page_from_mfn
 * (mfn, pg_owner) and fails with -EINVAL when the frame is not the
 * caller's (or not a valid frame at all); otherwise it stores the value
 * unchecked (set_gpfn_from_mfn).  The table is mapped read-only (slot 256,
 * init_xen_l4_slots / fill_ro_mpt), so a store is a #PF for the guest.
 */
#include "mmtest.h"

/* Added to a pfn to make an M2P value that is visibly different. */
#define MT_M2P_DELTA 0x12345ul

/* Are M2P[P2M[pfn]] == pfn for every pfn we hold (skipping ballooned ones)? */
static int mt_m2p_consistent(unsigned long *bad_pfn)
{
    unsigned long pfn, e;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++) {
        unsigned long mfn = pv_pfn_to_mfn(pfn);

        if (mfn == INVALID_P2M_ENTRY)
            continue;
        if (m2p_read(mfn, &e) || e != pfn) {
            *bad_pfn = pfn;
            return 0;
        }
    }
    return 1;
}

static void mt_m2p_update(void)
{
    unsigned long pfn, mfn = 0, e = 0;

    pfn = frames_take(&mfn);
    if (!check(pfn != 0, "m2p.spare_frame", "no spare frame"))
        return;
    check_rc("m2p.update", m2p_update(mfn, pfn + MT_M2P_DELTA), 0);
    check(m2p_read(mfn, &e) == 0 && e == pfn + MT_M2P_DELTA, "m2p.update_visible",
          "M2P[%#lx] reads %#lx, expected %#lx", mfn, e, pfn + MT_M2P_DELTA);
    check_rc("m2p.update_restore", m2p_update(mfn, pfn), 0);
    check(m2p_read(mfn, &e) == 0 && e == pfn, "m2p.update_restored",
          "M2P[%#lx] reads %#lx, expected %#lx", mfn, e, pfn);
    /* get_page_from_mfn() fails for frames we do not own: -EINVAL. */
    check_rc("m2p.update_hypervisor_frame", m2p_update(MT_HYPERVISOR_MFN, 1),
             -XEN_EINVAL);
    check_rc("m2p.update_past_ram", m2p_update(mt_past_ram_mfn(), 1), -XEN_EINVAL);
}

/* A store to the read-only table must come back to us as a #PF. */
static void mt_m2p_write_faults(void)
{
    volatile unsigned long *e = m2p_entry_va(pt_boot_l4_mfn());
    unsigned long v = 0;

    /* Store the value already there, so a wrongly allowed store changes nothing. */
    m2p_read(pt_boot_l4_mfn(), &v);
    fault_reset();
    asm volatile ("1: movq %[v], (%[p])\n\t"
                  "2:\n\t"
                  EXTABLE("1b", "2b")
                  :: [v] "r" (v), [p] "r" (e) : "memory");
    check(last_fault.count == 1 && last_fault.vector == X86_EXC_PF &&
          last_fault.cr2 == (uint64_t)e &&
          (last_fault.error_code & (X86_PFEC_PRESENT | X86_PFEC_WRITE)) ==
              (X86_PFEC_PRESENT | X86_PFEC_WRITE),
          "m2p.write_faults", "%lu exception(s): vector %ld error code %#lx cr2 %#lx",
          last_fault.count, last_fault.vector, last_fault.error_code, last_fault.cr2);
}

void mt_m2p(void)
{
    unsigned long bad = 0, e = 0;

    if (!check(m2p_readable(), "m2p.readable",
               "reading %p faulted", (void *)m2p_entry_va(pt_boot_l4_mfn())))
        return;
    check(mt_m2p_consistent(&bad), "m2p.p2m_consistent",
          "M2P[P2M[%#lx] = %#lx] is %#lx", bad, pv_pfn_to_mfn(bad),
          m2p_read(pv_pfn_to_mfn(bad), &e) ? ~0ul : e);
    mt_m2p_update();
    mt_m2p_write_faults();
}

/* Used by balloon.c after giving memory back and taking it again. */
int mt_m2p_check_all(const char *name)
{
    unsigned long bad = 0, e = 0;

    return check(mt_m2p_consistent(&bad), name, "M2P[P2M[%#lx] = %#lx] is %#lx",
                 bad, pv_pfn_to_mfn(bad),
                 m2p_read(pv_pfn_to_mfn(bad), &e) ? ~0ul : e);
}
