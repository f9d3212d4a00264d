/*
 * tests/unit/test_hypercall_table.c - host test of the generated hypercall
 * dispatcher and tables (build/gen/hypervisor/hypercall-table.c).
 *
 * Every handler is a stub that records which handler ran and the argument
 * values it received.  The expectations below are written out by hand from
 * Xen 4.17's numbering (its public xen.h), not read from
 * the .def, so a wrong number, argument order or width in
 * hypervisor/hypercalls.def fails here.  A newly wired hypercall fails to link until it gets a stub
 * and a row in wired_pv64[].
 *
 * How it builds (tests/unit/unit.mk):
 *   sources:  tests/unit/test_hypercall_table.c $(HYPERCALL_GEN_SRCS)
 *   needs:    $(HYPERCALL_GEN_FILES) generated first (hypervisor/hypercalls.mk)
 *   flags:    $(HOST_CFLAGS) -Ihypervisor/include
 *   libs:     -lcmocka
 * By hand, from the top of the tree:
 *   make hypercalls
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -Ibuild/gen/include \
 *       -Ihypervisor/include tests/unit/test_hypercall_table.c \
 *       build/gen/hypervisor/hypercall-table.c -lcmocka \
 *       -o build/unit/test_hypercall_table
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/hypercall.h>
#include <public/errno.h>

#define MAX_ARGS 5

/* What the last stub saw. */
static struct {
    const char *handler;     /* NULL: no handler ran */
    unsigned int nargs;
    uint64_t args[MAX_ARGS];
} last;

/* Each stub returns this, so the test can see the result pass through. */
static long stub_result;

static long record(const char *handler, unsigned int nargs, ...)
{
    va_list ap;

    last.handler = handler;
    last.nargs = nargs;
    va_start(ap, nargs);
    for (unsigned int i = 0; i < nargs; i++)
        last.args[i] = va_arg(ap, uint64_t);
    va_end(ap);
    return stub_result;
}

/* Argument values as the stub sees them, widened for comparison. */
#define PTR(h)  ((uint64_t)(uintptr_t)(h).p)
#define U32(x)  ((uint64_t)(uint32_t)(x))
#define U64(x)  ((uint64_t)(x))

/* The dispatchers' default case: counted, and the number it was given. */
static unsigned int unknown_calls;
static unsigned long unknown_last_nr;

long hypercall_unknown(unsigned long nr)
{
    unknown_calls++;
    unknown_last_nr = nr;
    return -XEN_ENOSYS;
}

/* ---- Stub handlers: the prototypes come from the generated header. ---- */

long do_set_trap_table(XEN_GUEST_HANDLE_PARAM(const_trap_info_t) traps)
{
    return record("set_trap_table", 1, PTR(traps));
}

long do_mmu_update(XEN_GUEST_HANDLE_PARAM(mmu_update_t) reqs,
                   unsigned int count, XEN_GUEST_HANDLE_PARAM(uint) pdone,
                   unsigned int foreigndom)
{
    return record("mmu_update", 4, PTR(reqs), U32(count), PTR(pdone),
                  U32(foreigndom));
}

long do_set_gdt(XEN_GUEST_HANDLE_PARAM(xen_ulong_t) frame_list,
                unsigned int entries)
{
    return record("set_gdt", 2, PTR(frame_list), U32(entries));
}

long do_stack_switch(unsigned long ss, unsigned long sp)
{
    return record("stack_switch", 2, U64(ss), U64(sp));
}

long do_set_callbacks(unsigned long event_address,
                      unsigned long failsafe_address,
                      unsigned long syscall_address)
{
    return record("set_callbacks", 3, U64(event_address),
                  U64(failsafe_address), U64(syscall_address));
}

long do_fpu_taskswitch(int set)
{
    return record("fpu_taskswitch", 1, U32(set));
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    return record("update_descriptor", 2, U64(maddr), U64(desc));
}

long do_memory_op(unsigned long cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("memory_op", 2, U64(cmd), PTR(arg));
}

long do_multicall(XEN_GUEST_HANDLE_PARAM(multicall_entry_t) call_list,
                  unsigned int nr_calls)
{
    return record("multicall", 2, PTR(call_list), U32(nr_calls));
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
    return record("update_va_mapping", 3, U64(va), U64(val), U64(flags));
}

long do_update_va_mapping_otherdomain(unsigned long va, uint64_t val,
                                      unsigned long flags, unsigned int domid)
{
    return record("update_va_mapping_otherdomain", 4, U64(va), U64(val), U64(flags),
                  U32(domid));
}

long do_xen_version(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("xen_version", 2, U32(cmd), PTR(arg));
}

long do_console_io(unsigned int cmd, unsigned int count,
                   XEN_GUEST_HANDLE_PARAM(char) buffer)
{
    return record("console_io", 3, U32(cmd), U32(count), PTR(buffer));
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    return record("vm_assist", 2, U32(cmd), U32(type));
}

