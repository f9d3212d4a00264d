/*
 * dom0/fs/vfs.h - the file layer's private view: inodes, mounts, the
 * directory tree and the helpers the system-call files share.
 *
 * Every file system here lives in memory.  A directory is a list of
 * (name, inode) entries; a mount point is a directory whose `mounted`
 * names the root of another file system (whose `covered` points back).
 * Inodes are counted twice, as Linux does: nlink (names in the tree) and
 * refs (open files, cwds, lookups in progress); one is freed when both
 * reach zero.  procfs makes inodes on the fly (nlink 0), so a lookup's
 * reference is what keeps those alive.
 */
#ifndef DOM0_FS_VFS_H
#define DOM0_FS_VFS_H

#include <kernel/types.h>
#include <kernel/fs.h>
#include <linux/fs.h>

struct inode;
struct unix_sock;

/* A mounted file system. */
struct fs_super {
    const char *name;
    uint32_t dev;                   /* st_dev (major 0, as Linux's anonymous) */
    int64_t magic;                  /* statfs f_type */
    bool read_only;                 /* EROFS for every change from user space */
    uint64_t next_ino;
};

/* getdents64's sink: nonzero stops the listing (the buffer is full). */
typedef int (*dir_emit_t)(void *ctx, const char *name, size_t len,
                          uint64_t ino, unsigned int type);

/*
 * Behaviour of inodes that are not plain tree nodes (procfs).  Any member
 * may be NULL: the tree's own behaviour is used.
 */
struct inode_ops {
    long (*lookup)(struct inode *dir, const char *name, size_t len,
                   struct inode **out);
    /* Emits entries from *pos on, advancing it; 0 or -errno. */
    long (*iterate)(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx);
    /* A symlink's target made on demand: its length or -errno. */
    long (*readlink)(struct inode *ino, char *buf, size_t size);
    /* A "magic" link (/proc/<pid>/fd/<n>): the inode itself, referenced. */
    long (*follow)(struct inode *link, struct inode **out);
    /* A generated text file's whole contents: its length or -errno. */
    long (*generate)(struct inode *ino, char *buf, size_t size);
};

struct dentry {
    struct dentry *next;
    struct inode *inode;
    uint16_t len;
    char name[];
};

/* Two-level page index: up to DATA_MAX_BYTES of one file. */
#define DATA_PTRS_PER_PAGE  (PAGE_SIZE / sizeof(void *))
#define DATA_MAX_PAGES      (DATA_PTRS_PER_PAGE * DATA_PTRS_PER_PAGE)
#define DATA_MAX_BYTES      ((int64_t)DATA_MAX_PAGES * (int64_t)PAGE_SIZE)

struct inode {
    uint32_t mode;
    uint32_t nlink;
    uint32_t uid, gid;
    uint32_t rdev;                  /* Linux's encoded device number */
    uint64_t ino;
    int64_t size;
    struct linux_timespec atime, mtime, ctime;
    int refs;
    struct fs_super *sb;
    const struct inode_ops *iops;
    const struct file_ops *fops;    /* a device's or a driver's proc file's */
    void *data;                     /* handed to fops as f->priv; procfs: pid */
    bool seek_noop;                 /* /dev/null and friends: lseek gives 0 */

    /* Directories. */
    struct dentry *children;
    struct inode *parent;           /* the directory of its latest name; NULL once unlinked */
    struct inode *mounted;          /* root of the file system mounted here */
    struct inode *covered;          /* a root's mount point */

    /* Regular files and symlinks. */
    const uint8_t *rodata;          /* archive bytes (no copy) */
    void ***pages;                  /* tmpfs data, or the archive's mmap cache */
    char *link;                     /* a symlink's target when not in rodata */

    /* Pipes. */
    struct pipe *pipe;

    /* A socket's name: the socket bound to it, NULL once that closes (net/). */
    struct unix_sock *bound_sock;
};

/* ---- inode.c: inodes, the tree, file data ---- */
struct inode *inode_new(struct fs_super *sb, uint32_t mode);
struct linux_timespec fs_now(void);
void inode_touch(struct inode *ino, bool data_changed);
long inode_permission(const struct inode *ino, int mask);
long inode_stat(struct inode *ino, struct linux_stat *st);
long inode_readlink(struct inode *ino, char *buf, size_t size);
bool inode_is_ro(const struct inode *ino);

struct inode *dir_find(struct inode *dir, const char *name, size_t len);
long dir_add(struct inode *dir, const char *name, size_t len, struct inode *child);
long dir_remove(struct inode *dir, const char *name, size_t len);
bool dir_is_empty(const struct inode *dir);
long dir_iterate(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx);
long dir_name_of(struct inode *dir, struct inode *child, const char **name);

