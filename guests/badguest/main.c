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
 *   iret_noncanonical_in_syscall  the same flagged VGCF_in_syscall, with
 *                            SYSRET's CS and SS: SYSRET to a non-canonical
 *                            RIP would fault in ring 0 on Intel CPUs, so
 *                            the hypervisor must return with IRET
 *   iret_null_ss             iret hypercall with SS 0
 *   no_trap_table_fault      a #PF with no trap table registered
 *   bounce_bad_stack         a #UD with %rsp on unmapped memory, so the
 *                            exception frame cannot be written
 *   syscall32_no_kernel_stack  `syscall` from 32-bit user code without a
 *                            kernel stack (no stack_switch ever), so the
 *                            switch to kernel mode has nowhere to go
 *   no_event_callback        an event upcall due with the event callback
 *                            registered at address 0
 *   selector_no_failsafe     %ds from our GDT, its descriptor made not
 *                            present, then yields: the switch back cannot
 *                            load %ds and there is no failsafe callback
 *
 * Probe modes, which must be refused (the guest runs on; see below):
 *   shinfo_l1        make shared_info a page table (it is always writable)
 *   stale_tlb        write a new page table through a writable mapping
 *                    dropped without a TLB flush
 *   np_cs_iret       iret to a not-present code segment of its own GDT
 *                    (crashed: the CPU refuses the frame)
 *   np_ss_iret       the same with a not-present stack segment (crashed)
 *   np_gs            load a not-present selector into the user %gs
 *   fpu_ts_yield     yield with the virtual CR0.TS set
 *   user_priv        mov %cr3 from guest user mode (#GP for the guest)
 *   remote_self      (as domain 0) remote_shutdown naming itself
 *
 * And one mode that only reports:
 *   tlb_switch       the base-pointer changes of a guest process switch:
 *                    NEW_BASEPTR, mov %cr3, NEW_USER_BASEPTR, a trip to
 *                    user mode and back, NEW_USER_BASEPTR twice more.  The
 *                    hypervisor must flush global TLB entries for three of
 *                    them (the boot test reads its count when the domain
 *                    goes); it prints "badguest: tlb_switch done".
 *
 * No failsafe callback is registered: Xen delivers it when its own return
 * to the guest faults, which would hide the crash the iret modes expect.
 * For selector_no_failsafe that absence is the point.  Xen would enter
 * the guest at failsafe address 0 and the fetch there would fault, which
 * the catchers would report as survival; minixen crashes the guest.
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
#include "args.h"
#include "console.h"
#include "frames.h"
#include "hypercall.h"
#include "pt.h"
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
#define MODE_KEY "mode"

/* The 32-bit user stack (below 4 GiB, like the whole image). */
static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
/* Trap table: vectors 0-31 and the terminator. */
static trap_info_t trap_table[X86_NR_EXCEPTIONS + 1];

static const char *mode_name = "?";
static const struct mode *mode;

struct mode {
    const char *name;
    int traps;              /* register the trap table and callbacks first */
    void (*act)(void);
    void (*after_user)(void);   /* run when user mode syscalls back, if set */
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

static void act_iret_noncanonical_in_syscall(void)
{
    badguest_iret_in_syscall(X86_NONCANONICAL_LOW, KERNEL_CS_RPL0, BAD_RFLAGS,
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


/*
 * The probe modes (found by a security review) try to reach hypervisor
 * memory; they must be refused, or get the fault delivered, and run on.
 * Should one ever succeed, it reads and overwrites a frame of the
 * hypervisor image (HV_MSG_MFN, at HV_MSG_OFF: where the "the message is"
 * format string lived when the hole was found) and marks the log with
 * "PWNED", which the tests look for.  The mappings use an unused 2 MiB
 * slot of the guest's L2 (PROBE_L2_SLOT).
 */
extern const uint8_t probe_user_code[];
void probe_set_cr2(uint64_t v);
static uint8_t probe_win[PAGE_SIZE] PAGE_ALIGNED_BSS;
static uint8_t probe_gdt[PAGE_SIZE] PAGE_ALIGNED_BSS;
#define PROBE_L2_SLOT 100
#define PROBE_VA(slot) ((unsigned long)(slot) << 21)
#define PROBE_PTE_RW (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)
#define HV_MSG_MFN 0x210
#define HV_MSG_OFF 0xf6a

static void probe_show(const char *what, volatile uint8_t *p)
{
    char buf[20];
    unsigned int i;
    for (i = 0; i < 16; i++)
        buf[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '.';
    buf[16] = 0;
    printk("badguest: %s reads \"%s\"\n", what, buf);
}

static void probe_patch(volatile uint8_t *p)
{
    const char *s = "PWNED by d1 :-)";
    unsigned int i;
    for (i = 0; s[i]; i++)
        p[i] = s[i];
    HYPERVISOR_print_string("x");
}

static void act_shinfo_l1(void)
{
    unsigned long sh = start_info->shared_info >> PAGE_SHIFT;
    unsigned long l2 = pt_boot_table(GUEST_LINK_BASE, 2);
    mmuext_op_t ops[2] = {
        { .cmd = MMUEXT_CLEAR_PAGE, .arg1.mfn = sh },
        { .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = sh },
    };
    long rc = HYPERVISOR_mmuext_op(ops, 2, NULL, DOMID_SELF);
    volatile uint8_t *va = (volatile uint8_t *)(PROBE_VA(PROBE_L2_SLOT) + 2 * PAGE_SIZE);

    printk("badguest: shared_info mfn %#lx clear+pin as L1: %ld\n", sh, rc);
    if (rc)
        return;
    probe_set_cr2(pv_pte(HV_MSG_MFN, PROBE_PTE_RW));   /* emulated mov to cr2 */
    rc = mmu_write_entry(l2, PROBE_L2_SLOT, pv_pte(sh, PV_PDE_FLAGS), NULL);
    printk("badguest: hook shared_info under L2 slot %u: %ld\n", PROBE_L2_SLOT, rc);
    if (rc)
        return;
    probe_show("hypervisor frame 0x210 via shared_info", va + HV_MSG_OFF);
    probe_patch(va + HV_MSG_OFF);
    probe_set_cr2(0);
    mmu_write_entry(l2, PROBE_L2_SLOT, 0, NULL);
    printk("badguest: unpin shared_info: %ld\n", pt_unpin(sh));
}

static void act_stale_tlb(void)
{
    unsigned long x, l2 = pt_boot_table(GUEST_LINK_BASE, 2);
    volatile uint64_t *w = (volatile uint64_t *)probe_win;
    volatile uint8_t *va = (volatile uint8_t *)PROBE_VA(PROBE_L2_SLOT + 1);
    unsigned int i;
    long rc;

    frames_init();
    x = frames_take_mfn();
    rc = pt_map(probe_win, x, PV_PTE_RW);
    printk("badguest: map spare frame %#lx RW at %p: %ld\n", x, probe_win, rc);
    for (i = 0; i < 512; i++)
        w[i] = 0;                   /* a valid (empty) L1, and a TLB entry */
    rc = HYPERVISOR_update_va_mapping((unsigned long)probe_win, 0, 0 /* UVMF_NONE */);
    printk("badguest: unmap it without a flush: %ld\n", rc);
    rc = pt_pin(1, x);
    printk("badguest: pin it as L1: %ld\n", rc);
    if (rc)
        return;
    w[0] = pv_pte(HV_MSG_MFN, PROBE_PTE_RW);    /* through the stale TLB entry */
    rc = mmu_write_entry(l2, PROBE_L2_SLOT + 1, pv_pte(x, PV_PDE_FLAGS), NULL);
    printk("badguest: hook it under L2 slot %u: %ld\n", PROBE_L2_SLOT + 1, rc);
    probe_show("hypervisor frame 0x210 via stale TLB", va + HV_MSG_OFF);
    probe_patch(va + HV_MSG_OFF);
    w[0] = 0;
    mmu_write_entry(l2, PROBE_L2_SLOT + 1, 0, NULL);
    pt_unpin(x);
}

static long probe_np_gdt(void)
{
    uint64_t *g = (uint64_t *)probe_gdt;
    xen_ulong_t f = pv_va_to_mfn(probe_gdt);
    long rc;

    g[1] = 0x00207a0000000000ULL;   /* 64-bit code, DPL3, NOT present */
    g[2] = 0x0000720000000000ULL;   /* data, DPL3, NOT present */
    rc = pt_map(probe_gdt, f, PV_PTE_RO);
    if (!rc)
        rc = HYPERVISOR_set_gdt(&f, 512);
    printk("badguest: set_gdt with not-present descriptors: %ld\n", rc);
    return rc;
}

static void act_np_cs_iret(void)
{
    if (probe_np_gdt())
        return;
    badguest_iret((uint64_t)badguest_landing, 0x08, BAD_RFLAGS,
                  (uint64_t)badguest_stack_top, FLAT_KERNEL_SS);
}

static void act_np_ss_iret(void)
{
    if (probe_np_gdt())
        return;
    badguest_iret((uint64_t)badguest_landing, KERNEL_CS_RPL0, BAD_RFLAGS,
                  (uint64_t)badguest_stack_top, 0x10);
}

static void act_np_gs(void)
{
    if (probe_np_gdt())
        return;
    printk("badguest: set_segment_base(GS_USER_SEL, 0x13): %ld\n",
           HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0x13));
}

/* Yields that each switch to another domain and back (domain 2 keeps yielding). */
#define SELECTOR_YIELDS 16
#define PROBE_DATA_ENTRY 2
#define PROBE_DATA_SEL   ((PROBE_DATA_ENTRY << 3) | X86_SEL_RPL3)

static long probe_data_gdt(void)
{
    uint64_t *g = (uint64_t *)probe_gdt;
    xen_ulong_t f = pv_va_to_mfn(probe_gdt);
    long rc;

    g[PROBE_DATA_ENTRY] = DESC_FLAT_DATA_DPL3;
    rc = pt_map(probe_gdt, f, PV_PTE_RO);
    if (!rc)
        rc = HYPERVISOR_set_gdt(&f, 512);
    printk("badguest: set_gdt with a data descriptor: %ld\n", rc);
    return rc;
}

static void act_selector_no_failsafe(void)
{
    uint64_t maddr = ((uint64_t)pv_va_to_mfn(probe_gdt) << PAGE_SHIFT) +
                     PROBE_DATA_ENTRY * DESC_SIZE;
    unsigned int i;
    long rc;

    if (probe_data_gdt())
        return;
    asm volatile ("mov %w0, %%ds" :: "r" (PROBE_DATA_SEL) : "memory");
    rc = HYPERVISOR_update_descriptor(maddr, DESC_FLAT_DATA_DPL3 & ~DESC_PRESENT);
    printk("badguest: ds %#x, its descriptor made not present: %ld\n", PROBE_DATA_SEL, rc);
    for (i = 0; !rc && i < SELECTOR_YIELDS; i++)
        pv_yield();
}

static void act_fpu_ts_yield(void)
{
    printk("badguest: fpu_taskswitch(1): %ld\n", HYPERVISOR_fpu_taskswitch(1));
    printk("badguest: yield: %ld\n", pv_yield());
}

static void act_user_priv(void)
{
    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)badguest_stack_top);
    if (pv_set_user_baseptr())
        return;
    badguest_iret((uint64_t)probe_user_code, FLAT_USER_CS64, BAD_RFLAGS,
                  (uint64_t)user_stack + sizeof(user_stack), FLAT_USER_SS);
}

/*
 * no_event_callback: events enabled and an upcall due, but the event
 * callback registered is address 0: Xen's "bad bounce ip", a crash.
 */
static void act_no_event_callback(void)
{
    struct callback_register cb = { .type = CALLBACKTYPE_event, .address = 0 };
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };
    evtchn_send_t send;

    if (pv_map_shared_info())
        return;
    printk("badguest: event callback at 0: %ld\n", HYPERVISOR_callback_op(CALLBACKOP_register, &cb));
    HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
    send.port = ipi.port;
    shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
    HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/*
 * tlb_switch.  Each change is one the hypervisor must (or need not)
 * flush global entries for; the comments count the flushes.
 */
extern const uint8_t tlb_user_code[];
static uint8_t tlb_kstack[PAGE_SIZE] PAGE_ALIGNED_BSS;

static long tlb_user_base(unsigned long mfn)
{
    mmuext_op_t op = { .cmd = MMUEXT_NEW_USER_BASEPTR, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void act_tlb_switch(void)
{
    unsigned long l4 = pv_va_to_mfn((const void *)start_info->pt_base);
    mmuext_op_t op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = l4 };

    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)tlb_kstack + sizeof(tlb_kstack));
    /* 1: a new kernel base pointer (the same table: still a new one). */
    printk("badguest: new_baseptr: %ld\n", HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF));
    /* 2: mov %cr3, emulated as NEW_BASEPTR. */
    write_cr3(read_cr3());
    printk("badguest: mov to cr3 done\n");
    /* None: no user table was loaded since flush 2. */
    printk("badguest: new_user_baseptr: %ld\n", tlb_user_base(l4));
    badguest_iret((uint64_t)tlb_user_code, FLAT_USER_CS64, BAD_RFLAGS,
                  (uint64_t)user_stack + sizeof(user_stack), FLAT_USER_SS);
}

