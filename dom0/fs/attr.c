/*
 * dom0/fs/attr.c - changing a file's attributes: mode, owner, size and
 * times; plus umask and the sync calls, which have nothing to flush in a
 * file layer that lives in memory.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define CHOWN_AT_FLAGS      (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)
#define UTIMENS_AT_FLAGS    (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)
#define NSEC_PER_SEC        1000000000L
#define ID_UNCHANGED        0xffffffffu

static bool is_root(void)
{
    return !current || current->euid == 0;
}

static long may_setattr(const struct inode *ino)
{
    if (inode_is_ro(ino))
        return -EROFS;
    return is_root() || current->euid == ino->uid ? 0 : -EPERM;
}

/* The attr_* helpers take a referenced inode and drop the reference. */
static long attr_mode(struct inode *ino, uint32_t mode)
{
    long err = may_setattr(ino);

    if (!err) {
        ino->mode = (ino->mode & S_IFMT) | (mode & S_IALLUGO);
        inode_touch(ino, false);
    }
    inode_put(ino);
    return err;
}

/* The inode behind descriptor fd, with a reference held; NULL if fd is not open. */
struct inode *fd_inode(uint64_t fd)
{
    struct file *f = fget((int)fd);
    struct inode *ino;

    if (!f)
        return NULL;
    ino = f->inode;
    inode_get(ino);
    fput(f);
    return ino;
}

long sys_fchmodat(uint64_t dirfd, uaddr_t path, uint64_t mode)
{
    struct inode *ino;
    long err = at_lookup((int)dirfd, path, 0, true, &ino);

    return err ? err : attr_mode(ino, (uint32_t)mode);
}

long sys_chmod(uaddr_t path, uint64_t mode)
{
    return sys_fchmodat((uint64_t)AT_FDCWD, path, mode);
}

long sys_fchmod(uint64_t fd, uint64_t mode)
{
    struct inode *ino = fd_inode(fd);

    return ino ? attr_mode(ino, (uint32_t)mode) : -EBADF;
}

/* Only root gives files away (no change is always allowed). */
static long attr_owner(struct inode *ino, uint32_t uid, uint32_t gid)
{
    bool changes = (uid != ID_UNCHANGED && uid != ino->uid) ||
                   (gid != ID_UNCHANGED && gid != ino->gid);
    long err = inode_is_ro(ino) ? -EROFS : changes && !is_root() ? -EPERM : 0;

    if (!err) {
        ino->uid = uid == ID_UNCHANGED ? ino->uid : uid;
        ino->gid = gid == ID_UNCHANGED ? ino->gid : gid;
        inode_touch(ino, false);
    }
    inode_put(ino);
    return err;
}

long sys_fchownat(uint64_t dirfd, uaddr_t path, uint64_t uid, uint64_t gid,
                  uint64_t flags)
{
    struct inode *ino;
    long err;

    if ((uint32_t)flags & ~CHOWN_AT_FLAGS)
        return -EINVAL;
    err = at_lookup((int)dirfd, path, (int)flags, !(flags & AT_SYMLINK_NOFOLLOW), &ino);
    return err ? err : attr_owner(ino, (uint32_t)uid, (uint32_t)gid);
}

long sys_chown(uaddr_t path, uint64_t uid, uint64_t gid)
{
    return sys_fchownat((uint64_t)AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown(uaddr_t path, uint64_t uid, uint64_t gid)
{
    return sys_fchownat((uint64_t)AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(uint64_t fd, uint64_t uid, uint64_t gid)
{
    struct inode *ino = fd_inode(fd);

    return ino ? attr_owner(ino, (uint32_t)uid, (uint32_t)gid) : -EBADF;
}

static long truncate_checks(const struct inode *ino)
{
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode) || ino->fops || (ino->iops && ino->iops->generate))
        return -EINVAL;
    if (inode_is_ro(ino))
        return -EROFS;
    return inode_permission(ino, W_OK);
}

long sys_truncate(uaddr_t path, uint64_t length)
{
    struct inode *ino;
    long err;

    if ((int64_t)length < 0)
        return -EINVAL;
    if ((err = at_lookup(AT_FDCWD, path, 0, true, &ino)))
        return err;
    if (!(err = truncate_checks(ino)))
        err = data_truncate(ino, (int64_t)length);
    inode_put(ino);
    return err;
}

long sys_ftruncate(uint64_t fd, uint64_t length)
{
    struct file *f;
    uint32_t acc;
    long err;

    if ((int64_t)length < 0)
        return -EINVAL;
    if (!(f = fget((int)fd)))
        return -EBADF;
    acc = f->flags & O_ACCMODE;
    err = (acc != O_WRONLY && acc != O_RDWR) ? -EINVAL : truncate_checks(f->inode);
    if (err == -EISDIR)
        err = -EINVAL;
    if (!err)
        err = data_truncate(f->inode, (int64_t)length);
    fput(f);
    return err;
}

/* ---- utimensat ---- */

static bool utime_valid(const struct linux_timespec *ts)
{
    return ts->tv_nsec == UTIME_NOW || ts->tv_nsec == UTIME_OMIT ||
           (ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC);
}

static void utime_apply(struct linux_timespec *dst, const struct linux_timespec *ts,
                        struct linux_timespec now)
{
    if (ts->tv_nsec == UTIME_OMIT)
        return;
    *dst = ts->tv_nsec == UTIME_NOW ? now : *ts;
}

static long attr_times(struct inode *ino, const struct linux_timespec ts[2])
{
    long err = inode_is_ro(ino) ? -EROFS : 0;
    struct linux_timespec now = fs_now();

    if (!err) {
        utime_apply(&ino->atime, &ts[0], now);
        utime_apply(&ino->mtime, &ts[1], now);
        ino->ctime = now;
    }
    inode_put(ino);
    return err;
}

long sys_utimensat(uint64_t dirfd, uaddr_t path, uaddr_t times, uint64_t flags)
{
    struct linux_timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    struct inode *ino;
    long err;

    if ((uint32_t)flags & ~UTIMENS_AT_FLAGS)
        return -EINVAL;
    if (times && copy_from_user(ts, times, sizeof(ts)))
        return -EFAULT;
    if (!utime_valid(&ts[0]) || !utime_valid(&ts[1]))
        return -EINVAL;
    /* Linux's own extension: no path means dirfd's file itself. */
    if (!path && (int)dirfd != AT_FDCWD) {
        ino = fd_inode(dirfd);
        err = ino ? 0 : -EBADF;
    } else
        err = at_lookup((int)dirfd, path, (int)flags, !(flags & AT_SYMLINK_NOFOLLOW), &ino);
    return err ? err : attr_times(ino, ts);
}

long sys_umask(uint64_t mask)
{
    uint32_t old = current->umask;

    current->umask = (uint32_t)mask & S_IRWXUGO;
    return old;
}

long sys_sync(void)
{
    return 0;
}

long sys_fsync(uint64_t fd)
{
    struct file *f = fget((int)fd);

    if (!f)
        return -EBADF;
    fput(f);
    return 0;
}

long sys_fdatasync(uint64_t fd)
{
    return sys_fsync(fd);
}
