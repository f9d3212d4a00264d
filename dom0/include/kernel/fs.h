/*
 * dom0/include/kernel/fs.h - the file layer as the rest of the kernel
 * uses it: open files, the operations a device or file system provides,
 * and what exec, mmap and the drivers call.
 *
 * fs/ implements it: the root file system unpacked from the boot archive
 * (read-only), tmpfs at /tmp, /dev and /proc, pipes, and the descriptor
 * system calls.
 */
#ifndef DOM0_KERNEL_FS_H
#define DOM0_KERNEL_FS_H

#include <kernel/types.h>

struct inode;
struct file;
struct vma;

/*
 * What a character device (or any non-regular file) does.  Buffers are
 * user addresses; pos is the file position to use and advance (NULL for
 * files without one).  Any member may be NULL: read/write then fail with
 * -EINVAL, ioctl with -ENOTTY, poll reports always ready.
 */
struct file_ops {
    long (*open)(struct file *f);
    long (*read)(struct file *f, uaddr_t buf, size_t n, int64_t *pos);
    long (*write)(struct file *f, uaddr_t buf, size_t n, int64_t *pos);
    long (*ioctl)(struct file *f, unsigned int cmd, uint64_t arg);
    /* POLLIN/POLLOUT/POLLHUP/POLLERR mask now; never sleeps. */
    unsigned int (*poll)(struct file *f);
    /* Optional: the one queue woken whenever poll's mask may change, so a
     * poller sleeps on its files' queues, not on every wake in dom0. */
    struct waitq *(*poll_queue)(struct file *f);
    long (*mmap)(struct file *f, struct vma *vma);
    void (*release)(struct file *f);
};

struct file {
    struct inode *inode;
    const struct file_ops *ops;
    int64_t pos;
    uint32_t flags;                 /* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
    int refs;
    void *priv;                     /* the driver's, set by its open */
    struct epoll_item *epoll_items; /* epoll sets watching it (fs/eventpoll.c) */
};

/* Boot: unpack the archive as /, mount tmpfs on /tmp, /dev and /proc. */
void vfs_init(const void *archive, size_t len);

/*
 * A character device under /dev (name may contain '/', e.g. "xen/privcmd")
 * or a file under /proc ("xen/privcmd", "xen/capabilities").  mode is
 * S_IFCHR|0666 or S_IFREG|0444 ...; data is handed to ops via f->priv.
 */
long devfs_register(const char *name, uint32_t mode, const struct file_ops *ops,
                    void *data);
long procfs_register(const char *name, uint32_t mode, const struct file_ops *ops,
                     void *data);

/* Path lookup from current's cwd (or / when path is absolute). */
long vfs_lookup(const char *path, bool follow_last_link, struct inode **out);
/* The absolute path path names, every symbolic link followed (/proc/self/exe). */
long vfs_realpath(const char *path, char *buf, size_t size);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
uint32_t inode_mode(const struct inode *ino);      /* S_IFMT | permissions */
int64_t inode_size(const struct inode *ino);
/* Read file bytes into a kernel buffer: bytes read (0 at EOF) or -errno. */
long inode_read(struct inode *ino, int64_t off, void *buf, size_t n);
/*
 * Page `index` of a regular file, for mmap: a page the caller holds one
 * reference to (page_put when done), bytes past EOF zero.  Read-only
 * private mappings share it; writable ones copy it.
 */
void *inode_page(struct inode *ino, uint64_t index, long *err);
/* The same only when the page is in memory already and inside the file
 * (fault-around: nothing read, nothing allocated); NULL otherwise. */
void *inode_page_if_cached(struct inode *ino, uint64_t index);

/* Descriptor tables (fs/file.c). */
struct files *files_new(void);
struct files *files_clone(struct files *src);      /* fork */
void files_close_on_exec(struct files *fs);         /* execve */
void files_release(struct files *fs);               /* exit */
/* The open file behind fd with a reference held, or NULL; fput drops it. */
struct file *fget(int fd);
void fput(struct file *f);
/* Opens path for the kernel (init's console): a new struct file or ERR_PTR. */
struct file *vfs_open(const char *path, uint32_t flags, uint32_t mode);
/* Installs f at the lowest free descriptor of current: fd or -EMFILE. */
long fd_install(struct file *f, uint32_t fd_flags);

#endif /* DOM0_KERNEL_FS_H */
