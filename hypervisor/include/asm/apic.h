/*
 * Interrupt controllers.  The local APIC's timer, in one-shot mode, wakes
 * the scheduler at the next deadline; device interrupts (only COM1's)
 * reach the local APIC through the IO-APIC (ioapic.h).  The legacy PICs
 * are remapped and masked for good.
 *
 * Uses xAPIC MMIO through the direct map (uncached at 0xfee00000), or
 * x2APIC MSRs when the firmware already switched the APIC to x2APIC mode
 * (leaving x2APIC mode needs a full disable, so we keep it).
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <minixen/types.h>

/* Vectors the IDT routes here (TIMER_VECTOR) or ignores (spurious). */
#define TIMER_VECTOR            0xf0
#define CALL_FUNCTION_VECTOR    0xfb    /* Xen's: run a function on this CPU */
#define EVENT_CHECK_VECTOR      0xfc    /* Xen's: look at this CPU's timers and scheduler */
#define INVALIDATE_TLB_VECTOR   0xfd    /* Xen's: flush this CPU's TLB */
#define SPURIOUS_APIC_VECTOR    0xff

/* Register offsets (xAPIC MMIO; x2APIC MSR = APIC_MSR_BASE + offset/16). */
#define APIC_ID                 0x020
#define APIC_LVR                0x030   /* version; bits 16-23: max LVT */
#define APIC_TPR                0x080
#define APIC_EOI                0x0b0
#define APIC_SVR                0x0f0
#define APIC_ESR                0x280
#define APIC_ICR                0x300   /* interrupt command, low half */
#define APIC_ICR2               0x310   /* its destination (xAPIC) */
#define APIC_LVT_CMCI           0x2f0
#define APIC_LVT_TIMER          0x320
#define APIC_LVT_THERMAL        0x330
#define APIC_LVT_PERF           0x340
#define APIC_LVT_LINT0          0x350
#define APIC_LVT_LINT1          0x360
#define APIC_LVT_ERROR          0x370
#define APIC_TMICT              0x380   /* timer initial count */
#define APIC_TMCCT              0x390   /* timer current count */
#define APIC_TDCR               0x3e0   /* timer divide configuration */

#define APIC_MSR_BASE           0x800

#define MSR_APIC_BASE_BSP       (1ULL << 8)
#define MSR_APIC_BASE_X2APIC    (1ULL << 10)
#define MSR_APIC_BASE_ENABLE    (1ULL << 11)
#define MSR_APIC_BASE_ADDR_MASK 0x000ffffffffff000ULL

#define APIC_SVR_ENABLE         (1u << 8)
#define APIC_LVT_MASKED         (1u << 16)
#define APIC_LVT_DM_NMI         (4u << 8)
#define APIC_LVT_TIMER_ONESHOT  (0u << 17)
#define APIC_LVR_MAXLVT(v)      (((v) >> 16) & 0xff)
#define APIC_TDCR_DIV_1         0xb

#define CPUID1_EDX_APIC         (1u << 9)

/* Interrupt command register: delivery modes and flags. */
#define APIC_ICR_DM_NMI         (4u << 8)
#define APIC_ICR_DM_INIT        (5u << 8)
#define APIC_ICR_DM_STARTUP     (6u << 8)
#define APIC_ICR_BUSY           (1u << 12)  /* xAPIC: not yet sent */
#define APIC_ICR_LEVEL_ASSERT   (1u << 14)
#define APIC_ICR_TRIGGER_LEVEL  (1u << 15)

/*
 * Enable the local APIC: spurious vector SPURIOUS_APIC_VECTOR, LINT0 and
 * the error/thermal/perf/CMCI entries masked, LINT1 as NMI, and the timer
 * one-shot on TIMER_VECTOR, calibrated against the TSC (call after
 * time_init()).  Panics if there is no usable local APIC.
 */
void apic_init(void);

/*
 * Send an inter-processor interrupt (icr: the command register's low
 * half) to the CPU whose APIC id is dest, and wait until the APIC has
 * taken it; false if it would not within a millisecond.
 */
bool apic_send_ipi(uint32_t dest, uint32_t icr);

/*
 * An application processor's APIC: enabled, every local source but the
 * timer masked (LINT1's NMIs go to the boot CPU alone), the timer as the
 * boot CPU's, stopped until armed.
 */
void apic_init_secondary(void);

/*
 * Arm this CPU's one-shot timer for an absolute system time (get_s_time()
 * ns); a deadline already past fires at once; 0 cancels.  A new call
 * replaces the previous deadline.
 */
void apic_timer_arm(uint64_t deadline_ns);

/*
 * The TIMER_VECTOR handler: sends the EOI, then calls timer_softirq()
 * once the armed deadline has passed.  If the hardware fires early (the
 * timer's range or calibration), it re-arms instead, so timer_softirq()
 * never sees an early or cancelled deadline.  Runs with interrupts off.
 */
void apic_timer_interrupt(void);

/*
 * True when the armed deadline has passed: its interrupt is pending, or
 * about to be, and waits for the hypervisor to enable interrupts.  Cheap
 * (a TSC read), for hypercall_preempt_check().
 */
bool apic_timer_due(void);

/* Acknowledge the interrupt being serviced. */
void apic_eoi(void);

/* This CPU's APIC id (8 bits in xAPIC mode, 32 in x2APIC mode). */
uint32_t apic_local_id(void);

/* The local APIC's register page (wherever its base MSR put it). */
unsigned long apic_mfn(void);

/*
 * The legacy PICs (i8259.c): remap them to vectors 0x20-0x2f and mask
 * every line, so no legacy IRQ can arrive on an exception vector.  Call
 * early, with interrupts off.
 */
void i8259_disable(void);



#endif /* ASM_APIC_H */
