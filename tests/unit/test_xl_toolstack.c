/*
 * tests/unit/test_xl_toolstack.c - xl's domain building, cleanup and
 * monitor (tools/xl/xl_create.c, xl_monitor.c, xl_domain.c) and the
 * commands on running domains (xl_vmcontrol.c, xl_vcpu.c) against fake
 * libxenctrl, builder and libxenstore (tests/unit/xl_fakes/): the steps
 * and the tree a good create leaves, a failure at any step leaving no
 * domain and no node, refusals that use up no domain id, what the
 * monitor does for each on_* action, and each command's effect.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <public/sched.h>
#include "fake_xl_libs.h"
#include "xl.h"
#include "xl_create.h"
#include "xl_domain.h"

/* What xl.c and xl_list.c give the commands, for this test alone. */
void help(const char *command)
{
    (void)command;
}

int xl_hypervisor_name(domid_t id, char *buf)
{
    (void)id, (void)buf;
    return -1;
}

/* xl.c's option parsing, without its exits (no test passes bad options). */
int xl_getopt(int argc, char **argv, const char *optstring,
              const char *command, int reqargs)
{
    int opt = getopt(argc, argv, optstring);

    (void)command;
    if (opt == -1)
        assert_true(argc - optind >= reqargs);
    return opt;
}

/* Runs command with up to four arguments: its exit status. */
static int run(int (*command)(int, char **), const char *name,
               const char *a1, const char *a2, const char *a3)
{
    char *argv[] = { (char *)name, (char *)a1, (char *)a2, (char *)a3, NULL };
    int argc = 1 + !!a1 + !!a2 + !!a3;

    optind = 0;
    return command(argc, argv);
}

#define GOOD "name = 'g1'\nkernel = '/opt/guests/heartbeat.elf'\n"

static void parse(const char *text, struct xl_domain_config *dc)
{
    struct xlcfg *cfg = xlcfg_new();

    assert_int_equal(xlcfg_parse_buffer(cfg, "vm.cfg", text, strlen(text)), 0);
    assert_int_equal(xl_parse_domain_config(cfg, "vm.cfg", dc, NULL), 0);
    xlcfg_free(cfg);
}

static int reset(void **state)
{
    (void)state;
    fake_reset();
    return 0;
}

