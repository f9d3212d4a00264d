/*
 * guests/console_echo/main.c - serial console input, seen from a guest.
 *
 * As domain 0 (privileged) it reads console input with
 * console_io(CONSOLEIO_read) and echoes it to the log one line at a time,
 * "echo: <line>", control characters shown as ^X.  Between reads it
 * yields (polling), or with virq=1 it waits as a real domain 0 does,
 * blocked until VIRQ_CONSOLE arrives (virq.c).  A few lines are commands
 * instead (commands.c): "quit" prints the verdict and powers off; the
 * others run checks that need input to be pending.  With no terminating
 * line within input_timeout= seconds (default 50) of guest time, it
 * gives up with a failed check.
 *
 * As any other domain it checks that reading is refused with Xen's
 * errno, prints its verdict and powers off.
 */
#include <public/errno.h>
#include <public/xen.h>
#include "args.h"
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "console_echo.h"

#define LINE_MAX            200
#define ECHO_PREFIX         "echo: "
#define CUT_MARK            " [cut]"
#define DEFAULT_TIMEOUT_S   50
#define NSEC_PER_SEC        1000000000ULL
#define CTRL_SHOWN_AS(c)    ((char)((c) + '@'))
#define ASCII_DEL           0x7f

unsigned long input_timeout_s = DEFAULT_TIMEOUT_S;
unsigned long long input_deadline_ns;

long console_read(void *buf, unsigned int count)
{
    return HYPERVISOR_console_io(CONSOLEIO_read, count, buf);
}

unsigned long long now_ns(void)
{
    struct pv_time t;

    if (pv_time_snapshot(&t))
        test_abort("console_echo.time", "vcpu_time_info never settled");
    return pv_time_ns(&t);
}

void wait_a_little(const char *waiting_for)
{
    if (now_ns() > input_deadline_ns)
        test_abort("console_echo.input_timeout", "%s: nothing after %lu s",
                   waiting_for, input_timeout_s);
    HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* "^A" for control characters, so the log shows exactly what arrived. */
static size_t escape(const char *in, size_t len, char *out)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];

        if (c < ' ' || c == ASCII_DEL) {
            out[n++] = '^';
            out[n++] = c == ASCII_DEL ? '?' : CTRL_SHOWN_AS(c);
        } else {
            out[n++] = (char)c;
        }
    }
    return n;
}

static void echo_line(const char *line, size_t len, int cut)
{
    char out[sizeof(ECHO_PREFIX) + 2 * LINE_MAX + sizeof(CUT_MARK) + 1];
    size_t n = sizeof(ECHO_PREFIX) - 1;

    memcpy(out, ECHO_PREFIX, n);
    n += escape(line, len, out + n);
    if (cut) {
        memcpy(out + n, CUT_MARK, sizeof(CUT_MARK) - 1);
        n += sizeof(CUT_MARK) - 1;
    }
    out[n++] = '\n';
    console_write(out, n);
}

struct line {
    char text[LINE_MAX + 1];
    size_t len;
    int cut;
};

/* A line ends at CR or LF; empty lines are skipped. */
static void line_add(struct line *l, char c)
{
    if (c != '\r' && c != '\n') {
        if (l->len < LINE_MAX)
            l->text[l->len++] = c;
        else
            l->cut = 1;
        return;
    }
    if (l->len == 0 && !l->cut)
        return;
    l->text[l->len] = '\0';
    if (l->cut || !run_command(l->text))
        echo_line(l->text, l->len, l->cut);
    l->len = 0;
    l->cut = 0;
}

static __attribute__((noreturn)) void echo_input(void)
{
    static struct line line;
    char buf[READ_CHUNK];
    long rc, i;

    printk("console_echo: ready (domain 0, reading console input)\n");
    for (;;) {
        rc = console_read(buf, sizeof(buf));
        if (rc < 0 || rc > (long)sizeof(buf))
            test_abort("console_io.read", "returned %ld", rc);
        if (rc == 0)
            wait_for_input();
        for (i = 0; i < rc; i++)
            line_add(&line, buf[i]);
    }
}

/* Xen lets a domain read only if it is privileged (or the console domain),
 * and checks that before anything else. */
static __attribute__((noreturn)) void check_refused(void)
{
    char buf[READ_CHUNK];

    printk("console_echo: not privileged: reading must be refused\n");
    check_rc("console_io.read_unprivileged", console_read(buf, sizeof(buf)),
             -XEN_EPERM);
    check_rc("console_io.read_unprivileged_bad_buffer",
             console_read((void *)BAD_PTR_UNMAPPED, sizeof(buf)), -XEN_EPERM);
    check_rc("console_io.read_unprivileged_count_too_big",
             console_read(buf, 0x80000000u), -XEN_EPERM);
    check_rc("console_io.read_unprivileged_count_zero", console_read(buf, 0),
             -XEN_EPERM);
    test_finish();
}

void guest_main(void)
{
    if (pv_setup_minimal())
        test_abort("console_echo.setup", "start-up hypercalls failed");
    input_timeout_s = arg_ulong("input_timeout", DEFAULT_TIMEOUT_S);
    input_deadline_ns = now_ns() + input_timeout_s * NSEC_PER_SEC;
    if (start_info->flags & SIF_PRIVILEGED) {
        virq_wait_setup();
        echo_input();
    }
    check_refused();
}
