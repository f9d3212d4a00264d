/*
 * tools/lib/xenstore.c - the client side of the xenstore protocol over
 * xenstored's Unix socket (Xen's libxenstore calls, one thread).
 *
 * A request is written whole, then messages are read until its reply;
 * watch events that arrive meanwhile are queued for xs_read_watch.  A
 * reply must match the request's id and type (or be XS_ERROR) and be at
 * most XENSTORE_PAYLOAD_MAX bytes, else the call fails with EBADMSG.
 *
 * In a batch (xs_batch_start) the changing requests are only queued, and
 * xs_batch_end sends them in one write and reads their replies in order:
 * one round trip through xenstored for all of them.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstore.h"

struct xs_event {
    struct xs_event *next;
    char **vec;
};

#define XS_INPUT_BUFFER 4096

struct xs_handle {
    int fd;
    uint32_t next_req_id;
    struct xs_event *events, *events_tail;
    /* Bytes read from the daemon but not yet taken: a read takes what
     * is there (several replies at once), not one header at a time. */
    char in[XS_INPUT_BUFFER];
    size_t in_start, in_end;
    bool awaiting_replies;      /* only then may a read take more than asked */
    bool batching;
    char *batch;                /* the queued requests, headers and all */
    size_t batch_len, batch_cap;
};

static const char *socket_path(void)
{
    const char *env = getenv(XS_SOCKET_ENV);

    return env && *env ? env : XS_DEFAULT_SOCKET;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    const char *path = socket_path();
    struct xs_handle *h;

    (void)flags;   /* read-only and socket-only: one socket serves both */
    if (strlen(path) >= sizeof(addr.sun_path)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    strcpy(addr.sun_path, path);
    h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (h->fd < 0 || connect(h->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        int saved = errno;
        if (h->fd >= 0)
            close(h->fd);
        free(h);
        errno = saved;
        return NULL;
    }
    return h;
}

void xs_close(struct xs_handle *h)
{
    if (!h)
        return;
    while (h->events) {
        struct xs_event *e = h->events;
        h->events = e->next;
        free(e->vec);
        free(e);
    }
    close(h->fd);
    free(h->batch);
    free(h);
}

int xs_fileno(struct xs_handle *h)
{
    return h->fd;
}

/* Outside a call only what is asked is read, so a message left in the
 * socket still makes it readable for a caller's poll(). */
static bool fill_input(struct xs_handle *h, size_t want)
{
    size_t room = h->awaiting_replies || want > sizeof(h->in) ? sizeof(h->in) : want;
    ssize_t n;

    do
        n = read(h->fd, h->in, room);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n == 0)
            errno = ECONNRESET;
        return false;
    }
    h->in_start = 0;
    h->in_end = (size_t)n;
    return true;
}

static bool read_exact(struct xs_handle *h, void *buf, size_t len)
{
    char *p = buf;

    while (len) {
        size_t n = h->in_end - h->in_start;
        if (!n && !fill_input(h, len))
            return false;
        n = h->in_end - h->in_start;
        n = n < len ? n : len;
        memcpy(p, h->in + h->in_start, n);
        h->in_start += n;
        p += n;
        len -= n;
    }
    return true;
}

/* All of iov in as few writes as the socket takes: a request whose
 * header and payload arrived apart woke xenstored twice. */
static bool write_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
    return true;
}

/* Splits count NUL-terminated strings into one allocation: a vector
 * followed by the strings. */
static char **split_strings(const char *data, unsigned int len, unsigned int *num)
{
    unsigned int count = xs_count_strings(data, len);
    char **vec = malloc((count + 1) * sizeof(char *) + len);
    char *copy;

    if (!vec)
        return NULL;
    copy = (char *)(vec + count + 1);
    memcpy(copy, data, len);
    for (unsigned int i = 0; i < count; i++) {
        vec[i] = copy;
        copy += strlen(copy) + 1;
    }
    vec[count] = NULL;
    *num = count;
    return vec;
}

