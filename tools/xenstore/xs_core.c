/*
 * tools/xenstore/xs_core.c - connections: assembling requests from the
 * bytes a client sends, queueing replies and events, and the initial
 * tree.
 *
 * A header announcing more than XENSTORE_PAYLOAD_MAX bytes is a protocol
 * error, as in Xen: the connection is marked broken and its transport
 * stops serving it (nothing else is affected).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include "xenstored.h"

struct xs_store *xs_tree;
struct xs_conn *xs_conns;
struct xs_conn *xs_output_noted;

/* Node path, then value: dom0's part of the tree at start. */
static const char *const initial_nodes[][2] = {
    { "/local", "" },
    { "/local/domain", "" },
    { "/local/domain/0", "" },
    { "/local/domain/0/name", "Domain-0" },
    { "/local/domain/0/domid", "0" },
    { "/tool", "" },
    { "/tool/xenstored", "" },
};

static void initial_node(const char *path, const char *value)
{
    const char *slash = strrchr(path, '/');
    char parent_path[64];
    struct xs_node *parent, *n;

    snprintf(parent_path, sizeof(parent_path), "%.*s",
             (int)(slash - path), path);
    parent = store_lookup(xs_tree, slash == path ? "/" : parent_path);
    n = store_add_child(xs_tree, parent, slash + 1, strlen(slash + 1));
    if (n)
        store_set_value(n, value, strlen(value));
}

void xs_core_init(void)
{
    xs_tree = store_create();
    for (size_t i = 0; xs_tree && i < sizeof(initial_nodes) / sizeof(initial_nodes[0]); i++)
        initial_node(initial_nodes[i][0], initial_nodes[i][1]);
}

struct xs_conn *xs_conn_new(unsigned int domid, bool privileged)
{
    struct xs_conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->id = domid;
    c->privileged = privileged;
    snprintf(c->domain_path, sizeof(c->domain_path), "/local/domain/%u", domid);
    c->next = xs_conns;
    xs_conns = c;
    return c;
}

static void unlink_conn(struct xs_conn *c)
{
    for (struct xs_conn **p = &xs_conns; *p; p = &(*p)->next) {
        if (*p == c) {
            *p = c->next;
            return;
        }
    }
}

static void note_output(struct xs_conn *c)
{
    if (c->output_noted)
        return;
    c->output_noted = true;
    c->next_noted = xs_output_noted;
    xs_output_noted = c;
}

struct xs_conn *xs_conn_take_noted(void)
{
    struct xs_conn *c = xs_output_noted;

    if (c) {
        xs_output_noted = c->next_noted;
        c->output_noted = false;
    }
    return c;
}

static void unnote(struct xs_conn *c)
{
    if (!c->output_noted)
        return;
    for (struct xs_conn **p = &xs_output_noted; *p; p = &(*p)->next_noted) {
        if (*p == c) {
            *p = c->next_noted;
            c->output_noted = false;
            return;
        }
    }
}

void xs_conn_free(struct xs_conn *c)
{
    unlink_conn(c);
    unnote(c);
    watch_remove_all(c);
    tx_abort_all(c);
    while (c->out_head) {
        struct xs_outmsg *m = c->out_head;
        c->out_head = m->next;
        free(m);
    }
    free(c->body);
    free(c);
}

void xs_conn_reply(struct xs_conn *c, uint32_t type, uint32_t req_id,
                   uint32_t tx_id, const void *data, size_t len)
{
    struct xsd_sockmsg hdr = { type, req_id, tx_id, (uint32_t)len };
    struct xs_outmsg *m;

    if (c->broken)
        return;
    if (c->out_bytes + sizeof(hdr) + len > XS_OUTPUT_MAX) {
        c->broken = true;   /* it reads nothing: stop spending memory */
        return;
    }
    m = malloc(sizeof(*m) + sizeof(hdr) + len);
    if (!m)
        return;
    m->next = NULL;
    m->len = sizeof(hdr) + len;
    m->sent = 0;
    memcpy(m->data, &hdr, sizeof(hdr));
    memcpy(m->data + sizeof(hdr), data, len);
    if (c->out_tail)
        c->out_tail->next = m;
    else
        c->out_head = m;
    c->out_tail = m;
    c->out_bytes += m->len;
    note_output(c);
}

const void *xs_conn_output(struct xs_conn *c, size_t *len)
{
    if (!c->out_head) {
        *len = 0;
        return NULL;
    }
    *len = c->out_head->len - c->out_head->sent;
    return c->out_head->data + c->out_head->sent;
}

/* Up to max queued messages as iovecs, for one writev; how many. */
int xs_conn_output_iov(struct xs_conn *c, struct iovec *iov, int max)
{
    int n = 0;

    for (struct xs_outmsg *m = c->out_head; m && n < max; m = m->next, n++)
        iov[n] = (struct iovec){ m->data + m->sent, m->len - m->sent };
    return n;
}

/* n bytes went out: whole messages leave the queue, a part stays. */
void xs_conn_sent(struct xs_conn *c, size_t n)
{
    while (n && c->out_head) {
        struct xs_outmsg *m = c->out_head;
        size_t part = m->len - m->sent < n ? m->len - m->sent : n;

        m->sent += part;
        c->out_bytes -= part;
        n -= part;
        if (m->sent < m->len)
            return;
        c->out_head = m->next;
        if (!c->out_head)
            c->out_tail = NULL;
        free(m);
    }
}

/* Copies header bytes; a complete header gets its body buffer. */
static size_t take_header(struct xs_conn *c, const char *data, size_t len)
{
    size_t n = sizeof(c->hdr) - c->hdr_got;

    if (n > len)
        n = len;
    memcpy((char *)&c->hdr + c->hdr_got, data, n);
    c->hdr_got += n;
    if (c->hdr_got < sizeof(c->hdr))
        return n;
    if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
        c->broken = true;
        return n;
    }
    /* One spare byte: the body is always NUL-terminated in memory. */
    c->body = calloc(1, c->hdr.len + 1);
    if (!c->body)
        c->broken = true;
    c->body_got = 0;
    return n;
}

static void finish_request(struct xs_conn *c)
{
    xs_handle_request(c, &c->hdr, c->body);
    free(c->body);
    c->body = NULL;
    c->hdr_got = 0;
}

bool xs_conn_feed(struct xs_conn *c, const void *data, size_t len)
{
    const char *p = data;

    while (!c->broken && len) {
        size_t n;
        if (c->hdr_got < sizeof(c->hdr)) {
            n = take_header(c, p, len);
        } else {
            n = c->hdr.len - c->body_got;
            if (n > len)
                n = len;
            memcpy(c->body + c->body_got, p, n);
            c->body_got += n;
        }
        p += n;
        len -= n;
        if (!c->broken && c->hdr_got == sizeof(c->hdr) && c->body_got == c->hdr.len)
            finish_request(c);
    }
    return !c->broken;
}
