/*
 * guests/fifo/pair.c - the 2-level side's own checks, and two guests of
 * different ABIs talking to each other.
 *
 * The 2-level guest offers its first port to its peer (alloc_unbound:
 * port 1, ports being handed out lowest first).  The FIFO guest binds to
 * it, retrying while the offer is not there yet (-EINVAL), and sends
 * PAIR_PINGS pings, each after the answer to the last; the 2-level guest
 * answers each one.  Waiting is bounded in time (PAIR_WAIT_MS): a lost
 * event fails a check instead of hanging the boot.
 */
#include "fifo.h"

#define PAIR_PORT       1
#define PAIR_PINGS      3
#define PAIR_WAIT_MS    10000
#define PRIO_HIGH       2

/*
 * The 2-level ABI refuses the FIFO commands; a masked port waits for
 * unmask.  Counted per port: the peer may ping meanwhile.
 */
void twolevel_checks(void)
{
    long p = ev_bind_ipi();
    uint32_t before;

    if (!check(p > 0, "twolevel.bind_ipi", "bind_ipi returned %ld", p))
        return;
    check_rc("twolevel.expand_array", ev_expand_array(pv_va_to_mfn(fifo_array_page)),
             -XEN_EOPNOTSUPP);
    check_rc("twolevel.set_priority", ev_set_priority(p, PRIO_HIGH), -XEN_ENOSYS);
    before = evt_count[p];
    evt_enable_upcalls();
    evt_send(p);
    check(evt_count[p] == before + 1, "twolevel.ipi_delivered", "%u events",
          evt_count[p] - before);
    evt_mask(p);
    evt_send(p);
    check(evt_count[p] == before + 1, "twolevel.masked_port_waits", "%u events",
          evt_count[p] - before);
    check_rc("twolevel.unmask", evt_unmask(p), 0);
    check(evt_count[p] == before + 2, "twolevel.unmask_delivers", "%u events",
          evt_count[p] - before);
    evt_disable_upcalls();
}

static long pair_bind(domid_t peer)
{
    struct pv_time t;
    uint64_t deadline;
    long rc;

    if (pv_time_snapshot(&t))
        return -XEN_EAGAIN;
    deadline = pv_time_ns(&t) + (uint64_t)PAIR_WAIT_MS * 1000000;
    while ((rc = ev_bind_interdomain(peer, PAIR_PORT)) == -XEN_EINVAL) {
        if (pv_time_snapshot(&t) || pv_time_ns(&t) > deadline)
            break;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return rc;
}

void pair_fifo_side(domid_t peer)
{
    long l = pair_bind(peer);
    unsigned int i, before;

    if (!check(l > 0 && l < EV_TRACKED, "pair.bind", "bind_interdomain returned %ld", l))
        return;
    before = ev_log.count[l];
    evt_enable_upcalls();
    check(ev_wait(&ev_log.count[l], before + 1, PAIR_WAIT_MS), "pair.bind_announces",
          "no event on port %ld", l);
    for (i = 1; i <= PAIR_PINGS; i++) {
        evt_send(l);
        if (!ev_wait(&ev_log.count[l], before + 1 + i, PAIR_WAIT_MS))
            break;
    }
    check(ev_log.count[l] == before + 1 + PAIR_PINGS, "pair.answers_received",
          "%u of %u answers", ev_log.count[l] - before - 1, PAIR_PINGS);
    evt_disable_upcalls();
}

long pair_offer(domid_t peer)
{
    long p = ev_alloc_unbound(peer);

    check(p == PAIR_PORT, "pair.offer", "alloc_unbound returned %ld", p);
    return p;
}

void pair_twolevel_side(evtchn_port_t p)
{
    unsigned int i;

    evt_enable_upcalls();
    for (i = 1; i <= PAIR_PINGS; i++) {
        if (!ev_wait(&evt_count[p], i, PAIR_WAIT_MS))
            break;
        evt_send(p);
    }
    check(evt_count[p] == PAIR_PINGS, "pair.pings_received", "%u of %u pings",
          evt_count[p], PAIR_PINGS);
    evt_disable_upcalls();
}