long data_read(struct inode *ino, int64_t off, size_t n, void *kbuf, uaddr_t ubuf);
long data_write(struct inode *ino, int64_t off, size_t n, uaddr_t ubuf);
long data_truncate(struct inode *ino, int64_t size);
int64_t data_blocks(const struct inode *ino);

/* ---- namei.c: path lookup, a pure function of the tree ---- */
struct walk {
    struct inode *root;             /* "/" and the top of ".." */
    int links;                      /* symlinks followed so far */
};

long path_walk(struct walk *w, struct inode *start, const char *path,
               size_t len, bool follow_last, struct inode **out);
/*
 * Walks all but the last component: *dir holds a reference, *name and
 * *name_len point into path, *trailing_slash says a '/' followed it.
 * A path of only slashes gives the name ".".
 */
long path_parent(struct walk *w, struct inode *start, const char *path,
                 size_t len, struct inode **dir, const char **name,
                 size_t *name_len, bool *trailing_slash);
long inode_path(struct inode *root, struct inode *ino, char *buf, size_t size);

/* ---- super.c: the mounts ---- */
extern struct inode *vfs_root_inode;
void vfs_mount(struct inode *mountpoint, struct inode *root);
struct inode *fs_mkdir_p(struct inode *root, const char *path, size_t len,
                         uint32_t mode);
long rootfs_unpack(struct inode *root, const void *archive, size_t len);
struct inode *ramfs_new_root(struct fs_super *sb, uint32_t mode);

/* ---- devfs.c, procfs.c ---- */
struct inode *fs_add_node(struct inode *root, const char *name, uint32_t mode,
                          long *err);
struct inode *devfs_init(void);
struct inode *procfs_init(void);
/*
 * For the host tests only, after they free the whole heap: forget the
 * roots so the next vfs_init builds fresh ones.
 */
void vfs_forget(void);
void devfs_forget(void);
void procfs_forget(void);

/* ---- file.c: open files and descriptors ---- */
struct file *file_new(struct inode *ino, const struct file_ops *ops, uint32_t flags);
const struct file_ops *file_ops_for(struct inode *ino);
long fd_install_at(int fd, struct file *f, uint32_t fd_flags);
long fd_alloc_from(int lowest, struct file *f, uint32_t fd_flags);
long fd_close(int fd);
struct file *files_peek(struct files *fs, int fd);
int files_next_open(struct files *fs, int fd);
long fd_get_cloexec(int fd);
long fd_set_cloexec(int fd, bool on);
extern const struct file_ops dir_file_ops;

/* ---- open.c / at.c ---- */
/* The starting directory for a *at() call (referenced) or ERR_PTR. */
struct inode *at_start(int dirfd, const char *path);
long at_lookup(int dirfd, uaddr_t upath, int at_flags, bool follow,
               struct inode **out);
long vfs_lookup_at(struct inode *start, const char *path, bool follow,
                   struct inode **out);
long vfs_parent_at(struct inode *start, const char *path, struct inode **dir,
                   const char **name, size_t *name_len, bool *trailing);
struct file *vfs_open_at(struct inode *start, const char *path, uint32_t flags,
                         uint32_t mode);

long dir_may_change(struct inode *dir);
struct inode *fd_inode(uint64_t fd);
long sticky_may_remove(const struct inode *dir, const struct inode *child);
struct inode *inode_create(struct inode *dir, const char *name, size_t len,
                           uint32_t mode, long *err);

/* ---- pipe.c ---- */
long pipe_create(struct file **rd, struct file **wr, uint32_t flags);
/* Opening a pipe again (through /proc/<pid>/fd): one more reader or writer. */
struct file *pipe_reopen(struct inode *ino, uint32_t flags, long *err);
bool file_is_pipe(const struct file *f);

/* ---- poll.c, eventpoll.c ---- */
struct poll_hook;
struct waitq;
void poll_hook_add(struct poll_hook *h, struct waitq *q);
void poll_hook_del(struct poll_hook *h);
/* Sleeps until any waitq_wake in dom0 (for files without a poll_queue). */
long poll_sleep_global(uint64_t deadline);
/* Swaps in a ppoll-style signal mask: the old one in *saved, or -errno. */
long poll_mask_install(uaddr_t umask, uint64_t size, uint64_t *saved);
/* The file's last reference is going: it leaves every epoll set. */
void epoll_file_gone(struct file *f);

/* ---- read_write.c ---- */
/* A user iovec array copied in, each length checked, the total capped: or NULL and *err. */
struct linux_iovec *iov_fetch(uaddr_t uiov, uint64_t cnt, long *err);

/* ---- random.c: the generator behind /dev/urandom ---- */
void random_seed(uint64_t seed);
uint64_t random_u64(void);

#endif /* DOM0_FS_VFS_H */
