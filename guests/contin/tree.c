/*
 * guests/contin/tree.c - validating a page-table tree big enough to be
 * preempted: an L4 over an L3 over 2 L2s over 1024 L1s, each L1 full of
 * read-only mappings of one data frame (half a million entries).
 *
 * Xen (xen/arch/x86/mm.c, preemptible get_page_type with PGT_partial):
 * validation stops part-way with -ERESTART and the hypercall continues,
 * so pinning the tree, or writing an L4 entry that points at its L3 with
 * mmu_update, returns 0 as if done in one go.  A table left partially
 * validated is a table in use: it cannot be mapped writable or updated,
 * and it is not pinned; asking for it again resumes the validation.
 *
 * To see a partial table, the guest has an event upcall delivered while
 * the pin is preempted: a multicall of [SCHEDOP_block, the pin], run with
 * events masked and an upcall pending.  The block unmasks events inside
 * the hypercall (and returns at once, an event being pending), so the
 * first return to the guest after that, the preempted pin's, delivers the
 * upcall, at the multicall's `syscall`.  There the guest changes its
 * mind: it turns the pin into a TLB flush (the call then completes with
 * the table left partial), or, with die=1, powers off (the domain dies
 * with partial tables, which the hypervisor must free cleanly).
 */
#include "contin.h"

#define CT_TREE_L2S     2
#define CT_TREE_L1S     (CT_TREE_L2S * PT_ENTRIES)
/* Offset of `syscall` in a hypercall-page stub (push, push, mov). */
#define CT_STUB_SYSCALL 8
/* An L1 of the tree that the checks probe. */
#define CT_PROBE_L1     1000
/* Frames of the tree: the L4, the L3, the L2s and the L1s. */
#define CT_TREE_FRAMES  (2 + CT_TREE_L2S + CT_TREE_L1S)

struct ct_tree {
    unsigned long l4, l3, l2[CT_TREE_L2S], l1[CT_TREE_L1S];
    unsigned long pfn[CT_TREE_FRAMES];      /* every frame above, by pfn */
    unsigned long data;
};

static struct ct_tree tree;
static uint64_t page[PT_ENTRIES];

/* A zeroed spare frame for the tree, its pfn remembered. */
static unsigned long ct_tree_frame(unsigned int *n)
{
    unsigned long mfn = ct_frame(&tree.pfn[*n]);

    (*n)++;
    return mfn;
}

/* Each table written through the fill window, so none stays mapped. */
static void ct_tree_build(void)
{
    unsigned int i, n = 0;

    tree.data = ct_zeroed_frame();
    tree.l4 = ct_tree_frame(&n);
    tree.l3 = ct_tree_frame(&n);
    for (i = 0; i < CT_TREE_L2S; i++)
        tree.l2[i] = ct_tree_frame(&n);
    for (i = 0; i < CT_TREE_L1S; i++)
        tree.l1[i] = ct_tree_frame(&n);
    for (i = 0; i < PT_ENTRIES; i++)
        page[i] = pv_pte(tree.data, PV_PTE_RO);
    for (i = 0; i < CT_TREE_L1S; i++)
        ct_fill_frame(tree.l1[i], page);
    for (i = 0; i < CT_TREE_L2S; i++) {
        unsigned int j;
        for (j = 0; j < PT_ENTRIES; j++)
            page[j] = pv_pte(tree.l1[i * PT_ENTRIES + j], PV_PDE_FLAGS);
        ct_fill_frame(tree.l2[i], page);
    }
    memset(page, 0, sizeof(page));
    for (i = 0; i < CT_TREE_L2S; i++)
        page[i] = pv_pte(tree.l2[i], PV_PDE_FLAGS);
    ct_fill_frame(tree.l3, page);
    memset(page, 0, sizeof(page));
    page[0] = pv_pte(tree.l3, PV_PDE_FLAGS);
    ct_fill_frame(tree.l4, page);
}

/* ---- The upcall in the middle of the pin ---- */

static multicall_entry_t hook_mc[2];
static mmuext_op_t hook_op;
static unsigned int hook_done;
static void (*hook_action)(void);
static volatile int hook_fired;     /* the action ran at the multicall's syscall */

static unsigned long ct_multicall_syscall(void)
{
    return (unsigned long)hypercall_page +
           __HYPERVISOR_multicall * XEN_HYPERCALL_PAGE_SLOT_SIZE + CT_STUB_SYSCALL;
}

static void ct_hook_mc_fill(void)
{
    hook_mc[0] = (multicall_entry_t){ .op = __HYPERVISOR_sched_op,
                                      .args = { SCHEDOP_block } };
    hook_mc[1] = (multicall_entry_t){ .op = __HYPERVISOR_mmuext_op, .args = {
        (unsigned long)&hook_op, 1, (unsigned long)&hook_done, DOMID_SELF } };
}

/*
 * The multicall may have been preempted after the block, before the pin
 * began (its entry then still has its own count): run both again, events
 * masked until the block, the upcall still pending.  With
 * hypercall_preempt_every=1 that happens every time, so after a few
 * tries the pin is let run, and the check reports that no upcall came.
 */
#define CT_HOOK_RETRIES 16

static void ct_hook_retry(struct trap_frame *f)
{
    static unsigned int tries;

    if (++tries > CT_HOOK_RETRIES)
        return;
    ct_hook_mc_fill();
    f->rdi = (unsigned long)hook_mc;
    f->rsi = ARRAY_SIZE(hook_mc);
    f->rflags &= ~X86_EFLAGS_IF;
    shared_info->vcpu_info[0].evtchn_upcall_pending = 1;
}

