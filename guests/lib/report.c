/*
 * guests/lib/report.c - check lines, failure count and the final verdict.
 */
#include "report.h"
#include "hypercall.h"
#include "xencons.h"

/* Detail text of one failing check. */
#define DETAIL_BUF_SIZE 256
/* How long xenconsoled gets to take the verdict before the domain goes. */
#define VERDICT_DRAIN_NS 2000000000ULL

static unsigned int failures;

static void report_fail_line(const char *name, const char *fmt, va_list ap)
{
    char detail[DETAIL_BUF_SIZE];

    fmt_vsnprintf(detail, sizeof(detail), fmt, ap);
    printk("not ok - %s: %s\n", name, detail);
    failures++;
}

int check(int cond, const char *name, const char *fmt, ...)
{
    va_list ap;

    if (cond) {
        report_pass(name);
        return 1;
    }
    va_start(ap, fmt);
    report_fail_line(name, fmt, ap);
    va_end(ap);
    return 0;
}

void report_pass(const char *name)
{
    printk("ok - %s\n", name);
}

int check_rc(const char *name, long rc, long expected)
{
    return check(rc == expected, name, "returned %ld, expected %ld",
                 rc, expected);
}

unsigned int report_failures(void)
{
    return failures;
}

void report_verdict(void)
{
    if (failures)
        printk("Test result: FAILURE (%u checks failed)\n", failures);
    else
        printk("Test result: SUCCESS\n");
}

void test_finish_as(unsigned int reason)
{
    report_verdict();
    if (xencons_active())
        xencons_wait_drained(VERDICT_DRAIN_NS);
    for (;;)
        HYPERVISOR_shutdown(reason);
}

void test_finish(void)
{
    test_finish_as(SHUTDOWN_poweroff);
}

void test_abort(const char *name, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report_fail_line(name, fmt, ap);
    va_end(ap);
    test_finish_as(SHUTDOWN_poweroff);
}

void test_crash(const char *fmt, ...)
{
    char what[DETAIL_BUF_SIZE];
    va_list ap;

    va_start(ap, fmt);
    fmt_vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    printk("not ok - %s\n", what);
    failures++;
    test_finish_as(SHUTDOWN_crash);
}
