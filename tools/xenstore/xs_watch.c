/*
 * tools/xenstore/xs_watch.c - watches: a connection names a path and a
 * token, and gets an XS_WATCH_EVENT (path, token) whenever that node or
 * one below it changes, once at registration, and for a removal also
 * when a node above it goes.  @introduceDomain and @releaseDomain fire
 * when domains come and go; minixen's @releaseDomain/<domid> fires at the
 * same moments as @releaseDomain, for that one domain only, so a watcher
 * of one domain (xl's monitor) is not woken by every other's death.
 * Events go only to connections that may read
 * the node (Xen's rule); a relative watch gets relative event paths.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

/*
 * The watch index.  A change at /a/b/c fires the watches on /, /a, /a/b
 * and /a/b/c.  xenconsoled holds a watch per console, so beside a hundred
 * domains each of a commit's 75 changes was compared with a hundred of
 * its watches, none of which matched.  A connection with WATCH_INDEX_MIN
 * node watches or more keeps them in a table by path hash; a change looks
 * up its few prefixes there and passes the connection by when none is
 * watched.  Only on a hit is the watch list walked, as before, so events
 * keep their order.  Adding a watch joins the table; removing one drops
 * it, to be built again at the next change.
 */
#define WATCH_INDEX_MIN 8

/*
 * The connections that watch a node.  Beside a hundred domains there are
 * a hundred more connections (each domain's own, each xl monitor), and
 * nearly none watches a node: a change looks only at this list.
 */
static struct xs_conn *node_watchers;

static void watcher_join(struct xs_conn *c)
{
    c->next_node_watcher = node_watchers;
    node_watchers = c;
}

static void watcher_leave(struct xs_conn *c)
{
    for (struct xs_conn **p = &node_watchers; *p; p = &(*p)->next_node_watcher)
        if (*p == c) {
            *p = c->next_node_watcher;
            return;
        }
}

static void index_put(struct xs_conn *c, struct xs_watch *w)
{
    unsigned int mask = c->watch_index_cap - 1, i = w->path_hash & mask;

    while (c->watch_index[i])
        i = (i + 1) & mask;
    c->watch_index[i] = w;
}

static void index_drop(struct xs_conn *c)
{
    free(c->watch_index);
    c->watch_index = NULL;
    c->watch_index_cap = 0;
}

static bool index_build(struct xs_conn *c)
{
    unsigned int cap = 32;

    while (cap < 2 * c->node_watches)
        cap *= 2;
    c->watch_index = calloc(cap, sizeof(*c->watch_index));
    if (!c->watch_index)
        return false;
    c->watch_index_cap = cap;
    for (struct xs_watch *w = c->watches; w; w = w->next)
        if (w->path[0] == '/')
            index_put(c, w);
    return true;
}

static void index_add(struct xs_conn *c, struct xs_watch *w)
{
    if (!c->watch_index)
        return;
    if (2 * c->node_watches > c->watch_index_cap)
        index_drop(c);              /* grows at the next change */
    else
        index_put(c, w);
}

/* A prefix of a changed path: its length and hash. */
struct prefix {
    size_t len;
    uint32_t hash;
};

/* "/", then each "/a", "/a/b" ... and the path itself, in one pass. */
static unsigned int path_prefixes(const char *path, size_t len, struct prefix *out)
{
    uint32_t h = xs_hash_step(XS_HASH_INIT, path[0]);
    unsigned int n = 0;

    if (len > 1)
        out[n++] = (struct prefix){ 1, h };
    for (size_t i = 1; i < len; i++) {
        if (path[i] == '/')
            out[n++] = (struct prefix){ i, h };
        h = xs_hash_step(h, path[i]);
    }
    out[n++] = (struct prefix){ len, h };
    return n;
}

static bool indexed_watch_on(const struct xs_conn *c, const char *path,
                             const struct prefix *p)
{
    unsigned int mask = c->watch_index_cap - 1;

    for (unsigned int i = p->hash & mask; c->watch_index[i]; i = (i + 1) & mask) {
        const struct xs_watch *w = c->watch_index[i];
        if (w->path_hash == p->hash && w->path_len == p->len &&
            memcmp(w->path, path, p->len) == 0)
            return true;
    }
    return false;
}

/* Whether c may watch the node path or one above it: false only when
 * its index says it does not. */
static bool may_watch(struct xs_conn *c, const char *path,
                      const struct prefix *prefixes, unsigned int n)
{
    if (c->node_watches < WATCH_INDEX_MIN || (!c->watch_index && !index_build(c)))
        return true;
    for (unsigned int i = 0; i < n; i++)
        if (indexed_watch_on(c, path, &prefixes[i]))
            return true;
    return false;
}

int watch_add(struct xs_conn *c, const char *path, const char *token,
              bool relative)
{
    struct xs_watch *w;

    for (w = c->watches; w; w = w->next)
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
            return EEXIST;
    /* Xen 4.17 refuses only once a domain has more than the quota, so it
     * may hold one watch past it (do_watch's `>`); so may ours. */
    if (!c->privileged && c->nwatches > QUOTA_WATCHES_PER_DOMAIN)
        return E2BIG;
    w = calloc(1, sizeof(*w));
    if (!w)
        return ENOMEM;
    w->path = strdup(path);
    w->token = strdup(token);
    if (!w->path || !w->token) {
        free(w->path);
        free(w->token);
        free(w);
        return ENOMEM;
    }
    w->path_len = strlen(path);
    w->path_hash = xs_name_hash(path, w->path_len);
    w->relative = relative;
    w->next = c->watches;
    c->watches = w;
    c->nwatches++;
    if (path[0] == '/') {
        if (c->node_watches++ == 0)
            watcher_join(c);
        index_add(c, w);
    }
    return 0;
}

