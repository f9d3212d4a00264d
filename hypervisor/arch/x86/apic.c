/*
 * Local APIC: enabling it, its one-shot timer, and EOI.
 *
 * Owns the APIC access mode (xAPIC MMIO or x2APIC MSRs), the timer's
 * calibrated rate and the armed deadline.  Relies on time_init() having
 * measured the TSC, on the direct map reaching the APIC uncached, and on
 * interrupts being off in the hypervisor (nothing here is reentrant).
 */
#include <minixen/types.h>
#include <minixen/printk.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/time.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <minixen/timer.h>
#include <minixen/sched.h>

#define APIC_CALIBRATE_US   100         /* short: icount runs pay per ns */
#define APIC_COUNT_MAX      0xffffffffU
/* The direct map maps this range uncached (the lead's contract). */
#define UNCACHED_WINDOW_START 0xc0000000ULL
#define UNCACHED_WINDOW_END   0x100000000ULL

static bool x2apic_mode;
static volatile uint8_t *apic_mmio;
/* Its register page even in x2APIC mode, where the MMIO window still decodes on some CPUs. */
static unsigned long apic_base_mfn;
static uint64_t apic_timer_hz;          /* timer counts per second */

static uint32_t apic_read(unsigned int reg)
{
    if (x2apic_mode)
        return (uint32_t)rdmsr(APIC_MSR_BASE + (reg >> 4));
    return *(volatile uint32_t *)(apic_mmio + reg);
}

static void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic_mode)
        wrmsr(APIC_MSR_BASE + (reg >> 4), v);
    else
        *(volatile uint32_t *)(apic_mmio + reg) = v;
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

uint32_t apic_local_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_mode ? id : id >> 24;
}

/* Turn the APIC on in the base MSR and choose how to reach it. */
static void apic_enable(void)
{
    uint32_t a, b, c, d;
    uint64_t base, phys;

    cpuid_count(1, 0, &a, &b, &c, &d);
    if (!(d & CPUID1_EDX_APIC))
        panic("no local APIC");
    base = rdmsr(MSR_APIC_BASE);
    if (!(base & MSR_APIC_BASE_ENABLE))
        wrmsr(MSR_APIC_BASE, base |= MSR_APIC_BASE_ENABLE);
    apic_base_mfn = (base & MSR_APIC_BASE_ADDR_MASK) >> PAGE_SHIFT;
    x2apic_mode = base & MSR_APIC_BASE_X2APIC;
    if (x2apic_mode)
        return;
    phys = base & MSR_APIC_BASE_ADDR_MASK;
    if (phys < UNCACHED_WINDOW_START || phys + PAGE_SIZE > UNCACHED_WINDOW_END)
        panic("local APIC at %#lx is outside the uncached direct map",
              (unsigned long)phys);
    apic_mmio = maddr_to_virt(phys);
}

/*
 * Mask every local interrupt source but LINT1, which carries NMIs on PCs
 * (to the boot CPU only, as on Linux and Xen).  The error, thermal,
 * performance and CMCI entries would need vectors of their own; the last
 * three exist only if the version register says so.
 */
static void apic_setup_lvts(bool nmi_pin)
{
    unsigned int maxlvt = APIC_LVR_MAXLVT(apic_read(APIC_LVR));

    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, nmi_pin ? APIC_LVT_DM_NMI : APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
    if (maxlvt >= 4)
        apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
    if (maxlvt >= 5)
        apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
    if (maxlvt >= 6)
        apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
    /* The error status register latches on a write: clear it twice. */
    apic_write(APIC_ESR, 0);
    apic_write(APIC_ESR, 0);
}

/* The TSC time at which a counter read happened, to within half the
 * read's own duration (MMIO reads can be slow under emulation). */
static uint32_t apic_read_count(uint64_t *tsc)
{
    uint64_t before = rdtsc_ordered();
    uint32_t count = apic_read(APIC_TMCCT);

    *tsc = before + (rdtsc_ordered() - before) / 2;
    return count;
}

/* Let the timer count down from its maximum for APIC_CALIBRATE_US of TSC
 * time, with its interrupt masked, and compare. */
