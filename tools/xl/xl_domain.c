/*
 * tools/xl/xl_domain.c - the handles and domain lookups xl's domain
 * commands share (xl_domain.h).  A domain's name is
 * /local/domain/N/name, as libxl keeps it; domains the hypervisor built
 * from boot modules have none there, so minixen's name sysctl answers
 * for them (xl_hypervisor_name, in xl_list.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/sched.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include "fmt_uint.h"
#include "xl.h"
#include "xl_domain.h"

#define DOMAINS_PER_BATCH 64

xc_interface *xl_xc(void)
{
    static xc_interface *xch;

    if (!xch)
        xch = xc_interface_open(NULL, NULL, 0);
    if (!xch) {
        perror("xl: cannot open libxenctrl");
        exit(EXIT_FAILURE);
    }
    return xch;
}

/* The xenstore connection, or NULL without a message (for list). */
static struct xs_handle *xs_try(void)
{
    static struct xs_handle *xsh;

    if (!xsh)
        xsh = xs_open(0);
    return xsh;
}

struct xs_handle *xl_xs(void)
{
    struct xs_handle *xsh = xs_try();

    if (!xsh) {
        perror("xl: cannot connect to xenstored (" XS_DEFAULT_SOCKET ")");
        exit(EXIT_FAILURE);
    }
    return xsh;
}

/* A value from xenstore into buf (NUL-terminated): 0 or -ESRCH. */
static int xs_read_into(const char *path, char *buf, size_t size)
{
    struct xs_handle *xsh = xs_try();
    unsigned int len = 0;
    char *value = xsh ? xs_read(xsh, XBT_NULL, path, &len) : NULL;

    if (!value)
        return -ESRCH;
    snprintf(buf, size, "%.*s", (int)len, value);
    free(value);
    return 0;
}

int xl_store_name(domid_t id, char *buf, size_t size)
{
    char path[64];

    snprintf(path, sizeof(path), "/local/domain/%u/name", (unsigned int)id);
    return xs_read_into(path, buf, size);
}

int xl_domid_to_name(uint32_t domid, char *buf)
{
    char name[MINIXEN_DOMAIN_NAME_BYTES];

    if (xl_domain_info(domid, &(xc_domaininfo_t){ 0 }))
        return -ESRCH;
    if (xl_store_name((domid_t)domid, buf, XL_NAME_MAX + 1) == 0)
        return 0;
    if (xl_hypervisor_name((domid_t)domid, name) == 0 ||
        (domid == 0 && strcpy(name, "Domain-0"))) {
        snprintf(buf, XL_NAME_MAX + 1, "%s", name);
        return 0;
    }
    return -ESRCH;
}

int xl_domain_info(uint32_t domid, xc_domaininfo_t *info)
{
    int got = xc_domain_getinfolist(xl_xc(), domid, 1, info);

    return got == 1 && info->domain == domid ? 0 : -ESRCH;
}

int xl_shutdown_reason(const xc_domaininfo_t *info)
{
    if (!(info->flags & XEN_DOMINF_shutdown))
        return -1;
    return (int)((info->flags >> XEN_DOMINF_shutdownshift) &
                 XEN_DOMINF_shutdownmask);
}

/* "/local/domain/<domid>/name" into buf (at least 32 bytes).  By hand:
 * a name check formats one per running domain, and snprintf costs some
 * 800 instructions each. */
static void name_path(char *buf, unsigned int domid)
{
    static const char prefix[] = "/local/domain/";

    memcpy(buf, prefix, sizeof(prefix) - 1);
    buf += sizeof(prefix) - 1;
    buf += fmt_uint(buf, domid);
    memcpy(buf, "/name", sizeof("/name"));
}

