/*
 * dom0/net/sockmsg.c - sendto, recvfrom, sendmsg and recvmsg on AF_UNIX
 * stream sockets.
 *
 * A stream socket is connected, so a destination address is EISCONN
 * (EOPNOTSUPP before connect), as Linux's.  Control messages (SCM_RIGHTS,
 * SCM_CREDENTIALS) are not carried: sendmsg with any is EOPNOTSUPP, and
 * recvmsg returns none (msg_controllen 0).  The sender's name comes back
 * only with data from a bound sender, else msg_namelen is 0.
 */
#include <kernel/kernel.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_net.h>
#include <linux/errno.h>
#include "../fs/vfs.h"
#include "socket.h"

/* Who sent what recv got: the peer if bound and data came, else nobody (length 0). */
static const struct unix_addr *sender_of(const struct unix_sock *sk, long got)
{
    static const struct unix_addr nobody;

    if (got > 0 && unix_peer_name(sk)->len > UNIX_ADDR_UNBOUND)
        return unix_peer_name(sk);
    return &nobody;
}

static long send_iter(struct file *f, struct unix_sock *sk, struct msg_iter *it,
                      int flags, bool named)
{
    if (named && !(flags & MSG_OOB))
        return sk->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
    return unix_send(sk, it, flags, sock_nonblocking(f, flags));
}

long sys_sendto(uint64_t fd, uaddr_t buf, uint64_t len, uint64_t flags, uaddr_t uaddr,
                uint64_t addrlen)
{
    struct linux_iovec seg = { buf, MIN(len, (uint64_t)LINUX_MAX_RW_COUNT) };
    uint8_t name[LINUX_SOCKADDR_STORAGE];
    struct msg_iter it;
    struct unix_sock *sk;
    struct file *f;
    long ret = sock_lookup(fd, &f, &sk);

    if (ret)
        return ret;
    msg_iter_init(&it, &seg, 1);
    if (!uaddr || !(ret = sockaddr_copy_in(name, uaddr, addrlen)))
        ret = send_iter(f, sk, &it, (int)flags, uaddr && (int)addrlen);
    fput(f);
    return ret;
}

long sys_recvfrom(uint64_t fd, uaddr_t buf, uint64_t len, uint64_t flags, uaddr_t uaddr,
                  uaddr_t uaddrlen)
{
    struct linux_iovec seg = { buf, MIN(len, (uint64_t)LINUX_MAX_RW_COUNT) };
    struct msg_iter it;
    struct unix_sock *sk;
    struct file *f;
    long ret = sock_lookup(fd, &f, &sk), err;

    if (ret)
        return ret;
    msg_iter_init(&it, &seg, 1);
    ret = unix_recv(sk, &it, (int)flags, sock_nonblocking(f, (int)flags));
    if (ret >= 0 && uaddr && (err = sockaddr_copy_out(sender_of(sk, ret), uaddr, uaddrlen)))
        ret = err;
    fput(f);
    return ret;
}

/* The header and its segments, checked as Linux's __copy_msghdr does. */
static long msghdr_fetch(uaddr_t umsg, struct linux_msghdr *m, struct linux_iovec **iov)
{
    long err;

    if (copy_from_user(m, umsg, sizeof(*m)))
        return -EFAULT;
    if (!m->msg_name)
        m->msg_namelen = 0;
    if (m->msg_namelen < 0)
        return -EINVAL;
    if (m->msg_iovlen > LINUX_UIO_MAXIOV)
        return -EMSGSIZE;
    *iov = iov_fetch(m->msg_iov, m->msg_iovlen, &err);
    return *iov ? 0 : err;
}

static long sendmsg_checked(struct file *f, struct unix_sock *sk,
                            const struct linux_msghdr *m, struct msg_iter *it, int flags)
{
    uint8_t name[LINUX_SOCKADDR_STORAGE];
    long err;

    if (m->msg_namelen &&
        (err = sockaddr_copy_in(name, m->msg_name,
                                MIN(m->msg_namelen, LINUX_SOCKADDR_STORAGE))))
        return err;
    if (m->msg_controllen)
        return -EOPNOTSUPP;
    return send_iter(f, sk, it, flags, m->msg_namelen != 0);
}

long sys_sendmsg(uint64_t fd, uaddr_t umsg, uint64_t flags)
{
    struct linux_msghdr m;
    struct linux_iovec *iov;
    struct msg_iter it;
    struct unix_sock *sk;
    struct file *f;
    long ret = sock_lookup(fd, &f, &sk);

    if (ret)
        return ret;
    if (!(ret = msghdr_fetch(umsg, &m, &iov))) {
        msg_iter_init(&it, iov, m.msg_iovlen);
        ret = sendmsg_checked(f, sk, &m, &it, (int)flags);
        kfree(iov);
    }
    fput(f);
    return ret;
}

/* What recvmsg hands back besides the data: the sender's name, no control, no flags. */
static long recvmsg_results(uaddr_t umsg, const struct linux_msghdr *m,
                            const struct unix_addr *from)
{
    uint64_t no_control = 0;
    int32_t no_flags = 0;
    long err = 0;

    if (m->msg_name)
        err = sockaddr_copy_out(from, m->msg_name,
                                umsg + offsetof(struct linux_msghdr, msg_namelen));
    if (!err && (copy_to_user(umsg + offsetof(struct linux_msghdr, msg_controllen),
                              &no_control, sizeof(no_control)) ||
                 copy_to_user(umsg + offsetof(struct linux_msghdr, msg_flags),
                              &no_flags, sizeof(no_flags))))
        err = -EFAULT;
    return err;
}

long sys_recvmsg(uint64_t fd, uaddr_t umsg, uint64_t flags)
{
    struct linux_msghdr m;
    struct linux_iovec *iov;
    struct msg_iter it;
    struct unix_sock *sk;
    struct file *f;
    long ret = sock_lookup(fd, &f, &sk), err;

    if (ret)
        return ret;
    if (!(ret = msghdr_fetch(umsg, &m, &iov))) {
        msg_iter_init(&it, iov, m.msg_iovlen);
        ret = unix_recv(sk, &it, (int)flags, sock_nonblocking(f, (int)flags));
        if (ret >= 0 && (err = recvmsg_results(umsg, &m, sender_of(sk, ret))))
            ret = err;
        kfree(iov);
    }
    fput(f);
    return ret;
}
