/*
 * guests/test/exceptions.c - exceptions reflected to the guest, software
 * interrupts, and privileged instructions the hypervisor emulates or
 * refuses.
 *
 * Expectations (Xen 4.17, xen/arch/x86/traps.c, pv/traps.c,
 * pv/emul-priv-op.c, pv/emul-inv-op.c, and the ABI reference section 13):
 * faults arrive at the faulting instruction with the hardware error code;
 * the bounce frame of a guest-kernel fault carries CS with RPL 0 ("indicate
 * kernel context to guest"), the old upcall mask in bits 32-39 of the CS
 * slot and RFLAGS.IF = !mask, and it ends right below the interrupted
 * RSP rounded down to 16 bytes, so the RIP slot is 40 bytes below that,
 * as in a native frame (create_bounce_frame, x86_64/entry.S);
 * a trap entry with TI_FLAG_IF masks events on delivery and the iret
 * hypercall sets the mask to !IF of the frame it returns with (do_iret);
 * for #PF, CR2 is in vcpu_info.arch.cr2 and the user bit of the error code
 * is clear for a guest-kernel fault (pv_inject_event); "int n" reaches the
 * guest only if the trap-table DPL allows it, otherwise it is #GP with
 * error code (n << 3) | 2, at the instruction; minixen applies the same
 * rule to #BP and #OF (int3, int $3, int $4), although Xen delivers those
 * whatever their DPL (do_general_protection's note, traps.c); cli/sti, port I/O without IOPL and hlt are #GP(0); mov from
 * CR0 shows PE and PG, a write may change TS only (other bits: #GP); a
 * write of the current CR3 is fine; rdmsr of an unknown MSR is #GP(0);
 * the forced-emulation prefix before cpuid yields Xen's leaves, before
 * anything else it is #UD at the prefix; rdtsc runs natively.
 */
#include "test.h"
#include "compat_syscall.h"
#include "iret_syscall.h"

/* A GDT selector beyond our 512 entries (reads as a null descriptor). */
#define GDT_ENTRY_UNUSED 600
/* A native frame's RIP, CS, RFLAGS, RSP, SS end at the 16-byte aligned RSP. */
#define NATIVE_FRAME_RIP_DEPTH (5 * 8)
/* An MSR index nothing implements. */
#define MSR_UNDEFINED 0xdeadbeefu
/* Spin count between two rdtsc reads. */
#define RDTSC_SPIN 1000

/* #PF at address 0 once page 0 is unmapped. */
static void test_page_fault(void)
{
    struct probe_addr p;
    uint64_t v = 0;

    check_rc("trap.unmap_page0",
             HYPERVISOR_update_va_mapping(0, 0, UVMF_INVLPG), 0);
    fault_reset();
    asm volatile (PROBE_START "mov (%[va]), %[v]" PROBE_END
                  : PROBE_OUTPUTS(p), [v] "+r" (v) : [va] "r" (0ul) : "memory");
    if (!expect_fault("trap.pf_null", &p, X86_EXC_PF, PROBE_ANY_EC))
        return;
    check(last_fault.cr2 == 0, "trap.pf_null_cr2", "cr2 %#lx", last_fault.cr2);
    check(!(last_fault.error_code &
            (X86_PFEC_PRESENT | X86_PFEC_WRITE | X86_PFEC_USER)),
          "trap.pf_null_error_code", "error code %#lx (expected not-present, "
          "read, kernel mode)", last_fault.error_code);
    /* The bounce frame: kernel CS with RPL 0, the old upcall mask, IF = !mask. */
    check((last_fault.cs & 0xffff) == (FLAT_KERNEL_CS & ~X86_SEL_RPL_MASK),
          "trap.frame_cs", "saved cs %#lx", last_fault.cs);
    check(((last_fault.cs >> 32) & 0xff) == 1 && !(last_fault.rflags & X86_EFLAGS_IF),
          "trap.frame_saved_mask", "saved cs %#lx rflags %#lx",
          last_fault.cs, last_fault.rflags);
    check(last_fault.rip_slot == (last_fault.rsp & ~ARCH_UL(15)) - NATIVE_FRAME_RIP_DEPTH,
          "trap.frame_placement", "RIP slot at %#lx, interrupted rsp %#lx",
          last_fault.rip_slot, last_fault.rsp);
}

