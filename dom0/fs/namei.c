/*
 * dom0/fs/namei.c - path lookup.  A pure function of the tree: the walk
 * gets its root and starting directory from the caller and touches no
 * process state, so the host tests drive it directly.
 *
 * Rules as Linux's: repeated slashes are one, "." and ".." are handled
 * here ("/.." stays at the root, ".." from a mounted root leaves through
 * its mount point), every directory crossed needs search permission, a
 * component of more than 255 bytes is ENAMETOOLONG, and at most 40
 * symlinks are followed in one lookup (ELOOP).  A trailing slash demands
 * a directory and follows a final symlink.
 */
#include <kernel/kernel.h>
#include <linux/errno.h>
#include "vfs.h"

static bool name_is(const char *name, size_t len, const char *what)
{
    return strlen(what) == len && memcmp(name, what, len) == 0;
}

/* ".." of dir: through mount points, never above the walk's root. */
static struct inode *parent_of(const struct walk *w, struct inode *dir)
{
    while (dir != w->root && dir->covered)
        dir = dir->covered;
    if (dir == w->root || !dir->parent)
        return dir;
    return dir->parent;
}

/* The entry name in dir, referenced, entering whatever is mounted on it. */
static long walk_step(const struct walk *w, struct inode *dir, const char *name,
                      size_t len, struct inode **out)
{
    struct inode *next;

    if (name_is(name, len, "."))
        next = dir;
    else if (name_is(name, len, ".."))
        next = parent_of(w, dir);
    else if (dir->iops && dir->iops->lookup)
        return dir->iops->lookup(dir, name, len, out);  /* no mounts there */
    else if (!(next = dir_find(dir, name, len)))
        return -ENOENT;
    while (next->mounted)
        next = next->mounted;
    inode_get(next);
    *out = next;
    return 0;
}

/* Resolves a symlink met in dir; the target is walked from dir. */
static long follow_link(struct walk *w, struct inode *dir, struct inode *link,
                        struct inode **out)
{
    char *buf = NULL;
    const char *target = link->link ? link->link : (const char *)link->rodata;
    long len = link->size, err;

    if (++w->links > LINUX_SYMLOOP_MAX)
        return -ELOOP;
    if (link->iops && link->iops->follow)
        return link->iops->follow(link, out);
    if (link->iops && link->iops->readlink) {
        if (!(buf = kmalloc(LINUX_PATH_MAX)))
            return -ENOMEM;
        len = link->iops->readlink(link, buf, LINUX_PATH_MAX);
        target = buf;
    }
    err = len < 0 ? len : target ? path_walk(w, dir, target, (size_t)len, true, out)
                                 : -ENOENT;
    kfree(buf);
    return err;
}

/* One step of the walk: *cur (referenced) becomes the entry name in it. */
static long walk_component(struct walk *w, struct inode **cur, const char *name,
                           size_t len, bool follow)
{
    struct inode *next, *target;
    long err;

    if (len > LINUX_NAME_MAX)
        return -ENAMETOOLONG;
    if (!S_ISDIR((*cur)->mode))
        return -ENOTDIR;
    if ((err = inode_permission(*cur, X_OK)) || (err = walk_step(w, *cur, name, len, &next)))
        return err;
    if (follow && S_ISLNK(next->mode)) {
        err = follow_link(w, *cur, next, &target);
        inode_put(next);
        if (err)
            return err;
        next = target;
    }
    inode_put(*cur);
    *cur = next;
    return 0;
}

static size_t skip_slashes(const char *p, size_t i, size_t len)
{
    while (i < len && p[i] == '/')
        i++;
    return i;
}

long path_walk(struct walk *w, struct inode *start, const char *path,
               size_t len, bool follow_last, struct inode **out)
{
    struct inode *cur;
    size_t i = 0;
    bool trailing = false;
    long err = 0;

    if (len == 0)
        return -ENOENT;
    if (len >= LINUX_PATH_MAX)
        return -ENAMETOOLONG;
    cur = path[0] == '/' ? w->root : start;
    inode_get(cur);
    while ((i = skip_slashes(path, i, len)) < len && !err) {
        size_t begin = i, end;
        bool last;
        while (i < len && path[i] != '/')
            i++;
        end = i;
        last = skip_slashes(path, i, len) == len;
        trailing = last && end < len;
        err = walk_component(w, &cur, path + begin, end - begin,
                             !last || follow_last || trailing);
    }
    if (!err && trailing && !S_ISDIR(cur->mode))
        err = -ENOTDIR;
    if (err) {
        inode_put(cur);
        return err;
    }
    *out = cur;
    return 0;
}

long path_parent(struct walk *w, struct inode *start, const char *path,
                 size_t len, struct inode **dir, const char **name,
                 size_t *name_len, bool *trailing_slash)
{
    size_t end = len, begin;
    long err;

    if (len == 0)
        return -ENOENT;
    if (len >= LINUX_PATH_MAX)
        return -ENAMETOOLONG;
    while (end > 0 && path[end - 1] == '/')
        end--;
    *trailing_slash = end < len;
    if (end == 0) {                 /* "/", "//": the root itself */
        *name = ".";
        *name_len = 1;
        inode_get(w->root);
        *dir = w->root;
        return 0;
    }
    for (begin = end; begin > 0 && path[begin - 1] != '/'; begin--)
        ;
    if (end - begin > LINUX_NAME_MAX)
        return -ENAMETOOLONG;
    *name = path + begin;
    *name_len = end - begin;
    if (begin == 0) {
        inode_get(start);
        *dir = start;
        return 0;
    }
    err = path_walk(w, start, path, begin, true, dir);
    if (!err && !S_ISDIR((*dir)->mode)) {
        inode_put(*dir);
        err = -ENOTDIR;
    }
    return err;
}

/* The absolute path of directory ino, as getcwd reports it: length or -errno. */
long inode_path(struct inode *root, struct inode *ino, char *buf, size_t size)
{
    size_t pos = size;

    if (size < 2)
        return -ERANGE;
    buf[--pos] = '\0';
    for (;;) {
        const char *name;
        size_t n;
        while (ino != root && ino->covered)
            ino = ino->covered;
        if (ino == root)
            break;
        if (!ino->parent || dir_name_of(ino->parent, ino, &name))
            return -ENOENT;
        n = strlen(name);
        if (pos < n + 1)
            return -ENAMETOOLONG;
        pos -= n;
        memcpy(buf + pos, name, n);
        buf[--pos] = '/';
        ino = ino->parent;
    }
    if (pos == size - 1)
        buf[--pos] = '/';
    memmove(buf, buf + pos, size - pos);
    return (long)(size - pos - 1);
}
