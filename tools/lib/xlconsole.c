/*
 * tools/lib/xlconsole.c - the console client of xlconsole.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>
#include "xlconsole.h"
#include "xlconsole_proto.h"

#define RELAY_CHUNK 1024

struct terminal {
    int raw;                     /* stdin is a terminal we switched */
    struct termios saved;
};

static const char *socket_path(void)
{
    const char *env = getenv(XLCONS_SOCKET_ENV);

    return env && *env ? env : XLCONS_SOCKET;
}

static int connect_daemon(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const char *path = socket_path();
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path))
        return errno = ENAMETOOLONG, -1;
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        int saved = errno;

        close(fd);
        return errno = saved, -1;
    }
    return fd;
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/*
 * Read the reply a byte at a time, so that nothing after its newline
 * (the console's first output) is taken here.  0 or -errno.
 */
static int read_reply(int fd)
{
    char line[XLCONS_LINE_MAX];
    size_t len = 0;
    int rc = -EAGAIN;

    while (rc == -EAGAIN) {
        ssize_t n = read(fd, line + len, 1);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -EIO;
        rc = xlcons_parse_reply(line, ++len);
    }
    return rc < 0 ? rc : 0;
}

/* Raw input, but output keeps its newline-to-CRLF so guest lines stay readable. */
static void terminal_raw(struct terminal *t)
{
    struct termios raw;

    t->raw = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &t->saved) == 0;
    if (!t->raw)
        return;
    raw = t->saved;
    cfmakeraw(&raw);
    raw.c_oflag |= OPOST | ONLCR;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

static void terminal_restore(const struct terminal *t)
{
    if (t->raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
}

/* Keyboard to console; 1 when the user detached or input ended. */
static int relay_input(int sock)
{
    char buf[RELAY_CHUNK];
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
    size_t keep;

    if (n < 0)
        return errno != EINTR && errno != EAGAIN;
    if (n == 0)
        return 1;
    keep = xlcons_before_escape(buf, (size_t)n, XLCONS_ESCAPE);
    if (write_all(sock, buf, keep))
        return 1;
    return keep < (size_t)n;
}

/* Console to screen; 1 when xenconsoled closed (the domain went away). */
static int relay_output(int sock)
{
    char buf[RELAY_CHUNK];
    ssize_t n = read(sock, buf, sizeof(buf));

    if (n < 0)
        return errno != EINTR && errno != EAGAIN;
    return n == 0 || write_all(STDOUT_FILENO, buf, (size_t)n);
}

static void relay(int sock)
{
    struct pollfd pfd[2] = {
        { .fd = STDIN_FILENO, .events = POLLIN },
        { .fd = sock, .events = POLLIN },
    };

    for (;;) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (pfd[1].revents && relay_output(sock))
            return;
        if (pfd[0].revents && relay_input(sock))
            return;
    }
}

static int attach_failed(uint32_t domid, const char *what, int err)
{
    fprintf(stderr, "xl console: domain %u: %s: %s\n", domid, what, strerror(err));
    return 1;
}

int xl_console_attach_notify(uint32_t domid, void (*on_attached)(void *arg),
                             void *arg)
{
    char request[XLCONS_LINE_MAX];
    struct terminal term;
    int n = xlcons_format_request(request, sizeof(request), domid);
    int sock = connect_daemon();
    int rc;

    if (sock < 0)
        return attach_failed(domid, "cannot reach xenconsoled", errno);
    rc = write_all(sock, request, (size_t)n) ? -EIO : read_reply(sock);
    if (rc) {
        close(sock);
        return attach_failed(domid, "no console", -rc);
    }
    if (on_attached)
        on_attached(arg);
    terminal_raw(&term);
    relay(sock);
    terminal_restore(&term);
    close(sock);
    return 0;
}

int xl_console_attach(uint32_t domid)
{
    return xl_console_attach_notify(domid, NULL, NULL);
}