/* #PF only, registered as traps_table() has it plus TI_FLAG_IF. */
static long take_pf_masking_events(void)
{
    trap_info_t t[2] = { traps_table()[X86_EXC_PF], { .address = 0 } };

    t[0].flags |= TI_FLAG_IF;
    return HYPERVISOR_set_trap_table(t);
}

/*
 * The iret hypercall sets the upcall mask from the IF it returns with
 * (Xen's do_iret): with events unmasked (nothing pending) and #PF
 * registered with TI_FLAG_IF, delivery masks events (the handler sees 1,
 * the frame saves 0 and IF set) and the iret back must unmask them.
 * Page 0 is still unmapped from test_page_fault.
 */
static void test_iret_restores_mask(void)
{
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    struct probe_addr p;
    uint64_t v = 0;
    uint8_t mask_after;

    if (!check_rc("trap.pf_mask_events_entry", take_pf_masking_events(), 0))
        return;
    if (!check(vi->evtchn_upcall_pending == 0, "trap.no_event_pending",
               "evtchn_upcall_pending is %u", vi->evtchn_upcall_pending)) {
        check_rc("trap.pf_entry_restored", pv_set_traps(), 0);
        return;
    }
    vi->evtchn_upcall_mask = 0;
    barrier();
    fault_reset();
    asm volatile (PROBE_START "mov (%[va]), %[v]" PROBE_END
                  : PROBE_OUTPUTS(p), [v] "+r" (v) : [va] "r" (0ul) : "memory");
    mask_after = vi->evtchn_upcall_mask;
    vi->evtchn_upcall_mask = 1;
    barrier();
    if (expect_fault("trap.pf_events_unmasked", &p, X86_EXC_PF, PROBE_ANY_EC)) {
        check(last_fault.upcall_mask == 1 && ((last_fault.cs >> 32) & 0xff) == 0 &&
              (last_fault.rflags & X86_EFLAGS_IF),
              "trap.delivery_masks_events", "mask %u in the handler, "
              "saved cs %#lx rflags %#lx", last_fault.upcall_mask,
              last_fault.cs, last_fault.rflags);
        check(mask_after == 0, "trap.iret_restores_mask",
              "mask %u after returning from the fault with IF set", mask_after);
    }
    check_rc("trap.pf_entry_restored", pv_set_traps(), 0);
}

_Static_assert(offsetof(struct iret_probe_result, rip) == IRET_PROBE_RIP, "asm");
_Static_assert(offsetof(struct iret_probe_result, rsp) == IRET_PROBE_RSP, "asm");
_Static_assert(offsetof(struct iret_probe_result, rflags) == IRET_PROBE_RFLAGS, "asm");
_Static_assert(offsetof(struct iret_probe_result, expected_rip) == IRET_PROBE_EXPECTED_RIP,
               "asm");
_Static_assert(offsetof(struct iret_probe_result, expected_rsp) == IRET_PROBE_EXPECTED_RSP,
               "asm");

/*
 * An iret frame flagged VGCF_in_syscall (RCX and R11 may be lost, so the
 * way back may be SYSRET) lands where the frame says, with its RSP and
 * its arithmetic flags: CF, PF and OF set, ZF and SF clear.
 */
#define IRET_PROBE_FLAGS (X86_EFLAGS_IF | 0x2 | 0x1 | 0x4 | 0x800)
#define ARITH_FLAGS      0x8d5

static void test_iret_in_syscall(void)
{
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    uint8_t mask = vi->evtchn_upcall_mask;
    struct iret_probe_result r = { 0 };

    iret_in_syscall_probe(IRET_PROBE_FLAGS, &r);    /* unmasks events: IF is set */
    vi->evtchn_upcall_mask = mask;
    barrier();
    check(r.rip == r.expected_rip && r.rsp == r.expected_rsp &&
          (r.rflags & ARITH_FLAGS) == (IRET_PROBE_FLAGS & ARITH_FLAGS) &&
          (r.rflags & X86_EFLAGS_IF),
          "trap.iret_in_syscall_frame", "landed at %#lx with rsp %#lx rflags %#lx "
          "(frame: %#lx, %#lx, %#lx)", r.rip, r.rsp, r.rflags, r.expected_rip,
          r.expected_rsp, (unsigned long)IRET_PROBE_FLAGS);
}

