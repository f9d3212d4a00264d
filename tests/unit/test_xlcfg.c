/*
 * tests/unit/test_xlcfg.c - the xl.cfg reader (tools/lib/xlcfg.c): Xen's
 * syntax (strings, numbers, lists, comments, ';', +=, overrides), the
 * typed getters and their messages, and every malformed input refused
 * with one line naming the source and the line.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xlcfg.h"

static struct xlcfg *parse_ok(const char *text)
{
    struct xlcfg *cfg = xlcfg_new();

    assert_non_null(cfg);
    assert_int_equal(xlcfg_parse_buffer(cfg, "vm.cfg", text, strlen(text)), 0);
    assert_string_equal(xlcfg_error(cfg), "");
    return cfg;
}

/* text must be refused with rc and exactly the message expected. */
static void parse_fails(const char *text, int rc, const char *expected)
{
    struct xlcfg *cfg = xlcfg_new();

    assert_int_equal(xlcfg_parse_buffer(cfg, "vm.cfg", text, strlen(text)), rc);
    assert_string_equal(xlcfg_error(cfg), expected);
    assert_null(strchr(xlcfg_error(cfg), '\n'));
    xlcfg_free(cfg);
}

static void assert_string_setting(struct xlcfg *cfg, const char *key,
                                  const char *value)
{
    const char *got = NULL;

    assert_int_equal(xlcfg_get_string(cfg, key, &got), 0);
    assert_string_equal(got, value);
}

