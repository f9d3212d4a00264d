/*
 * include/public/check_sched.c - pins sched.h (as in Xen 4.17).  Compiled only.
 */
#include <public/sched.h>
#include "check_layout.h"

CHECK_VALUE(SCHEDOP_yield, 0);
CHECK_VALUE(SCHEDOP_block, 1);
CHECK_VALUE(SCHEDOP_shutdown, 2);
CHECK_VALUE(SCHEDOP_poll, 3);
CHECK_VALUE(SCHEDOP_remote_shutdown, 4);
CHECK_VALUE(SCHEDOP_shutdown_code, 5);
CHECK_VALUE(SCHEDOP_watchdog, 6);
CHECK_VALUE(SCHEDOP_pin_override, 7);
CHECK_VALUE(SHUTDOWN_poweroff, 0);
CHECK_VALUE(SHUTDOWN_reboot, 1);
CHECK_VALUE(SHUTDOWN_suspend, 2);
CHECK_VALUE(SHUTDOWN_crash, 3);
CHECK_VALUE(SHUTDOWN_watchdog, 4);
CHECK_VALUE(SHUTDOWN_soft_reset, 5);
CHECK_VALUE(SHUTDOWN_MAX, 5);

CHECK_OFFSET(sched_shutdown_t, reason, 0);
CHECK_SIZE(sched_shutdown_t, 4);

CHECK_OFFSET(sched_poll_t, ports, 0);
CHECK_OFFSET2(sched_poll_t, nr_ports, 4, 8);
CHECK_OFFSET2(sched_poll_t, timeout, 8, 16);
CHECK_SIZE2(sched_poll_t, 16, 24);

CHECK_OFFSET(sched_remote_shutdown_t, domain_id, 0);
CHECK_OFFSET(sched_remote_shutdown_t, reason, 4);
CHECK_SIZE(sched_remote_shutdown_t, 8);

CHECK_OFFSET(sched_watchdog_t, id, 0);
CHECK_OFFSET(sched_watchdog_t, timeout, 4);
CHECK_SIZE(sched_watchdog_t, 8);

CHECK_OFFSET(sched_pin_override_t, pcpu, 0);
CHECK_SIZE(sched_pin_override_t, 4);
