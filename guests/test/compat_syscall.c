/*
 * guests/test/compat_syscall.c - `syscall` from 32-bit code in guest user
 * mode (check trap.compat_syscall).
 *
 * A 64-bit PV guest reaches 32-bit code by returning to FLAT_USER_CS32
 * with the iret hypercall.  A `syscall` there enters the hypervisor
 * through MSR_CSTAR (on CPUs that allow it; Intel CPUs raise #UD
 * instead) and must come back to the guest kernel, on the stack given to
 * stack_switch: to the syscall32 callback if one is registered, else as a
 * #UD.  This is a regression check: minixen once left MSR_CSTAR at 0, so
 * this `syscall` jumped to address 0 in ring 0; the machine then crashes
 * or hangs, and the boot test fails on the missing check or the time
 * bound.
 *
 * Against Xen 4.17 (x86_64/entry.S, switch_to_kernel): the frame has no
 * error code; RIP and RCX are the address after `syscall`, CS is
 * FLAT_USER_CS32 and RSP the user stack.  With no callback Xen reports
 * the #UD at the `syscall` itself (it subtracts the 2 bytes); minixen
 * reports it after the instruction, so both addresses are accepted.  Xen
 * also falls back to the 64-bit syscall callback when no syscall32 one is
 * registered, so the first run clears both.
 */
#include <stddef.h>
#include <public/callback.h>
#include "test.h"
#include "compat_syscall.h"

_Static_assert(offsetof(struct compat_arrival, how) == COMPAT_ARRIVAL_HOW,
               "compat_syscall_entry.S");
_Static_assert(offsetof(struct compat_arrival, entry_rsp) == COMPAT_ARRIVAL_ENTRY_RSP,
               "compat_syscall_entry.S");
_Static_assert(offsetof(struct compat_arrival, frame) == COMPAT_ARRIVAL_FRAME,
               "compat_syscall_entry.S");

/* RFLAGS bit 1 always reads as one. */
#define RFLAGS_ALWAYS_ONE (ARCH_UL(1) << 1)
/* Selector bits of a saved CS or SS slot (the rest is the saved mask). */
#define SEL_MASK 0xffffu
/* CPUID leaf 0 vendor of Intel CPUs, in EBX, EDX, ECX order. */
#define CPUID_VENDOR_INTEL "GenuineIntel"
#define CPUID_VENDOR_LEN   12

/* Kernel stack for the bounce from user mode, and the user stack. */
#define COMPAT_KSTACK_SIZE (2 * PAGE_SIZE)
static uint8_t compat_kstack[COMPAT_KSTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t compat_ustack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static uint64_t kstack_top(void)
{
    return (uint64_t)compat_kstack + sizeof(compat_kstack);
}

static uint64_t ustack_top(void)
{
    return (uint64_t)compat_ustack + sizeof(compat_ustack);
}

/* On Intel CPUs `syscall` in compatibility mode is #UD in the CPU itself. */
static int cpu_is_intel(void)
{
    uint32_t eax = 0, vendor[3];

    asm volatile ("cpuid" : "+a" (eax), "=b" (vendor[0]), "=d" (vendor[1]),
                  "=c" (vendor[2]));
    return !memcmp(vendor, CPUID_VENDOR_INTEL, CPUID_VENDOR_LEN);
}

/* Only vector 6 changes: #UD goes to compat_ud_entry until restored. */
static long compat_take_ud(void)
{
    trap_info_t t[2] = {
        { .vector = X86_EXC_UD, .cs = FLAT_KERNEL_CS,
          .address = (unsigned long)compat_ud_entry },
        { .address = 0 },
    };

    return HYPERVISOR_set_trap_table(t);
}

/* Both syscall callbacks at once (NULL: none, as if never registered). */
static long compat_set_syscall_callbacks(void (*syscall64)(void),
                                         void (*syscall32)(void))
{
    long rc = pv_register_callback(CALLBACKTYPE_syscall, syscall64,
                                   CALLBACKF_mask_events);

    if (!rc)
        rc = pv_register_callback(CALLBACKTYPE_syscall32, syscall32,
                                  CALLBACKF_mask_events);
    return rc;
}

/*
 * Startup already made the kernel's own L4 the user base pointer; set it
 * again so this check does not depend on it (the value stays the same).
 */
static long compat_setup(void)
{
    long rc = pv_set_user_baseptr();

    if (!rc)
        rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, kstack_top());
    if (!rc)
        rc = compat_take_ud();
    return rc;
}