static void test_basic_settings(void **state)
{
    struct xlcfg *cfg = parse_ok(
        "# a guest\n"
        "name = \"guest1\"\n"
        "memory=64   # MiB\n"
        "kernel = '/opt/guests/hello'\n"
        "\n"
        "vcpus = 2; maxmem = 0x80\n"
        "on_crash = 'preserve'");
    long n = 0;

    (void)state;
    assert_string_setting(cfg, "name", "guest1");
    assert_string_setting(cfg, "kernel", "/opt/guests/hello");
    assert_string_setting(cfg, "on_crash", "preserve");
    assert_int_equal(xlcfg_get_long(cfg, "memory", 1, 1000, &n), 0);
    assert_int_equal(n, 64);
    assert_int_equal(xlcfg_get_long(cfg, "vcpus", 1, 8, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(xlcfg_get_long(cfg, "maxmem", 0, LONG_MAX, &n), 0);
    assert_int_equal(n, 128);
    assert_int_equal(xlcfg_find(cfg, "vcpus")->line, 6);
    assert_int_equal(xlcfg_find(cfg, "on_crash")->line, 7);
    assert_int_equal(xlcfg_get_string(cfg, "absent", &(const char *){ 0 }),
                     -ESRCH);
    xlcfg_free(cfg);
}

static void test_empty_inputs(void **state)
{
    struct xlcfg *cfg;

    (void)state;
    cfg = parse_ok("");
    assert_null(cfg->settings);
    xlcfg_free(cfg);
    cfg = parse_ok("\n\n  # only a comment\n;;\n\t\r\n");
    assert_null(cfg->settings);
    xlcfg_free(cfg);
}

static void test_escapes(void **state)
{
    struct xlcfg *cfg = parse_ok(
        "a = \"q\\\"uote\\\\ and \\'\"\n"
        "b = 'tab\\tnl\\nbell\\a'\n"
        "c = \"\\x41\\102\\7\"\n"
        "e = \"#not a comment\"\n"
        "f = \"\"\n");

    (void)state;
    assert_string_setting(cfg, "a", "q\"uote\\ and '");
    assert_string_setting(cfg, "b", "tab\tnl\nbell\a");
    assert_string_setting(cfg, "c", "AB\a");
    assert_string_setting(cfg, "e", "#not a comment");
    assert_string_setting(cfg, "f", "");
    xlcfg_free(cfg);
    parse_fails("d = 'it''s'\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'s'': expected a "
                "newline or ';' after the value");
}

static void test_lists(void **state)
{
    struct xlcfg *cfg = parse_ok(
        "disk = [ 'phy:/dev/a,xvda,w',\n"
        "         \"file:/b,xvdb,r\", ]\n"
        "empty = []\n"
        "nested = [ [1, 2], [ ], 'x' ]\n"
        "spread = [\n"
        "\n"
        "  'one'\n"
        "  ,\n"
        "  'two'\n"
        "]\n");
    const struct xlcfg_value *list;

    (void)state;
    assert_int_equal(xlcfg_get_list(cfg, "disk", &list), 0);
    assert_int_equal(list->nr_items, 2);
    assert_string_equal(xlcfg_list_string(list, 0), "phy:/dev/a,xvda,w");
    assert_string_equal(xlcfg_list_string(list, 1), "file:/b,xvdb,r");
    assert_null(xlcfg_list_string(list, 2));
    assert_int_equal(xlcfg_get_list(cfg, "empty", &list), 0);
    assert_int_equal(list->nr_items, 0);
    assert_int_equal(xlcfg_get_list(cfg, "nested", &list), 0);
    assert_int_equal(list->nr_items, 3);
    assert_null(xlcfg_list_string(list, 0));
    assert_int_equal(list->items[0]->nr_items, 2);
    assert_string_equal(list->items[0]->items[1]->string, "2");
    assert_int_equal(list->items[1]->nr_items, 0);
    assert_string_equal(xlcfg_list_string(list, 2), "x");
    assert_int_equal(xlcfg_get_list(cfg, "spread", &list), 0);
    assert_int_equal(list->nr_items, 2);
    assert_string_equal(xlcfg_list_string(list, 1), "two");
    assert_int_equal(xlcfg_find(cfg, "spread")->line, 5);
    xlcfg_free(cfg);
}

static void test_last_setting_wins(void **state)
{
    struct xlcfg *cfg = parse_ok("memory = 64\nmemory = 96\n");
    long n;

    (void)state;
    assert_int_equal(xlcfg_get_long(cfg, "memory", 0, 1000, &n), 0);
    assert_int_equal(n, 96);
    assert_int_equal(xlcfg_find(cfg, "memory")->line, 2);
    xlcfg_free(cfg);
}

static void test_append(void **state)
{
    struct xlcfg *cfg = parse_ok(
        "extra = 'console=hvc0'\n"
        "extra += ' quiet'\n"
        "disk = ['a']\n"
        "disk += ['b', 'c']\n"
        "fresh += 'new'\n"
        "count = 1\n"
        "count += 2\n");
    const struct xlcfg_value *list;
    long n;

    (void)state;
    assert_string_setting(cfg, "extra", "console=hvc0 quiet");
    assert_int_equal(xlcfg_get_list(cfg, "disk", &list), 0);
    assert_int_equal(list->nr_items, 3);
    assert_string_equal(xlcfg_list_string(list, 0), "a");
    assert_string_equal(xlcfg_list_string(list, 2), "c");
    assert_string_setting(cfg, "fresh", "new");
    assert_int_equal(xlcfg_get_long(cfg, "count", 0, 100, &n), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:7: can't use += with "
                        "numbers for parameter `count'");
    xlcfg_free(cfg);
    cfg = parse_ok("e = []\ne += []\ne += ['z']\n");
    assert_int_equal(xlcfg_get_list(cfg, "e", &list), 0);
    assert_int_equal(list->nr_items, 1);
    xlcfg_free(cfg);
    parse_fails("a = 'x'\na += ['y']\n", -EINVAL,
                "vm.cfg:2: config parsing error near <newline>: can't add "
                "[list] to \"string\" or vice versa");
}

static void test_overrides_across_sources(void **state)
{
    struct xlcfg *cfg = parse_ok("name = 'a'\nmemory = 32\n");
    const char *override = "name=\"b\"";
    const char *name;

    (void)state;
    assert_int_equal(xlcfg_parse_buffer(cfg, "command line", override,
                                        strlen(override)), 0);
    assert_int_equal(xlcfg_get_string(cfg, "name", &name), 0);
    assert_string_equal(name, "b");
    assert_string_equal(xlcfg_find(cfg, "name")->source, "command line");
    assert_string_equal(xlcfg_find(cfg, "memory")->source, "vm.cfg");
    assert_int_equal(xlcfg_parse_buffer(cfg, "command line", "memory=",
                                        7), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "command line:1: config parsing "
                        "error at end of input: expected a value after '='");
    xlcfg_free(cfg);
}

static void test_getter_errors(void **state)
{
    struct xlcfg *cfg = parse_ok(
        "name = ['a']\n"
        "memory = 'lots'\n"
        "vcpus = 99\n"
        "big = 99999999999999999999999\n"
        "disk = 'x'\n"
        "neg = '-5'\n"
        "flag = 0\n"
        "flag2 = 'yes'\n");
    const struct xlcfg_value *list;
    const char *s;
    long n = 7;
    bool b = true;

    (void)state;
    assert_int_equal(xlcfg_get_string(cfg, "name", &s), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:1: parameter `name' is a "
                        "list but should be a single value");
    assert_int_equal(xlcfg_get_long(cfg, "memory", 0, 10, &n), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:2: parameter `memory' is "
                        "not a valid number");
    assert_int_equal(xlcfg_get_long(cfg, "vcpus", 1, 32, &n), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:3: value `99' of parameter "
                        "`vcpus' is greater than maximum bound '32'");
    assert_int_equal(xlcfg_get_long(cfg, "neg", 0, 32, &n), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:6: value `-5' of parameter "
                        "`neg' is smaller than minimum bound '0'");
    assert_int_equal(xlcfg_get_long(cfg, "big", 0, LONG_MAX, &n), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:4: parameter `big' could "
                        "not be parsed as a number: Numerical result out of "
                        "range");
    assert_int_equal(n, 7);
    assert_int_equal(xlcfg_get_list(cfg, "disk", &list), -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:5: parameter `disk' is a "
                        "single value but should be a list");
    assert_int_equal(xlcfg_get_bool(cfg, "flag", &b), 0);
    assert_false(b);
    assert_int_equal(xlcfg_get_bool(cfg, "flag2", &b), -EINVAL);
    assert_int_equal(xlcfg_get_list(cfg, "nothing", &list), -ESRCH);
    xlcfg_free(cfg);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    parse_fails("name = 'a'\nmemory 128\n", -EINVAL,
                "vm.cfg:2: config parsing error near `128': expected '=' "
                "after \"memory\"");
    parse_fails("memory =\n", -EINVAL,
                "vm.cfg:1: config parsing error near <newline>: expected a "
                "value after '='");
    parse_fails("\n\nname = \"abc\n", -EINVAL,
                "vm.cfg:3: config parsing error near `\"abc': unterminated "
                "quoted string");
    parse_fails("name = 'a' 'b'\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'b'': expected a "
                "newline or ';' after the value");
    parse_fails("Memory = 1\n", -EINVAL,
                "vm.cfg:1: config parsing error near `Memory = 1': lexical "
                "error");
    parse_fails("memory = -1\n", -EINVAL,
                "vm.cfg:1: config parsing error near `-1': lexical error");
    parse_fails("= 5\n", -EINVAL,
                "vm.cfg:1: config parsing error near `=': expected a "
                "setting (key = value)");
    parse_fails("x = [1 2]\n", -EINVAL,
                "vm.cfg:1: config parsing error near `2': expected ',' or "
                "']' in list");
    parse_fails("x = [1,,2]\n", -EINVAL,
                "vm.cfg:1: config parsing error near `,': expected a value "
                "in list");
    parse_fails("x = [1,\n", -EINVAL,
                "vm.cfg:2: config parsing error at end of input: expected a "
                "value in list");
    parse_fails("x = ]\n", -EINVAL,
                "vm.cfg:1: config parsing error near `]': expected a value "
                "after '='");
    parse_fails("x = 'bad\\q'\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'bad\\q'': invalid "
                "character after backslash in quoted string");
    parse_fails("x = '\\x4'\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'\\x4'': invalid digit "
                "after backslash numerical character escape in quoted string");
    parse_fails("x = '\\0'\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'\\0'': NUL character "
                "in quoted string");
    parse_fails("x = 'a\\\n", -EINVAL,
                "vm.cfg:1: config parsing error near `'a\\': unterminated "
                "quoted string");
    parse_fails("import os\n", -EINVAL,
                "vm.cfg:1: config parsing error near `os': expected '=' "
                "after \"import\"");
}

static void test_bad_bytes(void **state)
{
    static const char nul[] = "name = 'a'\nx = 1\0\n";
    struct xlcfg *cfg = xlcfg_new();

    (void)state;
    assert_int_equal(xlcfg_parse_buffer(cfg, "vm.cfg", nul, sizeof(nul) - 1),
                     -EINVAL);
    assert_string_equal(xlcfg_error(cfg), "vm.cfg:2: NUL byte in config");
    xlcfg_free(cfg);
    parse_fails("x = \x01\n", -EINVAL,
                "vm.cfg:1: config parsing error near `?': lexical error");
    parse_fails("x = 1\n\xff = 2\n", -EINVAL,
                "vm.cfg:2: config parsing error near `? = 2': lexical error");
}

/* A buffer of n copies of piece, NUL-terminated. */
static char *repeat(const char *head, const char *piece, size_t n,
                    const char *tail)
{
    size_t h = strlen(head), p = strlen(piece), t = strlen(tail);
    char *buf = malloc(h + p * n + t + 1), *q = buf;

    assert_non_null(buf);
    memcpy(q, head, h);
    q += h;
    for (size_t i = 0; i < n; i++, q += p)
        memcpy(q, piece, p);
    memcpy(q, tail, t + 1);
    return buf;
}

static void test_limits(void **state)
{
    char *text;
    char msg[128];

    (void)state;
    text = repeat("x = '", "a", XLCFG_MAX_LINE, "'\n");
    snprintf(msg, sizeof(msg), "vm.cfg:1: line longer than %d bytes",
             XLCFG_MAX_LINE);
    parse_fails(text, -E2BIG, msg);
    free(text);

    text = repeat("x = [", "1,", XLCFG_MAX_LIST_ITEMS, "]\n");
    xlcfg_free(parse_ok(text));
    free(text);
    text = repeat("x = [", "1,\n", XLCFG_MAX_LIST_ITEMS + 1, "]\n");
    snprintf(msg, sizeof(msg), "vm.cfg:%d: config parsing error near `,': "
             "list has too many items", XLCFG_MAX_LIST_ITEMS + 1);
    parse_fails(text, -E2BIG, msg);
    free(text);

    text = repeat("x = ", "[", XLCFG_MAX_DEPTH + 1, "\n");
    parse_fails(text, -EINVAL, "vm.cfg:1: config parsing error near `[': "
                "lists nested too deeply");
    free(text);

    text = repeat("", "a=1\n", XLCFG_MAX_SETTINGS + 1, "");
    snprintf(msg, sizeof(msg), "vm.cfg:%d: config parsing error near "
             "<newline>: too many settings", XLCFG_MAX_SETTINGS + 1);
    parse_fails(text, -E2BIG, msg);
    free(text);

    text = repeat("", "#", XLCFG_MAX_INPUT + 1, "");
    snprintf(msg, sizeof(msg), "vm.cfg: config is larger than %d bytes",
             XLCFG_MAX_INPUT);
    parse_fails(text, -E2BIG, msg);
    free(text);

    /* 'a' grows by 8 bytes a line and passes the limit on append 1024. */
    text = repeat("x = 'a'\n", "x += 'aaaaaaaa'\n", XLCFG_MAX_LINE / 8 + 1,
                  "");
    snprintf(msg, sizeof(msg), "vm.cfg:%d: config parsing error near "
             "<newline>: += makes the string too long", XLCFG_MAX_LINE / 8 + 1);
    parse_fails(text, -EINVAL, msg);
    free(text);
}

static void test_parse_file(void **state)
{
    char path[] = "/tmp/xlcfg-test-XXXXXX";
    const char *body = "name = 'from-file'\n";
    int fd = mkstemp(path);
    struct xlcfg *cfg = xlcfg_new();

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, body, strlen(body)), (int)strlen(body));
    close(fd);
    assert_int_equal(xlcfg_parse_file(cfg, path), 0);
    assert_string_setting(cfg, "name", "from-file");
    assert_string_equal(xlcfg_find(cfg, "name")->source, path);
    unlink(path);
    assert_int_equal(xlcfg_parse_file(cfg, path), -ENOENT);
    assert_non_null(strstr(xlcfg_error(cfg), ": unable to open configuration "
                           "file: No such file or directory"));
    assert_int_equal(xlcfg_parse_file(cfg, "/"), -EISDIR);
    xlcfg_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_settings),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_last_setting_wins),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_overrides_across_sources),
        cmocka_unit_test(test_getter_errors),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_parse_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
