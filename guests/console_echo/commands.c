/*
 * guests/console_echo/commands.c - lines that are commands, not text.
 *
 *   quit    print the verdict and power off
 *   efault  announce "console_echo: efault: type a line", wait until
 *           input is pending, then check that reads into bad buffers
 *           fail with -EFAULT and a read of 0 bytes returns 0, none of
 *           them consuming anything: the line typed is echoed intact
 *           afterwards
 *   flood   announce "console_echo: flood: not reading", wait until
 *           input is pending, read nothing for flood_wait_ms= (default
 *           1000) so that the typed flood fills the hypervisor's ring,
 *           then read what the ring kept and report
 *           "console_echo: flood: read N bytes, M not 'x'"
 *
 * While nothing is read, "is input pending?" is asked with a read into
 * an unmapped buffer: Xen fails it with -EFAULT if there is input and
 * consumes nothing, and returns 0 if there is none.
 */
#include <public/errno.h>
#include <public/xen.h>
#include "args.h"
#include "console.h"
#include "report.h"
#include "string.h"
#include "console_echo.h"

#define FLOOD_CHAR              'x'
#define DEFAULT_FLOOD_WAIT_MS   1000
#define NSEC_PER_MSEC           1000000ULL

/* Wait until some input is pending, consuming none; returns the read's
 * result (-EFAULT, if the hypervisor behaves). */
static long wait_for_pending(const char *what)
{
    long rc;

    while ((rc = console_read((void *)BAD_PTR_UNMAPPED, READ_CHUNK)) == 0)
        wait_a_little(what);
    return rc;
}

static void check_bad_buffers(void)
{
    char buf[READ_CHUNK];

    printk("console_echo: efault: type a line\n");
    check_rc("console_io.read_bad_buffer", wait_for_pending("the efault line"),
             -XEN_EFAULT);
    check_rc("console_io.read_hypervisor_buffer",
             console_read((void *)BAD_PTR_HYPERVISOR, READ_CHUNK), -XEN_EFAULT);
    check_rc("console_io.read_count_zero", console_read(buf, 0), 0);
}

/* Everything pending now; returns how many bytes, counting strangers. */
static unsigned long drain(unsigned long *not_flood)
{
    char buf[READ_CHUNK];
    unsigned long total = 0;
    long rc, i;

    while ((rc = console_read(buf, sizeof(buf))) > 0) {
        for (i = 0; i < rc; i++)
            *not_flood += buf[i] != FLOOD_CHAR;
        total += (unsigned long)rc;
    }
    check(rc == 0, "console_io.read_after_flood", "returned %ld", rc);
    return total;
}

static void flood(void)
{
    unsigned long long until;
    unsigned long total, strangers = 0;

    printk("console_echo: flood: not reading\n");
    check_rc("console_io.read_bad_buffer_flood", wait_for_pending("the flood"),
             -XEN_EFAULT);
    until = now_ns() + arg_ulong("flood_wait_ms", DEFAULT_FLOOD_WAIT_MS) * NSEC_PER_MSEC;
    while (now_ns() < until)
        wait_a_little("the end of the flood");
    total = drain(&strangers);
    printk("console_echo: flood: read %lu bytes, %lu not '%c'\n", total,
           strangers, FLOOD_CHAR);
}

int run_command(const char *line)
{
    if (strcmp(line, "quit") == 0) {
        virq_wait_report();
        test_finish();
    }
    if (strcmp(line, "efault") == 0)
        check_bad_buffers();
    else if (strcmp(line, "flood") == 0)
        flood();
    else
        return 0;
    return 1;
}
