/*
 * tests/unit/test_xl_parse.c - the domain keys of xl.cfg
 * (tools/xl/xl_parse.c): libxl's defaults, Xen's cmdline rules, the
 * shutdown actions, the refused types and names, the keys minixen
 * ignores with a warning, and command-line overrides.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xl_parse.h"

struct outcome {
    int rc;
    struct xl_domain_config dc;
    char error[XLCFG_ERROR_BYTES];
    char *warnings;
};

/* Parses text as vm.cfg, then each override as the command line. */
static struct outcome *run(const char *text, const char *override)
{
    struct outcome *o = calloc(1, sizeof(*o));
    struct xlcfg *cfg = xlcfg_new();
    size_t size;
    FILE *w;

    assert_non_null(o);
    w = open_memstream(&o->warnings, &size);
    assert_int_equal(xlcfg_parse_buffer(cfg, "vm.cfg", text, strlen(text)), 0);
    if (override)
        assert_int_equal(xlcfg_parse_buffer(cfg, "command line", override,
                                            strlen(override)), 0);
    o->rc = xl_parse_domain_config(cfg, "vm.cfg", &o->dc, w);
    strcpy(o->error, xlcfg_error(cfg));
    fclose(w);
    xlcfg_free(cfg);
    return o;
}

static void done(struct outcome *o)
{
    free(o->warnings);
    free(o);
}

static void refused(const char *text, const char *expected)
{
    struct outcome *o = run(text, NULL);

    assert_int_equal(o->rc, -EINVAL);
    assert_string_equal(o->error, expected);
    done(o);
}

#define GOOD "name = 'g1'\nkernel = '/opt/guests/hello'\n"

static void test_defaults(void **state)
{
    struct outcome *o = run(GOOD, NULL);

    (void)state;
    assert_int_equal(o->rc, 0);
    assert_string_equal(o->dc.name, "g1");
    assert_string_equal(o->dc.kernel, "/opt/guests/hello");
    assert_string_equal(o->dc.ramdisk, "");
    assert_string_equal(o->dc.cmdline, "");
    assert_int_equal(o->dc.target_memkb, 32 * 1024);
    assert_int_equal(o->dc.max_memkb, 32 * 1024);
    assert_int_equal(o->dc.vcpus, 1);
    assert_int_equal(o->dc.max_vcpus, 1);
    assert_int_equal(o->dc.on_poweroff, XL_ACTION_DESTROY);
    assert_int_equal(o->dc.on_reboot, XL_ACTION_RESTART);
    assert_int_equal(o->dc.on_crash, XL_ACTION_DESTROY);
    assert_false(o->dc.uuid_given);
    assert_string_equal(o->warnings, "");
    done(o);
}

static void test_full_config(void **state)
{
    struct outcome *o = run(GOOD "type = 'pv'\nmemory = 64\nmaxmem = 96\n"
                            "vcpus = 2\nmaxvcpus = 4\nramdisk = '/r.img'\n"
                            "on_poweroff = 'preserve'\non_reboot = 'destroy'\n"
                            "on_crash = 'rename-restart'\nbuilder = 'generic'\n"
                            "uuid = '01234567-89ab-cdef-0123-456789ABCDEF'\n",
                            NULL);

    (void)state;
    assert_int_equal(o->rc, 0);
    assert_int_equal(o->dc.target_memkb, 64 * 1024);
    assert_int_equal(o->dc.max_memkb, 96 * 1024);
    assert_int_equal(o->dc.vcpus, 2);
    assert_int_equal(o->dc.max_vcpus, 4);
    assert_string_equal(o->dc.ramdisk, "/r.img");
    assert_int_equal(o->dc.on_poweroff, XL_ACTION_PRESERVE);
    assert_int_equal(o->dc.on_reboot, XL_ACTION_DESTROY);
    assert_int_equal(o->dc.on_crash, XL_ACTION_RENAME_RESTART);
    assert_true(o->dc.uuid_given);
    assert_int_equal(o->dc.uuid[0], 0x01);
    assert_int_equal(o->dc.uuid[8], 0x01);
    assert_int_equal(o->dc.uuid[15], 0xef);
    done(o);
}

