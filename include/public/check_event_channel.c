/*
 * include/public/check_event_channel.c - pins event_channel.h
 * (as in Xen 4.17).  Compiled only.
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

/* Argument structs: Xen 4.17 event_channel.h, same for both widths. */
CHECK_SIZE(evtchn_alloc_unbound_t, 8);
CHECK_OFFSET(evtchn_alloc_unbound_t, remote_dom, 2);
CHECK_OFFSET(evtchn_alloc_unbound_t, port, 4);
CHECK_SIZE(evtchn_bind_interdomain_t, 12);
CHECK_OFFSET(evtchn_bind_interdomain_t, remote_port, 4);
CHECK_OFFSET(evtchn_bind_interdomain_t, local_port, 8);
CHECK_SIZE(evtchn_bind_virq_t, 12);
CHECK_OFFSET(evtchn_bind_virq_t, port, 8);
CHECK_SIZE(evtchn_bind_pirq_t, 12);
CHECK_SIZE(evtchn_bind_ipi_t, 8);
CHECK_OFFSET(evtchn_bind_ipi_t, port, 4);
CHECK_SIZE(evtchn_close_t, 4);
CHECK_SIZE(evtchn_send_t, 4);
CHECK_SIZE(evtchn_status_t, 24);
CHECK_OFFSET(evtchn_status_t, port, 4);
CHECK_OFFSET(evtchn_status_t, status, 8);
CHECK_OFFSET(evtchn_status_t, vcpu, 12);
CHECK_OFFSET(evtchn_status_t, u, 16);
CHECK_OFFSET(evtchn_status_t, u.interdomain.port, 20);
CHECK_SIZE(evtchn_bind_vcpu_t, 8);
CHECK_SIZE(evtchn_unmask_t, 4);
CHECK_SIZE(evtchn_reset_t, 2);
CHECK_SIZE(evtchn_init_control_t, 24);
CHECK_OFFSET(evtchn_init_control_t, offset, 8);
CHECK_OFFSET(evtchn_init_control_t, vcpu, 12);
CHECK_OFFSET(evtchn_init_control_t, link_bits, 16);
CHECK_SIZE(evtchn_expand_array_t, 8);
CHECK_SIZE(evtchn_set_priority_t, 8);
/* The compat wrapper: cmd, then the union at offset 4, 28 bytes in all. */
CHECK_OFFSET(evtchn_op_t, u, 4);
CHECK_SIZE(evtchn_op_t, 28);

CHECK_VALUE(EVTCHN_FIFO_NR_CHANNELS, 131072);
CHECK_SIZE(event_word_t, 4);
CHECK_SIZE(evtchn_fifo_control_block_t, 72);
CHECK_OFFSET(evtchn_fifo_control_block_t, head, 8);
