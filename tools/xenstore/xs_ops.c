/*
 * tools/xenstore/xs_ops.c - one function per request type, with Xen's
 * argument rules and errors.
 *
 * The payload is hostile: xs_core.c bounded it to XENSTORE_PAYLOAD_MAX and
 * NUL-terminated it in memory, and each handler checks that its strings
 * are there (a path must end at a NUL inside the payload) before using
 * them.  Handlers return 0 (they replied) or an errno, which becomes
 * XS_ERROR with the errno's name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <public/xen.h>
#include "xenstored.h"

/* The largest id a real domain can have. */
#define DOMID_MAX (DOMID_FIRST_RESERVED - 1)
/* Event channel ports are 32-bit. */
#define PORT_MAX  UINT32_MAX

struct xs_req {
    struct xs_conn *conn;
    const struct xsd_sockmsg *hdr;
    const char *body;
    struct xs_tx *tx;          /* NULL outside a transaction */
    struct xs_store *store;    /* the transaction's copy, or the tree */
};

static bool parse_uint(const char *s, unsigned long max, unsigned long *out);

static void reply(struct xs_req *r, const void *data, size_t len)
{
    xs_conn_reply(r->conn, r->hdr->type, r->hdr->req_id, r->hdr->tx_id,
                  data, len);
}

static int reply_ok(struct xs_req *r)
{
    reply(r, "OK", sizeof("OK"));
    return 0;
}

/* The payload's strings: exactly want of them, each NUL-terminated. */
static bool get_strings(const struct xs_req *r, const char **vec,
                        unsigned int want)
{
    unsigned int len = r->hdr->len, at = 0;

    for (unsigned int i = 0; i < want; i++) {
        const char *end = at < len ? memchr(r->body + at, '\0', len - at) : NULL;
        if (!end)
            return false;
        vec[i] = r->body + at;
        at = (unsigned int)(end - r->body) + 1;
    }
    return at == len;
}

/* The single string argument, or NULL (Xen's onearg). */
static const char *one_arg(const struct xs_req *r)
{
    const char *arg;

    return get_strings(r, &arg, 1) ? arg : NULL;
}

static bool canonical(const struct xs_req *r, const char *path, char *out)
{
    return xs_path_canonical(r->conn, path, out, XENSTORE_ABS_PATH_MAX + 1);
}

/* The first len bytes of path as a string, in buf of XENSTORE_ABS_PATH_MAX
 * + 1 bytes (cut there).  Not snprintf: each write that creates a node
 * comes through here. */
static void copy_prefix(char *buf, const char *path, size_t len)
{
    if (len > XENSTORE_ABS_PATH_MAX)
        len = XENSTORE_ABS_PATH_MAX;
    memcpy(buf, path, len);
    buf[len] = '\0';
}

/* The nearest existing ancestor of path (the root always exists). */
static struct xs_node *nearest_ancestor(const struct xs_req *r, const char *path)
{
    char at[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n = NULL;

    copy_prefix(at, path, strlen(path));
    while (!n) {
        char *slash = strrchr(at, '/');
        if (slash == at)
            slash[1] = '\0';
        else
            *slash = '\0';
        n = store_lookup(r->store, at);
    }
    return n;
}

/* A missing node is ENOENT unless its nearest ancestor is unreadable. */
static int missing_node_error(const struct xs_req *r, const char *path)
{
    const struct xs_node *n = nearest_ancestor(r, path);

    return perm_for_conn(r->conn, n->perms, n->nperms) & XS_PERM_READ ?
           ENOENT : EACCES;
}

static int note(struct xs_req *r, const char *path, bool modified)
{
    return r->tx ? tx_note(r->tx, path, modified, r->conn->privileged) : 0;
}

/* The node at path if the connection holds perm on it. */
static int get_node(struct xs_req *r, const char *path, unsigned int perm,
                    struct xs_node **out)
{
    struct xs_node *n;
    int err = note(r, path, false);

    if (err)
        return err;
    n = store_lookup(r->store, path);
    if (!n)
        return missing_node_error(r, path);
    if (!(perm_for_conn(r->conn, n->perms, n->nperms) & perm))
        return EACCES;
    *out = n;
    return 0;
}

/* Outside a transaction a change fires its watches at once; inside, at
 * commit (xs_tx.c). */
static void changed(struct xs_req *r, const char *path, const struct xs_node *n,
                    bool recurse)
{
    if (!r->tx)
        watch_fire(path, n->perms, n->nperms, recurse);
}

static int do_read(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *arg = one_arg(r);
    struct xs_node *n;
    int err;

    if (!arg || !canonical(r, arg, path))
        return EINVAL;
    err = get_node(r, path, XS_PERM_READ, &n);
    if (err)
        return err;
    reply(r, n->value, n->len);
    return 0;
}

static int do_directory(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], out[XENSTORE_PAYLOAD_MAX];
    const char *arg = one_arg(r);
    struct xs_node *n, **kids;
    size_t used = 0;
    int err, count;

