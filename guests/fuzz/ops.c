/*
 * guests/fuzz/ops.c - one random hypercall per call of fuzz_one(): an
 * update_va_mapping, an mmu_update batch or an mmuext_op batch, built
 * from pick.c's inputs within the limits fuzz.h describes.  Results are
 * only counted: any error is acceptable, crashing is not.
 */
#include "fuzz.h"

/* Addresses no hypercall can read, for the pointer arguments. */
#define FUZZ_BAD_POINTER ARCH_UL(0x00000dead0000000)
/* mmuext_op numbers past the defined ones, and a hole in the list (14). */
#define FUZZ_EXT_CMD_HOLE 14
#define FUZZ_EXT_CMD_SPAN 40
/* Values written into our frames' M2P entries: pfn-sized numbers. */
#define FUZZ_M2P_VALUES (ARCH_UL(1) << 20)
/* SET_LDT entry counts around Xen's limit of 8192. */
#define FUZZ_LDT_ENTS_SPAN 9000
/* The domain ids tried as "foreign domain": ourselves is DOMID_SELF. */
static const domid_t fuzz_domids[] = {
    DOMID_SELF, DOMID_IO, DOMID_XEN, DOMID_INVALID, 0x1234,
};

static unsigned long fuzz_vcpu_mask = 1;

static void fuzz_count(enum fuzz_kind k, unsigned int requests, long rc)
{
    fz.calls[k]++;
    fz.requests[k] += requests;
    if (rc == 0)
        fz.ok[k]++;
}

static unsigned long fuzz_uvm_flags(void)
{
    unsigned long f = fuzz_below(UVMF_FLUSHTYPE_MASK + 1);

    if (fuzz_percent(20))
        f |= UVMF_ALL;
    else if (fuzz_percent(10))
        f |= fuzz_percent(80) ? (unsigned long)&fuzz_vcpu_mask : FUZZ_BAD_POINTER;
    return f;
}

static unsigned int fuzz_uvm(void)
{
    unsigned long va = fuzz_percent(95) ? fuzz_window() : fuzz_linear_addr();
    long rc;

    /* A random address inside our own region could be our code: use a window. */
    if (pv_region_contains(va) &&
        (va < (unsigned long)fuzz_windows[0] ||
         va >= (unsigned long)fuzz_windows[FUZZ_WINDOWS]))
        va = fuzz_window();
    rc = HYPERVISOR_update_va_mapping(va, fuzz_pte(), fuzz_uvm_flags());
    fuzz_count(FUZZ_UVM, 1, rc);
    return 1;
}

/* An entry we may change: a set-aside frame (not slot 0) or a window's L1 entry. */
static uint64_t fuzz_mmu_ptr(unsigned int *cmd)
{
    uint64_t r = fuzz_below(100);
    unsigned long w;

    if (*cmd == MMU_MACHPHYS_UPDATE)
        return (uint64_t)(fuzz_percent(80) ? fuzz_own_frame() : fuzz_other_frame())
               << PAGE_SHIFT;
    if (r < 60)
        return pt_entry_maddr(fuzz_own_frame(), 1 + fuzz_below(PT_ENTRIES - 1));
    if (r < 85) {
        w = fuzz_window();
        return pt_entry_maddr(pt_boot_table(w, 1), PT_INDEX(w, 1));
    }
    if (r < 95)
        return pt_entry_maddr(fz.scribble[fuzz_below(FUZZ_SCRIBBLE)],
                              fuzz_below(PT_ENTRIES));
    /* Someone else's frame: must be refused. */
    *cmd = MMU_NORMAL_PT_UPDATE;
    return pt_entry_maddr(fuzz_other_frame(), fuzz_below(PT_ENTRIES));
}

/* MACHPHYS only ever names our set-aside frames or frames not ours at all. */
static unsigned int fuzz_mmu_cmd(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 70)
        return MMU_NORMAL_PT_UPDATE;
    if (r < 80)
        return MMU_PT_UPDATE_PRESERVE_AD;
    if (r < 90)
        return MMU_PT_UPDATE_NO_TRANSLATE;
    return MMU_MACHPHYS_UPDATE;
}

static unsigned int fuzz_mmu(void)
{
    mmu_update_t req[FUZZ_BATCH_MAX];
    unsigned int i, n = 1 + (unsigned int)fuzz_below(FUZZ_BATCH_MAX), done = 0;
    long rc;

    for (i = 0; i < n; i++) {
        unsigned int cmd = fuzz_mmu_cmd();
        uint64_t ptr = fuzz_mmu_ptr(&cmd);

        req[i].ptr = ptr | cmd;
        req[i].val = cmd == MMU_MACHPHYS_UPDATE ? fuzz_below(FUZZ_M2P_VALUES)
                                                : fuzz_pte();
    }
    if (fuzz_percent(2))
        rc = HYPERVISOR_mmu_update((const mmu_update_t *)FUZZ_BAD_POINTER, n, &done,
                                   DOMID_SELF);
    else
        rc = HYPERVISOR_mmu_update(req, n, &done,
                                   fuzz_percent(95) ? DOMID_SELF :
                                   fuzz_domids[fuzz_below(ARRAY_SIZE(fuzz_domids))]);
    fuzz_count(FUZZ_MMU, n, rc);
    return n;
}