static void ct_hook(struct trap_frame *f)
{
    if (f->rip != ct_multicall_syscall())
        return;
    if (!(hook_mc[1].args[1] & CT_MMU_UPDATE_PREEMPTED)) {
        ct_hook_retry(f);
        return;
    }
    hook_fired = 1;
    hook_action();
}

/* Pin the tree's L4 with the upcall armed; returns the multicall's result. */
static long ct_pin_with_upcall(void (*action)(void))
{
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    uint8_t mask = vi->evtchn_upcall_mask;
    long rc;

    hook_op = (mmuext_op_t){ .cmd = MMUEXT_PIN_L4_TABLE, .arg1.mfn = tree.l4 };
    hook_done = 0;
    hook_fired = 0;
    hook_action = action;
    ct_hook_mc_fill();
    vi->evtchn_upcall_mask = 1;
    vi->evtchn_upcall_pending = 1;
    event_hook = ct_hook;
    rc = HYPERVISOR_multicall(hook_mc, ARRAY_SIZE(hook_mc));
    event_hook = NULL;
    vi->evtchn_upcall_pending = 0;
    vi->evtchn_upcall_mask = mask;
    return rc;
}

/* The guest gives up: the pin becomes a flush when the call goes on. */
static void ct_give_up(void)
{
    hook_op = (mmuext_op_t){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
}

static void ct_abandoned_pin(void)
{
    mmu_update_t req = { .ptr = pt_entry_maddr(tree.l4, 1) | MMU_NORMAL_PT_UPDATE };
    long rc = ct_pin_with_upcall(ct_give_up);

    check(hook_fired, "tree.upcall_mid_pin", "no upcall at the multicall's syscall "
          "while the pin was preempted");
    check(rc == 0 && hook_mc[1].result == 0 && hook_done == 1, "tree.given_up_call_completes",
          "multicall %ld, entry result %ld, done %u", rc, (long)hook_mc[1].result, hook_done);
    check_rc("tree.partial_not_pinned", pt_unpin(tree.l4), -XEN_EINVAL);
    ct_probe_map("tree.partial_not_writable", tree.l4, PV_PTE_RW, -XEN_EBUSY);
    check_rc("tree.partial_not_updatable",
             HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
}

/* ---- Checks ---- */

/* An L4 entry to the tree's L3 validates the whole subtree. */
static void ct_tree_by_mmu_update(void)
{
    unsigned long l4 = ct_zeroed_frame();
    unsigned int done = 0;

    if (!check_rc("tree.empty_l4_pin", pt_pin(4, l4), 0))
        return;
    check(mmu_write_entry(l4, 0, pv_pte(tree.l3, PV_PDE_FLAGS), &done) == 0 && done == 1,
          "tree.mmu_update_validates_subtree", "done %u", done);
    ct_probe_map("tree.mmu_update_l1_in_use", tree.l1[CT_PROBE_L1], PV_PTE_RW, -XEN_EBUSY);
    check_rc("tree.mmu_update_clear", mmu_write_entry(l4, 0, 0, NULL), 0);
    ct_probe_map("tree.mmu_update_clear_released", tree.l1[CT_PROBE_L1], PV_PTE_RW, 0);
    check_rc("tree.empty_l4_unpin", pt_unpin(l4), 0);
}

static void ct_tree_pin(void)
{
    check_rc("tree.pin", pt_pin(4, tree.l4), 0);
    check_rc("tree.pin_twice", pt_pin(4, tree.l4), -XEN_EINVAL);
    ct_probe_map("tree.l1_in_use", tree.l1[CT_PROBE_L1], PV_PTE_RW, -XEN_EBUSY);
    ct_probe_map("tree.l4_in_use", tree.l4, PV_PTE_RW, -XEN_EBUSY);
    check_rc("tree.unpin", pt_unpin(tree.l4), 0);
    ct_probe_map("tree.l1_released", tree.l1[CT_PROBE_L1], PV_PTE_RW, 0);
}

/*
 * Given back, every frame of the tree leaves the reservation at once:
 * nothing holds it any more.  Then taken again, for the later groups.
 */
static void ct_tree_memory_back(void)
{
    static xen_pfn_t list[CT_TREE_FRAMES];
    long cur0 = ct_current_reservation();
    unsigned int i;

    list[0] = tree.l4;
    list[1] = tree.l3;
    for (i = 0; i < CT_TREE_L2S; i++)
        list[2 + i] = tree.l2[i];
    for (i = 0; i < CT_TREE_L1S; i++)
        list[2 + CT_TREE_L2S + i] = tree.l1[i];
    check_rc("tree.give_back", ct_memop(XENMEM_decrease_reservation, list,
                                        CT_TREE_FRAMES, 0), CT_TREE_FRAMES);
    check_rc("tree.memory_back", ct_current_reservation(), cur0 - CT_TREE_FRAMES);
    for (i = 0; i < CT_TREE_FRAMES; i++)
        list[i] = tree.pfn[i];
    check_rc("tree.repopulate", ct_memop(XENMEM_populate_physmap, list,
                                         CT_TREE_FRAMES, 0), CT_TREE_FRAMES);
    for (i = 0; i < CT_TREE_FRAMES; i++)
        p2m_set(tree.pfn[i], list[i]);
}

void ct_tree(void)
{
    ct_tree_build();
    ct_tree_by_mmu_update();
    if (ct_expect_preemption)
        ct_abandoned_pin();         /* the pin below then resumes it */
    ct_tree_pin();
    ct_tree_memory_back();
}

/* die=1: report, then power off from inside the upcall. */
static void ct_die_now(void)
{
    report_pass("die.upcall_mid_pin");
    test_finish();
}

void ct_tree_die(void)
{
    ct_tree_build();
    ct_pin_with_upcall(ct_die_now);
    check(0, "die.upcall_mid_pin", "the pin ended without an upcall at its syscall");
    test_finish();
}
