/*
 * guests/test/main.c - the boot test guest: a 64-bit PV kernel that
 * exercises the Xen PV ABI and prints one "ok"/"not ok" line per behaviour
 * and a final "Test result:" line (style rule 18).
 *
 * The start-up steps come first and stop the test if any fails; every
 * later check is independent.  Check names are stable, the boot test
 * lists them.  Deliberately built without VIRT_BASE and ENTRY notes.
 */
#include "test.h"

void guest_main(void)
{
    printk("minixen PV test guest starting\n");

    test_startup();
    test_start_info();
    test_time();
    test_hypercall_page();
    test_xen_version();
    test_console_io();
    test_print_string();
    test_trap_table();
    test_callback_op();
    test_cpu_state_ops();
    test_descriptors();
    test_multicall();
    test_vm_assist();
    test_memory_op();
    test_va_mapping();
    test_mmu_update();
    test_mmuext_op();
    test_exceptions();
    test_privileged_ops();
    test_physdev();
    test_port_io();
    test_user_io();
    test_sched_op();
    test_shutdown_code();

    test_finish();
}
