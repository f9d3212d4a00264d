/*
 * Starting the application processors (see asm/smp.h and docs/smp.md).
 *
 * One AP at a time: the boot CPU gives it a stack, sends INIT and two
 * startup IPIs naming the trampoline's page, as Intel's MP protocol
 * asks, and waits for it to say it is alive.  The trampoline's
 * parameters and ap_stack_top are shared by all APs, which is why only
 * one may be starting at any moment.
 */
#include <minixen/lib.h>
#include <minixen/spinlock.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <asm/x86.h>
#include <asm/page.h>
#include <asm/config.h>
#include <asm/apic.h>
#include <asm/ioapic.h>
#include <asm/time.h>
#include <asm/smp.h>
#include <asm/cpu.h>
#include <asm/traps.h>
#include <minixen/sched.h>
#include <minixen/grace.h>

#define INIT_DEASSERT_DELAY_US  10000   /* Intel: 10 ms after INIT */
#define SIPI_DELAY_US           200     /* and 200 us after each startup IPI */
/* As Xen's: an emulated AP on a busy host can take far longer than real ones. */
#define AP_START_TIMEOUT_MS     5000
#define STOP_TIMEOUT_MS         1000    /* for every other CPU to report, at panic */

/* What trampoline.S reads at trampoline_params. */
struct trampoline_params {
    uint64_t entry;
    uint32_t cr3;
    uint32_t pad;
};

extern const char trampoline_start[], trampoline_end[], trampoline_params[];
extern char boot_l3_low[], boot_l3_image[];

unsigned long ap_stack_top;
static volatile unsigned int ap_starting = ~0u;  /* the index the AP takes */
static volatile bool ap_alive;
static volatile uint64_t ap_tsc;            /* the AP's TSC as it said so */
static unsigned int nr_online = 1;
static uint32_t online_apic_id[MAX_PHYS_CPUS];
static struct cpu_tables cpu_tables[MAX_PHYS_CPUS];

/* At panic: the APIC id of the CPU stopping the others, and how many have. */
#define NOBODY (~0u)
static uint32_t stopping_cpu = NOBODY;
static unsigned int nr_stopped;
static DEFINE_SPINLOCK(report_lock);
/* At power-off: the APIC id of the CPU parking the others, and how many have. */
static uint32_t parking_cpu = NOBODY;
static unsigned int nr_parked;
static bool guests_released;            /* the APs may enter the scheduler */
/* A check holding the other CPUs (smp_hold_others()): who, and how many wait. */
static DEFINE_SPINLOCK(hold_lock);
static uint32_t holding_cpu = NOBODY;
static unsigned int nr_held;

unsigned int smp_nr_online(void)
{
    return nr_online;
}

/* A CPU's number: its place in the online list (at most MAX_PHYS_CPUS long). */
static unsigned int cpu_index(uint32_t apic_id)
{
    unsigned int i;

    for (i = 0; i < nr_online && online_apic_id[i] != apic_id; i++)
        ;
    return i;
}

struct pcpu *cpu_pcpu[MAX_PHYS_CPUS];

unsigned int smp_processor_id(void)
{
    return this_cpu()->cpu_id;
}

uint32_t smp_apic_id(unsigned int cpu)
{
    return online_apic_id[cpu];
}

/* Before anything (timers) looks a CPU up by number. */
void smp_prepare_boot_cpu(void)
{
    cpu_pcpu[0] = this_cpu();
}

static void __attribute__((noreturn)) halt_forever(void)
{
    for (;;)
        asm volatile ("cli; hlt" ::: "memory");
}

/* The AP's side: its own tables and APIC, then it is up, waiting for calls. */
void __attribute__((noreturn)) start_secondary(void)
{
    unsigned int cpu = ap_starting;

    if (cpu >= MAX_PHYS_CPUS)
        halt_forever();         /* late: the boot CPU gave up on it */
    cpu_init_secondary(&cpu_tables[cpu], cpu);
    apic_init_secondary();
    scheduler_init_secondary();
    ap_tsc = rdtsc_ordered();
    ap_alive = true;
    while (!__atomic_load_n(&guests_released, __ATOMIC_ACQUIRE))
        asm volatile ("sti; hlt; cli" ::: "memory");
    schedule();
}

