/*
 * tools/xenstore/xenstored.h - the inside of xenstored, shared by its
 * files: the node tree, connections, watches, transactions and domains.
 *
 * The core (everything but xenstored.c and xs_os.c) does no I/O: a
 * transport feeds a connection the bytes it read (xs_conn_feed) and
 * sends what xs_conn_output holds, so the host unit tests drive the core
 * with byte strings.  Domains' rings and event channels come through
 * struct xs_domain_ops, which the tests replace.
 */
#ifndef MINIXEN_XENSTORED_H
#define MINIXEN_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "xenstore.h"

/* Xen 4.17's default quotas (xenstored_core.c); dom0 is exempt. */
#define QUOTA_ENTRIES_PER_DOMAIN   1000
#define QUOTA_WATCHES_PER_DOMAIN   128
#define QUOTA_ENTRY_SIZE           2048
#define QUOTA_TRANSACTIONS         10
#define QUOTA_PERMS_PER_NODE       5
#define QUOTA_PATH_LEN             XENSTORE_REL_PATH_MAX
#define QUOTA_TRANSACTION_NODES    1024   /* nodes one transaction may touch */
/* Replies and events queued for a client that does not read: past this
 * the connection is dropped rather than dom0's memory. */
#define XS_OUTPUT_MAX              (1024 * 1024)

#define XS_DOMAIN_PATH_MAX         32   /* "/local/domain/4294967295" */

/* ---- the node tree (xs_store.c) ---- */
struct xs_node {
    char *name;                 /* path component, "" for the root */
    size_t name_len;            /* kept: lookups compare it first */
    uint32_t name_hash;         /* xs_name_hash of the name */
    struct xs_node *parent;
    char *value;
    unsigned int len;
    struct xs_permissions *perms;  /* [0] is the owner and the default */
    unsigned int nperms;
    struct xs_node **kids;
    unsigned int nkids, kids_cap;
    struct xs_node **index;     /* the kids by name (xs_kid_index.c), or NULL */
    unsigned int index_cap;
    uint64_t gen;               /* changes whenever the node or its kid list does */
    uint64_t orig_gen;          /* in a transaction's copy: gen when copied, else 0 */
    /* In a transaction's copy: kids holds only the kids looked up one by
     * one (copied) and those the transaction added; the rest are still
     * the live tree's. */
    bool kids_pending;
    struct xs_node *last_found; /* the kid the last lookup found, tried first */
};

struct xs_owner_count {
    unsigned int id;
    int entries;                /* in a transaction's tree: its change to base's */
};

struct xs_store {
    struct xs_node *root;
    struct xs_owner_count *owners;
    unsigned int nowners, owners_cap;
    struct xs_store *base;      /* a transaction's tree: the live tree; else NULL */
    unsigned long copied;       /* nodes copied from base so far */
};

struct xs_store *store_create(void);
/* A transaction's tree over the live tree src: the root only, for now. */
struct xs_store *store_clone(struct xs_store *src);
void store_free(struct xs_store *s);
/* NULL if absent (or, in a transaction's tree, if copying ran out of memory). */
struct xs_node *store_lookup(struct xs_store *s, const char *path);
/* Sets *kids to n's kids, in creation order, and returns their number, or
 * -ENOMEM; in a transaction's tree it completes them from the live tree
 * first.  Outside xs_store.c and xs_kid_index.c nothing else reads a
 * node's kids (n->kids may hold only some of them). */
int store_kids(struct xs_store *s, struct xs_node *n, struct xs_node ***kids);
/* In a transaction's tree: the nodes on path (an absolute, valid path)
 * that the transaction has not changed are brought up to date with the
 * live tree, as Xen's transactions read live what they have not accessed
 * yet.  xs_tx.c calls it at a path's first access. */
void store_refresh(struct xs_store *s, const char *path);
struct xs_node *store_add_child(struct xs_store *s, struct xs_node *parent,
                                const char *name, size_t name_len);
int store_set_value(struct xs_node *n, const void *value, unsigned int len);
int store_set_perms(struct xs_store *s, struct xs_node *n,
                    const struct xs_permissions *perms, unsigned int num);
void store_remove(struct xs_store *s, struct xs_node *n);
unsigned int store_entries(const struct xs_store *s, unsigned int domid);
/* Writes n's path into buf (at least XENSTORE_ABS_PATH_MAX + 1 bytes). */
void store_path(const struct xs_node *n, char *buf, size_t size);

