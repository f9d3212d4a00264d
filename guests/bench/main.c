/*
 * guests/bench/main.c - hypercall and boot timing in TSC ticks.
 *
 *   bench: null_hypercall <avg> ticks/call   xen_version(XENVER_version)
 *   bench: print_string <avg> ticks/call     print_string("x")
 *   bench: boot_to_guest <ticks> ticks       TSC at the guest's first
 *                                            instruction (head.S), i.e.
 *                                            since the machine was reset
 * and the memory-management figures of mm.c, the event-channel and
 * scheduling ones of events.c.  With role=pong it is instead the second
 * domain those need (events.c).
 * Each loop sits between two "lfence; rdtsc" reads; averages carry one
 * decimal.  Ends with the usual verdict line and a power-off.
 */
#include "args.h"
#include "bench.h"
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "string.h"

#define BENCH_NULL_CALLS  100000ul
#define BENCH_PRINT_CALLS 10000ul

/* Ticks per call with one decimal, rounded. */
static void bench_print_avg(const char *what, uint64_t ticks, unsigned long calls)
{
    uint64_t tenths = (ticks * 10 + calls / 2) / calls;

    printk("bench: %s %lu.%lu ticks/call\n", what, tenths / 10, tenths % 10);
}

static uint64_t bench_null_hypercall(unsigned long *errors)
{
    uint64_t start, end;
    unsigned long i;

    start = rdtsc_ordered();
    for (i = 0; i < BENCH_NULL_CALLS; i++)
        if (HYPERVISOR_xen_version(XENVER_version, NULL) <= 0)
            (*errors)++;
    end = rdtsc_ordered();
    return end - start;
}

static uint64_t bench_print_string(unsigned long *errors)
{
    uint64_t start, end;
    unsigned long i;

    start = rdtsc_ordered();
    for (i = 0; i < BENCH_PRINT_CALLS; i++)
        if (HYPERVISOR_print_string("x") < 0)
            (*errors)++;
    end = rdtsc_ordered();
    return end - start;
}

void guest_main(void)
{
    unsigned long errors = 0;
    uint64_t null_ticks, print_ticks;

    char role[8];

    if (pv_setup_minimal())
        test_abort("bench.setup", "start-up hypercalls failed");
    arg_word("role", role, sizeof(role));
    if (!strcmp(role, "pong"))
        bench_pong();
    null_ticks = bench_null_hypercall(&errors);
    print_ticks = bench_print_string(&errors);

    bench_print_avg("null_hypercall", null_ticks, BENCH_NULL_CALLS);
    bench_print_avg("print_string", print_ticks, BENCH_PRINT_CALLS);
    printk("bench: boot_to_guest %lu ticks\n", boot_state.tsc);
    bench_mm();
    bench_events();
    if (errors)
        check(0, "bench.hypercalls_succeed", "%lu calls failed", errors);
    test_finish();
}
