/*
 * tests/unit/test_vsnprintf.c - hypervisor/common/vsnprintf.c on the host.
 *
 * Most checks print the same format and arguments with the host's
 * snprintf (the reference, bound before lib_rename.h renames ours to
 * mx_snprintf) and with ours, into buffers of several sizes, and compare
 * the bytes, the NUL and the return value.  What the host does
 * differently on purpose (%p, NULL strings) is checked against fixed text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* The host's versions, bound before lib_rename.h hides their names. */
static int host_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

static int __attribute__((format(printf, 3, 4)))
host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return ret;
}

static int host_memcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

#include "lib_rename.h"
#include <minixen/lib.h>

#define OUT_SIZE 512
/* Fill byte for output buffers, to see how far each side wrote. */
#define CANARY '\x5a'

/* Buffer sizes to try: nothing, only the NUL, tiny, usual, large. */
static const size_t sizes[] = { 0, 1, 2, 5, 16, OUT_SIZE };

/* Compare ours with the host for one size; report the format on failure. */
static void compare_one(size_t size, const char *fmt, va_list ap)
{
    char want[OUT_SIZE], got[OUT_SIZE];
    va_list ap2;
    int want_ret, got_ret;

    memset(want, CANARY, sizeof(want));
    memset(got, CANARY, sizeof(got));
    va_copy(ap2, ap);
    want_ret = host_vsnprintf(want, size, fmt, ap);
    got_ret = vsnprintf(got, size, fmt, ap2);
    va_end(ap2);
    if (want_ret != got_ret || host_memcmp(want, got, sizeof(want)) != 0) {
        print_error("format \"%s\", size %zu: host %d \"%.*s\", ours %d \"%.*s\"\n",
                    fmt, size, want_ret, (int)(size ? size - 1 : 0), want,
                    got_ret, (int)(size ? size - 1 : 0), got);
        fail();
    }
}

/* A printf-style check: check("%5d", 42) compares every buffer size. */
static void __attribute__((format(printf, 1, 2))) check(const char *fmt, ...)
{
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        va_list ap;

        va_start(ap, fmt);
        compare_one(sizes[i], fmt, ap);
        va_end(ap);
    }
}

/* Ours alone, against fixed text. */
static void __attribute__((format(printf, 2, 3)))
expect(const char *want, const char *fmt, ...)
{
    char got[OUT_SIZE];
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = vsnprintf(got, sizeof(got), fmt, ap);
    va_end(ap);
    assert_string_equal(got, want);
    assert_int_equal(ret, (int)strlen(want));
}

/*
 * Some checks below use flag combinations that C defines but gcc warns
 * about ("%+u", "%-05d", an empty format, a NULL %s).  They are exactly
 * the corners worth comparing, so those warnings are off in this file.
 */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"

static void test_plain_text(void **state)
{
    (void)state;
    check("");
    check("hello, world");
    check("100%%");
    check("%%%%%%");
    check("a%%b%%c");
}

static void test_signed(void **state)
{
    (void)state;
    check("%d %i", 0, -0);
    check("%d %d %d", 1, -1, 123456789);
    check("%d %d", INT32_MAX, INT32_MIN);
    check("%ld %ld", (long)INT64_MAX, (long)INT64_MIN);
    check("%lld", (long long)INT64_MIN);
    check("%hhd %hhd", 200, -129);      /* converted to signed char */
    check("%hd %hd", 70000, -32769);    /* converted to short */
    check("%zd %td %jd", (ssize_t)-5, (ptrdiff_t)-6, (intmax_t)-7);
}

