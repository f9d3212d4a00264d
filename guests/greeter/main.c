/*
 * guests/greeter/main.c - the smallest domain xl creates in the tests:
 * one greeting line on its console, then a clean power-off.  The line
 * names the path it took (the PV console ring from the toolstack's
 * builder, or console_io when booted as a boot module), so a test can
 * tell which console it read.
 */
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "xencons.h"

/* How long xenconsoled gets to take the greeting before we power off. */
#define DRAIN_TIMEOUT_NS 2000000000ULL

void guest_main(void)
{
    int ring = pv_setup_minimal() == 0 && xencons_init() == 0;

    printk("greeter: hello from a minixen PV guest (console %s)\n",
           ring ? "ring" : "console_io");
    if (ring)
        xencons_wait_drained(DRAIN_TIMEOUT_NS);
    for (;;)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
