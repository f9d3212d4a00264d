/*
 * tests/unit/test_xenstored.c - xenstored's core on the host: requests go
 * in as the bytes a client would send, replies come out of the
 * connection's queue.  Covers the message parser (split and malformed
 * headers, payloads past 4096, missing NULs), paths (bad characters, too
 * long, relative), Xen's permission rules, the quotas, transactions with
 * conflicts, watches, and domains introduced through fake ring/evtchn
 * operations (including a ring with hostile indices).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <cmocka.h>
#include "xenstored.h"
#include "fmt_uint.h"
#include "xenstore.h"

/* ---- fake domain operations ---- */
static struct xenstore_domain_interface fake_ring;
static int fake_notifies, fake_bind_error;
static enum xs_domain_state fake_state = XS_DOM_RUNNING;

static void *fake_map(unsigned int domid, unsigned long mfn)
{
    (void)domid;
    if (mfn == 666) {
        errno = EFAULT;
        return NULL;
    }
    return &fake_ring;
}
static void fake_unmap(void *ring) { (void)ring; }
static int fake_bind(unsigned int domid, unsigned int port)
{
    (void)domid;
    return fake_bind_error ? -fake_bind_error : (int)port + 100;
}
static void fake_unbind(int port) { (void)port; }
static void fake_notify(int port) { (void)port; fake_notifies++; }
static enum xs_domain_state fake_get_state(unsigned int domid)
{
    (void)domid;
    return fake_state;
}
static int fake_dom_exc_binds;
static int fake_bind_dom_exc(void)
{
    fake_dom_exc_binds++;
    return 50;
}
static const struct xs_domain_ops fake_ops = {
    fake_map, fake_unmap, fake_bind, fake_unbind, fake_notify, fake_get_state,
    fake_bind_dom_exc, NULL,
};

/* ---- helpers ---- */
struct reply {
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
};

static void send_raw(struct xs_conn *c, uint32_t type, uint32_t tx,
                     const void *body, size_t len)
{
    struct xsd_sockmsg h = { type, 7, tx, (uint32_t)len };

    assert_true(xs_conn_feed(c, &h, sizeof(h)));
    if (len)
        xs_conn_feed(c, body, len);
}

/* Takes the next queued message off c; false if none. */
static bool next_msg(struct xs_conn *c, struct reply *r)
{
    size_t len;
    const char *p = xs_conn_output(c, &len);

    if (!p)
        return false;
    assert_true(len >= sizeof(r->hdr));
    memcpy(&r->hdr, p, sizeof(r->hdr));
    assert_int_equal(len, sizeof(r->hdr) + r->hdr.len);
    memcpy(r->body, p + sizeof(r->hdr), r->hdr.len);
    r->body[r->hdr.len] = '\0';
    xs_conn_sent(c, len);
    return true;
}

/* A literal's bytes, without the NUL the compiler adds. */
#define send_lit(c, type, lit) send_raw((c), (type), 0, (lit), sizeof(lit) - 1)

static struct reply last;

/* Sends strings joined by NULs (each one terminated) and takes the reply. */
static struct reply *req(struct xs_conn *c, uint32_t type, uint32_t tx,
                         const char *a, const char *b)
{
    char body[XENSTORE_PAYLOAD_MAX * 2];
    size_t len = 0;

    if (a) {
        memcpy(body, a, strlen(a) + 1);
        len = strlen(a) + 1;
    }
    if (b) {
        memcpy(body + len, b, strlen(b) + 1);
        len += strlen(b) + 1;
    }
    send_raw(c, type, tx, body, len);
    assert_true(next_msg(c, &last));
    return &last;
}

static struct reply *xwrite(struct xs_conn *c, uint32_t tx, const char *path,
                            const char *value)
{
    char body[XENSTORE_PAYLOAD_MAX];
    size_t plen = strlen(path) + 1, vlen = strlen(value);

    memcpy(body, path, plen);
    memcpy(body + plen, value, vlen);
    send_raw(c, XS_WRITE, tx, body, plen + vlen);
    assert_true(next_msg(c, &last));
    return &last;
}

/* Each evaluates its request once. */
#define assert_ok(r)  assert_string_equal((r)->body, "OK")
#define assert_err(r, name) do {                          \
        const struct reply *r_ = (r);                     \
        assert_int_equal(r_->hdr.type, XS_ERROR);         \
        assert_string_equal(r_->body, name);              \
    } while (0)

static struct xs_conn *dom0, *domu, *domu2;

static int setup(void **state)
{
    (void)state;
    xs_dom_ops = &fake_ops;
    xs_core_init();
    dom0 = xs_conn_new(0, true);
    domu = xs_conn_new(1, false);
    domu2 = xs_conn_new(2, false);
    /* The toolstack's part: each domU owns its /local/domain/N. */
    for (unsigned int id = 1; id <= 2; id++) {
        char path[32], perm[8];
        snprintf(path, sizeof(path), "/local/domain/%u", id);
        snprintf(perm, sizeof(perm), "n%u", id);
        assert_ok(req(dom0, XS_MKDIR, 0, path, NULL));
        assert_ok(req(dom0, XS_SET_PERMS, 0, path, perm));
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    while (xs_domains)
        domain_release(xs_domains->domid);
    while (xs_conns)
        xs_conn_free(xs_conns);
    store_free(xs_tree);
    xs_tree = NULL;
    memset(&fake_ring, 0, sizeof(fake_ring));
    fake_state = XS_DOM_RUNNING;
    fake_bind_error = 0;
    fake_dom_exc_binds = 0;
    return 0;
}

/* ---- the message parser ---- */
static void test_read_write_basic(void **state)
{
    (void)state;
    assert_ok(xwrite(dom0, 0, "/a/b/c", "hello"));
    assert_string_equal(req(dom0, XS_READ, 0, "/a/b/c", NULL)->body, "hello");
    assert_int_equal(last.hdr.req_id, 7);
    /* Write created the parents, empty. */
    assert_int_equal(req(dom0, XS_READ, 0, "/a/b", NULL)->hdr.len, 0);
    assert_err(req(dom0, XS_READ, 0, "/nope", NULL), "ENOENT");
    req(dom0, XS_DIRECTORY, 0, "/a", NULL);
    assert_int_equal(last.hdr.len, 2);
    assert_memory_equal(last.body, "b\0", 2);
}

/* Pipelined requests: their replies leave as iovecs for one writev, and
 * a short write leaves the rest of a message queued. */
static void test_output_as_iovecs(void **state)
{
    struct iovec iov[4];
    struct reply r;
    size_t first, second;

    (void)state;
    send_lit(dom0, XS_WRITE, "/a\0x");
    send_lit(dom0, XS_WRITE, "/b\0y");
    send_lit(dom0, XS_READ, "/a\0");
    assert_int_equal(xs_conn_output_iov(dom0, iov, 2), 2);
    assert_int_equal(xs_conn_output_iov(dom0, iov, 4), 3);
    first = iov[0].iov_len;
    second = iov[1].iov_len;
    /* The first reply and 5 bytes of the second: the rest stays queued. */
    xs_conn_sent(dom0, first + 5);
    assert_int_equal(xs_conn_output_iov(dom0, iov, 4), 2);
    assert_int_equal(iov[0].iov_len, second - 5);
    xs_conn_sent(dom0, second - 5);
    assert_true(next_msg(dom0, &r));
    assert_int_equal(r.hdr.type, XS_READ);
    assert_string_equal(r.body, "x");
    assert_int_equal(xs_conn_output_iov(dom0, iov, 4), 0);
}

static void test_header_split_bytes(void **state)
{
    struct xsd_sockmsg h = { XS_READ, 9, 0, sizeof("/local/domain/0/name") };
    const char *path = "/local/domain/0/name";
    struct reply r;
    (void)state;
    /* One byte at a time: a stream may split a message anywhere. */
    for (size_t i = 0; i < sizeof(h); i++)
        assert_true(xs_conn_feed(dom0, (char *)&h + i, 1));
    assert_false(next_msg(dom0, &r));
    for (size_t i = 0; i < h.len; i++)
        assert_true(xs_conn_feed(dom0, path + i, 1));
    assert_true(next_msg(dom0, &r));
    assert_int_equal(r.hdr.req_id, 9);
    assert_string_equal(r.body, "Domain-0");
}

static void test_payload_too_long_breaks(void **state)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    struct reply r;
    (void)state;
    assert_false(xs_conn_feed(domu, &h, sizeof(h)));
    assert_true(domu->broken);
    assert_false(next_msg(domu, &r));
    /* Others are not affected. */
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/0/domid", NULL)->body, "0");
}

