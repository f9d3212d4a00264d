/*
 * include/public/check_hypercall_numbers.c - pins the generated
 * hypercall-numbers.h (from hypervisor/hypercalls.def) to Xen 4.17's
 * hypercall numbers, so the .def and Xen cannot drift apart unnoticed.  Compiled only.
 */
#include <public/xen.h>
#include "check_layout.h"

CHECK_VALUE(XEN_NR_HYPERCALLS, XEN_HYPERCALL_PAGE_SLOTS);

CHECK_VALUE(__HYPERVISOR_set_trap_table, 0);
CHECK_VALUE(__HYPERVISOR_mmu_update, 1);
CHECK_VALUE(__HYPERVISOR_set_gdt, 2);
CHECK_VALUE(__HYPERVISOR_stack_switch, 3);
CHECK_VALUE(__HYPERVISOR_set_callbacks, 4);
CHECK_VALUE(__HYPERVISOR_fpu_taskswitch, 5);
CHECK_VALUE(__HYPERVISOR_sched_op_compat, 6);
CHECK_VALUE(__HYPERVISOR_platform_op, 7);
CHECK_VALUE(__HYPERVISOR_set_debugreg, 8);
CHECK_VALUE(__HYPERVISOR_get_debugreg, 9);
CHECK_VALUE(__HYPERVISOR_update_descriptor, 10);
CHECK_VALUE(__HYPERVISOR_memory_op, 12);
CHECK_VALUE(__HYPERVISOR_multicall, 13);
CHECK_VALUE(__HYPERVISOR_update_va_mapping, 14);
CHECK_VALUE(__HYPERVISOR_set_timer_op, 15);
CHECK_VALUE(__HYPERVISOR_event_channel_op_compat, 16);
CHECK_VALUE(__HYPERVISOR_xen_version, 17);
CHECK_VALUE(__HYPERVISOR_console_io, 18);
CHECK_VALUE(__HYPERVISOR_physdev_op_compat, 19);
CHECK_VALUE(__HYPERVISOR_grant_table_op, 20);
CHECK_VALUE(__HYPERVISOR_vm_assist, 21);
CHECK_VALUE(__HYPERVISOR_update_va_mapping_otherdomain, 22);
CHECK_VALUE(__HYPERVISOR_iret, 23);
CHECK_VALUE(__HYPERVISOR_vcpu_op, 24);
CHECK_VALUE(__HYPERVISOR_set_segment_base, 25);
CHECK_VALUE(__HYPERVISOR_mmuext_op, 26);
CHECK_VALUE(__HYPERVISOR_xsm_op, 27);
CHECK_VALUE(__HYPERVISOR_nmi_op, 28);
CHECK_VALUE(__HYPERVISOR_sched_op, 29);
CHECK_VALUE(__HYPERVISOR_callback_op, 30);
CHECK_VALUE(__HYPERVISOR_xenoprof_op, 31);
CHECK_VALUE(__HYPERVISOR_event_channel_op, 32);
CHECK_VALUE(__HYPERVISOR_physdev_op, 33);
CHECK_VALUE(__HYPERVISOR_hvm_op, 34);
CHECK_VALUE(__HYPERVISOR_sysctl, 35);
CHECK_VALUE(__HYPERVISOR_domctl, 36);
CHECK_VALUE(__HYPERVISOR_kexec_op, 37);
CHECK_VALUE(__HYPERVISOR_print_string, 38); /* minixen only */
CHECK_VALUE(__HYPERVISOR_argo_op, 39);
CHECK_VALUE(__HYPERVISOR_xenpmu_op, 40);
CHECK_VALUE(__HYPERVISOR_dm_op, 41);
CHECK_VALUE(__HYPERVISOR_hypfs_op, 42);
CHECK_VALUE(__HYPERVISOR_arch_0, 48);
CHECK_VALUE(__HYPERVISOR_arch_7, 55);