/* The store names of a batch of domains, read at once: names[i] or NULL. */
static void read_store_names(const xc_domaininfo_t *batch, int count,
                             char **names, unsigned int *lens)
{
    static char paths[DOMAINS_PER_BATCH][32];
    const char *path_of[DOMAINS_PER_BATCH];
    struct xs_handle *xsh = xs_try();

    for (int i = 0; i < count; i++) {
        name_path(paths[i], batch[i].domain);
        path_of[i] = paths[i];
    }
    if (!xsh || !xs_read_batch(xsh, XBT_NULL, path_of, (unsigned int)count,
                               names, lens))
        memset(names, 0, (size_t)count * sizeof(*names));
}

/* Whether domain info->domain is called name: its store name, or the
 * hypervisor's for a domain without one (xl_domid_to_name's fallback). */
static bool named(const xc_domaininfo_t *info, const char *store_name,
                  unsigned int len, const char *name)
{
    char found[XL_NAME_MAX + 1];

    if (store_name)
        return len == strlen(name) && memcmp(store_name, name, len) == 0;
    if (xl_domid_to_name(info->domain, found))
        return false;
    return !strcmp(found, name);
}

/* The first of the batch called name and still there, or -1; frees the
 * names. */
static int match_in_batch(const xc_domaininfo_t *batch, int count,
                          char **names, const unsigned int *lens,
                          const char *name)
{
    int match = -1;

    for (int i = 0; i < count; i++) {
        if (match < 0 && named(&batch[i], names[i], lens[i], name) &&
            xl_domain_info(batch[i].domain, &(xc_domaininfo_t){ 0 }) == 0)
            match = i;
        free(names[i]);
    }
    return match;
}

/*
 * Every domain's name against name, a batch of domains at a time, each
 * batch's names read from xenstore at once.  A domain gone meanwhile has
 * no name node left, or is no longer in the hypervisor's list (checked
 * again for a match), so it matches nothing, as with reads one by one.
 */
int xl_name_to_domid(const char *name, uint32_t *domid)
{
    static xc_domaininfo_t batch[DOMAINS_PER_BATCH];
    static char *names[DOMAINS_PER_BATCH];
    static unsigned int lens[DOMAINS_PER_BATCH];
    uint32_t next = 0;
    int got, match;

    do {
        got = xc_domain_getinfolist(xl_xc(), next, DOMAINS_PER_BATCH, batch);
        if (got <= 0)
            break;
        read_store_names(batch, got, names, lens);
        match = match_in_batch(batch, got, names, lens, name);
        if (match >= 0) {
            *domid = batch[match].domain;
            return 0;
        }
        next = batch[got - 1].domain + 1u;
    } while (got == DOMAINS_PER_BATCH && next < DOMID_FIRST_RESERVED);
    return -ESRCH;
}

static bool is_number(const char *s)
{
    return s[0] && strspn(s, "0123456789") == strlen(s);
}

uint32_t xl_find_domain(const char *qualifier)
{
    uint32_t domid;
    int rc;

    if (is_number(qualifier)) {
        domid = (uint32_t)strtoul(qualifier, NULL, 10);
        rc = strlen(qualifier) < 6 && xl_domain_info(domid,
             &(xc_domaininfo_t){ 0 }) == 0 ? 0 : -ESRCH;
    } else {
        rc = xl_name_to_domid(qualifier, &domid);
    }
    if (rc) {
        fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n",
                qualifier, XL_ERROR_INVAL);
        exit(EXIT_FAILURE);
    }
    return domid;
}

/* libxl's two permission sets: dom0 owns (domain reads), domain owns. */
static bool set_owner(struct xs_handle *xsh, xs_transaction_t t,
                      const char *path, uint32_t domid,
                      enum xl_xs_owner owner)
{
    struct xs_permissions dom0_owns[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = domid, .perms = XS_PERM_READ },
    };
    struct xs_permissions guest_owns[1] = {
        { .id = domid, .perms = XS_PERM_NONE },
    };

    if (owner == XL_XS_GUEST)
        return xs_set_permissions(xsh, t, path, guest_owns, 1);
    return xs_set_permissions(xsh, t, path, dom0_owns, 2);
}

