/*
 * tools/xenstore/xs_tx.c - transactions: the nodes a transaction read or
 * changed with their generation when it first touched them, a tree of its
 * own once it changes something (until then it reads the tree itself, as
 * Xen's do; that tree is copied from the live one as the transaction
 * goes, see xs_store.c), and at commit either EAGAIN (one of those nodes
 * changed meanwhile) or its changes applied to the tree, with their
 * watches fired.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

int tx_start(struct xs_conn *c, uint32_t *id)
{
    struct xs_tx *t;

    /* One past the quota, as Xen 4.17's do_transaction_start (`>`). */
    if (!c->privileged && c->ntxs > QUOTA_TRANSACTIONS)
        return ENOSPC;
    t = calloc(1, sizeof(*t));
    if (!t)
        return ENOMEM;
    do {
        t->id = ++c->next_tx_id;
    } while (t->id == 0 || tx_find(c, t->id));
    t->next = c->txs;
    c->txs = t;
    c->ntxs++;
    *id = t->id;
    return 0;
}

/* The transaction's own tree, made at the first change (a read-only
 * transaction has none); it starts as a copy of the root alone. */
int tx_copy(struct xs_tx *t)
{
    if (!t->snap)
        t->snap = store_clone(xs_tree);
    return t->snap ? 0 : ENOMEM;
}

struct xs_tx *tx_find(struct xs_conn *c, uint32_t id)
{
    for (struct xs_tx *t = c->txs; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

/* The hash first: a transaction's paths mostly share a long prefix, so
 * the strings alone would be compared far into each. */
static struct xs_access *access_find(struct xs_tx *t, const char *path,
                                     uint32_t hash)
{
    for (unsigned int i = 0; i < t->nacc; i++)
        if (t->acc[i].hash == hash && strcmp(t->acc[i].path, path) == 0)
            return &t->acc[i];
    return NULL;
}

static uint64_t generation_of(struct xs_store *s, const char *path)
{
    const struct xs_node *n = store_lookup(s, path);

    return n ? n->gen : 0;
}

/* The node's generation at the transaction's first access to it, though
 * the transaction may have changed it (or its kid list) since: its copy
 * is brought up to date first, unless the transaction changed it. */
static uint64_t start_generation(struct xs_tx *t, const char *path)
{
    const struct xs_node *n;

    if (!t->snap)
        return generation_of(xs_tree, path);
    store_refresh(t->snap, path);
    n = store_lookup(t->snap, path);
    return n ? n->orig_gen : 0;
}

int tx_note(struct xs_tx *t, const char *path, bool modified, bool privileged)
{
    uint32_t hash = xs_name_hash(path, strlen(path));
    struct xs_access *a = access_find(t, path, hash);

    if (!a) {
        /* Each path read costs dom0 memory until the transaction ends. */
        if (!privileged && t->nacc >= QUOTA_TRANSACTION_NODES)
            return ENOSPC;
        if (t->nacc == t->acc_cap) {
            unsigned int cap = t->acc_cap ? t->acc_cap * 2 : 8;
            struct xs_access *acc = realloc(t->acc, cap * sizeof(*acc));
            if (!acc)
                return ENOMEM;
            t->acc = acc;
            t->acc_cap = cap;
        }
        a = &t->acc[t->nacc];
        a->path = strdup(path);
        if (!a->path)
            return ENOMEM;
        a->hash = hash;
        a->gen = start_generation(t, path);
        a->modified = false;
        t->nacc++;
    }
    a->modified |= modified;
    return 0;
}

static bool tx_conflicts(const struct xs_tx *t)
{
    for (unsigned int i = 0; i < t->nacc; i++)
        if (generation_of(xs_tree, t->acc[i].path) != t->acc[i].gen)
            return true;
    return false;
}

static int access_order(const void *a, const void *b)
{
    return strcmp(((const struct xs_access *)a)->path,
                  ((const struct xs_access *)b)->path);
}

/* Creates path in the tree; its parent exists (paths go in sorted order). */
static struct xs_node *tree_node_for(const char *path)
{
    struct xs_node *n = store_lookup(xs_tree, path), *parent;
    const char *slash = strrchr(path, '/');
    char parent_path[XENSTORE_ABS_PATH_MAX + 1];

    if (n)
        return n;
    memcpy(parent_path, path, slash - path);
    parent_path[slash == path ? 1 : slash - path] = '\0';
    parent = store_lookup(xs_tree, parent_path);
    return parent ? store_add_child(xs_tree, parent, slash + 1, strlen(slash + 1)) : NULL;
}

/* One changed path: copied from the transaction's tree, or removed. */
static void apply_path(struct xs_tx *t, const char *path)
{
    const struct xs_node *src = store_lookup(t->snap, path);
    struct xs_node *dst;

    if (!src) {
        dst = store_lookup(xs_tree, path);
        if (dst) {
            struct xs_permissions p = dst->perms[0];
            store_remove(xs_tree, dst);
            watch_fire(path, &p, 1, true);
        }
        return;
    }
    dst = tree_node_for(path);
    if (!dst || store_set_value(dst, src->value, src->len) < 0 ||
        store_set_perms(xs_tree, dst, src->perms, src->nperms) < 0)
        return;   /* out of memory: the tree keeps what it had */
    watch_fire(path, dst->perms, dst->nperms, false);
}

static void tx_free(struct xs_conn *c, struct xs_tx *t)
{
    for (struct xs_tx **p = &c->txs; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    for (unsigned int i = 0; i < t->nacc; i++)
        free(t->acc[i].path);
    free(t->acc);
    store_free(t->snap);
    free(t);
    c->ntxs--;
}

int tx_end(struct xs_conn *c, struct xs_tx *t, bool commit)
{
    int err = 0;

    if (commit && tx_conflicts(t))
        err = EAGAIN;
    if (commit && !err && t->snap) {
        qsort(t->acc, t->nacc, sizeof(t->acc[0]), access_order);
        for (unsigned int i = 0; i < t->nacc; i++)
            if (t->acc[i].modified)
                apply_path(t, t->acc[i].path);
    }
    tx_free(c, t);
    return err;
}

void tx_abort_all(struct xs_conn *c)
{
    while (c->txs)
        tx_free(c, c->txs);
}
