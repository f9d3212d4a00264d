/*
 * tools/xenstore/xs_domain.c - introduced domains: the store page and
 * event channel each one talks through, served as an unprivileged
 * connection with the domain's id, and @introduceDomain/@releaseDomain.
 *
 * Mapping the page and binding the channel go through xs_dom_ops
 * (xs_os.c: Linux's privcmd and evtchn devices; the unit tests: fakes).
 * As in Xen, xenstored creates no /local/domain/N nodes: the toolstack
 * does.  VIRQ_DOM_EXC is bound only while some domain is introduced (it
 * matters only for them): a dom0 has one such binding, and without
 * domains to serve xenstored leaves it to other programs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "xenstored.h"

const struct xs_domain_ops *xs_dom_ops;
struct xs_domain *xs_domains;
int xs_dom_exc_port = -1;

struct xs_domain *domain_find(unsigned int domid)
{
    for (struct xs_domain *d = xs_domains; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

struct xs_domain *domain_by_port(int local_port)
{
    for (struct xs_domain *d = xs_domains; d; d = d->next)
        if (d->local_port == local_port)
            return d;
    return NULL;
}

static int domain_connect(struct xs_domain *d)
{
    int port;

    d->ring = xs_dom_ops->map_ring(d->domid, d->mfn);
    if (!d->ring)
        return errno ? errno : EINVAL;
    port = xs_dom_ops->bind(d->domid, d->remote_port);
    if (port < 0) {
        xs_dom_ops->unmap_ring(d->ring);
        return -port;
    }
    d->local_port = port;
    d->ring->server_features = XENSTORE_SERVER_FEATURE_ERROR;
    d->ring->connection = XENSTORE_CONNECTED;
    return 0;
}

int domain_introduce(unsigned int domid, unsigned long mfn, unsigned int port)
{
    struct xs_domain *d = domain_find(domid);
    int err;

    if (d)   /* introduced again: the same page and port are no change */
        return d->mfn == mfn && d->remote_port == port ? 0 : EEXIST;
    d = calloc(1, sizeof(*d));
    if (!d)
        return ENOMEM;
    *d = (struct xs_domain){ .domid = domid, .mfn = mfn, .remote_port = port };
    err = domain_connect(d);
    if (!err) {
        d->conn = xs_conn_new(domid, false);
        if (!d->conn)
            err = ENOMEM;
    }
    if (err) {
        if (d->ring) {
            xs_dom_ops->unbind(d->local_port);
            xs_dom_ops->unmap_ring(d->ring);
        }
        free(d);
        return err;
    }
    if (xs_dom_exc_port < 0) {   /* the first domain, or an earlier bind failed */
        int port = xs_dom_ops->bind_dom_exc();
        xs_dom_exc_port = port < 0 ? -1 : port;
    }
    d->next = xs_domains;
    xs_domains = d;
    watch_fire("@introduceDomain", NULL, 0, false);
    return 0;
}

static void domain_free(struct xs_domain *d)
{
    for (struct xs_domain **p = &xs_domains; *p; p = &(*p)->next) {
        if (*p == d) {
            *p = d->next;
            break;
        }
    }
    xs_conn_free(d->conn);
    xs_dom_ops->unbind(d->local_port);
    xs_dom_ops->unmap_ring(d->ring);
    free(d);
    if (!xs_domains && xs_dom_exc_port >= 0) {
        xs_dom_ops->unbind(xs_dom_exc_port);
        xs_dom_exc_port = -1;
    }
}

static void fire_release_of(unsigned int domid)
{
    char path[sizeof(RELEASE_OF_ONE) + 10];

    snprintf(path, sizeof(path), RELEASE_OF_ONE "%u", domid);
    watch_fire_exact(path);
}

int domain_release(unsigned int domid)
{
    struct xs_domain *d = domain_find(domid);

    if (!d)
        return ENOENT;
    domain_free(d);
    watch_fire("@releaseDomain", NULL, 0, false);
    fire_release_of(domid);
    return 0;
}

/* As Xen: @releaseDomain fires when a domain is first seen shut down and
 * again when it is dying or gone, and then its connection ends. */
static void snapshot(bool take)
{
    if (xs_dom_ops->snapshot)
        xs_dom_ops->snapshot(take);
}

/* One listing of the domains answers for all of them (snapshot), not a
 * hypercall per introduced domain. */
void domain_check_states(void)
{
    bool fire = false;
    struct xs_domain *d = xs_domains, *next;

    snapshot(true);
    for (; d; d = next) {
        enum xs_domain_state st = xs_dom_ops->state(d->domid);
        next = d->next;
        if (st == XS_DOM_SHUTDOWN && !d->shutdown_seen) {
            d->shutdown_seen = true;
            fire_release_of(d->domid);
            fire = true;
        } else if (st == XS_DOM_DYING || st == XS_DOM_GONE) {
            fire_release_of(d->domid);
            domain_free(d);
            fire = true;
        }
    }
    snapshot(false);
    if (fire)
        watch_fire("@releaseDomain", NULL, 0, false);
}

/* Rings taken per event: a domain that keeps writing cannot hold the
 * daemon (the rest waits for its next event or the next loop). */
#define SERVICE_ROUNDS 16

/* Requests in, replies out; a broken connection is served no more.
 * True if it stopped with requests still in the ring. */
bool domain_service(struct xs_domain *d)
{
    char buf[XENSTORE_RING_SIZE];
    bool moved = false;
    int n = 0, rounds = 0;

    while (!d->conn->broken && rounds++ < SERVICE_ROUNDS &&
           (n = ring_read(d->ring, buf, sizeof(buf))) > 0) {
        xs_conn_feed(d->conn, buf, (size_t)n);
        moved = true;
    }
    while (!d->conn->broken) {
        size_t len;
        const void *out = xs_conn_output(d->conn, &len);
        if (!out || (n = ring_write(d->ring, out, len)) <= 0)
            break;
        xs_conn_sent(d->conn, (size_t)n);
        moved = true;
    }
    if (n < 0)
        d->conn->broken = true;
    if (d->conn->broken && d->ring->error == XENSTORE_ERROR_NONE)
        d->ring->error = XENSTORE_ERROR_PROTO;
    if (moved)
        xs_dom_ops->notify(d->local_port);
    return !d->conn->broken && rounds > SERVICE_ROUNDS;
}
