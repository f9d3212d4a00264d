/*
 * tools/xenstore/xenstored.c - the xenstore daemon: serves dom0's tools on
 * the Unix socket /run/xenstored/socket (every client there is dom0,
 * privileged) and each introduced domain on its ring, in one poll loop.
 *
 *   xenstored [-F] [-s socket] [-p pidfile]
 *     -F  stay in the foreground (default: fork, the parent returns once
 *         the socket is listening)
 *
 * Without dom0's privcmd or evtchn device it still serves the socket
 * (domains then cannot be introduced: XS_INTRODUCE gets the error).
 */
#define _GNU_SOURCE   /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstored.h"
#include "xs_os.h"

#define MAX_POLL 1024
#define MAX_PORTS 64
#define OUTPUT_IOVS 64             /* messages per writev */

struct sock_client {
    int fd;
    struct xs_conn *conn;
};

static struct sock_client clients[MAX_POLL];
static int nclients;

static int listen_on(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char dir[sizeof(addr.sun_path)];
    char *slash;
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path))
        return -1;
    snprintf(dir, sizeof(dir), "%s", path);
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    strcpy(addr.sun_path, path);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static void accept_client(int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0)
        return;
    if (nclients == MAX_POLL - 2) {
        close(fd);
        return;
    }
    clients[nclients].conn = xs_conn_new(0, true);
    if (!clients[nclients].conn) {
        close(fd);
        return;
    }
    clients[nclients++].fd = fd;
}

static void drop_client(int i)
{
    close(clients[i].fd);
    xs_conn_free(clients[i].conn);
    clients[i] = clients[--nclients];
}

/* Reads what the client sent; false when it is gone or broke the protocol. */
static bool client_input(struct sock_client *cl)
{
    char buf[4096];
    ssize_t n = read(cl->fd, buf, sizeof(buf));

    if (n < 0)
        return errno == EAGAIN || errno == EINTR;
    if (n == 0)
        return false;
    return xs_conn_feed(cl->conn, buf, (size_t)n);
}

/* Everything queued, in as few writes as the socket takes (a batch of
 * requests gets its replies in one). */
static bool client_output(struct sock_client *cl)
{
    struct iovec iov[OUTPUT_IOVS];
    int count;

    while ((count = xs_conn_output_iov(cl->conn, iov, OUTPUT_IOVS)) > 0) {
        ssize_t n = writev(cl->fd, iov, count);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR;
        xs_conn_sent(cl->conn, (size_t)n);
    }
    return !cl->conn->broken;
}

static void handle_events(void)
{
    uint32_t ports[MAX_PORTS];
    int n = xs_os_pending(ports, MAX_PORTS);

    for (int i = 0; i < n; i++) {
        struct xs_domain *d = domain_by_port((int)ports[i]);
        if ((int)ports[i] == xs_dom_exc_port)
            domain_check_states();
        else if (d)
            d->left_requests = domain_service(d);
    }
    xs_os_unmask(ports, n);
}

/* Replies and events may be queued for any domain by any request, and a
 * busy domain may have left requests: true if one did (poll again at once). */
static bool service_domains(void)
{
    bool busy = false;

    for (struct xs_domain *d = xs_domains; d; d = d->next)
        if (!d->conn->broken && (d->conn->out_head || d->left_requests))
            busy |= d->left_requests = domain_service(d);
    return busy;
}

static int fill_pollfds(struct pollfd *pfd, int lfd)
{
    int n = 0;

    pfd[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
    pfd[n++] = (struct pollfd){ .fd = xs_os_evtchn_fd(), .events = POLLIN };
    for (int i = 0; i < nclients; i++)
        pfd[n++] = (struct pollfd){ .fd = clients[i].fd,
            .events = POLLIN | (clients[i].conn->out_head ? POLLOUT : 0) };
    return n;
}

static void serve(int lfd)
{
    struct pollfd pfd[MAX_POLL];
    bool busy = false;

    for (;;) {
        int n = fill_pollfds(pfd, lfd);
        if (poll(pfd, (nfds_t)n, busy ? 0 : -1) < 0 && errno != EINTR)
            return;
        if (pfd[0].revents & POLLIN)
            accept_client(lfd);
        if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN))
            handle_events();
        /* Backwards: drop_client moves the last client into slot i. */
        for (int i = n - 3; i >= 0; i--) {
            bool ok = true;
            if (pfd[i + 2].revents & (POLLIN | POLLHUP | POLLERR))
                ok = client_input(&clients[i]);
            if (!ok || !client_output(&clients[i]))
                drop_client(i);
        }
        for (int i = nclients - 1; i >= 0; i--)
            if (!client_output(&clients[i]))
                drop_client(i);
        busy = service_domains();
    }
}

static void write_pidfile(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return;
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
}

/* Forks; the parent exits once the child's socket is listening. */
static void daemonize(void)
{
    pid_t pid = fork();

    if (pid < 0) {
        perror("xenstored: fork");
        exit(1);
    }
    if (pid > 0)
        _exit(0);
    setsid();
}

int main(int argc, char **argv)
{
    const char *sock_path = getenv(XS_SOCKET_ENV) ? getenv(XS_SOCKET_ENV)
                                                  : XS_DEFAULT_SOCKET;
    const char *pidfile = NULL;
    bool foreground = false;
    int opt, lfd;

    while ((opt = getopt(argc, argv, "Fs:p:")) != -1) {
        switch (opt) {
        case 'F': foreground = true; break;
        case 's': sock_path = optarg; break;
        case 'p': pidfile = optarg; break;
        default:
            fprintf(stderr, "usage: xenstored [-F] [-s socket] [-p pidfile]\n");
            return 1;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    xs_core_init();
    if (xs_os_init() < 0)
        fprintf(stderr, "xenstored: no domain events (%s): serving the socket only\n",
                strerror(errno));
    lfd = listen_on(sock_path);
    if (!xs_tree || lfd < 0) {
        fprintf(stderr, "xenstored: cannot listen on %s: %s\n", sock_path,
                strerror(errno));
        return 1;
    }
    fprintf(stderr, "xenstored: listening on %s\n", sock_path);
    if (!foreground)
        daemonize();
    if (pidfile)
        write_pidfile(pidfile);
    serve(lfd);
    return 1;
}