/* One message from the daemon, NUL-terminated in memory. */
static char *read_message(struct xs_handle *h, struct xsd_sockmsg *hdr)
{
    char *body;

    if (!read_exact(h, hdr, sizeof(*hdr)))
        return NULL;
    if (hdr->len > XENSTORE_PAYLOAD_MAX) {
        errno = EBADMSG;
        return NULL;
    }
    body = malloc(hdr->len + 1);
    if (!body)
        return NULL;
    if (!read_exact(h, body, hdr->len)) {
        free(body);
        return NULL;
    }
    body[hdr->len] = '\0';
    return body;
}

static void queue_event(struct xs_handle *h, const char *body, unsigned int len)
{
    struct xs_event *e = malloc(sizeof(*e));
    unsigned int num;

    if (!e)
        return;
    e->vec = split_strings(body, len, &num);
    if (!e->vec || num < 2) {
        free(e->vec);
        free(e);
        return;
    }
    e->next = NULL;
    if (h->events_tail)
        h->events_tail->next = e;
    else
        h->events = e;
    h->events_tail = e;
}

/* Writes one request whole; its req_id in *req_id, or false (errno). */
static bool send_request(struct xs_handle *h, xs_transaction_t t,
                         uint32_t type, const struct iovec *iov, int niov,
                         uint32_t *req_id)
{
    struct xsd_sockmsg req = { type, ++h->next_req_id, t, 0 };
    struct iovec all[4];

    for (int i = 0; i < niov; i++)
        req.len += (uint32_t)iov[i].iov_len;
    if (req.len > XENSTORE_PAYLOAD_MAX || niov > 3) {
        errno = E2BIG;
        return false;
    }
    all[0] = (struct iovec){ &req, sizeof(req) };
    memcpy(all + 1, iov, (size_t)niov * sizeof(*iov));
    *req_id = req.req_id;
    return write_all(h->fd, all, niov + 1);
}

/* The next message that is not a watch event (events are queued). */
static char *next_reply(struct xs_handle *h, struct xsd_sockmsg *rsp)
{
    for (;;) {
        char *body = read_message(h, rsp);
        if (!body || rsp->type != XS_WATCH_EVENT)
            return body;
        queue_event(h, body, rsp->len);
        free(body);
    }
}

/* A reply's payload, or NULL with errno (XS_ERROR, or not what was asked). */
static char *reply_payload(char *body, const struct xsd_sockmsg *rsp,
                           uint32_t type, uint32_t req_id, unsigned int *len)
{
    if (rsp->type == XS_ERROR) {
        errno = xs_errno_from_name(body);
        free(body);
        return NULL;
    }
    if (rsp->type != type || rsp->req_id != req_id) {
        free(body);
        errno = EBADMSG;
        return NULL;
    }
    if (len)
        *len = rsp->len;
    return body;
}

/* Whole messages left in the buffer after a call can only be events:
 * they join the queue, as events read during a call always have. */
static void end_call(struct xs_handle *h)
{
    struct xsd_sockmsg hdr;
    char *body;

    h->awaiting_replies = false;
    while (h->in_end - h->in_start >= sizeof(hdr)) {
        memcpy(&hdr, h->in + h->in_start, sizeof(hdr));
        if (hdr.len > h->in_end - h->in_start - sizeof(hdr) ||
            !(body = read_message(h, &hdr)))
            return;
        if (hdr.type == XS_WATCH_EVENT)
            queue_event(h, body, hdr.len);
        free(body);
    }
}

static char *talk_once(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                       const struct iovec *iov, int niov, unsigned int *len)
{
    struct xsd_sockmsg rsp;
    uint32_t req_id;
    char *body;

    if (!send_request(h, t, type, iov, niov, &req_id) ||
        !(body = next_reply(h, &rsp)))
        return NULL;
    return reply_payload(body, &rsp, type, req_id, len);
}

static bool batchable(uint32_t type)
{
    return type == XS_WRITE || type == XS_MKDIR || type == XS_RM ||
           type == XS_SET_PERMS;
}

static bool batch_room(struct xs_handle *h, size_t need)
{
    size_t cap = (h->batch_cap + need) * 2;
    char *grown;

    if (h->batch_len + need <= h->batch_cap)
        return true;
    if (!(grown = realloc(h->batch, cap)))
        return false;
    h->batch = grown;
    h->batch_cap = cap;
    return true;
}

