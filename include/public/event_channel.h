/*
 * include/public/event_channel.h - event_channel_op(cmd, arg) numbers.
 *
 * For now only the command and status numbers, the port type and the
 * 2-level channel count; the per-command structs come later.
 */
#ifndef MINIXEN_PUBLIC_EVENT_CHANNEL_H
#define MINIXEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
#define EVTCHNOP_reset_cont       14

/* EVTCHNOP_status result: what a port is connected to. */
#define EVTCHNSTAT_closed       0  /* not in use */
#define EVTCHNSTAT_unbound      1  /* waiting for a remote domain */
#define EVTCHNSTAT_interdomain  2  /* connected to a remote domain */
#define EVTCHNSTAT_pirq         3  /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4  /* bound to a VIRQ */
#define EVTCHNSTAT_ipi          5  /* bound to an IPI */

/*
 * The 2-level ABI has one pending bit per port in shared_info: a word of
 * selector bits times words of port bits, so 32 * 32 = 1024 ports for
 * 32-bit guests and 64 * 64 = 4096 for 64-bit ones.  Port 0 is never
 * handed out.
 */
#ifndef __ASSEMBLER__
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);
#endif

#endif /* MINIXEN_PUBLIC_EVENT_CHANNEL_H */
