/*
 * tests/unit/test_tlb.c - when a PV CR3 change must flush global TLB
 * entries (hypervisor/arch/x86/pv/tlb.c, rules in asm/tlb.h).
 *
 * Each test replays what a guest does (system calls, process switches as
 * Linux issues them, context switches) and checks every decision.  On
 * TCG a missing flush cannot be seen (QEMU drops global entries on every
 * CR3 write), so these decisions are what shows the rule holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/tlb.h>

#define IN_KERNEL false     /* user_loaded: CR3 holds the kernel L4 */
#define IN_USER   true      /* ... a user L4 */

/* A system call and its return: never a global flush. */
static void test_mode_switches_keep_globals(void **state)
{
    struct pv_tlb_state t = { 0 };

    (void)state;
    for (int i = 0; i < 3; i++) {
        assert_false(pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_USER));
        assert_true(t.user_globals);
        assert_false(pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_KERNEL));
        assert_true(t.user_globals);        /* they stay cached */
    }
}

/* NEW_BASEPTR and mov %cr3 always flush, as Xen's write_ptbase. */
static void test_new_base_always_flushes(void **state)
{
    struct pv_tlb_state t = { 0 };

    (void)state;
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_BASE, IN_KERNEL));
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_BASE, IN_KERNEL));
    assert_false(t.user_globals);
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_USER);
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_KERNEL);
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_BASE, IN_KERNEL));
    assert_false(t.user_globals);
}

/* A new user L4 after user mode ran on the old one: its entries must go. */
static void test_new_user_base_after_user_mode_flushes(void **state)
{
    struct pv_tlb_state t = { 0 };

    (void)state;
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_USER);
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_KERNEL);
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
    assert_false(t.user_globals);
    /* A second change before user mode runs again has nothing to drop. */
    assert_false(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
}

/* Linux's process switch: NEW_BASEPTR then NEW_USER_BASEPTR, one flush. */
static void test_process_switch_flushes_once(void **state)
{
    struct pv_tlb_state t = { 0 };

    (void)state;
    for (int proc = 0; proc < 3; proc++) {
        pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_USER);      /* runs */
        pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_KERNEL);    /* syscall */
        assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_BASE, IN_KERNEL));
        assert_false(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
    }
    /* The other order pays twice, which is still correct. */
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_USER);
    pv_tlb_cr3_change(&t, PV_CR3_MODE_SWITCH, IN_KERNEL);
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_BASE, IN_KERNEL));
}

/* Loading a vCPU flushes; one loaded in user mode may cache user entries. */
static void test_vcpu_load(void **state)
{
    struct pv_tlb_state t = { 0 };

    (void)state;
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_VCPU_LOAD, IN_USER));
    assert_true(t.user_globals);
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
    assert_true(pv_tlb_cr3_change(&t, PV_CR3_VCPU_LOAD, IN_KERNEL));
    assert_false(t.user_globals);
    assert_false(pv_tlb_cr3_change(&t, PV_CR3_NEW_USER_BASE, IN_KERNEL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mode_switches_keep_globals),
        cmocka_unit_test(test_new_base_always_flushes),
        cmocka_unit_test(test_new_user_base_after_user_mode_flushes),
        cmocka_unit_test(test_process_switch_flushes_once),
        cmocka_unit_test(test_vcpu_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