/* Appends a whole request to h->batch: false (errno) if it cannot be sent. */
static bool batch_append(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                         const struct iovec *iov, int niov)
{
    struct xsd_sockmsg req = { type, 0, t, 0 };

    for (int i = 0; i < niov; i++)
        req.len += (uint32_t)iov[i].iov_len;
    if (req.len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return false;
    }
    if (!batch_room(h, sizeof(req) + req.len))
        return false;
    req.req_id = ++h->next_req_id;
    memcpy(h->batch + h->batch_len, &req, sizeof(req));
    h->batch_len += sizeof(req);
    for (int i = 0; i < niov; i++) {
        memcpy(h->batch + h->batch_len, iov[i].iov_base, iov[i].iov_len);
        h->batch_len += iov[i].iov_len;
    }
    return true;
}

/* A change made in an xs_batch: "" (its reply comes at the end), or NULL. */
static char *batch_queue(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                         const struct iovec *iov, int niov)
{
    if (!batchable(type)) {
        errno = EINVAL;
        return NULL;
    }
    return batch_append(h, t, type, iov, niov) ? strdup("") : NULL;
}

/* Sends a request and waits for its reply: the payload, or NULL (errno). */
static char *xs_talkv(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                      const struct iovec *iov, int niov, unsigned int *len)
{
    char *reply;
    int err;

    if (h->batching)
        return batch_queue(h, t, type, iov, niov);
    h->awaiting_replies = true;
    reply = talk_once(h, t, type, iov, niov, len);
    err = errno;
    end_call(h);
    errno = err;
    return reply;
}

/* A request whose arguments are one NUL-terminated string. */
static char *xs_single(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                       const char *arg, unsigned int *len)
{
    struct iovec iov = { (void *)arg, strlen(arg) + 1 };

    return xs_talkv(h, t, type, &iov, 1, len);
}

static bool xs_bool(char *reply)
{
    bool ok = reply != NULL;

    free(reply);
    return ok;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return xs_single(h, t, XS_READ, path, len);
}

/* Files one reply of a batch whose first request had id first. */
static bool file_batch_reply(char *body, const struct xsd_sockmsg *rsp,
                             uint32_t first, unsigned int n, char **values,
                             unsigned int *lens)
{
    uint32_t i = rsp->req_id - first;

    if (i >= n || values[i]) {
        free(body);
        errno = EBADMSG;
        return false;
    }
    values[i] = reply_payload(body, rsp, XS_READ, rsp->req_id, &lens[i]);
    return true;
}

/* The reads, one after the other in h->batch (an xs_batch is not open). */
static bool queue_reads(struct xs_handle *h, xs_transaction_t t,
                        const char *const *paths, unsigned int n)
{
    h->batch_len = 0;
    for (unsigned int i = 0; i < n; i++) {
        struct iovec iov = { (void *)paths[i], strlen(paths[i]) + 1 };
        if (!batch_append(h, t, XS_READ, &iov, 1))
            return false;
    }
    return true;
}

static unsigned int collect_batch(struct xs_handle *h, uint32_t first,
                                  unsigned int n, char **values,
                                  unsigned int *lens)
{
    struct xsd_sockmsg rsp;
    unsigned int got = 0;
    char *body;

    while (got < n && (body = next_reply(h, &rsp)) &&
           file_batch_reply(body, &rsp, first, n, values, lens))
        got++;
    return got;
}

/* Every request goes out in one write before the first reply is read: the
 * wire lets a client have several outstanding (matched by req_id, each
 * answered as if alone), so n reads wake xenstored once, not n times. */
bool xs_read_batch(struct xs_handle *h, xs_transaction_t t,
                   const char *const *paths, unsigned int n, char **values,
                   unsigned int *lens)
{
    uint32_t first = h->next_req_id + 1;
    struct iovec iov;
    unsigned int got = 0;
    int err;

    memset(values, 0, n * sizeof(*values));
    if (h->batching) {
        errno = EINVAL;             /* it would overtake the queued changes */
        return false;
    }
    if (!queue_reads(h, t, paths, n))
        return false;
    iov = (struct iovec){ h->batch, h->batch_len };
    h->awaiting_replies = true;
    if (write_all(h->fd, &iov, 1))
        got = collect_batch(h, first, n, values, lens);
    err = errno;
    end_call(h);
    if (got == n)
        return true;
    for (unsigned int i = 0; i < n; i++) {
        free(values[i]);
        values[i] = NULL;
    }
    errno = err;
    return false;
}

