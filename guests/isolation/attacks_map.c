/*
 * guests/isolation/attacks_map.c - mapping what is not ours, and our own
 * page tables writable.  All through update_va_mapping of one scratch
 * page (and once through mmu_update), so a wrong success is visible and
 * undone at once.
 *
 * Xen, get_page_from_l1e (xen/arch/x86/mm.c), for an unprivileged domain:
 *  - a RAM frame owned by another domain, or by no domain (the hypervisor
 *    image): real_pg_owner != pg_owner -> could_not_pin -> -EBUSY;
 *  - a frame that is not RAM (past the end of RAM, !mfn_valid) or that
 *    belongs to DOMID_IO (the first MiB, arch_init_memory):
 *    iomem_access_permitted() is false -> -EPERM;
 *  - our own page table with _PAGE_RW: get_page_type(PGT_writable_page)
 *    fails -> -EBUSY;
 *  - cache-attribute bits (PWT, PCD, and bit 7, which is PAT in an L1):
 *    l1_disallow_mask() refuses them for a domain without I/O memory,
 *    ports or devices -> -EINVAL (checked first, in mod_l1_entry).
 */
#include "isolation.h"

static void attacks_foreign(void)
{
    if (victim.found) {
        attack_map("attack.map_victim_data_ro", victim.data_mfn, PV_PTE_RO, -XEN_EBUSY);
        attack_map("attack.map_victim_data_rw", victim.data_mfn, PV_PTE_RW, -XEN_EBUSY);
        attack_map("attack.map_victim_l4_ro", victim.l4_mfn, PV_PTE_RO, -XEN_EBUSY);
    }
    attack_map("attack.map_hypervisor_frame_ro", ATTACK_HYPERVISOR_MFN, PV_PTE_RO,
               -XEN_EBUSY);
    attack_map("attack.map_hypervisor_frame_rw", ATTACK_HYPERVISOR_MFN, PV_PTE_RW,
               -XEN_EBUSY);
    attack_map("attack.map_past_ram", attack_past_ram_mfn(), PV_PTE_RO, -XEN_EPERM);
    attack_map("attack.map_low_io_frame", ATTACK_LOW_IO_MFN, PV_PTE_RW, -XEN_EPERM);
}

/* The same foreign mapping requested with mmu_update on our own L1. */
static void attacks_foreign_mmu_update(void)
{
    unsigned long va = (unsigned long)ATTACK_WIN(ATTACK_WIN_MAP);
    unsigned long l1 = pt_boot_table(va, 1);
    uint64_t before = pt_boot_l1e(va);
    unsigned int done = 1;
    long rc;

    if (!victim.found)
        return;
    rc = mmu_write_entry(l1, PT_INDEX(va, 1), pv_pte(victim.data_mfn, PV_PTE_RW), &done);
    check(rc == -XEN_EBUSY && done == 0 && pt_boot_l1e(va) == before,
          "attack.map_victim_via_mmu_update",
          "returned %ld, done %u, entry %#lx -> %#lx", rc, done, before,
          pt_boot_l1e(va));
    if (rc == 0)
        pv_restore_mapping(ATTACK_WIN(ATTACK_WIN_MAP));
}

static void attacks_own_tables(void)
{
    unsigned long l1 = pt_boot_table((unsigned long)ATTACK_WIN(ATTACK_WIN_MAP), 1);

    attack_map("attack.map_own_l4_rw", pt_boot_l4_mfn(), PV_PTE_RW, -XEN_EBUSY);
    attack_map("attack.map_own_l1_rw", l1, PV_PTE_RW, -XEN_EBUSY);
    /* Read-only is fine: the guest may read its tables (for contrast). */
    attack_map("attack.map_own_l4_ro_allowed", pt_boot_l4_mfn(), PV_PTE_RO, 0);
    pv_restore_mapping(ATTACK_WIN(ATTACK_WIN_MAP));
}

static void attacks_cache_bits(void)
{
    unsigned long mine = frames_take_mfn();

    attack_map("attack.l1_pat_bit", mine, PV_PTE_RW | PTE_PSE, -XEN_EINVAL);
    attack_map("attack.l1_pcd_bit", mine, PV_PTE_RW | PTE_PCD, -XEN_EINVAL);
}

void attacks_mapping(void)
{
    attacks_foreign();
    attacks_foreign_mmu_update();
    attack_yield();
    attacks_own_tables();
    attacks_cache_bits();
    attack_yield();
}
