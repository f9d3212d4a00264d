/*
 * dom0/net/unix.c - AF_UNIX stream connections, with Linux's rules
 * (net/unix/af_unix.c) for what each call sees:
 *
 *  - connect fails with ECONNREFUSED unless the name leads to a
 *    listening socket; with the listener's queue holding more than its
 *    backlog it waits, or gives EAGAIN without blocking;
 *  - reads return what is queued (at least one byte, all asked for
 *    with MSG_WAITALL), 0 once the peer has shut down or closed, and
 *    ECONNRESET once if the peer closed with bytes of ours unread;
 *  - writes go in as room allows, waiting for more; once the peer is
 *    gone or has shut down, EPIPE and SIGPIPE (unless MSG_NOSIGNAL);
 *  - a wait ends with EAGAIN when its SO_RCVTIMEO/SO_SNDTIMEO passes;
 *    a signal ends it with ERESTARTSYS (so SA_RESTART restarts it), or
 *    EINTR if it had a timeout; with bytes already moved, their count.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <linux/errno.h>
#include "unix.h"

#define LINUX_SIGPIPE       13

/* ---- waiting, with Linux's timeo ---- */

/* How long one call may wait: not at all, for ever (deadline 0), or until deadline. */
struct sock_wait {
    bool no_wait;
    uint64_t deadline;
};

static struct sock_wait wait_rules(bool nonblock, uint64_t timeout_ns, bool timeout_none)
{
    struct sock_wait w = { .no_wait = nonblock || timeout_none };

    if (timeout_ns)
        w.deadline = monotonic_ns() + timeout_ns;
    return w;
}

static struct sock_wait rcv_wait_rules(const struct unix_sock *sk, bool nonblock)
{
    return wait_rules(nonblock, sk->timeouts.rcv_ns, sk->timeouts.rcv_none);
}

static struct sock_wait snd_wait_rules(const struct unix_sock *sk, bool nonblock)
{
    return wait_rules(nonblock, sk->timeouts.snd_ns, sk->timeouts.snd_none);
}

/* 0 when woken; -EAGAIN when it may not wait or its time is up; else a signal's errno. */
static long sock_sleep(struct waitq *q, const struct sock_wait *w)
{
    long err;

    if (w->no_wait)
        return -EAGAIN;
    err = waitq_sleep_until(q, w->deadline);
    if (err == -ETIMEDOUT)
        return -EAGAIN;
    if (err)
        return w->deadline ? -EINTR : -ERESTARTSYS;
    return 0;
}

/* ---- life and death ---- */

/* The peer's name now, or as it was once the peer is gone (Linux keeps the peer). */
const struct unix_addr *unix_peer_name(const struct unix_sock *sk)
{
    return sk->peer ? &sk->peer->addr : &sk->peer_addr;
}

struct linux_ucred unix_current_cred(void)
{
    struct linux_ucred c = { current->pid, current->euid, current->egid };

    return c;
}

/* An unbound socket's name: the family alone. */
static void addr_set_unbound(struct unix_addr *a)
{
    uint16_t family = AF_UNIX;

    memset(a, 0, sizeof(*a));
    memcpy(a->bytes, &family, sizeof(family));
    a->len = UNIX_ADDR_UNBOUND;
}

struct unix_sock *unix_new(void)
{
    struct unix_sock *sk = kzalloc(sizeof(*sk));

    if (!sk)
        return NULL;
    addr_set_unbound(&sk->addr);
    addr_set_unbound(&sk->peer_addr);
    sk->peercred = (struct linux_ucred){ 0, (uint32_t)-1, (uint32_t)-1 };
    return sk;
}

static void queue_append(struct unix_sock *listener, struct unix_sock *embryo)
{
    if (listener->queue_last)
        listener->queue_last->queue_next = embryo;
    else
        listener->queue_first = embryo;
    listener->queue_last = embryo;
    listener->queued++;
}

static struct unix_sock *queue_pop(struct unix_sock *listener)
{
    struct unix_sock *embryo = listener->queue_first;

    listener->queue_first = embryo->queue_next;
    if (!listener->queue_first)
        listener->queue_last = NULL;
    embryo->queue_next = NULL;
    listener->queued--;
    return embryo;
}

/* The peer sees EOF, EPIPE on writes, and ECONNRESET if we left its bytes unread. */
static void disconnect(struct unix_sock *sk)
{
    struct unix_sock *peer = sk->peer;

    peer->peer = NULL;
    peer->shutdown = SHUTDOWN_BOTH;
    if (sk->rx.count || sk->embryo)
        peer->err = ECONNRESET;
    waitq_wake(&peer->wq);
}

/* The last reference is gone (the file's, or a dying listener's for an embryo). */
void unix_release(struct unix_sock *sk)
{
    while (sk->queue_first)
        unix_release(queue_pop(sk));
    unix_unbind(sk);
    if (sk->peer)
        disconnect(sk);
    waitq_wake(&sk->wq);
    sock_buf_release(&sk->rx);
    kfree(sk);
}

