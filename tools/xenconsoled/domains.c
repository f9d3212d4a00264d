/*
 * tools/xenconsoled/domains.c - which domains have a console, connecting
 * their rings and serving them (xenconsoled.h).
 *
 * The hypervisor's domain list is the truth: xenstore's watches only say
 * when to look again.  Values read from xenstore and from the ring come
 * from the guest's side of the world and are checked before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xenconsoled.h"
#include "xencons_ring.h"

#define SCAN_BATCH        256
#define XS_PATH_MAX       96
/* Ring passes per event: a guest that refills as fast as we read cannot keep us. */
#define SERVICE_PASSES    4
#define RING_PAGE_SIZE    4096
#define CONSOLE_WATCH     "console"

static void console_path(char *buf, uint32_t domid, const char *node)
{
    snprintf(buf, XS_PATH_MAX, "/local/domain/%u/%s", domid, node);
}

/* A whole decimal number no larger than max from node, or -1. */
static int read_number(struct daemon *d, uint32_t domid, const char *node,
                       uint64_t max, uint64_t *value)
{
    char path[XS_PATH_MAX], *text, *end;
    unsigned int len;
    int rc = -1;

    console_path(path, domid, node);
    text = xs_read(d->xs, XBT_NULL, path, &len);
    if (!text)
        return -1;
    errno = 0;
    *value = strtoull(text, &end, 10);
    if (len && text[0] >= '0' && text[0] <= '9' && end == text + len &&
        !errno && *value <= max)
        rc = 0;
    free(text);
    return rc;
}

static void read_name(struct daemon *d, struct console *c)
{
    char path[XS_PATH_MAX], *text;
    unsigned int len;

    console_path(path, c->domid, "name");
    text = xs_read(d->xs, XBT_NULL, path, &len);
    logname_sanitize(c->name, text && strlen(text) == len ? text : NULL, c->domid);
    free(text);
}

static void open_log(struct daemon *d, struct console *c)
{
    char path[256];

    if (logname_path(path, sizeof(path), d->log_dir, c->name, c->domid) < 0)
        return;
    c->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (c->log_fd < 0)
        fprintf(stderr, "xenconsoled: %s: %s\n", path, strerror(errno));
}

/*
 * Once per console.  A domain destroyed before we reached it (ESRCH) is
 * no failure: its release watch drops the console at once.
 */
static void report_connect_failure(struct console *c, const char *what)
{
    if (!c->connect_failed && errno != ESRCH)
        fprintf(stderr, "xenconsoled: domain %u: %s: %s\n", c->domid, what,
                strerror(errno));
    c->connect_failed = 1;
}

static void *map_ring(struct daemon *d, struct console *c, uint64_t mfn)
{
    void *ring = xc_map_foreign_range(d->xch, c->domid, RING_PAGE_SIZE,
                                      PROT_READ | PROT_WRITE, (unsigned long)mfn);

    if (!ring)
        report_connect_failure(c, "cannot map the console ring");
    return ring;
}

static int bind_port(struct daemon *d, struct console *c, uint32_t port)
{
    int local = xenevtchn_bind_interdomain(d->xce, c->domid, port);

    if (local < 0)
        report_connect_failure(c, "cannot bind the console event channel");
    return local;
}

/* Map the ring and bind the channel that xenstore names; 0 when done. */
static int console_connect(struct daemon *d, struct console *c)
{
    uint64_t mfn, port;
    void *ring;

    if (read_number(d, c->domid, "console/ring-ref", UINTPTR_MAX >> 12, &mfn) ||
        read_number(d, c->domid, "console/port", UINT32_MAX, &port))
        return -1;
    ring = map_ring(d, c, mfn);
    if (!ring)
        return -1;
    c->local_port = bind_port(d, c, (uint32_t)port);
    if (c->local_port < 0) {
        munmap(ring, RING_PAGE_SIZE);
        return -1;
    }
    c->ring = ring;
    c->remote_port = (uint32_t)port;
    read_name(d, c);
    open_log(d, c);
    console_service(d, c);
    return 0;
}

