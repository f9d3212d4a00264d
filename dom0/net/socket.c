/*
 * dom0/net/socket.c - the socket system calls that make, name and join
 * sockets (socket, socketpair, bind, listen, connect, accept, accept4,
 * getsockname, getpeername, shutdown), and a socket's open file.
 *
 * Only AF_UNIX stream sockets exist, so this is what Linux answers when
 * built without the other families: every other family is EAFNOSUPPORT,
 * and AF_UNIX's datagram and seqpacket types are ESOCKTNOSUPPORT.
 * Each socket has an inode of its own on sockfs (fstat: S_IFSOCK|0777,
 * owned by its creator); its file is O_RDWR, and read/write/poll/ioctl
 * go to the connection.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_net.h>
#include <linux/errno.h>
#include "../fs/vfs.h"
#include "socket.h"

#define SOCKFS_MAGIC        0x534f434b
#define SOCKET_FLAGS        (SOCK_CLOEXEC | SOCK_NONBLOCK)

static struct fs_super sockfs = { .name = "sockfs", .dev = 0x08, .magic = SOCKFS_MAGIC };

/* ---- the open file ---- */

static long sock_rw(struct file *f, uaddr_t buf, size_t n, bool writing)
{
    struct linux_iovec seg = { buf, n };
    struct msg_iter it;
    bool nonblock = f->flags & O_NONBLOCK;

    msg_iter_init(&it, &seg, 1);
    return writing ? unix_send(f->priv, &it, 0, nonblock)
                   : unix_recv(f->priv, &it, 0, nonblock);
}

static long sock_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)pos;
    return sock_rw(f, buf, n, false);
}

static long sock_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)pos;
    return sock_rw(f, buf, n, true);
}

/* SIOCINQ: bytes to read; SIOCOUTQ: bytes sent the peer has not read. */
static long sock_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    struct unix_sock *sk = f->priv;
    int amount;

    if (cmd == SIOCINQ && sk->state != UNIX_LISTENING)
        amount = (int)sk->rx.count;
    else if (cmd == SIOCOUTQ)
        amount = sk->peer ? (int)sk->peer->rx.count : 0;
    else
        return cmd == SIOCINQ ? -EINVAL : -ENOTTY;
    return copy_to_user(arg, &amount, sizeof(amount)) ? -EFAULT : 0;
}

static unsigned int sock_poll(struct file *f)
{
    return unix_poll(f->priv);
}

/* unix.c wakes a socket's wq whenever its poll mask may change. */
static struct waitq *sock_poll_queue(struct file *f)
{
    struct unix_sock *sk = f->priv;

    return &sk->wq;
}

static void sock_release(struct file *f)
{
    unix_release(f->priv);
}

static const struct file_ops sock_file_ops = {
    .read = sock_read, .write = sock_write, .ioctl = sock_ioctl,
    .poll = sock_poll, .poll_queue = sock_poll_queue, .release = sock_release,
};

static struct file *sock_file_new(struct unix_sock *sk, uint32_t flags)
{
    struct inode *ino = inode_new(&sockfs, S_IFSOCK | S_IRWXUGO);
    struct file *f;

    if (!ino)
        return NULL;
    ino->uid = current->euid;
    ino->gid = current->egid;
    f = file_new(ino, &sock_file_ops, O_RDWR | (flags & O_NONBLOCK));
    inode_put(ino);                 /* the file holds it now */
    if (f)
        f->priv = sk;
    return f;
}

/* A descriptor for sk, whose file owns it from here on (freed on failure too). */
static long sock_install(struct unix_sock *sk, uint32_t flags)
{
    struct file *f = sock_file_new(sk, flags);
    long fd;

    if (!f) {
        unix_release(sk);
        return -ENFILE;
    }
    fd = fd_install(f, (flags & SOCK_CLOEXEC) ? FD_CLOEXEC : 0);
    if (fd < 0)
        fput(f);
    return fd;
}

long sock_lookup(uint64_t fd, struct file **f, struct unix_sock **sk)
{
    if (!(*f = fget((int)fd)))
        return -EBADF;
    if ((*f)->ops != &sock_file_ops) {
        fput(*f);
        return -ENOTSOCK;
    }
    *sk = (*f)->priv;
    return 0;
}

bool sock_nonblocking(const struct file *f, int msg_flags)
{
    return (f->flags & O_NONBLOCK) || (msg_flags & MSG_DONTWAIT);
}

/* ---- addresses in and out ---- */

long sockaddr_copy_in(void *buf, uaddr_t uaddr, uint64_t len)
{
    int n = (int)len;

    if (n < 0 || n > LINUX_SOCKADDR_STORAGE)
        return -EINVAL;
    memset(buf, 0, LINUX_SOCKADDR_STORAGE);
    return n && copy_from_user(buf, uaddr, (size_t)n) ? -EFAULT : 0;
}

long sockaddr_copy_out(const struct unix_addr *a, uaddr_t uaddr, uaddr_t ulen)
{
    int len, full = (int)a->len;

    if (copy_from_user(&len, ulen, sizeof(len)))
        return -EFAULT;
    if (len > full)
        len = full;
    if (len < 0)
        return -EINVAL;
    if (len && copy_to_user(uaddr, a->bytes, (size_t)len))
        return -EFAULT;
    return copy_to_user(ulen, &full, sizeof(full)) ? -EFAULT : 0;
}

