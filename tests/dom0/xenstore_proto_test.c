/*
 * tests/dom0/xenstore_proto_test.c - xenstored's socket against clients
 * that break the rules, run by tests/boot/test_dom0_xenstore.py.
 *
 * Raw xs_wire.h messages, not libxenstore, so each malformed case goes
 * out exactly as written: a request split over many writes, a path with
 * no NUL, an unknown type, a transaction id nobody started, and a header
 * announcing more than XENSTORE_PAYLOAD_MAX bytes, which must end that
 * connection (EOF) and no other.  Prints one line per check and
 * "xenstore_proto_test: all passed", exit 0; else the failing check, 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <public/io/xs_wire.h>

#define SOCKET_PATH "/run/xenstored/socket"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    failures += !ok;
}

static int connect_store(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = SOCKET_PATH };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("xenstore_proto_test: connect " SOCKET_PATH);
        exit(1);
    }
    return fd;
}

static void send_msg(int fd, uint32_t type, uint32_t tx, const void *body,
                     uint32_t len, int bytewise)
{
    struct xsd_sockmsg h = { type, 42, tx, len };
    char buf[sizeof(h) + 64];

    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), body, len);
    for (size_t at = 0, step = bytewise ? 1 : sizeof(h) + len;
         at < sizeof(h) + len; at += step)
        if (write(fd, buf + at, step) != (ssize_t)step)
            perror("write");
}

/* The reply's type and payload (NUL-terminated), or -1 at EOF. */
static int recv_msg(int fd, char *body, size_t size)
{
    struct xsd_sockmsg h;
    size_t got = 0;

    while (got < sizeof(h)) {
        ssize_t n = read(fd, (char *)&h + got, sizeof(h) - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    if (h.len >= size)
        return -1;
    for (got = 0; got < h.len;) {
        ssize_t n = read(fd, body + got, h.len - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    body[h.len] = '\0';
    return (int)h.type;
}

static int replies(int fd, int type, const char *body)
{
    char got[XENSTORE_PAYLOAD_MAX + 1];

    return recv_msg(fd, got, sizeof(got)) == type && strcmp(got, body) == 0;
}

int main(void)
{
    int a = connect_store(), b = connect_store();
    char buf[64];

    send_msg(a, XS_READ, 0, "/local/domain/0/name", 21, 1);
    check(replies(a, XS_READ, "Domain-0"), "a request written byte by byte");
    send_msg(a, XS_READ, 0, "/local", 6, 0);
    check(replies(a, XS_ERROR, "EINVAL"), "a path without its NUL: EINVAL");
    send_msg(a, 12345, 0, "/", 2, 0);
    check(replies(a, XS_ERROR, "EINVAL"), "an unknown type: EINVAL");
    send_msg(a, XS_READ, 777, "/", 2, 0);
    check(replies(a, XS_ERROR, "ENOENT"), "a transaction never started: ENOENT");
    send_msg(a, XS_WATCH, 0, "/pt\0tok", 8, 0);
    check(replies(a, XS_WATCH, "OK"), "a watch");
    check(replies(a, XS_WATCH_EVENT, "/pt"), "its registration event");

    send_msg(b, XS_READ, 0, "/", 0, 0);   /* header only: len 0 */
    check(replies(b, XS_ERROR, "EINVAL"), "an empty payload: EINVAL");
    {
        struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
        check(write(b, &h, sizeof(h)) == sizeof(h), "an oversized header sent");
        check(recv_msg(b, buf, sizeof(buf)) == -1, "it ends that connection");
    }
    send_msg(a, XS_WRITE, 0, "/pt/x\0v", 7, 0);
    check(replies(a, XS_WATCH_EVENT, "/pt/x") && replies(a, XS_WRITE, "OK"),
          "the other connection is still served, its watch fires");
    close(a);
    close(b);
    if (failures)
        return 1;
    printf("xenstore_proto_test: all passed\n");
    return 0;
}
