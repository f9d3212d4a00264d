/*
 * tests/dom0/evtchn_dev.c - `evtchn_dev DOMID`: /dev/xen/evtchn with
 * Linux's semantics.  Loopback channels inside dom0 (an unbound port and
 * an interdomain binding to it, in one file and across two), then a
 * channel to domain DOMID, which must run guests/evtest's pong role with
 * peer=0 rounds=1: it offers port 1, answers one notification and shuts
 * down, which raises VIRQ_DOM_EXC here.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <xen/evtchn.h>
#include "check.h"

/* The call first, then errno: a function's arguments have no order. */
#define EXPECT_ERRNO(name, call, want) \
    do { long ret_ = (long)(call); check_errno((name), ret_, errno, (want)); } while (0)

#define VIRQ_DOM_EXC        3
#define PEER_OFFER_PORT     1       /* evtest's pong offers its first port */
#define PAST_LAST_PORT      4096    /* the 2-level ABI's limit for a 64-bit domain */
#define SHORT_MS            100
#define LONG_MS             10000

/* The first page is never mapped; volatile keeps the compiler from judging the read. */
static void *volatile bad_buffer = (void *)16;

static long bind_unbound(int fd, unsigned int remote)
{
    struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = remote };

    return ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

static long bind_interdomain(int fd, unsigned int remote, unsigned int port)
{
    struct ioctl_evtchn_bind_interdomain b = { .remote_domain = remote, .remote_port = port };

    return ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

static long port_ioctl(int fd, unsigned int cmd, unsigned int port)
{
    struct ioctl_evtchn_notify p = { .port = port };   /* unbind's layout is the same */

    return ioctl(fd, cmd, &p);
}

static int readable(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* The next fired port, waiting up to ms; -1 if none came. */
static long next_port(int fd, int ms)
{
    uint32_t port;

    if (!readable(fd, ms) || read(fd, &port, sizeof(port)) != sizeof(port))
        return -1;
    return port;
}

static void unmask(int fd, uint32_t port)
{
    if (write(fd, &port, sizeof(port)) != sizeof(port))
        check_true("write unmasks", 0, "write of a port failed");
}

static void expect_port(const char *name, int fd, long want)
{
    char why[96];
    long got = next_port(fd, LONG_MS);

    snprintf(why, sizeof(why), "read port %ld, expected %ld", got, want);
    check_true(name, got == want, why);
}

/* One file: A unbound for dom0, B bound to it; events both ways, masking, reads. */
static void check_loopback(int fd)
{
    long a = bind_unbound(fd, 0), b = a > 0 ? bind_interdomain(fd, 0, a) : -1;
    uint32_t buf[4];

    check_true("bind_unbound_port and bind_interdomain", a > 0 && b > 0 && a != b,
               "binding failed");
    expect_port("binding raises the new port", fd, b);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    EXPECT_ERRNO("empty non-blocking read", read(fd, buf, 4), EAGAIN);
    fcntl(fd, F_SETFL, 0);
    unmask(fd, b);
    check_true("notify", port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, b) == 0, strerror(errno));
    expect_port("notify raises the other end", fd, a);
    port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, b);
    check_true("a fired port stays masked", !readable(fd, SHORT_MS), "queued twice");
    unmask(fd, a);
    expect_port("unmask delivers what fired meanwhile", fd, a);
    check_true("read of 3 bytes is 0", read(fd, buf, 3) == 0, "not 0");
    check_true("write of 3 bytes is 0", write(fd, buf, 3) == 0, "not 0");
    EXPECT_ERRNO("write from a bad buffer", write(fd, bad_buffer, 4), EFAULT);
    unmask(fd, a);
    port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, b);
    check_true("poll sees the port", readable(fd, LONG_MS), "not readable");
    EXPECT_ERRNO("read into a bad buffer", read(fd, bad_buffer, 4), EFAULT);
    expect_port("a failed read loses no port", fd, a);
    unmask(fd, a);
    port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, b);
    readable(fd, LONG_MS);
    check_true("reset", ioctl(fd, IOCTL_EVTCHN_RESET, 0) == 0, strerror(errno));
    check_true("reset empties the queue", !readable(fd, SHORT_MS), "still readable");
    buf[0] = 9999;
    check_true("write of a foreign port is ignored", write(fd, buf, 4) == 4, "not 4");
    check_true("unbind", port_ioctl(fd, IOCTL_EVTCHN_UNBIND, b) == 0, strerror(errno));
    EXPECT_ERRNO("unbind twice", port_ioctl(fd, IOCTL_EVTCHN_UNBIND, b), ENOTCONN);
    EXPECT_ERRNO("notify an unbound port", port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, b),
                ENOTCONN);
    port_ioctl(fd, IOCTL_EVTCHN_UNBIND, a);
}

