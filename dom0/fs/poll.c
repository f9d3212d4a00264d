/*
 * dom0/fs/poll.c - poll, ppoll, select and pselect6.
 *
 * A poller asks every file it watches for its mask (file_ops.poll never
 * sleeps) and, when none is ready, sleeps on one global queue.  Every
 * waitq_wake in the kernel also wakes that queue (through poll_wake_all),
 * so any change to any file makes pollers look again: simple, and cheap
 * with the handful of processes dom0 runs.
 *
 * The temporary signal mask of ppoll and pselect6 is in force only while
 * the call runs; the caller's mask is back before it returns.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define NSEC_PER_SEC        1000000000LL
#define NSEC_PER_MSEC       1000000LL
#define NSEC_PER_USEC       1000LL
#define POLL_NFDS_MAX       1024        /* RLIMIT_NOFILE's default */
#define FDSET_WORDS         (LINUX_FD_SETSIZE / 64)
#define SIGSET_SIZE         8
/* SIGKILL and SIGSTOP can never be blocked. */
#define UNBLOCKABLE         ((1ULL << (9 - 1)) | (1ULL << (19 - 1)))
#define READY_DEFAULT       (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define SELECT_IN           (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SELECT_OUT          (POLLOUT | POLLWRNORM | POLLERR)
#define SELECT_EX           POLLPRI

static struct waitq poll_waitq = WAITQ_INIT;
static bool poll_waking;

/* Guarded: waitq_wake of our own queue calls back here. */
void poll_wake_all(void)
{
    if (poll_waking)
        return;
    poll_waking = true;
    waitq_wake(&poll_waitq);
    poll_waking = false;
}

/* When to stop waiting: now (no_wait), never (deadline 0) or at deadline. */
struct poll_timeout {
    bool no_wait;
    uint64_t deadline;
};

static struct poll_timeout timeout_in_ns(int64_t ns)
{
    struct poll_timeout t = { .no_wait = ns == 0 };

    if (ns > 0)
        t.deadline = monotonic_ns() + (uint64_t)ns;
    return t;
}

static int64_t timeout_left_ns(const struct poll_timeout *t)
{
    uint64_t now = monotonic_ns();

    return t->deadline > now ? (int64_t)(t->deadline - now) : 0;
}

static unsigned int fd_poll_mask(int fd)
{
    struct file *f = fget(fd);
    unsigned int mask;

    if (!f)
        return POLLNVAL;
    mask = f->ops && f->ops->poll ? f->ops->poll(f) : READY_DEFAULT;
    fput(f);
    return mask;
}

/* Scans until something is ready, the time is up or a signal comes. */
static long poll_loop(long (*scan)(void *ctx), void *ctx, const struct poll_timeout *t)
{
    for (;;) {
        long n = scan(ctx), err;
        if (n || t->no_wait)
            return n;
        err = waitq_sleep_until(&poll_waitq, t->deadline);
        if (err == -ETIMEDOUT)
            return scan(ctx);
        if (err)
            return err;
    }
}

/* Swaps in a ppoll/pselect6 mask: the old one to restore, or -errno. */
static long mask_install(uaddr_t umask, uint64_t size, uint64_t *saved)
{
    uint64_t mask;

    *saved = current->sig_blocked;
    if (!umask)
        return 0;
    if (size != SIGSET_SIZE)
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)))
        return -EFAULT;
    current->sig_blocked = mask & ~UNBLOCKABLE;
    return 0;
}

/* ---- poll ---- */

struct poll_set {
    struct linux_pollfd *fds;
    size_t n;
};

static long poll_scan(void *ctx)
{
    struct poll_set *s = ctx;
    long ready = 0;

    for (size_t i = 0; i < s->n; i++) {
        struct linux_pollfd *p = &s->fds[i];
        unsigned int want = (uint16_t)p->events | POLLERR | POLLHUP | POLLNVAL;
        p->revents = p->fd < 0 ? 0 : (int16_t)(fd_poll_mask(p->fd) & want);
        ready += p->revents != 0;
    }
    return ready;
}

static long do_poll(uaddr_t ufds, uint64_t nfds, const struct poll_timeout *t)
{
    struct poll_set s = { .n = nfds };
    size_t bytes = sizeof(*s.fds) * nfds;
    long ret;

    if (nfds > POLL_NFDS_MAX)
        return -EINVAL;
    if (!(s.fds = kmalloc(bytes ? bytes : 1)))
        return -ENOMEM;
    ret = copy_from_user(s.fds, ufds, bytes) ? -EFAULT : poll_loop(poll_scan, &s, t);
    if (ret >= 0 && copy_to_user(ufds, s.fds, bytes))
        ret = -EFAULT;
    kfree(s.fds);
    return ret;
}

long sys_poll(uaddr_t fds, uint64_t nfds, uint64_t timeout_ms)
{
    int ms = (int)timeout_ms;
    struct poll_timeout t = ms < 0 ? timeout_in_ns(-1)
                                   : timeout_in_ns((int64_t)ms * NSEC_PER_MSEC);

    return do_poll(fds, nfds, &t);
}

