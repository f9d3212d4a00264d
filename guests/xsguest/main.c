/*
 * guests/xsguest/main.c - a domU that uses xenstore through its own ring
 * (guests/lib/xs_client.c), for `xl create` once the toolstack runs it:
 * it writes and reads its own nodes (relative to /local/domain/N), sets a
 * watch and sees it fire at registration and on a change, and is refused
 * (EACCES) reading and writing domain 0's nodes and those of the domain
 * named by "peer=N" on its command line (default: 0 only).  Its check
 * lines and verdict go to its PV console ring (console_io without one),
 * then it powers off.
 */
#include <public/errno.h>
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

void guest_main(void)
{
    unsigned long peer = arg_ulong("peer", 0);
    long rc = pv_setup_minimal();

    if (rc)
        test_abort("xsguest.setup", "start-up hypercalls returned %ld", rc);
    xencons_init();
    if (xsc_init())
        test_abort("xsguest.ring", "store_mfn %#lx is not in this domain",
                   (unsigned long)start_info->store_mfn);
    own_nodes();
    watch_own();
    others_refused(0);
    if (peer)
        others_refused(peer);
    test_finish();
}
