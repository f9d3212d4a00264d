/*
 * guests/contin/multicall.c - a multicall of 1000 entries, a quarter of
 * them mmu_update batches long enough to be preempted themselves.
 *
 * Xen (xen/common/multicall.c): the batch may be preempted between
 * entries and continued from the next one; a sub-call that is preempted
 * gets its continuation's arguments written back into its own entry and
 * the multicall continues from that entry.  The guest reads only the
 * results (and the sub-calls' done counts), which must be those of an
 * uninterrupted run.  In a forced-preemption boot, some mmu_update entry
 * must show the sign of that write-back: MMU_UPDATE_PREEMPTED in its
 * count argument.
 */
#include "contin.h"

#define CT_MC_ENTRIES   1000
#define CT_MC_KINDS     4
#define CT_MC_MMU_REQS  200
#define CT_MC_EXT_OPS   100

static multicall_entry_t mc[CT_MC_ENTRIES];
static unsigned int mc_done[CT_MC_ENTRIES];
static mmu_update_t mc_reqs[CT_MC_MMU_REQS];
static mmuext_op_t mc_ops[CT_MC_EXT_OPS];
static domid_t mc_self = DOMID_SELF;

/* Entry i: mmu_update, xen_version, mmuext_op or current_reservation. */
static multicall_entry_t ct_mc_entry(unsigned int i)
{
    switch (i % CT_MC_KINDS) {
    case 0:
        return (multicall_entry_t){ .op = __HYPERVISOR_mmu_update, .args = {
            (unsigned long)mc_reqs, CT_MC_MMU_REQS, (unsigned long)&mc_done[i],
            DOMID_SELF } };
    case 1:
        return (multicall_entry_t){ .op = __HYPERVISOR_xen_version,
                                    .args = { XENVER_version } };
    case 2:
        return (multicall_entry_t){ .op = __HYPERVISOR_mmuext_op, .args = {
            (unsigned long)mc_ops, CT_MC_EXT_OPS, (unsigned long)&mc_done[i],
            DOMID_SELF } };
    default:
        return (multicall_entry_t){ .op = __HYPERVISOR_memory_op, .args = {
            XENMEM_current_reservation, (unsigned long)&mc_self } };
    }
}

static void ct_mc_fill(void)
{
    unsigned int i;

    for (i = 0; i < CT_MC_MMU_REQS; i++)
        mc_reqs[i] = ct_target_req(i, i % 2);
    for (i = 0; i < CT_MC_EXT_OPS; i++)
        mc_ops[i] = (mmuext_op_t){
            .cmd = i % 2 ? MMUEXT_INVLPG_LOCAL : MMUEXT_TLB_FLUSH_LOCAL,
            .arg1.linear_addr = (unsigned long)CT_WIN(CT_WIN_TARGET),
        };
    for (i = 0; i < CT_MC_ENTRIES; i++) {
        mc[i] = ct_mc_entry(i);
        mc[i].result = ~0ul;
        mc_done[i] = 0;
    }
}

/* What entry i must have returned (and counted, for the batches). */
static int ct_mc_entry_right(unsigned int i, long version, long pages)
{
    switch (i % CT_MC_KINDS) {
    case 0:
        return mc[i].result == 0 && mc_done[i] == CT_MC_MMU_REQS;
    case 1:
        return (long)mc[i].result == version;
    case 2:
        return mc[i].result == 0 && mc_done[i] == CT_MC_EXT_OPS;
    default:
        return (long)mc[i].result == pages;
    }
}

/* The first wrong entry, or CT_MC_ENTRIES if none. */
static unsigned int ct_mc_first_wrong(long version, long pages)
{
    unsigned int i;

    for (i = 0; i < CT_MC_ENTRIES; i++)
        if (!ct_mc_entry_right(i, version, pages))
            break;
    return i;
}

/* Entries whose sub-call was continued (written back with the mark). */
static unsigned int ct_mc_continued_subcalls(void)
{
    unsigned int i, n = 0;

    for (i = 0; i < CT_MC_ENTRIES; i += CT_MC_KINDS)
        n += (mc[i].args[1] & CT_MMU_UPDATE_PREEMPTED) != 0;
    return n;
}

void ct_multicall(void)
{
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);
    long pages = ct_current_reservation();
    unsigned int wrong;
    long rc;

    ct_mc_fill();
    rc = HYPERVISOR_multicall(mc, CT_MC_ENTRIES);
    check_rc("multicall.1000_entries", rc, 0);
    wrong = ct_mc_first_wrong(version, pages);
    check(wrong == CT_MC_ENTRIES, "multicall.every_result",
          "entry %u (op %lu): result %ld, done %u", wrong,
          wrong < CT_MC_ENTRIES ? mc[wrong].op : 0,
          wrong < CT_MC_ENTRIES ? (long)mc[wrong].result : 0,
          wrong < CT_MC_ENTRIES ? mc_done[wrong] : 0);
    check(pte_same(pt_boot_l1e((unsigned long)CT_WIN(CT_WIN_TARGET)),
                   mc_reqs[CT_MC_MMU_REQS - 1].val),
          "multicall.last_request_applied", "the window's entry is not the last request's");
    if (ct_expect_preemption)
        check(ct_mc_continued_subcalls() > 0, "multicall.subcall_continued_in_entry",
              "no mmu_update entry carries MMU_UPDATE_PREEMPTED");
    check_rc("multicall.window_restore", pv_restore_mapping(CT_WIN(CT_WIN_TARGET)), 0);
}
