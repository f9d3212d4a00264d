/*
 * guests/contin/main.c - start-up, the shared helpers and the order of
 * the check groups (see contin.h).  Ends with one verdict line.
 */
#include "contin.h"

uint8_t ct_windows[CT_WINDOWS][PAGE_SIZE] PAGE_ALIGNED_BSS;
unsigned long ct_target_mfn[CT_TARGETS];
int ct_expect_preemption;

unsigned long ct_frame(unsigned long *pfn)
{
    unsigned long mfn = 0, p = frames_take(&mfn);

    if (!p)
        test_abort("contin.spare_frames", "no spare frame left past v_end");
    if (pfn)
        *pfn = p;
    return mfn;
}

void ct_fill_frame(unsigned long mfn, const void *page)
{
    long rc = frame_write(mfn, page, CT_WIN(CT_WIN_FILL));

    if (rc)
        test_abort("contin.fill_frame", "update_va_mapping returned %ld", rc);
}

unsigned long ct_zeroed_frame(void)
{
    unsigned long mfn = ct_frame(NULL);

    ct_fill_frame(mfn, NULL);
    return mfn;
}

mmu_update_t ct_target_req(unsigned int i, int rw)
{
    uint64_t maddr = pv_l1e_maddr((unsigned long)CT_WIN(CT_WIN_TARGET));

    return (mmu_update_t){
        .ptr = maddr | MMU_NORMAL_PT_UPDATE,
        .val = pv_pte(ct_target_mfn[i % CT_TARGETS], rw ? PV_PTE_RW : PV_PTE_RO),
    };
}

int ct_target_shown(void)
{
    uint64_t word = *(volatile uint64_t *)CT_WIN(CT_WIN_TARGET);
    unsigned int i;

    for (i = 0; i < CT_TARGETS; i++)
        if (word == CT_TARGET_MAGIC(i))
            return (int)i;
    return -1;
}

int ct_probe_map(const char *name, unsigned long mfn, uint64_t flags, long expected)
{
    long rc = pt_map(CT_WIN(CT_WIN_PROBE), mfn, flags);

    if (rc == 0)
        pv_restore_mapping(CT_WIN(CT_WIN_PROBE));
    return check_rc(name, rc, expected);
}

long ct_memop(unsigned int cmd, xen_pfn_t *list, unsigned long n, unsigned int order)
{
    struct xen_memory_reservation r = {
        .nr_extents = n, .extent_order = order, .domid = DOMID_SELF,
    };

    set_xen_guest_handle(r.extent_start, list);
    return HYPERVISOR_memory_op(cmd, &r);
}

long ct_current_reservation(void)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

/* The frames CT_WIN_TARGET is pointed at: spare ones, each marked. */
static void ct_make_targets(void)
{
    static uint64_t page[PT_ENTRIES];
    unsigned int i;

    for (i = 0; i < CT_TARGETS; i++) {
        page[0] = CT_TARGET_MAGIC(i);
        ct_target_mfn[i] = ct_frame(NULL);
        ct_fill_frame(ct_target_mfn[i], page);
    }
}

static void ct_startup(void)
{
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("contin.setup", "start-up hypercalls returned %ld", rc);
    frames_init();
    ct_expect_preemption = arg_ulong("expect_preemption", 0) != 0;
    printk("contin: %lu pages, %lu spare frames, preemption %s\n",
           start_info->nr_pages, frames_left(),
           ct_expect_preemption ? "forced" : "left to the timer");
    ct_make_targets();
}

void guest_main(void)
{
    printk("minixen continuation test guest starting\n");
    ct_startup();
    if (arg_ulong("die", 0))
        ct_tree_die();              /* does not return */
    ct_mmu_batches();
    ct_mmuext_batches();
    ct_multicall();
    ct_memory();
    ct_tree();
    ct_trap_table();
    ct_console();
    ct_evtchn_reset();
    test_finish();
}
