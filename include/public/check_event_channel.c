/*
 * include/public/check_event_channel.c - pins event_channel.h
 * (the Xen PV ABI reference, ../shared/docs/xen-pv-abi.md in the
 * project's workspace, section 7).  Compiled only.
 */
#include <public/event_channel.h>
#include "check_layout.h"

CHECK_VALUE(EVTCHNOP_bind_interdomain, 0);
CHECK_VALUE(EVTCHNOP_bind_virq, 1);
CHECK_VALUE(EVTCHNOP_bind_pirq, 2);
CHECK_VALUE(EVTCHNOP_close, 3);
CHECK_VALUE(EVTCHNOP_send, 4);
CHECK_VALUE(EVTCHNOP_status, 5);
CHECK_VALUE(EVTCHNOP_alloc_unbound, 6);
CHECK_VALUE(EVTCHNOP_bind_ipi, 7);
CHECK_VALUE(EVTCHNOP_bind_vcpu, 8);
CHECK_VALUE(EVTCHNOP_unmask, 9);
CHECK_VALUE(EVTCHNOP_reset, 10);
CHECK_VALUE(EVTCHNOP_init_control, 11);
CHECK_VALUE(EVTCHNOP_expand_array, 12);
CHECK_VALUE(EVTCHNOP_set_priority, 13);
CHECK_VALUE(EVTCHNOP_reset_cont, 14);

CHECK_VALUE(EVTCHNSTAT_closed, 0);
CHECK_VALUE(EVTCHNSTAT_unbound, 1);
CHECK_VALUE(EVTCHNSTAT_interdomain, 2);
CHECK_VALUE(EVTCHNSTAT_pirq, 3);
CHECK_VALUE(EVTCHNSTAT_virq, 4);
CHECK_VALUE(EVTCHNSTAT_ipi, 5);

CHECK_SIZE(evtchn_port_t, 4);
CHECK_VALUE2(EVTCHN_2L_NR_CHANNELS, 1024, 4096);
/* Every 2-level port has a pending bit in shared_info. */
CHECK_VALUE(sizeof(((shared_info_t *)0)->evtchn_pending) * 8,
            EVTCHN_2L_NR_CHANNELS);
