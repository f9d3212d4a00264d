/*
 * dom0/fs/pipe.c - pipes as Linux's: reads return what is there (0 once
 * every writer is gone), writes of at most PIPE_BUF bytes go in whole or
 * wait, longer ones go in pieces, and writing with no reader left gives
 * SIGPIPE and EPIPE.  O_NONBLOCK turns every wait into EAGAIN (or the
 * short count already moved).
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "vfs.h"
#include "pipe.h"

#define LINUX_SIGPIPE       13

static struct fs_super pipefs = { .name = "pipefs", .dev = 0x0c, .magic = 0x50495045 };

void pipe_free(struct pipe *p)
{
    for (int i = 0; i < PIPE_PAGES; i++)
        if (p->pages[i])
            page_put(p->pages[i]);
    kfree(p);
}

static struct pipe *pipe_of(const struct file *f)
{
    return f->inode->pipe;
}

/* Moves up to n unread bytes to user memory: count or -EFAULT if none. */
static long ring_take(struct pipe *p, uaddr_t buf, size_t n)
{
    size_t done = 0;

    n = MIN(n, p->count);
    while (done < n) {
        size_t off = p->head % PAGE_SIZE;
        size_t chunk = MIN(n - done, PAGE_SIZE - off);
        if (copy_to_user(buf + done, p->pages[p->head / PAGE_SIZE] + off, chunk))
            break;
        done += chunk;
        p->head = (p->head + chunk) % PIPE_CAPACITY;
        p->count -= chunk;
    }
    return done ? (long)done : -EFAULT;
}

/* Appends up to n bytes from user memory: count or -EFAULT if none. */
static long ring_put(struct pipe *p, uaddr_t buf, size_t n)
{
    size_t done = 0;

    n = MIN(n, PIPE_CAPACITY - p->count);
    while (done < n) {
        size_t tail = (p->head + p->count) % PIPE_CAPACITY;
        size_t chunk = MIN(n - done, PAGE_SIZE - tail % PAGE_SIZE);
        if (copy_from_user(p->pages[tail / PAGE_SIZE] + tail % PAGE_SIZE,
                           buf + done, chunk))
            break;
        done += chunk;
        p->count += chunk;
    }
    return done ? (long)done : -EFAULT;
}

static long pipe_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    struct pipe *p = pipe_of(f);
    long got;

    (void)pos;
    if (n == 0)
        return 0;
    while (p->count == 0) {
        long err;
        if (p->writers == 0)
            return 0;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if ((err = waitq_sleep(&p->readq)))
            return err;
    }
    got = ring_take(p, buf, n);
    waitq_wake(&p->writeq);
    return got;
}

/* Room for the next piece: all of a PIPE_BUF-sized write, else a byte. */
static bool pipe_has_room(const struct pipe *p, size_t left, bool atomic)
{
    return PIPE_CAPACITY - p->count >= (atomic ? left : 1);
}

static long pipe_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    struct pipe *p = pipe_of(f);
    bool atomic = n <= LINUX_PIPE_BUF;
    size_t done = 0;

    (void)pos;
    while (done < n) {
        long moved, err;
        if (p->readers == 0) {
            signal_send(current, LINUX_SIGPIPE);
            return done ? (long)done : -EPIPE;
        }
        if (!pipe_has_room(p, n - done, atomic)) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if ((err = waitq_sleep(&p->writeq)))
                return done ? (long)done : err;
            continue;
        }
        moved = ring_put(p, buf + done, n - done);
        waitq_wake(&p->readq);
        if (moved < 0)
            return done ? (long)done : moved;
        done += (size_t)moved;
    }
    return (long)done;
}

static unsigned int pipe_read_poll(struct file *f)
{
    struct pipe *p = pipe_of(f);

    return (p->count ? POLLIN | POLLRDNORM : 0) | (p->writers ? 0 : POLLHUP);
}

static unsigned int pipe_write_poll(struct file *f)
{
    struct pipe *p = pipe_of(f);
    unsigned int mask = 0;

    if (PIPE_CAPACITY - p->count >= LINUX_PIPE_BUF)
        mask |= POLLOUT | POLLWRNORM;
    return mask | (p->readers ? 0 : POLLERR);
}

static long pipe_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
    int count = (int)pipe_of(f)->count;

    if (cmd != FIONREAD)
        return -ENOTTY;
    return copy_to_user(arg, &count, sizeof(count));
}

static void pipe_release(struct file *f)
{
    struct pipe *p = pipe_of(f);

    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    waitq_wake(&p->readq);
    waitq_wake(&p->writeq);
}

static const struct file_ops pipe_read_ops = {
    .read = pipe_read, .ioctl = pipe_ioctl, .poll = pipe_read_poll,
    .release = pipe_release,
};

static const struct file_ops pipe_write_ops = {
    .write = pipe_write, .ioctl = pipe_ioctl, .poll = pipe_write_poll,
    .release = pipe_release,
};

bool file_is_pipe(const struct file *f)
{
    return f->ops == &pipe_read_ops || f->ops == &pipe_write_ops;
}

static struct inode *pipe_inode_new(void)
{
    struct inode *ino = inode_new(&pipefs, S_IFIFO | 0600);
    struct pipe *p = kzalloc(sizeof(*p));

    if (!ino || !p)
        goto fail;
    ino->pipe = p;
    for (int i = 0; i < PIPE_PAGES; i++)
        if (!(p->pages[i] = page_alloc()))
            goto fail;
    if (current) {
        ino->uid = current->euid;
        ino->gid = current->egid;
    }
    return ino;
fail:
    if (ino)
        inode_put(ino);
    else if (p)
        kfree(p);
    return NULL;
}

struct file *pipe_reopen(struct inode *ino, uint32_t flags, long *err)
{
    uint32_t acc = flags & O_ACCMODE;
    struct file *f;

    *err = -ENXIO;                  /* O_RDWR: a FIFO's both ends, not done here */
    if (acc != O_RDONLY && acc != O_WRONLY)
        return NULL;
    *err = -ENOMEM;
    f = file_new(ino, acc == O_RDONLY ? &pipe_read_ops : &pipe_write_ops,
                 acc | (flags & O_NONBLOCK));
    if (!f)
        return NULL;
    if (acc == O_RDONLY)
        ino->pipe->readers++;
    else
        ino->pipe->writers++;
    *err = 0;
    return f;
}

/* Both ends of a new pipe; flags may hold O_NONBLOCK. */
long pipe_create(struct file **rd, struct file **wr, uint32_t flags)
{
    struct inode *ino = pipe_inode_new();

    if (!ino)
        return -ENFILE;
    *rd = file_new(ino, &pipe_read_ops, O_RDONLY | (flags & O_NONBLOCK));
    *wr = file_new(ino, &pipe_write_ops, O_WRONLY | (flags & O_NONBLOCK));
    inode_put(ino);                 /* the files hold it now */
    if (!*rd || !*wr) {
        if (*rd)
            fput(*rd);
        if (*wr)
            fput(*wr);
        return -ENFILE;
    }
    ino->pipe->readers = ino->pipe->writers = 1;
    return 0;
}