static void test_payload_max_accepted(void **state)
{
    static char body[XENSTORE_PAYLOAD_MAX];
    struct reply r;
    (void)state;
    memset(body, 'a', sizeof(body));
    body[0] = '/';
    body[sizeof(body) - 1] = '\0';
    send_raw(dom0, XS_READ, 0, body, sizeof(body));
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");   /* 4095-character path: too long, not fatal */
    assert_false(dom0->broken);
}

static void test_missing_nul_and_extra_strings(void **state)
{
    struct reply r;
    (void)state;
    send_lit(dom0, XS_READ, "/local");          /* no NUL */
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");
    send_lit(dom0, XS_READ, "/local\0x");       /* bytes after it */
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");
    send_lit(dom0, XS_READ, "");                /* empty */
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");
    send_lit(dom0, XS_WRITE, "/x");             /* write without NUL */
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");
    send_lit(dom0, XS_WATCH, "/x\0tok");        /* token without NUL */
    assert_true(next_msg(dom0, &r));
    assert_err(&r, "EINVAL");
}

static void test_unknown_types(void **state)
{
    (void)state;
    assert_err(req(dom0, 999, 0, "/", NULL), "EINVAL");
    assert_err(req(dom0, XS_INVALID, 0, "/", NULL), "EINVAL");
    assert_err(req(dom0, XS_WATCH_EVENT, 0, "/", NULL), "EINVAL");
    assert_err(req(dom0, XS_ERROR, 0, "/", NULL), "EINVAL");
}

/* A node just found, removed, is not found again through the lookup's
 * memory of it; a new one of the same name is the new one. */
static void test_lookup_after_rm(void **state)
{
    (void)state;
    assert_ok(xwrite(dom0, 0, "/a/b", "old"));
    assert_ok(xwrite(dom0, 0, "/a/c", "c"));
    assert_string_equal(req(dom0, XS_READ, 0, "/a/b", NULL)->body, "old");
    assert_ok(req(dom0, XS_RM, 0, "/a/b", NULL));
    assert_err(req(dom0, XS_READ, 0, "/a/b", NULL), "ENOENT");
    assert_ok(xwrite(dom0, 0, "/a/b", "new"));
    assert_string_equal(req(dom0, XS_READ, 0, "/a/b", NULL)->body, "new");
    assert_string_equal(req(dom0, XS_READ, 0, "/a/c", NULL)->body, "c");
    assert_ok(req(dom0, XS_RM, 0, "/a", NULL));
    assert_err(req(dom0, XS_READ, 0, "/a/c", NULL), "ENOENT");
}

/* A directory big enough for its kid index: lookups right through adds
 * and removals, and the listing still in creation order. */
static void test_many_kids_found(void **state)
{
    char path[32], value[16];
    (void)state;
    for (int i = 0; i < 200; i++) {
        snprintf(path, sizeof(path), "/many/n%d", i);
        snprintf(value, sizeof(value), "v%d", i);
        assert_ok(xwrite(dom0, 0, path, value));
    }
    for (int i = 0; i < 200; i += 3) {
        snprintf(path, sizeof(path), "/many/n%d", i);
        assert_ok(req(dom0, XS_RM, 0, path, NULL));
    }
    assert_ok(xwrite(dom0, 0, "/many/n0", "again"));
    for (int i = 1; i < 200; i++) {
        snprintf(path, sizeof(path), "/many/n%d", i);
        snprintf(value, sizeof(value), "v%d", i);
        if (i % 3 == 0)
            assert_err(req(dom0, XS_READ, 0, path, NULL), "ENOENT");
        else
            assert_string_equal(req(dom0, XS_READ, 0, path, NULL)->body, value);
    }
    assert_string_equal(req(dom0, XS_READ, 0, "/many/n0", NULL)->body, "again");
    req(dom0, XS_DIRECTORY, 0, "/many", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), 200 - 67 + 1);
    assert_memory_equal(last.body, "n1\0n2\0n4\0", 9);
    assert_memory_equal(last.body + last.hdr.len - 13, "n197\0n199\0n0\0", 13);
}

/* A directory past one payload: E2BIG, then read in parts. */
static void test_directory_part(void **state)
{
    char path[32], off[16];
    unsigned long offset = 0;
    unsigned int names = 0;
    (void)state;
    for (int i = 0; i < 1000; i++) {
        snprintf(path, sizeof(path), "/big/name%04d", i);
        assert_ok(xwrite(dom0, 0, path, ""));
    }
    assert_err(req(dom0, XS_DIRECTORY, 0, "/big", NULL), "E2BIG");
    for (int parts = 0; parts < 10; parts++) {
        size_t glen, at;
        snprintf(off, sizeof(off), "%lu", offset);
        req(dom0, XS_DIRECTORY_PART, 0, "/big", off);
        assert_int_equal(last.hdr.type, XS_DIRECTORY_PART);
        glen = strlen(last.body) + 1;
        for (at = glen; at < last.hdr.len && last.body[at]; at += strlen(last.body + at) + 1)
            names++;
        offset += at - glen;
        if (at < last.hdr.len)      /* the empty name: complete */
            break;
    }
    assert_int_equal(names, 1000);
    assert_err(req(dom0, XS_DIRECTORY_PART, 0, "/big", "999999"), "EINVAL");
    assert_err(req(dom0, XS_DIRECTORY_PART, 0, "/big", "x"), "EINVAL");
}

/* ---- paths ---- */
static void test_bad_paths(void **state)
{
    static const char *const bad[] = {
        "/a//b", "/a/", "/a b", "/a\x01", "@foo", "/a/\xc3\xa9", "",
    };
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_err(xwrite(dom0, 0, bad[i], "v"), "EINVAL");
    assert_err(req(dom0, XS_RM, 0, "/", NULL), "EINVAL");
}

