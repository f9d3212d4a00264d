/*
 * dom0/fs/file.c - open files and descriptor tables.
 *
 * A struct file is shared by every descriptor dup'ed or inherited from
 * one open (refs counts them); FD_CLOEXEC belongs to the descriptor.
 * A table holds RLIMIT_NOFILE's default of 1024 slots.  One thread per
 * process, so a table is never shared: fork copies it.
 */
#include <kernel/kernel.h>
#include <kernel/process.h>
#include <linux/errno.h>
#include "vfs.h"

#define FILES_MAX           1024
#define BITS_PER_WORD       64

/*
 * The open bitmap says which fd[] slots hold a file, so fork, exec and
 * exit visit the few open descriptors, not all 1024 slots (some 12,000
 * instructions per fork, exec and exit).
 */
struct files {
    struct file *fd[FILES_MAX];
    uint64_t open[FILES_MAX / BITS_PER_WORD];
    uint64_t cloexec[FILES_MAX / BITS_PER_WORD];
};

/* The lowest descriptor from fd on whose bit is set (want) or clear in
 * map; FILES_MAX if none. */
static int next_bit(const uint64_t *map, int fd, bool want)
{
    for (fd = MAX(fd, 0); fd < FILES_MAX; fd = ALIGN_DOWN(fd, BITS_PER_WORD) + BITS_PER_WORD) {
        uint64_t bits = (want ? map[fd / BITS_PER_WORD] : ~map[fd / BITS_PER_WORD]) &
                        (~0ULL << (fd % BITS_PER_WORD));

        if (bits)
            return ALIGN_DOWN(fd, BITS_PER_WORD) + __builtin_ctzll(bits);
    }
    return FILES_MAX;
}

static void bit_set(uint64_t *map, int fd, bool on)
{
    uint64_t bit = 1ULL << (fd % BITS_PER_WORD);

    if (on)
        map[fd / BITS_PER_WORD] |= bit;
    else
        map[fd / BITS_PER_WORD] &= ~bit;
}

struct file *file_new(struct inode *ino, const struct file_ops *ops, uint32_t flags)
{
    struct file *f = kzalloc(sizeof(*f));

    if (!f)
        return NULL;
    f->inode = ino;
    f->ops = ops;
    f->flags = flags;
    f->refs = 1;
    inode_get(ino);
    return f;
}

void fput(struct file *f)
{
    if (!f || --f->refs > 0)
        return;
    if (f->epoll_items)
        epoll_file_gone(f);
    if (f->ops && f->ops->release)
        f->ops->release(f);
    inode_put(f->inode);
    kfree(f);
}

struct files *files_new(void)
{
    return kzalloc(sizeof(struct files));
}

static bool cloexec_test(const struct files *fs, int fd)
{
    return fs->cloexec[fd / BITS_PER_WORD] & (1ULL << (fd % BITS_PER_WORD));
}

static void cloexec_set(struct files *fs, int fd, bool on)
{
    bit_set(fs->cloexec, fd, on);
}

struct files *files_clone(struct files *src)
{
    struct files *fs = files_new();

    if (!fs || !src)
        return fs;
    memcpy(fs->open, src->open, sizeof(fs->open));
    memcpy(fs->cloexec, src->cloexec, sizeof(fs->cloexec));
    for (int i = next_bit(src->open, 0, true); i < FILES_MAX; i = next_bit(src->open, i + 1, true)) {
        fs->fd[i] = src->fd[i];
        fs->fd[i]->refs++;
    }
    return fs;
}

static void files_drop(struct files *fs, int fd)
{
    struct file *f = fs->fd[fd];

    fs->fd[fd] = NULL;
    bit_set(fs->open, fd, false);
    cloexec_set(fs, fd, false);
    fput(f);
}

void files_close_on_exec(struct files *fs)
{
    for (int i = fs ? next_bit(fs->open, 0, true) : FILES_MAX; i < FILES_MAX;
         i = next_bit(fs->open, i + 1, true))
        if (cloexec_test(fs, i))
            files_drop(fs, i);
}

void files_release(struct files *fs)
{
    for (int i = fs ? next_bit(fs->open, 0, true) : FILES_MAX; i < FILES_MAX;
         i = next_bit(fs->open, i + 1, true))
        files_drop(fs, i);
    kfree(fs);
}

static struct files *cur_files(void)
{
    return current ? current->files : NULL;
}

static bool fd_valid(int fd)
{
    return cur_files() && fd >= 0 && fd < FILES_MAX && cur_files()->fd[fd];
}

struct file *fget(int fd)
{
    struct file *f;

    if (!fd_valid(fd))
        return NULL;
    f = cur_files()->fd[fd];
    f->refs++;
    return f;
}

/* Puts f (whose reference the table takes over) at fd, closing what was there. */
long fd_install_at(int fd, struct file *f, uint32_t fd_flags)
{
    struct files *fs = cur_files();

    if (!fs || fd < 0 || fd >= FILES_MAX)
        return -EBADF;
    if (fs->fd[fd])
        files_drop(fs, fd);
    fs->fd[fd] = f;
    bit_set(fs->open, fd, true);
    cloexec_set(fs, fd, fd_flags & FD_CLOEXEC);
    return fd;
}

/* The lowest free descriptor from lowest on gets f: fd, -EMFILE or -EINVAL. */
long fd_alloc_from(int lowest, struct file *f, uint32_t fd_flags)
{
    struct files *fs = cur_files();

    int fd;

    if (lowest < 0 || lowest >= FILES_MAX)
        return -EINVAL;
    fd = fs ? next_bit(fs->open, lowest, false) : FILES_MAX;
    return fd < FILES_MAX ? fd_install_at(fd, f, fd_flags) : -EMFILE;
}

long fd_install(struct file *f, uint32_t fd_flags)
{
    return fd_alloc_from(0, f, fd_flags);
}

long fd_close(int fd)
{
    if (!fd_valid(fd))
        return -EBADF;
    files_drop(cur_files(), fd);
    return 0;
}

long fd_get_cloexec(int fd)
{
    if (!fd_valid(fd))
        return -EBADF;
    return cloexec_test(cur_files(), fd) ? FD_CLOEXEC : 0;
}

long fd_set_cloexec(int fd, bool on)
{
    if (!fd_valid(fd))
        return -EBADF;
    cloexec_set(cur_files(), fd, on);
    return 0;
}

/* Another process's open file at fd (no reference taken), for /proc. */
struct file *files_peek(struct files *fs, int fd)
{
    return fs && fd >= 0 && fd < FILES_MAX ? fs->fd[fd] : NULL;
}

/* The lowest open descriptor from fd on, or -1. */
int files_next_open(struct files *fs, int fd)
{
    fd = fs ? next_bit(fs->open, fd, true) : FILES_MAX;
    return fd < FILES_MAX ? fd : -1;
}
