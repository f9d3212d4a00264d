/*
 * tests/unit/test_xenconsoled.c - xenconsoled's domain and client logic
 * (tools/xenconsoled/domains.c, attach.c) over the in-memory toolstack of
 * fake_toolstack.c: a domain's console is connected from its xenstore
 * nodes, its output reaches the log and an attached client, the client's
 * input reaches the ring, and hostile nodes, rings and requests are
 * refused without harm.  Clients are real Unix sockets in a temporary
 * directory; the daemon's side runs in this process, step by step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "xenconsoled.h"
#include "fake_toolstack.h"

#define DOMID      5
#define RING_MFN   0x1234
#define GUEST_PORT 3
#define ONE_GIB    (1u << 30)

static struct daemon d;
static char dir[64], sock_path[128];

static void guest_writes(struct fake_domain *g, const char *s)
{
    for (size_t i = 0; s[i]; i++)
        g->ring.out[MASK_XENCONS_IDX(g->ring.out_prod++, g->ring.out)] = s[i];
}

static void store_console(uint32_t domid, const char *ring_ref, const char *port)
{
    char path[96];

    snprintf(path, sizeof(path), "/local/domain/%u/console/ring-ref", domid);
    fake_store_set(path, ring_ref);
    snprintf(path, sizeof(path), "/local/domain/%u/console/port", domid);
    fake_store_set(path, port);
}

static struct fake_domain *add_guest(int slot, uint32_t domid, const char *name)
{
    struct fake_domain *g = &fake_domains[slot];
    char path[96], mfn[32];

    g->domid = domid;
    g->live = 1;
    g->ring_mfn = RING_MFN + (unsigned long)slot;
    snprintf(mfn, sizeof(mfn), "%lu", g->ring_mfn);
    store_console(domid, mfn, "3");
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    fake_store_set(path, name);
    return g;
}

static int setup(void **state)
{
    (void)state;
    fake_reset();
    snprintf(dir, sizeof(dir), "/tmp/xenconsoled-test.XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(sock_path, sizeof(sock_path), "%s/socket", dir);
    d = (struct daemon){ .log_dir = dir };
    d.xch = xc_interface_open(NULL, NULL, 0);
    d.xs = xs_open(0);
    d.xce = xenevtchn_open(NULL, 0);
    attach_init();
    d.listen_fd = attach_listen(sock_path);
    assert_true(d.listen_fd >= 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[160];

    (void)state;
    domains_close_all(&d);
    close(d.listen_fd);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static char *read_log(const char *name)
{
    static char text[4096];
    char path[160];
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "%s/guest-%s.log", dir, name);
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    n = read(fd, text, sizeof(text) - 1);
    close(fd);
    text[n < 0 ? 0 : n] = '\0';
    return text;
}

/* A client's request, handed to the daemon's accept and read steps. */
static int client_sends(const char *request)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    strcpy(addr.sun_path, sock_path);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    attach_accept(&d);
    if (*request) {
        struct pollfd pfd[8];
        int n;

        assert_int_equal(write(fd, request, strlen(request)), (ssize_t)strlen(request));
        n = attach_pending_pollfds(pfd, 8);
        for (int i = 0; i < n; i++)
            attach_pending_ready(&d, pfd[i].fd, POLLIN);
    }
    return fd;
}

/* What the daemon has written to the client so far (non-blocking). */
static const char *client_reads(int fd)
{
    static char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

    buf[n < 0 ? 0 : n] = '\0';
    return buf;
}

static void test_connects_and_logs_output(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");

    (void)state;
    guest_writes(g, "booting\n");
    domains_scan(&d);
    assert_int_equal(g->bound_port, FAKE_PORT_BASE);
    assert_string_equal(read_log("web"), "booting\n");
    assert_int_equal(g->ring.out_cons, g->ring.out_prod);
    guest_writes(g, "more\n");
    fake_fire(0);
    domains_handle_event(&d);
    assert_string_equal(read_log("web"), "booting\nmore\n");
    assert_true(g->notifies >= 2);
}

static void test_attach_gets_backlog_then_live_output(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");
    int fd;

    (void)state;
    guest_writes(g, "early\n");
    domains_scan(&d);
    fd = client_sends("attach 5\n");
    assert_string_equal(client_reads(fd), "ok\nearly\n");
    guest_writes(g, "live\n");
    fake_fire(0);
    domains_handle_event(&d);
    assert_string_equal(client_reads(fd), "live\n");
    close(fd);
}

static void test_client_input_reaches_the_ring(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");
    struct console *c;
    int fd;

    (void)state;
    domains_scan(&d);
    fd = client_sends("attach 5\nfirst");
    assert_string_equal(client_reads(fd), "ok\n");
    assert_int_equal(write(fd, " second\r", 8), 8);
    c = console_find(&d, DOMID);
    attach_client_ready(&d, c, POLLIN);
    assert_int_equal(g->ring.in_prod, 13);
    assert_memory_equal(g->ring.in, "first second\r", 13);
    close(fd);
    attach_client_ready(&d, c, POLLIN);       /* EOF: detached */
    assert_int_equal(c->client_fd, -1);
}

