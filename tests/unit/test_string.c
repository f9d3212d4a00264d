/*
 * tests/unit/test_string.c - hypervisor/common/string.c on the host.
 *
 * The functions under test carry an mx_ prefix here (lib_rename.h), so
 * the host's own string functions stay available as the reference:
 * host_memcmp() and friends below are taken before the renaming.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* The host's versions, bound before lib_rename.h hides their names. */
static int host_memcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

static int host_strcmp(const char *a, const char *b)
{
    return strcmp(a, b);
}

#include "lib_rename.h"
#include <minixen/lib.h>

#define BUF_SIZE 256
/* Fill byte that the tests never write, to spot stray writes. */
#define CANARY 0xa5

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void fill_pattern(unsigned char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i * 7 + 1);
}

static void test_memcpy_sizes_and_offsets(void **state)
{
    unsigned char src[BUF_SIZE], dst[BUF_SIZE + 2];

    (void)state;
    fill_pattern(src, sizeof(src));
    for (size_t n = 0; n <= 64; n++) {
        for (size_t off = 0; off < 8; off++) {
            for (size_t i = 0; i < sizeof(dst); i++)
                dst[i] = CANARY;
            assert_ptr_equal(memcpy(dst + 1 + off, src + off, n), dst + 1 + off);
            assert_int_equal(host_memcmp(dst + 1 + off, src + off, n), 0);
            assert_int_equal(dst[0], CANARY);
            assert_int_equal(dst[1 + off + n], CANARY);
        }
    }
}

static void test_memset(void **state)
{
    unsigned char buf[BUF_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = CANARY;
    assert_ptr_equal(memset(buf + 3, 0x1ff, 100), buf + 3);  /* int -> 0xff */
    assert_int_equal(buf[2], CANARY);
    for (size_t i = 3; i < 103; i++)
        assert_int_equal(buf[i], 0xff);
    assert_int_equal(buf[103], CANARY);
    memset(buf, 0, 0);
    assert_int_equal(buf[0], CANARY);
}

static void test_memmove_overlap(void **state)
{
    unsigned char buf[BUF_SIZE], ref[BUF_SIZE];

    (void)state;
    /* Forward overlap (dst below src) and backward (dst above src). */
    for (int shift = -9; shift <= 9; shift++) {
        size_t src = 50, dst = (size_t)(50 + shift), n = 100;

        fill_pattern(buf, sizeof(buf));
        fill_pattern(ref, sizeof(ref));
        for (size_t i = 0; i < n; i++)              /* expected result */
            ref[dst + i] = (unsigned char)(src + i) * 7 + 1;
        assert_ptr_equal(memmove(buf + dst, buf + src, n), buf + dst);
        assert_int_equal(host_memcmp(buf, ref, sizeof(buf)), 0);
    }
    memmove(buf, buf + 1, 0);
}

static void test_memcmp(void **state)
{
    (void)state;
    assert_int_equal(memcmp("abc", "abc", 3), 0);
    assert_int_equal(memcmp("abc", "abd", 3), -1);
    assert_int_equal(memcmp("abd", "abc", 3), 1);
    assert_int_equal(memcmp("abc", "xyz", 0), 0);
    /* Bytes compare unsigned: 0x80 is greater than 0x7f. */
    assert_int_equal(memcmp("\x80", "\x7f", 1), 1);
    assert_int_equal(memcmp("a\0b", "a\0c", 3), -1);
}

static void test_strlen_strnlen(void **state)
{
    const char raw[4] = { 'a', 'b', 'c', 'd' };     /* no terminator */

    (void)state;
    assert_int_equal(strlen(""), 0);
    assert_int_equal(strlen("hello"), 5);
    assert_int_equal(strnlen("hello", 3), 3);
    assert_int_equal(strnlen("hello", 5), 5);
    assert_int_equal(strnlen("hello", 99), 5);
    assert_int_equal(strnlen("", 0), 0);
    /* strnlen must not look past max (ASan would catch it). */
    assert_int_equal(strnlen(raw, sizeof(raw)), 4);
}

static void test_strcmp_strncmp(void **state)
{
    static const char *const words[] = {
        "", "a", "ab", "abc", "abd", "b", "\x80", "\x7f", "A",
    };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        for (size_t j = 0; j < ARRAY_SIZE(words); j++) {
            assert_int_equal(sign(strcmp(words[i], words[j])),
                             sign(host_strcmp(words[i], words[j])));
        }
    }
    assert_int_equal(strncmp("abcdef", "abcxyz", 3), 0);
    assert_int_equal(strncmp("abcdef", "abcxyz", 4), -1);
    assert_int_equal(strncmp("abc", "abc\0x", 10), 0);
    assert_int_equal(strncmp("x", "y", 0), 0);
}