/* ---- making connections ---- */

static void join(struct unix_sock *a, struct unix_sock *b)
{
    a->state = b->state = UNIX_CONNECTED;
    a->peer = b;
    b->peer = a;
}

void unix_pair(struct unix_sock *a, struct unix_sock *b)
{
    join(a, b);
    a->peercred = b->peercred = unix_current_cred();
}

long unix_listen(struct unix_sock *sk, int backlog)
{
    if (sk->addr.len == UNIX_ADDR_UNBOUND || sk->state == UNIX_CONNECTED)
        return -EINVAL;
    if ((unsigned int)backlog > SOMAXCONN)
        backlog = SOMAXCONN;
    sk->backlog = (unsigned int)backlog;
    sk->state = UNIX_LISTENING;
    sk->peercred = unix_current_cred();     /* what connecting clients see */
    waitq_wake(&sk->wq);                    /* a larger backlog may let some in */
    return 0;
}

/* Linux's unix_recvq_full: a backlog of n lets n + 1 wait. */
static bool backlog_full(const struct unix_sock *listener)
{
    return listener->queued > listener->backlog;
}

static long connect_state_check(const struct unix_sock *sk)
{
    if (sk->state == UNIX_CONNECTED)
        return -EISCONN;
    return sk->state == UNIX_LISTENING ? -EINVAL : 0;
}

static long connect_to(struct unix_sock *sk, struct unix_sock *listener)
{
    struct unix_sock *server = unix_new();

    if (!server)
        return -ENOMEM;
    join(sk, server);
    server->embryo = true;
    server->addr = listener->addr;
    server->peer_addr = sk->addr;
    server->peercred = unix_current_cred();
    sk->peer_addr = listener->addr;
    sk->peercred = listener->peercred;
    queue_append(listener, server);
    waitq_wake(&listener->wq);
    return 0;
}

/* SO_PASSCRED names an unbound client before it connects, as Linux. */
static long autobind_for_credentials(struct unix_sock *sk)
{
    struct unix_addr any = { .len = UNIX_ADDR_UNBOUND };

    if (!(sk->flag_opts & (1u << SO_PASSCRED)) || sk->addr.len != UNIX_ADDR_UNBOUND)
        return 0;
    memcpy(any.bytes, sk->addr.bytes, UNIX_ADDR_UNBOUND);
    return unix_bind(sk, &any);
}

/* The checks come in Linux's order: the listener's, its queue, then ours. */
long unix_connect(struct unix_sock *sk, const struct unix_addr *to, bool nonblock)
{
    struct sock_wait w = snd_wait_rules(sk, nonblock);
    struct unix_sock *listener;
    long err = autobind_for_credentials(sk);

    if (err)
        return err;
    for (;;) {
        if ((err = unix_find(to, &listener)))
            return err;
        if (listener->state != UNIX_LISTENING || (listener->shutdown & RCV_SHUTDOWN))
            return -ECONNREFUSED;
        if (!backlog_full(listener))
            break;
        if ((err = sock_sleep(&listener->wq, &w)))
            return err;
    }
    if ((err = connect_state_check(sk)))
        return err;
    return connect_to(sk, listener);
}

long unix_accept(struct unix_sock *sk, bool nonblock, struct unix_sock **out)
{
    struct sock_wait w = rcv_wait_rules(sk, nonblock);
    long err;

    if (sk->state != UNIX_LISTENING)
        return -EINVAL;
    while (!sk->queue_first) {
        if (sk->shutdown & RCV_SHUTDOWN)
            return -EINVAL;
        if ((err = sock_sleep(&sk->wq, &w)))
            return err;
    }
    *out = queue_pop(sk);
    (*out)->embryo = false;
    waitq_wake(&sk->wq);                    /* room for a waiting client */
    return 0;
}

/* ---- moving bytes ---- */

/* Linux's unix_writable threshold: at most a quarter of the buffer in flight. */
static bool below_quarter(const struct sock_buf *b)
{
    return b->count * 4 <= SOCK_BUF_CAPACITY;
}

static long broken_pipe(int flags)
{
    if (!(flags & MSG_NOSIGNAL))
        signal_send(current, LINUX_SIGPIPE);
    return -EPIPE;
}

/* As much of the rest of it as fits in b: bytes moved, or -errno if none. */
static long fill_from_iter(struct sock_buf *b, struct msg_iter *it)
{
    size_t moved = 0;
    uaddr_t src;
    size_t span;
    long n = 0;

    while (sock_buf_room(b) && (span = msg_iter_span(it, &src))) {
        n = sock_buf_fill(b, src, span);
        if (n <= 0)
            break;
        msg_iter_advance(it, (size_t)n);
        moved += (size_t)n;
    }
    return moved ? (long)moved : n;
}

