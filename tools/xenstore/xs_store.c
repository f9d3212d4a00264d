/*
 * tools/xenstore/xs_store.c - xenstored's node tree: nodes with a value,
 * permissions and children, found by path, and the count of nodes each
 * domain owns (the entry quota).
 *
 * A transaction works on its own tree, copied from the live one lazily:
 * store_clone copies the root only; a lookup below a copied node copies
 * the one kid it finds there (shallowly, its own kids again left for
 * later) from the live node at the same path as it is then, and the whole
 * kid list is copied only when something needs all of it (store_kids: a
 * directory listing, a removal); a copy the transaction has not changed
 * is brought up to date at its first access (store_refresh).  So a
 * transaction pays for the paths it touches, not for the size of the
 * tree or of a directory on its way (/local/domain with a hundred
 * domains), and reads the live tree wherever it has not accessed yet, as
 * Xen's do.  No pointer into the live tree is kept: it changes while the
 * transaction is open, and the generations of xs_tx.c catch what
 * matters.
 *
 * Each node remembers the kid its last lookup found: requests come in
 * runs below one directory, so most lookups compare one name per level.
 *
 * Every change gives the node (and, for a child added or removed, its
 * parent) a new generation from one counter, which is how a transaction
 * sees that a node it used has changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

static uint64_t store_generation;

static uint64_t next_generation(void)
{
    return ++store_generation;
}

static struct xs_owner_count *owner_slot(struct xs_store *s, unsigned int id,
                                         bool create)
{
    for (unsigned int i = 0; i < s->nowners; i++)
        if (s->owners[i].id == id)
            return &s->owners[i];
    if (!create)
        return NULL;
    if (s->nowners == s->owners_cap) {
        unsigned int cap = s->owners_cap ? s->owners_cap * 2 : 8;
        struct xs_owner_count *o = realloc(s->owners, cap * sizeof(*o));
        if (!o)
            return NULL;
        s->owners = o;
        s->owners_cap = cap;
    }
    s->owners[s->nowners] = (struct xs_owner_count){ id, 0 };
    return &s->owners[s->nowners++];
}

/* A transaction's tree counts changes to the live counts, which may go
 * below zero, so its slots are made for removals too. */
static void owner_add(struct xs_store *s, unsigned int id, int delta)
{
    struct xs_owner_count *o = owner_slot(s, id, delta > 0 || s->base);

    if (o)
        o->entries += delta;
}

static int owner_entries(const struct xs_store *s, unsigned int id)
{
    struct xs_owner_count *o = owner_slot((struct xs_store *)s, id, false);

    return o ? o->entries : 0;
}

/* In a transaction: the live count now plus the transaction's changes,
 * as Xen counts a transaction's nodes against its quota. */
unsigned int store_entries(const struct xs_store *s, unsigned int domid)
{
    int entries = owner_entries(s, domid);

    if (s->base)
        entries += owner_entries(s->base, domid);
    return entries > 0 ? (unsigned int)entries : 0;
}

static struct xs_node *node_alloc(const char *name, size_t name_len)
{
    struct xs_node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->name = strndup(name, name_len);
    n->name_len = name_len;
    n->name_hash = xs_name_hash(name, name_len);
    n->value = strdup("");
    if (!n->name || !n->value) {
        free(n->name);
        free(n->value);
        free(n);
        return NULL;
    }
    return n;
}

/* Only the kids already copied are this tree's to free (not store_kids,
 * which would copy the rest first). */