    if (!arg || !canonical(r, arg, path))
        return EINVAL;
    err = get_node(r, path, XS_PERM_READ, &n);
    if (err)
        return err;
    count = store_kids(r->store, n, &kids);
    if (count < 0)
        return ENOMEM;
    for (int i = 0; i < count; i++) {
        size_t len = kids[i]->name_len + 1;
        if (used + len > sizeof(out))
            return E2BIG;
        memcpy(out + used, kids[i]->name, len);
        used += len;
    }
    reply(r, out, used);
    return 0;
}

/* XS_DIRECTORY_PART: path, byte offset into the NUL-separated names.
 * Reply: the node's generation, then the names from the offset that fit
 * whole; an empty name (a second NUL) marks that the list is complete. */
static int do_directory_part(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1], out[XENSTORE_PAYLOAD_MAX];
    const char *vec[2];
    unsigned long offset, at = 0;
    bool stopped = false;
    struct xs_node *n, **kids;
    size_t used;
    int err, count;

    if (!get_strings(r, vec, 2) || !canonical(r, vec[0], path) ||
        !parse_uint(vec[1], XENSTORE_PAYLOAD_MAX * 1024UL, &offset))
        return EINVAL;
    err = get_node(r, path, XS_PERM_READ, &n);
    if (err)
        return err;
    count = store_kids(r->store, n, &kids);
    if (count < 0)
        return ENOMEM;
    used = (size_t)snprintf(out, sizeof(out), "%llu", (unsigned long long)n->gen) + 1;
    for (int i = 0; i < count; i++) {
        size_t len = kids[i]->name_len + 1;
        if (at >= offset && !stopped) {
            if (used + len + 1 > sizeof(out))
                stopped = true;   /* full: the client asks again from here */
            else {
                memcpy(out + used, kids[i]->name, len);
                used += len;
            }
        }
        at += len;
    }
    if (offset > at)
        return EINVAL;
    if (!stopped)
        out[used++] = '\0';
    reply(r, out, used);
    return 0;
}

static int reply_perms(struct xs_req *r, const struct xs_permissions *p,
                       unsigned int num)
{
    char out[XENSTORE_PAYLOAD_MAX];
    size_t used = 0;

    for (unsigned int i = 0; i < num; i++) {
        if (used + XS_PERM_STRING_MAX > sizeof(out))
            return E2BIG;
        xs_perm_to_string(&p[i], out + used, XS_PERM_STRING_MAX);
        used += strlen(out + used) + 1;
    }
    reply(r, out, used);
    return 0;
}

static int do_get_perms(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *arg = one_arg(r);
    struct xs_special *sp = arg ? xs_special_find(arg) : NULL;
    struct xs_node *n;
    int err;

    if (sp)
        return reply_perms(r, sp->perms, sp->nperms);
    if (!arg || !canonical(r, arg, path))
        return EINVAL;
    err = get_node(r, path, XS_PERM_READ, &n);
    return err ? err : reply_perms(r, n->perms, n->nperms);
}

/* The nearest existing ancestor of path, which must be writable.  It is
 * noted before its permissions are checked: in a transaction that brings
 * its copy up to date. */
