/*
 * tests/unit/test_domain_info.c - the XEN_DOMINF_* flag word of
 * getdomaininfo (hypervisor/common/domain_info.c), against Xen 4.17's
 * encoding: blocked and running only with an online vCPU, the state bits,
 * and the shutdown code shifted in whole (~0u when none is recorded).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/domctl.h>
#include <public/sched.h>

#define NO_CODE       (~0u)
#define NO_CODE_BITS  0xffff0000u   /* ~0u << 16 */
#define STATE_BITS    0x0000ffffu

static struct domain_info_state online(bool blocked, bool running)
{
    return (struct domain_info_state){
        .nr_online_vcpus = 1, .all_blocked = blocked, .any_running = running,
        .shutdown_code = NO_CODE,
    };
}

static void test_running_domain(void **state)
{
    struct domain_info_state s = online(false, true);

    (void)state;
    assert_int_equal(domain_info_flags(&s), XEN_DOMINF_running | NO_CODE_BITS);
}

static void test_blocked_domain(void **state)
{
    struct domain_info_state s = online(true, false);

    (void)state;
    assert_int_equal(domain_info_flags(&s) & STATE_BITS, XEN_DOMINF_blocked);
}

/* Runnable but not on the CPU: neither blocked nor running. */
static void test_runnable_domain(void **state)
{
    struct domain_info_state s = online(false, false);

    (void)state;
    assert_int_equal(domain_info_flags(&s) & STATE_BITS, 0);
}

/* No online vCPU: blocked and running are dropped, whatever was seen. */
static void test_no_online_vcpu(void **state)
{
    struct domain_info_state s = online(true, true);

    (void)state;
    s.nr_online_vcpus = 0;
    assert_int_equal(domain_info_flags(&s) & STATE_BITS, 0);
}

static void test_paused_and_dying(void **state)
{
    struct domain_info_state s = online(true, false);

    (void)state;
    s.paused = true;
    assert_int_equal(domain_info_flags(&s) & STATE_BITS,
                     XEN_DOMINF_blocked | XEN_DOMINF_paused);
    s.dying = true;
    assert_int_equal(domain_info_flags(&s) & STATE_BITS,
                     XEN_DOMINF_blocked | XEN_DOMINF_paused | XEN_DOMINF_dying);
}

/* Shut down with a reason: the reason sits in bits 16-23, nothing above. */
static void test_shutdown_reason(void **state)
{
    struct domain_info_state s = online(false, false);
    uint32_t flags;

    (void)state;
    s.nr_online_vcpus = 0;
    s.shutdown = true;
    s.shutdown_code = SHUTDOWN_crash;
    flags = domain_info_flags(&s);
    assert_int_equal(flags, XEN_DOMINF_shutdown |
                            (SHUTDOWN_crash << XEN_DOMINF_shutdownshift));
    assert_int_equal((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
                     SHUTDOWN_crash);
}

/* A code recorded with SCHEDOP_shutdown_code shows before the shutdown. */
static void test_recorded_code_without_shutdown(void **state)
{
    struct domain_info_state s = online(false, true);

    (void)state;
    s.shutdown_code = SHUTDOWN_watchdog;
    assert_int_equal(domain_info_flags(&s),
                     XEN_DOMINF_running | (SHUTDOWN_watchdog << XEN_DOMINF_shutdownshift));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_running_domain),
        cmocka_unit_test(test_blocked_domain),
        cmocka_unit_test(test_runnable_domain),
        cmocka_unit_test(test_no_online_vcpu),
        cmocka_unit_test(test_paused_and_dying),
        cmocka_unit_test(test_shutdown_reason),
        cmocka_unit_test(test_recorded_code_without_shutdown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
