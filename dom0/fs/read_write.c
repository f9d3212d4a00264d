/*
 * dom0/fs/read_write.c - moving bytes: read, write, their vector and
 * positioned forms, lseek, and getdents64.
 *
 * Counts are capped at Linux's MAX_RW_COUNT; a vector has at most 1024
 * segments and stops at the first short transfer.
 */
#include <kernel/kernel.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define DIRENT_HEADER       offsetof(struct linux_dirent64, d_name)
#define DIRENT_MAX          ALIGN_UP(DIRENT_HEADER + LINUX_NAME_MAX + 1, 8)

/* Pipes, sockets and terminals have no position: lseek and pread give ESPIPE. */
static bool file_seekable(const struct file *f)
{
    uint32_t mode = f->inode->mode;

    return !S_ISFIFO(mode) && !S_ISSOCK(mode) && (!S_ISCHR(mode) || f->inode->seek_noop);
}

static long file_read(struct file *f, uaddr_t buf, uint64_t n, int64_t *pos)
{
    uint32_t acc = f->flags & O_ACCMODE;

    if (acc != O_RDONLY && acc != O_RDWR)
        return -EBADF;
    if (!f->ops || !f->ops->read)
        return -EINVAL;
    return f->ops->read(f, buf, MIN(n, (uint64_t)LINUX_MAX_RW_COUNT), pos);
}

static long file_write(struct file *f, uaddr_t buf, uint64_t n, int64_t *pos)
{
    uint32_t acc = f->flags & O_ACCMODE;

    if (acc != O_WRONLY && acc != O_RDWR)
        return -EBADF;
    if (!f->ops || !f->ops->write)
        return -EINVAL;
    return f->ops->write(f, buf, MIN(n, (uint64_t)LINUX_MAX_RW_COUNT), pos);
}

static int64_t *file_pos(struct file *f)
{
    return S_ISFIFO(f->inode->mode) ? NULL : &f->pos;
}

#define SENDFILE_CHUNK      (64UL << 10)

/* One chunk from in (at *pos) to out through buf: bytes moved, or -errno if none. */
static long sendfile_chunk(struct file *out, struct file *in, int64_t *pos, void *buf,
                           size_t n)
{
    long got, put;

    uaccess_window_open(buf, n);
    got = file_read(in, (uaddr_t)buf, n, pos);
    put = got > 0 ? file_write(out, (uaddr_t)buf, got, file_pos(out)) : got;
    uaccess_window_close();
    if (put >= 0 && put < got && pos)
        *pos -= got - put;              /* what was read but not written stays unread */
    return put;
}

static long sendfile_files(struct file *out, struct file *in, int64_t *pos, uint64_t count)
{
    void *buf = kmalloc(SENDFILE_CHUNK);
    uint64_t done = 0;
    long n = 0;

    if (!buf)
        return -ENOMEM;
    count = MIN(count, (uint64_t)LINUX_MAX_RW_COUNT);
    while (done < count) {
        size_t want = MIN(count - done, SENDFILE_CHUNK);
        n = sendfile_chunk(out, in, pos, buf, want);
        if (n <= 0)
            break;
        done += n;
        if ((size_t)n < want)
            break;
    }
    kfree(buf);
    return done ? (long)done : n;
}

/* sendfile(2): in_fd must be a regular file (it has a position); out_fd anything writable. */
long sys_sendfile(uint64_t out_fd, uint64_t in_fd, uaddr_t uoffset, uint64_t count)
{
    struct file *in = fget((int)in_fd), *out = fget((int)out_fd);
    int64_t off = 0, *pos;
    long ret = -EBADF;

    if (!in || !out)
        goto done;
    ret = -EINVAL;
    if (!S_ISREG(in->inode->mode) || (out->flags & O_APPEND))
        goto done;
    ret = uoffset && copy_from_user(&off, uoffset, sizeof(off)) ? -EFAULT : 0;
    if (!ret && off < 0)
        ret = -EINVAL;
    if (ret)
        goto done;
    pos = uoffset ? &off : &in->pos;
    ret = sendfile_files(out, in, pos, count);
    if (uoffset && copy_to_user(uoffset, &off, sizeof(off)))
        ret = -EFAULT;
done:
    if (in)
        fput(in);
    if (out)
        fput(out);
    return ret;
}

/* read or write at the file's own position. */
static long transfer(uint64_t fd, uaddr_t buf, uint64_t count, bool writing)
{
    struct file *f = fget((int)fd);
    long ret;

    if (!f)
        return -EBADF;
    ret = writing ? file_write(f, buf, count, file_pos(f))
                  : file_read(f, buf, count, file_pos(f));
    fput(f);
    return ret;
}

long sys_read(uint64_t fd, uaddr_t buf, uint64_t count)
{
    return transfer(fd, buf, count, false);
}

long sys_write(uint64_t fd, uaddr_t buf, uint64_t count)
{
    return transfer(fd, buf, count, true);
}

static long positioned(uint64_t fd, uaddr_t buf, uint64_t count, uint64_t pos,
                       bool writing)
{
    struct file *f;
    int64_t at = (int64_t)pos;
    long ret;

    if (at < 0)
        return -EINVAL;
    if (!(f = fget((int)fd)))
        return -EBADF;
    if (!file_seekable(f))
        ret = -ESPIPE;
    else if (writing)
        ret = file_write(f, buf, count, &at);
    else
        ret = file_read(f, buf, count, &at);
    fput(f);
    return ret;
}

long sys_pread64(uint64_t fd, uaddr_t buf, uint64_t count, uint64_t pos)
{
    return positioned(fd, buf, count, pos, false);
}

long sys_pwrite64(uint64_t fd, uaddr_t buf, uint64_t count, uint64_t pos)
{
    return positioned(fd, buf, count, pos, true);
}

