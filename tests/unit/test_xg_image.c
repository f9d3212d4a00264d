/*
 * tests/unit/test_xg_image.c - the builder's kernel unwrapping
 * (tools/lib/xg_image.c): plain ELF, gzip and xz files, bzImages around
 * either, and hostile files (bad headers, payloads outside the file,
 * truncated or corrupt streams, decompression past the limit) refused
 * with the right errno and a reason, under ASan/UBSan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xg_image.h"

#define IMAGE_BYTES 20000
#define LIMIT       (1UL << 20)

static uint8_t elf_image[IMAGE_BYTES];

/* An "ELF" file: the magic, then bytes that do not compress to nothing. */
static int make_elf(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(elf_image); i++)
        elf_image[i] = (uint8_t)(i * 7 + (i >> 8));
    memcpy(elf_image, "\177ELF", 4);
    return 0;
}

static uint8_t *gzip_of(const uint8_t *in, size_t len, size_t *out_len)
{
    z_stream z = { 0 };
    size_t cap = compressBound(len) + 64;
    uint8_t *out = malloc(cap);

    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = len;
    z.next_out = out;
    z.avail_out = cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static uint8_t *xz_of(const uint8_t *in, size_t len, size_t *out_len)
{
    size_t cap = lzma_stream_buffer_bound(len);
    uint8_t *out = malloc(cap);

    *out_len = 0;
    assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len,
                                             out, out_len, cap), LZMA_OK);
    return out;
}

/* A bzImage: boot sector, setup_sects sectors of setup, then the payload. */
static uint8_t *bzimage_of(const uint8_t *payload, size_t len, uint16_t version,
                           size_t *out_len)
{
    const size_t setup = (1 + 2) * 512, skip = 100;
    uint8_t *img = calloc(1, setup + skip + len);

    img[0x1f1] = 2;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = version & 0xff;
    img[0x207] = version >> 8;
    img[0x248] = skip;                  /* payload_offset */
    img[0x24c] = len & 0xff;            /* payload_length */
    img[0x24d] = (len >> 8) & 0xff;
    img[0x24e] = (len >> 16) & 0xff;
    memcpy(img + setup + skip, payload, len);
    *out_len = setup + skip + len;
    return img;
}

/* Unwrap and compare with the original ELF image. */
static void assert_unwraps(const uint8_t *file, size_t len, int owned_expected)
{
    const uint8_t *elf;
    size_t elf_len;
    uint8_t *owned;
    const char *why = NULL;

    assert_int_equal(xg_kernel_elf(file, len, LIMIT, &elf, &elf_len, &owned, &why), 0);
    assert_int_equal(owned != NULL, owned_expected);
    assert_int_equal(elf_len, sizeof(elf_image));
    assert_memory_equal(elf, elf_image, sizeof(elf_image));
    free(owned);
}

static int unwrap_error(const uint8_t *file, size_t len, size_t limit,
                        const char **why)
{
    const uint8_t *elf;
    size_t elf_len;
    uint8_t *owned = (uint8_t *)1;
    int rc = xg_kernel_elf(file, len, limit, &elf, &elf_len, &owned, why);

    assert_null(owned);
    assert_non_null(*why);
    return rc;
}

static void test_plain_elf(void **state)
{
    (void)state;
    assert_unwraps(elf_image, sizeof(elf_image), 0);
}

static void test_gzip_and_xz(void **state)
{
    size_t gz_len, xz_len;
    uint8_t *gz = gzip_of(elf_image, sizeof(elf_image), &gz_len);
    uint8_t *xz = xz_of(elf_image, sizeof(elf_image), &xz_len);

    (void)state;
    assert_unwraps(gz, gz_len, 1);
    assert_unwraps(xz, xz_len, 1);
    free(gz);
    free(xz);
}

static void test_bzimage_payloads(void **state)
{
    size_t gz_len, xz_len, bz_len;
    uint8_t *gz = gzip_of(elf_image, sizeof(elf_image), &gz_len);
    uint8_t *xz = xz_of(elf_image, sizeof(elf_image), &xz_len);
    uint8_t *bz = bzimage_of(gz, gz_len, 0x020f, &bz_len);

    (void)state;
    assert_unwraps(bz, bz_len, 1);
    free(bz);
    bz = bzimage_of(xz, xz_len, 0x0208, &bz_len);
    assert_unwraps(bz, bz_len, 1);
    free(bz);
    free(gz);
    free(xz);
}

