/*
 * guests/xencons_test/main.c - the guest's PV console ring driver
 * (guests/lib/xencons.c) against a backend played by the guest itself.
 *
 * A domU booted as a boot module has no console page, so this one makes
 * its own: a page of its memory and a loopback event channel (unbound for
 * itself, then bound from the other end) go into start_info's
 * console.domU, and xencons_init() takes them as the builder's.  The
 * test then does what xenconsoled would (reads out[], fills in[], moves
 * the other indices, looks at the notify) and checks the driver's side:
 * bytes in order and across the 2^32 wrap, notifies, printk routed to the
 * ring, reads bounded against a backend that claims 1 GiB of input, the
 * drain wait, and frames it must not take for a console.  The backend's port stays masked, so a notify shows as
 * its pending bit.
 */
#include <public/io/console.h>
#include "console.h"
#include "events.h"
#include "hypercall.h"
#include "m2p.h"
#include "pv.h"
#include "report.h"
#include "string.h"
#include "xencons.h"

#define ONE_GIB        (1u << 30)
#define SHORT_WAIT_NS  10000000ULL

static uint8_t ring_page[PAGE_SIZE] PAGE_ALIGNED_BSS;
static volatile struct xencons_interface *const ring =
    (volatile struct xencons_interface *)ring_page;
static evtchn_port_t backend_port;

/* The backend notices a notify: its port's pending bit, then cleared. */
static int backend_notified(void)
{
    int pending = evt_is_pending(backend_port);

    evt_clear_pending(backend_port);
    return pending;
}

static int out_holds(XENCONS_RING_IDX from, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        if (ring->out[MASK_XENCONS_IDX(from + i, ring->out)] != s[i])
            return 0;
    return 1;
}

/* A frame that is not ours, and frame 0 (no console), leave console_io in use. */
static void test_refused_frames(void)
{
    unsigned long lowest, highest;
    int foreign, none;

    pv_mfn_bounds(&lowest, &highest);
    start_info->console.domU.mfn = highest + 1;
    foreign = xencons_init();
    start_info->console.domU.mfn = 0;
    none = xencons_init();
    check(foreign == -1 && none == -1 && !xencons_active(), "xencons.refuses_other_frames",
          "init gave %d for a foreign frame, %d for frame 0", foreign, none);
}

static void set_up_console(void)
{
    evtchn_port_t guest_port, port;
    int rc;

    check_rc("xencons.alloc_loopback", evt_alloc_unbound(DOMID_SELF, &guest_port), 0);
    check_rc("xencons.bind_backend",
             evt_bind_interdomain(DOMID_SELF, guest_port, &backend_port), 0);
    evt_mask(backend_port);
    start_info->console.domU.mfn = pv_va_to_mfn(ring_page);
    start_info->console.domU.evtchn = guest_port;
    rc = xencons_init();
    port = xencons_port();
    xencons_stop();            /* the verdict lines go to console_io */
    check_rc("xencons.init", rc, 0);
    check(port == guest_port, "xencons.port", "port %u, expected %u", port, guest_port);
}

static void test_output(void)
{
    xencons_init();
    xencons_write("hello", 5);
    xencons_stop();
    check(ring->out_prod == 5 && out_holds(0, "hello"), "xencons.write_in_order",
          "out_prod %u", ring->out_prod);
    check(backend_notified(), "xencons.write_notifies", "backend port not pending");
    ring->out_cons = ring->out_prod = UINT32_MAX - 1;
    xencons_init();
    printk("wrap");
    xencons_stop();
    check(ring->out_prod == 2 && out_holds(UINT32_MAX - 1, "wrap"),
          "xencons.printk_wraps_index", "out_prod %u", ring->out_prod);
}

static void test_input(void)
{
    char buf[2 * XENCONS_IN_SIZE];
    size_t n;

    memcpy((void *)ring->in, "abc", 3);
    ring->in_prod = 3;
    xencons_init();
    n = xencons_read(buf, sizeof(buf));
    xencons_stop();
    check(n == 3 && !memcmp(buf, "abc", 3) && ring->in_cons == 3,
          "xencons.read_in_order", "read %lu, in_cons %u", (unsigned long)n, ring->in_cons);
    check(backend_notified(), "xencons.read_notifies", "backend port not pending");
    ring->in_prod = ring->in_cons + ONE_GIB;
    xencons_init();
    n = xencons_read(buf, sizeof(buf));
    xencons_stop();
    check(n == XENCONS_IN_SIZE, "xencons.read_bounded_by_ring",
          "read %lu with in_prod 1 GiB ahead", (unsigned long)n);
    ring->in_cons = ring->in_prod = 0;
    backend_notified();
    xencons_init();
    n = xencons_read(buf, sizeof(buf));
    xencons_stop();
    check(n == 0 && !backend_notified(), "xencons.empty_read_is_quiet", "read %lu", (unsigned long)n);
}

static void test_drain_wait(void)
{
    long rc;

    ring->out_cons = ring->out_prod - 1;
    xencons_init();
    rc = xencons_wait_drained(SHORT_WAIT_NS);
    ring->out_cons = ring->out_prod;
    rc = rc == -1 && xencons_wait_drained(SHORT_WAIT_NS) == 0;
    xencons_stop();
    check(rc, "xencons.wait_drained", "did not time out, then return at once");
}

void guest_main(void)
{
    if (!check_rc("xencons.setup", pv_setup_minimal(), 0))
        test_finish();
    test_refused_frames();
    set_up_console();
    backend_notified();
    test_output();
    test_input();
    test_drain_wait();
    test_finish();
}
