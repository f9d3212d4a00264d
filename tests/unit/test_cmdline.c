/*
 * tests/unit/test_cmdline.c - command-line handling
 * (hypervisor/common/cmdline.c): boot loader quirks, word splitting, the
 * value parsers and the table-driven option parser with its reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/cmdline.h>
#include <minixen/printk.h>
#include <public/errno.h>

#define MAX_REPORTS 8
#define MIB         (1ull << 20)
#define GIB         (1ull << 30)
#define LONG_WORD   10000

/* Messages the parser reported, in order. */
struct reports {
    unsigned int count;
    char msg[MAX_REPORTS][CMDLINE_REPORT_MAX];
};

static void collect(void *ctx, const char *message)
{
    struct reports *r = ctx;

    assert_true(strlen(message) < CMDLINE_REPORT_MAX);
    if (r->count < MAX_REPORTS)
        strcpy(r->msg[r->count], message);
    r->count++;
}

/* The options of a small hypervisor, one of each kind. */
static struct {
    bool noreboot;
    bool sync_console;
    uint32_t maxcpus;
    uint8_t small;
    uint64_t xenheap;
    char console[16];
    struct cmdline_loglvl loglvl;
    struct cmdline_mem dom0_mem;
} opt;

static const struct cmdline_option table[] = {
    CMDLINE_OPT_BOOL("noreboot", opt.noreboot),
    CMDLINE_OPT_BOOL("sync_console", opt.sync_console),
    CMDLINE_OPT_UINT("maxcpus", opt.maxcpus),
    CMDLINE_OPT_UINT("small", opt.small),
    CMDLINE_OPT_SIZE("xenheap_megabytes", opt.xenheap),
    CMDLINE_OPT_STRING("console", opt.console),
    CMDLINE_OPT_LOGLVL("loglvl", opt.loglvl),
    CMDLINE_OPT_MEM("dom0_mem", opt.dom0_mem),
};

static unsigned int parse(const char *cmdline, struct reports *r)
{
    memset(r, 0, sizeof(*r));
    return cmdline_parse(cmdline, table, sizeof(table) / sizeof(table[0]),
                         collect, r);
}

static int reset_options(void **state)
{
    (void)state;
    memset(&opt, 0, sizeof(opt));
    strcpy(opt.console, "vga");
    opt.loglvl.level = LOG_WARNING;
    opt.loglvl.rate_limited_level = LOG_WARNING;
    return 0;
}

/* ---- Boot loader quirks ---- */

static void test_loader_is_grub2(void **state)
{
    (void)state;
    assert_true(loader_is_grub2("GRUB 2.06-13+deb12u1"));
    assert_true(loader_is_grub2("GRUB 2.12"));
    assert_true(loader_is_grub2("GRUB 1.98"));      /* GRUB 2 betas */
    assert_false(loader_is_grub2("GNU GRUB 0.97"));
    assert_false(loader_is_grub2("qemu"));
    assert_false(loader_is_grub2(""));
    assert_false(loader_is_grub2("GRUB "));
    assert_false(loader_is_grub2("GRUB"));
    assert_false(loader_is_grub2(NULL));
}

static void test_skip_image_name(void **state)
{
    (void)state;
    assert_string_equal(cmdline_skip_image_name("/boot/xen.gz console=com1"),
                        "console=com1");
    assert_string_equal(cmdline_skip_image_name("  minixen   a  b "), "a  b ");
    assert_string_equal(cmdline_skip_image_name("minixen"), "");
    assert_string_equal(cmdline_skip_image_name("minixen   "), "");
    assert_string_equal(cmdline_skip_image_name(""), "");
    assert_string_equal(cmdline_skip_image_name("   "), "");
    assert_string_equal(cmdline_skip_image_name(NULL), "");
    assert_string_equal(cmdline_skip_image_name("guest.elf\tdomain=d1"),
                        "domain=d1");
}

static void test_cook(void **state)
{
    const char *line = "  minixen console=com1";

    (void)state;
    assert_string_equal(cmdline_cook(line, "qemu"), "console=com1");
    assert_string_equal(cmdline_cook(line, NULL), "console=com1");
    /* GRUB 2 leaves the image name out, so nothing is dropped. */
    assert_string_equal(cmdline_cook("  console=com1 x", "GRUB 2.06"),
                        "console=com1 x");
    assert_string_equal(cmdline_cook(NULL, "GRUB 2.06"), "");
    /* The result points into the input. */
    assert_ptr_equal(cmdline_cook(line, "qemu"), line + 10);
}

