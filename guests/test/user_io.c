/*
 * guests/test/user_io.c - port I/O and cli from guest user mode, and
 * VMASST_TYPE_architectural_iopl.
 *
 * Expectations (Xen 4.17: pv/emul-priv-op.c iopl_ok and guest_io_okay,
 * pv/iret.c, the bounce frame; XTF's pv-iopl test checks the same
 * table): user mode counts as ring 3, so only IOPL 3 lets `inb` and `cli`
 * through there, and the I/O bitmap is consulted from user mode too
 * (Xen reads it with the kernel's page tables).  Without the assist the
 * frames the guest sees carry IOPL 0 and an iret hypercall's IOPL bits
 * change nothing.  With it the kernel counts as ring 0 (port I/O always
 * passes there), every iret hypercall loads the virtual IOPL from its
 * RFLAGS, and bounce frames show the virtual IOPL.
 */
#include <stddef.h>
#include "test.h"
#include "user_io.h"

_Static_assert(offsetof(struct user_arrival, how) == USER_ARRIVAL_HOW, "user_io_entry.S");
_Static_assert(offsetof(struct user_arrival, error_code) == USER_ARRIVAL_ERROR_CODE,
               "user_io_entry.S");
_Static_assert(offsetof(struct user_arrival, rip) == USER_ARRIVAL_RIP, "user_io_entry.S");
_Static_assert(offsetof(struct user_arrival, rflags) == USER_ARRIVAL_RFLAGS, "user_io_entry.S");

#define RFLAGS_ALWAYS_ONE (ARCH_UL(1) << 1)
#define IOPL_SHIFT        12
#define IOPL_BITS(l)      ((uint64_t)(l) << IOPL_SHIFT)
#define IOPL_OF(rflags)   (((rflags) & X86_EFLAGS_IOPL) >> IOPL_SHIFT)
#define BITS_PER_BYTE     8
/* A bitmap for ports 0..USER_BITMAP_PORTS-1 that allows X86_POST_PORT only. */
#define USER_BITMAP_PORTS (2 * X86_POST_PORT)

/* The kernel stack for bounces from user mode, and the user stack. */
#define USER_KSTACK_SIZE (2 * PAGE_SIZE)
static uint8_t user_kstack[USER_KSTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_ustack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_bitmap[USER_BITMAP_PORTS / BITS_PER_BYTE];

/* #GP and the closing int go to user_io_entry.S until restored. */
static long user_setup(void)
{
    trap_info_t t[3] = {
        { .vector = X86_EXC_GP, .cs = FLAT_KERNEL_CS,
          .address = (unsigned long)user_gp_entry },
        { .vector = TRAP_SOFT_DPL3_VECTOR, .flags = 3, .cs = FLAT_KERNEL_CS,
          .address = (unsigned long)user_done_entry },
        { .address = 0 },
    };
    long rc = pv_set_user_baseptr();

    if (!rc)
        rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                     (unsigned long)user_kstack + sizeof(user_kstack));
    if (!rc)
        rc = HYPERVISOR_set_trap_table(t);
    return rc;
}

/* Back to what callbacks.c left, and no I/O rights. */
static long user_teardown(void)
{
    long rc = pv_set_traps();

    if (!rc)
        rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)boot_stack_top);
    if (!rc)
        rc = HYPERVISOR_set_iopl(0);
    if (!rc)
        rc = HYPERVISOR_set_iobitmap(NULL, 0);
    return rc;
}

/*
 * Run code in user mode with IOPL bits frame_iopl in its iret frame
 * (events stay masked there: IF clear), and come back with resume_iopl
 * in RFLAGS and the upcall mask as it is now.
 */
static void user_exec(const uint8_t *code, unsigned int frame_iopl,
                      unsigned int resume_iopl, struct user_arrival *a)
{
    uint64_t resume = RFLAGS_ALWAYS_ONE | IOPL_BITS(resume_iopl);

    if (!shared_info->vcpu_info[0].evtchn_upcall_mask)
        resume |= X86_EFLAGS_IF;
    *a = (struct user_arrival){ .how = USER_ARRIVED_NONE };
    user_run((uint64_t)code, (uint64_t)user_ustack + sizeof(user_ustack),
             RFLAGS_ALWAYS_ONE | IOPL_BITS(frame_iopl), resume, a);
}

/* The user code must fault with #GP(0) at its first instruction, or not at all. */
static int user_expect(const char *name, const uint8_t *code, unsigned int frame_iopl,
                       int refused, struct user_arrival *a)
{
    int ok;

    user_exec(code, frame_iopl, 0, a);
    if (refused)
        ok = a->how == USER_ARRIVED_GP && a->error_code == 0 && a->rip == (uint64_t)code;
    else
        ok = a->how == USER_ARRIVED_DONE;
    return check(ok, name, "arrived %lu (1 #GP, 2 done), error code %#lx, rip %#lx "
                 "(code at %p), rflags %#lx", a->how, a->error_code, a->rip,
                 (const void *)code, a->rflags);
}

