/*
 * tools/lib/xenstore.h - a client library for xenstored with Xen's
 * libxenstore names and signatures (Xen 4.17's xenstore.h and
 * xenstore_lib.h), so programs written against Xen's library build
 * against this one.
 *
 * A handle is a connection to xenstored's Unix socket
 * (/run/xenstored/socket, or $XENSTORED_PATH).  Calls block until the
 * reply; on failure they return false/NULL with errno set to the error
 * xenstored sent.  Results are malloc'ed; the caller frees them.
 */
#ifndef MINIXEN_TOOLS_XENSTORE_H
#define MINIXEN_TOOLS_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

#define XS_DEFAULT_SOCKET   "/run/xenstored/socket"
#define XS_SOCKET_ENV       "XENSTORED_PATH"

#define XBT_NULL 0
typedef uint32_t xs_transaction_t;

/* xs_open flags (Xen's values). */
#define XS_OPEN_READONLY    (1UL << 0)
#define XS_OPEN_SOCKETONLY  (1UL << 1)

/* A node's permission bits (Xen's xs_perm_type). */
enum xs_perm_type {
    XS_PERM_NONE = 0,
    XS_PERM_READ = 1,
    XS_PERM_WRITE = 2,
    XS_PERM_ENOENT_OK = 4,   /* xenstored internal */
    XS_PERM_OWNER = 8,       /* xenstored internal */
};

struct xs_permissions {
    unsigned int id;
    enum xs_perm_type perms;
};

/* Longest "b65535" a permission string can be, with its NUL. */
#define XS_PERM_STRING_MAX  12

struct xs_handle;

struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *h);
/*
 * The connection's descriptor, readable when the daemon has sent
 * something.  Events that arrived during another call, or in the same
 * read as an earlier message, are already taken in and do not make it
 * readable: before each poll() call xs_check_watch until it returns NULL.
 */
int xs_fileno(struct xs_handle *h);

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len);
/*
 * minixen's, not Xen's: xs_read of paths[0..n), all requests sent before
 * the first reply is awaited, so the n reads cost one round trip.
 * values[i] is the value (lens[i] bytes) or NULL with that read's error
 * unknown; false with errno (every values[i] NULL) if the connection
 * failed or a reply was not one of the batch's, or EINVAL inside an
 * xs_batch_start/xs_batch_end batch.
 */
bool xs_read_batch(struct xs_handle *h, xs_transaction_t t,
                   const char *const *paths, unsigned int n, char **values,
                   unsigned int *lens);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/* The children's names: one allocation, *num entries. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num);
struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path, unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/* Blocks for the next event: vec[XS_WATCH_PATH], vec[XS_WATCH_TOKEN]. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/* The next event if one is there now, else NULL with errno EAGAIN. */
char **xs_check_watch(struct xs_handle *h);

/*
 * minixen's own, not Xen's: between xs_batch_start and xs_batch_end,
 * xs_write, xs_mkdir, xs_rm and xs_set_permissions only queue their
 * request and return true (other calls fail with EINVAL); xs_batch_end
 * sends them at once, reads every reply, and is false with the errno of
 * the first refusal.  One round trip for many changes (xl's domain tree).
 */
bool xs_batch_start(struct xs_handle *h);
bool xs_batch_end(struct xs_handle *h);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* false with errno EAGAIN: a conflict, start again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);

/* ---- xenstore_lib.h: shared with xenstored ---- */

/* "r1" and friends into perms[0..num); false with errno EINVAL. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);
/* One permission as "r1"; false with errno EINVAL/E2BIG. */
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len);
/* NUL-terminated strings in strings[0..len). */
unsigned int xs_count_strings(const char *strings, unsigned int len);

/* Error names of the wire ("ENOENT") to errno and back; EINVAL if unknown. */
int xs_errno_from_name(const char *name);
const char *xs_errno_name(int err);

#endif /* MINIXEN_TOOLS_XENSTORE_H */