/* ---- a node's kids by name (xs_kid_index.c) ---- */
static inline bool xs_node_named(const struct xs_node *n, const char *name,
                                 size_t len)
{
    return n->name_len == len && memcmp(n->name, name, len) == 0;
}

/* The length of the path component at p: up to the next '/' or the end.
 * A plain loop: components are a few bytes, where strcspn's set-up costs
 * more than the scan (some 1300 calls per xl create). */
static inline size_t xs_component_len(const char *p)
{
    const char *end = p;

    while (*end && *end != '/')
        end++;
    return (size_t)(end - p);
}

/* FNV-1a, a byte at a time: xs_name_hash, and the hashes of a path's
 * every prefix in one pass (xs_watch.c). */
#define XS_HASH_INIT 2166136261u
static inline uint32_t xs_hash_step(uint32_t h, char c)
{
    return (h ^ (unsigned char)c) * 16777619u;
}

uint32_t xs_name_hash(const char *name, size_t len);
/* n's kid of that name among n->kids, or NULL. */
struct xs_node *kid_find(struct xs_node *n, const char *name, size_t len);
/* After kid was appended to n->kids. */
void kid_index_add(struct xs_node *n, struct xs_node *kid);
/* After any other change to n->kids, and before n is freed. */
void kid_index_drop(struct xs_node *n);

/* ---- connections (xs_core.c) ---- */
struct xs_outmsg {
    struct xs_outmsg *next;
    size_t len, sent;
    char data[];
};

struct xs_watch {
    struct xs_watch *next;
    char *path;                 /* absolute, or @introduceDomain/@releaseDomain */
    size_t path_len;            /* kept: every change is matched against it */
    uint32_t path_hash;         /* xs_name_hash of path: the watch index's key */
    char *token;
    bool relative;              /* given relative to the domain's path */
};

struct xs_access {
    char *path;
    uint32_t hash;              /* of path: compared before the strings */
    uint64_t gen;               /* at first access; 0 if absent then */
    bool modified;
};

struct xs_tx {
    struct xs_tx *next;
    uint32_t id;
    struct xs_store *snap;      /* its own tree; NULL until it changes a node */
    struct xs_access *acc;
    unsigned int nacc, acc_cap;
};

struct xs_conn {
    struct xs_conn *next;       /* in xs_conns */
    unsigned int id;            /* the domain; 0 for dom0's socket clients */
    bool privileged;
    bool broken;                /* protocol error: served no more */
    char domain_path[XS_DOMAIN_PATH_MAX];
    struct xs_watch *watches;
    unsigned int nwatches;
    unsigned int node_watches;  /* of them, on nodes (not @introduceDomain...) */
    /* With many node watches (xenconsoled's, one per console): those
     * watches by path hash, open-addressed, NULL until a change needs it. */
    struct xs_watch **watch_index;
    unsigned int watch_index_cap;
    struct xs_conn *next_node_watcher;  /* while node_watches > 0 (xs_watch.c) */
    struct xs_tx *txs;
    unsigned int ntxs;
    uint32_t next_tx_id;
    struct xsd_sockmsg hdr;     /* the request being read */
    unsigned int hdr_got, body_got;
    char *body;
    struct xs_outmsg *out_head, *out_tail;
    size_t out_bytes;
    void *transport;            /* the socket transport's client, else NULL */
    bool output_noted;          /* on xs_output_noted */
    struct xs_conn *next_noted;
};

extern struct xs_store *xs_tree;
extern struct xs_conn *xs_conns;
/* Connections given a reply or event since a transport last took them
 * (xs_conn_take_noted), so a transport sends what is queued without
 * looking at every connection. */
extern struct xs_conn *xs_output_noted;

/* Sets up the initial tree; call once. */
void xs_core_init(void);
struct xs_conn *xs_conn_new(unsigned int domid, bool privileged);
void xs_conn_free(struct xs_conn *c);
/* Takes bytes from the client; false on a protocol error (c->broken). */
bool xs_conn_feed(struct xs_conn *c, const void *data, size_t len);
/* The next bytes to send (NULL when none); or up to max queued messages
 * as iovecs for one writev (how many); then how many bytes went out,
 * whole messages or not. */
const void *xs_conn_output(struct xs_conn *c, size_t *len);
struct iovec;
int xs_conn_output_iov(struct xs_conn *c, struct iovec *iov, int max);
void xs_conn_sent(struct xs_conn *c, size_t n);
/* The next noted connection (taken off the list), or NULL. */
struct xs_conn *xs_conn_take_noted(void);
void xs_conn_reply(struct xs_conn *c, uint32_t type, uint32_t req_id,
                   uint32_t tx_id, const void *data, size_t len);

