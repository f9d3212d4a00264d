/*
 * Inter-processor calls: run a function on another CPU and wait for it
 * (Xen's on_selected_cpus() for one CPU), and the 'd' debug key built on
 * them, which shows where every CPU is.
 *
 * One call is in flight at a time (call_lock); the target runs it from
 * CALL_FUNCTION_VECTOR's interrupt, with the frame it interrupted.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/keyhandler.h>
#include <minixen/sched.h>
#include <asm/x86.h>
#include <asm/apic.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <asm/smp.h>

#define CALL_TIMEOUT_MS     1000

static bool call_lock;
static smp_call_fn_t *call_fn;
static void *call_arg;
static bool call_done;

void smp_call_function_interrupt(const struct cpu_user_regs *regs)
{
    apic_eoi();
    call_fn(call_arg, regs);
    __atomic_store_n(&call_done, true, __ATOMIC_RELEASE);
}

static bool wait_done(void)
{
    uint64_t start = get_s_time();

    while (!__atomic_load_n(&call_done, __ATOMIC_ACQUIRE))
        if (get_s_time() - start > CALL_TIMEOUT_MS * 1000000ULL)
            return false;
        else
            cpu_relax();
    return true;
}

bool smp_call_function_single(unsigned int cpu, smp_call_fn_t *fn, void *arg)
{
    bool ok;

    if (cpu == smp_processor_id() || cpu >= smp_nr_online())
        return false;
    while (__atomic_exchange_n(&call_lock, true, __ATOMIC_ACQUIRE))
        cpu_relax();
    call_fn = fn;
    call_arg = arg;
    call_done = false;
    ok = apic_send_ipi(smp_apic_id(cpu), CALL_FUNCTION_VECTOR) && wait_done();
    __atomic_store_n(&call_lock, false, __ATOMIC_RELEASE);
    return ok;
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
