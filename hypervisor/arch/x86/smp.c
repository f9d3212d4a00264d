/*
 * Inter-processor calls: run a function on another CPU and wait for it
 * (Xen's on_selected_cpus() for one CPU), and the 'd' debug key built on
 * them, which shows where every CPU is.
 *
 * One call is in flight at a time (call_lock).  It goes into the
 * target's struct pcpu with a sequence number, and the target runs it
 * from CALL_FUNCTION_VECTOR's interrupt, with the frame it interrupted,
 * then marks that number done.  A target that did not answer in time
 * still has its call pending: it is not given another until it answers,
 * so a late answer can neither run a newer call's function with stale
 * arguments nor pass for another call's completion.
 */
#include <minixen/lib.h>
#include <minixen/spinlock.h>
#include <minixen/printk.h>
#include <minixen/keyhandler.h>
#include <minixen/sched.h>
#include <asm/x86.h>
#include <asm/apic.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <asm/smp.h>

#define CALL_TIMEOUT_MS     1000

static DEFINE_SPINLOCK(call_lock);
static unsigned long call_seq;

void smp_call_function_interrupt(const struct cpu_user_regs *regs)
{
    struct pcpu *pc = this_cpu();
    unsigned long seq = __atomic_load_n(&pc->call.seq, __ATOMIC_ACQUIRE);

    apic_eoi();
    if (seq == pc->call.done)
        return;                 /* a second IPI for a call already run */
    pc->call.fn(pc->call.arg, regs);
    __atomic_store_n(&pc->call.done, seq, __ATOMIC_RELEASE);
}

static bool wait_done(const struct pcpu *pc, unsigned long seq)
{
    uint64_t start = get_s_time();

    while (__atomic_load_n(&pc->call.done, __ATOMIC_ACQUIRE) != seq)
        if (get_s_time() - start > CALL_TIMEOUT_MS * 1000000ULL)
            return false;
        else
            smp_relax();            /* the target may be shooting at us */
    return true;
}

/* Under call_lock: false if the CPU still owes an earlier call. */
static bool post_call(struct pcpu *pc, smp_call_fn_t *fn, void *arg, unsigned long seq)
{
    if (__atomic_load_n(&pc->call.done, __ATOMIC_ACQUIRE) != pc->call.seq)
        return false;
    pc->call.fn = fn;
    pc->call.arg = arg;
    __atomic_store_n(&pc->call.seq, seq, __ATOMIC_RELEASE);
    return true;
}

bool smp_call_function_single(unsigned int cpu, smp_call_fn_t *fn, void *arg)
{
    struct pcpu *pc;
    bool ok;

    if (cpu == smp_processor_id() || cpu >= smp_nr_online())
        return false;
    pc = cpu_pcpu[cpu];
    spin_lock(&call_lock);
    ok = post_call(pc, fn, arg, ++call_seq) &&
         apic_send_ipi(smp_apic_id(cpu), CALL_FUNCTION_VECTOR) && wait_done(pc, call_seq);
    spin_unlock(&call_lock);
    return ok;
}

/* ---- Event checks ---- */

/*
 * The IPI only interrupts the CPU: its handler runs what is due on the
 * CPU's timer queue, and the way back to a guest (or the idle loop)
 * looks at the run queue.
 */
void smp_send_event_check(unsigned int cpu)
{
    if (cpu != smp_processor_id() && cpu < smp_nr_online())
        apic_send_ipi(smp_apic_id(cpu), EVENT_CHECK_VECTOR);
}

void smp_event_check_interrupt(void)
{
    apic_eoi();
    smp_event_check_others();
    timer_softirq();
}

/* ---- TLB shootdowns ---- */

/*
 * The shootdown in flight (under flush_lock): its targets' bits, each
 * cleared by its CPU once it has flushed.
 */
static DEFINE_SPINLOCK(flush_lock);
static unsigned long flush_pending;

#define FLUSH_TIMEOUT_NS    1000000000ULL

unsigned long smp_online_mask(void)
{
    unsigned int n = smp_nr_online();

    return n >= 64 ? ~0UL : (1UL << n) - 1;
}

void smp_flush_answer(void)
{
    unsigned long me = smp_this_cpu_mask();

    if (!(__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE) & me))
        return;
    flush_tlb_local();
    __atomic_fetch_and(&flush_pending, ~me, __ATOMIC_RELEASE);
}

void smp_invalidate_interrupt(void)
{
    apic_eoi();
    smp_flush_answer();
}

static void send_flush_ipis(unsigned long targets)
{
    for (unsigned int cpu = 0; targets; cpu++, targets >>= 1)
        if (targets & 1)
            apic_send_ipi(smp_apic_id(cpu), INVALIDATE_TLB_VECTOR);
}