/* The segments, copied in and checked; the total is capped as Linux does. */
struct linux_iovec *iov_fetch(uaddr_t uiov, uint64_t cnt, long *err)
{
    struct linux_iovec *iov;
    uint64_t total = 0;

    *err = -EINVAL;
    if (cnt > LINUX_UIO_MAXIOV)
        return NULL;
    *err = -ENOMEM;
    if (!(iov = kmalloc(sizeof(*iov) * (cnt ? cnt : 1))))
        return NULL;
    *err = copy_from_user(iov, uiov, sizeof(*iov) * cnt) ? -EFAULT : 0;
    for (uint64_t i = 0; i < cnt && !*err; i++) {
        if ((int64_t)iov[i].iov_len < 0)
            *err = -EINVAL;
        iov[i].iov_len = MIN(iov[i].iov_len, LINUX_MAX_RW_COUNT - total);
        total += iov[i].iov_len;
    }
    if (*err) {
        kfree(iov);
        return NULL;
    }
    return iov;
}

/* A later segment would wait although earlier ones moved data: stop. */
static bool would_wait(struct file *f, bool writing)
{
    return f->ops->poll && !(f->ops->poll(f) & (writing ? POLLOUT : POLLIN));
}

static long vectored(uint64_t fd, uaddr_t uiov, uint64_t cnt, bool writing)
{
    struct file *f = fget((int)fd);
    struct linux_iovec *iov;
    long done = 0, err;

    if (!f)
        return -EBADF;
    if (!(iov = iov_fetch(uiov, cnt, &err))) {
        fput(f);
        return err;
    }
    for (uint64_t i = 0; i < cnt; i++) {
        long r;
        if (done && (!iov[i].iov_len || would_wait(f, writing)))
            break;
        r = writing ? file_write(f, iov[i].iov_base, iov[i].iov_len, file_pos(f))
                    : file_read(f, iov[i].iov_base, iov[i].iov_len, file_pos(f));
        if (r < 0) {
            done = done ? done : r;
            break;
        }
        done += r;
        if ((uint64_t)r < iov[i].iov_len)
            break;
    }
    kfree(iov);
    fput(f);
    return done;
}

long sys_readv(uint64_t fd, uaddr_t iov, uint64_t iovcnt)
{
    return vectored(fd, iov, iovcnt, false);
}

long sys_writev(uint64_t fd, uaddr_t iov, uint64_t iovcnt)
{
    return vectored(fd, iov, iovcnt, true);
}

/* The position whence and off name, or -errno. */
static int64_t seek_target(struct file *f, int64_t off, int whence)
{
    int64_t size = f->inode->size, base;

    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->pos; break;
    case SEEK_END: base = size; break;
    case SEEK_DATA:
    case SEEK_HOLE:
        if (!S_ISREG(f->inode->mode))
            return -EINVAL;
        if (off < 0 || off >= size)
            return -ENXIO;
        return whence == SEEK_DATA ? off : size;
    default:
        return -EINVAL;
    }
    if (S_ISDIR(f->inode->mode) && whence == SEEK_END)
        return -EINVAL;
    if (__builtin_add_overflow(base, off, &base) || base < 0)
        return -EINVAL;
    return base;
}

long sys_lseek(uint64_t fd, uint64_t offset, uint64_t whence)
{
    struct file *f = fget((int)fd);
    int64_t pos;

    if (!f)
        return -EBADF;
    if (!file_seekable(f))
        pos = -ESPIPE;
    else if (f->inode->seek_noop)
        pos = f->pos = 0;
    else if ((pos = seek_target(f, (int64_t)offset, (int)(uint32_t)whence)) >= 0)
        f->pos = pos;
    fput(f);
    return pos;
}

/* ---- getdents64 ---- */

struct dirent_sink {
    uaddr_t buf;
    size_t room, used;
    int64_t *pos;
    bool full;
    long err;
};

static int dirent_emit(void *ctx, const char *name, size_t len, uint64_t ino,
                       unsigned int type)
{
    struct dirent_sink *s = ctx;
    union {
        struct linux_dirent64 d;
        uint8_t bytes[DIRENT_MAX];
    } rec;
    size_t reclen = ALIGN_UP(DIRENT_HEADER + len + 1, 8);

    if (len > LINUX_NAME_MAX || reclen > s->room - s->used) {
        s->full = true;
        return 1;
    }
    memset(&rec, 0, reclen);
    rec.d.d_ino = ino;
    rec.d.d_off = *s->pos + 1;
    rec.d.d_reclen = (uint16_t)reclen;
    rec.d.d_type = (uint8_t)type;
    memcpy(rec.d.d_name, name, len);
    if (copy_to_user(s->buf + s->used, &rec, reclen)) {
        s->err = -EFAULT;
        return 1;
    }
    s->used += reclen;
    return 0;
}

long sys_getdents64(uint64_t fd, uaddr_t dirp, uint64_t count)
{
    struct file *f = fget((int)fd);
    struct dirent_sink s = { .buf = dirp, .room = (uint32_t)count };
    struct inode *dir;
    long ret;

    if (!f)
        return -EBADF;
    dir = f->inode;
    s.pos = &f->pos;
    if (!S_ISDIR(dir->mode)) {
        fput(f);
        return -ENOTDIR;
    }
    ret = dir->iops && dir->iops->iterate ? dir->iops->iterate(dir, &f->pos, dirent_emit, &s)
                                          : dir_iterate(dir, &f->pos, dirent_emit, &s);
    if (ret == 0 && s.used == 0)
        ret = s.err ? s.err : s.full ? -EINVAL : 0;
    else if (ret == 0)
        ret = (long)s.used;
    fput(f);
    return ret;
}
