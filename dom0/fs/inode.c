/*
 * dom0/fs/inode.c - inodes: their life, their directory entries, their
 * permission and stat, and the bytes of regular files.
 *
 * A regular file's bytes are either the archive's (rodata, never copied,
 * read-only) or pages indexed in two levels (tmpfs: a missing page is a
 * hole of zeros).  The same index caches an archive file's pages once
 * mmap has asked for them, so every process maps the same copy.
 */
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/process.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "vfs.h"
#include "pipe.h"

#define NSEC_PER_SEC        1000000000ULL
#define STAT_BLOCK_SIZE     512

struct linux_timespec fs_now(void)
{
    uint64_t ns = realtime_ns();
    struct linux_timespec ts = {
        .tv_sec = (int64_t)(ns / NSEC_PER_SEC),
        .tv_nsec = (int64_t)(ns % NSEC_PER_SEC),
    };
    return ts;
}

struct inode *inode_new(struct fs_super *sb, uint32_t mode)
{
    struct inode *ino = kzalloc(sizeof(*ino));

    if (!ino)
        return NULL;
    ino->mode = mode;
    ino->sb = sb;
    ino->ino = ++sb->next_ino;
    ino->refs = 1;
    ino->atime = ino->mtime = ino->ctime = fs_now();
    return ino;
}

void inode_touch(struct inode *ino, bool data_changed)
{
    ino->ctime = fs_now();
    if (data_changed)
        ino->mtime = ino->ctime;
}

void inode_get(struct inode *ino)
{
    ino->refs++;
}

static void data_free(struct inode *ino);

static void inode_free(struct inode *ino)
{
    data_free(ino);
    kfree(ino->link);
    kfree(ino);
}

void inode_put(struct inode *ino)
{
    if (!ino)
        return;
    if (--ino->refs <= 0 && ino->nlink == 0)
        inode_free(ino);
}

uint32_t inode_mode(const struct inode *ino)
{
    return ino->mode;
}

int64_t inode_size(const struct inode *ino)
{
    return ino->size;
}

bool inode_is_ro(const struct inode *ino)
{
    return ino->sb->read_only;
}

/*
 * The owner, group or other bits that apply to current (mask of
 * R_OK/W_OK/X_OK).  Root passes everything except executing a file
 * nobody may execute.
 */
long inode_permission(const struct inode *ino, int mask)
{
    uint32_t bits = ino->mode;

    if (current && current->euid == 0) {
        if ((mask & X_OK) && !S_ISDIR(ino->mode) && !(bits & 0111))
            return -EACCES;
        return 0;
    }
    if (current && current->euid == ino->uid)
        bits >>= 6;
    else if (current && current->egid == ino->gid)
        bits >>= 3;
    return ((bits & 7) & (uint32_t)mask) == (uint32_t)mask ? 0 : -EACCES;
}

long inode_stat(struct inode *ino, struct linux_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = ino->sb->dev;
    st->st_ino = ino->ino;
    st->st_nlink = ino->nlink ? ino->nlink : 1;
    st->st_mode = ino->mode;
    st->st_uid = ino->uid;
    st->st_gid = ino->gid;
    st->st_rdev = ino->rdev;
    st->st_size = ino->size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = data_blocks(ino);
    st->st_atim = ino->atime;
    st->st_mtim = ino->mtime;
    st->st_ctim = ino->ctime;
    return 0;
}

/* A symlink's target into buf (not terminated): its full length or -errno. */
long inode_readlink(struct inode *ino, char *buf, size_t size)
{
    const char *target = ino->link ? ino->link : (const char *)ino->rodata;

    if (!S_ISLNK(ino->mode))
        return -EINVAL;
    if (ino->iops && ino->iops->readlink)
        return ino->iops->readlink(ino, buf, size);
    if (!target)
        return -EINVAL;
    memcpy(buf, target, MIN((size_t)ino->size, size));
    return ino->size;
}

/* ---- Directory entries ---- */

