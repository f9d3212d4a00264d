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
    w->relative = relative;
    w->next = c->watches;
    c->watches = w;
    c->nwatches++;
    c->node_watches += path[0] == '/';
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
            c->node_watches -= w->path[0] == '/';
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
    c->node_watches = 0;
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
 * (each xl monitor): a node's change skips those without looking at
 * their watches. */
void watch_fire(const char *path, const struct xs_permissions *perms,
                unsigned int nperms, bool recurse)
{
    size_t len = strlen(path);

    for (struct xs_conn *c = xs_conns; c; c = c->next) {
        int seen = -1;          /* may_see, once asked */
        if (path[0] == '/' && !c->node_watches)
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
