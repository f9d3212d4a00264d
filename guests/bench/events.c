/*
 * guests/bench/events.c - event channels and scheduling, in TSC ticks:
 *
 *   bench: evtchn_loopback <avg> ticks/round   EVTCHNOP_send on a channel
 *          from this domain to itself, the upcall it raises delivered on
 *          the hypercall's return, a minimal handler (upcall.S) clearing
 *          the pending bits and returning with the iret hypercall
 *   bench: yield_alone <avg> ticks/call        SCHEDOP_yield, nothing
 *          else runnable
 *   bench: pingpong_round_trip <avg> ticks     to the pong domain and back
 *          over an interdomain channel, both sides blocking in between
 *   bench: domain_switch <avg> ticks/switch    SCHEDOP_yield while the
 *          pong domain yields too: one yield hypercall and one switch
 *
 * The last two need the second domain (the bench image with role=pong,
 * pong=ID on ours); without it they are left out.
 */
#include "args.h"
#include "bench.h"
#include "console.h"
#include "events.h"
#include "hypercall.h"
#include "pt.h"
#include "pv.h"
#include "report.h"
#include "traps.h"

#define LOOPBACK_ROUNDS 100000ul
#define YIELD_CALLS     100000ul
#define PINGPONG_ROUNDS 10000ul
#define SWITCH_YIELDS   20000ul
#define OFFER_PORT      1
#define MAX_BLOCKS      1000000ul

void bench_upcall(void);
extern volatile void *bench_vcpu_info;
extern volatile void *bench_pending_word;
extern volatile uint64_t bench_upcalls;

static void print_avg(const char *name, uint64_t ticks, unsigned long n, const char *unit)
{
    uint64_t tenths = (ticks * 10 + n / 2) / n;

    printk("bench: %s %lu.%lu %s\n", name, tenths / 10, tenths % 10, unit);
}

static uint64_t loopback_rounds(evtchn_port_t near)
{
    evtchn_send_t send = { .port = near };
    uint64_t start;
    unsigned long i;

    start = rdtsc_ordered();
    for (i = 0; i < LOOPBACK_ROUNDS; i++)
        HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
    return rdtsc_ordered() - start;
}

static void bench_loopback(void)
{
    evtchn_port_t far = 0, near = 0;
    uint64_t before, ticks;

    if (evt_alloc_unbound(DOMID_SELF, &far) || evt_bind_interdomain(DOMID_SELF, far, &near)) {
        check(0, "bench.loopback_channel", "could not make the channel");
        return;
    }
    bench_vcpu_info = &shared_info->vcpu_info[0];
    bench_pending_word = &shared_info->evtchn_pending[0];
    evt_disable_upcalls();
    pv_register_callback(CALLBACKTYPE_event, bench_upcall, 0);
    evt_enable_upcalls();               /* the binding's own event goes first */
    before = bench_upcalls;
    ticks = loopback_rounds(near);
    evt_disable_upcalls();
    pv_register_callback(CALLBACKTYPE_event, entry_event_callback, 0);
    evt_close(near);
    evt_close(far);
    evt_enable_upcalls();
    check(bench_upcalls - before == LOOPBACK_ROUNDS, "bench.loopback_every_event",
          "%lu upcalls for %lu sends", (unsigned long)(bench_upcalls - before), LOOPBACK_ROUNDS);
    print_avg("evtchn_loopback", ticks, LOOPBACK_ROUNDS, "ticks/round");
}

static void bench_yield_alone(void)
{
    uint64_t start = rdtsc_ordered();
    unsigned long i;

    for (i = 0; i < YIELD_CALLS; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    print_avg("yield_alone", rdtsc_ordered() - start, YIELD_CALLS, "ticks/call");
}

/* Bound to the pong domain's offered port, retrying until it exists. */
static evtchn_port_t connect_pong(domid_t pong)
{
    evtchn_port_t port = 0;
    unsigned long tries;

    for (tries = 0; tries < MAX_BLOCKS; tries++) {
        if (evt_bind_interdomain(pong, OFFER_PORT, &port) == 0)
            return port;
        pv_yield();
    }
    return 0;
}

static void bench_pingpong(evtchn_port_t port)
{
    uint32_t base = evt_count[port];
    uint64_t start = rdtsc_ordered();
    unsigned long i;

    for (i = 1; i <= PINGPONG_ROUNDS; i++) {
        evt_send(port);
        evt_wait(port, base + i, MAX_BLOCKS);
    }
    print_avg("pingpong_round_trip", rdtsc_ordered() - start, PINGPONG_ROUNDS, "ticks");
    check(evt_count[port] == base + PINGPONG_ROUNDS, "bench.pingpong_every_event",
          "%u answers for %lu rounds", evt_count[port] - base, PINGPONG_ROUNDS);
}

/* Pong yields back each time once the ping-pong is over: two switches a round. */
static void bench_domain_switch(evtchn_port_t port)
{
    uint64_t start = rdtsc_ordered();
    unsigned long i;

    for (i = 0; i < SWITCH_YIELDS; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    print_avg("domain_switch", rdtsc_ordered() - start, 2 * SWITCH_YIELDS, "ticks/switch");
    evt_send(port);                     /* pong: stop */
}

/* The dom0 side.  Pong is made to block first, so yield_alone is alone. */
void bench_events(void)
{
    domid_t pong = (domid_t)arg_ulong("pong", DOMID_INVALID);
    evtchn_port_t port = pong == DOMID_INVALID ? 0 : connect_pong(pong);

    evt_enable_upcalls();
    if (pong != DOMID_INVALID && !check(port != 0, "bench.pong_connected", "no channel"))
        port = 0;
    bench_loopback();
    bench_yield_alone();
    if (!port)
        return;
    bench_pingpong(port);
    bench_domain_switch(port);
}

/* The second domain: answer every ping, then yield until told to stop. */
void bench_pong(void)
{
    evtchn_port_t port = 0;
    unsigned long i;

    if (evt_alloc_unbound(0, &port))
        test_abort("bench.pong_offer", "alloc_unbound failed");
    evt_enable_upcalls();
    for (i = 1; i <= PINGPONG_ROUNDS; i++) {
        evt_wait(port, i, MAX_BLOCKS);
        evt_send(port);
    }
    while (evt_count[port] < PINGPONG_ROUNDS + 1)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    test_finish();
}