static void test_unsigned_bases(void **state)
{
    (void)state;
    check("%u %u", 0u, UINT32_MAX);
    check("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0755u);
    check("%lx %lX %lo %lu", ~0ul, ~0ul, ~0ul, ~0ul);
    check("%llx", 0x123456789abcdefull);
    check("%hhx %hx", 0x1234u, 0x123456u);
    check("%zu %zx", (size_t)SIZE_MAX, (size_t)4096);
    check("%jx", (uintmax_t)UINTMAX_MAX);
}

static void test_flags(void **state)
{
    (void)state;
    check("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
    check("[%+d] [% d] [%+ d]", -42, -42, 42);
    check("[%05d] [%-05d] [%+05d]", -42, -42, 42);
    check("[%#x] [%#X] [%#o] [%#x] [%#o]", 255u, 255u, 8u, 0u, 0u);
    check("[%#10x] [%#-10x] [%#010x]", 255u, 255u, 255u);
    check("[%+u] [% u]", 5u, 5u);           /* sign flags ignored for %u */
    check("[%+x] [% o]", 5u, 5u);
}

static void test_precision(void **state)
{
    (void)state;
    check("[%.3d] [%.3d] [%.0d] [%.0d]", 5, -5, 0, 7);
    check("[%8.3d] [%-8.3d] [%08.3d]", 5, -5, 5);  /* '0' ignored */
    check("[%.5x] [%#.5x] [%#.0o] [%#.3o]", 0xabu, 0xabu, 0u, 8u);
    check("[%.0x] [%#.0x] [%5.0x]", 0u, 0u, 0u);
    check("[%.2s] [%.0s] [%.10s]", "hello", "hello", "hi");
    check("[%10.2s] [%-10.2s]", "hello", "hello");
}

static void test_star(void **state)
{
    (void)state;
    check("[%*d] [%-*d]", 6, 42, 6, 42);
    check("[%*d]", -6, 42);                 /* negative width: left */
    check("[%.*d] [%.*d]", 4, 42, -1, 42);  /* negative precision: none */
    check("[%*.*s]", 8, 3, "abcdef");
    check("[%*s]", 0, "x");
}

static void test_chars_and_strings(void **state)
{
    (void)state;
    check("%c%c%c", 'a', 'b', 'c');
    check("[%3c] [%-3c]", 'x', 'y');
    check("[%s] [%10s] [%-10s] [%s]", "abc", "abc", "abc", "");
    check("a%cb", '\0');                   /* a NUL counts like any char */
    check("%s", "a long string that does not fit in the small buffers at all");
}

static void test_width_padding(void **state)
{
    (void)state;
    check("[%20d]", 1);
    check("[%-20s]|", "left");
    check("[%300d]", 7);                    /* longer than most buffers */
}

static void test_pointer(void **state)
{
    int x;
    char want[64];

    (void)state;
    /* Non-NULL pointers print like "%#lx" on the host. */
    host_snprintf(want, sizeof(want), "%#lx", (unsigned long)&x);
    expect(want, "%p", (void *)&x);
    expect("0x1000", "%p", (void *)0x1000);
    expect("0xffff800000000000", "%p", (void *)0xffff800000000000ul);
    /* NULL prints 0x0 (the host prints "(nil)"). */
    expect("0x0", "%p", NULL);
    expect("[    0x1000]", "[%10p]", (void *)0x1000);
    expect("[0x1000    ]", "[%-10p]", (void *)0x1000);
}

static void test_null_string(void **state)
{
    (void)state;
    expect("(null)", "%s", (const char *)NULL);
    expect("[  (null)]", "[%8s]", (const char *)NULL);
}

/* Formats a compiler would reject, built at run time. */
static void test_odd_formats(void **state)
{
    const char *unknown = "a%qb";
    const char *trailing = "abc%";
    const char *bad_n = "x%ny";

    (void)state;
    expect("a%qb", unknown);                /* unknown conversion shown */
    expect("abc%", trailing);
    expect("x%ny", bad_n);                  /* %n is never honoured */
}

static void test_return_and_termination(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, CANARY, sizeof(buf));
    assert_int_equal(snprintf(buf, 0, "abcdef"), 6);
    assert_int_equal(buf[0], CANARY);       /* size 0: nothing written */
    assert_int_equal(snprintf(buf, 4, "abcdef"), 6);
    assert_string_equal(buf, "abc");
    assert_int_equal(buf[4], CANARY);       /* nothing past the buffer */
    assert_int_equal(snprintf(buf, sizeof(buf), "%d", 1234567), 7);
    assert_string_equal(buf, "1234567");
    /* scnprintf returns what was stored. */
    assert_int_equal(scnprintf(buf, 4, "abcdef"), 3);
    assert_int_equal(scnprintf(buf, sizeof(buf), "ab"), 2);
    assert_int_equal(scnprintf(buf, 0, "ab"), 0);
}

static void test_huge_width_is_cheap(void **state)
{
    char buf[4];

    (void)state;
    /* The would-be length is counted, not written byte by byte. */
    assert_int_equal(snprintf(buf, sizeof(buf), "%*d", 1000000, 1), 1000000);
    assert_string_equal(buf, "   ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_unsigned_bases),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_star),
        cmocka_unit_test(test_chars_and_strings),
        cmocka_unit_test(test_width_padding),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_null_string),
        cmocka_unit_test(test_odd_formats),
        cmocka_unit_test(test_return_and_termination),
        cmocka_unit_test(test_huge_width_is_cheap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