static int writable_ancestor(struct xs_req *r, const char *path,
                             struct xs_node **out)
{
    char at[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n = nearest_ancestor(r, path);
    int err;

    store_path(n, at, sizeof(at));
    err = note(r, at, false);
    if (err)
        return err;
    if (!(perm_for_conn(r->conn, n->perms, n->nperms) & XS_PERM_WRITE))
        return EACCES;
    *out = n;
    return 0;
}

/* Nodes between anc and path that a write would create. */
static unsigned int missing_count(const struct xs_node *anc, const char *path)
{
    char at[XENSTORE_ABS_PATH_MAX + 1];
    unsigned int count = 0;
    size_t start;

    store_path(anc, at, sizeof(at));
    start = strcmp(at, "/") == 0 ? 0 : strlen(at);
    for (const char *p = path + start; *p; p++)
        count += *p == '/';
    return count;
}

/* One new node below parent: an unprivileged creator owns it (Xen). */
static struct xs_node *create_one(struct xs_req *r, struct xs_node *parent,
                                  const char *path, const char *name, size_t len)
{
    char sub[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n;

    copy_prefix(sub, path, (size_t)(name + len - path));
    if (note(r, sub, true))
        return NULL;
    n = store_add_child(r->store, parent, name, len);
    if (n && !r->conn->privileged && n->perms[0].id != r->conn->id) {
        struct xs_permissions p[QUOTA_PERMS_PER_NODE + 1];
        unsigned int num = n->nperms < QUOTA_PERMS_PER_NODE + 1 ?
                           n->nperms : QUOTA_PERMS_PER_NODE + 1;
        memcpy(p, n->perms, num * sizeof(p[0]));
        p[0].id = r->conn->id;
        if (store_set_perms(r->store, n, p, num) < 0) {
            store_remove(r->store, n);
            return NULL;
        }
    }
    return n;
}

/* Creates path and its missing parents; ENOSPC past the entry quota. */
static int create_node(struct xs_req *r, const char *path, struct xs_node **out)
{
    struct xs_node *n;
    char at[XENSTORE_ABS_PATH_MAX + 1];
    const char *p;
    int err = writable_ancestor(r, path, &n);

    if (err)
        return err;
    if (!r->conn->privileged &&
        store_entries(r->store, r->conn->id) + missing_count(n, path) >
        QUOTA_ENTRIES_PER_DOMAIN)
        return ENOSPC;
    store_path(n, at, sizeof(at));
    p = path + (strcmp(at, "/") == 0 ? 0 : strlen(at));
    while (*p == '/') {
        size_t len = xs_component_len(p + 1);
        n = create_one(r, n, path, p + 1, len);
        if (!n)
            return ENOMEM;
        p += 1 + len;
    }
    *out = n;
    return 0;
}

static int do_write(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *end = memchr(r->body, '\0', r->hdr->len);
    unsigned int vlen;
    struct xs_node *n;
    int err;

    if (!end || !canonical(r, r->body, path))
        return EINVAL;
    vlen = r->hdr->len - (unsigned int)(end + 1 - r->body);
    if (!r->conn->privileged && vlen >= QUOTA_ENTRY_SIZE)
        return ENOSPC;
    n = store_lookup(r->store, path);
    if (n)
        err = get_node(r, path, XS_PERM_WRITE, &n);
    else
        err = create_node(r, path, &n);
    if (!err)
        err = note(r, path, true);
    if (!err && store_set_value(n, end + 1, vlen) < 0)
        err = ENOMEM;
    if (err)
        return err;
    changed(r, path, n, false);
    return reply_ok(r);
}

static int do_mkdir(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *arg = one_arg(r);
    struct xs_node *n;
    int err;

    if (!arg || !canonical(r, arg, path))
        return EINVAL;
    err = note(r, path, false);
    if (err)
        return err;
    if (store_lookup(r->store, path)) {
        /* Exists already: fine, if the caller could have written it. */
        err = get_node(r, path, XS_PERM_WRITE, &n);
        return err ? err : reply_ok(r);
    }
    err = create_node(r, path, &n);
    if (err)
        return err;
    changed(r, path, n, false);
    return reply_ok(r);
}

/* Xen: removing a missing node whose parent exists succeeds. */
static int rm_missing(struct xs_req *r, const char *path)
{
    char parent[XENSTORE_ABS_PATH_MAX + 1];
    int err = missing_node_error(r, path);

    copy_prefix(parent, path, (size_t)(strrchr(path, '/') - path));
    if (err == ENOENT && store_lookup(r->store, parent[0] ? parent : "/"))
        return reply_ok(r);
    return err;
}

static int do_rm(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *arg = one_arg(r);
    struct xs_permissions perms[QUOTA_PERMS_PER_NODE + 1];
    unsigned int nperms;
    struct xs_node *n;
    int err;

    if (!arg || !canonical(r, arg, path) || strcmp(path, "/") == 0)
        return EINVAL;
    err = note(r, path, true);
    if (err)
        return err;
    n = store_lookup(r->store, path);
    if (!n)
        return rm_missing(r, path);
    if (!(perm_for_conn(r->conn, n->perms, n->nperms) & XS_PERM_WRITE))
        return EACCES;
    /* The watchers' read check uses the removed node's permissions. */
    nperms = n->nperms < QUOTA_PERMS_PER_NODE + 1 ? n->nperms : QUOTA_PERMS_PER_NODE + 1;
    memcpy(perms, n->perms, nperms * sizeof(perms[0]));
    store_remove(r->store, n);
    if (!r->tx)
        watch_fire(path, perms, nperms, true);
    return reply_ok(r);
}

/* Parses the permission strings after the path into perms. */
static int parse_perms(struct xs_req *r, const char *first, unsigned int num,
                       struct xs_permissions *perms)
{
    if (num == 0)
        return EINVAL;
    if (!r->conn->privileged && num > QUOTA_PERMS_PER_NODE)
        return ENOSPC;
    return xs_strings_to_perms(perms, num, first) ? 0 : EINVAL;
}

static int set_special_perms(struct xs_req *r, struct xs_special *sp,
                             const struct xs_permissions *perms, unsigned int num)
{
    if (!r->conn->privileged)
        return EACCES;
    if (num > QUOTA_PERMS_PER_NODE + 1)
        return ENOSPC;
    memcpy(sp->perms, perms, num * sizeof(perms[0]));
    sp->nperms = num;
    return reply_ok(r);
}

static int set_node_perms(struct xs_req *r, const char *arg,
                          const struct xs_permissions *perms, unsigned int num)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    struct xs_node *n;
    int err;

    if (!canonical(r, arg, path))
        return EINVAL;
    err = get_node(r, path, XS_PERM_WRITE, &n);
    if (err)
        return err;
    /* Unprivileged domains may not give their nodes away (Xen: EPERM). */
    if (!r->conn->privileged && perms[0].id != n->perms[0].id)
        return EPERM;
    err = note(r, path, true);
    if (err)
        return err;
    if (store_set_perms(r->store, n, perms, num) < 0)
        return ENOMEM;
    changed(r, path, n, false);
    return reply_ok(r);
}

static int do_set_perms(struct xs_req *r)
{
    unsigned int nstr = xs_count_strings(r->body, r->hdr->len);
    struct xs_permissions *perms;
    struct xs_special *sp;
    int err;

    if (nstr < 2 || r->body[r->hdr->len - 1] != '\0')
        return EINVAL;
    perms = malloc((nstr - 1) * sizeof(*perms));
    if (!perms)
        return ENOMEM;
    err = parse_perms(r, r->body + strlen(r->body) + 1, nstr - 1, perms);
    sp = xs_special_find(r->body);
    if (!err)
        err = sp ? set_special_perms(r, sp, perms, nstr - 1)
                 : set_node_perms(r, r->body, perms, nstr - 1);
    free(perms);
    return err;
}

/* A watch's path: a special name, or a (relative) node path. */
static int watch_args(struct xs_req *r, const char **vec, char *path,
                      bool *relative)
{
    if (!get_strings(r, vec, 2))
        return EINVAL;
    *relative = vec[0][0] != '/' && vec[0][0] != '@';
    if (vec[0][0] == '@') {
        if (!xs_special_find(vec[0]))
            return EINVAL;
        snprintf(path, XENSTORE_ABS_PATH_MAX + 1, "%s", vec[0]);
        return 0;
    }
    return canonical(r, vec[0], path) ? 0 : EINVAL;
}

static int do_watch(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *vec[2];
    bool relative;
    int err = watch_args(r, vec, path, &relative);

    if (!err)
        err = watch_add(r->conn, path, vec[1], relative);
    if (err)
        return err;
    reply_ok(r);
    /* Xen fires once at registration: a client needs no separate read. */
    watch_send_initial(r->conn, r->conn->watches);
    return 0;
}

static int do_unwatch(struct xs_req *r)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];
    const char *vec[2];
    bool relative;
    int err = watch_args(r, vec, path, &relative);

    if (!err)
        err = watch_remove(r->conn, path, vec[1]);
    return err ? err : reply_ok(r);
}