static void write_log(struct console *c, const char *buf, size_t n)
{
    while (c->log_fd >= 0 && n) {
        ssize_t w = write(c->log_fd, buf, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        buf += w;
        n -= (size_t)w;
    }
}

/* Guest output into the log and the backlog; 1 if any came. */
static int take_output(struct console *c)
{
    char buf[XENCONS_OUT_SIZE];
    int moved = 0;
    long n = 0;

    for (int pass = 0; pass < SERVICE_PASSES; pass++) {
        n = xencons_ring_take_output(c->ring, buf, sizeof(buf));
        if (n <= 0)
            break;
        write_log(c, buf, (size_t)n);
        backlog_push(&c->output, buf, (size_t)n);
        moved = 1;
    }
    if (n < 0 && !c->ring_broken) {
        fprintf(stderr, "xenconsoled: domain %u: console ring indices out of "
                "range, its output is ignored\n", c->domid);
        c->ring_broken = 1;
    }
    return moved;
}

/* Waiting input into the ring's free space; 1 if any went. */
static int give_input(struct console *c)
{
    int moved = 0;

    for (int pass = 0; pass < 2; pass++) {     /* the backlog may wrap once */
        size_t n;
        const char *p = backlog_peek(&c->input, &n);
        long put = n ? xencons_ring_put_input(c->ring, p, n) : 0;

        if (put <= 0)
            break;
        backlog_consume(&c->input, (size_t)put);
        moved = 1;
    }
    return moved;
}

void console_service(struct daemon *d, struct console *c)
{
    if (c->ring) {
        int moved = take_output(c);

        moved |= give_input(c);
        if (moved)
            xenevtchn_notify(d->xce, (evtchn_port_t)c->local_port);
    }
    attach_flush_output(c);
}

struct console *console_find(struct daemon *d, uint32_t domid)
{
    struct console *c;

    for (c = d->consoles; c; c = c->next)
        if (c->domid == domid)
            return c;
    return NULL;
}

static void watch_console_node(struct daemon *d, struct console *c, int on)
{
    char path[XS_PATH_MAX];

    console_path(path, c->domid, "console");
    if (on)
        xs_watch(d->xs, path, CONSOLE_WATCH);
    else
        xs_unwatch(d->xs, path, CONSOLE_WATCH);
}

/* Consoles stay in id order, so a scan meets them as the domain list
 * does (one walk for all, not one per domain). */
static void insert_in_id_order(struct daemon *d, struct console *c)
{
    struct console **link = &d->consoles;

    while (*link && (*link)->domid < c->domid)
        link = &(*link)->next;
    c->next = *link;
    *link = c;
}

static struct console *console_add(struct daemon *d, uint32_t domid)
{
    struct console *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->domid = domid;
    c->local_port = c->log_fd = c->client_fd = -1;
    if (backlog_init(&c->output, BACKLOG_OUTPUT_SIZE) ||
        backlog_init(&c->input, INPUT_BACKLOG_SIZE)) {
        backlog_free(&c->output);
        free(c);
        return NULL;
    }
    insert_in_id_order(d, c);
    watch_console_node(d, c, 1);
    return c;
}

/* Last output first: a guest that printed and powered off is heard. */
static void console_drop(struct daemon *d, struct console **link)
{
    struct console *c = *link;

    console_service(d, c);
    attach_detach(c);
    if (c->local_port >= 0)
        xenevtchn_unbind(d->xce, (evtchn_port_t)c->local_port);
    if (c->ring)
        munmap((void *)c->ring, RING_PAGE_SIZE);
    if (c->log_fd >= 0)
        close(c->log_fd);
    watch_console_node(d, c, 0);
    *link = c->next;
    backlog_free(&c->output);
    backlog_free(&c->input);
    free(c);
}

/* domid's console, looking on from *cursor (the scan's ids only grow). */
static struct console *find_from(struct console **cursor, uint32_t domid)
{
    struct console *c = *cursor;

    while (c && c->domid < domid)
        c = c->next;
    *cursor = c;
    return c && c->domid == domid ? c : NULL;
}

static void note_live_domain(struct daemon *d, const xc_domaininfo_t *info,
                             struct console **cursor)
{
    struct console *c;

    if (info->flags & XEN_DOMINF_dying)
        return;
    c = find_from(cursor, info->domain);
    if (!c)
        c = console_add(d, info->domain);
    if (!c)
        return;
    c->seen = 1;
    if (!c->ring)
        console_connect(d, c);
}

/* Mark the live domains; -1 if the list could not be read (drop nothing then). */
static int mark_live_domains(struct daemon *d)
{
    static xc_domaininfo_t info[SCAN_BATCH];
    uint32_t first = 1;        /* dom0's console is the hypervisor's */
    struct console *cursor = d->consoles;
    int n;

    do {
        n = xc_domain_getinfolist(d->xch, first, SCAN_BATCH, info);
        if (n < 0)
            return -1;
        for (int i = 0; i < n; i++)
            note_live_domain(d, &info[i], &cursor);
        if (n > 0)
            first = (uint32_t)info[n - 1].domain + 1;
    } while (n == SCAN_BATCH);
    return 0;
}

void domains_scan(struct daemon *d)
{
    struct console **link;

    for (struct console *c = d->consoles; c; c = c->next)
        c->seen = 0;
    if (mark_live_domains(d))
        return;
    for (link = &d->consoles; *link;) {
        if ((*link)->seen)
            link = &(*link)->next;
        else
            console_drop(d, link);
    }
}

void domains_handle_event(struct daemon *d)
{
    int port = xenevtchn_pending(d->xce);

    if (port < 0)
        return;
    for (struct console *c = d->consoles; c; c = c->next)
        if (c->local_port == port)
            console_service(d, c);
    xenevtchn_unmask(d->xce, (evtchn_port_t)port);
}

void domains_close_all(struct daemon *d)
{
    while (d->consoles)
        console_drop(d, &d->consoles);
}
