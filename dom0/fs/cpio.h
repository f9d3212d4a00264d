/*
 * dom0/fs/cpio.h - reading a "newc" cpio archive (the boot root file
 * system) without trusting a byte of it.
 */
#ifndef DOM0_FS_CPIO_H
#define DOM0_FS_CPIO_H

#include <kernel/types.h>

struct cpio_entry {
    const char *name;               /* NUL-terminated, inside the archive */
    size_t name_len;                /* without the NUL */
    uint32_t ino, mode, uid, gid, nlink, mtime;
    uint32_t dev_major, dev_minor, rdev_major, rdev_minor;
    const uint8_t *data;            /* inside the archive */
    size_t size;
};

struct cpio_reader {
    const uint8_t *base;
    size_t len;
    size_t off;                     /* the next header */
};

void cpio_init(struct cpio_reader *r, const void *archive, size_t len);
/* 1 with *e filled, 0 at TRAILER!!!, -EINVAL on a malformed archive. */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif /* DOM0_FS_CPIO_H */
