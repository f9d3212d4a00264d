/*
 * dom0/fs/devfs.c - /dev: the memory devices (null, zero, full, random,
 * urandom) and whatever drivers register (console, tty, xen/privcmd).
 * Read-only for user space, like a devtmpfs nobody may write; drivers add
 * their nodes through devfs_register at any time, even before vfs_init.
 */
#include <kernel/kernel.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "vfs.h"

#define RANDOM_CHUNK        256
#define MISC_MAJOR          10
#define MISC_FIRST_MINOR    64

static struct fs_super devfs_sb = { .name = "devtmpfs", .dev = 0x05,
                                    .magic = TMPFS_MAGIC, .read_only = true };
static struct fs_super shm_sb = { .name = "tmpfs", .dev = 0x06, .magic = TMPFS_MAGIC };
static struct inode *devfs_root;
static uint32_t misc_next_minor = MISC_FIRST_MINOR;

static long null_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)f, (void)buf, (void)n, (void)pos;
    return 0;
}

static long null_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)f, (void)buf, (void)pos;
    return (long)n;
}

static long zero_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)f, (void)pos;
    return clear_user(buf, n) ? -EFAULT : (long)n;
}

static long full_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)f, (void)buf, (void)n, (void)pos;
    return -ENOSPC;
}

static long random_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    uint64_t chunk[RANDOM_CHUNK / sizeof(uint64_t)];
    size_t done = 0;

    (void)f, (void)pos;
    while (done < n) {
        size_t len = MIN(n - done, sizeof(chunk));
        for (size_t i = 0; i < ARRAY_SIZE(chunk); i++)
            chunk[i] = random_u64();
        if (copy_to_user(buf + done, chunk, len))
            return done ? (long)done : -EFAULT;
        done += len;
    }
    return (long)done;
}

static const struct file_ops null_ops = { .read = null_read, .write = null_write };
static const struct file_ops zero_ops = { .read = zero_read, .write = null_write };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write };
static const struct file_ops random_ops = { .read = random_read, .write = null_write };

/* Linux's numbers for the nodes programs may recognise. */
static const struct {
    const char *name;
    uint32_t major, minor;
} known_devices[] = {
    { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 },
    { "urandom", 1, 9 }, { "tty", 5, 0 }, { "console", 5, 1 },
};

static uint32_t encode_dev(uint32_t major, uint32_t minor)
{
    return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}

static uint32_t device_number(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(known_devices); i++)
        if (strcmp(name, known_devices[i].name) == 0)
            return encode_dev(known_devices[i].major, known_devices[i].minor);
    return encode_dev(MISC_MAJOR, misc_next_minor++);
}

/*
 * A node under root named by a path with '/' (parents made as needed);
 * shared by devfs and procfs.  The tree owns it.
 */
struct inode *fs_add_node(struct inode *root, const char *name, uint32_t mode,
                          long *err)
{
    const char *base = strrchr(name, '/');
    struct inode *dir, *ino;

    base = base ? base + 1 : name;
    dir = fs_mkdir_p(root, name, (size_t)(base - name), 0755);
    *err = -ENOMEM;
    if (!dir || !*base || strlen(base) > LINUX_NAME_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    if (dir_find(dir, base, strlen(base))) {
        *err = -EEXIST;
        return NULL;
    }
    if (!(ino = inode_new(root->sb, mode)))
        return NULL;
    if ((*err = dir_add(dir, base, strlen(base), ino)))
        ino->nlink = 0;
    inode_put(ino);
    return *err ? NULL : ino;
}

static struct inode *devfs_root_get(void)
{
    if (!devfs_root)
        devfs_root = ramfs_new_root(&devfs_sb, S_IFDIR | 0755);
    return devfs_root;
}

static struct inode *devfs_node(const char *name, uint32_t mode,
                                const struct file_ops *ops, void *data, long *err)
{
    struct inode *ino;

    *err = -ENOMEM;
    if (!devfs_root_get() || !(ino = fs_add_node(devfs_root, name, mode, err)))
        return NULL;
    ino->fops = ops;
    ino->data = data;
    if (S_ISCHR(mode)) {
        const char *base = strrchr(name, '/');
        ino->rdev = device_number(base ? base + 1 : name);
    }
    return ino;
}

long devfs_register(const char *name, uint32_t mode, const struct file_ops *ops,
                    void *data)
{
    long err;

    return devfs_node(name, mode, ops, data, &err) ? 0 : err;
}

static void devfs_memory_device(const char *name, const struct file_ops *ops)
{
    long err;
    struct inode *ino = devfs_node(name, S_IFCHR | 0666, ops, NULL, &err);

    if (ino)
        ino->seek_noop = true;
}

static void devfs_symlink(const char *name, const char *target)
{
    long err;
    struct inode *ino = fs_add_node(devfs_root, name, S_IFLNK | 0777, &err);

    if (ino && (ino->link = kstrdup(target)))
        ino->size = (int64_t)strlen(target);
}

/* /dev/shm is a tmpfs of its own, for POSIX shared memory and semaphores. */
static void devfs_mount_shm(void)
{
    struct inode *dir = fs_mkdir_p(devfs_root, "shm", 3, 0755);
    struct inode *shm = ramfs_new_root(&shm_sb, S_IFDIR | S_ISVTX | 0777);

    if (dir && shm)
        vfs_mount(dir, shm);
}

struct inode *devfs_init(void)
{
    if (!devfs_root_get())
        return NULL;
    devfs_memory_device("null", &null_ops);
    devfs_memory_device("zero", &zero_ops);
    devfs_memory_device("full", &full_ops);
    devfs_memory_device("random", &random_ops);
    devfs_memory_device("urandom", &random_ops);
    fs_mkdir_p(devfs_root, "pts", 3, 0755);
    devfs_mount_shm();
    devfs_symlink("fd", "/proc/self/fd");
    devfs_symlink("stdin", "/proc/self/fd/0");
    devfs_symlink("stdout", "/proc/self/fd/1");
    devfs_symlink("stderr", "/proc/self/fd/2");
    return devfs_root;
}

void devfs_forget(void)
{
    devfs_root = NULL;
    misc_next_minor = MISC_FIRST_MINOR;
}
