/*
 * tools/xenstore/xenstored.c - the xenstore daemon: serves dom0's tools on
 * the Unix socket /run/xenstored/socket (every client there is dom0,
 * privileged) and each introduced domain on its ring, in one epoll loop.
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstored.h"
#include "xs_os.h"

#define MAX_CLIENTS 1022
#define MAX_PORTS 64
#define EVENTS_PER_WAIT 64
#define OUTPUT_IOVS 64             /* messages per writev */

struct sock_client {
    int fd;
    bool want_out;              /* EPOLLOUT asked for: output is waiting */
    struct xs_conn *conn;
};

static int epfd = -1;
static int nclients;
/* epoll's data for the two fixed descriptors; a client's is its address. */
static char listen_tag, evtchn_tag;

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

static int watch_fd(int op, int fd, uint32_t events, void *data)
{
    struct epoll_event ev = { .events = events, .data.ptr = data };

    return epoll_ctl(epfd, op, fd, &ev);
}

static void accept_client(int lfd)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    struct sock_client *cl;

    if (fd < 0)
        return;
    cl = nclients < MAX_CLIENTS ? calloc(1, sizeof(*cl)) : NULL;
    if (cl)
        cl->conn = xs_conn_new(0, true);
    if (!cl || !cl->conn || watch_fd(EPOLL_CTL_ADD, fd, EPOLLIN, cl)) {
        if (cl && cl->conn)
            xs_conn_free(cl->conn);
        free(cl);
        close(fd);
        return;
    }
    cl->fd = fd;
    cl->conn->transport = cl;
    nclients++;
}

/* close() takes the descriptor out of the epoll set too. */
static void drop_client(struct sock_client *cl)
{
    close(cl->fd);
    xs_conn_free(cl->conn);
    free(cl);
    nclients--;
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

/* Sends what is queued, up to OUTPUT_IOVS messages a writev (a batch of
 * replies wakes the client once); EPOLLOUT only while some has to wait. */
static bool client_output(struct sock_client *cl)
{
    struct iovec iov[OUTPUT_IOVS];
    bool left;
    int count;

    while ((count = xs_conn_output_iov(cl->conn, iov, OUTPUT_IOVS)) > 0) {
        ssize_t n = writev(cl->fd, iov, count);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        if (n < 0)
            break;
        xs_conn_sent(cl->conn, (size_t)n);
    }
    left = cl->conn->out_head != NULL;
    if (left != cl->want_out &&
        !watch_fd(EPOLL_CTL_MOD, cl->fd, EPOLLIN | (left ? EPOLLOUT : 0), cl))
        cl->want_out = left;
    return !cl->conn->broken;
}

/* A domain that stopped with requests left in its ring: poll again at once. */
static bool domains_left;

static void service_domain(struct xs_domain *d)
{
    if (!d->conn->broken)
        domains_left |= d->left_requests = domain_service(d);
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
            service_domain(d);
    }
    xs_os_unmask(ports, n);
}

/* Every connection given a reply or an event: the socket's clients get
 * theirs written, the domains' go into their rings. */
static void flush_noted(void)
{
    struct xs_conn *c;

    while ((c = xs_conn_take_noted())) {
        struct xs_domain *d;
        if (c->transport && !client_output(c->transport))
            drop_client(c->transport);
        else if (!c->transport && (d = domain_find(c->id)) && d->conn == c)
            service_domain(d);
    }
}

static void service_left_domains(void)
{
    domains_left = false;
    for (struct xs_domain *d = xs_domains; d; d = d->next)
        if (d->left_requests)
            service_domain(d);
}

static void client_ready(struct sock_client *cl, uint32_t events)
{
    bool ok = true;

    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        ok = client_input(cl);
    if (!ok || !client_output(cl))
        drop_client(cl);
}

static void dispatch(const struct epoll_event *ev, int lfd)
{
    if (ev->data.ptr == &listen_tag)
        accept_client(lfd);
    else if (ev->data.ptr == &evtchn_tag)
        handle_events();
    else
        client_ready(ev->data.ptr, ev->events);
}

/*
 * epoll, not poll: a wake-up costs the descriptors that are ready, not
 * every connection, so a request beside a hundred idle xl monitors costs
 * what it costs beside one.  A client dropped while its event waits in
 * the same batch cannot be, since a client is dropped only while its own
 * event is handled or after the batch (flush_noted).
 */
static void serve(int lfd)
{
    struct epoll_event evs[EVENTS_PER_WAIT];

    for (;;) {
        int n = epoll_wait(epfd, evs, EVENTS_PER_WAIT, domains_left ? 0 : -1);
        if (n < 0 && errno != EINTR)
            return;
        for (int i = 0; i < n; i++)
            dispatch(&evs[i], lfd);
        flush_noted();
        if (domains_left)
            service_left_domains();
        flush_noted();
    }
}

static int serve_setup(int lfd)
{
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0 || watch_fd(EPOLL_CTL_ADD, lfd, EPOLLIN, &listen_tag))
        return -1;
    if (xs_os_evtchn_fd() >= 0 &&
        watch_fd(EPOLL_CTL_ADD, xs_os_evtchn_fd(), EPOLLIN, &evtchn_tag))
        return -1;
    return 0;
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
    if (serve_setup(lfd) < 0) {
        perror("xenstored: epoll");
        return 1;
    }
    serve(lfd);
    return 1;
}