static void test_build_publishes_the_domain(void **state)
{
    struct xl_domain_config dc;
    char path[96];
    uint32_t domid;
    const char *vm;

    (void)state;
    parse(GOOD "memory = 16\nmaxmem = 24\n", &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    assert_int_equal(domid, 1);
    assert_true(fake.dom[1].exists && !fake.dom[1].paused);
    assert_int_equal(fake.dom[1].maxmem_kb, 24 * 1024 + XL_MAXMEM_CONSTANT_KB);
    assert_int_equal(fake.dom[1].max_vcpus, 1);
    assert_true(fake.dom[1].introduced);
    assert_int_equal(fake.dom[1].store_mfn, 0x1001);
    assert_int_equal(fake.dom[1].store_port, 1);
    assert_string_equal(fake_node_value("/local/domain/1/name"), "g1");
    assert_string_equal(fake_node_value("/local/domain/1/store/port"), "1");
    assert_string_equal(fake_node_value("/local/domain/1/console/port"), "2");
    assert_string_equal(fake_node_value("/local/domain/1/console/ring-ref"),
                        "8193");
    assert_string_equal(fake_node_value("/local/domain/1/memory/target"),
                        "16384");
    assert_int_equal(fake_node_owner("/local/domain/1/name"), 0);
    assert_int_equal(fake_node_owner("/local/domain/1/control/shutdown"), 1);
    vm = fake_node_value("/local/domain/1/vm");
    assert_non_null(vm);
    snprintf(path, sizeof(path), "%s/name", vm);
    assert_string_equal(fake_node_value(path), "g1");
    assert_int_equal(xl_name_to_domid("g1", &domid), 0);
    assert_int_equal(domid, 1);
    assert_int_equal(xl_name_to_domid("g2", &domid), -ESRCH);
}

/* Names match whole (not a prefix, not a longer name), with domain ids
 * of two digits in the store paths. */
static void test_name_lookup_exact(void **state)
{
    struct xl_domain_config dc;
    char text[128];
    uint32_t domid;

    (void)state;
    for (int i = 1; i <= 12; i++) {
        snprintf(text, sizeof(text), "name = 'n%d'\n"
                 "kernel = '/opt/guests/heartbeat.elf'\n", i);
        parse(text, &dc);
        assert_int_equal(xl_build_domain(&dc, true, &domid), 0);
        assert_int_equal(domid, (uint32_t)i);
    }
    assert_int_equal(xl_name_to_domid("n12", &domid), 0);
    assert_int_equal(domid, 12);
    assert_int_equal(xl_name_to_domid("n1", &domid), 0);
    assert_int_equal(domid, 1);
    assert_int_equal(xl_name_to_domid("n", &domid), -ESRCH);
    assert_int_equal(xl_name_to_domid("n123", &domid), -ESRCH);
    assert_int_equal(xl_name_to_domid("", &domid), -ESRCH);
}

static void test_build_paused_and_given_uuid(void **state)
{
    struct xl_domain_config dc;
    uint32_t domid;

    (void)state;
    parse(GOOD "uuid = '00112233-4455-6677-8899-aabbccddeeff'\n", &dc);
    assert_int_equal(xl_build_domain(&dc, true, &domid), 0);
    assert_true(fake.dom[domid].paused);
    assert_int_equal(fake.dom[domid].handle[15], 0xff);
    assert_string_equal(fake_node_value("/local/domain/1/vm"),
                        "/vm/00112233-4455-6677-8899-aabbccddeeff");
}

static void test_any_failed_step_leaves_nothing(void **state)
{
    static const char *const calls[] = {
        "xc_domain_create", "xc_domain_max_vcpus", "xc_domain_setmaxmem",
        "xc_evtchn_alloc_unbound", "xg_pv_build", "xs_transaction_start",
        "xs_batch_start", "xs_mkdir", "xs_write", "xs_batch_end",
        "xs_introduce_domain", "xc_domain_unpause",
    };
    struct xl_domain_config dc;
    uint32_t domid = 99;

    (void)state;
    parse(GOOD, &dc);
    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        fake_reset();
        fake.fail_call = calls[i];
        assert_int_equal(xl_build_domain(&dc, false, &domid), XL_ERROR_FAIL);
        assert_int_equal(domid, 99);
        assert_int_equal(fake_guests(), 0);
        assert_int_equal(fake_nodes_under("/local/domain/"), 0);
        assert_int_equal(fake_nodes_under("/vm/"), 0);
        assert_false(fake.dom[1].introduced);
    }
}

/* xl create -q -e FILE [extra...]: its exit status. */
static int run_create(const char *text, const char *extra)
{
    char path[] = "/tmp/xl-toolstack-XXXXXX";
    int fd = mkstemp(path), rc;
    char *argv[] = { "create", "-q", "-e", path, (char *)extra, NULL };

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    optind = 0;             /* GNU getopt starts afresh */
    rc = main_create(extra ? 5 : 4, argv);
    unlink(path);
    return rc;
}

static void test_refusals_use_no_domain_id(void **state)
{
    (void)state;
    fake.bad_kernel = "/opt/guests/heartbeat.elf";
    assert_int_equal(run_create(GOOD, NULL), 3);
    fake.bad_kernel = NULL;
    fake.free_pages = 1024;                 /* 4 MiB */
    assert_int_equal(run_create(GOOD "memory = 8\n", NULL), 3);
    fake.free_pages = 64 * 256;
    assert_int_equal(run_create(GOOD "memory = x\n", NULL), 1);
    assert_int_equal(run_create(GOOD, "vcpus=many"), 1);
    assert_int_equal(fake.creates, 0);
    assert_int_equal(run_create(GOOD, NULL), 0);
    assert_int_equal(run_create(GOOD, NULL), 3);     /* the name is taken */
    assert_int_equal(run_create(GOOD, "name=\"g2\""), 0);
    assert_int_equal(fake.creates, 2);
    assert_string_equal(fake_node_value("/local/domain/1/name"), "g1");
    assert_string_equal(fake_node_value("/local/domain/2/name"), "g2");
}

