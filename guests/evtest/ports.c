/*
 * guests/evtest/ports.c - the port table from one domain: a channel to
 * itself (alloc_unbound for DOMID_SELF, then bind_interdomain to it),
 * allocation until the 2-level ABI's 4096 ports are used up (-ENOSPC,
 * nothing changed), lowest-free reuse, and EVTCHNOP_reset.
 */
#include "evtest.h"

#define NR_PORTS EVTCHN_2L_NR_CHANNELS
#define REUSED_PORT 100

static void test_loopback(void)
{
    evtchn_port_t a = 0, b = 0;
    evtchn_status_t st;
    uint32_t before;

    check_rc("loopback.alloc_unbound", evt_alloc_unbound(DOMID_SELF, &a), 0);
    check_rc("loopback.bind_to_self", evt_bind_interdomain(DOMID_SELF, a, &b), 0);
    check(evt_status(DOMID_SELF, a, &st) == 0 && st.status == EVTCHNSTAT_interdomain &&
          st.u.interdomain.port == b, "loopback.status_interdomain", "status %u, peer port %u",
          st.status, st.u.interdomain.port);
    evtest_flush_events();
    before = evt_count[a];
    check_rc("loopback.send", evt_send(b), 0);
    check(evt_count[a] == before + 1 && evt_count[b] == 1, "loopback.delivered",
          "%u on the far end, %u on the near one", evt_count[a] - before, evt_count[b]);
    check_rc("loopback.close", evt_close(b), 0);
    check(evt_status(DOMID_SELF, a, &st) == 0 && st.status == EVTCHNSTAT_unbound,
          "loopback.close_unbinds_peer", "status %u", st.status);
    check_rc("loopback.send_unbound_dropped", evt_send(a), 0);
    check_rc("loopback.close_other_end", evt_close(a), 0);
}

/* Allocate until refused; returns how many were handed out. */
static unsigned int fill_table(long *last_rc)
{
    evtchn_port_t port;
    unsigned int n = 0;
    long rc;

    while ((rc = evt_alloc_unbound(DOMID_SELF, &port)) == 0 && n < NR_PORTS)
        n++;
    *last_rc = rc;
    return n;
}

static void test_exhaustion(void)
{
    evtchn_port_t port = 0;
    evtchn_status_t st;
    unsigned int n;
    long rc;

    n = fill_table(&rc);
    check(n == NR_PORTS - 1 && rc == -XEN_ENOSPC, "ports.exhausted_with_enospc",
          "%u ports, then %ld", n, rc);
    check(evt_status(DOMID_SELF, NR_PORTS - 1, &st) == 0 && st.status == EVTCHNSTAT_unbound,
          "ports.last_port_unbound", "status %u", st.status);
    check_rc("ports.status_beyond_limit", evt_status(DOMID_SELF, NR_PORTS, &st), -XEN_EINVAL);
    check_rc("ports.ipi_when_full", evt_bind_ipi(0, &port), -XEN_ENOSPC);
    evt_close(REUSED_PORT);
    check(evt_alloc_unbound(DOMID_SELF, &port) == 0 && port == REUSED_PORT,
          "ports.lowest_free_reused", "got port %u", port);
    check_rc("ports.reset_self", HYPERVISOR_event_channel_op(EVTCHNOP_reset,
             &(evtchn_reset_t){ .dom = DOMID_SELF }), 0);
    check(evt_status(DOMID_SELF, REUSED_PORT, &st) == 0 && st.status == EVTCHNSTAT_closed,
          "ports.reset_closed_all", "status %u", st.status);
    check(evt_alloc_unbound(DOMID_SELF, &port) == 0 && port == 1, "ports.reset_then_alloc",
          "got port %u", port);
    check(evt_status(DOMID_SELF, 0, &st) == 0 && st.status == EVTCHNSTAT_closed,
          "ports.port0_reserved", "status %u", st.status);
}

void role_ports(void)
{
    evt_enable_upcalls();
    test_loopback();
    test_exhaustion();
}