static void test_path_length_limits(void **state)
{
    char path[XENSTORE_PAYLOAD_MAX];
    size_t n;
    (void)state;
    /* QUOTA_PATH_LEN characters past /local/domain/1/ are fine, one more is not. */
    n = (size_t)snprintf(path, sizeof(path), "/local/domain/1/");
    memset(path + n, 'x', QUOTA_PATH_LEN);
    path[n + QUOTA_PATH_LEN] = '\0';
    assert_ok(xwrite(domu, 0, path, "v"));
    path[n + QUOTA_PATH_LEN] = 'x';
    path[n + QUOTA_PATH_LEN + 1] = '\0';
    assert_err(xwrite(domu, 0, path, "v"), "EINVAL");
    /* Outside /local/domain the bound is from the root. */
    path[0] = '/';
    memset(path + 1, 'y', QUOTA_PATH_LEN);
    path[QUOTA_PATH_LEN + 1] = '\0';
    assert_err(xwrite(dom0, 0, path, "v"), "EINVAL");
}

static void test_relative_paths(void **state)
{
    (void)state;
    assert_ok(xwrite(domu, 0, "data/x", "1"));
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/1/data/x", NULL)->body, "1");
    assert_string_equal(req(domu, XS_READ, 0, "data/x", NULL)->body, "1");
    assert_string_equal(req(domu, XS_GET_DOMAIN_PATH, 0, "1", NULL)->body,
                        "/local/domain/1");
    assert_err(req(domu, XS_GET_DOMAIN_PATH, 0, "x1", NULL), "EINVAL");
}

/* ---- permissions ---- */
static void test_domu_cannot_touch_others(void **state)
{
    (void)state;
    assert_ok(xwrite(domu2, 0, "secret", "s"));
    assert_err(req(domu, XS_READ, 0, "/local/domain/2/secret", NULL), "EACCES");
    assert_err(xwrite(domu, 0, "/local/domain/2/secret", "x"), "EACCES");
    assert_err(xwrite(domu, 0, "/local/domain/2/new", "x"), "EACCES");
    assert_err(req(domu, XS_RM, 0, "/local/domain/2/secret", NULL), "EACCES");
    assert_err(req(domu, XS_DIRECTORY, 0, "/local/domain/2", NULL), "EACCES");
    /* A missing node under an unreadable one is EACCES, not ENOENT. */
    assert_err(req(domu, XS_READ, 0, "/local/domain/2/none", NULL), "EACCES");
    assert_err(req(domu, XS_READ, 0, "/local/domain/1/none", NULL), "ENOENT");
    assert_err(xwrite(domu, 0, "/tool/x", "x"), "EACCES");
    assert_string_equal(req(domu2, XS_READ, 0, "secret", NULL)->body, "s");
}

static void test_perm_entries(void **state)
{
    struct reply *r;
    (void)state;
    assert_ok(xwrite(domu2, 0, "shared", "v"));
    /* Owner 2, nobody else, but 1 may read. */
    send_lit(domu2, XS_SET_PERMS, "shared\0n2\0r1\0");
    assert_true(next_msg(domu2, &last));
    assert_ok(&last);
    assert_string_equal(req(domu, XS_READ, 0, "/local/domain/2/shared", NULL)->body, "v");
    assert_err(xwrite(domu, 0, "/local/domain/2/shared", "x"), "EACCES");
    r = req(dom0, XS_GET_PERMS, 0, "/local/domain/2/shared", NULL);
    assert_int_equal(r->hdr.len, 6);
    assert_memory_equal(r->body, "n2\0r1\0", 6);
    /* "b1": both. */
    send_lit(domu2, XS_SET_PERMS, "shared\0n2\0b1\0");
    assert_true(next_msg(domu2, &last));
    assert_ok(xwrite(domu, 0, "/local/domain/2/shared", "x"));
    /* A domain may not give a node away (Xen: EPERM), dom0 may. */
    send_lit(domu2, XS_SET_PERMS, "shared\0n1\0");
    assert_true(next_msg(domu2, &last));
    assert_err(&last, "EPERM");
    send_lit(dom0, XS_SET_PERMS, "/local/domain/2/shared\0n1\0");
    assert_true(next_msg(dom0, &last));
    assert_ok(&last);
}

static void test_bad_perm_strings(void **state)
{
    (void)state;
    assert_ok(xwrite(dom0, 0, "/p", "v"));
    assert_err(req(dom0, XS_SET_PERMS, 0, "/p", "x1"), "EINVAL");
    assert_err(req(dom0, XS_SET_PERMS, 0, "/p", "r"), "EINVAL");
    assert_err(req(dom0, XS_SET_PERMS, 0, "/p", "r1x"), "EINVAL");
    assert_err(req(dom0, XS_SET_PERMS, 0, "/p", "r99999999999"), "EINVAL");
    assert_err(req(dom0, XS_SET_PERMS, 0, "/p", NULL), "EINVAL");
    assert_ok(req(dom0, XS_SET_PERMS, 0, "/p", "b0"));
}

static void test_new_node_owned_by_creator(void **state)
{
    struct reply *r;
    (void)state;
    /* dom0 lets domain 1 write one of its directories. */
    assert_ok(req(dom0, XS_MKDIR, 0, "/backend", NULL));
    send_lit(dom0, XS_SET_PERMS, "/backend\0n0\0w1\0");
    assert_true(next_msg(dom0, &last));
    assert_ok(xwrite(domu, 0, "/backend/vif", "1"));
    r = req(dom0, XS_GET_PERMS, 0, "/backend/vif", NULL);
    assert_memory_equal(r->body, "n1\0w1\0", 6);
}

static void test_introduce_needs_privilege(void **state)
{
    (void)state;
    send_lit(domu, XS_INTRODUCE, "3\0" "10\0" "5\0");
    assert_true(next_msg(domu, &last));
    assert_err(&last, "EACCES");
    assert_err(req(domu, XS_RELEASE, 0, "3", NULL), "EACCES");
    assert_err(req(domu, XS_SET_PERMS, 0, "@releaseDomain", "r1"), "EACCES");
}

/* ---- quotas ---- */
static void test_entry_quota(void **state)
{
    char path[64];
    unsigned int have = store_entries(xs_tree, 1), i;
    (void)state;
    for (i = have; i < QUOTA_ENTRIES_PER_DOMAIN; i++) {
        snprintf(path, sizeof(path), "n%u", i);
        assert_ok(xwrite(domu, 0, path, ""));
    }
    assert_err(xwrite(domu, 0, "onemore", ""), "ENOSPC");
    assert_err(req(domu, XS_MKDIR, 0, "onemore", NULL), "ENOSPC");
    /* Removing one makes room again; dom0 has no quota. */
    assert_ok(req(domu, XS_RM, 0, "n999", NULL));
    assert_ok(xwrite(domu, 0, "onemore", ""));
    for (i = 0; i < QUOTA_ENTRIES_PER_DOMAIN + 10; i++) {
        snprintf(path, sizeof(path), "/dom0/n%u", i);
        assert_ok(xwrite(dom0, 0, path, ""));
    }
}

static void test_entry_size_quota(void **state)
{
    static char value[QUOTA_ENTRY_SIZE + 1];
    (void)state;
    memset(value, 'v', QUOTA_ENTRY_SIZE - 1);
    assert_ok(xwrite(domu, 0, "big", value));
    memset(value, 'v', QUOTA_ENTRY_SIZE);
    assert_err(xwrite(domu, 0, "big", value), "ENOSPC");
    assert_ok(xwrite(dom0, 0, "/big", value));
}

