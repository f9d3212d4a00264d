/*
 * guests/contin/evtchn.c - EVTCHNOP_reset of a full 2-level port table.
 *
 * Xen: evtchn_reset (xen/common/event_channel.c) closes the ports one by
 * one, checking hypercall_preempt_check() every 64, and is continued as
 * EVTCHNOP_reset_cont (14); a reset_cont with no reset under way is
 * -EBUSY.  Whatever the preemption, the result is 0 and every port is
 * closed, so the next binding gets port 1 again.
 */
#include "contin.h"
#include "events.h"

/* The last port of the 2-level table; port 0 is never bound. */
#define CT_LAST_PORT ((evtchn_port_t)EVTCHN_2L_NR_CHANNELS - 1)
#define CT_MID_PORT  ((evtchn_port_t)EVTCHN_2L_NR_CHANNELS / 2)

static long ct_reset(unsigned int cmd)
{
    evtchn_reset_t r = { .dom = DOMID_SELF };

    return HYPERVISOR_event_channel_op(cmd, &r);
}

/* Bind IPIs until the table is full; how many were bound. */
static unsigned int ct_fill_ports(void)
{
    evtchn_port_t port;
    unsigned int n = 0;

    while (evt_bind_ipi(0, &port) == 0)
        n++;
    return n;
}

static int ct_port_closed(evtchn_port_t port)
{
    evtchn_status_t st;

    return evt_status(DOMID_SELF, port, &st) == 0 && st.status == EVTCHNSTAT_closed;
}

void ct_evtchn_reset(void)
{
    unsigned int bound = ct_fill_ports();
    evtchn_port_t port = 0;

    check(ct_port_closed(CT_LAST_PORT) == 0, "evtchn.table_full",
          "%u ports bound, port %u still closed", bound, CT_LAST_PORT);
    check_rc("evtchn.reset_cont_alone_busy", ct_reset(EVTCHNOP_reset_cont), -XEN_EBUSY);
    check_rc("evtchn.reset_full_table", ct_reset(EVTCHNOP_reset), 0);
    check(ct_port_closed(1) && ct_port_closed(CT_MID_PORT) &&
          ct_port_closed(CT_LAST_PORT), "evtchn.reset_all_closed",
          "ports 1, %u, %u: %d %d %d", CT_MID_PORT, CT_LAST_PORT,
          ct_port_closed(1), ct_port_closed(CT_MID_PORT),
          ct_port_closed(CT_LAST_PORT));
    check(evt_bind_ipi(0, &port) == 0 && port == 1, "evtchn.reset_ports_reused",
          "the next binding got port %u", port);
    check_rc("evtchn.reset_done_cont_busy", ct_reset(EVTCHNOP_reset_cont), -XEN_EBUSY);
    evt_close(port);
}
