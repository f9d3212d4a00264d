/*
 * tests/unit/test_xl_policy.c - xl's hypervisor-free decisions
 * (tools/xl/xl_policy.c): create's file-and-overrides rule, the action
 * per shutdown reason, mem-set's sizes and the /local/domain/N tree.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <public/sched.h>
#include "xl_policy.h"

static void test_create_args(void **state)
{
    char *args[] = { "name=a", "vm.cfg", "memory=64", "extra='x y'" };
    char *two_files[] = { "a.cfg", "b.cfg" };
    char *no_file[] = { "name=a" };
    char small[8];
    char buf[XL_OVERRIDES_MAX];
    const char *file;

    (void)state;
    assert_int_equal(xl_split_create_args(4, args, &file, buf, sizeof(buf)),
                     0);
    assert_string_equal(file, "vm.cfg");
    assert_string_equal(buf, "name=a\nmemory=64\nextra='x y'\n");
    assert_int_equal(xl_split_create_args(2, two_files, &file, buf,
                                          sizeof(buf)), -EINVAL);
    assert_int_equal(xl_split_create_args(1, no_file, &file, buf,
                                          sizeof(buf)), -EINVAL);
    assert_int_equal(xl_split_create_args(0, NULL, &file, buf, sizeof(buf)),
                     -EINVAL);
    assert_int_equal(xl_split_create_args(4, args, &file, small,
                                          sizeof(small)), -E2BIG);
}

static void test_actions_per_reason(void **state)
{
    struct xl_domain_config dc = { .on_poweroff = XL_ACTION_PRESERVE,
                                   .on_reboot = XL_ACTION_RENAME_RESTART,
                                   .on_crash = XL_ACTION_RESTART };

    (void)state;
    assert_int_equal(xl_action_for_reason(&dc, SHUTDOWN_poweroff),
                     XL_ACTION_PRESERVE);
    assert_int_equal(xl_action_for_reason(&dc, SHUTDOWN_reboot),
                     XL_ACTION_RENAME_RESTART);
    assert_int_equal(xl_action_for_reason(&dc, SHUTDOWN_crash),
                     XL_ACTION_RESTART);
    assert_int_equal(xl_action_for_reason(&dc, SHUTDOWN_watchdog),
                     XL_ACTION_DESTROY);
    assert_int_equal(xl_action_for_reason(&dc, 200), XL_ACTION_DESTROY);
    assert_string_equal(xl_shutdown_reason_name(SHUTDOWN_crash), "crash");
    assert_string_equal(xl_shutdown_reason_name(99), "unknown");
}

static void test_mem_sizes(void **state)
{
    (void)state;
    assert_int_equal(xl_parse_mem_size_kb("64"), 64 * 1024);
    assert_int_equal(xl_parse_mem_size_kb("64m"), 64 * 1024);
    assert_int_equal(xl_parse_mem_size_kb("64M"), 64 * 1024);
    assert_int_equal(xl_parse_mem_size_kb("2g"), 2 * 1024 * 1024);
    assert_int_equal(xl_parse_mem_size_kb("1t"), 1024LL * 1024 * 1024);
    assert_int_equal(xl_parse_mem_size_kb("512k"), 512);
    assert_int_equal(xl_parse_mem_size_kb("4096b"), 4);
    assert_int_equal(xl_parse_mem_size_kb(""), -1);
    assert_int_equal(xl_parse_mem_size_kb("m"), -1);
    assert_int_equal(xl_parse_mem_size_kb("-5"), -1);
    assert_int_equal(xl_parse_mem_size_kb("64mb"), -1);
    assert_int_equal(xl_parse_mem_size_kb("64x"), -1);
    assert_int_equal(xl_parse_mem_size_kb("99999999999999999999"), -1);
    assert_int_equal(xl_parse_mem_size_kb("9999999999999t"), -1);
}

static const struct xl_xs_entry *find(const struct xl_xs_entry *e, int n,
                                      const char *path)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(e[i].path, path))
            return &e[i];
    fail_msg("no node %s", path);
    return NULL;
}

static void assert_node(const struct xl_xs_entry *e, int n, const char *path,
                        const char *value, enum xl_xs_owner owner)
{
    const struct xl_xs_entry *hit = find(e, n, path);

    assert_string_equal(hit->value, value);
    assert_int_equal(hit->owner, owner);
}

static void test_xenstore_tree(void **state)
{
    struct xl_domain_layout layout = {
        .domid = 7, .name = "web", .vm_path = "/vm/0011",
        .target_memkb = 65536, .max_memkb = 98304, .vcpus = 1,
        .max_vcpus = 2, .console_mfn = 0x1234, .store_mfn = 0x1233,
        .console_port = 2, .store_port = 1,
    };
    struct xl_xs_entry e[XL_XS_MAX_ENTRIES];
    int n = xl_domain_xs_entries(&layout, e, XL_XS_MAX_ENTRIES);

    (void)state;
    assert_true(n > 0);
    assert_string_equal(e[0].path, "/local/domain/7");
    assert_node(e, n, "/local/domain/7/name", "web", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/domid", "7", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/vm", "/vm/0011", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/memory/target", "65536", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/memory/static-max", "98304",
                XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/cpu/0/availability", "online",
                XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/cpu/1/availability", "offline",
                XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/console/ring-ref", "4660", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/console/port", "2", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/console/type", "xenconsoled",
                XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/console/limit", "1048576", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/store/ring-ref", "4659", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/store/port", "1", XL_XS_DOM0);
    assert_node(e, n, "/local/domain/7/control/shutdown", "", XL_XS_GUEST);
    assert_node(e, n, "/local/domain/7/data", "", XL_XS_GUEST);
    assert_node(e, n, "/local/domain/7/control", "", XL_XS_DOM0);
    /* Permissions: set on the top and on the domain's own nodes; every
     * other node's nearest listed ancestor is dom0's, whose it inherits. */
    assert_true(e[0].set_perms);
    for (int i = 1; i < n; i++) {
        char up[sizeof(e[i].path)];
        int found = -1;

        assert_int_equal(e[i].set_perms, e[i].owner == XL_XS_GUEST);
        strcpy(up, e[i].path);
        while (found < 0 && strrchr(up, '/') != up) {
            *strrchr(up, '/') = '\0';
            for (int j = 0; j < i; j++)
                if (strcmp(e[j].path, up) == 0)
                    found = j;
        }
        assert_true(found >= 0);
        assert_true(e[i].set_perms || e[found].owner == XL_XS_DOM0);
    }
    /* Parents come before their children. */
    for (int i = 1; i < n; i++) {
        char parent[sizeof(e[i].path)];

        strcpy(parent, e[i].path);
        *strrchr(parent, '/') = '\0';
        if (strcmp(parent, "/local/domain"))
            for (int j = i; j < n; j++)
                assert_string_not_equal(e[j].path, parent);
    }
    assert_int_equal(xl_domain_xs_entries(&layout, e, 5), -E2BIG);
    layout.max_vcpus = XL_VCPUS_MAX;
    assert_true(xl_domain_xs_entries(&layout, e, XL_XS_MAX_ENTRIES) > 0);
}

static void test_uuid_format(void **state)
{
    const uint8_t u[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                            0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
    uint8_t back[16];
    char buf[37];

    (void)state;
    xl_format_uuid(u, buf);
    assert_string_equal(buf, "00112233-4455-6677-8899-aabbccddeeff");
    assert_int_equal(xl_parse_uuid(buf, back), 0);
    assert_memory_equal(back, u, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_args),
        cmocka_unit_test(test_actions_per_reason),
        cmocka_unit_test(test_mem_sizes),
        cmocka_unit_test(test_xenstore_tree),
        cmocka_unit_test(test_uuid_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