static void test_watch_quota(void **state)
{
    char tok[16];
    (void)state;
    /* As Xen 4.17: refused once the domain holds more than the quota. */
    for (int i = 0; i <= QUOTA_WATCHES_PER_DOMAIN; i++) {
        snprintf(tok, sizeof(tok), "t%d", i);
        assert_ok(req(domu, XS_WATCH, 0, "w", tok));
        assert_true(next_msg(domu, &last));   /* the registration event */
    }
    assert_err(req(domu, XS_WATCH, 0, "w", "over"), "E2BIG");
    assert_err(req(domu, XS_WATCH, 0, "w", "t0"), "EEXIST");
}

static void test_transaction_quota(void **state)
{
    (void)state;
    for (int i = 0; i <= QUOTA_TRANSACTIONS; i++)
        assert_int_not_equal(req(domu, XS_TRANSACTION_START, 0, "", NULL)->hdr.type, XS_ERROR);
    assert_err(req(domu, XS_TRANSACTION_START, 0, "", NULL), "ENOSPC");
}

static void test_perms_quota(void **state)
{
    (void)state;
    assert_ok(xwrite(domu, 0, "p", ""));
    send_lit(domu, XS_SET_PERMS, "p\0n1\0r2\0r3\0r4\0r5\0r6\0");
    assert_true(next_msg(domu, &last));
    assert_err(&last, "ENOSPC");
    send_lit(domu, XS_SET_PERMS, "p\0n1\0r2\0r3\0r4\0r5\0");
    assert_true(next_msg(domu, &last));
    assert_ok(&last);
}

/* ---- transactions ---- */
static uint32_t tx_begin(struct xs_conn *c)
{
    struct reply *r = req(c, XS_TRANSACTION_START, 0, "", NULL);

    assert_int_equal(r->hdr.type, XS_TRANSACTION_START);
    return (uint32_t)strtoul(r->body, NULL, 10);
}

/* Every path a transaction touches is kept until it ends: a domU may
 * touch QUOTA_TRANSACTION_NODES of them (Xen's transaction-nodes quota),
 * dom0 any number. */
static void test_transaction_nodes_quota(void **state)
{
    char path[32];
    uint32_t t, t0;
    (void)state;
    t = tx_begin(domu);
    t0 = tx_begin(dom0);
    for (int i = 0; i < QUOTA_TRANSACTION_NODES; i++) {
        snprintf(path, sizeof(path), "n%d", i);
        assert_err(req(domu, XS_READ, t, path, NULL), "ENOENT");
    }
    assert_err(req(domu, XS_READ, t, "one-more", NULL), "ENOSPC");
    assert_err(req(domu, XS_READ, t, "n5", NULL), "ENOENT");   /* known path */
    for (int i = 0; i <= QUOTA_TRANSACTION_NODES; i++) {
        snprintf(path, sizeof(path), "/n%d", i);
        assert_err(req(dom0, XS_READ, t0, path, NULL), "ENOENT");
    }
    assert_ok(req(domu, XS_TRANSACTION_END, t, "F", NULL));
    assert_ok(req(dom0, XS_TRANSACTION_END, t0, "F", NULL));
}

static void test_transaction_commit(void **state)
{
    uint32_t t;
    (void)state;
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/t/a", "1"));
    /* Not visible outside before the commit. */
    assert_err(req(dom0, XS_READ, 0, "/t/a", NULL), "ENOENT");
    assert_string_equal(req(dom0, XS_READ, t, "/t/a", NULL)->body, "1");
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/t/a", NULL)->body, "1");
    assert_err(req(dom0, XS_READ, t, "/t/a", NULL), "ENOENT");   /* gone */
}

static void test_transaction_conflict(void **state)
{
    uint32_t t;
    (void)state;
    assert_ok(xwrite(dom0, 0, "/c", "0"));
    t = tx_begin(dom0);
    assert_string_equal(req(dom0, XS_READ, t, "/c", NULL)->body, "0");
    assert_ok(xwrite(dom0, t, "/d", "t"));
    assert_ok(xwrite(domu, 0, "/local/domain/1/x", "other"));  /* unrelated */
    assert_ok(xwrite(dom0, 0, "/c", "1"));                     /* conflicting */
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    assert_err(req(dom0, XS_READ, 0, "/d", NULL), "ENOENT");
    /* An unrelated change does not conflict. */
    t = tx_begin(dom0);
    assert_string_equal(req(dom0, XS_READ, t, "/c", NULL)->body, "1");
    assert_ok(xwrite(dom0, 0, "/local/domain/1/x", "again"));
    assert_ok(xwrite(dom0, t, "/c", "2"));
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/c", NULL)->body, "2");
}

/* A transaction's own change to a node (or its kid list) is no conflict. */
static void test_transaction_own_changes(void **state)
{
    uint32_t t;
    (void)state;
    assert_ok(xwrite(dom0, 0, "/o/a/b", "1"));
    t = tx_begin(dom0);
    assert_ok(req(dom0, XS_RM, t, "/o/a/b", NULL));
    assert_int_equal(req(dom0, XS_DIRECTORY, t, "/o/a", NULL)->hdr.len, 0);
    assert_ok(xwrite(dom0, t, "/o/c", "2"));
    assert_string_equal(req(dom0, XS_READ, t, "/o/c", NULL)->body, "2");
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_err(req(dom0, XS_READ, 0, "/o/a/b", NULL), "ENOENT");
    assert_string_equal(req(dom0, XS_READ, 0, "/o/c", NULL)->body, "2");
}

/* As in Xen, a transaction reads the tree itself until it first changes
 * something: what it has not read yet may change without a conflict. */
static void test_transaction_reads_live_until_first_change(void **state)
{
    uint32_t t;
    (void)state;
    assert_ok(xwrite(dom0, 0, "/live", "0"));
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, 0, "/live", "1"));
    assert_string_equal(req(dom0, XS_READ, t, "/live", NULL)->body, "1");
    assert_ok(xwrite(dom0, t, "/live2", "x"));
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/live2", NULL)->body, "x");
    /* Read, then changed outside, then committed: EAGAIN even when the
     * transaction itself wrote nothing. */
    t = tx_begin(dom0);
    assert_string_equal(req(dom0, XS_READ, t, "/live", NULL)->body, "1");
    assert_ok(xwrite(dom0, 0, "/live", "2"));
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
}

static void test_reset_watches(void **state)
{
    struct reply ev;
    uint32_t t;
    (void)state;
    assert_ok(req(domu, XS_WATCH, 0, "data", "a"));
    assert_true(next_msg(domu, &ev));
    t = tx_begin(domu);
    assert_ok(req(domu, XS_RESET_WATCHES, 0, "", NULL));
    assert_int_equal(domu->nwatches, 0);
    assert_err(req(domu, XS_READ, t, "data", NULL), "ENOENT");   /* tx gone */
    assert_ok(xwrite(dom0, 0, "/local/domain/1/data", "x"));
    assert_false(next_msg(domu, &ev));
}

static void test_transaction_abort_and_bad(void **state)
{
    uint32_t t;
    (void)state;
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/ab", "1"));
    assert_err(req(dom0, XS_TRANSACTION_END, t, "X", NULL), "EINVAL");
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "F", NULL));
    assert_err(req(dom0, XS_READ, 0, "/ab", NULL), "ENOENT");
    assert_err(req(dom0, XS_READ, 12345, "/", NULL), "ENOENT");
    assert_err(req(dom0, XS_TRANSACTION_END, 12345, "T", NULL), "ENOENT");
    assert_err(req(dom0, XS_TRANSACTION_START, t, "", NULL), "EBUSY");
    /* Another connection's transaction id is not ours. */
    t = tx_begin(dom0);
    assert_err(req(domu, XS_READ, t, "data", NULL), "ENOENT");
}

