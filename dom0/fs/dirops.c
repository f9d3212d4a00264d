/*
 * dom0/fs/dirops.c - changing the tree: mkdir, rmdir, unlink, rename,
 * link, symlink; and moving the cwd (chdir, fchdir).
 *
 * Errors come in Linux's order: a "." or ".." last component first,
 * then a read-only mount (except for mkdir and friends, where an
 * existing name wins with EEXIST), then the lookup of the name itself.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"

#define RENAME_FLAGS        RENAME_NOREPLACE
#define LINKAT_FLAGS        (AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)
#define MKDIR_MODE_BITS     (S_IRWXUGO | S_ISVTX)

/* The directory a path's last component lives in, and that component. */
struct parent {
    char *path;
    struct inode *dir;
    const char *name;
    size_t len;
    bool trailing;
};

static long parent_get(uint64_t dirfd, uaddr_t upath, struct parent *p)
{
    struct inode *start;
    long err;

    p->path = getname(upath);
    if (IS_ERR(p->path))
        return PTR_ERR(p->path);
    start = at_start((int)dirfd, p->path);
    err = IS_ERR(start) ? PTR_ERR(start)
                        : vfs_parent_at(start, p->path, &p->dir, &p->name, &p->len,
                                        &p->trailing);
    if (!IS_ERR(start))
        inode_put(start);
    if (err)
        kfree(p->path);
    return err;
}

static void parent_put(struct parent *p)
{
    inode_put(p->dir);
    kfree(p->path);
}

static bool parent_is_dot(const struct parent *p)
{
    return p->len == 1 && p->name[0] == '.';
}

static bool parent_is_dots(const struct parent *p)
{
    return parent_is_dot(p) || (p->len == 2 && p->name[0] == '.' && p->name[1] == '.');
}

static struct inode *parent_child(const struct parent *p)
{
    return p->dir->iops ? NULL : dir_find(p->dir, p->name, p->len);
}

/* A new name may go here: EEXIST before EROFS, as Linux's filename_create. */
static long parent_may_create(const struct parent *p)
{
    if (parent_is_dots(p) || parent_child(p))
        return -EEXIST;
    return dir_may_change(p->dir);
}

long sys_mkdirat(uint64_t dirfd, uaddr_t path, uint64_t mode)
{
    struct parent p;
    long err = parent_get(dirfd, path, &p);

    if (err)
        return err;
    if (!(err = parent_may_create(&p)))
        inode_create(p.dir, p.name, p.len, S_IFDIR | ((uint32_t)mode & MKDIR_MODE_BITS), &err);
    parent_put(&p);
    return err;
}

long sys_mkdir(uaddr_t path, uint64_t mode)
{
    return sys_mkdirat((uint64_t)AT_FDCWD, path, mode);
}

static long rmdir_checks(const struct parent *p, struct inode **child)
{
    long err;

    if (parent_is_dot(p))
        return -EINVAL;
    if (parent_is_dots(p))
        return -ENOTEMPTY;
    if ((err = dir_may_change(p->dir)))
        return err;
    if (!(*child = parent_child(p)))
        return -ENOENT;
    if (!S_ISDIR((*child)->mode))
        return -ENOTDIR;
    if ((*child)->mounted)
        return -EBUSY;
    if ((err = sticky_may_remove(p->dir, *child)))
        return err;
    return dir_is_empty(*child) ? 0 : -ENOTEMPTY;
}

static long do_rmdir(uint64_t dirfd, uaddr_t path)
{
    struct parent p;
    struct inode *child;
    long err = parent_get(dirfd, path, &p);

    if (err)
        return err;
    if (!(err = rmdir_checks(&p, &child)))
        err = dir_remove(p.dir, p.name, p.len);
    parent_put(&p);
    return err;
}

static long unlink_checks(const struct parent *p)
{
    struct inode *child;
    long err;

    if (parent_is_dots(p))
        return -EISDIR;
    if ((err = dir_may_change(p->dir)))
        return err;
    if (!(child = parent_child(p)))
        return -ENOENT;
    if (S_ISDIR(child->mode))
        return -EISDIR;
    if (p->trailing)
        return -ENOTDIR;
    return sticky_may_remove(p->dir, child);
}

