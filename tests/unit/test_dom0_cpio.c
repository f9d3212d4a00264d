/*
 * tests/unit/test_dom0_cpio.c - the newc reader (dom0/fs/cpio.c) and the
 * unpacking of an archive into the root tree (dom0/fs/super.c).
 *
 * Good archives must come out entry by entry with every field; hostile
 * ones (truncated anywhere, lengths past the end, bad hex, a name
 * without its NUL) must be refused without a byte read outside the
 * buffer, which ASan checks: each archive is copied into a malloc'd
 * buffer of exactly its length.  A few thousand random mutations of a
 * good archive go through both the reader and the unpacker.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include "cpio.h"
#include "vfs.h"
#include "dom0_fakes.h"

#define FUZZ_ROUNDS         3000
#define HEADER_LEN          110
#define NAMESIZE_FIELD      (6 + 11 * 8)
#define FILESIZE_FIELD      (6 + 6 * 8)

static struct cpio_builder sample;

static int setup(void **state)
{
    (void)state;
    fake_process_reset();
    memset(&sample, 0, sizeof(sample));
    cpio_add(&sample, ".", S_IFDIR | 0755, NULL, 0, 2, 1);
    cpio_add(&sample, "bin", S_IFDIR | 0755, NULL, 0, 2, 2);
    cpio_add(&sample, "bin/busybox", S_IFREG | 0755, "\177ELF-ish", 9, 1, 3);
    cpio_add(&sample, "bin/sh", S_IFLNK | 0777, "busybox", 7, 1, 4);
    cpio_add(&sample, "etc/motd", S_IFREG | 0644, "hello\n", 6, 1, 5);
    cpio_finish(&sample);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cpio_builder_free(&sample);
    fake_heap_reset();
    vfs_forget();
    return 0;
}

/* An exact-length heap copy, so ASan sees any read past the end. */
static uint8_t *exact_copy(const void *src, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);

    assert_non_null(p);
    memcpy(p, src, len);
    return p;
}

static int count_entries(const void *archive, size_t len)
{
    struct cpio_reader r;
    struct cpio_entry e;
    int n = 0, rc;

    cpio_init(&r, archive, len);
    while ((rc = cpio_next(&r, &e)) > 0)
        n++;
    return rc < 0 ? rc : n;
}

static void test_reads_every_field(void **state)
{
    struct cpio_reader r;
    struct cpio_entry e;

    (void)state;
    cpio_init(&r, sample.buf, sample.len);
    assert_int_equal(cpio_next(&r, &e), 1);
    assert_string_equal(e.name, ".");
    assert_int_equal(cpio_next(&r, &e), 1);
    assert_string_equal(e.name, "bin");
    assert_int_equal(e.mode, S_IFDIR | 0755);
    assert_int_equal(cpio_next(&r, &e), 1);
    assert_string_equal(e.name, "bin/busybox");
    assert_int_equal(e.name_len, 11);
    assert_int_equal(e.size, 9);
    assert_memory_equal(e.data, "\177ELF-ish", 9);
    assert_int_equal(e.ino, 3);
    assert_int_equal(e.nlink, 1);
    assert_int_equal(e.mtime, 1600000000);
    assert_int_equal(e.rdev_major, 1);
    assert_int_equal(e.rdev_minor, 3);
    /* Data points into the archive, it is not a copy. */
    assert_true(e.data > sample.buf && e.data < sample.buf + sample.len);
    assert_int_equal(cpio_next(&r, &e), 1);
    assert_int_equal(e.mode, S_IFLNK | 0777);
    assert_int_equal(cpio_next(&r, &e), 1);
    assert_int_equal(cpio_next(&r, &e), 0);     /* the trailer */
}

static void test_every_truncation_is_refused(void **state)
{
    (void)state;
    /* The trailer's header and "TRAILER!!!\0"; its padding may be cut. */
    size_t trailer_end = sample.len - 3;

    for (size_t len = 0; len < sample.len; len++) {
        uint8_t *p = exact_copy(sample.buf, len);
        int n = count_entries(p, len);
        free(p);
        if (len < trailer_end)
            assert_int_equal(n, -EINVAL);
        else
            assert_int_equal(n, 5);
    }
    assert_int_equal(count_entries(sample.buf, sample.len), 5);
}

