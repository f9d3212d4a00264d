/*
 * dom0/net/sockopt.c - getsockopt and setsockopt at SOL_SOCKET, the only
 * level an AF_UNIX socket has (others are EOPNOTSUPP, as Linux's).
 *
 * Readable: SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN, SO_ERROR
 * (which clears it), SO_PEERCRED, SO_RCVTIMEO, SO_SNDTIMEO, SO_SNDBUF and SO_RCVBUF (the fixed
 * SOCK_BUF_CAPACITY of each direction), and the boolean options below.
 * Settable: those booleans, which only record the value (SO_PASSCRED
 * also autobinds at connect), SO_SNDBUF and SO_RCVBUF, accepted and
 * ignored since the buffers have one size, and SO_RCVTIMEO/SO_SNDTIMEO
 * (a struct timeval: 0 waits for ever, a negative one not at all; kept
 * to the microsecond, where Linux rounds to its clock tick).
 * Any other option is ENOPROTOOPT.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_net.h>
#include <linux/errno.h>
#include "socket.h"

#define USEC_PER_SEC        1000000
#define NSEC_PER_USEC       1000ULL
#define NSEC_PER_SEC        1000000000ULL
/* Longer timeouts are for ever, as Linux's past MAX_SCHEDULE_TIMEOUT. */
#define TIMEOUT_MAX_SEC     (1LL << 32)

/* The options that are only a recorded on/off: their bit in flag_opts. */
static int flag_bit(int name)
{
    switch (name) {
    case SO_DEBUG: case SO_REUSEADDR: case SO_DONTROUTE: case SO_BROADCAST:
    case SO_KEEPALIVE: case SO_OOBINLINE: case SO_PASSCRED:
        return name;
    default:
        return -1;
    }
}

static long set_timeout(struct unix_sock *sk, int name, uaddr_t optval, int optlen)
{
    struct sock_timeouts *t = &sk->timeouts;
    struct linux_timeval tv;
    uint64_t ns = 0;

    if (optlen < (int)sizeof(tv))
        return -EINVAL;
    if (copy_from_user(&tv, optval, sizeof(tv)))
        return -EFAULT;
    if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC)
        return -EDOM;
    if (tv.tv_sec >= 0 && tv.tv_sec < TIMEOUT_MAX_SEC)
        ns = (uint64_t)tv.tv_sec * NSEC_PER_SEC + (uint64_t)tv.tv_usec * NSEC_PER_USEC;
    if (name == SO_RCVTIMEO) {
        t->rcv_ns = ns;
        t->rcv_none = tv.tv_sec < 0;
    } else {
        t->snd_ns = ns;
        t->snd_none = tv.tv_sec < 0;
    }
    return 0;
}

static long setopt(struct unix_sock *sk, int name, uaddr_t optval, int optlen)
{
    int val, bit = flag_bit(name);

    if (name == SO_RCVTIMEO || name == SO_SNDTIMEO)
        return set_timeout(sk, name, optval, optlen);
    if (optlen < (int)sizeof(int))
        return -EINVAL;
    if (copy_from_user(&val, optval, sizeof(val)))
        return -EFAULT;
    if (name == SO_SNDBUF || name == SO_RCVBUF)
        return 0;
    if (bit < 0)
        return -ENOPROTOOPT;
    if (name == SO_DEBUG && val && current->euid != 0)
        return -EACCES;                     /* Linux asks for CAP_NET_ADMIN */
    if (val)
        sk->flag_opts |= 1u << bit;
    else
        sk->flag_opts &= ~(1u << bit);
    return 0;
}

long sys_setsockopt(uint64_t fd, uint64_t level, uint64_t name, uaddr_t optval,
                    uint64_t optlen)
{
    struct unix_sock *sk;
    struct file *f;
    long err;

    if ((int)optlen < 0)
        return -EINVAL;
    if ((err = sock_lookup(fd, &f, &sk)))
        return err;
    err = (int)level == SOL_SOCKET ? setopt(sk, (int)name, optval, (int)optlen)
                                   : -EOPNOTSUPP;
    fput(f);
    return err;
}

/* An int option's value: 0, or -ENOPROTOOPT for an option we do not know. */
static long int_option(struct unix_sock *sk, int name, int *val)
{
    int bit = flag_bit(name);

    switch (name) {
    case SO_TYPE:       *val = SOCK_STREAM; break;
    case SO_DOMAIN:     *val = AF_UNIX; break;
    case SO_PROTOCOL:   *val = 0; break;
    case SO_ACCEPTCONN: *val = sk->state == UNIX_LISTENING; break;
    case SO_SNDBUF:
    case SO_RCVBUF:     *val = SOCK_BUF_CAPACITY; break;
    case SO_ERROR:
        *val = sk->err;
        sk->err = 0;
        break;
    default:
        if (bit < 0)
            return -ENOPROTOOPT;
        *val = !!(sk->flag_opts & (1u << bit));
    }
    return 0;
}

/* Linux's way: at most len bytes of the value, and len set to what was written. */
static long put_option(uaddr_t optval, uaddr_t uoptlen, const void *v, int size, int len)
{
    if (len > size)
        len = size;
    if (copy_to_user(optval, v, (size_t)len))
        return -EFAULT;
    return copy_to_user(uoptlen, &len, sizeof(len)) ? -EFAULT : 0;
}

/* A timeout as getsockopt shows it: waiting for ever or not at all are both 0. */
static struct linux_timeval timeout_of(const struct unix_sock *sk, int name)
{
    uint64_t ns = name == SO_RCVTIMEO ? sk->timeouts.rcv_ns : sk->timeouts.snd_ns;
    struct linux_timeval tv = { (int64_t)(ns / NSEC_PER_SEC),
                                (int64_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };

    return tv;
}

static long getopt(struct unix_sock *sk, int name, uaddr_t optval, uaddr_t uoptlen)
{
    int len, val;
    long err;

    if (copy_from_user(&len, uoptlen, sizeof(len)))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if (name == SO_PEERCRED)
        return put_option(optval, uoptlen, &sk->peercred, sizeof(sk->peercred), len);
    if (name == SO_RCVTIMEO || name == SO_SNDTIMEO) {
        struct linux_timeval tv = timeout_of(sk, name);
        return put_option(optval, uoptlen, &tv, sizeof(tv), len);
    }
    if ((err = int_option(sk, name, &val)))
        return err;
    return put_option(optval, uoptlen, &val, sizeof(val), len);
}

long sys_getsockopt(uint64_t fd, uint64_t level, uint64_t name, uaddr_t optval,
                    uaddr_t uoptlen)
{
    struct unix_sock *sk;
    struct file *f;
    long err = sock_lookup(fd, &f, &sk);

    if (err)
        return err;
    err = (int)level == SOL_SOCKET ? getopt(sk, (int)name, optval, uoptlen) : -EOPNOTSUPP;
    fput(f);
    return err;
}