static void watch_free(struct xs_watch *w)
{
    free(w->path);
    free(w->token);
    free(w);
}

int watch_remove(struct xs_conn *c, const char *path, const char *token)
{
    for (struct xs_watch **p = &c->watches; *p; p = &(*p)->next) {
        struct xs_watch *w = *p;
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
            *p = w->next;
            if (w->path[0] == '/' && --c->node_watches == 0)
                watcher_leave(c);
            index_drop(c);
            watch_free(w);
            c->nwatches--;
            return 0;
        }
    }
    return ENOENT;
}

void watch_remove_all(struct xs_conn *c)
{
    while (c->watches) {
        struct xs_watch *w = c->watches;
        c->watches = w->next;
        watch_free(w);
    }
    c->nwatches = 0;
    if (c->node_watches)
        watcher_leave(c);
    c->node_watches = 0;
    index_drop(c);
}

/* The event's path as the watcher named it: relative if the watch was. */
static const char *event_path(const struct xs_conn *c, const struct xs_watch *w,
                              const char *path)
{
    size_t plen = strlen(c->domain_path);

    if (w->relative && strncmp(path, c->domain_path, plen) == 0 &&
        path[plen] == '/')
        return path + plen + 1;
    return path;
}

static void send_event(struct xs_conn *c, const struct xs_watch *w,
                       const char *path)
{
    const char *p = event_path(c, w, path);
    size_t plen = strlen(p) + 1, tlen = strlen(w->token) + 1;
    char *data = malloc(plen + tlen);

    if (!data)
        return;
    memcpy(data, p, plen);
    memcpy(data + plen, w->token, tlen);
    xs_conn_reply(c, XS_WATCH_EVENT, 0, 0, data, plen + tlen);
    free(data);
}

/* child (child_len long) equals parent or lies below it.  Beside a
 * hundred domains each change meets a few hundred watches, nearly all of
 * them someone else's: the lengths and the last byte turn most away. */
static bool is_child(const char *child, size_t child_len, const char *parent,
                     size_t len)
{
    if (len == 1 && parent[0] == '/')
        return child[0] == '/';
    if (len > child_len || (len < child_len && child[len] != '/'))
        return false;
    return child[len - 1] == parent[len - 1] && memcmp(child, parent, len) == 0;
}

static bool may_see(const struct xs_conn *c, const char *path,
                    const struct xs_permissions *perms, unsigned int nperms)
{
    struct xs_special *sp = xs_special_find(path);

    if (sp)
        return perm_for_conn(c, sp->perms, sp->nperms) & XS_PERM_READ;
    return !perms || (perm_for_conn(c, perms, nperms) & XS_PERM_READ);
}

/* The permission check waits for a watch that matches.  Beside a
 * hundred domains most connections watch nothing, or one domain's release
 * (each xl monitor): a node's change looks only at the connections that
 * watch a node, and the index (above) passes by those that watch other
 * nodes.  A removal also fires the watches below it, which the index
 * cannot find: it walks every list. */
void watch_fire(const char *path, const struct xs_permissions *perms,
                unsigned int nperms, bool recurse)
{
    static struct prefix prefixes[XENSTORE_ABS_PATH_MAX + 1];
    size_t len = strlen(path);
    bool node = path[0] == '/';
    unsigned int nprefixes = node && !recurse && len <= XENSTORE_ABS_PATH_MAX ?
                             path_prefixes(path, len, prefixes) : 0;

    for (struct xs_conn *c = node ? node_watchers : xs_conns; c;
         c = node ? c->next_node_watcher : c->next) {
        int seen = -1;          /* may_see, once asked */
        if (nprefixes && !may_watch(c, path, prefixes, nprefixes))
            continue;
        for (struct xs_watch *w = c->watches; w; w = w->next) {
            const char *event = is_child(path, len, w->path, w->path_len) ? path :
                recurse && is_child(w->path, w->path_len, path, len) ? w->path : NULL;
            if (event && seen < 0)
                seen = may_see(c, path, perms, nperms);
            if (event && seen)
                send_event(c, w, event);
        }
    }
}

void watch_fire_exact(const char *path)
{
    size_t len = strlen(path);

    for (struct xs_conn *c = xs_conns; c; c = c->next) {
        int seen = -1;
        for (struct xs_watch *w = c->watches; w; w = w->next) {
            if (w->path_len != len || memcmp(path, w->path, len) != 0)
                continue;
            if (seen < 0)
                seen = may_see(c, path, NULL, 0);
            if (seen)
                send_event(c, w, path);
        }
    }
}

/* The registration event, unless the node exists and is unreadable. */
void watch_send_initial(struct xs_conn *c, const struct xs_watch *w)
{
    const struct xs_node *n = w->path[0] == '/' ? store_lookup(xs_tree, w->path) : NULL;

    if (may_see(c, w->path, n ? n->perms : NULL, n ? n->nperms : 0))
        send_event(c, w, w->path);
}
