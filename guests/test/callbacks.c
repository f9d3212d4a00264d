/*
 * guests/test/callbacks.c - set_trap_table, callback_op, set_callbacks,
 * and the small per-vCPU state hypercalls: stack_switch, fpu_taskswitch
 * and set_segment_base.
 *
 * Checked against Xen's xen/arch/x86/pv/callback.c: set_trap_table(NULL)
 * clears the table, an unreadable table is -EFAULT, a non-canonical
 * handler -EINVAL; callback_op registers event, failsafe, syscall,
 * syscall32, sysenter and nmi for a 64-bit guest (0), refuses unknown
 * types with -ENOSYS (not -EINVAL) and non-canonical addresses with
 * -EINVAL; unregistering anything but nmi is -EINVAL, an unknown type
 * -ENOSYS; unknown commands -ENOSYS; set_callbacks always returns 0.
 * Against xen/arch/x86/pv/misc-hypercalls.c: stack_switch returns 0,
 * fpu_taskswitch sets/clears the virtual CR0.TS and returns 0, and
 * set_segment_base refuses an unknown selector or a non-canonical base
 * with -EINVAL.  Against xen/arch/x86/traps.c (do_device_not_available):
 * a #NM is delivered to the guest and the virtual TS is cleared on delivery.
 */
#include "test.h"
#include <public/callback.h>

/* A vector outside the guests' table, used for a bad handler address. */
#define TRAP_TEST_VECTOR 0x40
/* No CALLBACKTYPE_ or CALLBACKOP_ has these numbers. */
#define CALLBACKTYPE_UNDEFINED 6
#define CALLBACKOP_UNDEFINED   2
/* No SEGBASE_ selector has this number (3 is the last). */
#define SEGBASE_UNDEFINED 4
/* Values read back through %fs and %gs. */
#define FS_MAGIC ARCH_UL(0x1111f5f5f5f51111)
#define GS_MAGIC ARCH_UL(0x2222a5a5a5a52222)

