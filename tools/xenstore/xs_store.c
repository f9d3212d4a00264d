/*
 * tools/xenstore/xs_store.c - xenstored's node tree: nodes with a value,
 * permissions and children, found by path, and the count of nodes each
 * domain owns (the entry quota).  A transaction works on a clone.
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

static void owner_add(struct xs_store *s, unsigned int id, int delta)
{
    struct xs_owner_count *o = owner_slot(s, id, delta > 0);

    if (o)
        o->entries += delta;
}

unsigned int store_entries(const struct xs_store *s, unsigned int domid)
{
    struct xs_owner_count *o = owner_slot((struct xs_store *)s, domid, false);

    return o ? o->entries : 0;
}

static struct xs_node *node_alloc(const char *name, size_t name_len)
{
    struct xs_node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->name = strndup(name, name_len);
    n->value = strdup("");
    if (!n->name || !n->value) {
        free(n->name);
        free(n->value);
        free(n);
        return NULL;
    }
    return n;
}

static void node_free(struct xs_node *n)
{
    for (unsigned int i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
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

static struct xs_node *node_clone(const struct xs_node *src, struct xs_node *parent)
{
    struct xs_node *n = node_alloc(src->name, strlen(src->name));

    if (!n)
        return NULL;
    n->parent = parent;
    if (store_set_value(n, src->value, src->len) < 0)
        goto fail;
    n->gen = n->orig_gen = src->gen;   /* the copy is the same version */
    n->perms = malloc(src->nperms * sizeof(*n->perms));
    n->kids = malloc((src->nkids ? src->nkids : 1) * sizeof(*n->kids));
    if (!n->perms || !n->kids)
        goto fail;
    memcpy(n->perms, src->perms, src->nperms * sizeof(*n->perms));
    n->nperms = src->nperms;
    n->kids_cap = src->nkids;
    for (; n->nkids < src->nkids; n->nkids++) {
        n->kids[n->nkids] = node_clone(src->kids[n->nkids], n);
        if (!n->kids[n->nkids])
            goto fail;
    }
    return n;
fail:
    node_free(n);
    return NULL;
}

struct xs_store *store_clone(const struct xs_store *src)
{
    struct xs_store *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->root = node_clone(src->root, NULL);
    s->owners = malloc((src->nowners ? src->nowners : 1) * sizeof(*s->owners));
    if (!s->root || !s->owners) {
        store_free(s);
        return NULL;
    }
    memcpy(s->owners, src->owners, src->nowners * sizeof(*s->owners));
    s->nowners = s->owners_cap = src->nowners;
    return s;
}

static struct xs_node *node_kid(const struct xs_node *n, const char *name,
                                size_t len)
{
    for (unsigned int i = 0; i < n->nkids; i++)
        if (strlen(n->kids[i]->name) == len &&
            memcmp(n->kids[i]->name, name, len) == 0)
            return n->kids[i];
    return NULL;
}

/* path is absolute and valid (xs_path_valid). */
struct xs_node *store_lookup(const struct xs_store *s, const char *path)
{
    struct xs_node *n = s->root;
    const char *p = path + 1;

    while (n && *p) {
        size_t len = strcspn(p, "/");
        n = node_kid(n, p, len);
        p += len + (p[len] == '/');
    }
    return n;
}

/* The new node inherits the parent's permissions (the caller may change
 * the owner afterwards). */
struct xs_node *store_add_child(struct xs_store *s, struct xs_node *parent,
                                const char *name, size_t name_len)
{
    struct xs_node *n;

    if (parent->nkids == parent->kids_cap) {
        unsigned int cap = parent->kids_cap ? parent->kids_cap * 2 : 4;
        struct xs_node **k = realloc(parent->kids, cap * sizeof(*k));
        if (!k)
            return NULL;
        parent->kids = k;
        parent->kids_cap = cap;
    }
    n = node_alloc(name, name_len);
    if (!n)
        return NULL;
    n->parent = parent;
    if (store_set_perms(s, n, parent->perms, parent->nperms) < 0) {
        node_free(n);
        return NULL;
    }
    parent->kids[parent->nkids++] = n;
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

static void uncount_subtree(struct xs_store *s, const struct xs_node *n)
{
    owner_add(s, n->perms[0].id, -1);
    for (unsigned int i = 0; i < n->nkids; i++)
        uncount_subtree(s, n->kids[i]);
}

/* Removes n and everything below it; never the root. */
void store_remove(struct xs_store *s, struct xs_node *n)
{
    struct xs_node *parent = n->parent;

    for (unsigned int i = 0; i < parent->nkids; i++) {
        if (parent->kids[i] != n)
            continue;
        /* Kept in creation order, as XS_DIRECTORY lists them. */
        memmove(&parent->kids[i], &parent->kids[i + 1],
                (parent->nkids - i - 1) * sizeof(parent->kids[0]));
        parent->nkids--;
        break;
    }
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
    len = strlen(n->name);
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
