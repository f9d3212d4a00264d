/*
 * dom0/fs/eventpoll.c - epoll_create1, epoll_ctl, epoll_wait and
 * epoll_pwait: Linux's interest sets, level-triggered (EPOLLET and
 * EPOLLONESHOT too).
 *
 * An item hooks itself (fs/poll.c's poll_hook) on its file's poll_queue;
 * a wake of that queue puts the item on the set's ready list.  epoll_wait
 * asks only the items on that list for their mask, so one wake-up costs
 * what is ready, not the size of the set: xenstored, serving a hundred
 * connections, looks at the one that spoke.  An item still ready stays on
 * the list (level-triggered), so it is reported again next time.  A file
 * without a poll_queue (a pipe, the terminal) stays ready-listed for good
 * and makes the set sleep on the global poll queue, as poll() does.
 *
 * Items do not hold their file: the file's last fput removes it from
 * every set (epoll_file_gone), as Linux's close does.
 *
 * A set may hold other sets, but never one that holds it (ELOOP) and
 * never more than EPOLL_MAX_NESTS levels deep, as Linux's EP_MAX_NESTS:
 * a wake and a poll of a set recurse into the sets around and inside it,
 * so a loop or a long chain would run dom0's kernel off its stack.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define EPOLL_CTL_ADD       1
#define EPOLL_CTL_DEL       2
#define EPOLL_CTL_MOD       3
#define EPOLLONESHOT        (1u << 30)
#define EPOLLET             (1u << 31)
#define EPOLL_ALWAYS        (POLLERR | POLLHUP)
#define EPOLL_EVENTS_MAX    1024        /* reported by one call */
#define NSEC_PER_MSEC       1000000ULL
#define EPOLL_MAX_NESTS     4           /* sets inside sets, as Linux's EP_MAX_NESTS */

struct linux_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));             /* x86_64's layout */

struct eventpoll;

struct epoll_item {
    struct poll_hook hook;              /* on the file's queue when hooked */
    bool hooked, ready;
    struct eventpoll *ep;
    struct file *file;
    int fd;
    uint32_t events;
    uint64_t data;
    struct epoll_item *next_in_set, *next_ready, *next_of_file;
};

struct eventpoll {
    struct epoll_item *items, *ready;
    unsigned int unhooked;              /* items whose file has no poll_queue */
    struct waitq wq;                    /* epoll_wait sleepers */
    struct file *file;                  /* its own, watched by the sets around it */
    uint64_t walk;                      /* the nesting walk that last measured it */
    unsigned int chain;                 /* the sets on its longest chain, it included */
};

static struct fs_super epollfs = { .name = "anon_inodefs", .dev = 0x0a,
                                   .magic = 0x09041934 };

static void mark_ready(struct epoll_item *it)
{
    if (it->ready)
        return;
    it->ready = true;
    it->next_ready = it->ep->ready;
    it->ep->ready = it;
}

static void item_fire(struct poll_hook *h)
{
    struct epoll_item *it = h->owner;

    mark_ready(it);
    waitq_wake(&it->ep->wq);
}

static void unlink_item(struct epoll_item **head, struct epoll_item *it,
                        size_t next_offset)
{
    for (struct epoll_item **p = head; *p;
         p = (struct epoll_item **)((char *)*p + next_offset)) {
        if (*p == it) {
            *p = *(struct epoll_item **)((char *)it + next_offset);
            return;
        }
    }
}

#define UNLINK(head, it, field) \
    unlink_item(head, it, __builtin_offsetof(struct epoll_item, field))

/* Out of the set, off the file and its queue, and freed. */
static void item_free(struct epoll_item *it)
{
    struct eventpoll *ep = it->ep;

    if (it->hooked)
        poll_hook_del(&it->hook);
    else
        ep->unhooked--;
    if (it->ready)
        UNLINK(&ep->ready, it, next_ready);
    UNLINK(&ep->items, it, next_in_set);
    UNLINK(&it->file->epoll_items, it, next_of_file);
    kfree(it);
}

void epoll_file_gone(struct file *f)
{
    while (f->epoll_items)
        item_free(f->epoll_items);
}

static struct epoll_item *item_find(struct eventpoll *ep, struct file *f, int fd)
{
    for (struct epoll_item *it = ep->items; it; it = it->next_in_set)
        if (it->file == f && it->fd == fd)
            return it;
    return NULL;
}