static bool write_entry(struct xs_handle *xsh, xs_transaction_t t,
                        const struct xl_xs_entry *e, uint32_t domid)
{
    bool ok = e->value[0] ? xs_write(xsh, t, e->path, e->value,
                                     (unsigned int)strlen(e->value))
                          : xs_mkdir(xsh, t, e->path);

    return ok && (!e->set_perms || set_owner(xsh, t, e->path, domid, e->owner));
}

static bool write_string(struct xs_handle *xsh, xs_transaction_t t,
                         const char *dir, const char *node, const char *value)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return xs_write(xsh, t, path, value, (unsigned int)strlen(value));
}

/* /vm/<uuid> with the name and uuid, dom0's, readable by the domain. */
static bool write_vm_entries(struct xs_handle *xsh, xs_transaction_t t,
                             const struct xl_domain_layout *layout)
{
    const char *uuid = layout->vm_path + strlen("/vm/");

    return xs_mkdir(xsh, t, layout->vm_path) &&
           set_owner(xsh, t, layout->vm_path, layout->domid, XL_XS_DOM0) &&
           write_string(xsh, t, layout->vm_path, "name", layout->name) &&
           write_string(xsh, t, layout->vm_path, "uuid", uuid);
}

/* Sends the batch; ok's errno survives if queueing had failed already. */
static bool end_batch(struct xs_handle *xsh, bool ok)
{
    int err = errno;
    bool sent = xs_batch_end(xsh);

    if (!ok)
        errno = err;
    return ok && sent;
}

static int write_tree_once(const struct xl_domain_layout *layout,
                           const struct xl_xs_entry *entries, int count)
{
    struct xs_handle *xsh = xl_xs();
    xs_transaction_t t = xs_transaction_start(xsh);
    bool batched = t != XBT_NULL && xs_batch_start(xsh);
    /* All the nodes in one round trip: the requests only queue.  A tree
     * some earlier domain of this id left goes first, as libxl removes
     * it: every node is then new and inherits as set_perms expects. */
    bool ok = batched && xs_rm(xsh, t, entries[0].path) &&
              write_vm_entries(xsh, t, layout);

    for (int i = 0; ok && i < count; i++)
        ok = write_entry(xsh, t, &entries[i], layout->domid);
    if (t == XBT_NULL)
        return -errno;
    if (batched)
        ok = end_batch(xsh, ok);
    if (!ok) {
        int err = errno;

        xs_transaction_end(xsh, t, true);
        return -err;
    }
    return xs_transaction_end(xsh, t, false) ? 0 : -errno;
}

int xl_write_domain_tree(const struct xl_domain_layout *layout)
{
    static struct xl_xs_entry entries[XL_XS_MAX_ENTRIES];
    int count = xl_domain_xs_entries(layout, entries, XL_XS_MAX_ENTRIES);
    int rc;

    if (count < 0)
        return count;
    /* A conflicting transaction is retried, as libxl does. */
    do
        rc = write_tree_once(layout, entries, count);
    while (rc == -EAGAIN);
    return rc;
}

void xl_remove_domain_tree(uint32_t domid)
{
    struct xs_handle *xsh = xs_try();
    char path[64], vm[96];

    if (!xsh)
        return;
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/vm", domid);
    if (xs_read_into(path, vm, sizeof(vm)) == 0 && !strncmp(vm, "/vm/", 4))
        xs_rm(xsh, XBT_NULL, vm);
    snprintf(path, sizeof(path), "/local/domain/%" PRIu32, domid);
    xs_rm(xsh, XBT_NULL, path);
    snprintf(path, sizeof(path), "/libxl/%" PRIu32, domid);
    xs_rm(xsh, XBT_NULL, path);
}

int xl_destroy_domain(uint32_t domid)
{
    int rc = xc_domain_destroy(xl_xc(), domid) ? -errno : 0;

    /* A domain already gone still leaves its nodes to tidy. */
    if (rc == 0 || rc == -ESRCH)
        xl_remove_domain_tree(domid);
    return rc;
}