static bool can_send(const struct unix_sock *sk)
{
    return !(sk->shutdown & SEND_SHUTDOWN) && sk->peer &&
           !(sk->peer->shutdown & RCV_SHUTDOWN);
}

long unix_send(struct unix_sock *sk, struct msg_iter *it, int flags, bool nonblock)
{
    struct sock_wait w = snd_wait_rules(sk, nonblock);
    long n;

    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (sk->state != UNIX_CONNECTED)
        return -ENOTCONN;
    if (sk->shutdown & SEND_SHUTDOWN)
        return broken_pipe(flags);
    while (it->done < it->total) {
        if (!can_send(sk))
            return it->done ? (long)it->done : broken_pipe(flags);
        if (!sock_buf_room(&sk->peer->rx)) {
            if ((n = sock_sleep(&sk->wq, &w)))
                return it->done ? (long)it->done : n;
            continue;
        }
        n = fill_from_iter(&sk->peer->rx, it);
        waitq_wake(&sk->peer->wq);
        if (n < 0)
            return it->done ? (long)it->done : n;
    }
    return (long)it->done;
}

/*
 * Copies what is queued into the rest of it, consuming it; a peek leaves
 * it queued and so starts past what this call has already copied.
 */
static long drain_to_iter(struct unix_sock *sk, struct msg_iter *it, bool peek)
{
    bool peer_was_blocked = !below_quarter(&sk->rx);
    size_t start = it->done;
    uaddr_t dst;
    size_t span;
    long n = 0;

    while ((span = msg_iter_span(it, &dst))) {
        n = sock_buf_copy(&sk->rx, peek ? it->done : 0, dst, span);
        if (n <= 0)
            break;
        if (!peek)
            sock_buf_consume(&sk->rx, (size_t)n);
        msg_iter_advance(it, (size_t)n);
    }
    /*
     * Only a writer that found no room, or a poller waiting for POLLOUT
     * (a quarter full or less), waits for this; wake nobody else (the
     * peer may be sleeping in a read, for our answer).
     */
    if (it->done > start && !peek && sk->peer && peer_was_blocked)
        waitq_wake(&sk->peer->wq);
    return it->done > start ? (long)(it->done - start) : n;
}

/* Nothing (more) to read: 0 to look again, 1 at end of file, or -errno. */
static long recv_wait(struct unix_sock *sk, const struct sock_wait *w)
{
    if (sk->err) {
        long err = -sk->err;
        sk->err = 0;
        return err;
    }
    if (sk->shutdown & RCV_SHUTDOWN)
        return 1;
    return sock_sleep(&sk->wq, w);
}

long unix_recv(struct unix_sock *sk, struct msg_iter *it, int flags, bool nonblock)
{
    struct sock_wait w = rcv_wait_rules(sk, nonblock);
    bool peek = flags & MSG_PEEK;
    size_t target = (flags & MSG_WAITALL) ? it->total : MIN(it->total, (size_t)1);
    long n;

    if (flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (sk->state != UNIX_CONNECTED)
        return -EINVAL;
    for (;;) {
        if ((n = drain_to_iter(sk, it, peek)) < 0)
            return it->done ? (long)it->done : n;
        if (it->done >= target)
            return (long)it->done;
        if ((n = recv_wait(sk, &w)))
            return it->done ? (long)it->done : (n > 0 ? 0 : n);
    }
}

long unix_shutdown(struct unix_sock *sk, int how)
{
    uint8_t mode, peer_mode = 0;

    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    mode = (uint8_t)(how + 1);              /* SHUT_RD..RDWR to the bits */
    sk->shutdown |= mode;
    if (sk->peer) {
        if (mode & RCV_SHUTDOWN)
            peer_mode |= SEND_SHUTDOWN;
        if (mode & SEND_SHUTDOWN)
            peer_mode |= RCV_SHUTDOWN;
        sk->peer->shutdown |= peer_mode;
        waitq_wake(&sk->peer->wq);
    }
    waitq_wake(&sk->wq);
    return 0;
}

/* Linux's unix_writable: not listening, and a quarter of the buffer or less in flight. */
static bool writable(const struct unix_sock *sk)
{
    if (sk->state == UNIX_LISTENING)
        return false;
    return !sk->peer || below_quarter(&sk->peer->rx);
}

unsigned int unix_poll(const struct unix_sock *sk)
{
    unsigned int mask = 0;

    if (sk->err)
        mask |= POLLERR;
    if (sk->shutdown == SHUTDOWN_BOTH)
        mask |= POLLHUP;
    if (sk->shutdown & RCV_SHUTDOWN)
        mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    if (sk->rx.count || sk->queue_first)
        mask |= POLLIN | POLLRDNORM;
    if (sk->state == UNIX_UNCONNECTED)
        mask |= POLLHUP;
    if (writable(sk))
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return mask;
}
