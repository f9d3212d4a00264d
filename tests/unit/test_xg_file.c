/*
 * tests/unit/test_xg_file.c - the builder's input files (tools/lib/xg_file.c):
 * mapped whole with their size bounded first, refused with the reason
 * when they are missing, empty, too large or not regular files, and a
 * file that shrinks after it was mapped is told apart by
 * xg_file_unchanged().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xg_file.h"

static char path[64];

static void write_file(const char *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
}

static int setup(void **state)
{
    int fd;

    (void)state;
    snprintf(path, sizeof(path), "/tmp/test_xg_file.XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void test_maps_the_whole_file(void **state)
{
    const uint8_t *data;
    size_t len;
    const char *why = NULL;

    (void)state;
    write_file("a kernel, say", 13);
    assert_int_equal(xg_map_file(path, 100, &data, &len, &why), 0);
    assert_int_equal(len, 13);
    assert_memory_equal(data, "a kernel, say", 13);
    assert_int_equal(xg_file_unchanged(path, len), 0);
    xg_unmap_file(data, len);
    xg_unmap_file(NULL, 0);                 /* nothing mapped: nothing to do */
}

static void test_refusals_say_why(void **state)
{
    const uint8_t *data = (const uint8_t *)"x";
    size_t len;
    const char *why = NULL;

    (void)state;
    write_file("", 0);
    assert_int_equal(xg_map_file(path, 100, &data, &len, &why), -ENOEXEC);
    assert_string_equal(why, "file is empty");
    assert_null(data);
    write_file("0123456789", 10);
    assert_int_equal(xg_map_file(path, 9, &data, &len, &why), -EFBIG);
    assert_string_equal(why, "file too large");
    assert_int_equal(xg_map_file("/tmp", 100, &data, &len, &why), -EINVAL);
    assert_string_equal(why, "not a regular file");
    assert_int_equal(xg_map_file("/nonexistent/kernel", 100, &data, &len, &why), -ENOENT);
    assert_string_equal(why, strerror(ENOENT));
}

/* Truncated in place after the mapping (cp over it): the check says so. */
static void test_shrunk_file_is_noticed(void **state)
{
    const uint8_t *data;
    size_t len;
    const char *why = NULL;

    (void)state;
    write_file("0123456789", 10);
    assert_int_equal(xg_map_file(path, 100, &data, &len, &why), 0);
    assert_int_equal(truncate(path, 4), 0);
    assert_int_equal(xg_file_unchanged(path, len), -EIO);
    xg_unmap_file(data, len);
    unlink(path);
    assert_int_equal(xg_file_unchanged(path, len), -EIO);   /* gone altogether */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_maps_the_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_say_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shrunk_file_is_noticed, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