/* Permission checks (xs_perms.c). */
unsigned int perm_for_conn(const struct xs_conn *c,
                           const struct xs_permissions *perms, unsigned int n);
bool xs_path_valid(const char *path);
/* Absolute form of a client's path in out; false if invalid. */
bool xs_path_canonical(const struct xs_conn *c, const char *path,
                       char *out, size_t size);
/* @introduceDomain and @releaseDomain: watchable, with permissions. */
struct xs_special {
    const char *path;
    struct xs_permissions *perms;
    unsigned int nperms;
};
/* "@releaseDomain/<domid>" (minixen's) shares @releaseDomain's entry. */
struct xs_special *xs_special_find(const char *path);
#define RELEASE_OF_ONE "@releaseDomain/"

/* ---- requests (xs_ops.c) ---- */
void xs_handle_request(struct xs_conn *c, const struct xsd_sockmsg *hdr,
                       const char *body);

/* ---- watches (xs_watch.c) ---- */
int watch_add(struct xs_conn *c, const char *path,
              const char *token, bool relative);
int watch_remove(struct xs_conn *c, const char *path, const char *token);
void watch_remove_all(struct xs_conn *c);
/* Events for path's watchers that may read it (perms: the node's, or NULL
 * for a special path); recurse: a removal, so watches below fire too. */
void watch_fire(const char *path, const struct xs_permissions *perms,
                unsigned int nperms, bool recurse);
void watch_send_initial(struct xs_conn *c, const struct xs_watch *w);
/* Events for the watches on exactly this special path (no parents). */
void watch_fire_exact(const char *path);

/* ---- transactions (xs_tx.c) ---- */
int tx_start(struct xs_conn *c, uint32_t *id);
struct xs_tx *tx_find(struct xs_conn *c, uint32_t id);
/* Gives t its own tree (copied lazily), before its first change. */
int tx_copy(struct xs_tx *t);
/* Records path's state before the transaction reads or changes it;
 * ENOSPC past QUOTA_TRANSACTION_NODES paths unless privileged. */
int tx_note(struct xs_tx *t, const char *path, bool modified, bool privileged);
int tx_end(struct xs_conn *c, struct xs_tx *t, bool commit);
void tx_abort_all(struct xs_conn *c);

/* ---- domains (xs_domain.c) ---- */
enum xs_domain_state { XS_DOM_RUNNING, XS_DOM_SHUTDOWN, XS_DOM_DYING, XS_DOM_GONE };

struct xs_domain_ops {
    /* The domain's store page, mapped read-write; NULL with errno. */
    void *(*map_ring)(unsigned int domid, unsigned long mfn);
    void (*unmap_ring)(void *ring);
    /* A local port bound to the domain's port; -errno. */
    int (*bind)(unsigned int domid, unsigned int port);
    void (*unbind)(int local_port);
    void (*notify)(int local_port);
    enum xs_domain_state (*state)(unsigned int domid);
    /* VIRQ_DOM_EXC's local port, or -errno (unbound with unbind). */
    int (*bind_dom_exc)(void);
    /* Optional: between snapshot(true) and snapshot(false), state() may
     * answer from one listing of every domain taken at the start. */
    void (*snapshot)(bool take);
};

struct xs_domain {
    struct xs_domain *next;
    unsigned int domid;
    unsigned long mfn;
    unsigned int remote_port;
    int local_port;
    bool shutdown_seen;
    bool left_requests;         /* domain_service stopped with more to read */
    struct xenstore_domain_interface *ring;
    struct xs_conn *conn;
};

extern const struct xs_domain_ops *xs_dom_ops;
extern struct xs_domain *xs_domains;
/* VIRQ_DOM_EXC's port while a domain is introduced, else -1. */
extern int xs_dom_exc_port;

int domain_introduce(unsigned int domid, unsigned long mfn, unsigned int port);
int domain_release(unsigned int domid);
struct xs_domain *domain_find(unsigned int domid);
struct xs_domain *domain_by_port(int local_port);
/* VIRQ_DOM_EXC: fires @releaseDomain for domains shut down or gone. */
void domain_check_states(void);
/* Moves bytes between the domain's ring and its connection; true if it
 * left requests in the ring for the next round. */
bool domain_service(struct xs_domain *d);

/* The ring itself (xs_ring.c): hostile indices are checked. */
int ring_read(struct xenstore_domain_interface *r, void *buf, size_t size);
int ring_write(struct xenstore_domain_interface *r, const void *buf, size_t len);

#endif /* MINIXEN_XENSTORED_H */