long do_physdev_op_compat(XEN_GUEST_HANDLE_PARAM(void) uop)
{
    return record("physdev_op_compat", 1, PTR(uop));
}

long do_iret(void)
{
    return record("iret", 0);
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
    return record("set_segment_base", 2, U32(which), U64(base));
}

long do_mmuext_op(XEN_GUEST_HANDLE_PARAM(mmuext_op_t) uops,
                  unsigned int count, XEN_GUEST_HANDLE_PARAM(uint) pdone,
                  unsigned int foreigndom)
{
    return record("mmuext_op", 4, PTR(uops), U32(count), PTR(pdone),
                  U32(foreigndom));
}

long do_sched_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("sched_op", 2, U32(cmd), PTR(arg));
}

long do_callback_op(int cmd, XEN_GUEST_HANDLE_PARAM(const_void) arg)
{
    return record("callback_op", 2, U32(cmd), PTR(arg));
}

long do_physdev_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("physdev_op", 2, U32(cmd), PTR(arg));
}

long do_print_string(XEN_GUEST_HANDLE_PARAM(const_char) message)
{
    return record("print_string", 1, PTR(message));
}

long do_sched_op_compat(int cmd, unsigned long arg)
{
    return record("sched_op_compat", 2, U32(cmd), U64(arg));
}

long do_set_timer_op(int64_t timeout)
{
    return record("set_timer_op", 1, U64(timeout));
}

long do_event_channel_op_compat(XEN_GUEST_HANDLE_PARAM(evtchn_op_t) uop)
{
    return record("event_channel_op_compat", 1, PTR(uop));
}

long do_vcpu_op(int cmd, unsigned int vcpuid, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("vcpu_op", 3, U32(cmd), U32(vcpuid), PTR(arg));
}

long do_event_channel_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    return record("event_channel_op", 2, U32(cmd), PTR(arg));
}

long do_sysctl(XEN_GUEST_HANDLE_PARAM(xen_sysctl_t) u_sysctl)
{
    return record("sysctl", 1, PTR(u_sysctl));
}

long do_domctl(XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl)
{
    return record("domctl", 1, PTR(u_domctl));
}

/* ---- Expectations ---- */

/* Width in bits of each argument as the handler declares it. */
struct wired_call {
    unsigned int nr;
    const char *handler;
    unsigned int nargs;
    unsigned int bits[MAX_ARGS];
};

static const struct wired_call wired_pv64[] = {
    {  0, "set_trap_table",    1, { 64 } },
    {  1, "mmu_update",        4, { 64, 32, 64, 32 } },
    {  2, "set_gdt",           2, { 64, 32 } },
    {  3, "stack_switch",      2, { 64, 64 } },
    {  4, "set_callbacks",     3, { 64, 64, 64 } },
    {  5, "fpu_taskswitch",    1, { 32 } },
    {  6, "sched_op_compat",   2, { 32, 64 } },
    { 10, "update_descriptor", 2, { 64, 64 } },
    { 12, "memory_op",         2, { 64, 64 } },
    { 13, "multicall",         2, { 64, 32 } },
    { 14, "update_va_mapping", 3, { 64, 64, 64 } },
    { 15, "set_timer_op",      1, { 64 } },
    { 16, "event_channel_op_compat", 1, { 64 } },
    { 17, "xen_version",       2, { 32, 64 } },
    { 22, "update_va_mapping_otherdomain", 4, { 64, 64, 64, 32 } },
    { 18, "console_io",        3, { 32, 32, 64 } },
    { 19, "physdev_op_compat", 1, { 64 } },
    { 21, "vm_assist",         2, { 32, 32 } },
    { 23, "iret",              0, { 0 } },
    { 24, "vcpu_op",           3, { 32, 32, 64 } },
    { 25, "set_segment_base",  2, { 32, 64 } },
    { 26, "mmuext_op",         4, { 64, 32, 64, 32 } },
    { 29, "sched_op",          2, { 32, 64 } },
    { 30, "callback_op",       2, { 32, 64 } },
    { 32, "event_channel_op",  2, { 32, 64 } },
    { 33, "physdev_op",        2, { 32, 64 } },
    { 35, "sysctl",            1, { 64 } },
    { 36, "domctl",            1, { 64 } },
    { 38, "print_string",      1, { 64 } },
};

#define N_WIRED (sizeof(wired_pv64) / sizeof(wired_pv64[0]))

/*
 * Distinct register values with the top bit of both halves set, so a
 * swapped argument, a lost upper half or a wrong sign extension shows.
 */
static const unsigned long regs[MAX_ARGS] = {
    0xfedc000180000011UL, 0xfedc000280000022UL, 0xfedc000380000033UL,
    0xfedc000480000044UL, 0xfedc000580000055UL,
};

static uint64_t expected_arg(const struct wired_call *call, unsigned int i)
{
    return call->bits[i] == 32 ? (uint32_t)regs[i] : regs[i];
}

