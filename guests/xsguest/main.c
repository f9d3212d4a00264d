/*
 * guests/xsguest/main.c - a domU that uses xenstore through its own ring
 * (guests/lib/xs_client.c), for `xl create` once the toolstack runs it:
 * it writes and reads its own nodes (relative to /local/domain/N), sets a
 * watch and sees it fire at registration and on a change, and is refused
 * (EACCES) reading and writing domain 0's nodes and those of the domain
 * named by "peer=N" on its command line (default: 0 only).  Its check
 * lines and verdict go to its PV console ring (console_io without one),
 * then it powers off.
 *
 * "mode=quota" instead fills its quotas (Xen's: 1000 entries, 128 watches,
 * 2048-byte values, 10 transactions) and checks Xen's errors past them.  "mode=control" is
 * a cooperative guest: it offers control/feature-poweroff and -reboot,
 * watches control/shutdown and shuts down as asked ("poweroff" or
 * "reboot"), as Linux's xenbus shutdown handler does.
 */
#include <public/errno.h>
#include <public/sched.h>
#include "args.h"
#include "console.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "xencons.h"
#include "xs_client.h"

#define VALUE_MAX 128

static void own_nodes(void)
{
    char buf[VALUE_MAX];
    long rc;

    check_rc("xsguest.write_own", xsc_write("data/greeting", "hello"), 0);
    rc = xsc_read("data/greeting", buf, sizeof(buf));
    check(rc == 5 && strcmp(buf, "hello") == 0, "xsguest.read_own",
          "read returned %ld, \"%s\"", rc, rc >= 0 ? buf : "");
    rc = xsc_read("data/missing", buf, sizeof(buf));
    check_rc("xsguest.read_missing", rc, -XEN_ENOENT);
}

static void watch_own(void)
{
    char path[VALUE_MAX], token[VALUE_MAX];

    check_rc("xsguest.watch", xsc_watch("data", "tok"), 0);
    /* Xen fires a watch once when it is set. */
    check(xsc_wait_event(path, sizeof(path), token, sizeof(token)) == 0 &&
          strcmp(path, "data") == 0 && strcmp(token, "tok") == 0,
          "xsguest.watch_initial", "event \"%s\" \"%s\"", path, token);
    check_rc("xsguest.write_watched", xsc_write("data/changed", "1"), 0);
    check(xsc_wait_event(path, sizeof(path), token, sizeof(token)) == 0 &&
          strcmp(path, "data/changed") == 0, "xsguest.watch_fires",
          "event \"%s\"", path);
}

static void others_refused(unsigned long domid)
{
    char path[48], buf[VALUE_MAX];

    fmt_snprintf(path, sizeof(path), "/local/domain/%lu/name", domid);
    check_rc("xsguest.read_other", xsc_read(path, buf, sizeof(buf)), -XEN_EACCES);
    fmt_snprintf(path, sizeof(path), "/local/domain/%lu/evil", domid);
    check_rc("xsguest.write_other", xsc_write(path, "x"), -XEN_EACCES);
}

/* Tries a little past the quotas, so a missing limit shows as a failure. */
#define ENTRIES_TRY_MAX 1100
#define WATCHES_TRY_MAX 200
/* Xen 4.17's quota-nb-entry-per-domain and quota-max-entry-size. */
#define QUOTA_ENTRIES   1000
#define QUOTA_VALUE     2048
#define QUOTA_WATCHES   128
#define QUOTA_TRANSACTIONS 10
#define TRANSACTIONS_TRY_MAX 20

static void entry_quota(void)
{
    char path[32];
    unsigned int n;
    long rc = 0;

    for (n = 0; n < ENTRIES_TRY_MAX && rc == 0; n++) {
        fmt_snprintf(path, sizeof(path), "data/q%u", n);
        rc = xsc_write(path, "x");
    }
    check_rc("xsguest.entry_quota", rc, -XEN_ENOSPC);
    /* xl's nodes that the domain owns count too (control/, data/, ...). */
    check(n > QUOTA_ENTRIES - 50 && n <= QUOTA_ENTRIES, "xsguest.entry_count",
          "refused at the %u-th new node", n);
    check_rc("xsguest.rewrite_at_quota", xsc_write("data/q0", "y"), 0);
}

