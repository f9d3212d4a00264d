/*
 * dom0/fs/fileops.c - what read and write do on the files the tree
 * itself provides: regular files (archive or tmpfs), directories, and
 * procfs's generated text files.  Devices and drivers' files bring their
 * own file_ops (inode->fops).
 */
#include <kernel/kernel.h>
#include <kernel/uaccess.h>
#include <linux/errno.h>
#include "vfs.h"

#define GENERATED_MAX       PAGE_SIZE

static long reg_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    long got = data_read(f->inode, *pos, n, NULL, buf);

    if (got > 0)
        *pos += got;
    return got;
}

static long reg_write(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    long put;

    if (inode_is_ro(f->inode))
        return -EROFS;
    if (f->flags & O_APPEND)
        *pos = f->inode->size;
    put = data_write(f->inode, *pos, n, buf);
    if (put > 0)
        *pos += put;
    return put;
}

static const struct file_ops reg_file_ops = {
    .read = reg_read, .write = reg_write,
};

static long dir_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    (void)f, (void)buf, (void)n, (void)pos;
    return -EISDIR;
}

const struct file_ops dir_file_ops = {
    .read = dir_read, .write = dir_read,
};

/* A generated file is made whole at each read, then read from *pos. */
static long gen_read(struct file *f, uaddr_t buf, size_t n, int64_t *pos)
{
    char *text = kmalloc(GENERATED_MAX);
    long len;

    if (!text)
        return -ENOMEM;
    len = f->inode->iops->generate(f->inode, text, GENERATED_MAX);
    if (len >= 0 && *pos < len) {
        size_t chunk = MIN(n, (size_t)(len - *pos));
        len = copy_to_user(buf, text + *pos, chunk) ? -EFAULT : (long)chunk;
        if (len > 0)
            *pos += len;
    } else if (len >= 0) {
        len = 0;
    }
    kfree(text);
    return len;
}

static const struct file_ops gen_file_ops = {
    .read = gen_read,
};

/* The operations an open of ino uses, or NULL when it cannot be opened. */
const struct file_ops *file_ops_for(struct inode *ino)
{
    if (S_ISDIR(ino->mode))
        return &dir_file_ops;
    if (ino->fops)
        return ino->fops;
    if (S_ISREG(ino->mode))
        return ino->iops && ino->iops->generate ? &gen_file_ops : &reg_file_ops;
    return NULL;
}