/* Back from user mode (two mode switches, no flush). */
static void tlb_switch_after_user(void)
{
    unsigned long l4 = pv_va_to_mfn((const void *)start_info->pt_base);

    /* 3: user mode ran on the old user table. */
    printk("badguest: new_user_baseptr(0): %ld\n", tlb_user_base(0));
    /* None: nothing ran on a user table since flush 3. */
    printk("badguest: new_user_baseptr again: %ld\n", tlb_user_base(l4));
    printk("badguest: tlb_switch done\n");
}

static void act_remote_self(void)
{
    struct sched_remote_shutdown rs = { .domain_id = 0, .reason = SHUTDOWN_poweroff };
    printk("badguest: remote_shutdown(self): %ld\n", HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs));
}
static const struct mode modes[] = {
    { "remote_self", 0, act_remote_self, NULL },
    { "shinfo_l1", 1, act_shinfo_l1, NULL },
    { "stale_tlb", 1, act_stale_tlb, NULL },
    { "np_cs_iret", 1, act_np_cs_iret, NULL },
    { "np_ss_iret", 1, act_np_ss_iret, NULL },
    { "np_gs", 1, act_np_gs, NULL },
    { "fpu_ts_yield", 0, act_fpu_ts_yield, NULL },
    { "user_priv", 1, act_user_priv, NULL },
    { "iret_hypervisor_cs", 1, act_iret_hypervisor_cs, NULL },
    { "iret_noncanonical_rip", 0, act_iret_noncanonical_rip, NULL },
    { "iret_noncanonical_in_syscall", 0, act_iret_noncanonical_in_syscall, NULL },
    { "iret_null_ss", 1, act_iret_null_ss, NULL },
    { "no_trap_table_fault", 0, act_no_trap_table_fault, NULL },
    { "bounce_bad_stack", 1, act_bounce_bad_stack, NULL },
    { "syscall32_no_kernel_stack", 1, act_syscall32_no_kernel_stack, NULL },
    { "selector_no_failsafe", 1, act_selector_no_failsafe, NULL },
    { "tlb_switch", 1, act_tlb_switch, tlb_switch_after_user },
    { "no_event_callback", 0, act_no_event_callback, NULL },
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

    if (what == BADGUEST_CALLBACK && mode->after_user) {
        mode->after_user();
        power_off();
    }
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
void guest_main(void)
{
    char name[MODE_NAME_MAX];
    unsigned int i;
    long rc;

    arg_word(MODE_KEY, name, sizeof(name));
    for (i = 0; i < ARRAY_SIZE(modes); i++)
        if (!strcmp(name, modes[i].name))
            break;
    if (i == ARRAY_SIZE(modes)) {
        printk("badguest: unknown mode '%s' (command line \"%s\")\n", name,
               (const char *)start_info->cmd_line);
        power_off();
    }
    mode = &modes[i];
    mode_name = modes[i].name;
    printk("badguest: mode %s\n", mode_name);
    if (modes[i].traps && (rc = install_catchers())) {
        printk("badguest: installing the catchers failed (%ld)\n", rc);
        power_off();
    }
    modes[i].act();
    survived("the bad act returned");
}
