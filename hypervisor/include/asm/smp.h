/*
 * Starting the application processors (arch/x86/smpboot.c).
 *
 * The firmware lists every CPU in the ACPI MADT; the boot CPU wakes each
 * other one with INIT and two startup IPIs, which start it in real mode
 * at a page below 1 MiB (the trampoline, boot/trampoline.S).  From there
 * it climbs to long mode on the boot page tables, switches to the
 * hypervisor's own and reaches start_secondary() on a stack of its own.
 *
 * Today an AP that came up only says so and waits, halted, for calls
 * from other CPUs (smp.c): guests still run on the boot CPU alone
 * (docs/smp.md).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/* Where the trampoline is copied; a startup IPI names its page (vector 8). */
#define TRAMPOLINE_PHYS         0x8000
/* The boot GDT's selectors the trampoline uses before it has the real GDT. */
#define TRAMPOLINE_CS32         0x08
#define TRAMPOLINE_DS           0x10
#define TRAMPOLINE_CS64         0x18

/* CPUs minixen starts at most, the boot CPU included. */
#define MAX_PHYS_CPUS           8

#ifndef __ASSEMBLER__
#include <minixen/types.h>

/*
 * Start every CPU the MADT lists, up to `maxcpus=` (the boot CPU counts)
 * and none with `nosmp`.  A CPU that does not answer within
 * AP_START_TIMEOUT_MS is reported and left out; the rest go on.
 */
void smp_prepare_boot_cpu(void);
void smp_boot_cpus(void);

/* `nosmp` and `maxcpus=N` (setup.c's option table). */
extern bool opt_nosmp;
extern unsigned int opt_maxcpus;

struct cpu_user_regs;

/*
 * Panic: send every other online CPU an NMI and wait (up to a second) while each
 * prints its registers and halts.  Only the first caller stops the others.
 */
void smp_stop_other_cpus(void);
/* The NMI handler's part: true never returns (this CPU stops); false: not ours. */
bool smp_nmi_stop(const struct cpu_user_regs *regs);

/* The boot domains are built: the APs enter the scheduler. */
void smp_release_cpus(void);
/* Power-off: every other CPU halts for good (a second caller halts itself). */
void smp_park_other_cpus(void);
/* From the event-check IPI, with no lock held: halt if a power-off asks. */
void smp_park_if_asked(void);
/*
 * Every other CPU waits, interrupts off and no lock held, until released:
 * a check of shared state sees it still.  False (none held) if one did
 * not come within a second.
 */
bool smp_hold_others(void);
void smp_release_others(void);
/* The event-check IPI's part: park for power-off, or wait while held. */
void smp_event_check_others(void);

/* CPUs online now (the boot CPU included), numbered 0 (boot) up. */
unsigned int smp_nr_online(void);
/* This CPU's number, and a CPU's APIC id. */
unsigned int smp_processor_id(void);
uint32_t smp_apic_id(unsigned int cpu);

/*
 * Run fn(arg, interrupted frame) on another online CPU, from an
 * interrupt there, and wait (up to a second) until it has returned;
 * false if cpu is this one, not online, or did not answer.  One call at a
 * time machine-wide (smp.c).
 */
typedef void smp_call_fn_t(void *arg, const struct cpu_user_regs *regs);
bool smp_call_function_single(unsigned int cpu, smp_call_fn_t *fn, void *arg);
void smp_call_function_interrupt(const struct cpu_user_regs *regs);
/*
 * TLB shootdown: every online CPU in mask (bit n: CPU n) flushes its TLB,
 * global entries too, before this returns (it waits as long as it takes;
 * false if a CPU took over a second).  One shootdown is in flight at a
 * time.  The hypervisor runs with interrupts off, so every CPU that spins
 * waiting for another (locks, claims, shootdowns) answers one aimed at it
 * meanwhile (smp_relax()), and two CPUs never wait for each other forever.
 */
bool flush_tlb_mask(unsigned long mask);
/* CPUs that have run a guest (pv/domain.c): where a stale guest mapping may live. */
extern unsigned long guest_cpumask;
void smp_invalidate_interrupt(void);
/* Make CPU cpu look at its timers and run queue (EVENT_CHECK_VECTOR). */
void smp_send_event_check(unsigned int cpu);
void smp_event_check_interrupt(void);
/* Flush now if a shootdown waits for this CPU. */
void smp_flush_answer(void);
/* Every online CPU's bit. */
unsigned long smp_online_mask(void);
/* This CPU's bit in such a mask. */
static inline unsigned long smp_this_cpu_mask(void)
{
    return 1UL << smp_processor_id();
}
/* With the boot option selftest_tlb: time shootdowns to 1, 2, 4 ... other CPUs. */
void smp_tlb_selftest(void);
/* The 'd' debug key: every CPU's registers and stack. */
void smp_keyhandler_init(void);

/* head.S's 64-bit entry for an AP, and where it finds its stack. */
extern char ap_start64[];
extern unsigned long ap_stack_top;
extern uint64_t ap_boot_l4[];
void __attribute__((noreturn)) start_secondary(void);
#endif

#endif /* ASM_SMP_H */
