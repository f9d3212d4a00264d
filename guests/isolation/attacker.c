/*
 * guests/isolation/attacker.c - the attacker: finds the victim's frames
 * through the M2P, then runs the groups of attacks (attacks_*.c), letting
 * the victim run between them.  Every attack must fail with the error
 * (or fault) Xen 4.17 gives, and the attacker must still be running at
 * the end.
 */
#include "isolation.h"
#include "args.h"

struct attack_target victim;
uint8_t attack_windows[ATTACK_WINDOWS][PAGE_SIZE] PAGE_ALIGNED_BSS;

static unsigned int attack_yields;

void attack_yield(void)
{
    attack_yields++;
    pv_yield();
}

/*
 * If the hypervisor wrongly allows a writable mapping, write through it:
 * the victim's checks then show the damage as well.
 */
int attack_map(const char *name, unsigned long mfn, uint64_t flags, long expected)
{
    long rc = pt_map(ATTACK_WIN(ATTACK_WIN_MAP), mfn, flags);

    if (rc == 0 && expected != 0) {
        if (flags & PTE_RW)
            *(volatile uint64_t *)ATTACK_WIN(ATTACK_WIN_MAP) = ATTACK_SCRIBBLE;
        pv_restore_mapping(ATTACK_WIN(ATTACK_WIN_MAP));
    }
    return check_rc(name, rc, expected);
}

unsigned long attack_frame_with(const uint64_t *page)
{
    unsigned long mfn = frames_take_mfn();
    long rc;

    if (!mfn)
        test_abort("attack.spare_frames", "no spare frame left");
    if ((rc = frame_write(mfn, page, ATTACK_WIN(ATTACK_WIN_FILL))))
        test_abort("attack.fill_frame", "update_va_mapping returned %ld", rc);
    return mfn;
}

unsigned long attack_zeroed_frame(void)
{
    return attack_frame_with(NULL);
}

unsigned long attack_past_ram_mfn(void)
{
    long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    return (top > 0 ? (unsigned long)top : 0) + ATTACK_PAST_RAM_DISTANCE;
}

/* See isolation.h: the victim's frames have our pfns, near our own frames. */
static void attack_find_victim(void)
{
    unsigned long l4_pfn = pv_va_to_pfn(start_info->pt_base);
    unsigned long data_pfn = pv_va_to_pfn((unsigned long)isolation_pattern);

    victim.domid = (domid_t)arg_ulong("victim_domid", ISOLATION_VICTIM_DOMID_DEFAULT);
    victim.l4_mfn = m2p_find_foreign(pt_boot_l4_mfn(), l4_pfn);
    if (victim.l4_mfn)
        victim.data_mfn = m2p_find_foreign(victim.l4_mfn, data_pfn);
    victim.found = check(victim.l4_mfn && victim.data_mfn, "attack.find_victim",
                         "no frame with M2P entry %#lx / %#lx besides ours "
                         "(M2P %sreadable)", l4_pfn, data_pfn,
                         m2p_readable() ? "" : "not ");
    printk("attacker: victim is domain %u, its L4 mfn %#lx, pattern mfn %#lx\n",
           victim.domid, victim.l4_mfn, victim.data_mfn);
}

void attacker_main(void)
{
    if (start_info->flags & SIF_PRIVILEGED)
        printk("# attacker: running privileged; some refusals will not apply\n");
    attack_find_victim();
    attack_yield();
    attacks_mapping();
    attacks_tables();
    attacks_linear();
    attacks_batch();
    if (victim.found)
        attacks_victim();
    else
        printk("# attacker: victim not found, its frames are not attacked\n");
    check(read_cr3() == pv_expected_cr3(), "attack.survived",
          "cr3 %#lx, expected %#lx", read_cr3(), pv_expected_cr3());
    printk("attacker: %u yields; signalling the victim\n", attack_yields);
    check_rc("attack.signal_done", m2p_update(pv_va_to_mfn(isolation_pattern),
                                              ISOLATION_DONE_MARK), 0);
    /* Our frames are freed when we shut down: let the victim see the mark. */
    attack_yield();
    test_finish();
}