bool xs_batch_start(struct xs_handle *h)
{
    if (h->batching) {
        errno = EBUSY;
        return false;
    }
    h->batching = true;
    h->batch_len = 0;
    return true;
}

/* The replies, in the order of the requests: the first refusal's errno,
 * 0 if none, or -1 if the connection is no use any more. */
static int collect_changes(struct xs_handle *h)
{
    int first_error = 0;

    for (size_t at = 0; at < h->batch_len;) {
        struct xsd_sockmsg req, rsp;
        char *body;

        memcpy(&req, h->batch + at, sizeof(req));
        at += sizeof(req) + req.len;
        if (!(body = next_reply(h, &rsp)))
            return -1;
        body = reply_payload(body, &rsp, req.type, req.req_id, NULL);
        if (!body && errno == EBADMSG)
            return -1;
        if (!body && !first_error)
            first_error = errno;
        free(body);
    }
    return first_error;
}

/* Every queued request's reply is read, whatever the first one said. */
bool xs_batch_end(struct xs_handle *h)
{
    struct iovec all = { h->batch, h->batch_len };
    int rc = -1, err;

    if (!h->batching) {
        errno = EINVAL;
        return false;
    }
    h->batching = false;
    h->awaiting_replies = true;
    if (!h->batch_len || write_all(h->fd, &all, 1))
        rc = collect_changes(h);
    err = errno;
    end_call(h);
    errno = rc > 0 ? rc : err;
    return rc == 0;
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)data, len } };

    return xs_bool(xs_talkv(h, t, XS_WRITE, iov, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return xs_bool(xs_single(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return xs_bool(xs_single(h, t, XS_RM, path, NULL));
}

/* Appends one XS_DIRECTORY_PART chunk (after its generation) to *all;
 * true once the daemon marked the list complete (a trailing empty name). */
static bool append_part(char **all, size_t *len, const char *chunk, size_t clen)
{
    bool done = clen == 1 || (clen >= 2 && chunk[clen - 1] == '\0' &&
                              chunk[clen - 2] == '\0');
    char *grown;

    if (done)
        clen--;
    grown = realloc(*all, *len + clen + 1);
    if (!grown)
        return true;   /* the caller sees *all unchanged, and ENOMEM */
    memcpy(grown + *len, chunk, clen);
    *all = grown;
    *len += clen;
    return done;
}

/* A directory too big for one reply, in parts; restarted if the node
 * changes in between (its generation differs), as Xen's library does. */
static char *directory_parts(struct xs_handle *h, xs_transaction_t t,
                             const char *path, unsigned int *out_len)
{
    char *all = NULL, *reply, off[24];
    size_t len = 0;
    unsigned long long gen0 = 0;

    for (int parts = 0; parts < 4096; parts++) {
        unsigned int rlen;
        size_t glen;
        struct iovec iov[2] = { { (void *)path, strlen(path) + 1 }, { off, 0 } };
        snprintf(off, sizeof(off), "%zu", len);
        iov[1].iov_len = strlen(off) + 1;
        reply = xs_talkv(h, t, XS_DIRECTORY_PART, iov, 2, &rlen);
        if (!reply)
            break;
        glen = strnlen(reply, rlen) + 1;
        if (glen >= rlen + 1 || (len && strtoull(reply, NULL, 10) != gen0)) {
            len = 0;   /* changed meanwhile (or no chunk): from the start */
        } else {
            gen0 = strtoull(reply, NULL, 10);
            if (append_part(&all, &len, reply + glen, rlen - glen)) {
                free(reply);
                *out_len = (unsigned int)len;
                return all ? all : calloc(1, 1);
            }
        }
        free(reply);
    }
    free(all);
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *reply = xs_single(h, t, XS_DIRECTORY, path, &len);
    char **vec;

    if (!reply && errno == E2BIG)
        reply = directory_parts(h, t, path, &len);
    if (!reply)
        return NULL;
    vec = split_strings(reply, len, num);
    free(reply);
    return vec;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path, unsigned int *num)
{
    unsigned int len;
    char *reply = xs_single(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *perms = NULL;

    if (!reply)
        return NULL;
    *num = xs_count_strings(reply, len);
    if (*num)
        perms = malloc(*num * sizeof(*perms));
    if (perms && !xs_strings_to_perms(perms, *num, reply)) {
        free(perms);
        perms = NULL;
    } else if (!*num) {
        errno = EBADMSG;
    }
    free(reply);
    return perms;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t used = 0;
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 }, { buf, 0 } };

    for (unsigned int i = 0; i < num_perms; i++) {
        if (used + XS_PERM_STRING_MAX > sizeof(buf)) {
            errno = E2BIG;
            return false;
        }
        if (!xs_perm_to_string(&perms[i], buf + used, XS_PERM_STRING_MAX))
            return false;
        used += strlen(buf + used) + 1;
    }
    iov[1].iov_len = used;
    return xs_bool(xs_talkv(h, t, XS_SET_PERMS, iov, 2, NULL));
}

static bool watch_request(struct xs_handle *h, uint32_t type, const char *path,
                          const char *token)
{
    struct iovec iov[2] = { { (void *)path, strlen(path) + 1 },
                            { (void *)token, strlen(token) + 1 } };

    return xs_bool(xs_talkv(h, XBT_NULL, type, iov, 2, NULL));
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    return watch_request(h, XS_WATCH, path, token);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    return watch_request(h, XS_UNWATCH, path, token);
}

/* Reads one message into the event queue (a stray reply is dropped). */
static bool read_into_queue(struct xs_handle *h)
{
    struct xsd_sockmsg hdr;
    char *body = read_message(h, &hdr);

    if (!body)
        return false;
    if (hdr.type == XS_WATCH_EVENT)
        queue_event(h, body, hdr.len);
    free(body);
    return true;
}

static char **pop_event(struct xs_handle *h, unsigned int *num)
{
    struct xs_event *e = h->events;
    char **vec = e->vec;

    h->events = e->next;
    if (!h->events)
        h->events_tail = NULL;
    free(e);
    for (*num = 0; vec[*num]; (*num)++)
        ;
    return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    while (!h->events)
        if (!read_into_queue(h))
            return NULL;
    return pop_event(h, num);
}

char **xs_check_watch(struct xs_handle *h)
{
    struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
    unsigned int num;

    while (!h->events && (h->in_start < h->in_end || poll(&pfd, 1, 0) == 1))
        if (!read_into_queue(h))
            return NULL;
    if (!h->events) {
        errno = EAGAIN;
        return NULL;
    }
    return pop_event(h, &num);
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *reply = xs_single(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    unsigned long id;
    char *end;

    if (!reply)
        return XBT_NULL;
    id = strtoul(reply, &end, 10);
    if (*end || id == 0 || id > UINT32_MAX) {
        errno = EBADMSG;
        id = XBT_NULL;
    }
    free(reply);
    return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    return xs_bool(xs_single(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char a[16], b[24], c[16];
    struct iovec iov[3];

    snprintf(a, sizeof(a), "%u", domid);
    snprintf(b, sizeof(b), "%lu", mfn);
    snprintf(c, sizeof(c), "%u", eventchn);
    iov[0] = (struct iovec){ a, strlen(a) + 1 };
    iov[1] = (struct iovec){ b, strlen(b) + 1 };
    iov[2] = (struct iovec){ c, strlen(c) + 1 };
    return xs_bool(xs_talkv(h, XBT_NULL, XS_INTRODUCE, iov, 3, NULL));
}

static char *domid_request(struct xs_handle *h, uint32_t type, unsigned int domid)
{
    char arg[16];

    snprintf(arg, sizeof(arg), "%u", domid);
    return xs_single(h, XBT_NULL, type, arg, NULL);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return xs_bool(domid_request(h, XS_RELEASE, domid));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    return domid_request(h, XS_GET_DOMAIN_PATH, domid);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char *reply = domid_request(h, XS_IS_DOMAIN_INTRODUCED, domid);
    bool yes = reply && strcmp(reply, "T") == 0;

    free(reply);
    return yes;
}