static void watch_quota(void)
{
    char token[16];
    unsigned int n;
    long rc = 0;

    for (n = 0; n < WATCHES_TRY_MAX && rc == 0; n++) {
        fmt_snprintf(token, sizeof(token), "w%u", n);
        rc = xsc_watch("data/q0", token);
        /* Each watch fires once when set; take the event. */
        if (rc == 0)
            xsc_wait_event(NULL, 0, NULL, 0);
    }
    check_rc("xsguest.watch_quota", rc, -XEN_E2BIG);
    /* Xen refuses a watch once the domain holds more than the quota. */
    check(n == QUOTA_WATCHES + 2, "xsguest.watch_count",
          "refused at the %u-th watch", n);
}

static void transaction_quota(void)
{
    unsigned int n;
    long rc = 0;

    for (n = 0; n < TRANSACTIONS_TRY_MAX && rc == 0; n++)
        rc = xsc_transaction_start();
    check_rc("xsguest.transaction_quota", rc, -XEN_ENOSPC);
    /* As for watches, Xen holds one past the quota. */
    check(n == QUOTA_TRANSACTIONS + 2, "xsguest.transaction_count",
          "refused at the %u-th transaction", n);
}

static char big_value[QUOTA_VALUE + 1];

static void size_quota(void)
{
    memset(big_value, 'v', QUOTA_VALUE);
    check_rc("xsguest.value_quota", xsc_write("data/q1", big_value), -XEN_ENOSPC);
    big_value[QUOTA_VALUE / 2] = '\0';
    check_rc("xsguest.value_below_quota", xsc_write("data/q1", big_value), 0);
}

/* Blocks until control/shutdown holds a request; returns its reason. */
static unsigned int await_shutdown_request(void)
{
    char path[VALUE_MAX], token[VALUE_MAX], request[VALUE_MAX];

    check_rc("xsguest.feature_poweroff",
             xsc_write("control/feature-poweroff", "1"), 0);
    check_rc("xsguest.feature_reboot",
             xsc_write("control/feature-reboot", "1"), 0);
    check_rc("xsguest.watch_control", xsc_watch("control/shutdown", "ctl"), 0);
    printk("xsguest: waiting on control/shutdown\n");
    for (;;) {
        long rc = xsc_wait_event(path, sizeof(path), token, sizeof(token));

        if (rc && rc != -XEN_ETIMEDOUT)
            test_abort("xsguest.control_event", "watch event: %ld", rc);
        if (xsc_read("control/shutdown", request, sizeof(request)) > 0)
            break;
    }
    /* Acknowledge, as Linux does: the toolstack sees the request taken. */
    check_rc("xsguest.control_ack", xsc_write("control/shutdown", ""), 0);
    printk("xsguest: control/shutdown asks for %s\n", request);
    if (strcmp(request, "reboot") == 0)
        return SHUTDOWN_reboot;
    check(strcmp(request, "poweroff") == 0, "xsguest.control_request",
          "unknown request \"%s\"", request);
    return SHUTDOWN_poweroff;
}

void guest_main(void)
{
    unsigned long peer = arg_ulong("peer", 0);
    char mode[16];
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("xsguest.setup", "start-up hypercalls returned %ld", rc);
    xencons_init();
    if (xsc_init())
        test_abort("xsguest.ring", "store_mfn %#lx is not in this domain",
                   (unsigned long)start_info->store_mfn);
    arg_word("mode", mode, sizeof(mode));
    if (strcmp(mode, "control") == 0)
        test_finish_as(await_shutdown_request());
    if (strcmp(mode, "quota") == 0) {
        entry_quota();
        watch_quota();
        size_quota();
        transaction_quota();
        test_finish();
    }
    own_nodes();
    watch_own();
    others_refused(0);
    if (peer)
        others_refused(peer);
    test_finish();
}
