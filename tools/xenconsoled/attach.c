/*
 * tools/xenconsoled/attach.c - `xl console` clients on the Unix socket
 * (tools/lib/xlconsole_proto.h has the protocol).
 *
 * A new connection is pending until its request line is whole; only a
 * few may be pending at once, and each line is bounded.  An attached
 * client's socket is non-blocking both ways: output it does not take
 * stays in the console's backlog, and its input is read only while the
 * input backlog has room, so a slow guest holds back the client instead
 * of growing a buffer.
 */
#define _GNU_SOURCE     /* accept4 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenconsoled.h"
#include "xlconsole_proto.h"

#define PENDING_MAX  8
#define LISTEN_BACKLOG 8
#define READ_CHUNK   1024

struct pending {
    int fd;                      /* -1 when the slot is free */
    size_t len;
    char buf[XLCONS_LINE_MAX];
};

static struct pending pending[PENDING_MAX];

void attach_init(void)
{
    for (int i = 0; i < PENDING_MAX; i++)
        pending[i].fd = -1;
}

const char *attach_socket_path(void)
{
    const char *env = getenv(XLCONS_SOCKET_ENV);

    return env && *env ? env : XLCONS_SOCKET;
}

int attach_listen(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path))
        return errno = ENAMETOOLONG, -1;
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
        chmod(path, 0600) || listen(fd, LISTEN_BACKLOG)) {
        int saved = errno;

        close(fd);
        return errno = saved, -1;
    }
    return fd;
}

void attach_accept(struct daemon *d)
{
    int fd = accept4(d->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (fd < 0)
        return;
    for (int i = 0; i < PENDING_MAX; i++)
        if (pending[i].fd < 0) {
            pending[i] = (struct pending){ .fd = fd };
            return;
        }
    close(fd);                   /* too many half-open requests */
}

int attach_pending_pollfds(struct pollfd *pfd, int max)
{
    int n = 0;

    for (int i = 0; i < PENDING_MAX && n < max; i++)
        if (pending[i].fd >= 0)
            pfd[n++] = (struct pollfd){ .fd = pending[i].fd, .events = POLLIN };
    return n;
}

static void reply(int fd, int err)
{
    char line[XLCONS_LINE_MAX * 2];
    int n = xlcons_format_reply(line, sizeof(line), err);

    if (n > 0 && write(fd, line, (size_t)n) < 0)
        return;                  /* the client is gone; it will see EOF */
}

static void pending_close(struct pending *p, int err)
{
    if (err)
        reply(p->fd, err);
    close(p->fd);
    p->fd = -1;
}

/*
 * The domain's console takes the client; bytes after the line are input.
 * The scan first connects a console whose nodes were just written, so a
 * caller that wrote them and then attached never races the watch.
 */
static void pending_attach(struct daemon *d, struct pending *p, uint32_t domid,
                           size_t line_len)
{
    struct console *c;

    domains_scan(d);             /* a domain created a moment ago counts */
    c = domid ? console_find(d, domid) : NULL;
    if (!c || !c->ring || c->client_fd >= 0) {
        pending_close(p, c && c->ring ? EBUSY : ENOENT);
        return;
    }
    reply(p->fd, 0);
    c->client_fd = p->fd;
    p->fd = -1;
    backlog_push(&c->input, p->buf + line_len, p->len - line_len);
    console_service(d, c);
}

void attach_pending_ready(struct daemon *d, int fd, short revents)
{
    struct pending *p = NULL;
    uint32_t domid;
    ssize_t n;
    int rc;

    for (int i = 0; i < PENDING_MAX && fd >= 0; i++)
        if (pending[i].fd == fd)
            p = &pending[i];
    if (!p || !(revents & (POLLIN | POLLHUP | POLLERR)))
        return;
    n = read(fd, p->buf + p->len, sizeof(p->buf) - p->len);
    if (n <= 0) {
        if (n == 0 || errno != EAGAIN)
            pending_close(p, 0);
        return;
    }
    p->len += (size_t)n;
    rc = xlcons_parse_request(p->buf, p->len, &domid);
    if (rc > 0)
        pending_attach(d, p, domid, (size_t)rc);
    else if (rc != -EAGAIN)
        pending_close(p, EINVAL);
}

void attach_detach(struct console *c)
{
    if (c->client_fd < 0)
        return;
    close(c->client_fd);
    c->client_fd = -1;
}

void attach_flush_output(struct console *c)
{
    size_t n;
    const char *p;

    while (c->client_fd >= 0 && (p = backlog_peek(&c->output, &n), n)) {
        ssize_t w = write(c->client_fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno != EAGAIN)
            attach_detach(c);
        if (w <= 0)
            return;
        backlog_consume(&c->output, (size_t)w);
    }
}

static void read_client_input(struct daemon *d, struct console *c)
{
    char buf[READ_CHUNK];
    size_t room = backlog_room(&c->input);
    ssize_t n = read(c->client_fd, buf, room < sizeof(buf) ? room : sizeof(buf));

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        attach_detach(c);
        return;
    }
    if (n > 0) {
        backlog_push(&c->input, buf, (size_t)n);
        console_service(d, c);
    }
}

void attach_client_ready(struct daemon *d, struct console *c, short revents)
{
    if (revents & POLLOUT)
        attach_flush_output(c);
    if (c->client_fd >= 0 && revents & POLLIN && backlog_room(&c->input))
        read_client_input(d, c);
    else if (c->client_fd >= 0 && revents & (POLLHUP | POLLERR))
        attach_detach(c);
}