static int do_transaction_start(struct xs_req *r)
{
    char out[16];
    uint32_t id;
    int err;

    if (r->hdr->tx_id)
        return EBUSY;
    if (!one_arg(r))
        return EINVAL;
    err = tx_start(r->conn, &id);
    if (err)
        return err;
    snprintf(out, sizeof(out), "%u", id);
    reply(r, out, strlen(out) + 1);
    return 0;
}

static int do_transaction_end(struct xs_req *r)
{
    const char *arg = one_arg(r);
    int err;

    if (!r->tx)
        return ENOENT;
    if (!arg || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0))
        return EINVAL;
    err = tx_end(r->conn, r->tx, arg[0] == 'T');
    return err ? err : reply_ok(r);
}

/* A decimal number in [0, max]; false for anything else. */
static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;

    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return !errno && !*end && *out <= max;
}

static int do_introduce(struct xs_req *r)
{
    const char *vec[3];
    unsigned long domid, mfn, port;

    if (!r->conn->privileged)
        return EACCES;
    if (!get_strings(r, vec, 3) || !parse_uint(vec[0], DOMID_MAX, &domid) ||
        !parse_uint(vec[1], ~0UL, &mfn) || !parse_uint(vec[2], PORT_MAX, &port) ||
        domid == 0 || port == 0)
        return EINVAL;
    {
        int err = domain_introduce((unsigned int)domid, mfn, (unsigned int)port);
        return err ? err : reply_ok(r);
    }
}

