/*
 * dom0/fs/open.c - opening files and managing descriptors: open, openat,
 * creat, close, dup*, fcntl, ioctl, pipe, pipe2.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <kernel/uaccess.h>
#include <kernel/syscalls_fs.h>
#include <linux/errno.h>
#include "vfs.h"
#include "pipe.h"

/* Flags open() keeps in the file (F_GETFL shows them). */
#define OPEN_CREATION_FLAGS (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)
#define SETFL_MASK          (O_APPEND | O_NONBLOCK)
#define PIPE2_FLAGS         (O_CLOEXEC | O_NONBLOCK)

static bool acc_reads(uint32_t flags)
{
    return (flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR;
}

static bool acc_writes(uint32_t flags)
{
    return (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
}

static bool is_dot_name(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The bytes of a file the tree holds (not a device's, not generated). */
static bool has_tree_data(const struct inode *ino)
{
    return S_ISREG(ino->mode) && !ino->fops && !(ino->iops && ino->iops->generate);
}

/* Whether a directory may gain or lose entries: 0, -EROFS or -EACCES. */
long dir_may_change(struct inode *dir)
{
    if (inode_is_ro(dir) || dir->iops)
        return -EROFS;
    if (dir->nlink == 0)
        return -ENOENT;             /* removed, though still someone's cwd */
    return inode_permission(dir, W_OK | X_OK);
}

/*
 * In a sticky directory (/tmp, /dev/shm) an entry may be removed or
 * replaced only by root or by the owner of the entry or of the directory.
 */
long sticky_may_remove(const struct inode *dir, const struct inode *child)
{
    uint32_t euid = current->euid;

    if (!(dir->mode & S_ISVTX) || euid == 0 || euid == child->uid || euid == dir->uid)
        return 0;
    return -EPERM;
}

/* A new inode owned by current, umask applied. */
struct inode *inode_create(struct inode *dir, const char *name, size_t len,
                           uint32_t mode, long *err)
{
    struct inode *ino = inode_new(dir->sb, mode & ~(current ? current->umask : 0));

    *err = -ENOSPC;
    if (!ino)
        return NULL;
    ino->mode |= mode & S_IFMT;
    if (current) {
        ino->uid = current->euid;
        ino->gid = current->egid;
    }
    if ((*err = dir_add(dir, name, len, ino))) {
        inode_put(ino);
        return NULL;
    }
    inode_put(ino);                 /* the entry keeps it */
    return ino;
}

static long open_create(struct inode *start, const char *path, uint32_t flags,
                        uint32_t mode, struct inode **out, int links);

/*
 * O_CREAT met a dangling symlink: Linux creates the file it points to,
 * the target walked from the link's directory.
 */
static long create_through_link(struct inode *dir, struct inode *link, uint32_t flags,
                                uint32_t mode, struct inode **out, int links)
{
    char *target;
    long len, err;

    if (links >= LINUX_SYMLOOP_MAX)
        return -ELOOP;
    if (!(target = kmalloc(LINUX_PATH_MAX + 1)))
        return -ENOMEM;
    len = inode_readlink(link, target, LINUX_PATH_MAX);
    if (len >= 0 && len < LINUX_PATH_MAX) {
        target[len] = '\0';
        err = open_create(dir, target, flags, mode, out, links + 1);
    } else {
        err = len < 0 ? len : -ENAMETOOLONG;
    }
    kfree(target);
    return err;
}

/* A new regular file named name in dir. */
static long create_file(struct inode *dir, const char *name, size_t len, uint32_t mode,
                        struct inode **out)
{
    long err = dir_may_change(dir);

    if (err)
        return err;
    *out = inode_create(dir, name, len, S_IFREG | (mode & S_IALLUGO), &err);
    if (*out)
        inode_get(*out);
    return err;
}

/* O_CREAT: the existing file, or a new one made in its directory. */
static long open_create(struct inode *start, const char *path, uint32_t flags,
                        uint32_t mode, struct inode **out, int links)
{
    struct inode *dir, *link;
    const char *name;
    size_t len;
    bool trailing;
    long err = vfs_parent_at(start, path, &dir, &name, &len, &trailing);

    if (err)
        return err;
    if (trailing || is_dot_name(name, len))
        err = -EISDIR;
    else
        err = vfs_lookup_at(dir, name, !(flags & (O_NOFOLLOW | O_EXCL)), out);
    if (err == 0 && (flags & O_EXCL)) {
        inode_put(*out);
        err = -EEXIST;
    } else if (err == -ENOENT && !(link = dir->iops ? NULL : dir_find(dir, name, len))) {
        err = create_file(dir, name, len, mode, out);
    } else if (err == -ENOENT && S_ISLNK(link->mode) && !(flags & O_NOFOLLOW)) {
        err = create_through_link(dir, link, flags, mode, out, links);
    }
    inode_put(dir);
    return err;
}

static long open_check(struct inode *ino, uint32_t flags)
{
    int mask = (acc_reads(flags) ? R_OK : 0) | (acc_writes(flags) ? W_OK : 0);

    if (S_ISLNK(ino->mode))
        return -ELOOP;              /* O_NOFOLLOW met a symlink */
    if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
        return -ENOTDIR;
    if (S_ISDIR(ino->mode) && (acc_writes(flags) || (flags & O_CREAT)))
        return -EISDIR;
    if (acc_writes(flags) && has_tree_data(ino) && inode_is_ro(ino))
        return -EROFS;
    if (acc_writes(flags) && ino->iops && ino->iops->generate)
        return -EACCES;
    return inode_permission(ino, mask);
}

/* An open file on ino (the caller keeps its own reference). */
static struct file *open_inode(struct inode *ino, uint32_t flags, long *err)
{
    const struct file_ops *ops = file_ops_for(ino);
    struct file *f;

    if ((*err = open_check(ino, flags)))
        return NULL;
    if (S_ISFIFO(ino->mode) && ino->pipe)
        return pipe_reopen(ino, flags, err);
    *err = -ENXIO;
    if (!ops)
        return NULL;
    if ((flags & O_TRUNC) && acc_writes(flags) && has_tree_data(ino) &&
        (*err = data_truncate(ino, 0)))
        return NULL;
    *err = -ENOMEM;
    if (!(f = file_new(ino, ops, (flags & ~OPEN_CREATION_FLAGS) | O_LARGEFILE)))
        return NULL;
    f->priv = ino->data;
    *err = 0;
    if (ops->open && (*err = ops->open(f))) {
        f->ops = NULL;              /* never opened, so never released */
        fput(f);
        return NULL;
    }
    return f;
}

struct file *vfs_open_at(struct inode *start, const char *path, uint32_t flags,
                         uint32_t mode)
{
    struct inode *ino;
    struct file *f;
    long err;

    if (flags & O_CREAT)
        err = open_create(start, path, flags, mode, &ino, 0);
    else
        err = vfs_lookup_at(start, path, !(flags & O_NOFOLLOW), &ino);
    if (err)
        return ERR_PTR(err);
    f = open_inode(ino, flags, &err);
    inode_put(ino);
    return f ? f : ERR_PTR(err);
}

struct file *vfs_open(const char *path, uint32_t flags, uint32_t mode)
{
    struct inode *start = at_start(AT_FDCWD, path);
    struct file *f;

    if (IS_ERR(start))
        return (struct file *)start;
    f = vfs_open_at(start, path, flags, mode);
    inode_put(start);
    return f;
}

long sys_openat(uint64_t dirfd, uaddr_t upath, uint64_t flags, uint64_t mode)
{
    char *path = getname(upath);
    struct inode *start;
    struct file *f;
    long fd;

    if (IS_ERR(path))
        return PTR_ERR(path);
    start = at_start((int)dirfd, path);
    f = IS_ERR(start) ? (struct file *)start
                      : vfs_open_at(start, path, (uint32_t)flags, (uint32_t)mode);
    if (!IS_ERR(start))
        inode_put(start);
    kfree(path);
    if (IS_ERR(f))
        return PTR_ERR(f);
    fd = fd_install(f, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
    if (fd < 0)
        fput(f);
    return fd;
}

long sys_open(uaddr_t path, uint64_t flags, uint64_t mode)
{
    return sys_openat((uint64_t)AT_FDCWD, path, flags, mode);
}

long sys_creat(uaddr_t path, uint64_t mode)
{
    return sys_open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(uint64_t fd)
{
    return fd_close((int)fd);
}

/* Puts f at the lowest descriptor from lowest on; f's reference moves there. */
static long dup_from(struct file *f, int lowest, uint32_t fd_flags)
{
    long fd = fd_alloc_from(lowest, f, fd_flags);

    if (fd < 0)
        fput(f);
    return fd;
}

long sys_dup(uint64_t fd)
{
    struct file *f = fget((int)fd);

    return f ? dup_from(f, 0, 0) : -EBADF;
}

static long dup_to(int oldfd, int newfd, uint32_t fd_flags)
{
    struct file *f = fget(oldfd);
    long fd;

    if (!f)
        return -EBADF;
    fd = fd_install_at(newfd, f, fd_flags);
    if (fd < 0)
        fput(f);
    return fd;
}

long sys_dup2(uint64_t oldfd, uint64_t newfd)
{
    struct file *f;

    if ((int)oldfd != (int)newfd)
        return dup_to((int)oldfd, (int)newfd, 0);
    if (!(f = fget((int)oldfd)))
        return -EBADF;
    fput(f);
    return (int)newfd;
}

long sys_dup3(uint64_t oldfd, uint64_t newfd, uint64_t flags)
{
    if (((uint32_t)flags & ~O_CLOEXEC) || (int)oldfd == (int)newfd)
        return -EINVAL;
    return dup_to((int)oldfd, (int)newfd, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
}

static long fcntl_file(int fd, struct file *f, int cmd, uint64_t arg)
{
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= LINUX_FD_SETSIZE)
            return -EINVAL;
        f->refs++;
        return dup_from(f, (int)arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
    case F_GETFD:
        return fd_get_cloexec(fd);
    case F_SETFD:
        return fd_set_cloexec(fd, arg & FD_CLOEXEC);
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        f->flags = (f->flags & ~SETFL_MASK) | ((uint32_t)arg & SETFL_MASK);
        return 0;
    case F_GETPIPE_SZ:
        return file_is_pipe(f) ? (long)PIPE_CAPACITY : -EINVAL;
    default:
        return -EINVAL;
    }
}

long sys_fcntl(uint64_t fd, uint64_t cmd, uint64_t arg)
{
    struct file *f = fget((int)fd);
    long ret;

    if (!f)
        return -EBADF;
    ret = fcntl_file((int)fd, f, (int)cmd, arg);
    fput(f);
    return ret;
}

static long ioctl_file(int fd, struct file *f, unsigned int cmd, uint64_t arg)
{
    int on, avail;

    switch (cmd) {
    case FIONBIO:
        if (copy_from_user(&on, arg, sizeof(on)))
            return -EFAULT;
        f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
        return 0;
    case FIOCLEX:
    case FIONCLEX:
        return fd_set_cloexec(fd, cmd == FIOCLEX);
    case FIONREAD:
        if (!has_tree_data(f->inode))
            break;
        avail = (int)MAX(f->inode->size - f->pos, 0);
        return copy_to_user(arg, &avail, sizeof(avail));
    }
    if (!f->ops || !f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, cmd, arg);
}

long sys_ioctl(uint64_t fd, uint64_t cmd, uint64_t arg)
{
    struct file *f = fget((int)fd);
    long ret;

    if (!f)
        return -EBADF;
    ret = ioctl_file((int)fd, f, (unsigned int)cmd, arg);
    fput(f);
    return ret;
}

long sys_pipe2(uaddr_t ufds, uint64_t flags)
{
    struct file *rd, *wr;
    uint32_t fd_flags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
    int fds[2];
    long err;

    if ((uint32_t)flags & ~PIPE2_FLAGS)
        return -EINVAL;
    if ((err = pipe_create(&rd, &wr, (uint32_t)flags)))
        return err;
    if ((fds[0] = (int)fd_install(rd, fd_flags)) < 0) {
        fput(rd);
        fput(wr);
        return fds[0];
    }
    if ((fds[1] = (int)fd_install(wr, fd_flags)) < 0) {
        fd_close(fds[0]);
        fput(wr);
        return fds[1];
    }
    if (copy_to_user(ufds, fds, sizeof(fds))) {
        fd_close(fds[0]);
        fd_close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe(uaddr_t fds)
{
    return sys_pipe2(fds, 0);
}