void smp_release_cpus(void)
{
    __atomic_store_n(&guests_released, true, __ATOMIC_RELEASE);
    for (unsigned int cpu = 1; cpu < nr_online; cpu++)
        smp_send_event_check(cpu);
}

/*
 * At power-off the other CPUs halt for good, each where it next takes an
 * interrupt with no lock held (smp_park_if_asked()).  A second CPU
 * powering off at the same time parks itself instead.
 */
void smp_park_other_cpus(void)
{
    uint32_t nobody = NOBODY, self = apic_local_id();
    unsigned int others = nr_online - 1;
    uint64_t start;

    if (!__atomic_compare_exchange_n(&parking_cpu, &nobody, self, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        smp_park_if_asked();
    for (unsigned int cpu = 0; cpu < nr_online; cpu++)
        smp_send_event_check(cpu);          /* not this one */
    for (start = get_s_time(); __atomic_load_n(&nr_parked, __ATOMIC_ACQUIRE) < others;
         smp_relax())
        if (get_s_time() - start > STOP_TIMEOUT_MS * 1000000ULL)
            break;
    if (nr_parked < others)
        printk(XENLOG_ERR "SMP: %u of %u other CPUs did not stop for power-off\n",
               others - nr_parked, others);
    grace_run_all();
}

/*
 * Hold every other CPU where it next takes an interrupt with no lock held,
 * for a check that reads state they change (the frame-table audit).
 * False, and none held, if one did not come within a second.
 */
bool smp_hold_others(void)
{
    unsigned int others = nr_online - 1;
    uint64_t start = get_s_time();

    if (!others)
        return true;
    spin_lock(&hold_lock);
    __atomic_store_n(&nr_held, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&holding_cpu, apic_local_id(), __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < nr_online; cpu++)
        smp_send_event_check(cpu);          /* not this one */
    while (__atomic_load_n(&nr_held, __ATOMIC_ACQUIRE) < others)
        if (get_s_time() - start > STOP_TIMEOUT_MS * 1000000ULL) {
            smp_release_others();
            return false;
        } else
            smp_relax();
    return true;
}

void smp_release_others(void)
{
    if (nr_online == 1)
        return;
    __atomic_store_n(&holding_cpu, NOBODY, __ATOMIC_RELEASE);
    while (__atomic_load_n(&nr_held, __ATOMIC_ACQUIRE))
        smp_relax();                        /* all gone on before the next hold */
    spin_unlock(&hold_lock);
}

/* From the event-check IPI: wait while another CPU holds us. */
static void hold_if_asked(void)
{
    uint32_t holder = __atomic_load_n(&holding_cpu, __ATOMIC_ACQUIRE);

    if (holder == NOBODY || holder == apic_local_id())
        return;
    __atomic_fetch_add(&nr_held, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&holding_cpu, __ATOMIC_ACQUIRE) != NOBODY) {
        smp_park_if_asked();
        smp_relax();
    }
    __atomic_fetch_sub(&nr_held, 1, __ATOMIC_RELEASE);
}

void smp_event_check_others(void)
{
    smp_park_if_asked();
    hold_if_asked();
}

void smp_park_if_asked(void)
{
    uint32_t parker = __atomic_load_n(&parking_cpu, __ATOMIC_ACQUIRE);

    if (parker == NOBODY || parker == apic_local_id())
        return;
    __atomic_fetch_add(&nr_parked, 1, __ATOMIC_RELEASE);
    halt_forever();
}

/*
 * An NMI on a CPU while another stops them all (panic): report where it
 * was, one CPU at a time, and halt with NMIs still blocked (no IRET).
 */
bool smp_nmi_stop(const struct cpu_user_regs *regs)
{
    uint32_t self = apic_local_id(), initiator = __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE);

    if (initiator == NOBODY || initiator == self)
        return false;
    spin_lock(&report_lock);
    printk(XENLOG_ERR "CPU%u (APIC id %#x) stopped:\n", cpu_index(self), self);
    show_registers(regs);
    show_backtrace(regs->rip, regs->rbp);
    spin_unlock(&report_lock);
    __atomic_fetch_add(&nr_stopped, 1, __ATOMIC_RELEASE);
    halt_forever();
}