static int domid_arg(const struct xs_req *r, unsigned long *domid)
{
    const char *arg = one_arg(r);

    return arg && parse_uint(arg, DOMID_MAX, domid) ? 0 : EINVAL;
}

static int do_release(struct xs_req *r)
{
    unsigned long domid;
    int err;

    if (!r->conn->privileged)
        return EACCES;
    err = domid_arg(r, &domid);
    if (!err && domid == 0)
        err = EINVAL;
    if (!err)
        err = domain_release((unsigned int)domid);
    return err ? err : reply_ok(r);
}

static int do_get_domain_path(struct xs_req *r)
{
    char out[XS_DOMAIN_PATH_MAX];
    unsigned long domid;

    if (domid_arg(r, &domid))
        return EINVAL;
    snprintf(out, sizeof(out), "/local/domain/%lu", domid);
    reply(r, out, strlen(out) + 1);
    return 0;
}

static int do_is_domain_introduced(struct xs_req *r)
{
    unsigned long domid;

    if (domid_arg(r, &domid))
        return EINVAL;
    reply(r, domid == 0 || domain_find((unsigned int)domid) ? "T" : "F", 2);
    return 0;
}

static int do_reset_watches(struct xs_req *r)
{
    watch_remove_all(r->conn);
    tx_abort_all(r->conn);
    return reply_ok(r);
}

typedef int (*xs_handler)(struct xs_req *r);

static const xs_handler handlers[] = {
    [XS_DIRECTORY] = do_directory,
    [XS_READ] = do_read,
    [XS_GET_PERMS] = do_get_perms,
    [XS_WATCH] = do_watch,
    [XS_UNWATCH] = do_unwatch,
    [XS_TRANSACTION_START] = do_transaction_start,
    [XS_TRANSACTION_END] = do_transaction_end,
    [XS_INTRODUCE] = do_introduce,
    [XS_RELEASE] = do_release,
    [XS_GET_DOMAIN_PATH] = do_get_domain_path,
    [XS_WRITE] = do_write,
    [XS_MKDIR] = do_mkdir,
    [XS_RM] = do_rm,
    [XS_SET_PERMS] = do_set_perms,
    [XS_IS_DOMAIN_INTRODUCED] = do_is_domain_introduced,
    [XS_RESET_WATCHES] = do_reset_watches,
    [XS_DIRECTORY_PART] = do_directory_part,
};

/* Requests that name a transaction in their header work inside it. */
static bool takes_transaction(uint32_t type)
{
    return type == XS_READ || type == XS_WRITE || type == XS_MKDIR ||
           type == XS_RM || type == XS_DIRECTORY || type == XS_GET_PERMS ||
           type == XS_SET_PERMS || type == XS_TRANSACTION_END ||
           type == XS_DIRECTORY_PART;
}

static bool changes_nodes(uint32_t type)
{
    return type == XS_WRITE || type == XS_MKDIR || type == XS_RM ||
           type == XS_SET_PERMS;
}

static int dispatch(struct xs_req *r)
{
    uint32_t type = r->hdr->type;

    if (type >= sizeof(handlers) / sizeof(handlers[0]) || !handlers[type])
        return EINVAL;
    if (r->hdr->tx_id && takes_transaction(type)) {
        r->tx = tx_find(r->conn, r->hdr->tx_id);
        if (!r->tx)
            return ENOENT;
        if (changes_nodes(type) && tx_copy(r->tx))
            return ENOMEM;
        r->store = r->tx->snap ? r->tx->snap : xs_tree;
    }
    return handlers[type](r);
}

void xs_handle_request(struct xs_conn *c, const struct xsd_sockmsg *hdr,
                       const char *body)
{
    struct xs_req r = { c, hdr, body, NULL, xs_tree };
    int err = dispatch(&r);

    if (err) {
        const char *name = xs_errno_name(err);
        xs_conn_reply(c, XS_ERROR, hdr->req_id, hdr->tx_id, name, strlen(name) + 1);
    }
}