static void test_transaction_rm_and_watch(void **state)
{
    uint32_t t;
    struct reply ev;
    (void)state;
    assert_ok(xwrite(dom0, 0, "/r/a", "1"));
    assert_ok(req(dom0, XS_WATCH, 0, "/r", "tok"));
    assert_true(next_msg(dom0, &ev));
    t = tx_begin(dom0);
    assert_ok(req(dom0, XS_RM, t, "/r/a", NULL));
    assert_false(next_msg(dom0, &ev));     /* nothing fires before commit */
    /* As in Xen, the events are queued ahead of the acknowledgement. */
    send_raw(dom0, XS_TRANSACTION_END, t, "T", 2);
    assert_true(next_msg(dom0, &ev));
    assert_int_equal(ev.hdr.type, XS_WATCH_EVENT);
    assert_string_equal(ev.body, "/r/a");
    assert_true(next_msg(dom0, &ev));
    assert_ok(&ev);
    assert_err(req(dom0, XS_READ, 0, "/r/a", NULL), "ENOENT");
}

/* ---- transactions on a big tree: copied as they look, not whole ---- */
#define BIG_DOMAINS    100
#define BIG_PER_DOMAIN 19     /* kids of each /local/domain/N: 2000 nodes */

/* Roughly the store with 100 domains running: each /local/domain/N owned
 * by N, with BIG_PER_DOMAIN values k0, k1... below it. */
static void fill_big_tree(void)
{
    char path[48], perm[16];

    for (unsigned int d = 1; d <= BIG_DOMAINS; d++) {
        snprintf(path, sizeof(path), "/local/domain/%u", d);
        snprintf(perm, sizeof(perm), "n%u", d);
        assert_ok(req(dom0, XS_MKDIR, 0, path, NULL));
        assert_ok(req(dom0, XS_SET_PERMS, 0, path, perm));
        for (unsigned int k = 0; k < BIG_PER_DOMAIN; k++) {
            snprintf(path, sizeof(path), "/local/domain/%u/k%u", d, k);
            assert_ok(xwrite(dom0, 0, path, "v"));
        }
    }
}

static struct xs_store *tx_tree(struct xs_conn *c, uint32_t t)
{
    struct xs_tx *tx = tx_find(c, t);

    assert_non_null(tx);
    return tx->snap;
}

/* What the transaction has not looked at yet it reads from the live tree,
 * changes made after it started included. */
static void test_transaction_big_reads_live_additions(void **state)
{
    uint32_t t;
    (void)state;
    fill_big_tree();
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/5/x", "mine"));
    assert_ok(xwrite(dom0, 0, "/local/domain/7/new", "n"));
    assert_ok(xwrite(dom0, 0, "/local/domain/8/sub/deep", "d"));
    assert_ok(xwrite(dom0, 0, "/local/domain/9/k3", "changed"));
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/7/new", NULL)->body, "n");
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/8/sub/deep", NULL)->body, "d");
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/9/k3", NULL)->body, "changed");
    assert_string_equal(req(dom0, XS_GET_PERMS, t, "/local/domain/8/sub", NULL)->body, "n8");
    assert_err(req(dom0, XS_READ, 0, "/local/domain/5/x", NULL), "ENOENT");
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/5/x", NULL)->body, "mine");
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/7/new", NULL)->body, "n");
}

/* Lazily copied nodes still carry the generation that catches a change
 * made outside after the transaction read them. */
static void test_transaction_big_conflict(void **state)
{
    uint32_t t;
    (void)state;
    fill_big_tree();
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/5/x", "mine"));
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/9/k3", NULL)->body, "v");
    assert_ok(xwrite(dom0, 0, "/local/domain/9/k3", "changed"));
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/9/k3", NULL)->body, "v");
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    assert_err(req(dom0, XS_READ, 0, "/local/domain/5/x", NULL), "ENOENT");
    /* A node it changed, changed outside too. */
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/6/k1", "tx"));
    assert_ok(xwrite(dom0, 0, "/local/domain/6/k1", "outside"));
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/6/k1", NULL)->body, "outside");
    /* A removal inside, a write outside below the removed node. */
    t = tx_begin(dom0);
    assert_ok(req(dom0, XS_RM, t, "/local/domain/4", NULL));
    assert_ok(xwrite(dom0, 0, "/local/domain/4", "outside"));
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/4/k0", NULL)->body, "v");
}

/* A node copied only on the way to another but not accessed yet is
 * brought up to date at its first access, kids added outside included,
 * keeping what the transaction changed below it. */
static void test_transaction_big_refreshes_copies(void **state)
{
    uint32_t t;
    (void)state;
    fill_big_tree();
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/4/k1", "tx"));   /* copies k1 alone */
    assert_ok(xwrite(dom0, 0, "/local/domain/4/late", "1"));
    assert_ok(xwrite(dom0, 0, "/local/domain/101/k0", "new domain"));
    assert_ok(xwrite(dom0, 0, "/local/domain/9", "changed"));
    req(dom0, XS_DIRECTORY, t, "/local/domain/4", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN + 1);
    assert_memory_equal(last.body + last.hdr.len - 9, "k18\0late\0", 9);
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/4/k1", NULL)->body, "tx");
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/101/k0", NULL)->body,
                        "new domain");
    assert_string_equal(req(dom0, XS_READ, t, "/local/domain/9", NULL)->body, "changed");
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/4/k1", NULL)->body, "tx");
    /* A kid removed outside before the transaction lists the directory:
     * the listing is the live one, without it, and the commit holds. */
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/4/k2", "tx"));
    assert_ok(req(dom0, XS_RM, 0, "/local/domain/4/k5", NULL));
    req(dom0, XS_DIRECTORY, t, "/local/domain/4", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN);
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/4/k2", NULL)->body, "tx");
    /* Removed after the listing: the commit of the transaction fails. */
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/4/k3", "tx"));
    req(dom0, XS_DIRECTORY, t, "/local/domain/4", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN);
    assert_ok(req(dom0, XS_RM, 0, "/local/domain/4/k6", NULL));
    assert_err(req(dom0, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/4/k3", NULL)->body, "v");
}

/* Creating below a copied node checks the permissions it has now. */
static void test_transaction_create_checks_fresh_perms(void **state)
{
    uint32_t t;
    (void)state;
    fill_big_tree();
    assert_ok(xwrite(domu, 0, "shared", ""));
    t = tx_begin(domu);
    assert_ok(xwrite(domu, t, "x", "1"));     /* copies /local/domain/1 */
    assert_ok(req(dom0, XS_SET_PERMS, 0, "/local/domain/1/shared", "n0"));
    assert_err(xwrite(domu, t, "shared/new", "1"), "EACCES");
    assert_ok(req(domu, XS_TRANSACTION_END, t, "T", NULL));
    assert_err(req(dom0, XS_READ, 0, "/local/domain/1/shared/new", NULL), "ENOENT");
}

/* Removing a subtree the transaction never copied takes exactly its nodes
 * off the owner's count, the ones added outside since the transaction
 * began included; the commit removes them, and fires the removal's
 * watches. */
static void test_transaction_rm_counts_uncopied(void **state)
{
    char path[48];
    unsigned int live;
    struct reply ev;
    uint32_t t;
    (void)state;
    fill_big_tree();
    for (int i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "sub/n%d", i);
        assert_ok(xwrite(domu, 0, path, "x"));
    }
    assert_ok(xwrite(domu, 0, "sub/n7/deeper", "x"));
    live = store_entries(xs_tree, 1);   /* sub holds 52 of them */
    assert_ok(req(dom0, XS_WATCH, 0, "/local/domain/1/sub/n7/deeper", "w"));
    assert_true(next_msg(dom0, &ev));
    t = tx_begin(domu);
    assert_ok(xwrite(domu, t, "a", "1"));
    assert_int_equal(store_entries(tx_tree(domu, t), 1), live + 1);
    assert_ok(xwrite(dom0, 0, "/local/domain/1/sub/late", "x"));   /* owned by 1 */
    assert_int_equal(store_entries(tx_tree(domu, t), 1), live + 2);
    assert_string_equal(req(domu, XS_READ, t, "sub/n3", NULL)->body, "x");  /* copies sub's kids */
    assert_ok(req(domu, XS_RM, t, "sub", NULL));
    assert_int_equal(store_entries(tx_tree(domu, t), 1), live + 2 - 53);
    req(domu, XS_DIRECTORY, t, "/local/domain/1", NULL);
    assert_int_equal(last.hdr.type, XS_DIRECTORY);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN + 1);
    assert_memory_equal(last.body + last.hdr.len - 6, "k18\0a\0", 6);   /* no sub */
    assert_false(next_msg(dom0, &ev));
    assert_ok(req(domu, XS_TRANSACTION_END, t, "T", NULL));
    assert_int_equal(store_entries(xs_tree, 1), live + 2 - 53);
    assert_true(next_msg(dom0, &ev));
    assert_int_equal(ev.hdr.type, XS_WATCH_EVENT);
    assert_memory_equal(ev.body, "/local/domain/1/sub/n7/deeper\0w\0", 32);
    assert_err(req(dom0, XS_READ, 0, "/local/domain/1/sub", NULL), "ENOENT");
}