struct inode *dir_find(struct inode *dir, const char *name, size_t len)
{
    for (struct dentry *d = dir->children; d; d = d->next)
        if (d->len == len && memcmp(d->name, name, len) == 0)
            return d->inode;
    return NULL;
}

/* Links child under name; the directory's entry counts as one nlink. */
long dir_add(struct inode *dir, const char *name, size_t len, struct inode *child)
{
    struct dentry *d;

    if (len == 0 || len > LINUX_NAME_MAX)
        return -ENAMETOOLONG;
    d = kmalloc(sizeof(*d) + len + 1);
    if (!d)
        return -ENOMEM;
    d->inode = child;
    d->len = (uint16_t)len;
    memcpy(d->name, name, len);
    d->name[len] = '\0';
    d->next = dir->children;
    dir->children = d;
    child->nlink++;
    child->parent = dir;            /* the latest name: rename adds before it removes */
    if (S_ISDIR(child->mode)) {
        child->nlink++;             /* its own "." */
        dir->nlink++;               /* its ".." */
    }
    inode_touch(dir, true);
    return 0;
}

/* Unlinks name; the inode goes when nothing else references it. */
long dir_remove(struct inode *dir, const char *name, size_t len)
{
    for (struct dentry **pp = &dir->children; *pp; pp = &(*pp)->next) {
        struct dentry *d = *pp;
        struct inode *child = d->inode;
        if (d->len != len || memcmp(d->name, name, len) != 0)
            continue;
        *pp = d->next;
        kfree(d);
        /* An open or cwd inode must not point at a directory that may go. */
        if (child->parent == dir)
            child->parent = NULL;
        if (S_ISDIR(child->mode)) {
            dir->nlink--;           /* its ".." */
            child->nlink--;         /* its "." */
        }
        child->nlink--;
        inode_touch(dir, true);
        inode_touch(child, false);
        child->refs++;
        inode_put(child);
        return 0;
    }
    return -ENOENT;
}

bool dir_is_empty(const struct inode *dir)
{
    return dir->children == NULL;
}

/* Positions: 0 is ".", 1 is "..", 2 + i the i-th entry. */
long dir_iterate(struct inode *dir, int64_t *pos, dir_emit_t emit, void *ctx)
{
    struct inode *up = dir->parent ? dir->parent : dir;
    int64_t i = 2;

    if (*pos == 0 && emit(ctx, ".", 1, dir->ino, DT_DIR) == 0)
        (*pos)++;
    if (*pos == 1 && emit(ctx, "..", 2, up->ino, DT_DIR) == 0)
        (*pos)++;
    if (*pos < 2)
        return 0;
    for (struct dentry *d = dir->children; d; d = d->next, i++) {
        if (i < *pos)
            continue;
        if (emit(ctx, d->name, d->len, d->inode->ino, IFTODT(d->inode->mode)))
            return 0;
        (*pos)++;
    }
    return 0;
}

/* The name child has in dir (for getcwd): 0 or -ENOENT. */
long dir_name_of(struct inode *dir, struct inode *child, const char **name)
{
    for (struct dentry *d = dir->children; d; d = d->next) {
        if (d->inode == child) {
            *name = d->name;
            return 0;
        }
    }
    return -ENOENT;
}

/* ---- Regular file data ---- */

static const uint8_t zero_page[PAGE_SIZE];

static void *data_page(const struct inode *ino, uint64_t index)
{
    void **leaf;

    if (!ino->pages || index >= DATA_MAX_PAGES)
        return NULL;
    leaf = ino->pages[index / DATA_PTRS_PER_PAGE];
    return leaf ? leaf[index % DATA_PTRS_PER_PAGE] : NULL;
}

/* The slot for page index, making the index pages on the way. */
static void **data_slot(struct inode *ino, uint64_t index)
{
    void ***leaf;

    if (index >= DATA_MAX_PAGES)
        return NULL;
    if (!ino->pages && !(ino->pages = page_alloc()))
        return NULL;
    leaf = &ino->pages[index / DATA_PTRS_PER_PAGE];
    if (!*leaf && !(*leaf = page_alloc()))
        return NULL;
    return &(*leaf)[index % DATA_PTRS_PER_PAGE];
}

