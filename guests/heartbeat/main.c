/*
 * guests/heartbeat/main.c - a domain that stays up: "heartbeat N" on its
 * console once a second of its own system time, so a test sees progress
 * stop while it is paused and resume after.  Console input (ring only) is
 * echoed back as it arrives.  beats=N on the command line stops after N
 * beats with a power-off (default 0: forever); period=0 never beats, so
 * the domain stays up idle (the toolstack benchmark's background domains).
 *
 * Between beats it blocks with a one-shot timer; a console event wakes it
 * early to echo input.  Binding VIRQ_TIMER starts Xen's default 10 ms
 * periodic timer too; it is stopped at once, as Linux's PV clock does, so
 * an idle heartbeat is woken by nothing but its console (a hundred idle
 * ones would otherwise cost dom0 ten thousand wake-ups a second).  A beat that comes late (the domain was paused)
 * starts a new second instead of catching up in a burst.
 */
#include "args.h"
#include "console.h"
#include "events.h"
#include "hypercall.h"
#include "pv.h"
#include "xencons.h"

#define NS_PER_SEC  1000000000ULL
#define ECHO_CHUNK  64

static void echo_input(void)
{
    char buf[ECHO_CHUNK];
    size_t n;

    while ((n = xencons_read(buf, sizeof(buf))) > 0)
        console_write(buf, n);
}

static int have_timer;

/* Without a timer port nothing would end a block: poll with yield then. */
static void wait_until(uint64_t deadline)
{
    while (evt_now() < deadline) {
        HYPERVISOR_set_timer_op(deadline);
        HYPERVISOR_sched_op(have_timer ? SCHEDOP_block : SCHEDOP_yield, NULL);
        if (xencons_active())
            echo_input();
    }
}

/* period=0: no timer at all (a huge one would fire every 100 ms, as on Xen). */
static void __attribute__((noreturn)) idle_forever(void)
{
    HYPERVISOR_set_timer_op(0);
    for (;;) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        if (xencons_active())
            echo_input();
    }
}

void guest_main(void)
{
    evtchn_port_t timer_port;
    unsigned long beats = arg_ulong("beats", 0);
    uint64_t period = arg_ulong("period", 1) * NS_PER_SEC;
    int ring = pv_setup_minimal() == 0 && xencons_init() == 0;

    have_timer = evt_bind_virq(VIRQ_TIMER, 0, &timer_port) == 0;
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    if (!have_timer)
        printk("heartbeat: cannot bind VIRQ_TIMER, polling instead\n");
    printk("heartbeat: up (console %s)\n", ring ? "ring" : "console_io");
    if (!period)
        idle_forever();
    for (unsigned long n = 1; !beats || n <= beats; n++) {
        wait_until(evt_now() + period);
        printk("heartbeat %lu\n", n);
    }
    printk("heartbeat: %lu beats done, powering off\n", beats);
    for (;;)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
