/*
 * tests/unit/fake_toolstack.c - the in-memory toolstack libraries of
 * fake_toolstack.h.  Calls behave as Xen's libraries document: -1/NULL
 * with errno on failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenstore.h>
#include "fake_toolstack.h"

#define STORE_MAX 32

struct fake_domain fake_domains[FAKE_DOMAINS_MAX];
unsigned int fake_unmaps;

static struct { char *path, *value; } store[STORE_MAX];
static int event_pipe[2] = { -1, -1 }, watch_pipe[2] = { -1, -1 };

static void reopen(int p[2])
{
    if (p[0] >= 0) {
        close(p[0]);
        close(p[1]);
    }
    if (pipe(p))
        abort();
}

void fake_reset(void)
{
    for (int i = 0; i < STORE_MAX; i++) {
        free(store[i].path);
        free(store[i].value);
        store[i].path = store[i].value = NULL;
    }
    memset(fake_domains, 0, sizeof(fake_domains));
    for (int i = 0; i < FAKE_DOMAINS_MAX; i++)
        fake_domains[i].bound_port = -1;
    fake_unmaps = 0;
    reopen(event_pipe);
    reopen(watch_pipe);
}

void fake_store_set(const char *path, const char *value)
{
    int free_slot = -1;

    for (int i = 0; i < STORE_MAX; i++) {
        if (store[i].path && !strcmp(store[i].path, path)) {
            free(store[i].value);
            store[i].value = value ? strdup(value) : NULL;
            if (!value) {
                free(store[i].path);
                store[i].path = NULL;
            }
            return;
        }
        if (!store[i].path && free_slot < 0)
            free_slot = i;
    }
    if (value && free_slot >= 0) {
        store[free_slot].path = strdup(path);
        store[free_slot].value = strdup(value);
    }
}

void fake_fire(int i)
{
    uint32_t port = (uint32_t)fake_domains[i].bound_port;

    if (write(event_pipe[1], &port, sizeof(port)) != sizeof(port))
        abort();
}

/* ---- libxenctrl ---- */
xc_interface *xc_interface_open(xentoollog_logger *l, xentoollog_logger *d,
                                unsigned int flags)
{
    (void)l, (void)d, (void)flags;
    return (xc_interface *)&fake_domains;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first,
                          unsigned int max, xc_domaininfo_t *info)
{
    unsigned int n = 0;

    (void)xch;
    for (int i = 0; i < FAKE_DOMAINS_MAX && n < max; i++)
        if (fake_domains[i].live && fake_domains[i].domid >= first) {
            memset(&info[n], 0, sizeof(info[n]));
            info[n].domain = (domid_t)fake_domains[i].domid;
            info[n++].flags = fake_domains[i].flags;
        }
    return (int)n;
}

static struct fake_domain *domain_of(uint32_t domid)
{
    for (int i = 0; i < FAKE_DOMAINS_MAX; i++)
        if (fake_domains[i].live && fake_domains[i].domid == domid)
            return &fake_domains[i];
    return NULL;
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size,
                           int prot, unsigned long mfn)
{
    struct fake_domain *d = domain_of(dom);

    (void)xch, (void)prot;
    if (!d || size != 4096 || mfn != d->ring_mfn)
        return errno = EINVAL, NULL;
    return d->page;
}

/* xenconsoled's munmap (linked with --wrap=munmap): the pages are static. */
int __wrap_munmap(void *addr, size_t len);
int __wrap_munmap(void *addr, size_t len)
{
    (void)addr, (void)len;
    fake_unmaps++;
    return 0;
}

/* ---- libxenevtchn ---- */
xenevtchn_handle *xenevtchn_open(xentoollog_logger *l, unsigned int flags)
{
    (void)l, (void)flags;
    return (xenevtchn_handle *)&event_pipe;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
    (void)xce;
    return event_pipe[0];
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
                                                     uint32_t domid,
                                                     evtchn_port_t remote)
{
    struct fake_domain *d = domain_of(domid);

    (void)xce;
    if (!d || remote == 0 || remote >= 4096)
        return errno = EINVAL, -1;
    d->bound_port = FAKE_PORT_BASE + (int)(d - fake_domains);
    return d->bound_port;
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce;
    for (int i = 0; i < FAKE_DOMAINS_MAX; i++)
        if (fake_domains[i].bound_port == (int)port)
            fake_domains[i].bound_port = -1;
    return 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
    uint32_t port;

    (void)xce;
    if (read(event_pipe[0], &port, sizeof(port)) != sizeof(port))
        return errno = EAGAIN, -1;
    return (int)port;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce, (void)port;
    return 0;
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce;
    for (int i = 0; i < FAKE_DOMAINS_MAX; i++)
        if (fake_domains[i].bound_port == (int)port)
            fake_domains[i].notifies++;
    return 0;
}

/* ---- libxenstore ---- */
struct xs_handle *xs_open(unsigned long flags)
{
    (void)flags;
    return (struct xs_handle *)&store;
}

int xs_fileno(struct xs_handle *h)
{
    (void)h;
    return watch_pipe[0];
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    (void)h, (void)t;
    for (int i = 0; i < STORE_MAX; i++)
        if (store[i].path && !strcmp(store[i].path, path)) {
            *len = (unsigned int)strlen(store[i].value);
            return strdup(store[i].value);
        }
    return errno = ENOENT, NULL;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    (void)h, (void)path, (void)token;
    return true;
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    (void)h, (void)path, (void)token;
    return true;
}