static void test_simple_faults(void)
{
    struct probe_addr p;
    uint64_t lo = 1, hi = 0;
    volatile uint64_t zero = 0;
    uint64_t divisor = zero;

    fault_reset();
    asm volatile (PROBE_START "ud2" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("trap.ud_ud2", &p, X86_EXC_UD, 0);

    fault_reset();
    asm volatile (PROBE_START "divq %[d]" PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (lo), "+d" (hi) : [d] "r" (divisor)
                  : "memory");
    expect_fault("trap.de_divide", &p, X86_EXC_DE, 0);

    fault_reset();
    asm volatile (PROBE_START "hlt" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("trap.gp_hlt", &p, X86_EXC_GP, 0);

    fault_reset();
    asm volatile (PROBE_START "mov %w[sel], %%es" PROBE_END
                  : PROBE_OUTPUTS(p) : [sel] "r" (GDT_SEL(GDT_ENTRY_UNUSED))
                  : "memory");
    expect_fault("trap.gp_bad_selector", &p, X86_EXC_GP,
                 GDT_SEL(GDT_ENTRY_UNUSED) & ~X86_SEL_RPL_MASK);
    asm volatile ("mov %w0, %%es" :: "r" (0) : "memory");
}

static void test_software_interrupts(void)
{
    struct probe_addr p;

    fault_reset();
    asm volatile (PROBE_START "int3" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_trap("trap.bp_int3", &p, X86_EXC_BP);

    fault_reset();
    asm volatile (PROBE_START "int $%c[v]" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "i" (TRAP_SOFT_DPL3_VECTOR) : "memory");
    expect_trap("trap.int_dpl3", &p, TRAP_SOFT_DPL3_VECTOR);

    fault_reset();
    asm volatile (PROBE_START "int $%c[v]" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "i" (TRAP_SYSCALL80_VECTOR) : "memory");
    expect_trap("trap.int80_dpl3", &p, TRAP_SYSCALL80_VECTOR);

    fault_reset();
    asm volatile (PROBE_START "int $%c[v]" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "i" (TRAP_SOFT_DPL0_VECTOR) : "memory");
    expect_fault("trap.int_dpl0_gp", &p, X86_EXC_GP,
                 X86_SOFTINT_GP_EC(TRAP_SOFT_DPL0_VECTOR));

    fault_reset();
    asm volatile (PROBE_START "int $%c[v]" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "i" (TRAP_UNREGISTERED_VECTOR) : "memory");
    expect_fault("trap.int_unregistered_gp", &p, X86_EXC_GP,
                 X86_SOFTINT_GP_EC(TRAP_UNREGISTERED_VECTOR));
}

/*
 * The two-byte forms of #BP and #OF: gas turns "int $3" into int3, so
 * the bytes are spelled out.  A fixup one byte in (between the opcode and
 * the vector) turns a #GP reported there into a failed check, not a
 * crash of the whole guest.
 */
#define OP_INT_IMM8_STR "0xcd"
#define PROBE_INT_IMM(vec)                                             \
    asm volatile (PROBE_START ".byte " OP_INT_IMM8_STR ", %c[v]\n\t"   \
                  EXTABLE("1b + 1", "2f") PROBE_END                    \
                  : PROBE_OUTPUTS(p) : [v] "i" (vec) : "memory")
#define PROBE_INT3 \
    asm volatile (PROBE_START "int3" PROBE_END : PROBE_OUTPUTS(p) :: "memory")

/* Allowed (DPL 3): delivered as traps, reported after the instruction. */
static void test_soft_exceptions_allowed(void)
{
    struct probe_addr p;

    fault_reset();
    PROBE_INT_IMM(X86_EXC_BP);
    expect_trap("trap.bp_int_imm3", &p, X86_EXC_BP);

    fault_reset();
    PROBE_INT_IMM(X86_EXC_OF);
    expect_trap("trap.of_int_imm4", &p, X86_EXC_OF);
}

/* #BP and #OF only, with DPL 0: the guest kernel (ring 1 to Xen) may not. */
static long refuse_soft_exceptions(void)
{
    trap_info_t t[3] = { traps_table()[X86_EXC_BP], traps_table()[X86_EXC_OF],
                         { .address = 0 } };

    t[0].flags &= ~TI_FLAG_DPL_MASK;
    t[1].flags &= ~TI_FLAG_DPL_MASK;
    return HYPERVISOR_set_trap_table(t);
}

/*
 * Refused: a #GP with the IDT error code, reported at the start of the
 * instruction whatever its length (it once pointed one byte in for the
 * two-byte forms).
 */
static void test_soft_exceptions_refused(void)
{
    struct probe_addr p;

    if (!check_rc("trap.soft_exceptions_dpl0", refuse_soft_exceptions(), 0))
        return;
    fault_reset();
    PROBE_INT3;
    expect_fault("trap.bp_int3_refused_gp", &p, X86_EXC_GP,
                 X86_SOFTINT_GP_EC(X86_EXC_BP));

    fault_reset();
    PROBE_INT_IMM(X86_EXC_BP);
    expect_fault("trap.bp_int_imm3_refused_gp", &p, X86_EXC_GP,
                 X86_SOFTINT_GP_EC(X86_EXC_BP));

    fault_reset();
    PROBE_INT_IMM(X86_EXC_OF);
    expect_fault("trap.of_int_imm4_refused_gp", &p, X86_EXC_GP,
                 X86_SOFTINT_GP_EC(X86_EXC_OF));
    check_rc("trap.soft_exceptions_restored", pv_set_traps(), 0);
}

/* Instructions that need IOPL: the guest kernel has none, so #GP(0). */
static void test_iopl_instructions(void)
{
    struct probe_addr p;
    uint8_t al = 0;

    fault_reset();
    asm volatile (PROBE_START "cli" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("trap.gp_cli", &p, X86_EXC_GP, 0);

    fault_reset();
    asm volatile (PROBE_START "sti" PROBE_END : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("trap.gp_sti", &p, X86_EXC_GP, 0);

    fault_reset();
    asm volatile (PROBE_START "inb $%c[port], %%al" PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (al) : [port] "i" (X86_POST_PORT)
                  : "memory");
    expect_fault("trap.gp_in", &p, X86_EXC_GP, 0);

    fault_reset();
    asm volatile (PROBE_START "outb %%al, $%c[port]" PROBE_END
                  : PROBE_OUTPUTS(p) : "a" (al), [port] "i" (X86_POST_PORT)
                  : "memory");
    expect_fault("trap.gp_out", &p, X86_EXC_GP, 0);
}

void test_exceptions(void)
{
    test_page_fault();
    test_iret_restores_mask();
    test_iret_in_syscall();
    test_simple_faults();
    test_software_interrupts();
    test_soft_exceptions_allowed();
    test_soft_exceptions_refused();
    test_iopl_instructions();
    /* Last: it borrows the #UD slot and the syscall callbacks, then restores them. */
    test_compat_syscall();
}

static void test_cr0(void)
{
    unsigned long cr0 = read_cr0();
    struct probe_addr p;

    check((cr0 & X86_CR0_PE) && (cr0 & X86_CR0_PG), "cr0.read", "cr0 %#lx", cr0);
    fault_reset();
    asm volatile (PROBE_START "mov %[v], %%cr0" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "r" (cr0 | X86_CR0_TS) : "memory");
    check(last_fault.count == 0 && (read_cr0() & X86_CR0_TS), "cr0.write_ts_set",
          "fault %ld or TS not set (cr0 %#lx)", last_fault.vector, read_cr0());
    fault_reset();
    asm volatile (PROBE_START "mov %[v], %%cr0" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "r" (cr0 & ~X86_CR0_TS) : "memory");
    check(last_fault.count == 0 && !(read_cr0() & X86_CR0_TS), "cr0.write_ts_clear",
          "fault %ld or TS still set (cr0 %#lx)", last_fault.vector, read_cr0());
    fault_reset();
    asm volatile (PROBE_START "mov %[v], %%cr0" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "r" ((cr0 & ~X86_CR0_TS) ^ X86_CR0_AM)
                  : "memory");
    expect_fault("cr0.write_other_bits_gp", &p, X86_EXC_GP, 0);
}

static void test_cr3_msr(void)
{
    unsigned long cr3 = read_cr3();
    uint32_t lo = 0, hi = 0;
    struct probe_addr p;

    fault_reset();
    asm volatile (PROBE_START "mov %[v], %%cr3" PROBE_END
                  : PROBE_OUTPUTS(p) : [v] "r" (cr3) : "memory");
    check(last_fault.count == 0 && read_cr3() == cr3, "cr3.write_same",
          "fault %ld, cr3 now %#lx (was %#lx)", last_fault.vector, read_cr3(), cr3);

    fault_reset();
    asm volatile (PROBE_START "rdmsr" PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (lo), "+d" (hi) : "c" (MSR_UNDEFINED)
                  : "memory");
    expect_fault("msr.rdmsr_unknown_gp", &p, X86_EXC_GP, 0);
}

/* Emulated cpuid of leaf with subleaf 0; 0 if it faulted. */
static int emulated_cpuid(uint32_t leaf, uint32_t regs[4])
{
    struct probe_addr p;

    regs[0] = leaf;
    regs[2] = 0;
    fault_reset();
    asm volatile (PROBE_START XEN_CPUID PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (regs[0]), "=b" (regs[1]),
                    "+c" (regs[2]), "=d" (regs[3])
                  :: "memory");
    return last_fault.count == 0;
}

/* Bits Xen 4.17's PV policy hides: leaf 1 edx VME PSE MTRR PGE PSE36,
 * ecx X2APIC TSC_DEADLINE; leaf 0x80000001 edx PAGE1GB. */
#define PV_HIDDEN_1_EDX   ((1u << 1) | (1u << 3) | (1u << 12) | (1u << 13) | (1u << 17))
#define PV_HIDDEN_1_ECX   ((1u << 21) | (1u << 24))
#define PV_HIDDEN_E1_EDX  (1u << 26)
#define MSR_MCG_CAP       0x179u

static void test_pv_cpuid_policy_and_mce(void)
{
    uint32_t r[4] = { 0 }, lo = ~0u, hi = ~0u;
    struct probe_addr p;

    check(emulated_cpuid(1, r) && !(r[3] & PV_HIDDEN_1_EDX) &&
          !(r[2] & PV_HIDDEN_1_ECX), "cpuid.pv_hides_leaf1",
          "leaf 1 ecx %#x edx %#x", r[2], r[3]);
    check(emulated_cpuid(0x80000001u, r) && !(r[3] & PV_HIDDEN_E1_EDX),
          "cpuid.pv_hides_page1gb", "leaf 0x80000001 edx %#x", r[3]);
    /* Xen's vMCE: the MSRs read without a fault (here: no banks). */
    fault_reset();
    asm volatile (PROBE_START "rdmsr" PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (lo), "+d" (hi) : "c" (MSR_MCG_CAP)
                  : "memory");
    if (expect_no_fault("msr.rdmsr_mcg_cap"))
        check(lo == 0 && hi == 0, "msr.mcg_cap_no_banks", "%#x:%#x", hi, lo);
}

/* cpuid behind the forced-emulation prefix returns Xen's own leaves. */
static void test_forced_emulation(void)
{
    uint32_t sig[4] = { 0 };
    uint32_t eax = XEN_CPUID_LEAF_BASE, ecx = 0;
    struct probe_addr p;

    fault_reset();
    asm volatile (PROBE_START XEN_CPUID PROBE_END
                  : PROBE_OUTPUTS(p), "+a" (eax), "=b" (sig[0]), "+c" (ecx),
                    "=d" (sig[2])
                  :: "memory");
    sig[1] = ecx;
    if (expect_no_fault("cpuid.forced_emulation"))
        check(!memcmp(sig, XEN_CPUID_SIGNATURE, sizeof(XEN_CPUID_SIGNATURE) - 1),
              "cpuid.xen_signature", "leaf %#x signature \"%.12s\"",
              XEN_CPUID_LEAF_BASE, (const char *)sig);

    /*
     * Label 3 after the prefix also gets an entry, so a #UD reported at the
     * nop instead of the prefix fails this check rather than the whole test.
     */
    fault_reset();
    asm volatile (PROBE_START XEN_EMULATE_PREFIX "3: nop" PROBE_END
                  EXTABLE("3b", "2b")
                  : PROBE_OUTPUTS(p) :: "memory");
    expect_fault("cpuid.forced_prefix_ud", &p, X86_EXC_UD, 0);
}

void test_privileged_ops(void)
{
    uint64_t t1, t2;
    int i;

    test_cr0();
    test_cr3_msr();
    test_forced_emulation();
    test_pv_cpuid_policy_and_mce();

    fault_reset();
    t1 = rdtsc_ordered();
    for (i = 0; i < RDTSC_SPIN; i++)
        barrier();
    t2 = rdtsc_ordered();
    check(last_fault.count == 0 && t2 > t1, "rdtsc.native",
          "tsc %#lx then %#lx, %lu exceptions", t1, t2, last_fault.count);
}
