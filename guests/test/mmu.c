/*
 * guests/test/mmu.c - mmu_update and mmuext_op.
 *
 * Checked against do_mmu_update and do_mmuext_op (xen/arch/x86/mm.c):
 * MMU_NORMAL_PT_UPDATE on an L1 entry of our own tables installs a
 * validated mapping and reports the number of requests done; an unreadable
 * request list is -EFAULT.  TLB_FLUSH_LOCAL, INVLPG_LOCAL and NEW_BASEPTR
 * with the current table return 0; MARK_SUPER/UNMARK_SUPER are
 * -EOPNOTSUPP (superpages were removed); unknown commands are -ENOSYS.
 */
#include "test.h"

/* No MMUEXT_ command has this number (14 is a hole in the list). */
#define MMUEXT_UNDEFINED 14
/* Written through the remapped page and read through its own mapping. */
#define MMU_MAGIC ARCH_UL(0xfeedfacecafebeef)

static long mmu_write_pte(uint64_t pte_maddr, uint64_t val, unsigned int *done)
{
    mmu_update_t req = {
        .ptr = pte_maddr | MMU_NORMAL_PT_UPDATE,
        .val = val,
    };

    return HYPERVISOR_mmu_update(&req, 1, done, DOMID_SELF);
}

static long mmuext_one(unsigned int cmd, unsigned long arg1)
{
    mmuext_op_t op = { .cmd = cmd, .arg1.mfn = arg1 };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * Find the L1 entry of the alias page by walking our tables from pt_base,
 * point it at another of our frames, check the mapping, put it back.
 */
void test_mmu_update(void)
{
    volatile uint64_t *alias = (volatile uint64_t *)scratch_pages[SCRATCH_ALIAS];
    volatile uint64_t *target = (volatile uint64_t *)scratch_pages[SCRATCH_B];
    uint64_t pte_maddr = pv_l1e_maddr((unsigned long)alias);
    unsigned int done = 0;
    long rc;

    if (!check(pte_maddr != 0, "mmu_update.find_l1e",
               "no L1 entry found for %p", (const void *)alias))
        return;
    rc = mmu_write_pte(pte_maddr, pv_pte(pv_va_to_mfn((const void *)target), PV_PTE_RW),
                       &done);
    check(rc == 0 && done == 1, "mmu_update.normal_pt_update",
          "returned %ld, done %u", rc, done);
    /* mmu_update does not flush: drop any stale translation of the alias. */
    mmuext_one(MMUEXT_INVLPG_LOCAL, (unsigned long)alias);
    *alias = MMU_MAGIC;
    check(*target == MMU_MAGIC, "mmu_update.maps_frame",
          "wrote %#lx through the new mapping, read %#lx", MMU_MAGIC, *target);
    check_rc("mmu_update.restore",
             mmu_write_pte(pte_maddr, pv_pte(pv_va_to_mfn((const void *)alias), PV_PTE_RW),
                           NULL), 0);
    pv_restore_mapping((void *)alias);
    check_rc("mmu_update.bad_pointer",
             HYPERVISOR_mmu_update((const mmu_update_t *)BAD_PTR_UNMAPPED, 1, NULL,
                                   DOMID_SELF), -XEN_EFAULT);
}

void test_mmuext_op(void)
{
    unsigned long l4_mfn = pv_va_to_mfn((const void *)start_info->pt_base);

    check_rc("mmuext_op.tlb_flush_local", mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
    check_rc("mmuext_op.invlpg_local",
             mmuext_one(MMUEXT_INVLPG_LOCAL, (unsigned long)scratch_pages[SCRATCH_ALIAS]),
             0);
    check_rc("mmuext_op.new_baseptr_same", mmuext_one(MMUEXT_NEW_BASEPTR, l4_mfn), 0);
    check(read_cr3() == pv_expected_cr3(), "mmuext_op.new_baseptr_cr3",
          "cr3 %#lx, expected %#lx", read_cr3(), pv_expected_cr3());
    check_rc("mmuext_op.mark_super_unsupported",
             mmuext_one(MMUEXT_MARK_SUPER,
                        pv_va_to_mfn(scratch_pages[SCRATCH_A])), -XEN_EOPNOTSUPP);
    check_rc("mmuext_op.unknown_cmd", mmuext_one(MMUEXT_UNDEFINED, 0), -XEN_ENOSYS);
    check_rc("mmuext_op.bad_pointer",
             HYPERVISOR_mmuext_op((const mmuext_op_t *)BAD_PTR_UNMAPPED, 1, NULL,
                                  DOMID_SELF), -XEN_EFAULT);
}