/* ---- the monitor ---- */

static int shutdown_reason_to_set;

static void shut_down_on_first_watch(unsigned int call)
{
    if (call == 1)
        fake.dom[1].shutdown_reason = shutdown_reason_to_set;
}

/* The first domain shuts down, then whatever replaces it is destroyed. */
static void shut_down_then_destroy_replacement(unsigned int call)
{
    if (call == 1)
        fake.dom[1].shutdown_reason = shutdown_reason_to_set;
    if (call == 2)
        fake.dom[2].exists = false;
}

static void monitor(const char *text, int reason, void (*script)(unsigned int))
{
    struct xl_domain_config dc;
    uint32_t domid;

    parse(text, &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    shutdown_reason_to_set = reason;
    fake.on_watch = script;
    assert_int_equal(xl_monitor_domain(&dc, domid), 0);
}

static void test_monitor_destroys_on_poweroff(void **state)
{
    (void)state;
    monitor(GOOD, SHUTDOWN_poweroff, shut_down_on_first_watch);
    assert_int_equal(fake_guests(), 0);
    assert_int_equal(fake_nodes_under("/local/domain/1"), 0);
    assert_int_equal(fake_nodes_under("/vm/"), 0);
}

static void test_monitor_preserves_a_crash(void **state)
{
    (void)state;
    monitor(GOOD "on_crash = 'preserve'\n", SHUTDOWN_crash,
            shut_down_on_first_watch);
    assert_true(fake.dom[1].exists);
    assert_int_equal(fake.dom[1].shutdown_reason, SHUTDOWN_crash);
    assert_string_equal(fake_node_value("/local/domain/1/name"), "g1");
}

static void test_monitor_restarts_on_reboot(void **state)
{
    (void)state;
    monitor(GOOD, SHUTDOWN_reboot, shut_down_then_destroy_replacement);
    assert_false(fake.dom[1].exists);
    assert_int_equal(fake.creates, 2);
    assert_int_equal(fake_nodes_under("/local/domain/1"), 0);
    /* The replacement was destroyed from outside: its nodes went too. */
    assert_int_equal(fake_nodes_under("/local/domain/2"), 0);
    assert_int_equal(fake.watch_calls, 2);
}

static void test_monitor_rename_restart_keeps_the_old_one(void **state)
{
    const char *old_name;

    (void)state;
    monitor(GOOD "on_crash = 'rename-restart'\n", SHUTDOWN_crash,
            shut_down_then_destroy_replacement);
    assert_true(fake.dom[1].exists);
    old_name = fake_node_value("/local/domain/1/name");
    assert_non_null(old_name);
    assert_int_equal(strncmp(old_name, "g1-", 3), 0);
    assert_int_equal(old_name[strlen(old_name) - 1], 'Z');
    assert_int_equal(fake.creates, 2);
}

static void test_monitor_stops_when_destroyed_elsewhere(void **state)
{
    struct xl_domain_config dc;
    uint32_t domid;

    (void)state;
    parse(GOOD, &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    fake.dom[domid].exists = false;
    assert_int_equal(xl_monitor_domain(&dc, domid), 0);
    assert_int_equal(fake_nodes_under("/local/domain/1"), 0);
    assert_int_equal(fake_nodes_under("/vm/"), 0);
}

static void test_monitor_gives_up_when_xenstored_goes(void **state)
{
    struct xl_domain_config dc;
    uint32_t domid;

    (void)state;
    parse(GOOD, &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    /* The domain never shuts down; the watch fails after watch_limit. */
    assert_int_equal(xl_monitor_domain(&dc, domid), -1);
    assert_true(fake.dom[domid].exists);
    assert_int_equal(fake.watch_calls, fake.watch_limit + 1);
}

static void test_destroy_and_lookup(void **state)
{
    struct xl_domain_config dc;
    uint32_t domid;
    char name[XL_NAME_MAX + 1];

    (void)state;
    parse(GOOD, &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    assert_int_equal(xl_domid_to_name(domid, name), 0);
    assert_string_equal(name, "g1");
    assert_int_equal(xl_domid_to_name(0, name), 0);
    assert_string_equal(name, "Domain-0");
    assert_int_equal(xl_domid_to_name(7, name), -ESRCH);
    assert_int_equal(xl_destroy_domain(domid), 0);
    assert_int_equal(fake_nodes_under("/local/domain/1"), 0);
    assert_int_equal(xl_destroy_domain(domid), -ESRCH);
}

/* ---- commands on a running domain ---- */

static uint32_t running_guest(const char *extra)
{
    struct xl_domain_config dc;
    char text[256];
    uint32_t domid;

    snprintf(text, sizeof(text), GOOD "%s", extra);
    parse(text, &dc);
    assert_int_equal(xl_build_domain(&dc, false, &domid), 0);
    return domid;
}

static void test_pause_unpause_destroy(void **state)
{
    uint32_t domid = running_guest("");

    (void)state;
    assert_int_equal(run(main_pause, "pause", "g1", NULL, NULL), 0);
    assert_true(fake.dom[domid].paused);
    assert_int_equal(run(main_unpause, "unpause", "1", NULL, NULL), 0);
    assert_false(fake.dom[domid].paused);
    fake.fail_call = "xc_domain_pause";
    assert_int_equal(run(main_pause, "pause", "g1", NULL, NULL), 1);
    fake.fail_call = NULL;
    assert_int_equal(run(main_destroy, "destroy", "0", NULL, NULL), 1);
    assert_true(fake.dom[0].exists);
    assert_int_equal(run(main_destroy, "destroy", "g1", NULL, NULL), 0);
    assert_int_equal(fake_guests(), 0);
    assert_int_equal(fake_nodes_under("/local/domain/1"), 0);
}

static void test_shutdown_and_reboot_ask_the_guest(void **state)
{
    uint32_t domid = running_guest("");

    (void)state;
    assert_int_equal(run(main_shutdown, "shutdown", "g1", NULL, NULL), 0);
    assert_string_equal(fake_node_value("/local/domain/1/control/shutdown"),
                        "poweroff");
    assert_int_equal(fake.dom[domid].shutdown_reason, -1);
    assert_int_equal(run(main_reboot, "reboot", "g1", NULL, NULL), 0);
    assert_string_equal(fake_node_value("/local/domain/1/control/shutdown"),
                        "reboot");
    /* -F: a guest that offers no PV control is shut down by the hypervisor. */
    assert_int_equal(run(main_shutdown, "shutdown", "-F", "g1", NULL), 0);
    assert_int_equal(fake.dom[domid].shutdown_reason, SHUTDOWN_poweroff);
}

static void test_shutdown_fallback_only_without_pv_control(void **state)
{
    uint32_t domid = running_guest("");

    (void)state;
    assert_true(xs_write(xl_xs(), XBT_NULL,
                         "/local/domain/1/control/feature-poweroff", "1", 1));
    assert_int_equal(run(main_shutdown, "shutdown", "-F", "g1", NULL), 0);
    assert_int_equal(fake.dom[domid].shutdown_reason, -1);
    assert_string_equal(fake_node_value("/local/domain/1/control/shutdown"),
                        "poweroff");
}

static void power_off_guest_one(unsigned int call)
{
    if (call == 2)
        fake.dom[1].shutdown_reason = SHUTDOWN_poweroff;
}

static void test_shutdown_wait(void **state)
{
    (void)state;
    running_guest("");
    fake.on_watch = power_off_guest_one;
    assert_int_equal(run(main_shutdown, "shutdown", "-w", "g1", NULL), 0);
    assert_int_equal(fake.watch_calls, 2);
}

static void test_shutdown_all(void **state)
{
    (void)state;
    running_guest("");
    running_guest("name = 'g2'\n");
    assert_int_equal(run(main_shutdown, "shutdown", "-a", NULL, NULL), 0);
    assert_string_equal(fake_node_value("/local/domain/1/control/shutdown"),
                        "poweroff");
    assert_string_equal(fake_node_value("/local/domain/2/control/shutdown"),
                        "poweroff");
    assert_null(fake_node_value("/local/domain/0/control/shutdown"));
}

static void test_mem_set(void **state)
{
    uint32_t domid = running_guest("memory = 16\nmaxmem = 32\n");

    (void)state;
    assert_int_equal(run(main_memset, "mem-set", "g1", "24", NULL), 0);
    assert_string_equal(fake_node_value("/local/domain/1/memory/target"),
                        "24576");
    assert_int_equal(fake.dom[domid].maxmem_kb, 24576 + XL_MAXMEM_CONSTANT_KB);
    assert_int_equal(run(main_memset, "mem-set", "g1", "33m", NULL), 1);
    assert_int_equal(run(main_memset, "mem-set", "g1", "lots", NULL), 1);
    assert_string_equal(fake_node_value("/local/domain/1/memory/target"),
                        "24576");
}

static void test_rename(void **state)
{
    char path[96];
    const char *vm;

    (void)state;
    running_guest("");
    running_guest("name = 'g2'\n");
    assert_int_equal(run(main_rename, "rename", "g1", "web", NULL), 0);
    assert_string_equal(fake_node_value("/local/domain/1/name"), "web");
    vm = fake_node_value("/local/domain/1/vm");
    snprintf(path, sizeof(path), "%s/name", vm);
    assert_string_equal(fake_node_value(path), "web");
    assert_int_equal(run(main_rename, "rename", "web", "g2", NULL), 1);
    assert_int_equal(run(main_rename, "rename", "web", "a/b", NULL), 1);
    assert_int_equal(run(main_rename, "rename", "web", "42", NULL), 1);
    assert_string_equal(fake_node_value("/local/domain/1/name"), "web");
}

static void test_names_and_vcpus(void **state)
{
    (void)state;
    running_guest("");
    assert_int_equal(run(main_domid, "domid", "g1", NULL, NULL), 0);
    assert_int_equal(run(main_domid, "domid", "nobody", NULL, NULL), 1);
    assert_int_equal(run(main_domname, "domname", "1", NULL, NULL), 0);
    assert_int_equal(run(main_domname, "domname", "9", NULL, NULL), 1);
    assert_int_equal(run(main_domname, "domname", "x1", NULL, NULL), 1);
    assert_int_equal(run(main_vcpulist, "vcpu-list", NULL, NULL, NULL), 0);
    assert_int_equal(run(main_vcpulist, "vcpu-list", "g1", NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_build_publishes_the_domain, reset),
        cmocka_unit_test_setup(test_name_lookup_exact, reset),
        cmocka_unit_test_setup(test_build_paused_and_given_uuid, reset),
        cmocka_unit_test_setup(test_any_failed_step_leaves_nothing, reset),
        cmocka_unit_test_setup(test_refusals_use_no_domain_id, reset),
        cmocka_unit_test_setup(test_monitor_destroys_on_poweroff, reset),
        cmocka_unit_test_setup(test_monitor_preserves_a_crash, reset),
        cmocka_unit_test_setup(test_monitor_restarts_on_reboot, reset),
        cmocka_unit_test_setup(test_monitor_rename_restart_keeps_the_old_one,
                               reset),
        cmocka_unit_test_setup(test_monitor_stops_when_destroyed_elsewhere,
                               reset),
        cmocka_unit_test_setup(test_monitor_gives_up_when_xenstored_goes,
                               reset),
        cmocka_unit_test_setup(test_destroy_and_lookup, reset),
        cmocka_unit_test_setup(test_pause_unpause_destroy, reset),
        cmocka_unit_test_setup(test_shutdown_and_reboot_ask_the_guest, reset),
        cmocka_unit_test_setup(test_shutdown_fallback_only_without_pv_control,
                               reset),
        cmocka_unit_test_setup(test_shutdown_wait, reset),
        cmocka_unit_test_setup(test_shutdown_all, reset),
        cmocka_unit_test_setup(test_mem_set, reset),
        cmocka_unit_test_setup(test_rename, reset),
        cmocka_unit_test_setup(test_names_and_vcpus, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