/* Two files: events go to the file that owns the port; close unbinds. */
static void check_two_files(int fd)
{
    int other = open(EVTCHN_DEVICE, O_RDWR);
    long c = bind_unbound(other, 0), d = c > 0 ? bind_interdomain(fd, 0, c) : -1;

    check_true("a second file binds", other >= 0 && c > 0 && d > 0, "binding failed");
    expect_port("the binder's port fires in its file", fd, d);
    unmask(fd, d);
    port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, d);
    expect_port("the other end fires in the other file", other, c);
    EXPECT_ERRNO("unbind another file's port", port_ioctl(fd, IOCTL_EVTCHN_UNBIND, c),
                ENOTCONN);
    EXPECT_ERRNO("notify another file's port", port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, c),
                ENOTCONN);
    close(other);
    port_ioctl(fd, IOCTL_EVTCHN_UNBIND, d);
    EXPECT_ERRNO("close unbinds the file's ports", bind_interdomain(fd, 0, c), EINVAL);
}

static void check_bad_requests(int fd)
{
    int r = open(EVTCHN_DEVICE, O_RDWR);
    struct ioctl_evtchn_restrict_domid dom0 = { 0 }, dom5 = { 5 };
    struct ioctl_evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC };

    EXPECT_ERRNO("unknown ioctl", ioctl(fd, _IOC(_IOC_NONE, 'E', 0x42, 0), 0), ENOSYS);
    EXPECT_ERRNO("bad request pointer", ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, (void *)16),
                EFAULT);
    EXPECT_ERRNO("unbind past the last port", port_ioctl(fd, IOCTL_EVTCHN_UNBIND, PAST_LAST_PORT),
                EINVAL);
    EXPECT_ERRNO("bind to a port nobody offered", bind_interdomain(fd, 0, 4000), EINVAL);
    EXPECT_ERRNO("restrict to dom0", ioctl(r, IOCTL_EVTCHN_RESTRICT_DOMID, &dom0), EINVAL);
    check_true("restrict", ioctl(r, IOCTL_EVTCHN_RESTRICT_DOMID, &dom5) == 0, strerror(errno));
    EXPECT_ERRNO("restrict twice", ioctl(r, IOCTL_EVTCHN_RESTRICT_DOMID, &dom5), EACCES);
    EXPECT_ERRNO("restricted bind_virq", ioctl(r, IOCTL_EVTCHN_BIND_VIRQ, &virq), EACCES);
    EXPECT_ERRNO("restricted bind_unbound_port", bind_unbound(r, 5), EACCES);
    EXPECT_ERRNO("restricted bind_interdomain elsewhere", bind_interdomain(r, 0, 1),
                EACCES);
    close(r);
}

/* The domU answers one notification, then shuts down: VIRQ_DOM_EXC fires. */
static void check_domu(int fd, unsigned int domid)
{
    struct ioctl_evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC };
    long exc = ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &virq), e, first, second;

    check_true("bind_virq VIRQ_DOM_EXC", exc > 0, strerror(errno));
    EXPECT_ERRNO("bind a global VIRQ twice", ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &virq),
                EEXIST);
    e = bind_interdomain(fd, domid, PEER_OFFER_PORT);
    check_true("bind_interdomain to the domU", e > 0, strerror(errno));
    expect_port("binding raises our end", fd, e);
    unmask(fd, e);
    port_ioctl(fd, IOCTL_EVTCHN_NOTIFY, e);
    /* It answers and shuts down at once: one upcall may bring both, lower port first. */
    first = next_port(fd, LONG_MS);
    second = next_port(fd, LONG_MS);
    check_true("the domU answers", first == e || second == e, "no answer");
    check_true("VIRQ_DOM_EXC when the domU shuts down", first == exc || second == exc,
               "no VIRQ_DOM_EXC");
}

/* A global VIRQ binds once per domain: again only once its file is closed. */
static long rebind_dom_exc(void)
{
    struct ioctl_evtchn_bind_virq virq = { .virq = VIRQ_DOM_EXC };
    int fd = open(EVTCHN_DEVICE, O_RDWR);
    long port = ioctl(fd, IOCTL_EVTCHN_BIND_VIRQ, &virq);

    close(fd);
    return port;
}

int main(int argc, char **argv)
{
    unsigned int domid = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 10) : 1;
    int fd = open(EVTCHN_DEVICE, O_RDWR);

    if (fd < 0) {
        perror("evtchn_dev: open " EVTCHN_DEVICE);
        return 1;
    }
    check_loopback(fd);
    check_two_files(fd);
    check_bad_requests(fd);
    check_domu(fd, domid);
    check_true("close frees the VIRQ", close(fd) == 0 && rebind_dom_exc() > 0, strerror(errno));
    return check_verdict("evtchn_dev");
}