static void test_strchr(void **state)
{
    const char *s = "hello";

    (void)state;
    assert_ptr_equal(strchr(s, 'l'), s + 2);
    assert_ptr_equal(strchr(s, 'h'), s);
    assert_null(strchr(s, 'z'));
    assert_ptr_equal(strchr(s, '\0'), s + 5);
    /* c converts to char: 0xff finds the byte 0xff. */
    s = "a\xff";
    assert_ptr_equal(strchr(s, 0xff), s + 1);
}

static void test_strrchr(void **state)
{
    const char s[] = "hello";

    (void)state;
    assert_ptr_equal(strrchr(s, 'l'), s + 3);
    assert_ptr_equal(strrchr(s, 'h'), s);
    assert_null(strrchr(s, 'z'));
    assert_ptr_equal(strrchr(s, '\0'), s + 5);
    assert_null(strrchr("", 'a'));
}

static void test_strlcpy(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(strlcpy(buf, "hi", sizeof(buf)), 2);
    assert_string_equal(buf, "hi");
    /* Truncation: returns the full length, keeps size - 1 bytes. */
    memset(buf, CANARY, sizeof(buf));
    assert_int_equal(strlcpy(buf, "0123456789", sizeof(buf)), 10);
    assert_string_equal(buf, "0123456");
    /* Exactly size - 1 characters fit. */
    assert_int_equal(strlcpy(buf, "1234567", sizeof(buf)), 7);
    assert_string_equal(buf, "1234567");
    /* size 0 writes nothing at all. */
    buf[0] = 'x';
    assert_int_equal(strlcpy(buf, "abc", 0), 3);
    assert_int_equal(buf[0], 'x');
    assert_int_equal(strlcpy(buf, "abc", 1), 3);
    assert_string_equal(buf, "");
}

static void test_macros(void **state)
{
    int arr[7];
    uint64_t big = 0x100000001ULL;

    (void)state;
    (void)arr;
    assert_int_equal(ARRAY_SIZE(arr), 7);
    assert_int_equal(min(3, 5), 3);
    assert_int_equal(max(3, 5), 5);
    assert_int_equal(min_t(long, -1, 2u), -1);
    assert_int_equal(ROUNDUP(4097UL, 4096), 8192);
    assert_int_equal(ROUNDUP(4096UL, 4096), 4096);
    assert_int_equal(ROUNDDOWN(8191UL, 4096), 4096);
    /* A 32-bit alignment must not clear the top half of a 64-bit value. */
    assert_true(ROUNDDOWN(big, 16u) == 0x100000000ULL);
    assert_true(ROUNDUP(big, 16u) == 0x100000010ULL);
    assert_true(IS_ALIGNED(0x2000UL, 0x1000));
    assert_false(IS_ALIGNED(0x2001UL, 0x1000));
    assert_true(IS_POWER_OF_2(64));
    assert_false(IS_POWER_OF_2(0));
    assert_false(IS_POWER_OF_2(96));
    assert_int_equal(DIV_ROUND_UP(10, 3), 4);
    BUILD_BUG_ON(sizeof(uint32_t) != 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_sizes_and_offsets),
        cmocka_unit_test(test_memset),
        cmocka_unit_test(test_memmove_overlap),
        cmocka_unit_test(test_memcmp),
        cmocka_unit_test(test_strlen_strnlen),
        cmocka_unit_test(test_strcmp_strncmp),
        cmocka_unit_test(test_strchr),
        cmocka_unit_test(test_strrchr),
        cmocka_unit_test(test_strlcpy),
        cmocka_unit_test(test_macros),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