static void set_field(uint8_t *hdr, size_t at, uint32_t v)
{
    char tmp[9];

    snprintf(tmp, sizeof(tmp), "%08X", v);
    memcpy(hdr + at, tmp, 8);
}

static void test_lengths_past_the_end(void **state)
{
    uint8_t *p = exact_copy(sample.buf, sample.len);

    (void)state;
    set_field(p, NAMESIZE_FIELD, 0xffffffff);
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    set_field(p, NAMESIZE_FIELD, 0);
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    memcpy(p, sample.buf, sample.len);
    set_field(p, FILESIZE_FIELD, 0xfffffff0);
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    free(p);
}

static void test_bad_hex_magic_and_nul(void **state)
{
    uint8_t *p = exact_copy(sample.buf, sample.len);

    (void)state;
    p[FILESIZE_FIELD + 3] = 'g';
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    memcpy(p, sample.buf, sample.len);
    p[FILESIZE_FIELD + 3] = ' ';
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    memcpy(p, sample.buf, sample.len);
    p[5] = '7';                             /* 070707: the old binary-ish format */
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    memcpy(p, sample.buf, sample.len);
    p[HEADER_LEN + 1] = 'x';                /* "." loses its NUL */
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    memcpy(p, sample.buf, sample.len);
    p[HEADER_LEN] = '\0';                   /* a NUL inside the name */
    assert_int_equal(count_entries(p, sample.len), -EINVAL);
    free(p);
    assert_int_equal(count_entries(NULL, 100), -EINVAL);
}

static void test_crc_format_accepted(void **state)
{
    uint8_t *p = exact_copy(sample.buf, sample.len);

    (void)state;
    for (size_t off = 0; off + 6 <= sample.len; off++)
        if (memcmp(p + off, "070701", 6) == 0)
            p[off + 5] = '2';
    assert_int_equal(count_entries(p, sample.len), 5);
    free(p);
}

static uint64_t fuzz_state = 0x1234567;

static uint32_t fuzz_next(void)
{
    fuzz_state = fuzz_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(fuzz_state >> 33);
}

/* One mutation: a random byte, a random hex digit, or a random cut. */
static size_t mutate(uint8_t *p, size_t len)
{
    static const char hex[] = "0123456789abcdefABCDEF";

    switch (fuzz_next() % 4) {
    case 0:
        p[fuzz_next() % len] = (uint8_t)fuzz_next();
        return len;
    case 1:
        p[fuzz_next() % len] = (uint8_t)hex[fuzz_next() % 22];
        return len;
    case 2:
        p[fuzz_next() % len] = (uint8_t)"fF0\0/."[fuzz_next() % 6];
        return len;
    default:
        return fuzz_next() % len;
    }
}

static void test_fuzz_reader_and_unpacker(void **state)
{
    (void)state;
    for (int round = 0; round < FUZZ_ROUNDS; round++) {
        uint8_t *p = exact_copy(sample.buf, sample.len);
        size_t len = sample.len;
        struct inode *root;
        struct fs_super sb = { .name = "fuzz" };
        for (int m = 1 + (int)(fuzz_next() % 4); m > 0 && len; m--)
            len = mutate(p, len);
        count_entries(p, len);
        root = ramfs_new_root(&sb, S_IFDIR | 0755);
        assert_non_null(root);
        rootfs_unpack(root, p, len);
        fake_heap_reset();
        free(p);
    }
}

static void test_unpack_builds_the_tree(void **state)
{
    struct inode *ino;
    char target[16];

    (void)state;
    vfs_init(sample.buf, sample.len);
    assert_int_equal(vfs_lookup("/bin/busybox", true, &ino), 0);
    assert_int_equal(inode_mode(ino), S_IFREG | 0755);
    assert_int_equal(inode_size(ino), 9);
    assert_int_equal(ino->mtime.tv_sec, 1600000000);
    inode_put(ino);
    assert_int_equal(vfs_lookup("/bin/sh", false, &ino), 0);
    assert_int_equal(inode_readlink(ino, target, sizeof(target)), 7);
    assert_memory_equal(target, "busybox", 7);
    inode_put(ino);
    /* Directories implied by a path are made. */
    assert_int_equal(vfs_lookup("/etc", true, &ino), 0);
    assert_true(S_ISDIR(inode_mode(ino)));
    inode_put(ino);
    assert_int_equal(vfs_lookup("/bin/sh", true, &ino), 0);
    assert_int_equal(inode_size(ino), 9);
    inode_put(ino);
}