static void test_memory_rules(void **state)
{
    struct outcome *o = run(GOOD "maxmem = 48\n", NULL);

    (void)state;
    assert_int_equal(o->dc.target_memkb, 48 * 1024);
    assert_int_equal(o->dc.max_memkb, 48 * 1024);
    done(o);
    refused(GOOD "memory = 64\nmaxmem = 32\n",
            "vm.cfg:4: maxmem (32 MiB) is less than memory (64 MiB)");
    refused(GOOD "memory = 0\n", "vm.cfg:3: value `0' of parameter `memory' "
            "is smaller than minimum bound '1'");
    refused(GOOD "memory = '64M'\n",
            "vm.cfg:3: parameter `memory' is not a valid number");
    refused(GOOD "memory = [64]\n", "vm.cfg:3: parameter `memory' is a list "
            "but should be a single value");
    refused(GOOD "vcpus = 33\n", "vm.cfg:3: value `33' of parameter `vcpus' "
            "is greater than maximum bound '32'");
    refused(GOOD "vcpus = 4\nmaxvcpus = 2\n",
            "vm.cfg:4: maxvcpus (2) is less than vcpus (4)");
}

static void test_cmdline_rules(void **state)
{
    struct outcome *o = run(GOOD "root = '/dev/xvda1'\nextra = 'quiet'\n",
                            NULL);

    (void)state;
    assert_string_equal(o->dc.cmdline, "root=/dev/xvda1 quiet");
    done(o);
    o = run(GOOD "root = '/dev/xvda1'\n", NULL);
    assert_string_equal(o->dc.cmdline, "root=/dev/xvda1");
    done(o);
    o = run(GOOD "extra = 'console=hvc0'\n", NULL);
    assert_string_equal(o->dc.cmdline, "console=hvc0");
    done(o);
    o = run(GOOD "cmdline = 'a b'\nroot = 'x'\n", NULL);
    assert_int_equal(o->rc, 0);
    assert_string_equal(o->dc.cmdline, "a b");
    assert_string_equal(o->warnings, "vm.cfg:3: warning: ignoring root= and "
                        "extra= in favour of cmdline=\n");
    done(o);
}

static void test_long_values(void **state)
{
    char text[2200];

    (void)state;
    snprintf(text, sizeof(text), GOOD "extra = '%0*d'\n", 1100, 0);
    refused(text, "vm.cfg:3: the kernel command line is longer than 1023 "
            "bytes");
    snprintf(text, sizeof(text), "name = '%0*d'\nkernel = '/k'\n", 64, 0);
    refused(text, "vm.cfg:1: value of `name' is longer than 63 bytes");
}

static void test_required_keys(void **state)
{
    (void)state;
    refused("kernel = '/k'\n", "vm.cfg: Domain name must be specified.");
    refused("name = 'a'\n", "vm.cfg: Neither kernel nor bootloader specified");
    refused("name = 'a'\nbootloader = 'pygrub'\n", "vm.cfg:2: minixen runs "
            "no bootloader: give the kernel with kernel=");
    refused("name = 'a'\nkernel = ''\n", "vm.cfg:2: kernel is empty");
}

static void test_names(void **state)
{
    const char *why;

    (void)state;
    assert_int_equal(xl_check_domain_name("web-1.example_b:c+d@e", &why), 0);
    assert_int_equal(xl_check_domain_name("1a", &why), 0);
    refused("name = '12'\nkernel = '/k'\n", "vm.cfg:1: domain name \"12\" is "
            "a number, which xl would take for a domain id");
    refused("name = 'a/b'\nkernel = '/k'\n", "vm.cfg:1: domain name \"a/b\" "
            "may hold only letters, digits and -_.:+@");
    refused("name = 'a b'\nkernel = '/k'\n", "vm.cfg:1: domain name \"a b\" "
            "may hold only letters, digits and -_.:+@");
    refused("name = ''\nkernel = '/k'\n", "vm.cfg:1: domain name \"\" must be "
            "1 to 63 bytes long");
}

static void test_types(void **state)
{
    (void)state;
    refused(GOOD "type = 'hvm'\n", "vm.cfg:3: type \"hvm\" is not supported: "
            "minixen builds PV domains only (type = \"pv\")");
    refused(GOOD "type = 'pvh'\n", "vm.cfg:3: type \"pvh\" is not supported: "
            "minixen builds PV domains only (type = \"pv\")");
    refused(GOOD "type = 'vm'\n", "vm.cfg:3: Invalid domain type vm.");
    /* A value's control bytes never split the one error line. */
    refused(GOOD "type = 'a\\nb'\n", "vm.cfg:3: Invalid domain type a?b.");
    refused(GOOD "builder = 'hvm'\n", "vm.cfg:3: builder \"hvm\" is not "
            "supported: minixen builds PV domains only (type = \"pv\")");
}

