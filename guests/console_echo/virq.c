/*
 * guests/console_echo/virq.c - waiting for input as a real domain 0
 * does, with virq=1 on the command line: VIRQ_CONSOLE bound to a port,
 * and SCHEDOP_block until the hypervisor raises it.
 *
 * The port's pending bit is cleared before input is looked for again, so
 * input that arrives after the look raises the event anew and the block
 * returns at once; input that arrived before it is found by the look.
 * SCHEDOP_block unmasks events, so the upcall is delivered on wake-up
 * (guests/lib/traps.c acknowledges it).
 */
#include <public/errno.h>
#include <public/xen.h>
#include "args.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "events.h"
#include "console_echo.h"

#define BITS_PER_XEN_ULONG  (sizeof(xen_ulong_t) * 8)

static evtchn_port_t console_port, debug_port;
static int use_virq;
static unsigned long blocks;

int virq_wait_setup(void)
{
    struct evtchn_bind_virq bind = { .virq = VIRQ_CONSOLE, .vcpu = 0 };

    use_virq = arg_ulong("virq", 0) != 0;
    if (!use_virq)
        return 0;
    check_rc("console_echo.bind_virq_console",
             HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind), 0);
    console_port = bind.port;
    /* The 'q' debug key notifies every vCPU through VIRQ_DEBUG, as on Xen. */
    check_rc("console_echo.bind_virq_debug", evt_bind_virq(VIRQ_DEBUG, 0, &debug_port), 0);
    return 1;
}

static void clear_port_pending(evtchn_port_t port)
{
    volatile xen_ulong_t *word = &shared_info->evtchn_pending[port / BITS_PER_XEN_ULONG];

    __atomic_fetch_and(word, ~((xen_ulong_t)1 << (port % BITS_PER_XEN_ULONG)),
                       __ATOMIC_SEQ_CST);
}

void wait_for_input(void)
{
    if (!use_virq) {
        wait_a_little("console input");
        return;
    }
    clear_port_pending(console_port);
    /* A read into nowhere fails with -EFAULT exactly when input waits. */
    if (console_read((void *)BAD_PTR_UNMAPPED, 1) != 0)
        return;
    blocks++;
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    if (now_ns() > input_deadline_ns)
        test_abort("console_echo.input_timeout", "no terminating line after %lu s",
                   input_timeout_s);
}

void virq_wait_report(void)
{
    if (!use_virq)
        return;
    check(blocks > 0, "console_echo.blocked_for_input",
          "never blocked: input was always there");
    check(evt_count[debug_port] > 0, "console_echo.virq_debug_on_q",
          "no VIRQ_DEBUG event while 'q' was pressed");
}