static void test_unpack_hostile_names(void **state)
{
    struct cpio_builder b = { 0 };
    struct inode *ino;

    (void)state;
    cpio_add(&b, "../escape", S_IFREG | 0644, "x", 1, 1, 1);
    cpio_add(&b, "a/../../b", S_IFREG | 0644, "x", 1, 1, 2);
    cpio_add(&b, "./ok", S_IFREG | 0644, "y", 1, 1, 3);
    cpio_add(&b, "/abs//x", S_IFREG | 0644, "z", 1, 1, 4);
    cpio_add(&b, "ok/child", S_IFREG | 0644, "w", 1, 1, 5);   /* ok is a file */
    cpio_add(&b, "ln", S_IFLNK | 0777, NULL, 0, 1, 6);        /* empty target */
    cpio_finish(&b);
    vfs_init(b.buf, b.len);
    assert_int_equal(vfs_lookup("/escape", true, &ino), -ENOENT);
    assert_int_equal(vfs_lookup("/b", true, &ino), -ENOENT);
    assert_int_equal(vfs_lookup("/ok", true, &ino), 0);
    inode_put(ino);
    assert_int_equal(vfs_lookup("/abs/x", true, &ino), 0);
    inode_put(ino);
    assert_int_equal(vfs_lookup("/ln", false, &ino), -ENOENT);
    cpio_builder_free(&b);
}

static void test_unpack_hard_links_share(void **state)
{
    struct cpio_builder b = { 0 };
    struct inode *x, *y;

    (void)state;
    /* GNU cpio's newc: the data comes with the last name of the inode. */
    cpio_add(&b, "x", S_IFREG | 0755, NULL, 0, 2, 42);
    cpio_add(&b, "y", S_IFREG | 0755, "data", 4, 2, 42);
    cpio_finish(&b);
    vfs_init(b.buf, b.len);
    assert_int_equal(vfs_lookup("/x", true, &x), 0);
    assert_int_equal(vfs_lookup("/y", true, &y), 0);
    assert_ptr_equal(x, y);
    assert_int_equal(inode_size(x), 4);
    assert_int_equal(x->nlink, 2);
    inode_put(x);
    inode_put(y);
    cpio_builder_free(&b);
}

static void test_inode_page_shares_archive_copy(void **state)
{
    struct inode *ino;
    long err;
    uint8_t *p1, *p2, *past;
    char buf[4];

    (void)state;
    vfs_init(sample.buf, sample.len);
    assert_int_equal(vfs_lookup("/etc/motd", true, &ino), 0);
    p1 = inode_page(ino, 0, &err);
    assert_int_equal(err, 0);
    p2 = inode_page(ino, 0, &err);
    assert_ptr_equal(p1, p2);
    assert_memory_equal(p1, "hello\n\0\0", 8);
    past = inode_page(ino, 1, &err);
    assert_non_null(past);
    assert_ptr_not_equal(past, p1);
    page_put(p1);
    page_put(p2);
    page_put(past);
    assert_int_equal(inode_read(ino, 2, buf, sizeof(buf)), 4);
    assert_memory_equal(buf, "llo\n", 4);
    assert_int_equal(inode_read(ino, 6, buf, sizeof(buf)), 0);
    inode_put(ino);
    assert_int_equal(vfs_lookup("/etc", true, &ino), 0);
    assert_int_equal(inode_read(ino, 0, buf, 1), -EISDIR);
    assert_null(inode_page(ino, 0, &err));
    assert_int_equal(err, -EACCES);
    inode_put(ino);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reads_every_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_truncation_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lengths_past_the_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_hex_magic_and_nul, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crc_format_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz_reader_and_unpacker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unpack_builds_the_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unpack_hostile_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unpack_hard_links_share, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inode_page_shares_archive_copy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