/*
 * tmpfs data may take at most half of dom0's memory, as Linux's default
 * tmpfs size: past that a write gets ENOSPC, so one process filling /tmp
 * cannot starve every other of pages.
 */
static unsigned long tmpfs_pages;

static void *tmpfs_page_new(void)
{
    void *page = tmpfs_pages < pages_total() / 2 ? page_alloc() : NULL;

    if (page)
        tmpfs_pages++;
    return page;
}

static void data_page_put(struct inode *ino, void *page)
{
    if (!ino->rodata)
        tmpfs_pages--;
    page_put(page);
}


/* Drops every data page from index first on (and the index with all of them). */
static void data_drop_from(struct inode *ino, uint64_t first)
{
    if (!ino->pages)
        return;
    for (uint64_t l = 0; l < DATA_PTRS_PER_PAGE; l++) {
        void **leaf = ino->pages[l];
        if (!leaf)
            continue;
        for (uint64_t i = 0; i < DATA_PTRS_PER_PAGE; i++) {
            uint64_t index = l * DATA_PTRS_PER_PAGE + i;
            if (index >= first && leaf[i]) {
                data_page_put(ino, leaf[i]);
                leaf[i] = NULL;
            }
        }
        if (first <= l * DATA_PTRS_PER_PAGE) {
            page_put(leaf);
            ino->pages[l] = NULL;
        }
    }
    if (first == 0) {
        page_put(ino->pages);
        ino->pages = NULL;
    }
}

static void data_free(struct inode *ino)
{
    data_drop_from(ino, 0);
    if (ino->pipe)
        pipe_free(ino->pipe);
}

int64_t data_blocks(const struct inode *ino)
{
    int64_t pages = 0;

    if (ino->rodata || S_ISLNK(ino->mode))
        return ALIGN_UP(ino->size, (int64_t)PAGE_SIZE) / STAT_BLOCK_SIZE;
    for (uint64_t i = 0; ino->pages && i < DATA_PTRS_PER_PAGE; i++) {
        void **leaf = ino->pages[i];
        for (uint64_t j = 0; leaf && j < DATA_PTRS_PER_PAGE; j++)
            pages += leaf[j] != NULL;
    }
    return pages * (int64_t)(PAGE_SIZE / STAT_BLOCK_SIZE);
}

/* Where bytes go: a kernel buffer when kbuf is set, else user memory. */
static long copy_out(void *kbuf, uaddr_t ubuf, size_t done, const void *src,
                     size_t n)
{
    if (kbuf) {
        memcpy((char *)kbuf + done, src, n);
        return 0;
    }
    return copy_to_user(ubuf + done, src, n);
}

static const uint8_t *data_source(const struct inode *ino, int64_t off)
{
    const uint8_t *page;

    if (ino->rodata)
        return ino->rodata + off;
    page = data_page(ino, (uint64_t)off / PAGE_SIZE);
    return (page ? page : zero_page) + off % PAGE_SIZE;
}

/* Up to n bytes at off: the count (short at EOF) or -EFAULT if none moved. */
long data_read(struct inode *ino, int64_t off, size_t n, void *kbuf, uaddr_t ubuf)
{
    size_t done = 0;

    if (off < 0)
        return -EINVAL;
    if (off >= ino->size)
        return 0;
    n = MIN(n, (size_t)(ino->size - off));
    while (done < n) {
        int64_t at = off + (int64_t)done;
        size_t chunk = MIN(n - done, PAGE_SIZE - (size_t)at % PAGE_SIZE);
        if (ino->rodata)
            chunk = n - done;
        if (copy_out(kbuf, ubuf, done, data_source(ino, at), chunk))
            return done ? (long)done : -EFAULT;
        done += chunk;
    }
    return (long)done;
}

