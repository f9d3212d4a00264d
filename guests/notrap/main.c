/*
 * guests/notrap/main.c - a guest that installs no trap table and then
 * reads an unmapped address.  With nowhere to bounce the #PF, the
 * hypervisor must crash this domain (and only it) and say so in its log.
 * If the read somehow returns, the guest reports a failure.
 */
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"

/* Canonical, user half, far above anything the builder maps. */
#define NOTRAP_UNMAPPED_VA 0x00000dead0000000ul

void guest_main(void)
{
    volatile uint64_t *p = (volatile uint64_t *)NOTRAP_UNMAPPED_VA;
    uint64_t v;

    printk("notrap: no trap table; reading unmapped address %p, "
           "the hypervisor should crash this domain\n", (const void *)p);
    v = *p;
    test_abort("notrap.domain_crashed", "the read of %p returned %#lx",
               (const void *)p, v);
}
