/*
 * dom0/fs/super.c - the mounts and the boot: the archive unpacked as a
 * read-only /, tmpfs on /tmp and /run, devfs on /dev, procfs on /proc.
 *
 * The archive's file bytes stay where the boot module put them (rodata
 * points into it); only names and inodes are allocated.  A malformed
 * archive is reported and what came before the damage is kept.
 */
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <linux/errno.h>
#include "vfs.h"
#include "cpio.h"

#define NSEC_PER_SEC        1000000000ULL

static struct fs_super rootfs_sb = { .name = "rootfs", .dev = 0x01, .magic = RAMFS_MAGIC };
static struct fs_super tmpfs_sb = { .name = "tmpfs", .dev = 0x02, .magic = TMPFS_MAGIC };
static struct fs_super run_sb = { .name = "tmpfs", .dev = 0x04, .magic = TMPFS_MAGIC };

struct inode *vfs_root_inode;

struct inode *ramfs_new_root(struct fs_super *sb, uint32_t mode)
{
    struct inode *root = inode_new(sb, mode);

    if (root)
        root->nlink = 2;            /* "." and its own ".." */
    return root;
}

void vfs_mount(struct inode *mountpoint, struct inode *root)
{
    mountpoint->mounted = root;
    root->covered = mountpoint;
}

/* A new inode linked as name in dir, owned by the tree; NULL if out of memory. */
static struct inode *tree_create(struct inode *dir, const char *name, size_t len,
                                 uint32_t mode)
{
    struct inode *ino = inode_new(dir->sb, mode);

    if (!ino)
        return NULL;
    if (dir_add(dir, name, len, ino)) {
        inode_put(ino);
        return NULL;
    }
    inode_put(ino);                 /* the entry keeps it */
    return ino;
}

/* Makes every directory of path under root (no mounts crossed). */
struct inode *fs_mkdir_p(struct inode *root, const char *path, size_t len,
                         uint32_t mode)
{
    struct inode *dir = root;
    size_t i = 0;

    while (dir && i < len) {
        size_t begin;
        struct inode *next;
        for (; i < len && path[i] == '/'; i++)
            ;
        for (begin = i; i < len && path[i] != '/'; i++)
            ;
        if (i == begin)
            break;
        next = dir_find(dir, path + begin, i - begin);
        if (!next)
            next = tree_create(dir, path + begin, i - begin, S_IFDIR | mode);
        dir = next && S_ISDIR(next->mode) ? next : NULL;
    }
    return dir;
}

/* ---- Unpacking ---- */

/* Hard links: newc repeats the inode number; the last copy has the data. */
struct hardlink {
    struct hardlink *next;
    uint32_t cpio_ino;
    struct inode *inode;
};

static const char *skip_prefix(const char *name, size_t *len)
{
    while (*len && (name[0] == '/' || (name[0] == '.' && (*len == 1 || name[1] == '/')))) {
        name++;
        (*len)--;
    }
    return name;
}

static bool has_dotdot(const char *name, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (name[i] == '.' && name[i + 1] == '.' && (i == 0 || name[i - 1] == '/') &&
            (i + 2 == len || name[i + 2] == '/'))
            return true;
    return false;
}

static void apply_attrs(struct inode *ino, const struct cpio_entry *e)
{
    ino->mode = e->mode;
    ino->uid = e->uid;
    ino->gid = e->gid;
    ino->mtime.tv_sec = e->mtime;
    ino->mtime.tv_nsec = 0;
    ino->atime = ino->ctime = ino->mtime;
    ino->rdev = (e->rdev_minor & 0xff) | ((e->rdev_major & 0xfff) << 8) |
                ((e->rdev_minor & ~0xffu) << 12);
    if (S_ISREG(e->mode) || S_ISLNK(e->mode)) {
        ino->rodata = e->data;
        ino->size = (int64_t)e->size;
    }
}

static struct hardlink *hardlink_find(struct hardlink *list, uint32_t cpio_ino)
{
    for (; list; list = list->next)
        if (list->cpio_ino == cpio_ino)
            return list;
    return NULL;
}