/* Listing a node copies its kids from the live tree as it is then. */
static void test_transaction_big_directory(void **state)
{
    char off[16] = "0";
    uint32_t t;
    (void)state;
    fill_big_tree();
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/3/x", "1"));
    assert_ok(xwrite(dom0, 0, "/local/domain/4/late", "1"));
    req(dom0, XS_DIRECTORY, t, "/local/domain/4", NULL);
    assert_int_equal(last.hdr.type, XS_DIRECTORY);
    assert_memory_equal(last.body + last.hdr.len - 9, "k18\0late\0", 9);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN + 1);
    req(dom0, XS_DIRECTORY, t, "/local/domain/3", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_PER_DOMAIN + 1);
    assert_memory_equal(last.body + last.hdr.len - 6, "k18\0x\0", 6);
    req(dom0, XS_DIRECTORY, t, "/local/domain", NULL);
    assert_int_equal(xs_count_strings(last.body, last.hdr.len), BIG_DOMAINS + 1);
    /* The part form, of a node whose kids are not copied yet. */
    assert_ok(xwrite(dom0, 0, "/local/domain/6/late", "1"));
    req(dom0, XS_DIRECTORY_PART, t, "/local/domain/6", off);
    assert_int_equal(last.hdr.type, XS_DIRECTORY_PART);
    assert_memory_equal(last.body + last.hdr.len - 10, "k18\0late\0\0", 10);
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
}

/* A write of one node copies the nodes on its path alone: not the tree,
 * nor the siblings on the way (/local/domain's hundred domains). */
static void test_transaction_copies_little(void **state)
{
    uint32_t t;
    (void)state;
    fill_big_tree();
    t = tx_begin(dom0);
    assert_ok(xwrite(dom0, t, "/local/domain/50/k3", "new"));
    /* /, /local, /local/domain, /local/domain/50 and its k3. */
    assert_int_equal(tx_tree(dom0, t)->copied, 5);
    assert_ok(req(dom0, XS_TRANSACTION_END, t, "T", NULL));
    assert_string_equal(req(dom0, XS_READ, 0, "/local/domain/50/k3", NULL)->body, "new");
}

/* ---- the library's formatting ---- */
static void test_perm_to_string(void **state)
{
    struct xs_permissions r0 = { 0, XS_PERM_READ }, both = { 4294967295u, XS_PERM_READ | XS_PERM_WRITE },
                          none = { 7, XS_PERM_NONE }, bad = { 1, 4 }, r12 = { 12, XS_PERM_READ };
    char buf[24], digits[FMT_UINT_MAX];
    (void)state;
    assert_true(xs_perm_to_string(&r0, buf, sizeof(buf)));
    assert_string_equal(buf, "r0");
    assert_true(xs_perm_to_string(&both, buf, sizeof(buf)));
    assert_string_equal(buf, "b4294967295");
    assert_true(xs_perm_to_string(&none, buf, sizeof(buf)));
    assert_string_equal(buf, "n7");
    assert_true(xs_perm_to_string(&r12, buf, 4));           /* "r12" and its NUL */
    assert_string_equal(buf, "r12");
    errno = 0;
    assert_false(xs_perm_to_string(&r12, buf, 3));
    assert_int_equal(errno, E2BIG);
    errno = 0;
    assert_false(xs_perm_to_string(&bad, buf, sizeof(buf)));
    assert_int_equal(errno, EINVAL);
    assert_int_equal(fmt_uint(digits, 0), 1);
    assert_memory_equal(digits, "0", 1);
    assert_int_equal(fmt_uint(digits, UINT64_MAX), 20);
    assert_memory_equal(digits, "18446744073709551615", 20);
}

/* ---- watches ---- */
/* A connection left with special watches only hears no node's change;
 * watching a node again brings its events back. */
static void test_watch_node_count(void **state)
{
    struct reply ev;
    (void)state;
    assert_ok(req(domu, XS_WATCH, 0, "data", "t"));
    assert_true(next_msg(domu, &ev));
    assert_ok(req(domu, XS_WATCH, 0, "@releaseDomain", "r"));   /* dom0's: no event */
    assert_ok(req(domu, XS_UNWATCH, 0, "data", "t"));
    assert_ok(xwrite(dom0, 0, "/local/domain/1/data/x", "1"));
    assert_false(next_msg(domu, &ev));
    assert_ok(req(domu, XS_WATCH, 0, "data", "t"));
    assert_true(next_msg(domu, &ev));
    assert_ok(xwrite(dom0, 0, "/local/domain/1/data/x", "2"));
    assert_true(next_msg(domu, &ev));
    assert_memory_equal(ev.body, "data/x\0t\0", 9);
    assert_ok(req(domu, XS_RESET_WATCHES, 0, "", NULL));
    assert_ok(xwrite(dom0, 0, "/local/domain/1/data/x", "3"));
    assert_false(next_msg(domu, &ev));
}