static void test_dom0_extra(void **state)
{
    (void)state;
    assert_string_equal(cmdline_dom0_extra("a b -- root=/dev/xvda1 ro"),
                        "root=/dev/xvda1 ro");
    assert_string_equal(cmdline_dom0_extra("--"), "");
    assert_string_equal(cmdline_dom0_extra("a --   "), "");
    assert_null(cmdline_dom0_extra("a --b c"));
    assert_null(cmdline_dom0_extra("a b--"));
    assert_null(cmdline_dom0_extra(""));
    assert_null(cmdline_dom0_extra(NULL));
}

/* ---- Words ---- */

static void check_word(const struct cmdline_word *w, const char *key,
                       const char *value)
{
    assert_int_equal(w->key_len, strlen(key));
    assert_memory_equal(w->key, key, w->key_len);
    if (value == NULL) {
        assert_null(w->value);
        assert_int_equal(w->value_len, 0);
    } else {
        assert_non_null(w->value);
        assert_int_equal(w->value_len, strlen(value));
        assert_memory_equal(w->value, value, w->value_len);
    }
}

static void test_module_words(void **state)
{
    const char *line = "guest.elf domain=attacker memory=8M";
    struct cmdline_word w;
    const char *p = cmdline_skip_image_name(line);
    uint64_t bytes;

    (void)state;
    p = cmdline_next_word(p, &w);
    assert_non_null(p);
    check_word(&w, "domain", "attacker");
    assert_true(cmdline_word_is(&w, "domain"));
    p = cmdline_next_word(p, &w);
    check_word(&w, "memory", "8M");
    assert_int_equal(cmdline_parse_size(w.value, w.value_len, &bytes), 0);
    assert_int_equal(bytes, 8 * MIB);
    assert_null(cmdline_next_word(p, &w));
}

static void test_word_edge_cases(void **state)
{
    const char *line = "  a=  b== \tc=x=y  lone  =v ";
    struct cmdline_word w;
    const char *p = line;

    (void)state;
    p = cmdline_next_word(p, &w);
    check_word(&w, "a", "");                /* empty value, not missing */
    p = cmdline_next_word(p, &w);
    check_word(&w, "b", "=");
    p = cmdline_next_word(p, &w);
    check_word(&w, "c", "x=y");             /* only the first '=' splits */
    p = cmdline_next_word(p, &w);
    check_word(&w, "lone", NULL);
    p = cmdline_next_word(p, &w);
    check_word(&w, "", "v");
    assert_null(cmdline_next_word(p, &w));
    assert_null(cmdline_next_word("", &w));
    assert_null(cmdline_next_word("   \t ", &w));
}

static void test_word_is(void **state)
{
    struct cmdline_word w;

    (void)state;
    cmdline_next_word("dom0-mem=1G", &w);
    assert_true(cmdline_word_is(&w, "dom0_mem"));
    assert_true(cmdline_word_is(&w, "dom0-mem"));
    assert_false(cmdline_word_is(&w, "dom0_me"));
    assert_false(cmdline_word_is(&w, "dom0_mem2"));
    assert_false(cmdline_word_is(&w, ""));
}

/* ---- Values ---- */

static int parse_bool_str(const char *s, bool *out)
{
    return cmdline_parse_bool(s, strlen(s), out);
}

static void test_parse_bool(void **state)
{
    static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
    static const char *const no[] = { "0", "no", "false", "off", "disable" };
    bool v;

    (void)state;
    for (size_t i = 0; i < 5; i++) {
        v = false;
        assert_int_equal(parse_bool_str(yes[i], &v), 0);
        assert_true(v);
        assert_int_equal(parse_bool_str(no[i], &v), 0);
        assert_false(v);
    }
    v = true;
    assert_int_equal(parse_bool_str("", &v), -XEN_EINVAL);
    assert_int_equal(parse_bool_str("yess", &v), -XEN_EINVAL);
    assert_int_equal(parse_bool_str("ye", &v), -XEN_EINVAL);
    assert_int_equal(parse_bool_str("2", &v), -XEN_EINVAL);
    assert_true(v);
    /* Length-bounded: "yes" is the first 3 bytes of "yesterday". */
    assert_int_equal(cmdline_parse_bool("yesterday", 3, &v), 0);
}

