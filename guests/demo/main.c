/*
 * guests/demo/main.c - the guest `make run` boots: a greeting through
 * console_io, the minixen-only print_string hypercall with a string and
 * with NULL, then a clean power-off.
 */
#include "console.h"
#include "hypercall.h"
#include "pv.h"

void guest_main(void)
{
    long rc_hello, rc_null;

    printk("Hello from the minixen demo guest (64-bit PV, start_info at %p)\n",
           (void *)start_info);
    if (pv_setup_minimal())
        printk("demo: start-up hypercalls failed, carrying on anyway\n");

    rc_hello = HYPERVISOR_print_string("hello!");
    rc_null = HYPERVISOR_print_string(NULL);
    printk("demo: print_string(\"hello!\") returned %ld\n", rc_hello);
    printk("demo: print_string(NULL) returned %ld\n", rc_null);

    printk("demo: powering off\n");
    for (;;)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