long inode_read(struct inode *ino, int64_t off, void *buf, size_t n)
{
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode))
        return -EINVAL;
    if (ino->iops && ino->iops->generate)
        return -EINVAL;
    return data_read(ino, off, n, buf, 0);
}

/* Writes a tmpfs file (never an archive one): count or -errno if none. */
long data_write(struct inode *ino, int64_t off, size_t n, uaddr_t ubuf)
{
    size_t done = 0;

    if (ino->rodata)
        return -EROFS;
    if (off < 0)
        return -EINVAL;
    if (off >= DATA_MAX_BYTES && n)
        return -EFBIG;
    n = MIN(n, (size_t)(DATA_MAX_BYTES - off));
    while (done < n) {
        int64_t at = off + (int64_t)done;
        size_t chunk = MIN(n - done, PAGE_SIZE - (size_t)at % PAGE_SIZE);
        void **slot = data_slot(ino, (uint64_t)at / PAGE_SIZE);
        if (slot && !*slot)
            *slot = tmpfs_page_new();
        if (!slot || !*slot)
            return done ? (long)done : -ENOSPC;
        if (copy_from_user((char *)*slot + at % PAGE_SIZE, ubuf + done, chunk))
            return done ? (long)done : -EFAULT;
        done += chunk;
        if (at + (int64_t)chunk > ino->size)
            ino->size = at + (int64_t)chunk;
    }
    if (done)
        inode_touch(ino, true);
    return (long)done;
}

long data_truncate(struct inode *ino, int64_t size)
{
    if (ino->rodata)
        return -EROFS;
    if (size < 0)
        return -EINVAL;
    if (size > DATA_MAX_BYTES)
        return -EFBIG;
    if (size < ino->size) {
        uint8_t *tail = data_page(ino, (uint64_t)size / PAGE_SIZE);
        /* The last page's bytes past the new end read as zero if it grows. */
        if (tail)
            memset(tail + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
        data_drop_from(ino, ALIGN_UP((uint64_t)size, PAGE_SIZE) / PAGE_SIZE);
    }
    ino->size = size;
    inode_touch(ino, true);
    return 0;
}

/*
 * Makes page `index` of a file that has none there yet: an archive file's
 * bytes copied once (cached in the index, shared by every mapping), or a
 * tmpfs hole made real.
 */
static void *data_fill_page(struct inode *ino, uint64_t index, long *err)
{
    void **slot = data_slot(ino, index);
    int64_t off = (int64_t)(index * PAGE_SIZE);

    if (!slot || !(*slot = ino->rodata ? page_alloc() : tmpfs_page_new())) {
        *err = -ENOMEM;
        return NULL;
    }
    if (ino->rodata)
        memcpy(*slot, ino->rodata + off, MIN((size_t)(ino->size - off), PAGE_SIZE));
    return *slot;
}

void *inode_page_if_cached(struct inode *ino, uint64_t index)
{
    void *page;

    if (!S_ISREG(ino->mode) || (ino->iops && ino->iops->generate) ||
        index >= DATA_MAX_PAGES || index * PAGE_SIZE >= (uint64_t)ino->size)
        return NULL;
    page = data_page(ino, index);
    if (page)
        page_get(page);
    return page;
}

void *inode_page(struct inode *ino, uint64_t index, long *err)
{
    void *page;

    *err = 0;
    if (!S_ISREG(ino->mode) || (ino->iops && ino->iops->generate)) {
        *err = -EACCES;
        return NULL;
    }
    /* Past EOF: a zero page of the caller's own, not part of the file. */
    if (index >= DATA_MAX_PAGES || index * PAGE_SIZE >= (uint64_t)ino->size) {
        page = page_alloc();
        if (!page)
            *err = -ENOMEM;
        return page;
    }
    page = data_page(ino, index);
    if (!page && !(page = data_fill_page(ino, index, err)))
        return NULL;
    page_get(page);
    return page;
}
