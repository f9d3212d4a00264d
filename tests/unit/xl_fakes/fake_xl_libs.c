/*
 * tests/unit/xl_fakes/fake_xl_libs.c - libxenctrl, the PV builder and
 * libxenstore as xl sees them, over a table of pretend domains and a flat
 * table of xenstore nodes (fake_xl_libs.h).  Each call can be made to
 * fail by name, with an errno, to drive xl's cleanup paths.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include "fake_xl_libs.h"
#include "xenctrl.h"
#include "xenguest.h"
#include "xenstore.h"

struct fake_state fake;

void fake_reset(void)
{
    memset(&fake, 0, sizeof(fake));
    for (int i = 0; i < FAKE_MAX_DOMAINS; i++)
        fake.dom[i].shutdown_reason = -1;
    fake.dom[0].exists = true;
    fake.dom[0].max_vcpus = 1;
    fake.free_pages = 64 * 256;
    fake.watch_limit = 8;
}

static bool failing(const char *call)
{
    if (!fake.fail_call || strcmp(fake.fail_call, call))
        return false;
    errno = fake.fail_errno ? fake.fail_errno : EIO;
    return true;
}

static struct fake_domain *domain(uint32_t domid)
{
    if (domid >= FAKE_MAX_DOMAINS || !fake.dom[domid].exists) {
        errno = ESRCH;
        return NULL;
    }
    return &fake.dom[domid];
}

/* ---- libxenctrl ---- */

xc_interface *xc_interface_open(void *logger, void *dombuild_logger,
                                unsigned int open_flags)
{
    (void)logger, (void)dombuild_logger, (void)open_flags;
    return (xc_interface *)&fake;
}

int xc_interface_close(xc_interface *xch)
{
    (void)xch;
    return 0;
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config)
{
    (void)xch;
    if (failing("xc_domain_create"))
        return -1;
    for (uint32_t tries = 1; tries < FAKE_MAX_DOMAINS; tries++) {
        uint32_t id = fake.rover % (FAKE_MAX_DOMAINS - 1) + 1;

        fake.rover = id;
        if (fake.dom[id].exists)
            continue;
        fake.dom[id] = (struct fake_domain){ .exists = true, .paused = true,
                                             .shutdown_reason = -1 };
        memcpy(fake.dom[id].handle, config->handle, 16);
        fake.creates++;
        *pdomid = id;
        return 0;
    }
    errno = ENOMEM;
    return -1;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    struct fake_domain *d = domain(domid);

    (void)xch;
    if (!d || failing("xc_domain_destroy"))
        return -1;
    d->exists = false;
    return 0;
}

static int set_paused(uint32_t domid, bool paused, const char *call)
{
    struct fake_domain *d = domain(domid);

    if (!d || failing(call))
        return -1;
    d->paused = paused;
    return 0;
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    (void)xch;
    return set_paused(domid, true, "xc_domain_pause");
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    (void)xch;
    return set_paused(domid, false, "xc_domain_unpause");
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct fake_domain *d = domain(domid);

    (void)xch;
    if (!d)
        return -1;
    d->shutdown_reason = reason;
    return 0;
}

static void fill_info(uint32_t id, xc_domaininfo_t *info)
{
    const struct fake_domain *d = &fake.dom[id];

    memset(info, 0, sizeof(*info));
    info->domain = (domid_t)id;
    info->max_vcpu_id = d->max_vcpus ? d->max_vcpus - 1
                                     : XEN_INVALID_MAX_VCPU_ID;
    info->nr_online_vcpus = d->max_vcpus;
    if (d->paused)
        info->flags |= XEN_DOMINF_paused;
    if (d->shutdown_reason >= 0)
        info->flags |= XEN_DOMINF_shutdown |
                       ((uint32_t)d->shutdown_reason << XEN_DOMINF_shutdownshift);
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info)
{
    unsigned int got = 0;

    (void)xch;
    for (uint32_t id = first_domain; id < FAKE_MAX_DOMAINS &&
         got < max_domains; id++)
        if (fake.dom[id].exists)
            fill_info(id, &info[got++]);
    return (int)got;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
    struct fake_domain *d = domain(domid);

    (void)xch;
    if (!d || failing("xc_domain_setmaxmem"))
        return -1;
    d->maxmem_kb = max_memkb;
    return 0;
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
    struct fake_domain *d = domain(domid);

    (void)xch;
    if (!d || failing("xc_domain_max_vcpus"))
        return -1;
    d->max_vcpus = max;
    return 0;
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info)
{
    struct fake_domain *d = domain(domid);

    (void)xch;
    if (!d || vcpu >= d->max_vcpus)
        return -1;
    memset(info, 0, sizeof(*info));
    info->vcpu = vcpu;
    info->online = 1;
    return 0;
}

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    (void)xch;
    if (failing("xc_physinfo"))
        return -1;
    info->free_pages = fake.free_pages;
    return 0;
}

int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t dom,
                            uint32_t remote_dom)
{
    struct fake_domain *d = domain(dom);

    (void)xch;
    if (!d || remote_dom != 0 || failing("xc_evtchn_alloc_unbound"))
        return -1;
    return (int)++d->ports;
}

/* ---- the builder ---- */

int xg_pv_check_kernel(const char *path, char *error, size_t len)
{
    if (fake.bad_kernel && !strcmp(path, fake.bad_kernel)) {
        snprintf(error, len, "not an ELF file");
        return -ENOEXEC;
    }
    return 0;
}