static void test_parse_uint(void **state)
{
    static const struct { const char *s; int rc; uint64_t v; } cases[] = {
        { "0", 0, 0 }, { "123", 0, 123 }, { "0x7b", 0, 123 },
        { "0X7B", 0, 123 }, { "007", 0, 7 },
        { "18446744073709551615", 0, UINT64_MAX },
        { "0xffffffffffffffff", 0, UINT64_MAX },
        { "18446744073709551616", -XEN_EINVAL, 0 },
        { "0x10000000000000000", -XEN_EINVAL, 0 },
        { "", -XEN_EINVAL, 0 }, { "0x", -XEN_EINVAL, 0 },
        { "12a", -XEN_EINVAL, 0 }, { "-1", -XEN_EINVAL, 0 },
        { " 1", -XEN_EINVAL, 0 }, { "1 ", -XEN_EINVAL, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t v = 42;
        int rc = cmdline_parse_uint(cases[i].s, strlen(cases[i].s), &v);

        assert_int_equal(rc, cases[i].rc);
        assert_int_equal(v, rc == 0 ? cases[i].v : 42);
    }
}

static void test_parse_size(void **state)
{
    static const struct { const char *s; int rc; uint64_t v; } cases[] = {
        { "64M", 0, 64 * MIB }, { "64m", 0, 64 * MIB },
        { "1G", 0, GIB }, { "2T", 0, 2048 * GIB }, { "4k", 0, 4096 },
        { "4096B", 0, 4096 }, { "4096b", 0, 4096 },
        { "512", 0, 512 * 1024 },             /* bare numbers are KiB */
        { "0", 0, 0 }, { "0x10M", 0, 16 * MIB },
        { "16777215T", 0, 16777215ull << 40 },
        { "16777216T", -XEN_EINVAL, 0 },        /* 2^64: overflows */
        { "18014398509481984K", -XEN_EINVAL, 0 },
        { "", -XEN_EINVAL, 0 }, { "M", -XEN_EINVAL, 0 },
        { "abc", -XEN_EINVAL, 0 }, { "64MB", -XEN_EINVAL, 0 },
        { "16E", -XEN_EINVAL, 0 }, { "1.5G", -XEN_EINVAL, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t v = 42;
        int rc = cmdline_parse_size(cases[i].s, strlen(cases[i].s), &v);

        assert_int_equal(rc, cases[i].rc);
        assert_int_equal(v, rc == 0 ? cases[i].v : 42);
    }
}

static void test_parse_loglvl(void **state)
{
    struct cmdline_loglvl lv = { LOG_WARNING, LOG_WARNING };

    (void)state;
    assert_int_equal(cmdline_parse_loglvl("debug", 5, &lv), 0);
    assert_int_equal(lv.level, LOG_DEBUG);
    assert_int_equal(lv.rate_limited_level, LOG_DEBUG);  /* raised */
    assert_int_equal(cmdline_parse_loglvl("error", 5, &lv), 0);
    assert_int_equal(lv.level, LOG_ERR);
    assert_int_equal(lv.rate_limited_level, LOG_DEBUG);  /* kept */
    assert_int_equal(cmdline_parse_loglvl("info/warning", 12, &lv), 0);
    assert_int_equal(lv.level, LOG_INFO);
    assert_int_equal(lv.rate_limited_level, LOG_WARNING);
    assert_int_equal(cmdline_parse_loglvl("none/all", 8, &lv), 0);
    assert_int_equal(lv.level, LOG_NONE);
    assert_int_equal(lv.rate_limited_level, LOG_ALL);
    /* Failures leave both levels alone. */
    assert_int_equal(cmdline_parse_loglvl("bogus", 5, &lv), -XEN_EINVAL);
    assert_int_equal(cmdline_parse_loglvl("info/", 5, &lv), -XEN_EINVAL);
    assert_int_equal(cmdline_parse_loglvl("/info", 5, &lv), -XEN_EINVAL);
    assert_int_equal(cmdline_parse_loglvl("info/bogus", 10, &lv), -XEN_EINVAL);
    assert_int_equal(cmdline_parse_loglvl("", 0, &lv), -XEN_EINVAL);
    assert_int_equal(lv.level, LOG_NONE);
    assert_int_equal(lv.rate_limited_level, LOG_ALL);
}

static void test_parse_mem(void **state)
{
    struct cmdline_mem mem = { 0 };
    const char *all = "min:32M,max:1G,512M";

    (void)state;
    assert_int_equal(cmdline_parse_mem("64M", 3, &mem), 0);
    assert_true(mem.has_amount && !mem.has_min && !mem.has_max);
    assert_int_equal(mem.amount, 64 * MIB);
    assert_int_equal(cmdline_parse_mem(all, strlen(all), &mem), 0);
    assert_true(mem.has_amount && mem.has_min && mem.has_max);
    assert_int_equal(mem.min, 32 * MIB);
    assert_int_equal(mem.max, GIB);
    assert_int_equal(mem.amount, 512 * MIB);
    /* Any order; a later item replaces an earlier one. */
    assert_int_equal(cmdline_parse_mem("max:2G,max:3G", 13, &mem), 0);
    assert_int_equal(mem.max, 3 * GIB);
    /* Errors change nothing, even when some items were good. */
    static const char *const bad[] = {
        "", "min:", "64M,", ",64M", "max:abc", "mid:1G", "64M,,1G", "min:1G,x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct cmdline_mem before = mem;

        assert_int_equal(cmdline_parse_mem(bad[i], strlen(bad[i]), &mem),
                         -XEN_EINVAL);
        assert_memory_equal(&mem, &before, sizeof(mem));
    }
}

/* ---- The option parser ---- */

static void test_parse_all_kinds(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("noreboot maxcpus=4 small=255 console=com1 "
                           "xenheap_megabytes=16M loglvl=all/info "
                           "dom0_mem=min:64M,512M", &r), 0);
    assert_true(opt.noreboot);
    assert_int_equal(opt.maxcpus, 4);
    assert_int_equal(opt.small, 255);
    assert_string_equal(opt.console, "com1");
    assert_int_equal(opt.xenheap, 16 * MIB);
    assert_int_equal(opt.loglvl.level, LOG_ALL);
    assert_int_equal(opt.loglvl.rate_limited_level, LOG_INFO);
    assert_true(opt.dom0_mem.has_min && opt.dom0_mem.has_amount);
    assert_false(opt.dom0_mem.has_max);
    assert_int_equal(opt.dom0_mem.amount, 512 * MIB);
}

static void test_bool_forms(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("noreboot=1", &r), 0);
    assert_true(opt.noreboot);
    assert_int_equal(parse("noreboot=off", &r), 0);
    assert_false(opt.noreboot);
    assert_int_equal(parse("noreboot=yes", &r), 0);
    assert_true(opt.noreboot);
    assert_int_equal(parse("no-noreboot", &r), 0);
    assert_false(opt.noreboot);
    assert_int_equal(parse("sync-console", &r), 0);      /* '-' for '_' */
    assert_true(opt.sync_console);
    assert_int_equal(parse("no-sync_console", &r), 0);
    assert_false(opt.sync_console);
    /* Last one wins. */
    assert_int_equal(parse("noreboot no-noreboot noreboot=true", &r), 0);
    assert_true(opt.noreboot);
}