void test_trap_table(void)
{
    trap_info_t bad[2] = {
        { .vector = TRAP_TEST_VECTOR, .cs = FLAT_KERNEL_CS,
          .address = BAD_PTR_NONCANONICAL },
        { .address = 0 },
    };

    check_rc("set_trap_table.good", pv_set_traps(), 0);
    check_rc("set_trap_table.bad_pointer",
             HYPERVISOR_set_trap_table((const trap_info_t *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    check_rc("set_trap_table.noncanonical_handler",
             HYPERVISOR_set_trap_table(bad), -XEN_EINVAL);
    /* No fault may happen between these two calls: nothing would catch it. */
    check_rc("set_trap_table.null_clears", HYPERVISOR_set_trap_table(NULL), 0);
    check_rc("set_trap_table.reregister", pv_set_traps(), 0);
}

static long callback_unregister(unsigned int type)
{
    struct callback_unregister cu = { .type = type };

    return HYPERVISOR_callback_op(CALLBACKOP_unregister, &cu);
}

static void test_callback_register(void)
{
    struct callback_register bad = {
        .type = CALLBACKTYPE_event, .address = BAD_PTR_NONCANONICAL,
    };

    check_rc("callback_op.register_event",
             pv_register_callback(CALLBACKTYPE_event, entry_event_callback, 0), 0);
    check_rc("callback_op.register_failsafe",
             pv_register_callback(CALLBACKTYPE_failsafe, entry_failsafe_callback,
                                  CALLBACKF_mask_events), 0);
    check_rc("callback_op.register_syscall",
             pv_register_callback(CALLBACKTYPE_syscall, entry_syscall_callback,
                                  CALLBACKF_mask_events), 0);
    check_rc("callback_op.register_syscall32",
             pv_register_callback(CALLBACKTYPE_syscall32, entry_syscall_callback,
                                  CALLBACKF_mask_events), 0);
    check_rc("callback_op.register_sysenter",
             pv_register_callback(CALLBACKTYPE_sysenter, entry_syscall_callback,
                                  CALLBACKF_mask_events), 0);
    check_rc("callback_op.register_nmi",
             pv_register_callback(CALLBACKTYPE_nmi, entry_nmi_callback, 0), 0);
    check_rc("callback_op.register_unknown_type",
             pv_register_callback(CALLBACKTYPE_UNDEFINED, entry_event_callback, 0),
             -XEN_ENOSYS);
    check_rc("callback_op.register_noncanonical",
             HYPERVISOR_callback_op(CALLBACKOP_register, &bad), -XEN_EINVAL);
}

void test_callback_op(void)
{
    test_callback_register();
    check_rc("callback_op.unregister_nmi", callback_unregister(CALLBACKTYPE_nmi), 0);
    check_rc("callback_op.unregister_event",
             callback_unregister(CALLBACKTYPE_event), -XEN_EINVAL);
    check_rc("callback_op.unregister_unknown_type",
             callback_unregister(CALLBACKTYPE_UNDEFINED), -XEN_ENOSYS);
    check_rc("callback_op.bad_pointer",
             HYPERVISOR_callback_op(CALLBACKOP_register, (const void *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    check_rc("callback_op.unknown_cmd",
             HYPERVISOR_callback_op(CALLBACKOP_UNDEFINED, NULL), -XEN_ENOSYS);
    check_rc("set_callbacks.register",
             HYPERVISOR_set_callbacks((unsigned long)entry_event_callback,
                                      (unsigned long)entry_failsafe_callback,
                                      (unsigned long)entry_syscall_callback), 0);
}

/* fpu_taskswitch(1) makes the next x87 instruction raise #NM. */
static void test_fpu(void)
{
    struct probe_addr p;

    check_rc("fpu.taskswitch_set", HYPERVISOR_fpu_taskswitch(1), 0);
    check(read_cr0() & X86_CR0_TS, "fpu.cr0_ts_set", "cr0 %#lx", read_cr0());
    fault_reset();
    asm volatile (PROBE_START "fninit" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("fpu.nm_delivered", &p, X86_EXC_NM, 0);
    check(!(read_cr0() & X86_CR0_TS), "fpu.nm_clears_ts",
          "virtual CR0.TS still set after #NM delivery");
    check_rc("fpu.taskswitch_clear", HYPERVISOR_fpu_taskswitch(0), 0);
    fault_reset();
    asm volatile (PROBE_START "fninit" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_no_fault("fpu.no_nm_when_clear");
}

static uint64_t read_fs0(void)
{
    uint64_t v;

    asm volatile ("mov %%fs:0, %0" : "=r" (v) :: "memory");
    return v;
}

static uint64_t read_gs0(void)
{
    uint64_t v;

    asm volatile ("mov %%gs:0, %0" : "=r" (v) :: "memory");
    return v;
}

static void test_segment_base(void)
{
    static volatile uint64_t fs_target = FS_MAGIC, gs_target = GS_MAGIC;

    if (check_rc("set_segment_base.fs",
                 HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)&fs_target), 0))
        check(read_fs0() == FS_MAGIC, "set_segment_base.fs_reads_through",
              "%%fs:0 read %#lx", read_fs0());
    if (check_rc("set_segment_base.gs_kernel",
                 HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
                                             (unsigned long)&gs_target), 0))
        check(read_gs0() == GS_MAGIC, "set_segment_base.gs_kernel_reads_through",
              "%%gs:0 read %#lx", read_gs0());
    check_rc("set_segment_base.gs_user",
             HYPERVISOR_set_segment_base(SEGBASE_GS_USER, (unsigned long)&gs_target), 0);
    check_rc("set_segment_base.bad_which",
             HYPERVISOR_set_segment_base(SEGBASE_UNDEFINED, 0), -XEN_EINVAL);
    check_rc("set_segment_base.noncanonical",
             HYPERVISOR_set_segment_base(SEGBASE_FS, BAD_PTR_NONCANONICAL),
             -XEN_EINVAL);
    HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
    HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0);
    HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0);
}

void test_cpu_state_ops(void)
{
    check_rc("stack_switch.returns_zero",
             HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)boot_stack_top), 0);
    test_fpu();
    test_segment_base();
}