/* Back to what callbacks.c left: our trap table, callbacks and stack. */
static long compat_teardown(void)
{
    long rc = pv_set_traps();

    if (!rc)
        rc = compat_set_syscall_callbacks(entry_syscall_callback,
                                          entry_syscall_callback);
    if (!rc)
        rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)boot_stack_top);
    return rc;
}

static void compat_run(struct compat_arrival *a)
{
    uint64_t resume_rflags = RFLAGS_ALWAYS_ONE;

    /* Come back with the upcall mask we have now (IF set = events on). */
    if (!shared_info->vcpu_info[0].evtchn_upcall_mask)
        resume_rflags |= X86_EFLAGS_IF;
    *a = (struct compat_arrival){ .how = COMPAT_ARRIVED_NONE };
    compat_user_run((uint64_t)compat_syscall_insn, ustack_top(), resume_rflags, a);
}

/* The frame says "32-bit user code, user stack", on the stack_switch stack. */
static int compat_frame_ok(const struct compat_arrival *a)
{
    return (a->frame[COMPAT_FRAME_CS] & SEL_MASK) == FLAT_USER_CS32 &&
           (a->frame[COMPAT_FRAME_SS] & SEL_MASK) == FLAT_USER_SS &&
           a->frame[COMPAT_FRAME_RSP] == ustack_top() &&
           a->entry_rsp > (uint64_t)compat_kstack && a->entry_rsp < kstack_top();
}

static int compat_ud_ok(const struct compat_arrival *a, int at_insn_only)
{
    uint64_t rip = a->frame[COMPAT_FRAME_RIP];

    return a->how == COMPAT_ARRIVED_UD && compat_frame_ok(a) &&
           (rip == (uint64_t)compat_syscall_insn ||
            (!at_insn_only && rip == (uint64_t)compat_after_syscall));
}

static int compat_callback_ok(const struct compat_arrival *a)
{
    return a->how == COMPAT_ARRIVED_SYSCALL32 && compat_frame_ok(a) &&
           a->frame[COMPAT_FRAME_RIP] == (uint64_t)compat_after_syscall &&
           a->frame[COMPAT_FRAME_RCX] == (uint64_t)compat_after_syscall;
}

/* The failing run, for the check's detail line. */
static void compat_describe(char *buf, size_t n, const char *run,
                            const struct compat_arrival *a)
{
    fmt_snprintf(buf, n, "%s: arrived %lu, rip %#lx rcx %#lx cs %#lx rsp %#lx "
                 "ss %#lx, handler rsp %#lx", run, a->how,
                 a->frame[COMPAT_FRAME_RIP], a->frame[COMPAT_FRAME_RCX],
                 a->frame[COMPAT_FRAME_CS], a->frame[COMPAT_FRAME_RSP],
                 a->frame[COMPAT_FRAME_SS], a->entry_rsp);
}

#define COMPAT_DETAIL_SIZE 192

void test_compat_syscall(void)
{
    struct compat_arrival none = { 0 }, cb = { 0 };
    char detail[COMPAT_DETAIL_SIZE] = "";
    long rc_setup, rc_none, rc_cb, rc_teardown;
    int none_ok, cb_ok;

    rc_setup = compat_setup();
    rc_none = rc_setup ? rc_setup : compat_set_syscall_callbacks(NULL, NULL);
    if (!rc_none)
        compat_run(&none);
    rc_cb = rc_none ? rc_none
                    : compat_set_syscall_callbacks(NULL, compat_syscall32_entry);
    if (!rc_cb)
        compat_run(&cb);
    rc_teardown = compat_teardown();

    none_ok = compat_ud_ok(&none, 0);
    cb_ok = compat_callback_ok(&cb) || (cpu_is_intel() && compat_ud_ok(&cb, 1));
    if (!none_ok)
        compat_describe(detail, sizeof(detail), "no callback (want #UD)", &none);
    else if (!cb_ok)
        compat_describe(detail, sizeof(detail), "syscall32 callback", &cb);
    check(none_ok && cb_ok && !rc_teardown, "trap.compat_syscall",
          "set-up %ld/%ld/%ld, restore %ld; %s", rc_setup, rc_none, rc_cb,
          rc_teardown, detail);
}