/* physdev set_iopl only: user mode needs IOPL 3. */
static void test_user_iopl(void)
{
    struct user_arrival a;

    if (check_rc("user.set_iopl_1", HYPERVISOR_set_iopl(1), 0)) {
        user_expect("user.iopl_1_in_refused", user_inb_post, 0, 1, &a);
        user_expect("user.iopl_1_cli_refused", user_cli, 0, 1, &a);
    }
    if (check_rc("user.set_iopl_3", HYPERVISOR_set_iopl(PHYSDEV_IOPL_MAX), 0)) {
        user_expect("user.iopl_3_in", user_inb_post, 0, 0, &a);
        if (user_expect("user.iopl_3_cli", user_cli, 0, 0, &a))
            check(IOPL_OF(a.rflags) == 0, "user.frame_iopl_hidden",
                  "frame rflags %#lx at virtual IOPL 3", a.rflags);
    }
    if (check_rc("user.set_iopl_0", HYPERVISOR_set_iopl(0), 0))
        user_expect("user.iret_iopl_ignored", user_inb_post, PHYSDEV_IOPL_MAX, 1, &a);
}

/* IOPL 0, a bitmap allowing X86_POST_PORT: the user-mode in passes. */
static void test_user_bitmap(void)
{
    struct user_arrival a;

    memset(user_bitmap, 0xff, sizeof(user_bitmap));
    user_bitmap[X86_POST_PORT / BITS_PER_BYTE] &= ~(1u << (X86_POST_PORT % BITS_PER_BYTE));
    if (check_rc("user.bitmap_set", HYPERVISOR_set_iobitmap(user_bitmap, USER_BITMAP_PORTS), 0))
        user_expect("user.bitmap_in", user_inb_post, 0, 0, &a);
    check_rc("user.bitmap_clear", HYPERVISOR_set_iobitmap(NULL, 0), 0);
}

/* The IOPL field of an int3 frame taken in kernel mode, or -1 if none. */
static long kernel_frame_iopl(void)
{
    struct probe_addr p;

    fault_reset();
    asm volatile (PROBE_START "int3" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    return last_fault.count == 1 ? (long)IOPL_OF(last_fault.rflags) : -1;
}

static void test_vmassist_kernel(void)
{
    struct probe_addr p;
    uint8_t al = 0;
    long iopl;

    if (!check_rc("vmassist.set_iopl_0", HYPERVISOR_set_iopl(0), 0))
        return;
    fault_reset();
    asm volatile (PROBE_START "inb $%c[port], %%al" PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (al) : [port] "i" (X86_POST_PORT) : "memory");
    expect_no_fault("vmassist.kernel_in_at_iopl_0");
    if (!check_rc("vmassist.set_iopl_2", HYPERVISOR_set_iopl(2), 0))
        return;
    iopl = kernel_frame_iopl();
    check(iopl == 2, "vmassist.kernel_frame_shows_iopl", "int3 frame IOPL %ld", iopl);
}

static void test_vmassist_user(void)
{
    struct user_arrival a;
    long iopl;

    if (user_expect("vmassist.user_in_iret_iopl_3", user_inb_post, PHYSDEV_IOPL_MAX, 0, &a))
        check(IOPL_OF(a.rflags) == PHYSDEV_IOPL_MAX, "vmassist.user_frame_shows_iopl",
              "frame rflags %#lx after an iret with IOPL 3", a.rflags);
    user_expect("vmassist.user_in_iret_iopl_0", user_inb_post, 0, 1, &a);
    /* The iret back to kernel mode loads its IOPL too. */
    user_exec(user_nothing, PHYSDEV_IOPL_MAX, 1, &a);
    iopl = kernel_frame_iopl();
    check(a.how == USER_ARRIVED_DONE && iopl == 1, "vmassist.iret_loads_iopl",
          "arrived %lu, then an int3 frame with IOPL %ld (the iret back had 1)", a.how, iopl);
}

static void test_vmassist(void)
{
    if (!check_rc("vmassist.architectural_iopl_on",
                  HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_architectural_iopl), 0))
        return;
    test_vmassist_kernel();
    test_vmassist_user();
    check_rc("vmassist.architectural_iopl_off",
             HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_architectural_iopl), 0);
}

void test_user_io(void)
{
    long rc = user_setup();

    if (check_rc("user.setup", rc, 0)) {
        test_user_iopl();
        test_user_bitmap();
        test_vmassist();
    }
    check_rc("user.teardown", user_teardown(), 0);
}