static void test_watch_fires(void **state)
{
    struct reply ev;
    (void)state;
    assert_ok(req(domu, XS_WATCH, 0, "data", "tok"));
    /* Once at registration, with the path as given (relative). */
    assert_true(next_msg(domu, &ev));
    assert_int_equal(ev.hdr.type, XS_WATCH_EVENT);
    assert_memory_equal(ev.body, "data\0tok\0", 9);
    assert_ok(xwrite(dom0, 0, "/local/domain/1/data/sub", "x"));
    assert_true(next_msg(domu, &ev));
    assert_memory_equal(ev.body, "data/sub\0tok\0", 13);
    /* A sibling does not fire it. */
    assert_ok(xwrite(dom0, 0, "/local/domain/1/database", "x"));
    assert_false(next_msg(domu, &ev));
    /* Removing the parent fires the watch on the child's path. */
    assert_ok(req(dom0, XS_RM, 0, "/local/domain/1", NULL));
    assert_true(next_msg(domu, &ev));
    assert_memory_equal(ev.body, "data\0tok\0", 9);
    assert_ok(req(domu, XS_UNWATCH, 0, "data", "tok"));
    assert_err(req(domu, XS_UNWATCH, 0, "data", "tok"), "ENOENT");
}

/* Takes c's next message, which must be the watch event (path, token). */
static void expect_event(struct xs_conn *c, const char *path, const char *token)
{
    struct reply ev;
    size_t plen = strlen(path) + 1;

    assert_true(next_msg(c, &ev));
    assert_int_equal(ev.hdr.type, XS_WATCH_EVENT);
    assert_int_equal(ev.hdr.len, plen + strlen(token) + 1);
    assert_string_equal(ev.body, path);
    assert_string_equal(ev.body + plen, token);
}

/* A connection with many watches (xenconsoled's, one per console) finds
 * them through its index: each change fires exactly the watches on it
 * and above it, in the order of the connection's list, as without one. */
static void test_watch_index(void **state)
{
    struct xs_conn *w = xs_conn_new(0, true);
    char path[64], token[16];
    struct reply ev;
    (void)state;
    for (int i = 0; i < 20; i++) {
        snprintf(path, sizeof(path), "/local/domain/%d/console", i);
        snprintf(token, sizeof(token), "c%d", i);
        assert_ok(req(w, XS_WATCH, 0, path, token));
        expect_event(w, path, token);
    }
    assert_ok(req(w, XS_WATCH, 0, "/local/domain/7", "d7"));
    expect_event(w, "/local/domain/7", "d7");
    assert_ok(xwrite(dom0, 0, "/local/domain/5/console/ring-ref", "1"));
    expect_event(w, "/local/domain/5/console/ring-ref", "c5");
    assert_false(next_msg(w, &ev));
    /* Two watches above one change: the newest first, as the list has them. */
    assert_ok(xwrite(dom0, 0, "/local/domain/7/console/port", "2"));
    expect_event(w, "/local/domain/7/console/port", "d7");
    expect_event(w, "/local/domain/7/console/port", "c7");
    assert_false(next_msg(w, &ev));
    /* Neither a watch's sibling nor a longer name beside it fires it. */
    assert_ok(xwrite(dom0, 0, "/local/domain/50/console", "x"));
    assert_ok(xwrite(dom0, 0, "/local/domain/5/consoles", "x"));
    assert_false(next_msg(w, &ev));
    /* A removed watch is gone from the index; a new one on / joins it. */
    assert_ok(req(w, XS_UNWATCH, 0, "/local/domain/5/console", "c5"));
    assert_ok(xwrite(dom0, 0, "/local/domain/5/console/ring-ref", "3"));
    assert_false(next_msg(w, &ev));
    assert_ok(req(w, XS_WATCH, 0, "/", "root"));
    expect_event(w, "/", "root");
    assert_ok(xwrite(dom0, 0, "/tool/x", "1"));
    expect_event(w, "/tool/x", "root");
    /* A removal fires the watches below it too. */
    assert_ok(xwrite(dom0, 0, "/local/domain/3/console/port", "4"));
    expect_event(w, "/local/domain/3/console/port", "root");
    expect_event(w, "/local/domain/3/console/port", "c3");
    assert_ok(req(dom0, XS_RM, 0, "/local/domain/3", NULL));
    expect_event(w, "/local/domain/3", "root");
    expect_event(w, "/local/domain/3/console", "c3");
    assert_false(next_msg(w, &ev));
    xs_conn_free(w);
}

static void test_watch_needs_read(void **state)
{
    struct reply ev;
    (void)state;
    assert_ok(xwrite(domu2, 0, "private", "p"));
    assert_ok(req(domu, XS_WATCH, 0, "/local/domain/2", "spy"));
    assert_false(next_msg(domu, &ev));     /* unreadable: no initial event */
    assert_ok(xwrite(domu2, 0, "private", "q"));
    assert_false(next_msg(domu, &ev));
}

static void test_special_watches(void **state)
{
    struct reply ev;
    (void)state;
    assert_ok(req(dom0, XS_WATCH, 0, "@introduceDomain", "i"));
    assert_true(next_msg(dom0, &ev));
    assert_ok(req(dom0, XS_WATCH, 0, "@releaseDomain", "r"));
    assert_true(next_msg(dom0, &ev));
    assert_err(req(dom0, XS_WATCH, 0, "@other", "x"), "EINVAL");
    /* A domU cannot see them by default. */
    assert_ok(req(domu, XS_WATCH, 0, "@releaseDomain", "r"));
    assert_false(next_msg(domu, &ev));

    send_lit(dom0, XS_INTRODUCE, "5\0" "1234\0" "3\0");
    assert_true(next_msg(dom0, &ev));
    assert_memory_equal(ev.body, "@introduceDomain\0i\0", 19);
    assert_true(next_msg(dom0, &last));
    assert_ok(&last);
    assert_string_equal(req(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL)->body, "T");
    assert_string_equal(req(dom0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL)->body, "F");
    assert_int_equal(domain_find(5)->local_port, 103);
    /* VIRQ_DOM_EXC is bound while a domain is introduced, and only then. */
    assert_int_equal(xs_dom_exc_port, 50);
    assert_int_equal(fake_dom_exc_binds, 1);

    /* Shut down: @releaseDomain once; dying: again, and the domain goes. */
    fake_state = XS_DOM_SHUTDOWN;
    domain_check_states();
    domain_check_states();
    assert_true(next_msg(dom0, &ev));
    assert_memory_equal(ev.body, "@releaseDomain\0r\0", 17);
    assert_false(next_msg(dom0, &ev));
    fake_state = XS_DOM_DYING;
    domain_check_states();
    assert_true(next_msg(dom0, &ev));
    assert_null(domain_find(5));
    assert_int_equal(xs_dom_exc_port, -1);
    assert_false(next_msg(domu, &ev));
}