static long do_unlink(uint64_t dirfd, uaddr_t path)
{
    struct parent p;
    long err = parent_get(dirfd, path, &p);

    if (err)
        return err;
    if (!(err = unlink_checks(&p)))
        err = dir_remove(p.dir, p.name, p.len);
    parent_put(&p);
    return err;
}

long sys_unlinkat(uint64_t dirfd, uaddr_t path, uint64_t flags)
{
    if ((uint32_t)flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return (flags & AT_REMOVEDIR) ? do_rmdir(dirfd, path) : do_unlink(dirfd, path);
}

long sys_rmdir(uaddr_t path)
{
    return do_rmdir((uint64_t)AT_FDCWD, path);
}

long sys_unlink(uaddr_t path)
{
    return do_unlink((uint64_t)AT_FDCWD, path);
}

/* ---- rename ---- */

/* dir lies inside (or is) the directory ancestor. */
static bool is_within(struct inode *dir, const struct inode *ancestor)
{
    for (; dir; dir = dir->parent)
        if (dir == ancestor)
            return true;
    return false;
}

static long rename_target_checks(const struct parent *to, struct inode *src,
                                 struct inode *dst, uint32_t flags)
{
    if (dst && (flags & RENAME_NOREPLACE))
        return -EEXIST;
    if (S_ISDIR(src->mode)) {
        if (is_within(to->dir, src))
            return -EINVAL;
        if (dst && !S_ISDIR(dst->mode))
            return -ENOTDIR;
        if (dst && dst->mounted)
            return -EBUSY;
        if (dst && !dir_is_empty(dst))
            return -ENOTEMPTY;
    } else if (dst && S_ISDIR(dst->mode)) {
        return -EISDIR;
    } else if (to->trailing) {
        return -ENOTDIR;
    }
    return 0;
}

static long rename_checks(const struct parent *from, const struct parent *to,
                          uint32_t flags, struct inode **src, struct inode **dst)
{
    long err;

    if (parent_is_dots(from) || parent_is_dots(to))
        return -EBUSY;
    if (from->dir->sb != to->dir->sb)
        return -EXDEV;
    if ((err = dir_may_change(from->dir)) || (err = dir_may_change(to->dir)))
        return err;
    if (!(*src = parent_child(from)))
        return -ENOENT;
    if (from->trailing && !S_ISDIR((*src)->mode))
        return -ENOTDIR;
    if ((*src)->mounted)
        return -EBUSY;
    if ((err = sticky_may_remove(from->dir, *src)))
        return err;
    *dst = parent_child(to);
    if (*dst == *src)
        return 0;
    if (*dst && (err = sticky_may_remove(to->dir, *dst)))
        return err;
    return rename_target_checks(to, *src, *dst, flags);
}

/* The new name is linked before the old one goes, so ENOMEM loses nothing. */
static long rename_move(struct parent *from, struct parent *to, struct inode *src,
                        struct inode *dst)
{
    long err;

    if (dst == src)
        return 0;
    inode_get(src);
    if (dst)
        dir_remove(to->dir, to->name, to->len);
    if (!(err = dir_add(to->dir, to->name, to->len, src))) {
        dir_remove(from->dir, from->name, from->len);
        /* Removing the old name cleared ".." when both names were in one directory. */
        if (S_ISDIR(src->mode))
            src->parent = to->dir;
    }
    inode_put(src);
    return err;
}

long sys_renameat2(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                   uaddr_t newpath, uint64_t flags)
{
    struct parent from, to;
    struct inode *src, *dst;
    long err;

    if ((uint32_t)flags & ~RENAME_FLAGS)
        return -EINVAL;
    if ((err = parent_get(olddirfd, oldpath, &from)))
        return err;
    if ((err = parent_get(newdirfd, newpath, &to))) {
        parent_put(&from);
        return err;
    }
    if (!(err = rename_checks(&from, &to, (uint32_t)flags, &src, &dst)))
        err = rename_move(&from, &to, src, dst);
    parent_put(&to);
    parent_put(&from);
    return err;
}

long sys_renameat(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                  uaddr_t newpath)
{
    return sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

long sys_rename(uaddr_t oldpath, uaddr_t newpath)
{
    return sys_renameat2((uint64_t)AT_FDCWD, oldpath, (uint64_t)AT_FDCWD, newpath, 0);
}

/* ---- link, symlink ---- */

static long link_checks(const struct parent *to, const struct inode *src)
{
    long err;

    if (S_ISDIR(src->mode))
        return -EPERM;
    if ((err = parent_may_create(to)))
        return err;
    if (to->dir->sb != src->sb)
        return -EXDEV;
    return src->nlink ? 0 : -ENOENT;
}

long sys_linkat(uint64_t olddirfd, uaddr_t oldpath, uint64_t newdirfd,
                uaddr_t newpath, uint64_t flags)
{
    struct parent to;
    struct inode *src;
    long err;

    if ((uint32_t)flags & ~LINKAT_FLAGS)
        return -EINVAL;
    err = at_lookup((int)olddirfd, oldpath, (int)flags, flags & AT_SYMLINK_FOLLOW, &src);
    if (err)
        return err;
    if (!(err = parent_get(newdirfd, newpath, &to))) {
        if (!(err = link_checks(&to, src)))
            err = dir_add(to.dir, to.name, to.len, src);
        parent_put(&to);
    }
    inode_put(src);
    return err;
}

long sys_link(uaddr_t oldpath, uaddr_t newpath)
{
    return sys_linkat((uint64_t)AT_FDCWD, oldpath, (uint64_t)AT_FDCWD, newpath, 0);
}

long sys_symlinkat(uaddr_t utarget, uint64_t newdirfd, uaddr_t linkpath)
{
    char *target = getname(utarget);
    struct parent p;
    struct inode *ino;
    long err;

    if (IS_ERR(target))
        return PTR_ERR(target);
    if (!target[0])
        err = -ENOENT;
    else if (!(err = parent_get(newdirfd, linkpath, &p))) {
        if (!(err = parent_may_create(&p)) &&
            (ino = inode_create(p.dir, p.name, p.len, S_IFLNK | S_IRWXUGO, &err))) {
            ino->mode = S_IFLNK | S_IRWXUGO;    /* no umask on symlinks */
            ino->link = target;
            ino->size = (int64_t)strlen(target);
            target = NULL;
        }
        parent_put(&p);
    }
    kfree(target);
    return err;
}

long sys_symlink(uaddr_t target, uaddr_t linkpath)
{
    return sys_symlinkat(target, (uint64_t)AT_FDCWD, linkpath);
}

/* ---- The cwd ---- */

static long set_cwd(struct inode *dir)
{
    char *path;
    long len;

    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if ((len = inode_permission(dir, X_OK)))
        return len;
    if (!(path = kmalloc(LINUX_PATH_MAX)))
        return -ENOMEM;
    if ((len = inode_path(vfs_root_inode, dir, path, LINUX_PATH_MAX)) < 0)
        kstrlcpy(path, "(unreachable)", LINUX_PATH_MAX);
    inode_get(dir);
    inode_put(current->cwd);
    current->cwd = dir;
    kfree(current->cwd_path);
    current->cwd_path = path;
    return 0;
}

long sys_chdir(uaddr_t path)
{
    struct inode *dir;
    long err = at_lookup(AT_FDCWD, path, 0, true, &dir);

    if (err)
        return err;
    err = set_cwd(dir);
    inode_put(dir);
    return err;
}

long sys_fchdir(uint64_t fd)
{
    struct file *f = fget((int)fd);
    long err;

    if (!f)
        return -EBADF;
    err = set_cwd(f->inode);
    fput(f);
    return err;
}
