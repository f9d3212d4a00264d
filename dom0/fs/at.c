/*
 * dom0/fs/at.c - path lookup for the calling process: the walk of
 * namei.c started from current's cwd, or from the directory a *at()
 * call's dirfd names.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "vfs.h"

static struct inode *cwd_inode(void)
{
    return current && current->cwd ? current->cwd : vfs_root_inode;
}

long vfs_lookup_at(struct inode *start, const char *path, bool follow,
                   struct inode **out)
{
    struct walk w = { .root = vfs_root_inode };

    if (!vfs_root_inode)
        return -ENOENT;
    return path_walk(&w, start, path, strnlen(path, LINUX_PATH_MAX), follow, out);
}

long vfs_parent_at(struct inode *start, const char *path, struct inode **dir,
                   const char **name, size_t *name_len, bool *trailing)
{
    struct walk w = { .root = vfs_root_inode };

    if (!vfs_root_inode)
        return -ENOENT;
    return path_parent(&w, start, path, strnlen(path, LINUX_PATH_MAX), dir, name,
                       name_len, trailing);
}

long vfs_lookup(const char *path, bool follow_last_link, struct inode **out)
{
    return vfs_lookup_at(cwd_inode(), path, follow_last_link, out);
}

/*
 * Where a *at() call starts: the cwd for AT_FDCWD or an absolute path,
 * else dirfd's directory (EBADF, ENOTDIR).  Referenced.
 */
struct inode *at_start(int dirfd, const char *path)
{
    struct file *f;
    struct inode *dir;

    if (dirfd == AT_FDCWD || path[0] == '/') {
        dir = cwd_inode();
        if (!dir)
            return ERR_PTR(-ENOENT);
        inode_get(dir);
        return dir;
    }
    if (!(f = fget(dirfd)))
        return ERR_PTR(-EBADF);
    dir = f->inode;
    inode_get(dir);
    fput(f);
    if (path[0] && !S_ISDIR(dir->mode)) {
        inode_put(dir);
        return ERR_PTR(-ENOTDIR);
    }
    return dir;
}

/*
 * The inode a *at() call names: the path from dirfd, or with
 * AT_EMPTY_PATH and "" the dirfd's own file.  Referenced.
 */
long at_lookup(int dirfd, uaddr_t upath, int at_flags, bool follow,
               struct inode **out)
{
    char *path = !upath && (at_flags & AT_EMPTY_PATH) ? kzalloc(1) : getname(upath);
    struct inode *start;
    long err;

    if (!path)
        return -ENOMEM;
    if (IS_ERR(path))
        return PTR_ERR(path);
    start = at_start(dirfd, path);
    if (IS_ERR(start)) {
        err = PTR_ERR(start);
    } else if (path[0] == '\0') {
        err = (at_flags & AT_EMPTY_PATH) ? 0 : -ENOENT;
        *out = start;
        if (err)
            inode_put(start);
    } else {
        err = vfs_lookup_at(start, path, follow, out);
        inode_put(start);
    }
    kfree(path);
    return err;
}