static void node_free(struct xs_node *n)
{
    for (unsigned int i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    kid_index_drop(n);
    free(n->perms);
    free(n->value);
    free(n->name);
    free(n);
}

struct xs_store *store_create(void)
{
    static const struct xs_permissions root_perms = { 0, XS_PERM_NONE };
    struct xs_store *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->root = node_alloc("", 0);
    if (!s->root || store_set_perms(s, s->root, &root_perms, 1) < 0) {
        store_free(s);
        return NULL;
    }
    return s;
}

void store_free(struct xs_store *s)
{
    if (!s)
        return;
    if (s->root)
        node_free(s->root);
    free(s->owners);
    free(s);
}

/* One node of the live tree, without its kids: they come when needed. */
static struct xs_node *node_copy(struct xs_store *s, const struct xs_node *src,
                                 struct xs_node *parent)
{
    struct xs_node *n = node_alloc(src->name, src->name_len);

    if (!n)
        return NULL;
    n->parent = parent;
    n->perms = malloc(src->nperms * sizeof(*n->perms));
    if (!n->perms || store_set_value(n, src->value, src->len) < 0) {
        node_free(n);
        return NULL;
    }
    memcpy(n->perms, src->perms, src->nperms * sizeof(*n->perms));
    n->nperms = src->nperms;
    n->gen = n->orig_gen = src->gen;   /* the copy is the same version */
    n->kids_pending = true;
    s->copied++;
    return n;
}

/* src is the live tree.  The owner counts start as no change to it. */
struct xs_store *store_clone(struct xs_store *src)
{
    struct xs_store *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->base = src;
    s->root = node_copy(s, src->root, NULL);
    if (!s->root) {
        store_free(s);
        return NULL;
    }
    return s;
}

static int reserve_kids(struct xs_node *n, unsigned int cap)
{
    struct xs_node **k;

    if (cap <= n->kids_cap)
        return 0;
    k = realloc(n->kids, cap * sizeof(*k));
    if (!k)
        return -ENOMEM;
    n->kids = k;
    n->kids_cap = cap;
    return 0;
}

static int room_for_kid(struct xs_node *n)
{
    if (n->nkids < n->kids_cap)
        return 0;
    return reserve_kids(n, n->kids_cap ? n->kids_cap * 2 : 4);
}

/* The live node at n's path, found afresh each time. */
static struct xs_node *live_counterpart(struct xs_store *s, const struct xs_node *n)
{
    char path[XENSTORE_ABS_PATH_MAX + 1];

    store_path(n, path, sizeof(path));
    return store_lookup(s->base, path);
}

/* Frees the kids of `kids` that are not among n's own (copies just made). */
static void free_new_copies(struct xs_node *n, struct xs_node **kids, int count)
{
    for (int i = 0; i < count; i++)
        if (!kid_find(n, kids[i]->name, kids[i]->name_len))
            node_free(kids[i]);
}

/* kids[0..count): for each live kid in its order, n's copy of it or a
 * fresh one.  On failure the fresh ones are freed and n is untouched. */
static int mirror_live_kids(struct xs_store *s, struct xs_node *n,
                            struct xs_node **live_kids, int count,
                            struct xs_node **kids)
{
    for (int i = 0; i < count; i++) {
        kids[i] = kid_find(n, live_kids[i]->name, live_kids[i]->name_len);
        if (!kids[i] && !(kids[i] = node_copy(s, live_kids[i], n))) {
            free_new_copies(n, kids, i);
            return -ENOMEM;
        }
    }
    return 0;
}

/* n's kid list becomes kids (count of them), n's old array freed. */
static void set_kids(struct xs_node *n, struct xs_node **kids, int count)
{
    free(n->kids);
    kid_index_drop(n);
    n->kids = kids;
    n->nkids = n->kids_cap = (unsigned int)count;
}

/* n's whole kid list: the live node's kids as they are now, in their
 * order, as the copies n has or fresh ones, then n's copies the live node
 * lacks (the transaction's own kids, or kids removed outside since, whose
 * old generations fail the commit).  None from live if it has gone.  On
 * failure n stays as it was, still pending. */
static int copy_kids(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *live = live_counterpart(s, n), **live_kids = NULL, **kids;
    int count = live ? store_kids(s->base, live, &live_kids) : 0, got = count;

    if (count < 0)
        return -ENOMEM;
    kids = malloc(((size_t)count + n->nkids + 1) * sizeof(*kids));
    if (!kids || mirror_live_kids(s, n, live_kids, count, kids) < 0) {
        free(kids);
        return -ENOMEM;
    }
    for (unsigned int k = 0; k < n->nkids; k++)
        if (!live || !kid_find(live, n->kids[k]->name, n->kids[k]->name_len))
            kids[got++] = n->kids[k];
    set_kids(n, kids, got);
    n->kids_pending = false;
    return 0;
}

int store_kids(struct xs_store *s, struct xs_node *n, struct xs_node ***kids)
{
    if (n->kids_pending && copy_kids(s, n) < 0)
        return -ENOMEM;
    *kids = n->kids;
    return (int)n->nkids;
}

static struct xs_node *node_kid(struct xs_store *s, struct xs_node *n,
                                const char *name, size_t len);

/* In a transaction's copy with kids pending: the live kid of that name,
 * copied into n's list; NULL if there is none (or no memory). */
static struct xs_node *copy_one_kid(struct xs_store *s, struct xs_node *n,
                                    const char *name, size_t len)
{
    struct xs_node *live = live_counterpart(s, n), *live_kid, *kid;

    live_kid = live ? node_kid(s->base, live, name, len) : NULL;
    if (!live_kid || room_for_kid(n) < 0)
        return NULL;
    kid = node_copy(s, live_kid, n);
    if (kid) {
        n->kids[n->nkids++] = kid;
        kid_index_add(n, kid);
    }
    return kid;
}

/* NULL also when the kid could not be copied (out of memory). */
static struct xs_node *node_kid(struct xs_store *s, struct xs_node *n,
                                const char *name, size_t len)
{
    struct xs_node *kid = n->last_found;

    if (kid && xs_node_named(kid, name, len))
        return kid;
    kid = kid_find(n, name, len);
    if (!kid && n->kids_pending)
        kid = copy_one_kid(s, n, name, len);
    if (kid)
        n->last_found = kid;
    return kid;
}

/* Whether each of n's copied kids is still among the live ones. */
static bool kids_still_live(struct xs_node *n, struct xs_node *live)
{
    for (unsigned int k = 0; k < n->nkids; k++)
        if (!kid_find(live, n->kids[k]->name, n->kids[k]->name_len))
            return false;
    return true;
}

/* The transaction's copy of an unchanged node with kids copied takes the
 * live node's kid list, in its order: the copies it has stay (with what
 * the transaction changed below them) and newcomers are copied.  A kid
 * removed outside is not dropped: callers may hold it, so the node stays
 * as it was (-ESTALE) and its old generation fails the commit. */
static int refresh_kids(struct xs_store *s, struct xs_node *n, struct xs_node *live)
{
    struct xs_node **live_kids, **kids;
    int count = store_kids(s->base, live, &live_kids);

    if (count < 0)
        return -ENOMEM;
    if (!kids_still_live(n, live))
        return -ESTALE;
    kids = malloc((size_t)(count ? count : 1) * sizeof(*kids));
    if (!kids || mirror_live_kids(s, n, live_kids, count, kids) < 0) {
        free(kids);
        return -ENOMEM;
    }
    set_kids(n, kids, count);
    return 0;
}

/* A node the transaction has not changed takes the live one's value,
 * permissions, kid list and generation, if they changed since it was
 * copied.  When that cannot be done it stays as it was: its old
 * generation then makes the commit fail.  The node itself is never
 * freed, so pointers to it stay good. */
static void refresh_node(struct xs_store *s, struct xs_node *n, struct xs_node *live)
{
    struct xs_permissions *perms;
    char *value;

    if (n->gen != n->orig_gen || n->gen == live->gen)
        return;   /* the transaction's own, or up to date */
    value = malloc(live->len + 1);
    perms = malloc(live->nperms * sizeof(*perms));
    if (!value || !perms || (!n->kids_pending && refresh_kids(s, n, live) < 0)) {
        free(value);
        free(perms);
        return;
    }
    memcpy(value, live->value, live->len + 1);
    memcpy(perms, live->perms, live->nperms * sizeof(*perms));
    free(n->value);
    free(n->perms);
    n->value = value;
    n->len = live->len;
    n->perms = perms;
    n->nperms = live->nperms;
    n->gen = n->orig_gen = live->gen;
}

void store_refresh(struct xs_store *s, const char *path)
{
    struct xs_node *n = s->root, *live = s->base->root;
    const char *p = path + 1;

    for (;;) {
        size_t len = xs_component_len(p);
        refresh_node(s, n, live);
        if (!*p)
            return;
        n = node_kid(s, n, p, len);
        live = node_kid(s->base, live, p, len);
        if (!n || !live)
            return;
        p += len + (p[len] == '/');
    }
}

/* path is absolute and valid (xs_path_valid). */
struct xs_node *store_lookup(struct xs_store *s, const char *path)
{
    struct xs_node *n = s->root;
    const char *p = path + 1;

    while (n && *p) {
        size_t len = xs_component_len(p);
        n = node_kid(s, n, p, len);
        p += len + (p[len] == '/');
    }
    return n;
}

static bool live_kid_exists(struct xs_store *s, struct xs_node *n,
                            const char *name, size_t len)
{
    struct xs_node *live = live_counterpart(s, n);

    return live && node_kid(s->base, live, name, len);
}

/* The new node inherits the parent's permissions (the caller may change
 * the owner afterwards). */
struct xs_node *store_add_child(struct xs_store *s, struct xs_node *parent,
                                const char *name, size_t name_len)
{
    struct xs_node *n;

    /* Not twice, even where the caller missed it only because copying
     * it failed. */
    if (kid_find(parent, name, name_len) ||
        (parent->kids_pending && live_kid_exists(s, parent, name, name_len)) ||
        room_for_kid(parent) < 0)
        return NULL;
    n = node_alloc(name, name_len);
    if (!n)
        return NULL;
    n->parent = parent;
    if (store_set_perms(s, n, parent->perms, parent->nperms) < 0) {
        node_free(n);
        return NULL;
    }
    parent->kids[parent->nkids++] = n;
    kid_index_add(parent, n);
    parent->gen = next_generation();
    return n;
}

int store_set_value(struct xs_node *n, const void *value, unsigned int len)
{
    char *v = malloc(len + 1);

    if (!v)
        return -ENOMEM;
    memcpy(v, value, len);
    v[len] = '\0';
    free(n->value);
    n->value = v;
    n->len = len;
    n->gen = next_generation();
    return 0;
}

/* Moves the node's entry from its old owner to the new one. */
int store_set_perms(struct xs_store *s, struct xs_node *n,
                    const struct xs_permissions *perms, unsigned int num)
{
    struct xs_permissions *p = malloc(num * sizeof(*p));

    if (!p)
        return -ENOMEM;
    memcpy(p, perms, num * sizeof(*p));
    if (n->nperms)
        owner_add(s, n->perms[0].id, -1);
    owner_add(s, p[0].id, 1);
    free(n->perms);
    n->perms = p;
    n->nperms = num;
    n->gen = next_generation();
    return 0;
}

/* Takes n's descendants in the live tree off s's counts. */
static void uncount_live_kids(struct xs_store *s, struct xs_node *live)
{
    struct xs_node **kids;
    int count = store_kids(s->base, live, &kids);

    for (int i = 0; i < count; i++) {
        owner_add(s, kids[i]->perms[0].id, -1);
        uncount_live_kids(s, kids[i]);
    }
}

/* Below a node whose kids a transaction has not copied, what it removes
 * is what it would read there: the live tree's nodes, counted without
 * copying them; where it has copied some, the list is completed first. */
static void uncount_subtree(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *live, **kids;
    int count;

    owner_add(s, n->perms[0].id, -1);
    if (n->kids_pending && n->nkids == 0) {
        live = live_counterpart(s, n);
        if (live)
            uncount_live_kids(s, live);
        return;
    }
    count = store_kids(s, n, &kids);
    for (int i = 0; i < count; i++)
        uncount_subtree(s, kids[i]);
}

/* Removes n and everything below it; never the root. */
void store_remove(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *parent = n->parent, **kids;
    int count = store_kids(s, parent, &kids);   /* n is one: copied already */

    for (int i = 0; i < count; i++) {
        if (kids[i] != n)
            continue;
        /* Kept in creation order, as XS_DIRECTORY lists them. */
        memmove(&kids[i], &kids[i + 1], (size_t)(count - i - 1) * sizeof(kids[0]));
        parent->nkids--;
        break;
    }
    if (parent->last_found == n)
        parent->last_found = NULL;
    kid_index_drop(parent);
    parent->gen = next_generation();
    uncount_subtree(s, n);
    node_free(n);
}

static size_t path_into(const struct xs_node *n, char *buf, size_t size)
{
    size_t at, len;

    if (!n->parent)
        return 0;
    at = path_into(n->parent, buf, size);
    len = n->name_len;
    if (at + 1 + len < size) {
        buf[at] = '/';
        memcpy(buf + at + 1, n->name, len);
    }
    return at + 1 + len;
}

void store_path(const struct xs_node *n, char *buf, size_t size)
{
    size_t len = path_into(n, buf, size);

    if (len == 0)
        snprintf(buf, size, "/");
    else
        buf[len < size ? len : size - 1] = '\0';
}
