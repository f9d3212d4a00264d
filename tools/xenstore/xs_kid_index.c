/*
 * tools/xenstore/xs_kid_index.c - finding a node's kid by name without
 * looking at every kid: /local/domain has one kid per running domain,
 * and each request below a domain goes through it.
 *
 * A node with KID_INDEX_MIN kids or more gets, at its first lookup, an
 * open-addressed table of its kids by name hash, twice as many slots as
 * kids.  A kid added joins it; anything else that changes the kid list
 * drops it, to be built again at the next lookup.  The kid array itself
 * stays the one list of kids, in creation order, as XS_DIRECTORY lists
 * them.
 */
#include <stdlib.h>
#include <string.h>
#include "xenstored.h"

#define KID_INDEX_MIN 8     /* below this, scanning the kids is as quick */

/* FNV-1a (also of whole paths, for transactions: xs_tx.c). */
uint32_t xs_name_hash(const char *name, size_t len)
{
    uint32_t h = XS_HASH_INIT;

    for (size_t i = 0; i < len; i++)
        h = xs_hash_step(h, name[i]);
    return h;
}


static void index_put(struct xs_node *n, struct xs_node *kid)
{
    unsigned int mask = n->index_cap - 1, i = kid->name_hash & mask;

    while (n->index[i])
        i = (i + 1) & mask;
    n->index[i] = kid;
}

static bool index_build(struct xs_node *n)
{
    unsigned int cap = 16;

    while (cap < 2 * n->nkids)
        cap *= 2;
    n->index = calloc(cap, sizeof(*n->index));
    if (!n->index)
        return false;
    n->index_cap = cap;
    for (unsigned int i = 0; i < n->nkids; i++)
        index_put(n, n->kids[i]);
    return true;
}

void kid_index_drop(struct xs_node *n)
{
    free(n->index);
    n->index = NULL;
    n->index_cap = 0;
}

void kid_index_add(struct xs_node *n, struct xs_node *kid)
{
    if (!n->index)
        return;
    if (2 * n->nkids > n->index_cap)
        kid_index_drop(n);          /* grows at the next lookup */
    else
        index_put(n, kid);
}

static struct xs_node *scan(struct xs_node *n, const char *name, size_t len)
{
    for (unsigned int i = 0; i < n->nkids; i++)
        if (xs_node_named(n->kids[i], name, len))
            return n->kids[i];
    return NULL;
}

/* Without memory for the table, a scan finds the kid all the same. */
struct xs_node *kid_find(struct xs_node *n, const char *name, size_t len)
{
    uint32_t hash;
    unsigned int mask, i;

    if (n->nkids < KID_INDEX_MIN || (!n->index && !index_build(n)))
        return scan(n, name, len);
    hash = xs_name_hash(name, len);
    mask = n->index_cap - 1;
    for (i = hash & mask; n->index[i]; i = (i + 1) & mask)
        if (n->index[i]->name_hash == hash && xs_node_named(n->index[i], name, len))
            return n->index[i];
    return NULL;
}
