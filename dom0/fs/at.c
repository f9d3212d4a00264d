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
    struct inode *dir;

    if (dirfd == AT_FDCWD || path[0] == '/') {
        dir = cwd_inode();
        if (!dir)
            return ERR_PTR(-ENOENT);
        inode_get(dir);
        return dir;
    }
    if (!(dir = fd_inode(dirfd)))
        return ERR_PTR(-EBADF);
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
    char *path = !(at_flags & AT_EMPTY_PATH) ? getname(upath) :
                 upath ? getname_empty_ok(upath) : kzalloc(1);
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

#define REALPATH_LINKS_MAX  40

/* path with its last component replaced by a link's target. */
static long splice_link(char *path, size_t size, const char *target, size_t tlen)
{
    char *slash = strrchr(path, '/');
    size_t keep = target[0] == '/' ? 0 : slash ? (size_t)(slash - path) + 1 : 0;

    if (keep + tlen + 1 > size)
        return -ENAMETOOLONG;
    memmove(path + keep, target, tlen);
    path[keep + tlen] = '\0';
    return 0;
}

/* The directory part of path made absolute, then "/" and the last part. */
static long absolute_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX_LINUX];
    struct inode *d;
    long n, err;

    if (!slash)
        kstrlcpy(dir, ".", sizeof(dir));
    else if (slash == path)
        kstrlcpy(dir, "/", sizeof(dir));
    else
        kstrlcpy(dir, path, MIN(sizeof(dir), (size_t)(slash - path) + 1));
    err = vfs_lookup(dir, true, &d);
    if (err)
        return err;
    n = inode_path(vfs_root_inode, d, buf, size);
    inode_put(d);
    if (n < 0)
        return n;
    if ((size_t)n + strlen(slash ? slash : "/") + 2 > size)
        return -ENAMETOOLONG;
    snprintf(buf + n, size - n, "%s%s", n > 1 ? "/" : "", slash ? slash + 1 : path);
    return 0;
}

long vfs_realpath(const char *path, char *buf, size_t size)
{
    char *cur = kmalloc(PATH_MAX_LINUX), target[PATH_MAX_LINUX];
    struct inode *ino;
    long err = cur ? 0 : -ENOMEM;
    int links;

    if (!err)
        kstrlcpy(cur, path, PATH_MAX_LINUX);
    for (links = 0; !err && links <= REALPATH_LINKS_MAX; links++) {
        if ((err = vfs_lookup(cur, false, &ino)))
            break;
        if (!S_ISLNK(ino->mode)) {
            inode_put(ino);
            err = absolute_of(cur, buf, size);
            kfree(cur);
            return err;
        }
        err = inode_readlink(ino, target, sizeof(target) - 1);
        inode_put(ino);
        if (err >= 0)
            err = splice_link(cur, PATH_MAX_LINUX, target, err);
    }
    kfree(cur);
    return err ? err : -ELOOP;
}
