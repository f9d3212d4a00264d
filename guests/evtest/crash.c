/*
 * guests/evtest/crash.c - an exchange in which one side crashes.  The
 * crasher answers rounds=N events, then takes a page fault with no
 * handler left, and the hypervisor crashes it.  The survivor must then
 * find its end of the channel back in the unbound state, offered to the
 * dead domain (as Xen leaves it), sends on it dropped, and the dead
 * domain unknown.
 */
#include "evtest.h"

#define DEFAULT_ROUNDS 100

static void __attribute__((noreturn)) crash_without_handler(void)
{
    HYPERVISOR_set_trap_table(NULL);
    *(volatile int *)BAD_PTR = 1;
    for (;;)
        ;
}

void role_crasher(void)
{
    evtchn_port_t port = evtest_offer();
    unsigned long i, n = arg_ulong("rounds", DEFAULT_ROUNDS);

    evt_enable_upcalls();
    for (i = 1; i <= n && evt_wait(port, i, MAX_BLOCKS) >= i; i++)
        evt_send(port);
    check(i > n, "crasher.rounds", "stopped after %lu of %lu", i - 1, n);
    printk("crasher: crashing now\n");
    crash_without_handler();
}

/* Until the peer's end is gone; bounded. */
static int wait_unbound(evtchn_port_t port, evtchn_status_t *st)
{
    unsigned long n;

    for (n = 0; n < MAX_YIELDS; n++) {
        if (evt_status(DOMID_SELF, port, st) == 0 && st->status == EVTCHNSTAT_unbound)
            return 1;
        pv_yield();
    }
    return 0;
}

void role_survivor(void)
{
    evtchn_port_t port = evtest_connect("survivor.bind_interdomain"), again;
    unsigned long i, n = arg_ulong("rounds", DEFAULT_ROUNDS);
    evtchn_status_t st;
    uint32_t base;

    evt_enable_upcalls();
    base = evt_count[port];
    for (i = 1; i <= n; i++) {
        evt_send(port);
        if (evt_wait(port, base + i, MAX_BLOCKS) < base + i)
            break;
    }
    check(i > n, "survivor.rounds", "stopped after %lu of %lu", i - 1, n);
    check(wait_unbound(port, &st) && st.u.unbound.dom == evtest_peer(),
          "survivor.port_unbound_after_peer_crash", "status %u, offered to %u",
          st.status, st.u.unbound.dom);
    check_rc("survivor.send_to_dead_peer_dropped", evt_send(port), 0);
    check_rc("survivor.rebind_dead_peer", evt_bind_interdomain(evtest_peer(), 1, &again),
             -XEN_ESRCH);
    check_rc("survivor.close", evt_close(port), 0);
}