static long timespec_in(uaddr_t uts, struct poll_timeout *t)
{
    struct linux_timespec ts;

    *t = timeout_in_ns(-1);
    if (!uts)
        return 0;
    if (copy_from_user(&ts, uts, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
        return -EINVAL;
    if (ts.tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
        return 0;                   /* centuries: as good as forever */
    *t = timeout_in_ns(ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
    return 0;
}

/* Linux writes the time left back; a fault there is ignored as Linux does. */
static void timespec_out(uaddr_t uts, const struct poll_timeout *t)
{
    int64_t left = timeout_left_ns(t);
    struct linux_timespec ts = { left / NSEC_PER_SEC, left % NSEC_PER_SEC };

    if (uts && t->deadline)
        copy_to_user(uts, &ts, sizeof(ts));
}

long sys_ppoll(uaddr_t fds, uint64_t nfds, uaddr_t timeout, uaddr_t sigmask,
               uint64_t sigsetsize)
{
    struct poll_timeout t;
    uint64_t saved;
    long ret;

    if ((ret = timespec_in(timeout, &t)) || (ret = mask_install(sigmask, sigsetsize, &saved)))
        return ret;
    ret = do_poll(fds, nfds, &t);
    current->sig_blocked = saved;
    timespec_out(timeout, &t);
    return ret;
}

/* ---- select ---- */

struct select_set {
    int n;
    uint64_t in[FDSET_WORDS], out[FDSET_WORDS], ex[FDSET_WORDS];
    uint64_t rin[FDSET_WORDS], rout[FDSET_WORDS], rex[FDSET_WORDS];
};

static bool bit_test(const uint64_t *set, int fd)
{
    return set[fd / 64] & (1ULL << (fd % 64));
}

static long select_mark(uint64_t *res, int fd, bool ready)
{
    if (!ready)
        return 0;
    res[fd / 64] |= 1ULL << (fd % 64);
    return 1;
}

static long select_scan(void *ctx)
{
    struct select_set *s = ctx;
    long ready = 0;

    memset(s->rin, 0, sizeof(s->rin));
    memset(s->rout, 0, sizeof(s->rout));
    memset(s->rex, 0, sizeof(s->rex));
    for (int fd = 0; fd < s->n; fd++) {
        bool in = bit_test(s->in, fd), out = bit_test(s->out, fd), ex = bit_test(s->ex, fd);
        unsigned int mask;
        if (!in && !out && !ex)
            continue;
        if ((mask = fd_poll_mask(fd)) & POLLNVAL)
            return -EBADF;
        ready += select_mark(s->rin, fd, in && (mask & SELECT_IN));
        ready += select_mark(s->rout, fd, out && (mask & SELECT_OUT));
        ready += select_mark(s->rex, fd, ex && (mask & SELECT_EX));
    }
    return ready;
}

static size_t fdset_bytes(int n)
{
    return ALIGN_UP((size_t)n, 64) / 8;
}

static long fdset_in(uaddr_t uset, uint64_t *set, int n)
{
    memset(set, 0, FDSET_WORDS * 8);
    return uset && copy_from_user(set, uset, fdset_bytes(n)) ? -EFAULT : 0;
}

static long fdset_out(uaddr_t uset, const uint64_t *set, int n)
{
    return uset && copy_to_user(uset, set, fdset_bytes(n)) ? -EFAULT : 0;
}

static long do_select(uint64_t nfds, uaddr_t rd, uaddr_t wr, uaddr_t ex,
                      const struct poll_timeout *t)
{
    struct select_set *s;
    long ret;

    if ((int)nfds < 0)
        return -EINVAL;
    if (!(s = kzalloc(sizeof(*s))))
        return -ENOMEM;
    s->n = MIN((int)nfds, LINUX_FD_SETSIZE);
    if (!(ret = fdset_in(rd, s->in, s->n)) && !(ret = fdset_in(wr, s->out, s->n)) &&
        !(ret = fdset_in(ex, s->ex, s->n)))
        ret = poll_loop(select_scan, s, t);
    if (ret >= 0 && (fdset_out(rd, s->rin, s->n) || fdset_out(wr, s->rout, s->n) ||
                     fdset_out(ex, s->rex, s->n)))
        ret = -EFAULT;
    kfree(s);
    return ret;
}

long sys_select(uint64_t nfds, uaddr_t readfds, uaddr_t writefds,
                uaddr_t exceptfds, uaddr_t timeout)
{
    struct linux_timeval tv;
    struct poll_timeout t = timeout_in_ns(-1);
    long ret;

    if (timeout) {
        if (copy_from_user(&tv, timeout, sizeof(tv)))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= NSEC_PER_SEC / NSEC_PER_USEC)
            return -EINVAL;
        if (tv.tv_sec < INT64_MAX / NSEC_PER_SEC - 1)
            t = timeout_in_ns(tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * NSEC_PER_USEC);
    }
    ret = do_select(nfds, readfds, writefds, exceptfds, &t);
    if (timeout && t.deadline) {
        int64_t left = timeout_left_ns(&t);
        tv.tv_sec = left / NSEC_PER_SEC;
        tv.tv_usec = left % NSEC_PER_SEC / NSEC_PER_USEC;
        copy_to_user(timeout, &tv, sizeof(tv));
    }
    return ret;
}

long sys_pselect6(uint64_t nfds, uaddr_t readfds, uaddr_t writefds,
                  uaddr_t exceptfds, uaddr_t timeout, uaddr_t sigmask_arg)
{
    struct { uint64_t mask, size; } sig = { 0, 0 };
    struct poll_timeout t;
    uint64_t saved;
    long ret;

    if ((ret = timespec_in(timeout, &t)))
        return ret;
    if (sigmask_arg && copy_from_user(&sig, sigmask_arg, sizeof(sig)))
        return -EFAULT;
    if ((ret = mask_install(sig.mask, sig.size, &saved)))
        return ret;
    ret = do_select(nfds, readfds, writefds, exceptfds, &t);
    current->sig_blocked = saved;
    timespec_out(timeout, &t);
    return ret;
}
