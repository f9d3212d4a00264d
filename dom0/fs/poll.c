/*
 * dom0/fs/poll.c - poll, ppoll, select and pselect6.
 *
 * A poller asks every file it watches for its mask (file_ops.poll never
 * sleeps) and, when none is ready, sleeps until one may have changed.
 * While it scans, it hooks itself on each file's queue (file_ops.
 * poll_queue: sockets, the event-channel device) holding the file, and
 * then sleeps on a queue of its own that only those files' wakes reach;
 * so xenstored, polling a hundred sockets, is not woken by everything
 * else dom0 does.  A file without a poll_queue (pipes, the terminal)
 * sends its poller to the one global queue instead, which every
 * waitq_wake in the kernel wakes (poll_wake_all).
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

/* A poll() or select() call: its hooks, and the queue it sleeps on. */
struct poll_waiter {
    struct poll_hook *hooks;
    size_t nhooks, cap;
    bool arming;                        /* scanning before a sleep: hook */
    bool unhookable;                    /* a file without a queue: global */
    bool woken;                         /* a hooked queue woke since arming */
    struct waitq own;
};

void poll_hook_add(struct poll_hook *h, struct waitq *q)
{
    h->next = q->hooks;
    h->pprev = &q->hooks;
    if (q->hooks)
        q->hooks->pprev = &h->next;
    q->hooks = h;
}

void poll_hook_del(struct poll_hook *h)
{
    *h->pprev = h->next;
    if (h->next)
        h->next->pprev = h->pprev;
}

void poll_wake_hooked(struct waitq *q)
{
    for (struct poll_hook *h = q->hooks; h; h = h->next)
        h->fire(h);
}

long poll_sleep_global(uint64_t deadline)
{
    return waitq_sleep_until(&poll_waitq, deadline);
}

static void waiter_fire(struct poll_hook *h)
{
    struct poll_waiter *w = h->owner;

    w->woken = true;
    waitq_wake_sleepers(&w->own);
}

static void hook_file(struct poll_waiter *w, struct file *f)
{
    struct waitq *q = f->ops && f->ops->poll_queue ? f->ops->poll_queue(f) : NULL;
    struct poll_hook *h;

    if (!q || w->nhooks == w->cap) {
        w->unhookable = true;
        return;
    }
    h = &w->hooks[w->nhooks++];
    f->refs++;
    *h = (struct poll_hook){ .fire = waiter_fire, .owner = w, .file = f };
    poll_hook_add(h, q);
}

static void unhook_all(struct poll_waiter *w)
{
    for (size_t i = 0; i < w->nhooks; i++) {
        poll_hook_del(&w->hooks[i]);
        fput(w->hooks[i].file);
    }
    w->nhooks = 0;
    w->unhookable = false;
}

/* Hooks for up to cap files; a waiter without room polls globally. */
static void waiter_init(struct poll_waiter *w, size_t cap)
{
    *w = (struct poll_waiter){ .cap = cap, .own = WAITQ_INIT };
    w->hooks = cap ? kmalloc(cap * sizeof(*w->hooks)) : NULL;
    if (!w->hooks)
        w->cap = 0;
}

static void waiter_done(struct poll_waiter *w)
{
    unhook_all(w);
    kfree(w->hooks);
}

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

static unsigned int fd_poll_mask(int fd, struct poll_waiter *w)
{
    struct file *f = fget(fd);
    unsigned int mask;

    if (!f)
        return POLLNVAL;
    mask = f->ops && f->ops->poll ? f->ops->poll(f) : READY_DEFAULT;
    if (w->arming)
        hook_file(w, f);
    fput(f);
    return mask;
}

/* The scan before a sleep hooks every file, replacing the last hooks. */
static long scan_arming(long (*scan)(void *ctx), void *ctx, struct poll_waiter *w)
{
    long n;

    unhook_all(w);
    w->arming = true;
    w->woken = false;
    n = scan(ctx);
    w->arming = false;
    return n;
}

static long sleep_for_change(struct poll_waiter *w, const struct poll_timeout *t)
{
    if (w->unhookable)
        return waitq_sleep_until(&poll_waitq, t->deadline);
    if (w->woken)
        return 0;               /* a hooked file changed during the scan */
    return waitq_sleep_until(&w->own, t->deadline);
}

/* Scans until something is ready, the time is up or a signal comes. */
static long poll_loop(long (*scan)(void *ctx), void *ctx, struct poll_waiter *w,
                      const struct poll_timeout *t)
{
    for (;;) {
        long n = t->no_wait ? scan(ctx) : scan_arming(scan, ctx, w), err;
        if (n || t->no_wait)
            return n;
        err = sleep_for_change(w, t);
        if (err == -ETIMEDOUT)
            return scan(ctx);
        if (err)
            return err;
    }
}

/* Swaps in a ppoll/pselect6 mask: the old one to restore, or -errno. */
long poll_mask_install(uaddr_t umask, uint64_t size, uint64_t *saved)
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
    struct poll_waiter w;
};

static long poll_scan(void *ctx)
{
    struct poll_set *s = ctx;
    long ready = 0;

    for (size_t i = 0; i < s->n; i++) {
        struct linux_pollfd *p = &s->fds[i];
        unsigned int want = (uint16_t)p->events | POLLERR | POLLHUP | POLLNVAL;
        p->revents = p->fd < 0 ? 0 : (int16_t)(fd_poll_mask(p->fd, &s->w) & want);
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
    waiter_init(&s.w, t->no_wait ? 0 : nfds);
    ret = copy_from_user(s.fds, ufds, bytes) ? -EFAULT : poll_loop(poll_scan, &s, &s.w, t);
    waiter_done(&s.w);
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

    if ((ret = timespec_in(timeout, &t)) || (ret = poll_mask_install(sigmask, sigsetsize, &saved)))
        return ret;
    ret = do_poll(fds, nfds, &t);
    current->sig_blocked = saved;
    timespec_out(timeout, &t);
    return ret;
}

/* ---- select ---- */

struct select_set {
    int n;
    struct poll_waiter w;
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
        if ((mask = fd_poll_mask(fd, &s->w)) & POLLNVAL)
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
    waiter_init(&s->w, t->no_wait ? 0 : (size_t)s->n);
    if (!(ret = fdset_in(rd, s->in, s->n)) && !(ret = fdset_in(wr, s->out, s->n)) &&
        !(ret = fdset_in(ex, s->ex, s->n)))
        ret = poll_loop(select_scan, s, &s->w, t);
    waiter_done(&s->w);
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
    if ((ret = poll_mask_install(sig.mask, sig.size, &saved)))
        return ret;
    ret = do_select(nfds, readfds, writefds, exceptfds, &t);
    current->sig_blocked = saved;
    timespec_out(timeout, &t);
    return ret;
}
