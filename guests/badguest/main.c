/*
 * guests/badguest/main.c - an unprivileged guest that does one bad thing
 * and must be crashed for it, alone, by the hypervisor.
 *
 * The thing is chosen by the word "mode=NAME" on the command line (the
 * module string, e.g. "domain=bad memory=8M mode=iret_null_ss").  The
 * guest prints "badguest: mode NAME" first.  The hypervisor should then
 * log "domain N crashed: <why>" and run the other domains on.  If control
 * ever comes back to the guest (the bad act returns, an exception or
 * callback is delivered, a bad iret frame is honoured), it prints
 * "badguest: survived NAME" and powers off, so a test sees no crash.
 *
 * Modes (tests/boot/test_security.py boots each one):
 *   iret_hypervisor_cs       iret hypercall to CS 0xe008, the hypervisor's
 *   iret_noncanonical_rip    iret hypercall to RIP 0x0000800000000000, with
 *                            no trap table (see below)
 *   iret_null_ss             iret hypercall with SS 0
 *   no_trap_table_fault      a #PF with no trap table registered
 *   bounce_bad_stack         a #UD with %rsp on unmapped memory, so the
 *                            exception frame cannot be written
 *   syscall32_no_kernel_stack  `syscall` from 32-bit user code without a
 *                            kernel stack (no stack_switch ever), so the
 *                            switch to kernel mode has nowhere to go
 *
 * No failsafe callback is registered: Xen delivers it when its own return
 * to the guest faults, which would hide the crash the iret modes expect.
 *
 * A CPU refuses an iretq to a non-canonical RIP with #GP in ring 0, and
 * the hypervisor crashes the guest.  QEMU's TCG does not check: it
 * completes the iretq and the fetch at that RIP faults in the guest, so
 * the hypervisor sees an ordinary guest #GP (whose instruction it cannot
 * even read).  With a trap table the guest would get that #GP and
 * survive, harmlessly; without one, both ways end in a crash.
 */
#include <public/callback.h>
#include "arch.h"
#include "console.h"
#include "hypercall.h"
#include "pv.h"
#include "string.h"
#include "badguest.h"

/* An address in the guest half that nothing maps. */
#define BAD_UNMAPPED_VA ARCH_UL(0x00000dead0000000)
/* CS with RPL 0: the iret hypercall stays in guest kernel mode. */
#define KERNEL_CS_RPL0 (FLAT_KERNEL_CS & ~X86_SEL_RPL_MASK)
/* RFLAGS of every frame: IF and the always-one bit 1. */
#define BAD_RFLAGS 0x202
/* Longest mode name we read from the command line. */
#define MODE_NAME_MAX 40
#define MODE_KEY "mode="

/* The 32-bit user stack (below 4 GiB, like the whole image). */
static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
/* Trap table: vectors 0-31 and the terminator. */
static trap_info_t trap_table[X86_NR_EXCEPTIONS + 1];

static const char *mode_name = "?";

struct mode {
    const char *name;
    int traps;              /* register the trap table and callbacks first */
    void (*act)(void);
};

static void act_iret_hypervisor_cs(void)
{
    badguest_iret((uint64_t)badguest_landing, XEN_PRIVATE_CS, BAD_RFLAGS,
                  (uint64_t)badguest_stack_top, FLAT_KERNEL_SS);
}

static void act_iret_noncanonical_rip(void)
{
    badguest_iret(X86_NONCANONICAL_LOW, KERNEL_CS_RPL0, BAD_RFLAGS,
                  (uint64_t)badguest_stack_top, FLAT_KERNEL_SS);
}

static void act_iret_null_ss(void)
{
    badguest_iret((uint64_t)badguest_landing, KERNEL_CS_RPL0, BAD_RFLAGS,
                  (uint64_t)badguest_stack_top, 0);
}

static void act_no_trap_table_fault(void)
{
    (void)*(volatile uint64_t *)BAD_UNMAPPED_VA;
}

static void act_bounce_bad_stack(void)
{
    badguest_fault_on_stack(BAD_UNMAPPED_VA);
}