int xg_pv_build(xc_interface *xch, uint32_t domid,
                const struct xg_pv_config *cfg, struct xg_pv_result *res)
{
    (void)xch, (void)cfg;
    if (!domain(domid) || failing("xg_pv_build")) {
        snprintf(res->error, sizeof(res->error), "fake build failure");
        return -ENOMEM;
    }
    res->store_mfn = 0x1000 + domid;
    res->console_mfn = 0x2000 + domid;
    return 0;
}

/* ---- libxenstore ---- */

static struct fake_node *node(const char *path)
{
    for (int i = 0; i < FAKE_MAX_NODES; i++)
        if (fake.node[i].used && !strcmp(fake.node[i].path, path))
            return &fake.node[i];
    return NULL;
}

static struct fake_node *new_node(const char *path)
{
    struct fake_node *n = node(path);

    for (int i = 0; !n && i < FAKE_MAX_NODES; i++)
        if (!fake.node[i].used)
            n = &fake.node[i];
    if (n && !n->used) {
        *n = (struct fake_node){ .used = true };
        snprintf(n->path, sizeof(n->path), "%s", path);
    }
    return n;
}

const char *fake_node_value(const char *path)
{
    const struct fake_node *n = node(path);

    return n ? n->value : NULL;
}

int fake_node_owner(const char *path)
{
    const struct fake_node *n = node(path);

    return n ? (int)n->owner : -1;
}

unsigned int fake_nodes_under(const char *prefix)
{
    unsigned int count = 0;

    for (int i = 0; i < FAKE_MAX_NODES; i++)
        count += fake.node[i].used &&
                 !strncmp(fake.node[i].path, prefix, strlen(prefix));
    return count;
}

unsigned int fake_guests(void)
{
    unsigned int count = 0;

    for (int i = 1; i < FAKE_MAX_DOMAINS; i++)
        count += fake.dom[i].exists;
    return count;
}

struct xs_handle *xs_open(unsigned long flags)
{
    (void)flags;
    return (struct xs_handle *)&fake;
}

void xs_close(struct xs_handle *h)
{
    (void)h;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    const struct fake_node *n = node(path);

    (void)h, (void)t;
    if (!n) {
        errno = ENOENT;
        return NULL;
    }
    *len = (unsigned int)strlen(n->value);
    return strdup(n->value);
}

bool xs_read_batch(struct xs_handle *h, xs_transaction_t t,
                   const char *const *paths, unsigned int n, char **values,
                   unsigned int *lens)
{
    for (unsigned int i = 0; i < n; i++)
        values[i] = xs_read(h, t, paths[i], &lens[i]);
    return true;
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct fake_node *n;

    (void)h, (void)t;
    if (failing("xs_write") || !(n = new_node(path)))
        return false;
    snprintf(n->value, sizeof(n->value), "%.*s", (int)len,
             (const char *)data);
    return true;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    (void)h, (void)t;
    return !failing("xs_mkdir") && new_node(path);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    size_t len = strlen(path);

    (void)h, (void)t;
    for (int i = 0; i < FAKE_MAX_NODES; i++) {
        struct fake_node *n = &fake.node[i];

        if (n->used && !strncmp(n->path, path, len) &&
            (n->path[len] == '\0' || n->path[len] == '/'))
            n->used = false;
    }
    return true;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms)
{
    struct fake_node *n = node(path);

    (void)h, (void)t;
    if (!n || num_perms == 0) {
        errno = ENOENT;
        return false;
    }
    n->owner = perms[0].id;
    return true;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    (void)h, (void)path, (void)token;
    return !failing("xs_watch");
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    (void)h, (void)path, (void)token;
    return true;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    static const char path[] = "@releaseDomain", token[] = "t";
    char **vec;

    (void)h;
    if (++fake.watch_calls > fake.watch_limit) {
        errno = EBADF;
        return NULL;
    }
    if (fake.on_watch)
        fake.on_watch(fake.watch_calls);
    vec = malloc(2 * sizeof(*vec) + sizeof(path) + sizeof(token));
    vec[0] = (char *)(vec + 2);
    memcpy(vec[0], path, sizeof(path));
    vec[1] = vec[0] + sizeof(path);
    memcpy(vec[1], token, sizeof(token));
    *num = 2;
    return vec;
}

/* Requests apply at once here; a batch only ends, or fails to. */
bool xs_batch_start(struct xs_handle *h)
{
    (void)h;
    return !failing("xs_batch_start");
}

bool xs_batch_end(struct xs_handle *h)
{
    (void)h;
    if (failing("xs_batch_end")) {
        errno = EIO;
        return false;
    }
    return true;
}

/* One transaction at a time: aborting puts the nodes back as they were. */
static struct fake_node nodes_before[FAKE_MAX_NODES];

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    (void)h;
    if (failing("xs_transaction_start"))
        return XBT_NULL;
    memcpy(nodes_before, fake.node, sizeof(nodes_before));
    return 1;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    (void)h, (void)t;
    if (abort)
        memcpy(fake.node, nodes_before, sizeof(nodes_before));
    return true;
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    struct fake_domain *d = domain(domid);

    (void)h;
    if (!d || failing("xs_introduce_domain"))
        return false;
    d->introduced = true;
    d->store_mfn = mfn;
    d->store_port = eventchn;
    return true;
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    (void)h;
    if (domid < FAKE_MAX_DOMAINS)
        fake.dom[domid].introduced = false;
    return true;
}

/* The console client (tools/lib/xlconsole.c): attached at once, unless made to fail. */
int xl_console_attach(uint32_t domid)
{
    (void)domid;
    return failing("xl_console_attach") ? 1 : 0;
}