static long call_pv64(unsigned int nr)
{
    memset(&last, 0, sizeof(last));
    return hypercall_call_pv64(regs[0], regs[1], regs[2], regs[3], regs[4], nr);
}

/* ---- Tests ---- */

static void test_wired_numbers_reach_their_handler(void **state)
{
    (void)state;
    for (unsigned int c = 0; c < N_WIRED; c++) {
        const struct wired_call *call = &wired_pv64[c];

        stub_result = -1000 - (long)call->nr;
        assert_int_equal(call_pv64(call->nr), stub_result);
        assert_non_null(last.handler);
        assert_string_equal(last.handler, call->handler);
        assert_int_equal(last.nargs, call->nargs);
        for (unsigned int i = 0; i < call->nargs; i++)
            assert_int_equal(last.args[i], expected_arg(call, i));
    }
}

static void test_arg_counts_match_the_def(void **state)
{
    (void)state;
    assert_int_equal(hypercall_args_pv64[__HYPERVISOR_print_string], 1);
    assert_int_equal(hypercall_args_pv64[__HYPERVISOR_mmu_update], 4);
    assert_int_equal(hypercall_args_pv64[__HYPERVISOR_iret], 0);
    for (unsigned int c = 0; c < N_WIRED; c++)
        assert_int_equal(hypercall_args_pv64[wired_pv64[c].nr],
                         wired_pv64[c].nargs);
}

static int is_wired_pv64(unsigned int nr)
{
    for (unsigned int c = 0; c < N_WIRED; c++)
        if (wired_pv64[c].nr == nr)
            return 1;
    return 0;
}

/* Every slot not listed above is unwired, and calling it runs nothing. */
static void test_everything_else_is_unwired(void **state)
{
    (void)state;
    for (unsigned int nr = 0; nr < NR_hypercalls; nr++) {
        if (is_wired_pv64(nr))
            continue;
        assert_int_equal(hypercall_args_pv64[nr], HYPERCALL_UNWIRED);
        assert_int_equal(call_pv64(nr), -XEN_ENOSYS);
        assert_null(last.handler);
    }
}

static void test_unknown_numbers_give_enosys(void **state)
{
    static const unsigned int unknown[] = {
        11, 43, 127, 128, 0xffffffffu,
        __HYPERVISOR_xsm_op, __HYPERVISOR_hvm_op, __HYPERVISOR_arch_0,
    };

    (void)state;
    for (unsigned int i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        unknown_calls = 0;
        assert_int_equal(call_pv64(unknown[i]), -XEN_ENOSYS);
        assert_null(last.handler);
        /* The default case hands the number on, so it can be logged once. */
        assert_int_equal(unknown_calls, 1);
        assert_int_equal(unknown_last_nr, unknown[i]);
    }
}

static void test_pv32_has_nothing_wired_yet(void **state)
{
    (void)state;
    for (unsigned int nr = 0; nr < NR_hypercalls; nr++)
        assert_int_equal(hypercall_args_pv32[nr], HYPERCALL_UNWIRED);
    memset(&last, 0, sizeof(last));
    assert_int_equal(hypercall_call_pv32(regs[0], 0, 0, 0, 0, __HYPERVISOR_print_string),
                     -XEN_ENOSYS);
    assert_null(last.handler);
}

static void test_names(void **state)
{
    (void)state;
    for (unsigned int c = 0; c < N_WIRED; c++)
        assert_string_equal(hypercall_names[wired_pv64[c].nr],
                            wired_pv64[c].handler);
    assert_string_equal(hypercall_names[24], "vcpu_op");
    assert_string_equal(hypercall_names[48], "arch_0");
    assert_null(hypercall_names[11]);
    assert_null(hypercall_names[127]);
    assert_string_equal(hypercall_name(32), "event_channel_op");
    assert_string_equal(hypercall_name(11), "unknown");
    assert_string_equal(hypercall_name(128), "unknown");
    assert_string_equal(hypercall_name(0xffffffffu), "unknown");
}

/* The public header keeps Xen's names for the numbers minixen reuses. */
_Static_assert(__HYPERVISOR_print_string == 38, "print_string is 38");
_Static_assert(__HYPERVISOR_tmem_op == 38, "Xen's retired name for 38");
_Static_assert(__HYPERVISOR_mca == __HYPERVISOR_arch_0, "mca is arch_0");
_Static_assert(__HYPERVISOR_arch_7 == 55, "last arch number");
_Static_assert(NR_hypercalls == 128, "one number per hypercall-page slot");

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wired_numbers_reach_their_handler),
        cmocka_unit_test(test_arg_counts_match_the_def),
        cmocka_unit_test(test_everything_else_is_unwired),
        cmocka_unit_test(test_unknown_numbers_give_enosys),
        cmocka_unit_test(test_pv32_has_nothing_wired_yet),
        cmocka_unit_test(test_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
