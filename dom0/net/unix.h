/*
 * dom0/net/unix.h - AF_UNIX stream sockets, the part that knows nothing
 * of descriptors: names (unix_addr.c) and connections (unix.c).
 *
 * The states are Linux's for a stream socket: unconnected (TCP_CLOSE),
 * listening, connected.  connect() makes the server's end at once (an
 * "embryo" on the listener's queue, as Linux does), so a client may
 * write before the server accepts.  The bytes one end writes wait in
 * the other end's rx buffer.  The kernel is not preemptive, so nothing
 * here needs a lock; a sleeper re-reads every pointer when it wakes,
 * since the socket it waited for may be gone.
 */
#ifndef DOM0_NET_UNIX_H
#define DOM0_NET_UNIX_H

#include <kernel/types.h>
#include <kernel/wait.h>
#include <linux/fs.h>
#include <linux/socket.h>
#include "sock_buf.h"
#include "msg_iter.h"

struct inode;

/* sizeof(sun_family): the length of the address of an unbound socket. */
#define UNIX_ADDR_UNBOUND   2

/*
 * A socket's name as a sockaddr_un image and the length getsockname
 * reports: a path's includes its NUL (even past a full 108-byte
 * sun_path, as Linux's), an abstract name's (sun_path[0] == 0) is
 * exactly the bytes given.
 */
struct unix_addr {
    uint32_t len;
    uint8_t bytes[LINUX_SOCKADDR_STORAGE];
};

static inline const char *unix_addr_path(const struct unix_addr *a)
{
    return (const char *)a->bytes + UNIX_ADDR_UNBOUND;
}

static inline bool unix_addr_is_abstract(const struct unix_addr *a)
{
    return a->len > UNIX_ADDR_UNBOUND && a->bytes[UNIX_ADDR_UNBOUND] == 0;
}

enum unix_state { UNIX_UNCONNECTED, UNIX_LISTENING, UNIX_CONNECTED };

/* sk_shutdown's bits, as Linux's. */
#define RCV_SHUTDOWN        1
#define SEND_SHUTDOWN       2
#define SHUTDOWN_BOTH       (RCV_SHUTDOWN | SEND_SHUTDOWN)

struct unix_sock {
    enum unix_state state;
    struct unix_sock *peer;         /* NULL before connect and once the peer is gone */
    struct sock_buf rx;             /* what the peer wrote, unread */
    uint8_t shutdown;
    int err;                        /* SO_ERROR, a positive errno */
    bool embryo;                    /* a server end not accepted yet */
    uint32_t flag_opts;             /* the boolean SOL_SOCKET options set */
    struct sock_timeouts {
        uint64_t rcv_ns, snd_ns;    /* SO_RCVTIMEO, SO_SNDTIMEO: 0 waits for ever */
        bool rcv_none, snd_none;    /* a negative timeout: never wait */
    } timeouts;
    struct unix_addr addr;
    struct unix_addr peer_addr;     /* the peer's at connect, for after it is gone */
    struct linux_ucred peercred;    /* the peer's at connect; a listener's own */
    struct waitq wq;                /* everyone waiting on this socket */

    struct inode *name_inode;       /* bound to a path: its inode, referenced */
    struct unix_sock *abstract_next;
    bool abstract_bound;

    struct unix_sock *queue_first, *queue_last, *queue_next;  /* embryos */
    unsigned int queued, backlog;
};

/* ---- unix_addr.c ---- */
/*
 * A sockaddr_un copied from the caller (len bytes at sa): 0 and the
 * name, or -EINVAL.  For bind, len == 2 asks for an autobound name.
 */
long unix_addr_parse(const void *sa, size_t len, bool for_bind, struct unix_addr *out);
long unix_bind(struct unix_sock *sk, const struct unix_addr *a);
void unix_unbind(struct unix_sock *sk);
/* The socket bound to a: 0, -ENOENT/-EACCES..., or -ECONNREFUSED (none). */
long unix_find(const struct unix_addr *a, struct unix_sock **out);

/* ---- unix.c ---- */
struct unix_sock *unix_new(void);
void unix_release(struct unix_sock *sk);
void unix_pair(struct unix_sock *a, struct unix_sock *b);
long unix_listen(struct unix_sock *sk, int backlog);
long unix_connect(struct unix_sock *sk, const struct unix_addr *to, bool nonblock);
long unix_accept(struct unix_sock *sk, bool nonblock, struct unix_sock **out);
long unix_send(struct unix_sock *sk, struct msg_iter *it, int flags, bool nonblock);
long unix_recv(struct unix_sock *sk, struct msg_iter *it, int flags, bool nonblock);
long unix_shutdown(struct unix_sock *sk, int how);
unsigned int unix_poll(const struct unix_sock *sk);
struct linux_ucred unix_current_cred(void);
const struct unix_addr *unix_peer_name(const struct unix_sock *sk);

#endif /* DOM0_NET_UNIX_H */