/*
 * Under flush_lock: until every target has flushed.  A shootdown is never
 * given up (a stale entry would outlive it), as on Xen; a CPU slow to
 * answer is named once a second meanwhile.  False if one was that slow.
 */
static bool wait_flushed(void)
{
    uint64_t start = get_s_time(), warned = start;
    unsigned long late;
    bool prompt = true;

    while ((late = __atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE))) {
        if (get_s_time() - warned > FLUSH_TIMEOUT_NS) {
            printk(XENLOG_ERR "TLB shootdown: CPUs %#lx have not answered for %lu ms\n",
                   late, (unsigned long)((get_s_time() - start) / 1000000));
            warned = get_s_time();
            prompt = false;
        }
        cpu_relax();
    }
    return prompt;
}

bool flush_tlb_mask(unsigned long mask)
{
    unsigned long me = smp_this_cpu_mask(), others = mask & ~me;
    bool answered;

    if (mask & me)
        flush_tlb_local();
    if (others)                 /* most flushes have none: no count of CPUs */
        others &= smp_online_mask();
    if (!others)
        return true;
    /* Not spin_lock(): the holder may be shooting at us. */
    while (!spin_trylock(&flush_lock))
        smp_relax();
    __atomic_store_n(&flush_pending, others, __ATOMIC_RELEASE);
    send_flush_ipis(others);
    answered = wait_flushed();
    spin_unlock(&flush_lock);
    return answered;
}

/* ---- selftest_tlb: what a shootdown costs ---- */

#define SELFTEST_ROUNDS     1000

static void time_shootdowns(unsigned int n)
{
    unsigned long mask = ((1UL << n) - 1) << 1;     /* CPUs 1..n */
    uint64_t t0 = rdtsc_ordered();
    unsigned int i;

    for (i = 0; i < SELFTEST_ROUNDS; i++)
        if (!flush_tlb_mask(mask))
            break;
    if (i < SELFTEST_ROUNDS) {
        printk(XENLOG_ERR "TLB shootdown to %u other CPUs: FAILED, a CPU took over a second "
               "(shootdown %u)\n", n, i);
        return;
    }
    printk("bench: tlb_shootdown_%u %lu ticks/flush\n", n,
           (unsigned long)((rdtsc_ordered() - t0) / SELFTEST_ROUNDS));
}

/* Run on CPU 1, from the call's interrupt: aims at CPU 0, which waits for the call. */
static void shoot_back(void *arg, const struct cpu_user_regs *regs)
{
    (void)regs;
    *(bool *)arg = flush_tlb_mask(1UL << 0);
}

void smp_tlb_selftest(void)
{
    unsigned int others = smp_nr_online() - 1, n;
    bool answered = false;

    for (n = 1; n <= others; n *= 2)
        time_shootdowns(n);
    if (others && smp_call_function_single(1, shoot_back, &answered))
        printk("TLB shootdown from CPU1 to a waiting CPU0: %s\n",
               answered ? "answered" : "FAILED");
    printk("TLB shootdown selftest: done, other CPUs: %u\n", others);
}

/* ---- 'd': every CPU's state ---- */

static void dump_this_cpu(void *arg, const struct cpu_user_regs *regs)
{
    (void)arg;
    printk("*** Dumping CPU%u host state: ***\n", smp_processor_id());
    show_registers(regs);
    show_backtrace(regs->rip, regs->rbp);
}

/* The CPU at the console has no interrupted frame of its own: its guest's. */
static void dump_console_cpu(void)
{
    const struct vcpu *v = this_cpu()->curr;
    unsigned long here;

    asm volatile ("lea (%%rip), %0" : "=r" (here));
    printk("*** Dumping CPU%u host state: ***\n", smp_processor_id());
    printk("(handling this debug key)\n");
    show_backtrace(here, (unsigned long)__builtin_frame_address(0));
    if (v && !this_cpu()->idling) {
        printk("*** Dumping CPU%u guest state (d%uv%u): ***\n", smp_processor_id(),
               v->domain->domain_id, v->vcpu_id);
        show_registers(guest_cpu_regs());
    }
}

static void dump_registers(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> dumping registers\n", key);
    dump_console_cpu();
    for (cpu = 0; cpu < smp_nr_online(); cpu++)
        if (cpu != smp_processor_id() && !smp_call_function_single(cpu, dump_this_cpu, NULL))
            printk("CPU%u did not answer\n", cpu);
}

void smp_keyhandler_init(void)
{
    register_keyhandler('d', dump_registers, "dump registers");
}
