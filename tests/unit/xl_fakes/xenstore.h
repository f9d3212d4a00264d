/*
 * tests/unit/xl_fakes/xenstore.h - the libxenstore calls xl makes, with
 * Xen's names and signatures, for test_xl_toolstack.c: fake_xl_libs.c
 * keeps the store as a flat table of nodes.
 */
#ifndef XL_FAKES_XENSTORE_H
#define XL_FAKES_XENSTORE_H

#include <stdbool.h>
#include <stdint.h>

#define XS_DEFAULT_SOCKET "/run/xenstored/socket"
#define XBT_NULL 0
#define XS_WATCH_PATH  0
#define XS_WATCH_TOKEN 1
typedef uint32_t xs_transaction_t;

enum xs_perm_type {
    XS_PERM_NONE = 0,
    XS_PERM_READ = 1,
    XS_PERM_WRITE = 2,
};

struct xs_permissions {
    unsigned int id;
    enum xs_perm_type perms;
};

struct xs_handle;

struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *h);
void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len);
bool xs_read_batch(struct xs_handle *h, xs_transaction_t t,
                   const char *const *paths, unsigned int n, char **values,
                   unsigned int *lens);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms);
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
bool xs_batch_start(struct xs_handle *h);
bool xs_batch_end(struct xs_handle *h);
xs_transaction_t xs_transaction_start(struct xs_handle *h);
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);
bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);

#endif /* XL_FAKES_XENSTORE_H */