static long item_add(struct eventpoll *ep, struct file *f, int fd,
                     const struct linux_epoll_event *ev)
{
    struct waitq *q = f->ops && f->ops->poll_queue ? f->ops->poll_queue(f) : NULL;
    struct epoll_item *it = kzalloc(sizeof(*it));

    if (!it)
        return -ENOMEM;
    *it = (struct epoll_item){ .ep = ep, .file = f, .fd = fd,
                               .events = ev->events, .data = ev->data };
    it->next_in_set = ep->items;
    ep->items = it;
    it->next_of_file = f->epoll_items;
    f->epoll_items = it;
    it->hook = (struct poll_hook){ .fire = item_fire, .owner = it, .file = f };
    it->hooked = q != NULL;
    if (q)
        poll_hook_add(&it->hook, q);
    else
        ep->unhooked++;
    mark_ready(it);                     /* it may be ready already */
    return 0;
}

/* ---- the epoll file ---- */

static unsigned int epoll_poll(struct file *f);

static struct waitq *epoll_poll_queue(struct file *f)
{
    struct eventpoll *ep = f->priv;

    return &ep->wq;
}

static void epoll_release(struct file *f)
{
    struct eventpoll *ep = f->priv;

    while (ep->items)
        item_free(ep->items);
    kfree(ep);
}

static const struct file_ops epoll_file_ops = {
    .poll = epoll_poll, .poll_queue = epoll_poll_queue, .release = epoll_release,
};

/* The set behind epfd (its file held in *f), or NULL with *err. */
static struct eventpoll *epoll_of(int fd, struct file **f, long *err)
{
    *err = -EBADF;
    if (!(*f = fget(fd)))
        return NULL;
    if ((*f)->ops == &epoll_file_ops)
        return (*f)->priv;
    fput(*f);
    *err = -EINVAL;
    return NULL;
}

long sys_epoll_create1(uint64_t flags)
{
    struct eventpoll *ep;
    struct inode *ino;
    struct file *f;
    long fd;

    if (flags & ~(uint64_t)O_CLOEXEC)
        return -EINVAL;
    if (!(ep = kzalloc(sizeof(*ep))) || !(ino = inode_new(&epollfs, 0600))) {
        kfree(ep);
        return -ENOMEM;
    }
    f = file_new(ino, &epoll_file_ops, O_RDWR);
    inode_put(ino);
    if (!f) {
        kfree(ep);
        return -ENOMEM;
    }
    f->priv = ep;
    ep->file = f;
    fd = fd_install(f, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
    if (fd < 0)
        fput(f);
    return fd;
}

long sys_epoll_create(uint64_t size)
{
    return (int)size <= 0 ? -EINVAL : sys_epoll_create1(0);
}

/* ---- epoll_ctl ---- */

static struct eventpoll *set_of(const struct file *f)
{
    return f->ops == &epoll_file_ops ? f->priv : NULL;
}

/* One walk's mark: each set is measured once, however many paths reach it. */
static uint64_t walk_id;
static const struct eventpoll *walk_target;
static bool walk_hit;

/* Sets on the longest chain from ep inward, ep included; notes walk_target. */
static unsigned int chain_inward(struct eventpoll *ep)
{
    if (ep->walk == walk_id)
        return ep->chain;
    ep->walk = walk_id;
    ep->chain = 1;
    walk_hit |= ep == walk_target;
    for (struct epoll_item *it = ep->items; it; it = it->next_in_set) {
        struct eventpoll *in = set_of(it->file);
        if (in)
            ep->chain = MAX(ep->chain, 1 + chain_inward(in));
    }
    return ep->chain;
}

/* Sets on the longest chain from the outermost set down to ep, ep included. */
static unsigned int chain_outward(struct eventpoll *ep)
{
    if (ep->walk == walk_id)
        return ep->chain;
    ep->walk = walk_id;
    ep->chain = 1;
    for (struct epoll_item *it = ep->file->epoll_items; it; it = it->next_of_file)
        ep->chain = MAX(ep->chain, 1 + chain_outward(it->ep));
    return ep->chain;
}

/* Putting the set inner into ep: a loop, or a chain too long? */
static bool nesting_refused(struct eventpoll *ep, struct eventpoll *inner)
{
    unsigned int in, out;

    walk_id++;
    walk_target = ep;
    walk_hit = false;
    in = chain_inward(inner);
    walk_id++;
    out = chain_outward(ep);
    return walk_hit || in + out > EPOLL_MAX_NESTS + 1;
}

static long ctl_on(struct eventpoll *ep, int op, struct file *f, int fd,
                   const struct linux_epoll_event *ev)
{
    struct epoll_item *it = item_find(ep, f, fd);

    if (op == EPOLL_CTL_ADD)
        return it ? -EEXIST : item_add(ep, f, fd, ev);
    if (!it)
        return -ENOENT;
    if (op == EPOLL_CTL_DEL) {
        item_free(it);
        return 0;
    }
    it->events = ev->events;
    it->data = ev->data;
    mark_ready(it);
    return 0;
}

long sys_epoll_ctl(uint64_t epfd, uint64_t op, uint64_t fd, uaddr_t uevent)
{
    struct linux_epoll_event ev = { 0 };
    struct file *ef, *f;
    struct eventpoll *ep;
    long ret;

    if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof(ev)))
        return -EFAULT;
    if (!(ep = epoll_of((int)epfd, &ef, &ret)))
        return ret;
    if (!(f = fget((int)fd))) {
        fput(ef);
        return -EBADF;
    }
    if (f == ef)
        ret = -EINVAL;
    else if (op < EPOLL_CTL_ADD || op > EPOLL_CTL_MOD)
        ret = -EINVAL;
    else if (op == EPOLL_CTL_ADD && !(f->ops && f->ops->poll))
        ret = -EPERM;                   /* a regular file, as on Linux */
    else if (op == EPOLL_CTL_ADD && set_of(f) && nesting_refused(ep, set_of(f)))
        ret = -ELOOP;
    else
        ret = ctl_on(ep, (int)op, f, (int)fd, &ev);
    fput(f);
    fput(ef);
    return ret;
}