static void test_input_waits_while_the_ring_is_full(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");
    struct console *c;
    int fd;

    (void)state;
    g->ring.in_prod = XENCONS_IN_SIZE;        /* the guest has read nothing */
    domains_scan(&d);
    fd = client_sends("attach 5\nabc");
    c = console_find(&d, DOMID);
    assert_int_equal(c->input.len, 3);
    g->ring.in_cons = 2;                      /* the guest read two bytes */
    fake_fire(0);
    domains_handle_event(&d);
    assert_int_equal(g->ring.in_prod, XENCONS_IN_SIZE + 2);
    assert_int_equal(c->input.len, 1);
    close(fd);
}

static void test_unknown_domain_busy_and_bad_requests(void **state)
{
    int a, b, bad, none, zero;

    (void)state;
    add_guest(0, DOMID, "web");
    domains_scan(&d);
    none = client_sends("attach 6\n");
    assert_string_equal(client_reads(none), "error ENOENT No such file or directory\n");
    close(none);
    fake_domains[1].domid = DOMID + 1;            /* a domain without a console */
    fake_domains[1].live = 1;
    none = client_sends("attach 6\n");
    assert_non_null(console_find(&d, DOMID + 1));
    assert_string_equal(client_reads(none), "error ENOENT No such file or directory\n");
    zero = client_sends("attach 0\n");
    assert_string_equal(client_reads(zero), "error ENOENT No such file or directory\n");
    a = client_sends("attach 5\n");
    b = client_sends("attach 5\n");
    assert_string_equal(client_reads(a), "ok\n");
    assert_string_equal(client_reads(b), "error EBUSY Device or resource busy\n");
    bad = client_sends("attach 5 please\n");
    assert_string_equal(client_reads(bad), "error EINVAL Invalid argument\n");
    close(a), close(b), close(bad), close(none), close(zero);
}

/* Nine clients that never finish their line: the ninth is turned away. */
static void test_half_open_requests_are_bounded(void **state)
{
    int fds[9];
    struct pollfd pfd[16];

    (void)state;
    for (int i = 0; i < 9; i++)
        fds[i] = client_sends("");
    assert_int_equal(attach_pending_pollfds(pfd, 16), 8);
    assert_int_equal(recv(fds[8], pfd, 1, 0), 0);       /* closed at once */
    for (int i = 0; i < 9; i++)
        close(fds[i]);
}

static void test_hostile_nodes_are_not_used(void **state)
{
    static const char *const refs[] = {
        "", "12abc", "-1", " 4660", "0x1234", "99999999999999999999999",
    };

    (void)state;
    add_guest(0, DOMID, "web");
    for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
        store_console(DOMID, refs[i], "3");
        domains_scan(&d);
        assert_null(console_find(&d, DOMID)->ring);
    }
    store_console(DOMID, "4660", "4294967296");      /* port above 32 bits */
    domains_scan(&d);
    assert_null(console_find(&d, DOMID)->ring);
    store_console(DOMID, "4660", "3");
    domains_scan(&d);
    assert_non_null(console_find(&d, DOMID)->ring);
}

static void test_hostile_ring_indices_are_ignored(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");
    struct console *c;

    (void)state;
    g->ring.out_prod = ONE_GIB;
    domains_scan(&d);
    c = console_find(&d, DOMID);
    assert_true(c->ring_broken);
    assert_int_equal(c->output.len, 0);
    assert_string_equal(read_log("web"), "");
    g->ring.out_cons = ONE_GIB - 3;                  /* the guest repents */
    memcpy(g->ring.out + MASK_XENCONS_IDX(ONE_GIB - 3, g->ring.out), "ok\n", 3);
    fake_fire(0);
    domains_handle_event(&d);
    assert_string_equal(read_log("web"), "ok\n");
}

static void test_gone_domain_is_drained_then_dropped(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "web");
    char byte;
    int fd;

    (void)state;
    domains_scan(&d);
    fd = client_sends("attach 5\n");
    assert_string_equal(client_reads(fd), "ok\n");
    guest_writes(g, "bye\n");                         /* no event came */
    g->flags = XEN_DOMINF_dying;
    domains_scan(&d);
    assert_null(console_find(&d, DOMID));
    assert_string_equal(read_log("web"), "bye\n");
    assert_string_equal(client_reads(fd), "bye\n");
    assert_int_equal(recv(fd, &byte, 1, 0), 0);      /* then EOF */
    assert_int_equal(g->bound_port, -1);
    assert_int_equal(fake_unmaps, 1);
    close(fd);
}

static void test_hostile_name_stays_in_the_log_dir(void **state)
{
    struct fake_domain *g = add_guest(0, DOMID, "../evil");

    (void)state;
    guest_writes(g, "x\n");
    domains_scan(&d);
    assert_string_equal(read_log("_._evil"), "x\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_connects_and_logs_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attach_gets_backlog_then_live_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_input_reaches_the_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_waits_while_the_ring_is_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_domain_busy_and_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_half_open_requests_are_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_nodes_are_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_ring_indices_are_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gone_domain_is_drained_then_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_name_stays_in_the_log_dir, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
