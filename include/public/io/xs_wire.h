/*
 * include/public/io/xs_wire.h - the xenstore wire protocol (Xen 4.17's
 * xen/include/public/io/xs_wire.h): message header and types, the error
 * names a reply carries, the limits, and the shared ring page through
 * which a domain talks to xenstored.  dom0's tools speak the same
 * messages over xenstored's Unix socket.
 *
 * Numbers and layouts are Xen's, pinned by check_xs_wire.c; the same for
 * 32- and 64-bit domains (only 32-bit fields).
 */
#ifndef MINIXEN_PUBLIC_IO_XS_WIRE_H
#define MINIXEN_PUBLIC_IO_XS_WIRE_H

/* Message types (xsd_sockmsg.type). */
#define XS_CONTROL               0
#define XS_DEBUG                 XS_CONTROL  /* the old name of 0 */
#define XS_DIRECTORY             1
#define XS_READ                  2
#define XS_GET_PERMS             3
#define XS_WATCH                 4
#define XS_UNWATCH               5
#define XS_TRANSACTION_START     6
#define XS_TRANSACTION_END       7
#define XS_INTRODUCE             8
#define XS_RELEASE               9
#define XS_GET_DOMAIN_PATH       10
#define XS_WRITE                 11
#define XS_MKDIR                 12
#define XS_RM                    13
#define XS_SET_PERMS             14
#define XS_WATCH_EVENT           15
#define XS_ERROR                 16
#define XS_IS_DOMAIN_INTRODUCED  17
#define XS_RESUME                18
#define XS_SET_TARGET            19
#define XS_RESTRICT              20  /* dropped from Xen, number kept */
#define XS_RESET_WATCHES         21
#define XS_DIRECTORY_PART        22
#define XS_INVALID               0xffff

/* Xen's watch event payload: the path first, then the token. */
#define XS_WATCH_PATH            0
#define XS_WATCH_TOKEN           1

/*
 * Errors travel as the errno's name ("ENOENT"), in this order (a reader
 * that knows no name takes EINVAL, the first).  X(name) for each; the
 * user supplies <errno.h>.
 */
#define XS_ERROR_LIST(X) \
    X(EINVAL) X(EACCES) X(EEXIST) X(EISDIR) X(ENOENT) X(ENOMEM) X(ENOSPC) \
    X(EIO) X(ENOTEMPTY) X(ENOSYS) X(EROFS) X(EBUSY) X(EAGAIN) X(EISCONN) \
    X(E2BIG) X(EPERM)

/* Violating the payload bound is a protocol error: the connection ends. */
#define XENSTORE_PAYLOAD_MAX     4096
/* Longer paths just get EINVAL. */
#define XENSTORE_ABS_PATH_MAX    3072
#define XENSTORE_REL_PATH_MAX    2048

/* The ring page: requests from the domain, replies and watch events back. */
#define XENSTORE_RING_SIZE       1024
#define MASK_XENSTORE_IDX(idx)   ((idx) & (XENSTORE_RING_SIZE - 1))

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

/* connection values. */
#define XENSTORE_CONNECTED       0
#define XENSTORE_RECONNECT       1

/* error values, set by the server before it stops serving a ring. */
#define XENSTORE_ERROR_NONE      0
#define XENSTORE_ERROR_COMM      1
#define XENSTORE_ERROR_RINGIDX   2
#define XENSTORE_ERROR_PROTO     3

#ifndef __ASSEMBLER__
#include <stdint.h>

struct xsd_sockmsg {
    uint32_t type;    /* XS_* */
    uint32_t req_id;  /* echoed in the reply */
    uint32_t tx_id;   /* transaction, 0 for none */
    uint32_t len;     /* payload bytes after the header */
};

typedef uint32_t XENSTORE_RING_IDX;

/* Indices run freely; MASK_XENSTORE_IDX picks the byte. */
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];
    char rsp[XENSTORE_RING_SIZE];
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;
    uint32_t connection;
    uint32_t error;
};
#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_IO_XS_WIRE_H */