/* PIN_L1..L4 and UNPIN: any frame may be pinned, only ours unpinned. */
static void fuzz_ext_pin(mmuext_op_t *op)
{
    if (fuzz_percent(70)) {
        op->cmd = MMUEXT_PIN_L1_TABLE + (unsigned int)fuzz_below(PT_LEVELS);
        op->arg1.mfn = fuzz_frame();
    } else {
        op->cmd = MMUEXT_UNPIN_TABLE;
        op->arg1.mfn = fuzz_percent(80) ? fuzz_own_frame() : fuzz_other_frame();
    }
}

static void fuzz_ext_flush(mmuext_op_t *op)
{
    static const unsigned int cmds[] = {
        MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_LOCAL, MMUEXT_TLB_FLUSH_ALL,
        MMUEXT_INVLPG_ALL, MMUEXT_TLB_FLUSH_MULTI, MMUEXT_INVLPG_MULTI,
        MMUEXT_FLUSH_CACHE, MMUEXT_FLUSH_CACHE_GLOBAL,
    };

    op->cmd = cmds[fuzz_below(ARRAY_SIZE(cmds))];
    op->arg1.linear_addr = fuzz_linear_addr();
    set_xen_guest_handle(op->arg2.vcpumask, fuzz_percent(80) ?
                         (const void *)&fuzz_vcpu_mask : (const void *)FUZZ_BAD_POINTER);
}

static void fuzz_ext_page(mmuext_op_t *op)
{
    op->arg1.mfn = fuzz_writable_target();
    if (fuzz_percent(50)) {
        op->cmd = MMUEXT_CLEAR_PAGE;
    } else {
        op->cmd = MMUEXT_COPY_PAGE;
        op->arg2.src_mfn = fuzz_frame();
    }
}

/* Base pointers, the LDT, superpages and commands that do not exist. */
static void fuzz_ext_other(mmuext_op_t *op)
{
    uint64_t r = fuzz_below(100);

    if (r < 45) {
        op->cmd = MMUEXT_NEW_BASEPTR;
        op->arg1.mfn = fuzz_baseptr();
    } else if (r < 60) {
        op->cmd = MMUEXT_NEW_USER_BASEPTR;
        op->arg1.mfn = fuzz_percent(20) ? 0 : fuzz_frame();
    } else if (r < 70) {
        op->cmd = MMUEXT_SET_LDT;
        op->arg1.linear_addr = fuzz_linear_addr() + fuzz_below(2) * sizeof(uint64_t);
        op->arg2.nr_ents = (uint32_t)fuzz_below(FUZZ_LDT_ENTS_SPAN);
    } else if (r < 80) {
        op->cmd = fuzz_percent(50) ? MMUEXT_MARK_SUPER : MMUEXT_UNMARK_SUPER;
        op->arg1.mfn = fuzz_frame();
    } else {
        op->cmd = fuzz_percent(30) ? FUZZ_EXT_CMD_HOLE :
                  MMUEXT_UNMARK_SUPER + 1 + (unsigned int)fuzz_below(FUZZ_EXT_CMD_SPAN);
        op->arg1.mfn = fuzz_frame();
    }
}

static void fuzz_ext_fill(mmuext_op_t *op)
{
    uint64_t r = fuzz_below(100);

    *op = (mmuext_op_t){ 0 };
    if (r < 45)
        fuzz_ext_pin(op);
    else if (r < 65)
        fuzz_ext_flush(op);
    else if (r < 75)
        fuzz_ext_page(op);
    else
        fuzz_ext_other(op);
}

static unsigned int fuzz_ext(void)
{
    mmuext_op_t ops[FUZZ_BATCH_MAX];
    unsigned int i, n = 1 + (unsigned int)fuzz_below(FUZZ_BATCH_MAX - 1), done = 0;
    long rc;

    for (i = 0; i < n; i++)
        fuzz_ext_fill(&ops[i]);
    rc = HYPERVISOR_mmuext_op(ops, n, &done,
                              fuzz_percent(95) ? DOMID_SELF :
                              fuzz_domids[fuzz_below(ARRAY_SIZE(fuzz_domids))]);
    fuzz_count(FUZZ_EXT, n, rc);
    return n;
}

unsigned int fuzz_one(void)
{
    uint64_t r = fuzz_below(100);

    if (r < 30)
        return fuzz_uvm();
    if (r < 65)
        return fuzz_mmu();
    return fuzz_ext();
}
