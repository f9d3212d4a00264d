/*
 * guests/crasher/main.c - a domain that greets and then crashes, as a
 * kernel that panics does: SCHEDOP_shutdown with reason crash, so xl's
 * on_crash action (and `xl list`'s 'c') applies to it.
 */
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "xencons.h"

#define DRAIN_TIMEOUT_NS 2000000000ULL

void guest_main(void)
{
    int ring = pv_setup_minimal() == 0 && xencons_init() == 0;

    printk("crasher: hello, crashing now (console %s)\n",
           ring ? "ring" : "console_io");
    if (ring)
        xencons_wait_drained(DRAIN_TIMEOUT_NS);
    for (;;)
        HYPERVISOR_shutdown(SHUTDOWN_crash);
}