/* minixen's @releaseDomain/<domid>: that domain's release only. */
static void test_release_of_one_domain(void **state)
{
    struct reply ev;
    (void)state;
    assert_err(req(dom0, XS_WATCH, 0, "@releaseDomain/", "x"), "EINVAL");
    assert_err(req(dom0, XS_WATCH, 0, "@releaseDomain/5x", "x"), "EINVAL");
    assert_err(req(dom0, XS_WATCH, 0, "@releaseDomain/123456", "x"), "EINVAL");
    assert_ok(req(dom0, XS_WATCH, 0, "@releaseDomain/5", "five"));
    assert_true(next_msg(dom0, &ev));
    assert_memory_equal(ev.body, "@releaseDomain/5\0five\0", 22);
    assert_ok(req(dom0, XS_WATCH, 0, "@releaseDomain/6", "six"));
    assert_true(next_msg(dom0, &ev));
    assert_ok(req(domu, XS_WATCH, 0, "@releaseDomain/5", "r"));
    assert_false(next_msg(domu, &ev));     /* dom0's only, as @releaseDomain */

    send_lit(dom0, XS_INTRODUCE, "5\0" "1234\0" "3\0");
    assert_true(next_msg(dom0, &last));
    assert_ok(&last);
    fake_state = XS_DOM_SHUTDOWN;
    domain_check_states();
    assert_true(next_msg(dom0, &ev));
    assert_memory_equal(ev.body, "@releaseDomain/5\0five\0", 22);
    assert_false(next_msg(dom0, &ev));     /* not domain 6's watch */
    fake_state = XS_DOM_DYING;
    domain_check_states();
    assert_true(next_msg(dom0, &ev));
    assert_memory_equal(ev.body, "@releaseDomain/5\0five\0", 22);
    assert_false(next_msg(dom0, &ev));
    assert_false(next_msg(domu, &ev));
}

static void test_introduce_errors(void **state)
{
    (void)state;
    send_lit(dom0, XS_INTRODUCE, "0\0" "1\0" "1\0");     /* dom0 */
    assert_true(next_msg(dom0, &last));
    assert_err(&last, "EINVAL");
    send_lit(dom0, XS_INTRODUCE, "x\0" "1\0" "1\0");
    assert_true(next_msg(dom0, &last));
    assert_err(&last, "EINVAL");
    send_lit(dom0, XS_INTRODUCE, "4\0" "1\0");           /* no port */
    assert_true(next_msg(dom0, &last));
    assert_err(&last, "EINVAL");
    send_lit(dom0, XS_INTRODUCE, "4\0" "666\0" "1\0");   /* map fails */
    assert_true(next_msg(dom0, &last));
    assert_err(&last, "EINVAL");   /* EFAULT has no wire name */
    assert_null(domain_find(4));
    fake_bind_error = EBUSY;
    send_lit(dom0, XS_INTRODUCE, "4\0" "1\0" "1\0");
    assert_true(next_msg(dom0, &last));
    assert_err(&last, "EBUSY");
    assert_null(domain_find(4));
    assert_err(req(dom0, XS_RELEASE, 0, "4", NULL), "ENOENT");
}

/* ---- a domain's ring ---- */
static void ring_put(const void *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fake_ring.req[MASK_XENSTORE_IDX(fake_ring.req_prod + i)] = ((const char *)data)[i];
    fake_ring.req_prod += (XENSTORE_RING_IDX)len;
}

static void test_ring_request_reply(void **state)
{
    struct xsd_sockmsg h = { XS_READ, 3, 0, sizeof("name") };
    struct xs_domain *d;
    char out[64];
    (void)state;
    assert_ok(xwrite(dom0, 0, "/local/domain/7/name", "guest-07"));
    assert_ok(req(dom0, XS_SET_PERMS, 0, "/local/domain/7/name", "n7"));
    send_lit(dom0, XS_INTRODUCE, "7\0" "99\0" "2\0");
    assert_true(next_msg(dom0, &last));
    assert_ok(&last);
    d = domain_find(7);
    /* Indices that wrap round 2^32 are fine. */
    fake_ring.req_cons = fake_ring.req_prod = 0xfffffff0u;
    ring_put(&h, sizeof(h));
    ring_put("name", h.len);   /* relative to /local/domain/7 */
    domain_service(d);
    assert_int_equal(fake_ring.req_cons, fake_ring.req_prod);
    assert_int_equal(fake_ring.rsp_prod, sizeof(h) + 8);
    memcpy(out, fake_ring.rsp + sizeof(h), 8);
    assert_memory_equal(out, "guest-07", 8);
    assert_true(fake_notifies > 0);
    assert_int_equal(fake_ring.server_features, XENSTORE_SERVER_FEATURE_ERROR);
}

static void test_ring_bad_indices(void **state)
{
    struct xs_domain *d;
    (void)state;
    send_lit(dom0, XS_INTRODUCE, "8\0" "99\0" "2\0");
    assert_true(next_msg(dom0, &last));
    d = domain_find(8);
    fake_ring.req_prod = fake_ring.req_cons + XENSTORE_RING_SIZE + 1;
    domain_service(d);
    assert_int_equal(fake_ring.error, XENSTORE_ERROR_RINGIDX);
    assert_true(d->conn->broken);
}

static void test_ring_full_response(void **state)
{
    struct xs_domain *d;
    static char big[XENSTORE_PAYLOAD_MAX];
    (void)state;
    memset(big, 'z', 3000);
    assert_ok(xwrite(dom0, 0, "/big", big));
    assert_ok(req(dom0, XS_SET_PERMS, 0, "/big", "r0"));   /* all may read */
    send_lit(dom0, XS_INTRODUCE, "9\0" "99\0" "2\0");
    assert_true(next_msg(dom0, &last));
    d = domain_find(9);
    send_raw(d->conn, XS_READ, 0, "/big", 5);
    domain_service(d);
    /* The guest has not consumed: the ring holds one ring's worth. */
    assert_int_equal(fake_ring.rsp_prod - fake_ring.rsp_cons, XENSTORE_RING_SIZE);
    fake_ring.rsp_cons = fake_ring.rsp_prod;
    domain_service(d);
    fake_ring.rsp_cons = fake_ring.rsp_prod;
    domain_service(d);
    assert_int_equal(fake_ring.rsp_prod, sizeof(struct xsd_sockmsg) + 3000);
    assert_false(d->conn->broken);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_read_write_basic), T(test_header_split_bytes), T(test_output_as_iovecs),
        T(test_payload_too_long_breaks), T(test_payload_max_accepted),
        T(test_missing_nul_and_extra_strings), T(test_unknown_types), T(test_directory_part),
        T(test_lookup_after_rm), T(test_many_kids_found),
        T(test_bad_paths), T(test_path_length_limits), T(test_relative_paths),
        T(test_domu_cannot_touch_others), T(test_perm_entries),
        T(test_bad_perm_strings), T(test_new_node_owned_by_creator),
        T(test_introduce_needs_privilege), T(test_entry_quota),
        T(test_entry_size_quota), T(test_watch_quota),
        T(test_transaction_quota), T(test_perms_quota),
        T(test_transaction_nodes_quota),
        T(test_transaction_commit), T(test_transaction_conflict),
        T(test_transaction_own_changes),
        T(test_transaction_reads_live_until_first_change), T(test_reset_watches), T(test_transaction_abort_and_bad), T(test_transaction_rm_and_watch),
        T(test_transaction_big_reads_live_additions), T(test_transaction_big_conflict),
        T(test_transaction_rm_counts_uncopied), T(test_transaction_big_directory),
        T(test_transaction_copies_little), T(test_transaction_big_refreshes_copies),
        T(test_transaction_create_checks_fresh_perms),
        T(test_perm_to_string), T(test_watch_fires), T(test_watch_node_count), T(test_watch_index), T(test_watch_needs_read), T(test_special_watches), T(test_release_of_one_domain),
        T(test_introduce_errors), T(test_ring_request_reply),
        T(test_ring_bad_indices), T(test_ring_full_response),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