void smp_stop_other_cpus(void)
{
    uint32_t nobody = NOBODY, self = apic_local_id();
    unsigned int others = nr_online - 1, i;
    uint64_t start;

    if (!others || !__atomic_compare_exchange_n(&stopping_cpu, &nobody, self, false,
                                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return;
    /* One by one, not all-but-self: CPUs left out are not ours to wake. */
    for (i = 0; i < nr_online; i++)
        if (online_apic_id[i] != self)
            apic_send_ipi(online_apic_id[i], APIC_ICR_DM_NMI);
    for (start = get_s_time(); __atomic_load_n(&nr_stopped, __ATOMIC_ACQUIRE) < others;
         cpu_relax())
        if (get_s_time() - start > STOP_TIMEOUT_MS * 1000000ULL)
            break;
    if (nr_stopped < others)
        console_force_unlock();     /* one may have stopped holding it, mid-print */
    if (nr_stopped < others)
        printk(XENLOG_ERR "SMP: %u of %u other CPUs did not stop\n", others - nr_stopped,
               others);
}

static unsigned long table_phys(const void *table)
{
    return virt_to_maddr(table);
}

/* The page the trampoline runs from must be ours (the boot reserve) and free of other use. */
static bool trampoline_page_usable(void)
{
    unsigned long mfn = TRAMPOLINE_PHYS >> PAGE_SHIFT;

    return mfn < max_page && frame_table[mfn].owner == DOMID_XEN &&
           (size_t)(trampoline_end - trampoline_start) <= PAGE_SIZE;
}

/* Copy the trampoline down and aim it at ap_start64 on the boot tables. */
static void trampoline_install(void)
{
    uint8_t *dst = maddr_to_virt(TRAMPOLINE_PHYS);
    struct trampoline_params *p;

    ap_boot_l4[0] = table_phys(boot_l3_low) | _PAGE_PRESENT | _PAGE_RW;
    ap_boot_l4[XEN_IMAGE_SLOT] = table_phys(boot_l3_image) | _PAGE_PRESENT | _PAGE_RW;
    memcpy(dst, trampoline_start, trampoline_end - trampoline_start);
    p = (struct trampoline_params *)(dst + (trampoline_params - trampoline_start));
    p->entry = (uint64_t)ap_start64;
    p->cr3 = (uint32_t)table_phys(ap_boot_l4);
}

static bool wait_alive(void)
{
    uint64_t start = get_s_time();

    while (!ap_alive)
        if (get_s_time() - start > AP_START_TIMEOUT_MS * 1000000ULL)
            return false;
        else
            cpu_relax();
    return true;
}

/* INIT holds a CPU until a startup IPI, whatever it was doing. */
static bool send_init(uint32_t apic_id)
{
    return apic_send_ipi(apic_id, APIC_ICR_DM_INIT | APIC_ICR_LEVEL_ASSERT |
                                  APIC_ICR_TRIGGER_LEVEL) &&
           apic_send_ipi(apic_id, APIC_ICR_DM_INIT | APIC_ICR_TRIGGER_LEVEL);
}

/* INIT, then two startup IPIs naming the trampoline's page. */
static bool wake(uint32_t apic_id)
{
    uint32_t sipi = APIC_ICR_DM_STARTUP | (TRAMPOLINE_PHYS >> PAGE_SHIFT);

    if (!send_init(apic_id))
        return false;
    time_udelay(INIT_DEASSERT_DELAY_US);
    for (int i = 0; i < 2 && !ap_alive; i++) {
        if (!apic_send_ipi(apic_id, sipi))
            return false;
        time_udelay(SIPI_DELAY_US);
    }
    return wait_alive();
}

/*
 * The AP read its TSC after the boot CPU sent INIT and before the boot
 * CPU saw it alive: with the TSCs in step it must lie between the two.
 * Time (get_s_time) is the boot CPU's TSC, so a CPU outside the window
 * would see time jump once it runs guests.
 */
static void check_tsc(unsigned int cpu, uint64_t before, uint64_t after)
{
    if (ap_tsc < before)
        printk(XENLOG_WARNING "CPU%u: TSC behind CPU0's by at least %lu ticks\n", cpu,
               (unsigned long)(before - ap_tsc));
    else if (ap_tsc > after)
        printk(XENLOG_WARNING "CPU%u: TSC ahead of CPU0's by at least %lu ticks\n", cpu,
               (unsigned long)(ap_tsc - after));
}

static bool start_ap(unsigned int cpu, uint32_t apic_id)
{
    uint64_t before;
    bool up;

    if (!cpu_alloc_secondary(&cpu_tables[cpu], cpu)) {
        printk(XENLOG_ERR "CPU%u (APIC id %#x): no memory for its stack and tables: left out\n",
               cpu, apic_id);
        return false;
    }
    ap_stack_top = cpu_secondary_stack(&cpu_tables[cpu]);
    pcpu_of_stack(ap_stack_top)->cpu_id = cpu;
    ap_alive = false;
    ap_starting = cpu;
    before = rdtsc_ordered();
    up = wake(apic_id);
    ap_starting = ~0u;
    if (!up) {
        /*
         * Held in INIT, it cannot wake late on the next AP's stack.  Its
         * own stays allocated all the same, should the INIT not arrive.
         */
        send_init(apic_id);
        printk(XENLOG_ERR "CPU%u (APIC id %#x) did not start: left out\n", cpu, apic_id);
        return false;
    }
    check_tsc(cpu, before, rdtsc_ordered());
    online_apic_id[cpu] = apic_id;
    cpu_pcpu[cpu] = pcpu_of_stack(ap_stack_top);
    printk(XENLOG_INFO "CPU%u: APIC id %#x online\n", cpu, apic_id);
    return true;
}

/* How many CPUs to run: maxcpus= counts the boot CPU; 0 means just it. */
static unsigned int cpu_limit(unsigned int listed)
{
    unsigned int limit = opt_nosmp ? 1 : max(opt_maxcpus, 1u);

    if (listed > MAX_PHYS_CPUS && limit > MAX_PHYS_CPUS)
        printk(XENLOG_WARNING "SMP: %u CPUs listed, minixen runs at most %u\n",
               listed, MAX_PHYS_CPUS);
    return min(limit, (unsigned int)MAX_PHYS_CPUS);
}

void smp_boot_cpus(void)
{
    const struct acpi_madt_info *m = acpi_madt();
    uint32_t self = apic_local_id();
    unsigned int i, limit, listed = m ? max(m->nr_cpus, 1u) : 1;

    online_apic_id[0] = self;
    limit = cpu_limit(listed);
    if (!m)
        printk(XENLOG_WARNING "SMP: no MADT: the boot CPU only\n");
    else if (listed > 1 && limit > 1 && !trampoline_page_usable())
        printk(XENLOG_ERR "SMP: page %#x is not free for the trampoline: the boot CPU only\n",
               TRAMPOLINE_PHYS);
    else if (listed > 1 && limit > 1)
        trampoline_install();
    for (i = 0; m && i < m->nr_cpus && nr_online < limit && trampoline_page_usable(); i++)
        if (m->cpu[i].apic_id != self && start_ap(nr_online, m->cpu[i].apic_id))
            nr_online++;
    if (listed > nr_online)
        printk(XENLOG_INFO "SMP: %u of %u CPUs not started (%s)\n", listed - nr_online,
               listed, opt_nosmp ? "nosmp" : limit < listed ? "maxcpus" : "failed");
    printk("Brought up %u CPUs\n", nr_online);
    smp_keyhandler_init();
}
