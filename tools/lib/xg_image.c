/*
 * tools/lib/xg_image.c - bzImage unwrapping and kernel decompression (see
 * xg_image.h).  The setup-header offsets are Linux's boot protocol
 * (Documentation/arch/x86/boot.rst).
 */
#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "xg_image.h"

/* Linux boot protocol: fields of the real-mode setup header. */
#define BZ_SETUP_SECTS      0x1f1   /* u8: 512-byte setup sectors after the boot sector */
#define BZ_HEADER           0x202   /* u32: "HdrS" */
#define BZ_VERSION          0x206   /* u16: protocol version */
#define BZ_PAYLOAD_OFFSET   0x248   /* u32: from the protected-mode code */
#define BZ_PAYLOAD_LENGTH   0x24c   /* u32 */
#define BZ_HEADER_END       0x250
#define BZ_MIN_VERSION      0x0208  /* the first with payload fields */
#define BZ_SECTOR           512
#define BZ_DEFAULT_SECTS    4       /* what setup_sects 0 means */

static const uint8_t gzip_magic[] = { 0x1f, 0x8b };
static const uint8_t xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const uint8_t elf_magic[] = { 0x7f, 'E', 'L', 'F' };

static uint32_t get_le(const uint8_t *p, unsigned int bytes)
{
    uint32_t v = 0;

    while (bytes--)
        v = (v << 8) | p[bytes];
    return v;
}

static bool starts_with(const uint8_t *p, size_t len, const uint8_t *magic,
                        size_t magic_len)
{
    return len >= magic_len && memcmp(p, magic, magic_len) == 0;
}

int xg_bzimage_payload(const uint8_t *img, size_t len,
                       const uint8_t **payload, size_t *payload_len,
                       const char **why)
{
    uint64_t sects, start, plen;

    if (len < BZ_HEADER_END || memcmp(img + BZ_HEADER, "HdrS", 4) != 0)
        return 0;
    if (get_le(img + BZ_VERSION, 2) < BZ_MIN_VERSION) {
        *why = "bzImage boot protocol older than 2.08 (no payload fields)";
        return -EINVAL;
    }
    sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : BZ_DEFAULT_SECTS;
    /* 64-bit sums of 32-bit fields: they cannot wrap. */
    start = (sects + 1) * BZ_SECTOR + get_le(img + BZ_PAYLOAD_OFFSET, 4);
    plen = get_le(img + BZ_PAYLOAD_LENGTH, 4);
    if (plen == 0 || start > len || plen > len - start) {
        *why = "bzImage payload lies outside the file";
        return -EINVAL;
    }
    *payload = img + start;
    *payload_len = (size_t)plen;
    return 1;
}

/* The next output size to try: double, up to max_out. */
static size_t grow(size_t have, size_t max_out)
{
    if (have >= max_out)
        return have;
    return have > max_out / 2 ? max_out : have * 2;
}

/* Decompressed bytes so far, in a buffer that grows up to max. */
struct out_buf {
    uint8_t *data;
    size_t used, cap, max;
};

/* Room for more output: 0, -EFBIG at the limit, -ENOMEM. */
static int out_make_room(struct out_buf *o)
{
    size_t bigger;
    uint8_t *data;

    if (o->used < o->cap)
        return 0;
    bigger = grow(o->cap, o->max);
    if (bigger == o->cap)
        return -EFBIG;
    data = realloc(o->data, bigger);
    if (!data)
        return -ENOMEM;
    o->data = data;
    o->cap = bigger;
    return 0;
}

static const char *inflate_error(int rc)
{
    if (rc == -EFBIG)
        return "decompressed kernel larger than the builder accepts";
    if (rc == -ENOMEM)
        return "out of memory decompressing the kernel";
    return "corrupt or truncated compressed kernel";
}

/*
 * The common loop of both decompressors: run step until it reports the
 * end, growing the output whenever it fills.  step returns 1 at the end,
 * 0 to go on, negative on a corrupt stream.
 */
struct inflater {
    int (*step)(void *state, uint8_t *out, size_t room, size_t *produced);
    void *state;
};