static void test_actions(void **state)
{
    struct outcome *o = run(GOOD "on_crash = 'coredump-restart'\n", NULL);

    (void)state;
    assert_int_equal(o->rc, 0);
    assert_int_equal(o->dc.on_crash, XL_ACTION_COREDUMP_RESTART);
    assert_string_equal(o->warnings, "vm.cfg:3: warning: minixen writes no "
                        "core dumps: coredump-restart acts as restart\n");
    done(o);
    refused(GOOD "on_crash = 'explode'\n",
            "vm.cfg:3: Unknown on_crash action \"explode\" specified");
    refused(GOOD "on_reboot = 'soft-reset'\n", "vm.cfg:3: on_reboot action "
            "\"soft-reset\" is not supported by minixen");
    assert_string_equal(xl_action_name(XL_ACTION_RENAME_RESTART),
                        "rename-restart");
}

static void test_ignored_and_unknown_keys(void **state)
{
    struct outcome *o = run(GOOD "vif = ['bridge=xenbr0']\n"
                            "disk = ['phy:/dev/x,xvda,w']\n"
                            "frobnicate = 1\nloader = 'x'\n", NULL);

    (void)state;
    assert_int_equal(o->rc, 0);
    assert_string_equal(o->warnings,
                        "vm.cfg:3: warning: minixen ignores `vif'\n"
                        "vm.cfg:4: warning: minixen ignores `disk'\n"
                        "vm.cfg:6: warning: minixen ignores `loader'\n");
    done(o);
}

static void test_overrides(void **state)
{
    struct outcome *o = run(GOOD "memory = 64\n", "name=\"other\"\nmemory=16");

    (void)state;
    assert_int_equal(o->rc, 0);
    assert_string_equal(o->dc.name, "other");
    assert_int_equal(o->dc.target_memkb, 16 * 1024);
    done(o);
    o = run(GOOD, "vcpus='many'");
    assert_int_equal(o->rc, -EINVAL);
    assert_string_equal(o->error, "command line:1: parameter `vcpus' is not a "
                        "valid number");
    done(o);
}

/* The example dom0 ships must stay a config xl accepts without warnings. */
static void test_shipped_example(void **state)
{
    static const char path[] = "dom0/rootfs/etc/xen/xlexample.pv";
    struct xl_domain_config dc;
    struct xlcfg *cfg = xlcfg_new();
    char *warnings = NULL;
    size_t size;
    FILE *w = open_memstream(&warnings, &size);

    (void)state;
    assert_int_equal(xlcfg_parse_file(cfg, path), 0);
    assert_int_equal(xl_parse_domain_config(cfg, path, &dc, w), 0);
    fclose(w);
    assert_string_equal(warnings, "");
    assert_string_equal(dc.name, "example");
    assert_string_equal(dc.cmdline, "beats=30");
    assert_int_equal(dc.target_memkb, 8 * 1024);
    assert_int_equal(dc.max_memkb, 16 * 1024);
    assert_int_equal(dc.on_crash, XL_ACTION_PRESERVE);
    free(warnings);
    xlcfg_free(cfg);
}

static void test_uuid(void **state)
{
    uint8_t uuid[16];

    (void)state;
    assert_int_equal(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeeff",
                                   uuid), 0);
    assert_int_equal(uuid[5], 0x55);
    assert_int_equal(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeef",
                                   uuid), -EINVAL);
    assert_int_equal(xl_parse_uuid("0011223344556677-8899-aabbccddeeff-",
                                   uuid), -EINVAL);
    assert_int_equal(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeefg",
                                   uuid), -EINVAL);
    refused(GOOD "uuid = 'nope'\n", "vm.cfg:3: Failed to parse UUID: nope");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full_config),
        cmocka_unit_test(test_memory_rules),
        cmocka_unit_test(test_cmdline_rules),
        cmocka_unit_test(test_long_values),
        cmocka_unit_test(test_required_keys),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_actions),
        cmocka_unit_test(test_ignored_and_unknown_keys),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_shipped_example),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