/* Another name for an inode seen before; the data may come with this one. */
static long unpack_link(struct inode *dir, const char *name, size_t len,
                        const struct cpio_entry *e, struct hardlink **links)
{
    struct hardlink *h = hardlink_find(*links, e->ino);
    struct inode *ino;

    if (h) {
        if (e->size)
            apply_attrs(h->inode, e);
        return dir_add(dir, name, len, h->inode);
    }
    if (!(ino = tree_create(dir, name, len, e->mode)) || !(h = kmalloc(sizeof(*h))))
        return -ENOMEM;
    apply_attrs(ino, e);
    h->cpio_ino = e->ino;
    h->inode = ino;
    h->next = *links;
    *links = h;
    return 0;
}

static bool entry_type_ok(const struct cpio_entry *e)
{
    uint32_t t = e->mode & S_IFMT;

    if (t == S_IFLNK)
        return e->size > 0 && e->size < LINUX_PATH_MAX;
    return t == S_IFREG || t == S_IFDIR || t == S_IFCHR || t == S_IFBLK ||
           t == S_IFIFO || t == S_IFSOCK;
}

static long unpack_entry(struct inode *root, const struct cpio_entry *e,
                         struct hardlink **links)
{
    size_t len = e->name_len, base;
    const char *name = skip_prefix(e->name, &len);
    struct inode *dir, *old;

    while (len && name[len - 1] == '/')
        len--;
    if (len == 0)
        return 0;                   /* "." itself */
    if (has_dotdot(name, len) || !entry_type_ok(e))
        return -EINVAL;
    for (base = len; base && name[base - 1] != '/'; base--)
        ;
    if (len - base > LINUX_NAME_MAX || !(dir = fs_mkdir_p(root, name, base, 0755)))
        return -EINVAL;
    old = dir_find(dir, name + base, len - base);
    if (old && S_ISDIR(old->mode) && S_ISDIR(e->mode)) {
        apply_attrs(old, e);
        return 0;
    }
    if (old && dir_remove(dir, name + base, len - base) == 0 && S_ISDIR(old->mode))
        return -EINVAL;             /* a directory replaced by a file: refuse */
    if (S_ISREG(e->mode) && e->nlink > 1)
        return unpack_link(dir, name + base, len - base, e, links);
    if (!(old = tree_create(dir, name + base, len - base, e->mode)))
        return -ENOMEM;
    apply_attrs(old, e);
    return 0;
}

static void hardlinks_free(struct hardlink *list)
{
    while (list) {
        struct hardlink *next = list->next;
        kfree(list);
        list = next;
    }
}

/* 0 when the archive ended with its trailer, else the first error. */
long rootfs_unpack(struct inode *root, const void *archive, size_t len)
{
    struct cpio_reader r;
    struct cpio_entry e;
    struct hardlink *links = NULL;
    long err = 0;
    int rc;

    cpio_init(&r, archive, len);
    while ((rc = cpio_next(&r, &e)) > 0) {
        long bad = unpack_entry(root, &e, &links);
        if (bad && !err) {
            printk("dom0: boot archive: skipped \"%s\" (%ld)\n", e.name, bad);
            err = bad;
        }
    }
    hardlinks_free(links);
    if (rc < 0) {
        printk("dom0: boot archive malformed at offset %zu\n", r.off);
        return rc;
    }
    return err;
}

static void mount_at(const char *path, struct inode *fs_root)
{
    struct inode *mp = fs_mkdir_p(vfs_root_inode, path, strlen(path), 0755);

    if (!mp || !fs_root || mp->mounted) {
        printk("dom0: cannot mount %s\n", path);
        return;
    }
    vfs_mount(mp, fs_root);
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

void vfs_init(const void *archive, size_t len)
{
    random_seed(rdtsc() ^ realtime_ns() ^ monotonic_ns() * NSEC_PER_SEC);
    rootfs_sb.read_only = false;
    vfs_root_inode = ramfs_new_root(&rootfs_sb, S_IFDIR | 0755);
    if (!vfs_root_inode)
        panic("dom0: no memory for the root directory");
    rootfs_unpack(vfs_root_inode, archive, len);
    mount_at("/tmp", ramfs_new_root(&tmpfs_sb, S_IFDIR | S_ISVTX | 0777));
    mount_at("/run", ramfs_new_root(&run_sb, S_IFDIR | 0755));     /* daemons' sockets */
    mount_at("/dev", devfs_init());
    mount_at("/proc", procfs_init());
    rootfs_sb.read_only = true;     /* as the kernel mounts an image read-only */
}

void vfs_forget(void)
{
    vfs_root_inode = NULL;
    devfs_forget();
    procfs_forget();
}
