/*
 * tests/unit/test_xenconsoled_buffers.c - xenconsoled's bounded output
 * and input queues (tools/xenconsoled/backlog.c) and the log file names
 * it makes from domain names that come from xenstore
 * (tools/xenconsoled/logname.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "backlog.h"
#include "logname.h"

static struct backlog b;

/* Each test's backlog goes back (AddressSanitizer reports a leak). */
static int free_backlog(void **state)
{
    (void)state;
    backlog_free(&b);
    return 0;
}

/* Everything queued, oldest first, into out (NUL-terminated); consumes it. */
static void drain(char *out, size_t size)
{
    size_t got = 0, n;
    const char *p;

    while ((p = backlog_peek(&b, &n)), n) {
        assert_true(got + n < size);
        memcpy(out + got, p, n);
        got += n;
        backlog_consume(&b, n);
    }
    out[got] = '\0';
}

static void test_backlog_keeps_order_across_the_end(void **state)
{
    char out[16];

    (void)state;
    backlog_init(&b, 8);
    backlog_push(&b, "abcde", 5);
    backlog_consume(&b, 4);
    backlog_push(&b, "fghijk", 6);     /* wraps round the end */
    assert_int_equal(backlog_room(&b), 1);
    drain(out, sizeof(out));
    assert_string_equal(out, "efghijk");
    assert_int_equal(b.dropped, 0);
}

static void test_backlog_drops_the_oldest(void **state)
{
    char out[16];

    (void)state;
    backlog_init(&b, 8);
    backlog_push(&b, "012345", 6);
    backlog_push(&b, "6789", 4);
    drain(out, sizeof(out));
    assert_string_equal(out, "23456789");
    assert_int_equal(b.dropped, 2);
}

static void test_backlog_push_larger_than_capacity(void **state)
{
    char out[16];

    (void)state;
    backlog_init(&b, 4);
    backlog_push(&b, "x", 1);
    backlog_push(&b, "abcdefghij", 10);
    drain(out, sizeof(out));
    assert_string_equal(out, "ghij");
    assert_int_equal(b.dropped, 7);
}

static void test_backlog_consume_more_than_held(void **state)
{
    size_t n;

    (void)state;
    backlog_init(&b, 8);
    backlog_push(&b, "ab", 2);
    backlog_consume(&b, 100);
    assert_int_equal(b.len, 0);
    backlog_peek(&b, &n);
    assert_int_equal(n, 0);
    assert_int_equal(backlog_room(&b), 8);
}

static void test_backlog_capacity_is_bounded(void **state)
{
    (void)state;
    assert_int_equal(backlog_init(&b, BACKLOG_OUTPUT_SIZE * 2), 0);
    assert_int_equal(b.capacity, BACKLOG_OUTPUT_SIZE);
    backlog_free(&b);
    assert_int_equal(backlog_init(&b, 0), 0);
    assert_int_equal(b.capacity, BACKLOG_OUTPUT_SIZE);
}

static void test_logname_plain(void **state)
{
    char path[128];

    (void)state;
    assert_int_equal(logname_path(path, sizeof(path), "/var/log/xen/console",
                                  "web-1.x_y", 3), 40);
    assert_string_equal(path, "/var/log/xen/console/guest-web-1.x_y.log");
}

static void test_logname_hostile_names(void **state)
{
    char safe[LOGNAME_NAME_MAX + 1];
    char longname[LOGNAME_NAME_MAX * 2];

    (void)state;
    logname_sanitize(safe, "../../etc/passwd", 1);
    assert_string_equal(safe, "_._.._etc_passwd");
    logname_sanitize(safe, "..", 1);
    assert_string_equal(safe, "_.");
    logname_sanitize(safe, "a b\n\x1b[2J", 1);
    assert_string_equal(safe, "a_b___2J");
    logname_sanitize(safe, "", 12);
    assert_string_equal(safe, "dom12");
    logname_sanitize(safe, NULL, 7);
    assert_string_equal(safe, "dom7");
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    logname_sanitize(safe, longname, 1);
    assert_int_equal(strlen(safe), LOGNAME_NAME_MAX);
}

static void test_logname_path_too_long(void **state)
{
    char path[16];

    (void)state;
    assert_int_equal(logname_path(path, sizeof(path), "/var/log", "guest", 1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_backlog_keeps_order_across_the_end, free_backlog),
        cmocka_unit_test_teardown(test_backlog_drops_the_oldest, free_backlog),
        cmocka_unit_test_teardown(test_backlog_push_larger_than_capacity, free_backlog),
        cmocka_unit_test_teardown(test_backlog_consume_more_than_held, free_backlog),
        cmocka_unit_test_teardown(test_backlog_capacity_is_bounded, free_backlog),
        cmocka_unit_test(test_logname_plain),
        cmocka_unit_test(test_logname_hostile_names),
        cmocka_unit_test(test_logname_path_too_long),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
