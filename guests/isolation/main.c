/*
 * guests/isolation/main.c - start-up common to both roles, and the
 * dispatch on isolation_role (see isolation.h).
 */
#include "isolation.h"

/* In both images at the same address, so the attacker can find the victim's. */
uint64_t isolation_pattern[ISOLATION_PATTERN_PAGES][PT_ENTRIES] PAGE_ALIGNED_BSS;

void guest_main(void)
{
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("isolation.setup", "start-up hypercalls returned %ld", rc);
    frames_init();
    if (isolation_role == ISOLATION_VICTIM)
        victim_main();
    if (isolation_role == ISOLATION_ATTACKER)
        attacker_main();
    test_abort("isolation.role", "unknown role %u", isolation_role);
}