static void test_reports(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("foo=bar noreboot=maybe dom0_mem=abc console "
                           "maxcpus=x small=256 loglvl=loud", &r), 7);
    assert_string_equal(r.msg[0], "unknown option 'foo=bar'");
    assert_string_equal(r.msg[1], "noreboot: bad boolean 'maybe'");
    assert_string_equal(r.msg[2], "dom0_mem: bad size 'abc'");
    assert_string_equal(r.msg[3], "console: missing value");
    assert_string_equal(r.msg[4], "maxcpus: bad number 'x'");
    assert_string_equal(r.msg[5], "small: number out of range '256'");
    assert_string_equal(r.msg[6], "loglvl: bad log level 'loud'");
    /* Nothing was changed by the bad words. */
    assert_false(opt.noreboot);
    assert_string_equal(opt.console, "vga");
    assert_int_equal(opt.maxcpus, 0);
    assert_int_equal(opt.small, 0);
    assert_int_equal(opt.loglvl.level, LOG_WARNING);
}

static void test_negation_only_for_bools(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("no-console no-noreboot=1 no- no", &r), 4);
    assert_string_equal(r.msg[0], "unknown option 'no-console'");
    assert_string_equal(r.msg[1], "unknown option 'no-noreboot=1'");
    assert_string_equal(r.msg[2], "unknown option 'no-'");
    assert_string_equal(r.msg[3], "unknown option 'no'");
}