static void apic_timer_calibrate(void)
{
    uint64_t window = time_muldiv64(tsc_khz, APIC_CALIBRATE_US, USEC_PER_SEC / KHZ);
    uint64_t t0, t1;
    uint32_t c0, c1;

    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | APIC_LVT_TIMER_ONESHOT | TIMER_VECTOR);
    apic_write(APIC_TMICT, APIC_COUNT_MAX);
    c0 = apic_read_count(&t0);
    while (rdtsc_ordered() - t0 < window)
        cpu_relax();
    c1 = apic_read_count(&t1);
    apic_write(APIC_TMICT, 0);

    if (c1 == 0 || c1 >= c0)
        panic("APIC timer is not counting");
    apic_timer_hz = time_muldiv64(c0 - c1, tsc_khz * KHZ, t1 - t0);
}

void apic_init(void)
{
    if (tsc_khz == 0)
        panic("apic_init() needs time_init() first");
    apic_enable();
    apic_write(APIC_TPR, 0);
    apic_setup_lvts(true);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_timer_calibrate();
    /* Unmasked but stopped (initial count 0) until apic_timer_arm(). */
    apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | TIMER_VECTOR);
    printk(XENLOG_INFO "APIC: %s, id %#x, timer %lu.%03lu MHz\n",
           x2apic_mode ? "x2APIC" : "xAPIC",
           x2apic_mode ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24,
           (unsigned long)(apic_timer_hz / (KHZ * KHZ)),
           (unsigned long)(apic_timer_hz / KHZ % KHZ));
}

/* Every CPU's timer counts at the boot CPU's calibrated rate (one bus clock). */
void apic_init_secondary(void)
{
    apic_enable();
    apic_write(APIC_TPR, 0);
    apic_setup_lvts(false);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | TIMER_VECTOR);
}

/* Round the count up (+1) so the timer never fires before the deadline
 * because of truncation; counts beyond 32 bits fire early and re-arm. */
void apic_timer_arm(uint64_t deadline_ns)
{
    uint64_t now, count = 1;

    this_cpu()->arch.timer_deadline = deadline_ns;
    if (deadline_ns == 0) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    now = get_s_time();
    if (deadline_ns > now)
        count = time_muldiv64(deadline_ns - now, apic_timer_hz, NSEC_PER_SEC) + 1;
    if (count > APIC_COUNT_MAX || count == 0)
        count = APIC_COUNT_MAX;
    apic_write(APIC_TMICT, (uint32_t)count);
}

/*
 * Interrupts are off while the hypervisor works, so a deadline that
 * passed shows up here before its interrupt is taken.
 */
bool apic_timer_due(void)
{
    uint64_t deadline = this_cpu()->arch.timer_deadline;

    return deadline && get_s_time() >= deadline;
}

void apic_timer_interrupt(void)
{
    uint64_t *deadline = &this_cpu()->arch.timer_deadline;

    apic_eoi();
    if (*deadline == 0)
        return;                 /* cancelled after the timer fired */
    if (get_s_time() < *deadline) {
        apic_timer_arm(*deadline);
        return;
    }
    *deadline = 0;
    timer_softirq();
}

#define IPI_SEND_TIMEOUT_US 1000

bool apic_send_ipi(uint32_t dest, uint32_t icr)
{
    uint64_t start;

    if (x2apic_mode) {
        /*
         * An x2APIC ICR write is not serializing: without the fence the
         * IPI can overtake the stores it announces (a call's function,
         * the trampoline's stack), as Linux's weak_wrmsr_fence() notes.
         */
        asm volatile ("mfence; lfence" ::: "memory");
        wrmsr(APIC_MSR_BASE + (APIC_ICR >> 4), ((uint64_t)dest << 32) | icr);
        return true;            /* x2APIC has no busy bit to wait on */
    }
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, icr);
    for (start = get_s_time(); apic_read(APIC_ICR) & APIC_ICR_BUSY; cpu_relax())
        if (get_s_time() - start > IPI_SEND_TIMEOUT_US * 1000ULL)
            return false;
    return true;
}

void arch_timer_program(uint64_t deadline)
{
    apic_timer_arm(deadline);
}

void arch_timer_kick(unsigned int cpu)
{
    smp_send_event_check(cpu);
}

/* No ACPI processor ids are read yet: the high half stays 0. */
uint64_t arch_cpu_physid(unsigned int cpu)
{
    (void)cpu;
    return apic_read(APIC_ID) >> (x2apic_mode ? 0 : 24);
}

unsigned long apic_mfn(void)
{
    return apic_base_mfn;
}
