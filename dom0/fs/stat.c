/*
 * dom0/fs/stat.c - questions about files: the stat family, statx,
 * statfs, access, readlink and getcwd.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define STAT_AT_FLAGS       (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)
#define STATX_AT_FLAGS      (STAT_AT_FLAGS | AT_STATX_SYNC_TYPE)
#define ACCESS_AT_FLAGS     (AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)
#define ACCESS_MODES        (R_OK | W_OK | X_OK)

static long stat_out(struct inode *ino, uaddr_t ubuf)
{
    struct linux_stat st;

    inode_stat(ino, &st);
    inode_put(ino);
    return copy_to_user(ubuf, &st, sizeof(st));
}

long sys_newfstatat(uint64_t dirfd, uaddr_t path, uaddr_t statbuf, uint64_t flags)
{
    struct inode *ino;
    long err;

    if ((uint32_t)flags & ~STAT_AT_FLAGS)
        return -EINVAL;
    err = at_lookup((int)dirfd, path, (int)flags, !(flags & AT_SYMLINK_NOFOLLOW), &ino);
    return err ? err : stat_out(ino, statbuf);
}

long sys_stat(uaddr_t path, uaddr_t statbuf)
{
    return sys_newfstatat((uint64_t)AT_FDCWD, path, statbuf, 0);
}

long sys_lstat(uaddr_t path, uaddr_t statbuf)
{
    return sys_newfstatat((uint64_t)AT_FDCWD, path, statbuf, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(uint64_t fd, uaddr_t statbuf)
{
    struct inode *ino = fd_inode(fd);

    return ino ? stat_out(ino, statbuf) : -EBADF;
}

static struct linux_statx_timestamp statx_time(struct linux_timespec ts)
{
    struct linux_statx_timestamp t = { .tv_sec = ts.tv_sec, .tv_nsec = (uint32_t)ts.tv_nsec };
    return t;
}

static void statx_fill(const struct linux_stat *st, struct linux_statx *sx)
{
    memset(sx, 0, sizeof(*sx));
    sx->stx_mask = STATX_BASIC_STATS;
    sx->stx_blksize = (uint32_t)st->st_blksize;
    sx->stx_nlink = (uint32_t)st->st_nlink;
    sx->stx_uid = st->st_uid;
    sx->stx_gid = st->st_gid;
    sx->stx_mode = (uint16_t)st->st_mode;
    sx->stx_ino = st->st_ino;
    sx->stx_size = (uint64_t)st->st_size;
    sx->stx_blocks = (uint64_t)st->st_blocks;
    sx->stx_atime = statx_time(st->st_atim);
    sx->stx_mtime = statx_time(st->st_mtim);
    sx->stx_ctime = statx_time(st->st_ctim);
    sx->stx_rdev_major = (uint32_t)((st->st_rdev >> 8) & 0xfff);
    sx->stx_rdev_minor = (uint32_t)((st->st_rdev & 0xff) | ((st->st_rdev >> 12) & 0xfff00));
    sx->stx_dev_major = (uint32_t)((st->st_dev >> 8) & 0xfff);
    sx->stx_dev_minor = (uint32_t)((st->st_dev & 0xff) | ((st->st_dev >> 12) & 0xfff00));
}

long sys_statx(uint64_t dirfd, uaddr_t path, uint64_t flags, uint64_t mask,
               uaddr_t statxbuf)
{
    struct linux_statx sx;
    struct linux_stat st;
    struct inode *ino;
    long err;

    if (((uint32_t)flags & ~STATX_AT_FLAGS) ||
        ((uint32_t)flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
        ((uint32_t)mask & STATX__RESERVED))
        return -EINVAL;
    err = at_lookup((int)dirfd, path, (int)flags, !(flags & AT_SYMLINK_NOFOLLOW), &ino);
    if (err)
        return err;
    inode_stat(ino, &st);
    inode_put(ino);
    statx_fill(&st, &sx);
    return copy_to_user(statxbuf, &sx, sizeof(sx));
}

static long statfs_out(struct inode *ino, uaddr_t ubuf)
{
    struct linux_statfs sf;

    memset(&sf, 0, sizeof(sf));
    sf.f_type = ino->sb->magic;
    sf.f_bsize = sf.f_frsize = PAGE_SIZE;
    if (!ino->sb->read_only) {
        sf.f_blocks = pages_total();
        sf.f_bfree = sf.f_bavail = pages_free_count();
    }
    sf.f_fsid[0] = (int32_t)ino->sb->dev;
    sf.f_namelen = LINUX_NAME_MAX;
    sf.f_flags = ino->sb->read_only ? ST_RDONLY : 0;
    inode_put(ino);
    return copy_to_user(ubuf, &sf, sizeof(sf));
}

long sys_statfs(uaddr_t path, uaddr_t buf)
{
    struct inode *ino;
    long err = at_lookup(AT_FDCWD, path, 0, true, &ino);

    return err ? err : statfs_out(ino, buf);
}

long sys_fstatfs(uint64_t fd, uaddr_t buf)
{
    struct inode *ino = fd_inode(fd);

    return ino ? statfs_out(ino, buf) : -EBADF;
}

/* Write access to a file of a read-only mount (a device's node is fine). */
static bool write_blocked_by_ro(const struct inode *ino)
{
    return inode_is_ro(ino) && !ino->fops && !S_ISCHR(ino->mode) &&
           (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode));
}

long sys_faccessat2(uint64_t dirfd, uaddr_t path, uint64_t mode, uint64_t flags)
{
    struct inode *ino;
    long err;

    if (((uint32_t)mode & ~ACCESS_MODES) || ((uint32_t)flags & ~ACCESS_AT_FLAGS))
        return -EINVAL;
    err = at_lookup((int)dirfd, path, (int)flags, !(flags & AT_SYMLINK_NOFOLLOW), &ino);
    if (err)
        return err;
    if ((mode & W_OK) && write_blocked_by_ro(ino))
        err = -EROFS;
    else
        err = inode_permission(ino, (int)mode);
    inode_put(ino);
    return err;
}

long sys_faccessat(uint64_t dirfd, uaddr_t path, uint64_t mode)
{
    return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(uaddr_t path, uint64_t mode)
{
    return sys_faccessat2((uint64_t)AT_FDCWD, path, mode, 0);
}

long sys_readlinkat(uint64_t dirfd, uaddr_t path, uaddr_t buf, uint64_t bufsiz)
{
    struct inode *ino;
    char *target;
    long len;

    if ((int)bufsiz <= 0)
        return -EINVAL;
    if ((len = at_lookup((int)dirfd, path, 0, false, &ino)))
        return len;
    target = kmalloc(LINUX_PATH_MAX);
    len = target ? inode_readlink(ino, target, LINUX_PATH_MAX) : -ENOMEM;
    inode_put(ino);
    if (len >= 0) {
        len = MIN(len, (long)(int)bufsiz);
        if (copy_to_user(buf, target, (size_t)len))
            len = -EFAULT;
    }
    kfree(target);
    return len;
}

long sys_readlink(uaddr_t path, uaddr_t buf, uint64_t bufsiz)
{
    return sys_readlinkat((uint64_t)AT_FDCWD, path, buf, bufsiz);
}

long sys_getcwd(uaddr_t buf, uint64_t size)
{
    const char *cwd = current && current->cwd_path ? current->cwd_path : "/";
    size_t len = strlen(cwd) + 1;

    if (size < len)
        return -ERANGE;
    if (copy_to_user(buf, cwd, len))
        return -EFAULT;
    return (long)len;
}