static void test_bzimage_bad_headers(void **state)
{
    size_t gz_len, bz_len;
    uint8_t *gz = gzip_of(elf_image, sizeof(elf_image), &gz_len);
    uint8_t *bz = bzimage_of(gz, gz_len, 0x0207, &bz_len);
    const char *why = NULL;

    (void)state;
    assert_int_equal(unwrap_error(bz, bz_len, LIMIT, &why), -EINVAL);
    assert_non_null(strstr(why, "2.08"));
    bz[0x206] = 0x0f;                           /* 2.15 again */
    bz[0x24f] = 0x01;                           /* payload_length + 16 MiB */
    assert_int_equal(unwrap_error(bz, bz_len, LIMIT, &why), -EINVAL);
    assert_string_equal(why, "bzImage payload lies outside the file");
    bz[0x24f] = 0;
    memset(bz + 0x248, 0xff, 4);                /* payload_offset 4 GiB - 1 */
    assert_int_equal(unwrap_error(bz, bz_len, LIMIT, &why), -EINVAL);
    memset(bz + 0x248, 0, 8);                   /* payload_length 0 */
    assert_int_equal(unwrap_error(bz, bz_len, LIMIT, &why), -EINVAL);
    /* Shorter than the setup header: not a bzImage, and not ELF either. */
    assert_int_equal(unwrap_error(bz, 0x240, LIMIT, &why), -ENOEXEC);
    free(bz);
    free(gz);
}

static void test_truncated_and_corrupt_streams(void **state)
{
    size_t gz_len, xz_len;
    uint8_t *gz = gzip_of(elf_image, sizeof(elf_image), &gz_len);
    uint8_t *xz = xz_of(elf_image, sizeof(elf_image), &xz_len);
    const char *why = NULL;

    (void)state;
    assert_int_equal(unwrap_error(gz, gz_len / 2, LIMIT, &why), -EINVAL);
    assert_int_equal(unwrap_error(gz, 2, LIMIT, &why), -EINVAL);
    assert_int_equal(unwrap_error(xz, xz_len - 10, LIMIT, &why), -EINVAL);
    assert_int_equal(unwrap_error(xz, 6, LIMIT, &why), -EINVAL);
    gz[gz_len - 6] ^= 0xff;                     /* the CRC32 trailer */
    assert_int_equal(unwrap_error(gz, gz_len, LIMIT, &why), -EINVAL);
    assert_string_equal(why, "corrupt or truncated compressed kernel");
    xz[xz_len / 2] ^= 0x55;
    assert_int_equal(unwrap_error(xz, xz_len, LIMIT, &why), -EINVAL);
    free(gz);
    free(xz);
}

static void test_output_limit(void **state)
{
    size_t big = 8UL << 20, gz_len, xz_len, out_len;
    uint8_t *zeros = calloc(1, big);
    uint8_t *gz, *xz, *out;
    const char *why = NULL;

    (void)state;
    memcpy(zeros, "\177ELF", 4);
    gz = gzip_of(zeros, big, &gz_len);
    xz = xz_of(zeros, big, &xz_len);
    assert_int_equal(unwrap_error(gz, gz_len, LIMIT, &why), -EFBIG);
    assert_int_equal(unwrap_error(xz, xz_len, LIMIT, &why), -EFBIG);
    /* Exactly at the limit is fine. */
    assert_int_equal(xg_decompress(gz, gz_len, big, &out, &out_len, &why), 1);
    assert_int_equal(out_len, big);
    assert_memory_equal(out, zeros, big);
    free(out);
    free(zeros);
    free(gz);
    free(xz);
}

static void test_not_a_kernel(void **state)
{
    static const uint8_t text[] = "#!/bin/sh\necho not a kernel\n";
    size_t gz_len;
    uint8_t *gz = gzip_of(text, sizeof(text), &gz_len);
    const char *why = NULL;

    (void)state;
    assert_int_equal(unwrap_error(text, sizeof(text), LIMIT, &why), -ENOEXEC);
    assert_int_equal(unwrap_error(gz, gz_len, LIMIT, &why), -ENOEXEC);
    assert_string_equal(why, "decompressed kernel is not an ELF image");
    assert_int_equal(unwrap_error(text, 0, LIMIT, &why), -ENOEXEC);
    free(gz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_elf),
        cmocka_unit_test(test_gzip_and_xz),
        cmocka_unit_test(test_bzimage_payloads),
        cmocka_unit_test(test_bzimage_bad_headers),
        cmocka_unit_test(test_truncated_and_corrupt_streams),
        cmocka_unit_test(test_output_limit),
        cmocka_unit_test(test_not_a_kernel),
    };

    return cmocka_run_group_tests(tests, make_elf, NULL);
}
