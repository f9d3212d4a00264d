/*
 * include/public/check_vcpu.c - pins vcpu.h (as in Xen 4.17).  Compiled only.
 */
#include <public/vcpu.h>
#include "check_layout.h"

CHECK_VALUE(VCPUOP_initialise, 0);
CHECK_VALUE(VCPUOP_up, 1);
CHECK_VALUE(VCPUOP_down, 2);
CHECK_VALUE(VCPUOP_is_up, 3);
CHECK_VALUE(VCPUOP_get_runstate_info, 4);
CHECK_VALUE(VCPUOP_register_runstate_memory_area, 5);
CHECK_VALUE(VCPUOP_set_periodic_timer, 6);
CHECK_VALUE(VCPUOP_stop_periodic_timer, 7);
CHECK_VALUE(VCPUOP_set_singleshot_timer, 8);
CHECK_VALUE(VCPUOP_stop_singleshot_timer, 9);
CHECK_VALUE(VCPUOP_register_vcpu_info, 10);
CHECK_VALUE(VCPUOP_send_nmi, 11);
CHECK_VALUE(VCPUOP_get_physid, 12);
CHECK_VALUE(VCPUOP_register_vcpu_time_memory_area, 13);
CHECK_VALUE(RUNSTATE_running, 0);
CHECK_VALUE(RUNSTATE_runnable, 1);
CHECK_VALUE(RUNSTATE_blocked, 2);
CHECK_VALUE(RUNSTATE_offline, 3);
CHECK_VALUE(VCPU_SSHOTTMR_future, 1);

CHECK_SIZE2(vcpu_runstate_info_t, 44, 48);
CHECK_OFFSET2(vcpu_runstate_info_t, state_entry_time, 4, 8);
CHECK_OFFSET2(vcpu_runstate_info_t, time, 12, 16);
CHECK_SIZE(vcpu_register_runstate_memory_area_t, 8);
CHECK_SIZE(vcpu_set_periodic_timer_t, 8);
CHECK_SIZE2(vcpu_set_singleshot_timer_t, 12, 16);
CHECK_OFFSET(vcpu_set_singleshot_timer_t, flags, 8);
CHECK_SIZE(vcpu_register_vcpu_info_t, 16);
CHECK_OFFSET(vcpu_register_vcpu_info_t, offset, 8);
CHECK_SIZE(vcpu_get_physid_t, 8);