/* ---- epoll_wait ---- */

static uint32_t item_mask(const struct epoll_item *it)
{
    const struct file *f = it->file;
    unsigned int mask = f->ops && f->ops->poll ? f->ops->poll((struct file *)f)
                                               : POLLIN | POLLOUT;

    return mask & (it->events | EPOLL_ALWAYS);
}

/* The ready list's items that are ready now, into out; the rest leave it. */
static int harvest(struct eventpoll *ep, struct linux_epoll_event *out, int max)
{
    struct epoll_item **p = &ep->ready;
    int n = 0;

    while (*p && n < max) {
        struct epoll_item *it = *p;
        uint32_t mask = it->events & ~(EPOLLET | EPOLLONESHOT) ? item_mask(it) : 0;
        bool keep = mask && !(it->events & (EPOLLET | EPOLLONESHOT));
        if (mask)
            out[n++] = (struct linux_epoll_event){ mask, it->data };
        if (mask && (it->events & EPOLLONESHOT))
            it->events &= EPOLLET | EPOLLONESHOT;   /* off until EPOLL_CTL_MOD */
        if (keep || !it->hooked) {
            p = &it->next_ready;
            continue;
        }
        *p = it->next_ready;
        it->ready = false;
    }
    return n;
}

static long wait_ready(struct eventpoll *ep, struct linux_epoll_event *out,
                       int max, int64_t timeout_ms)
{
    uint64_t deadline = timeout_ms > 0 ? monotonic_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC : 0;

    for (;;) {
        int n = harvest(ep, out, max);
        long err;
        if (n || timeout_ms == 0)
            return n;
        /* A hooked file that woke since the harvest is on the list again. */
        if (ep->ready && !ep->unhooked)
            continue;
        err = ep->unhooked ? poll_sleep_global(deadline)
                           : waitq_sleep_until(&ep->wq, deadline);
        if (err == -ETIMEDOUT)
            return harvest(ep, out, max);
        if (err)
            return err;
    }
}

long sys_epoll_pwait(uint64_t epfd, uaddr_t uevents, uint64_t maxevents,
                     uint64_t timeout_ms, uaddr_t sigmask, uint64_t sigsetsize)
{
    int max = (int)maxevents;
    struct linux_epoll_event *out;
    struct eventpoll *ep;
    struct file *ef;
    uint64_t saved;
    long ret;

    if (max <= 0 || max > INT32_MAX / (int)sizeof(*out))
        return -EINVAL;
    if (!(ep = epoll_of((int)epfd, &ef, &ret)))
        return ret;
    max = max < EPOLL_EVENTS_MAX ? max : EPOLL_EVENTS_MAX;
    if (!(out = kmalloc((size_t)max * sizeof(*out)))) {
        fput(ef);
        return -ENOMEM;
    }
    ret = poll_mask_install(sigmask, sigsetsize, &saved);
    if (!ret) {
        ret = wait_ready(ep, out, max, (int)timeout_ms);
        current->sig_blocked = saved;
    }
    if (ret > 0 && copy_to_user(uevents, out, (size_t)ret * sizeof(*out)))
        ret = -EFAULT;
    kfree(out);
    fput(ef);
    return ret;
}

long sys_epoll_wait(uint64_t epfd, uaddr_t events, uint64_t maxevents,
                    uint64_t timeout_ms)
{
    return sys_epoll_pwait(epfd, events, maxevents, timeout_ms, 0, 8);
}

/* An epoll file is readable while something in it is. */
static unsigned int epoll_poll(struct file *f)
{
    struct eventpoll *ep = f->priv;

    for (struct epoll_item *it = ep->ready; it; it = it->next_ready)
        if (item_mask(it))
            return POLLIN | POLLRDNORM;
    return 0;
}
