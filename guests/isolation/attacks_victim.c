/*
 * guests/isolation/attacks_victim.c - going for the victim's frames
 * directly: its page-table entries, its types and pins, its M2P entries,
 * its memory reservation, and the "foreign domain" arguments.
 *
 * Xen (xen/arch/x86/mm.c unless said otherwise):
 *  - mmu_update on an entry of the victim's table: do_mmu_update looks
 *    the table frame up with get_page_from_gfn(pt_owner = us) -> not ours
 *    -> -EINVAL;
 *  - MMU_MACHPHYS_UPDATE of a victim frame: get_page_from_mfn(mfn,
 *    pg_owner = us) fails -> -EINVAL; a plain store into the read-only
 *    M2P is a #PF bounced to our handler (write, present);
 *  - PIN_Ln / UNPIN / CLEAR_PAGE / COPY_PAGE on a victim frame:
 *    get_page_from_gfn fails -> -EINVAL; NEW_BASEPTR and NEW_USER_BASEPTR:
 *    get_page_and_type_from_mfn -> get_page_from_mfn fails -> -EINVAL;
 *  - naming the victim as the foreign domain: update_va_mapping_otherdomain
 *    (xsm_update_va_mapping), mmu_update (xsm_mmu_update) and mmuext_op
 *    (xsm_mmuext_op) are XSM_TARGET checks, -EPERM for a domain that
 *    neither is the target nor controls it (xen/include/xsm/dummy.h);
 *  - memory_op decrease_reservation / populate_physmap for the victim's
 *    domid: xsm_memory_adjust_reservation fails and do_memory_op returns
 *    the start extent, 0 (xen/common/memory.c); decreasing the victim's
 *    frame as our own: guest_remove_page's get_page fails, 0 done.
 */
#include "isolation.h"

static long attack_ext(unsigned int cmd, unsigned long arg1, unsigned long arg2,
                       domid_t foreigndom)
{
    mmuext_op_t op = { .cmd = cmd, .arg1.mfn = arg1, .arg2.src_mfn = arg2 };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, foreigndom);
}

static long attack_memop(unsigned int cmd, xen_pfn_t frame, domid_t domid)
{
    struct xen_memory_reservation r = {
        .nr_extents = 1, .extent_order = 0, .domid = domid,
    };

    set_xen_guest_handle(r.extent_start, &frame);
    return HYPERVISOR_memory_op(cmd, &r);
}

static void attacks_victim_m2p(void)
{
    volatile unsigned long *e = m2p_entry_va(victim.l4_mfn);
    unsigned long before = 0, after = 0;

    m2p_read(victim.l4_mfn, &before);
    fault_reset();
    asm volatile ("1: movq %[v], (%[p])\n\t"
                  "2:\n\t"
                  EXTABLE("1b", "2b")
                  :: [v] "r" (ATTACK_SCRIBBLE), [p] "r" (e) : "memory");
    m2p_read(victim.l4_mfn, &after);
    check(last_fault.count == 1 && last_fault.vector == X86_EXC_PF &&
          last_fault.cr2 == (uint64_t)e &&
          (last_fault.error_code & (X86_PFEC_PRESENT | X86_PFEC_WRITE)) ==
              (X86_PFEC_PRESENT | X86_PFEC_WRITE) && after == before,
          "attack.write_m2p_faults", "%lu exception(s): vector %ld error code %#lx "
          "cr2 %#lx; entry %#lx -> %#lx", last_fault.count, last_fault.vector,
          last_fault.error_code, last_fault.cr2, before, after);
    check_rc("attack.m2p_update_victim_frame", m2p_update(victim.l4_mfn, 0),
             -XEN_EINVAL);
}

static void attacks_victim_tables(void)
{
    unsigned long l4 = victim.l4_mfn, data = victim.data_mfn;

    check_rc("attack.victim_pte_clear", mmu_write_entry(l4, 0, 0, NULL), -XEN_EINVAL);
    check_rc("attack.victim_pte_map",
             mmu_write_entry(l4, 1, pv_pte(frames_take_mfn(), PV_PDE_FLAGS), NULL),
             -XEN_EINVAL);
    check_rc("attack.victim_pin_l1", pt_pin(1, data), -XEN_EINVAL);
    check_rc("attack.victim_pin_l4", pt_pin(4, l4), -XEN_EINVAL);
    check_rc("attack.victim_unpin", pt_unpin(l4), -XEN_EINVAL);
    check_rc("attack.victim_new_baseptr", pt_switch(l4), -XEN_EINVAL);
    check_rc("attack.victim_new_user_baseptr",
             mmuext_cmd(MMUEXT_NEW_USER_BASEPTR, l4), -XEN_EINVAL);
    check_rc("attack.victim_clear_page", mmuext_cmd(MMUEXT_CLEAR_PAGE, data),
             -XEN_EINVAL);
    check_rc("attack.victim_copy_page",
             attack_ext(MMUEXT_COPY_PAGE, frames_take_mfn(), data, DOMID_SELF),
             -XEN_EINVAL);
    check_rc("attack.victim_copy_into",
             attack_ext(MMUEXT_COPY_PAGE, data, pv_va_to_mfn(isolation_pattern),
                        DOMID_SELF), -XEN_EINVAL);
}

static void attacks_victim_foreigndom(void)
{
    unsigned long va = (unsigned long)ATTACK_WIN(ATTACK_WIN_MAP);
    mmu_update_t req = {
        .ptr = pt_entry_maddr(pt_boot_table(va, 1), PT_INDEX(va, 1)),
        .val = pv_pte(victim.data_mfn, PV_PTE_RW),
    };
    long rc;

    rc = HYPERVISOR_update_va_mapping_otherdomain(va, pv_pte(victim.data_mfn, PV_PTE_RW),
                                                  UVMF_INVLPG, victim.domid);
    check_rc("attack.update_va_mapping_otherdomain", rc, -XEN_EPERM);
    rc = HYPERVISOR_mmu_update(&req, 1, NULL, victim.domid);
    check_rc("attack.mmu_update_foreigndom", rc, -XEN_EPERM);
    check_rc("attack.mmuext_foreigndom",
             attack_ext(MMUEXT_PIN_L1_TABLE, victim.data_mfn, 0, victim.domid),
             -XEN_EPERM);
    pv_restore_mapping(ATTACK_WIN(ATTACK_WIN_MAP));
}

static void attacks_victim_memory(void)
{
    check_rc("attack.decrease_victim_reservation",
             attack_memop(XENMEM_decrease_reservation, victim.data_mfn, victim.domid), 0);
    check_rc("attack.decrease_victim_frame_as_own",
             attack_memop(XENMEM_decrease_reservation, victim.data_mfn, DOMID_SELF), 0);
    check_rc("attack.populate_victim",
             attack_memop(XENMEM_populate_physmap, 0, victim.domid), 0);
}

void attacks_victim(void)
{
    attacks_victim_m2p();
    attacks_victim_tables();
    attack_yield();
    attacks_victim_foreigndom();
    attacks_victim_memory();
    attack_yield();
}