static int inflate_all(const struct inflater *f, size_t hint, size_t max_out,
                       uint8_t **out, size_t *out_len, const char **why)
{
    struct out_buf o = { .cap = hint < 4096 ? 4096 : hint, .max = max_out };
    int rc = 0;

    if (o.cap > max_out)
        o.cap = max_out;
    if (!o.cap)
        rc = -EFBIG;
    else if (!(o.data = malloc(o.cap)))
        rc = -ENOMEM;
    while (rc == 0) {
        size_t produced = 0;
        int step = f->step(f->state, o.data + o.used, o.cap - o.used, &produced);

        o.used += produced;
        rc = step > 0 ? 1 : step < 0 ? -EINVAL : out_make_room(&o);
    }
    if (rc < 0) {
        free(o.data);
        *why = inflate_error(rc);
        return rc;
    }
    *out = o.data;
    *out_len = o.used;
    return 1;
}

static int gzip_step(void *state, uint8_t *out, size_t room, size_t *produced)
{
    z_stream *z = state;
    uInt chunk = room > UINT32_MAX ? UINT32_MAX : (uInt)room;
    int rc;

    z->next_out = out;
    z->avail_out = chunk;
    rc = inflate(z, Z_NO_FLUSH);
    *produced = chunk - z->avail_out;
    if (rc == Z_STREAM_END)
        return 1;
    if (rc == Z_BUF_ERROR && z->avail_out == 0)
        return 0;               /* only out of room */
    if (rc != Z_OK || (*produced == 0 && z->avail_in == 0))
        return -1;              /* corrupt, or the input ended early */
    return 0;
}

static int gunzip(const uint8_t *in, size_t len, size_t max_out,
                  uint8_t **out, size_t *out_len, const char **why)
{
    z_stream z = { 0 };
    struct inflater f = { gzip_step, &z };
    int rc;

    if (len > UINT32_MAX) {
        *why = "compressed kernel too large";
        return -EFBIG;
    }
    /* 16 + MAX_WBITS: a gzip wrapper, not a zlib one. */
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        *why = "out of memory decompressing the kernel";
        return -ENOMEM;
    }
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    rc = inflate_all(&f, len * 4, max_out, out, out_len, why);
    inflateEnd(&z);
    return rc;
}

static int xz_step(void *state, uint8_t *out, size_t room, size_t *produced)
{
    lzma_stream *s = state;
    lzma_ret rc;

    s->next_out = out;
    s->avail_out = room;
    rc = lzma_code(s, LZMA_FINISH);
    *produced = room - s->avail_out;
    if (rc == LZMA_STREAM_END)
        return 1;
    if (rc == LZMA_OK)
        return 0;
    if (rc == LZMA_BUF_ERROR && s->avail_out == 0)
        return 0;
    return -1;
}

static int unxz(const uint8_t *in, size_t len, size_t max_out,
                uint8_t **out, size_t *out_len, const char **why)
{
    lzma_stream s = LZMA_STREAM_INIT;
    struct inflater f = { xz_step, &s };
    int rc;

    /* Linux's xz payloads check with CRC32; any check liblzma knows is fine. */
    if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
        *why = "out of memory decompressing the kernel";
        return -ENOMEM;
    }
    s.next_in = in;
    s.avail_in = len;
    rc = inflate_all(&f, len * 4, max_out, out, out_len, why);
    lzma_end(&s);
    return rc;
}

int xg_decompress(const uint8_t *in, size_t len, size_t max_out,
                  uint8_t **out, size_t *out_len, const char **why)
{
    if (starts_with(in, len, gzip_magic, sizeof(gzip_magic)))
        return gunzip(in, len, max_out, out, out_len, why);
    if (starts_with(in, len, xz_magic, sizeof(xz_magic)))
        return unxz(in, len, max_out, out, out_len, why);
    return 0;
}

int xg_kernel_elf(const uint8_t *file, size_t len, size_t max_out,
                  const uint8_t **elf, size_t *elf_len, uint8_t **owned,
                  const char **why)
{
    const uint8_t *data = file;
    size_t data_len = len;
    int rc = xg_bzimage_payload(file, len, &data, &data_len, why);

    *owned = NULL;
    if (rc < 0)
        return rc;
    rc = xg_decompress(data, data_len, max_out, owned, elf_len, why);
    if (rc < 0)
        return rc;
    if (rc > 0)
        data = *owned;
    else
        *elf_len = data_len;
    if (!starts_with(data, *elf_len, elf_magic, sizeof(elf_magic))) {
        free(*owned);
        *owned = NULL;
        *why = rc > 0 ? "decompressed kernel is not an ELF image"
                      : "not an ELF image, a bzImage, or a gzip or xz file";
        return -ENOEXEC;
    }
    *elf = data;
    return 0;
}