/* User mode needs a user page table: our own L4 serves (as Xen allows). */
static void act_syscall32_no_kernel_stack(void)
{
    long rc = pv_set_user_baseptr();

    if (rc) {
        printk("badguest: MMUEXT_NEW_USER_BASEPTR failed (%ld)\n", rc);
        return;
    }
    badguest_iret((uint64_t)badguest_compat_code, FLAT_USER_CS32, BAD_RFLAGS,
                  (uint64_t)user_stack + sizeof(user_stack), FLAT_USER_SS);
}

static const struct mode modes[] = {
    { "iret_hypervisor_cs", 1, act_iret_hypervisor_cs },
    { "iret_noncanonical_rip", 0, act_iret_noncanonical_rip },
    { "iret_null_ss", 1, act_iret_null_ss },
    { "no_trap_table_fault", 0, act_no_trap_table_fault },
    { "bounce_bad_stack", 1, act_bounce_bad_stack },
    { "syscall32_no_kernel_stack", 1, act_syscall32_no_kernel_stack },
};

__attribute__((noreturn)) static void power_off(void)
{
    for (;;)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}

__attribute__((noreturn)) static void survived(const char *how)
{
    printk("badguest: survived %s (%s)\n", mode_name, how);
    power_off();
}

void badguest_trapped(uint64_t what, const uint64_t *frame)
{
    char how[80];
    unsigned int rip_slot;

    if (what == BADGUEST_CALLBACK)
        survived("a callback was delivered");
    /* Frame: RCX, R11, [error code], RIP, ... */
    rip_slot = 2 + ((X86_EXC_HAVE_EC >> what) & 1);
    fmt_snprintf(how, sizeof(how), "exception %lu delivered, rip %#lx",
                 what, frame[rip_slot]);
    survived(how);
}

void badguest_landed(void)
{
    survived("the iret frame was used");
}

/* Every exception and the syscall callbacks lead to badguest_trapped(). */
static long install_catchers(void)
{
    unsigned int v;
    long rc;

    for (v = 0; v < X86_NR_EXCEPTIONS; v++)
        trap_table[v] = (trap_info_t){ .vector = v, .cs = FLAT_KERNEL_CS,
                                       .address = badguest_trap_entries[v] };
    rc = HYPERVISOR_set_trap_table(trap_table);
    if (!rc)
        rc = pv_register_callback(CALLBACKTYPE_syscall, badguest_callback_entry, 0);
    if (!rc)
        rc = pv_register_callback(CALLBACKTYPE_syscall32, badguest_callback_entry, 0);
    return rc;
}

/* The NAME of "mode=NAME", at the start of the line or after a blank. */
static void read_mode(char *buf, size_t size)
{
    const char *line = (const char *)start_info->cmd_line;
    const char *p;
    size_t n = 0;

    buf[0] = '\0';
    for (p = strstr(line, MODE_KEY); p; p = strstr(p + 1, MODE_KEY))
        if (p == line || p[-1] == ' ')
            break;
    if (!p)
        return;
    for (p += strlen(MODE_KEY); *p && *p != ' ' && n + 1 < size; p++)
        buf[n++] = *p;
    buf[n] = '\0';
}

void guest_main(void)
{
    char name[MODE_NAME_MAX];
    unsigned int i;
    long rc;

    read_mode(name, sizeof(name));
    for (i = 0; i < ARRAY_SIZE(modes); i++)
        if (!strcmp(name, modes[i].name))
            break;
    if (i == ARRAY_SIZE(modes)) {
        printk("badguest: unknown mode '%s' (command line \"%s\")\n", name,
               (const char *)start_info->cmd_line);
        power_off();
    }
    mode_name = modes[i].name;
    printk("badguest: mode %s\n", mode_name);
    if (modes[i].traps && (rc = install_catchers())) {
        printk("badguest: installing the catchers failed (%ld)\n", rc);
        power_off();
    }
    modes[i].act();
    survived("the bad act returned");
}