static void test_string_bounds(void **state)
{
    struct reports r;

    (void)state;
    /* 15 characters fit in char[16]; 16 do not (the old value stays). */
    assert_int_equal(parse("console=123456789012345", &r), 0);
    assert_string_equal(opt.console, "123456789012345");
    assert_int_equal(parse("console=1234567890123456", &r), 1);
    assert_string_equal(r.msg[0], "console: value too long '1234567890123456'");
    assert_string_equal(opt.console, "123456789012345");
    assert_int_equal(parse("console=", &r), 0);
    assert_string_equal(opt.console, "");
}

static void test_long_words(void **state)
{
    char *line = malloc(LONG_WORD + 32);
    struct reports r;
    size_t n;

    (void)state;
    assert_non_null(line);
    /* An unknown word longer than any buffer: quoted only in part. */
    memset(line, 'x', LONG_WORD);
    line[LONG_WORD] = '\0';
    assert_int_equal(parse(line, &r), 1);
    n = strlen(r.msg[0]);
    assert_true(n < CMDLINE_REPORT_MAX);
    assert_memory_equal(r.msg[0] + n - 4, "...'", 4);
    /* A huge value for a string option. */
    strcpy(line, "console=");
    memset(line + 8, 'y', LONG_WORD);
    line[LONG_WORD + 8] = '\0';
    assert_int_equal(parse(line, &r), 1);
    assert_string_equal(opt.console, "vga");
    /* A huge number. */
    strcpy(line, "maxcpus=");
    memset(line + 8, '9', LONG_WORD);
    line[LONG_WORD + 8] = '\0';
    assert_int_equal(parse(line, &r), 1);
    assert_int_equal(opt.maxcpus, 0);
    free(line);
}

static void test_empty_and_blank(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("", &r), 0);
    assert_int_equal(parse("    ", &r), 0);
    assert_int_equal(parse(" noreboot   ", &r), 0);
    assert_true(opt.noreboot);
    assert_int_equal(cmdline_parse(NULL, table, 1, collect, &r), 0);
    /* No callback: problems are still counted. */
    assert_int_equal(cmdline_parse("bogus also-bogus", table, 1, NULL, NULL), 2);
}

static void test_dom0_separator_stops(void **state)
{
    struct reports r;

    (void)state;
    assert_int_equal(parse("maxcpus=2 -- noreboot root=/dev/xvda1", &r), 0);
    assert_int_equal(opt.maxcpus, 2);
    assert_false(opt.noreboot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_is_grub2),
        cmocka_unit_test(test_skip_image_name),
        cmocka_unit_test(test_cook),
        cmocka_unit_test(test_dom0_extra),
        cmocka_unit_test(test_module_words),
        cmocka_unit_test(test_word_edge_cases),
        cmocka_unit_test(test_word_is),
        cmocka_unit_test(test_parse_bool),
        cmocka_unit_test(test_parse_uint),
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_parse_loglvl),
        cmocka_unit_test(test_parse_mem),
        cmocka_unit_test_setup(test_parse_all_kinds, reset_options),
        cmocka_unit_test_setup(test_bool_forms, reset_options),
        cmocka_unit_test_setup(test_reports, reset_options),
        cmocka_unit_test_setup(test_negation_only_for_bools, reset_options),
        cmocka_unit_test_setup(test_string_bounds, reset_options),
        cmocka_unit_test_setup(test_long_words, reset_options),
        cmocka_unit_test_setup(test_empty_and_blank, reset_options),
        cmocka_unit_test_setup(test_dom0_separator_stops, reset_options),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
