/*
 * tests/unit/test_xlconsole_proto.c - the attach request and reply lines
 * between `xl console` and xenconsoled (tools/lib/xlconsole_proto.c):
 * good lines, lines not complete yet, and everything a hostile client
 * could send instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "xlconsole_proto.h"

static int request(const char *s, uint32_t *domid)
{
    return xlcons_parse_request(s, strlen(s), domid);
}

static void test_request_good(void **state)
{
    uint32_t domid = 99;

    (void)state;
    assert_int_equal(request("attach 7\n", &domid), 9);
    assert_int_equal(domid, 7);
    assert_int_equal(request("attach 0\n", &domid), 9);
    assert_int_equal(domid, 0);
    assert_int_equal(request("attach 32751\n", &domid), 13);
    assert_int_equal(domid, 0x7fef);
}

/* Bytes after the line are console input, not part of the request. */
static void test_request_followed_by_input(void **state)
{
    uint32_t domid;

    (void)state;
    assert_int_equal(request("attach 3\nls\r", &domid), 9);
    assert_int_equal(domid, 3);
}

static void test_request_incomplete(void **state)
{
    uint32_t domid;

    (void)state;
    assert_int_equal(request("", &domid), -EAGAIN);
    assert_int_equal(request("attach 1", &domid), -EAGAIN);
}

static void test_request_bad(void **state)
{
    static const char *const bad[] = {
        "\n", "attach\n", "attach \n", "attach  1\n", "attach 1 \n",
        "attach -1\n", "attach +1\n", "attach 01\n", "attach 1x\n",
        "attach 32752\n", "attach 65535\n", "attach 4294967297\n",
        "ATTACH 1\n", "detach 1\n", "attach 1\r\n", "attach 0x10\n",
    };
    uint32_t domid = 42;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(request(bad[i], &domid), -EINVAL);
        assert_int_equal(domid, 42);
    }
}

static void test_request_nul_inside_is_bad(void **state)
{
    uint32_t domid;

    (void)state;
    assert_int_equal(xlcons_parse_request("attach \0" "1\n", 10, &domid), -EINVAL);
}

/* A line that has no newline within the limit never becomes valid. */
static void test_request_too_long(void **state)
{
    char buf[XLCONS_LINE_MAX * 2];
    uint32_t domid;

    (void)state;
    memset(buf, '1', sizeof(buf));
    memcpy(buf, "attach ", 7);
    assert_int_equal(xlcons_parse_request(buf, XLCONS_LINE_MAX - 1, &domid), -EAGAIN);
    assert_int_equal(xlcons_parse_request(buf, XLCONS_LINE_MAX, &domid), -EINVAL);
    buf[sizeof(buf) - 1] = '\n';
    assert_int_equal(xlcons_parse_request(buf, sizeof(buf), &domid), -EINVAL);
}

static void test_reply_round_trip(void **state)
{
    char buf[XLCONS_LINE_MAX * 2];
    static const int errs[] = { ENOENT, EBUSY, EINVAL, EIO };

    (void)state;
    assert_int_equal(xlcons_format_reply(buf, sizeof(buf), 0), 3);
    assert_int_equal(xlcons_parse_reply(buf, strlen(buf)), 3);
    for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
        int n = xlcons_format_reply(buf, sizeof(buf), errs[i]);

        assert_true(n > 0 && n < XLCONS_LINE_MAX);
        assert_int_equal(xlcons_parse_reply(buf, (size_t)n), -errs[i]);
    }
}

static void test_request_round_trip(void **state)
{
    char buf[XLCONS_LINE_MAX];
    uint32_t domid;
    int n = xlcons_format_request(buf, sizeof(buf), 1234);

    (void)state;
    assert_int_equal(xlcons_parse_request(buf, (size_t)n, &domid), n);
    assert_int_equal(domid, 1234);
}

static void test_reply_bad(void **state)
{
    (void)state;
    assert_int_equal(xlcons_parse_reply("ok", 2), -EAGAIN);
    assert_int_equal(xlcons_parse_reply("okay\n", 5), -EIO);
    assert_int_equal(xlcons_parse_reply("error\n", 6), -EIO);
    assert_int_equal(xlcons_parse_reply("error EWHAT x\n", 14), -EIO);
    assert_int_equal(xlcons_parse_reply("error ENOENT\n", 13), -ENOENT);
    assert_int_equal(xlcons_parse_reply("hello\n", 6), -EIO);
}

static void test_escape_ends_what_is_sent(void **state)
{
    (void)state;
    assert_int_equal(xlcons_before_escape("abc", 3, 0x1d), 3);
    assert_int_equal(xlcons_before_escape("ab\x1d" "cd", 5, 0x1d), 2);
    assert_int_equal(xlcons_before_escape("\x1d", 1, 0x1d), 0);
    assert_int_equal(xlcons_before_escape("", 0, 0x1d), 0);
    /* NUL bytes are data, not an end. */
    assert_int_equal(xlcons_before_escape("a\0b\x1d", 4, 0x1d), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_good),
        cmocka_unit_test(test_request_followed_by_input),
        cmocka_unit_test(test_request_incomplete),
        cmocka_unit_test(test_request_bad),
        cmocka_unit_test(test_request_nul_inside_is_bad),
        cmocka_unit_test(test_request_too_long),
        cmocka_unit_test(test_request_round_trip),
        cmocka_unit_test(test_reply_round_trip),
        cmocka_unit_test(test_reply_bad),
        cmocka_unit_test(test_escape_ends_what_is_sent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
