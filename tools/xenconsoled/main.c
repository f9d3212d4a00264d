/*
 * tools/xenconsoled/main.c - xenconsoled: dom0's console daemon
 * (xenconsoled.h, docs/consoles.md).
 *
 *   xenconsoled [-i] [--log-dir DIR]
 *
 * Opens the hypervisor, xenstore and the event-channel device, listens
 * on the attach socket, and then (unless -i keeps it in the foreground)
 * goes to the background; so a failure to start is the init script's
 * exit status.  One poll() loop serves everything: xenstore's watches
 * (@introduceDomain, @releaseDomain, each domain's console node), the
 * consoles' event channels, and the clients.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "xenconsoled.h"
#include "xlconsole_proto.h"

#define WATCH_TOKEN   "domlist"
#define FIXED_FDS     3          /* xenstore, event channels, listening socket */
#define PENDING_FDS   8

static void usage(void)
{
    fprintf(stderr, "usage: xenconsoled [-i] [--log-dir DIR]\n");
    exit(2);
}

/* mkdir -p of path, with mode for the directories it makes. */
static int make_dirs(const char *path, mode_t mode)
{
    char buf[256];
    size_t len = strlen(path);

    if (len >= sizeof(buf))
        return errno = ENAMETOOLONG, -1;
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, mode) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, mode) && errno != EEXIST ? -1 : 0;
}

static void fail(const char *what)
{
    fprintf(stderr, "xenconsoled: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void socket_dir(const char *path)
{
    char dir[256];
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 0;

    if (!len || len >= sizeof(dir))
        return;
    memcpy(dir, path, len);
    dir[len] = '\0';
    if (make_dirs(dir, 0700))
        fail(dir);
}

static void open_everything(struct daemon *d)
{
    d->xch = xc_interface_open(NULL, NULL, 0);
    if (!d->xch)
        fail("cannot open the hypervisor interface");
    d->xs = xs_open(0);
    if (!d->xs)
        fail("cannot connect to xenstored");
    d->xce = xenevtchn_open(NULL, 0);
    if (!d->xce)
        fail("cannot open /dev/xen/evtchn");
    if (make_dirs(d->log_dir, 0755))
        fail(d->log_dir);
    socket_dir(attach_socket_path());
    d->listen_fd = attach_listen(attach_socket_path());
    if (d->listen_fd < 0)
        fail(attach_socket_path());
    if (!xs_watch(d->xs, "@introduceDomain", WATCH_TOKEN) ||
        !xs_watch(d->xs, "@releaseDomain", WATCH_TOKEN))
        fail("cannot watch the domain list");
}

static void go_background(void)
{
    pid_t pid = fork();

    if (pid < 0)
        fail("fork");
    if (pid > 0)
        _exit(0);
    setsid();
}

/* Every watch event means: look at the domain list again; the events
 * already queued with it (a create fires several) need only that one
 * look, since a scan sees everything they could announce. */
static void handle_watch(struct daemon *d)
{
    unsigned int num;
    char **event = xs_read_watch(d->xs, &num);

    while (event) {
        free(event);
        event = xs_check_watch(d->xs);
    }
    domains_scan(d);
    d->rescan_soon = 1;
}

static int count_clients(const struct daemon *d)
{
    int n = 0;

    for (const struct console *c = d->consoles; c; c = c->next)
        n += c->client_fd >= 0;
    return n;
}

/* pfd[FIXED_FDS + pending..] are the attached clients, in console order. */
static int fill_client_fds(struct daemon *d, struct pollfd *pfd)
{
    int n = 0;

    for (struct console *c = d->consoles; c; c = c->next) {
        if (c->client_fd < 0)
            continue;
        pfd[n].fd = c->client_fd;
        pfd[n].events = (backlog_room(&c->input) ? POLLIN : 0) |
                        (c->output.len ? POLLOUT : 0);
        pfd[n++].revents = 0;
    }
    return n;
}

static void serve_clients(struct daemon *d, struct pollfd *pfd, int n)
{
    for (int i = 0; i < n; i++) {
        if (!pfd[i].revents)
            continue;
        for (struct console *c = d->consoles; c; c = c->next)
            if (c->client_fd == pfd[i].fd) {
                attach_client_ready(d, c, pfd[i].revents);
                break;
            }
    }
}

/* What one poll() waits for: the fixed three, pending and attached clients. */
struct poll_set {
    struct pollfd *pfd;
    int pending, clients;
};

static void poll_set_fill(struct daemon *d, struct poll_set *set)
{
    int clients = count_clients(d);

    set->pfd = calloc((size_t)(FIXED_FDS + PENDING_FDS + clients), sizeof(*set->pfd));
    if (!set->pfd)
        fail("out of memory");
    set->pfd[0] = (struct pollfd){ .fd = xs_fileno(d->xs), .events = POLLIN };
    set->pfd[1] = (struct pollfd){ .fd = xenevtchn_fd(d->xce), .events = POLLIN };
    set->pfd[2] = (struct pollfd){ .fd = d->listen_fd, .events = POLLIN };
    set->pending = attach_pending_pollfds(set->pfd + FIXED_FDS, PENDING_FDS);
    set->clients = fill_client_fds(d, set->pfd + FIXED_FDS + set->pending);
}

/* Events first, so output reaches clients before anything is dropped. */
static void poll_set_dispatch(struct daemon *d, const struct poll_set *set)
{
    struct pollfd *pending = set->pfd + FIXED_FDS;

    if (set->pfd[1].revents & POLLIN)
        domains_handle_event(d);
    if (set->pfd[0].revents & POLLIN)
        handle_watch(d);
    serve_clients(d, pending + set->pending, set->clients);
    for (int i = 0; i < set->pending; i++)
        attach_pending_ready(d, pending[i].fd, pending[i].revents);
    if (set->pfd[2].revents & POLLIN)
        attach_accept(d);
}

static void serve_once(struct daemon *d)
{
    struct poll_set set;
    int ready;

    poll_set_fill(d, &set);
    ready = poll(set.pfd, (nfds_t)(FIXED_FDS + set.pending + set.clients),
                 d->rescan_soon ? RESCAN_DELAY_MS : -1);
    if (ready > 0)
        poll_set_dispatch(d, &set);
    else if (ready == 0) {
        d->rescan_soon = 0;
        domains_scan(d);
    } else if (errno != EINTR)
        fail("poll");
    free(set.pfd);
}

int main(int argc, char **argv)
{
    struct daemon d = { .log_dir = XENCONSOLED_LOG_DIR, .listen_fd = -1 };
    int foreground = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-i"))
            foreground = 1;
        else if (!strcmp(argv[i], "--log-dir") && i + 1 < argc)
            d.log_dir = argv[++i];
        else
            usage();
    }
    signal(SIGPIPE, SIG_IGN);
    attach_init();
    open_everything(&d);
    if (!foreground)
        go_background();
    domains_scan(&d);
    for (;;)
        serve_once(&d);
}
