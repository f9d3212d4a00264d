/*
 * dom0/fs/cpio.c - the "newc" cpio format: a 110-byte header of ASCII hex
 * fields, the name with its NUL, padding to 4 bytes, the data, padding
 * to 4 bytes again.  The archive is the boot module, so every length is
 * checked against the bytes that are really there before it is used.
 */
#include <kernel/kernel.h>
#include <linux/errno.h>
#include "cpio.h"

#define CPIO_HEADER_LEN     110
#define CPIO_MAGIC_LEN      6
#define CPIO_FIELD_LEN      8
#define CPIO_ALIGN          4
#define CPIO_TRAILER        "TRAILER!!!"

/* Field order after the magic. */
enum {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
    F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
    F_COUNT
};

BUILD_BUG_ON(CPIO_MAGIC_LEN + F_COUNT * CPIO_FIELD_LEN != CPIO_HEADER_LEN);

void cpio_init(struct cpio_reader *r, const void *archive, size_t len)
{
    r->base = archive;
    r->len = archive ? len : 0;
    r->off = 0;
}

static int hex_digit(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Eight hex digits, exactly: anything else makes the archive malformed. */
static bool parse_field(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;

    for (int i = 0; i < CPIO_FIELD_LEN; i++) {
        int d = hex_digit(p[i]);
        if (d < 0)
            return false;
        v = (v << 4) | (uint32_t)d;
    }
    *out = v;
    return true;
}

static bool parse_header(const uint8_t *h, uint32_t f[F_COUNT])
{
    if (memcmp(h, "070701", CPIO_MAGIC_LEN) != 0 &&
        memcmp(h, "070702", CPIO_MAGIC_LEN) != 0)
        return false;
    for (int i = 0; i < F_COUNT; i++)
        if (!parse_field(h + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN, &f[i]))
            return false;
    return true;
}

/* off + n rounded up to 4, if that still lies within the archive. */
static bool advance(const struct cpio_reader *r, size_t off, size_t n, size_t *out)
{
    if (off > r->len || n > r->len - off)
        return false;
    off += n;
    *out = ALIGN_UP(off, CPIO_ALIGN);
    return true;
}

static void fill_entry(struct cpio_entry *e, const uint32_t f[F_COUNT])
{
    e->ino = f[F_INO];
    e->mode = f[F_MODE];
    e->uid = f[F_UID];
    e->gid = f[F_GID];
    e->nlink = f[F_NLINK];
    e->mtime = f[F_MTIME];
    e->dev_major = f[F_DEVMAJOR];
    e->dev_minor = f[F_DEVMINOR];
    e->rdev_major = f[F_RDEVMAJOR];
    e->rdev_minor = f[F_RDEVMINOR];
    e->size = f[F_FILESIZE];
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
    uint32_t f[F_COUNT];
    size_t name_off = r->off + CPIO_HEADER_LEN, data_off, next;

    if (r->off > r->len || r->len - r->off < CPIO_HEADER_LEN)
        return -EINVAL;
    if (!parse_header(r->base + r->off, f))
        return -EINVAL;
    /* The name holds at least its NUL, which must be its last byte. */
    if (f[F_NAMESIZE] == 0 || !advance(r, name_off, f[F_NAMESIZE], &data_off))
        return -EINVAL;
    if (r->base[name_off + f[F_NAMESIZE] - 1] != '\0')
        return -EINVAL;
    e->name = (const char *)r->base + name_off;
    e->name_len = f[F_NAMESIZE] - 1;
    if (strlen(e->name) != e->name_len)
        return -EINVAL;
    if (strcmp(e->name, CPIO_TRAILER) == 0)
        return 0;
    /* The padding after the name may run past a truncated archive. */
    if (data_off > r->len || !advance(r, data_off, f[F_FILESIZE], &next))
        return -EINVAL;
    fill_entry(e, f);
    e->data = r->base + data_off;
    r->off = next;
    return 1;
}
