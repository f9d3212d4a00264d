/*
 * guests/evtest/pingpong.c - rounds=N round trips over an interdomain
 * channel.  pong offers the port and answers every event; ping binds,
 * sends and waits for each answer.  Each side must see exactly one event
 * per round (plus, for ping, the one Xen raises when binding), so a lost
 * or duplicated event fails the count.
 */
#include "evtest.h"

#define DEFAULT_ROUNDS 10000

static unsigned long rounds(void)
{
    return arg_ulong("rounds", DEFAULT_ROUNDS);
}

void role_pong(void)
{
    evtchn_port_t port = evtest_offer();
    unsigned long i, n = rounds();
    evtchn_status_t st;

    evt_enable_upcalls();
    for (i = 1; i <= n; i++) {
        if (evt_wait(port, i, MAX_BLOCKS) < i)
            break;
        if (i == 1)
            check(evt_status(DOMID_SELF, port, &st) == 0 &&
                  st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == evtest_peer(),
                  "pong.status_interdomain", "status %u, peer %u", st.status,
                  st.u.interdomain.dom);
        evt_send(port);
    }
    check(evt_count[port] == n, "pong.rounds", "%u events for %lu rounds",
          evt_count[port], n);
}

void role_ping(void)
{
    evtchn_port_t port = evtest_connect("ping.bind_interdomain");
    unsigned long i, n = rounds();
    uint32_t base;
    uint64_t t0, t1;

    evt_enable_upcalls();
    base = evt_count[port];
    check(base == 1, "ping.bind_notification", "%u events after binding, expected 1", base);
    t0 = evt_now();
    for (i = 1; i <= n; i++) {
        evt_send(port);
        if (evt_wait(port, base + i, MAX_BLOCKS) < base + i)
            break;
    }
    t1 = evt_now();
    check(evt_count[port] == base + n, "ping.rounds", "%u events for %lu rounds",
          evt_count[port] - base, n);
    printk("ping: %lu round trips in %lu us\n", n, (unsigned long)((t1 - t0) / NS_PER_US));
}
