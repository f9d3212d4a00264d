/*
 * guests/isolation/attacks_linear.c - chains of linear page-table
 * entries (XSA-240).  Three empty top-level tables A, B and C, pinned.
 *
 * Xen, get_l4_linear_pagetable (define_get_linear_pagetable in
 * xen/arch/x86/mm.c): a read-only L4 entry may map another validated L4
 * (A -> B: accepted), but the containing table must not itself be mapped
 * linearly (inc_linear_entries: B is, so B -> C is -EINVAL) and the target
 * must not itself hold linear entries (inc_linear_uses: A does, so
 * C -> A is -EINVAL).  Such a chain would let a guest reach its page
 * tables' contents two levels away.
 */
#include "isolation.h"

#define ATTACK_LINEAR_SLOT 400
#define ATTACK_TABLES 3

static void attack_linear_entry(const char *name, unsigned long table,
                                unsigned long target, long expected)
{
    unsigned int done = 1;
    long rc = mmu_write_entry(table, ATTACK_LINEAR_SLOT, pv_pte(target, PTE_P | PTE_A),
                              &done);

    check(rc == expected && done == (unsigned int)(rc == 0), name,
          "returned %ld, done %u; expected %ld", rc, done, expected);
}

void attacks_linear(void)
{
    unsigned long t[ATTACK_TABLES];
    unsigned int i, pinned = 0;
    long rc;

    for (i = 0; i < ATTACK_TABLES; i++) {
        t[i] = attack_zeroed_frame();
        if (pt_pin(4, t[i]) == 0)
            pinned++;
    }
    if (!check(pinned == ATTACK_TABLES, "attack.linear_setup",
               "pinned %u of %d empty L4s", pinned, ATTACK_TABLES))
        return;
    attack_linear_entry("attack.linear_one_level_allowed", t[0], t[1], 0);
    attack_linear_entry("attack.linear_two_levels", t[1], t[2], -XEN_EINVAL);
    attack_linear_entry("attack.linear_into_linear", t[2], t[0], -XEN_EINVAL);
    /* Clear every table's slot (a wrongly accepted entry too), then unpin. */
    for (i = 0, rc = 0; i < ATTACK_TABLES && !rc; i++)
        rc = mmu_write_entry(t[i], ATTACK_LINEAR_SLOT, 0, NULL);
    for (i = 0; i < ATTACK_TABLES && !rc; i++)
        rc = pt_unpin(t[i]);
    check_rc("attack.linear_cleanup", rc, 0);
    attack_yield();
}