/* A caller's sockaddr, parsed: 0 or -errno. */
static long addr_fetch(uaddr_t uaddr, uint64_t len, bool for_bind, struct unix_addr *a)
{
    uint8_t buf[LINUX_SOCKADDR_STORAGE];
    long err = sockaddr_copy_in(buf, uaddr, len);

    return err ? err : unix_addr_parse(buf, (size_t)(int)len, for_bind, a);
}

/* ---- making sockets ---- */

/* Linux's checks, in its order: flags, family range, type range, family, protocol, type. */
static long socket_args(uint64_t family, uint64_t type, uint64_t protocol, uint32_t *flags)
{
    int fam = (int)family, kind = (int)type & SOCK_TYPE_MASK, proto = (int)protocol;

    *flags = (uint32_t)type & ~SOCK_TYPE_MASK;
    if (*flags & ~SOCKET_FLAGS)
        return -EINVAL;
    if (fam < 0 || fam >= LINUX_NPROTO)
        return -EAFNOSUPPORT;
    if (kind >= SOCK_MAX)
        return -EINVAL;
    if (fam != AF_UNIX)
        return -EAFNOSUPPORT;
    if (proto != 0 && proto != AF_UNIX)
        return -EPROTONOSUPPORT;
    return kind == SOCK_STREAM ? 0 : -ESOCKTNOSUPPORT;
}

long sys_socket(uint64_t family, uint64_t type, uint64_t protocol)
{
    uint32_t flags;
    long err = socket_args(family, type, protocol, &flags);
    struct unix_sock *sk;

    if (err)
        return err;
    if (!(sk = unix_new()))
        return -ENOMEM;
    return sock_install(sk, flags);
}

long sys_socketpair(uint64_t family, uint64_t type, uint64_t protocol, uaddr_t usv)
{
    struct unix_sock *a, *b;
    uint32_t flags;
    int fds[2];
    long err = socket_args(family, type, protocol, &flags);

    if (err)
        return err;
    a = unix_new();
    b = unix_new();
    if (!a || !b) {
        kfree(a);
        kfree(b);
        return -ENOMEM;
    }
    unix_pair(a, b);
    if ((fds[0] = (int)sock_install(a, flags)) < 0) {
        unix_release(b);
        return fds[0];
    }
    if ((fds[1] = (int)sock_install(b, flags)) < 0) {
        fd_close(fds[0]);
        return fds[1];
    }
    if (copy_to_user(usv, fds, sizeof(fds))) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* ---- naming, listening, connecting ---- */

long sys_bind(uint64_t fd, uaddr_t uaddr, uint64_t addrlen)
{
    struct unix_addr a;
    struct unix_sock *sk;
    struct file *f;
    long err = sock_lookup(fd, &f, &sk);

    if (err)
        return err;
    if (!(err = addr_fetch(uaddr, addrlen, true, &a)))
        err = unix_bind(sk, &a);
    fput(f);
    return err;
}

/* A call that takes the socket behind fd and one number (listen, shutdown). */
static long sock_call(uint64_t fd, long (*call)(struct unix_sock *, int), int arg)
{
    struct unix_sock *sk;
    struct file *f;
    long err = sock_lookup(fd, &f, &sk);

    if (err)
        return err;
    err = call(sk, arg);
    fput(f);
    return err;
}

long sys_listen(uint64_t fd, uint64_t backlog)
{
    return sock_call(fd, unix_listen, (int)backlog);
}

long sys_connect(uint64_t fd, uaddr_t uaddr, uint64_t addrlen)
{
    struct unix_addr a;
    struct unix_sock *sk;
    struct file *f;
    long err = sock_lookup(fd, &f, &sk);

    if (err)
        return err;
    if (!(err = addr_fetch(uaddr, addrlen, false, &a)))
        err = unix_connect(sk, &a, f->flags & O_NONBLOCK);
    fput(f);
    return err;
}

/* The new connection's descriptor; a fault on the address closes it, as Linux. */
long sys_accept4(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen, uint64_t flags)
{
    struct unix_sock *sk, *conn;
    struct file *f;
    long err, newfd;

    if ((uint32_t)flags & ~SOCKET_FLAGS)
        return -EINVAL;
    if ((err = sock_lookup(fd, &f, &sk)))
        return err;
    err = unix_accept(sk, f->flags & O_NONBLOCK, &conn);
    fput(f);
    if (err)
        return err;
    newfd = sock_install(conn, (uint32_t)flags);
    if (newfd >= 0 && uaddr && (err = sockaddr_copy_out(unix_peer_name(conn), uaddr, uaddrlen))) {
        fd_close((int)newfd);
        return err;
    }
    return newfd;
}

long sys_accept(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen)
{
    return sys_accept4(fd, uaddr, uaddrlen, 0);
}

static long name_of(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen, bool peer)
{
    struct unix_sock *sk;
    struct file *f;
    long err = sock_lookup(fd, &f, &sk);

    if (err)
        return err;
    if (peer && sk->state != UNIX_CONNECTED)
        err = -ENOTCONN;
    else
        err = sockaddr_copy_out(peer ? unix_peer_name(sk) : &sk->addr, uaddr, uaddrlen);
    fput(f);
    return err;
}

long sys_getsockname(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen)
{
    return name_of(fd, uaddr, uaddrlen, false);
}

long sys_getpeername(uint64_t fd, uaddr_t uaddr, uaddr_t uaddrlen)
{
    return name_of(fd, uaddr, uaddrlen, true);
}

long sys_shutdown(uint64_t fd, uint64_t how)
{
    return sock_call(fd, unix_shutdown, (int)how);
}
