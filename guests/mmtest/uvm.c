/*
 * guests/mmtest/uvm.c - update_va_mapping and its flush flags.
 *
 * Each check first reads the window (so its old translation is cached in
 * the TLB), then remaps it onto the other frame and reads again: without
 * the flush the flag asks for, the stale translation would still show
 * the old frame.  Xen: __do_update_va_mapping writes the L1 entry with
 * mod_l1_entry, then flushes per UVMF_FLUSHTYPE_MASK (UVMF_TLB_FLUSH:
 * whole TLB; UVMF_INVLPG: this va) for this vCPU (UVMF_LOCAL), every
 * vCPU (UVMF_ALL) or the vCPUs in a bitmap whose address is ORed into the
 * flags (UVMF_MULTI); UVMF_NONE flushes nothing and the guest flushes
 * itself (MMUEXT_INVLPG_LOCAL).  All return 0.
 *
 * The global bit (adjust_guest_l1e, xen/arch/x86/pv/mm.h): L1 entries may
 * carry it (L1_DISALLOW_MASK lets it through, unlike L2-L4); a kernel
 * mapping (written without _PAGE_USER) keeps whatever the guest asked for,
 * a user mapping (written with _PAGE_USER) is made global by Xen.
 */
#include "mmtest.h"

/* vCPU bitmap for UVMF_MULTI: just vCPU 0 (8-byte aligned, low bits free). */
static unsigned long mt_vcpu_mask = 1;

static uint64_t mt_window_read(void)
{
    return *(volatile uint64_t *)MT_WIN(MT_WIN_A);
}

/* Remap window A onto mfn with flags and check what it then shows. */
static void mt_remap_check(const char *name, unsigned long mfn, uint64_t marker,
                           unsigned long flags)
{
    long rc;

    (void)mt_window_read();
    rc = HYPERVISOR_update_va_mapping((unsigned long)MT_WIN(MT_WIN_A),
                                      pv_pte(mfn, PV_PTE_RO), flags);
    if (flags == UVMF_NONE && rc == 0)
        rc = mmuext_cmd(MMUEXT_INVLPG_LOCAL, (unsigned long)MT_WIN(MT_WIN_A));
    check(rc == 0 && mt_window_read() == marker, name, "returned %ld, read %#lx "
          "after the remap, expected %#lx (stale translation?)", rc,
          mt_window_read(), marker);
}

/* Map window A with flags; 0 and the entry as the hypervisor stored it. */
static long mt_map_flags(unsigned long mfn, uint64_t flags, uint64_t *entry)
{
    long rc = pt_map(MT_WIN(MT_WIN_A), mfn, flags);

    *entry = pt_boot_l1e((unsigned long)MT_WIN(MT_WIN_A));
    return rc;
}

static void mt_global_bit(unsigned long mfn)
{
    uint64_t e = 0;
    long rc;

    rc = mt_map_flags(mfn, PV_PTE_RO | PTE_G, &e);
    check(rc == 0 && (e & PTE_G), "uvm.kernel_global_accepted",
          "returned %ld, entry %#lx", rc, e);
    rc = mt_map_flags(mfn, PV_PTE_RO | PTE_US, &e);
    check(rc == 0 && (e & PTE_G), "uvm.user_mapping_made_global",
          "returned %ld, entry %#lx", rc, e);
    pv_restore_mapping(MT_WIN(MT_WIN_A));
}

void mt_va_mapping(void)
{
    unsigned long a = mt_marked_frame(MT_MAGIC_A);
    unsigned long b = mt_marked_frame(MT_MAGIC_B);

    if (!check_rc("uvm.map", pt_map(MT_WIN(MT_WIN_A), a, PV_PTE_RO), 0))
        return;
    check(mt_window_read() == MT_MAGIC_A, "uvm.map_reads",
          "read %#lx, expected %#lx", mt_window_read(), MT_MAGIC_A);
    mt_remap_check("uvm.invlpg", b, MT_MAGIC_B, UVMF_INVLPG);
    mt_remap_check("uvm.tlb_flush", a, MT_MAGIC_A, UVMF_TLB_FLUSH);
    mt_remap_check("uvm.none_then_invlpg", b, MT_MAGIC_B, UVMF_NONE);
    mt_remap_check("uvm.invlpg_all", a, MT_MAGIC_A, UVMF_INVLPG | UVMF_ALL);
    mt_remap_check("uvm.tlb_flush_all", b, MT_MAGIC_B, UVMF_TLB_FLUSH | UVMF_ALL);
    mt_remap_check("uvm.invlpg_multi", a, MT_MAGIC_A,
                   UVMF_INVLPG | UVMF_MULTI | (unsigned long)&mt_vcpu_mask);
    check_rc("uvm.unmap", pt_unmap(MT_WIN(MT_WIN_A)), 0);
    check_rc("uvm.restore", pv_restore_mapping(MT_WIN(MT_WIN_A)), 0);
    mt_global_bit(a);
}
