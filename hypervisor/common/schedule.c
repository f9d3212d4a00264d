/*
 * The scheduler: runnable vCPUs take turns, each running until it yields,
 * blocks or shuts down (preemption arrives with the scheduling issue).
 * With nothing runnable the CPU idles with interrupts on until an event
 * wakes someone; with every domain shut down the machine powers off.
 */
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/boot.h>
#include <public/sched.h>
#include <asm/traps.h>
#include <asm/power.h>
#include <asm/time.h>
#include <asm/apic.h>

/* Exit-value bit shared by every shutdown reason past SHUTDOWN_MAX. */
#define SHUTDOWN_MASK_OTHER 6u

/* Period of the timer tick that keeps guests' system time fresh. */
#define TICK_NS (10 * NSEC_PER_MSEC)

struct vcpu *current;

static bool any_blocked(void)
{
    unsigned int i;

    for (i = 0; i < MAX_DOMAINS; i++)
        if (domain_list[i] && domain_list[i]->vcpu0.state == VCPU_BLOCKED)
            return true;
    return false;
}

/* The next runnable vCPU after current, round robin; NULL if none. */
static struct vcpu *pick_next(void)
{
    unsigned int start = current ? current->domain->domain_id + 1 : 0;
    unsigned int i;

    for (i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_list[(start + i) % MAX_DOMAINS];
        if (d && d->vcpu0.state == VCPU_RUNNABLE)
            return &d->vcpu0;
    }
    return NULL;
}

/* Every frame the domains had is back: nothing owned, nothing leaked. */
static void memory_check(void)
{
    const struct frame_census *b = &census_before_domains;
    struct frame_census now;

    frame_table_census(&now);
    printk("memory: %lu frames free now; %lu before the domains were built, "
           "plus %lu boot-module frames released\n", now.free, b->free,
           boot_module_frames_freed);
    if (now.domains == 0 && now.free == b->free + boot_module_frames_freed &&
        now.xen + boot_module_frames_freed == b->xen)
        printk("memory check: OK, every domain's memory was returned\n");
    else
        printk(XENLOG_ERR "memory check: FAILED (%lu frames still with domains, "
               "%lu with the hypervisor, %lu before)\n", now.domains, now.xen, b->xen);
}

/*
 * With one domain the exit value is its shutdown code; with several, a
 * bitmask of the reasons seen (bit 1 << reason; reasons past
 * SHUTDOWN_MAX share bit SHUTDOWN_MASK_OTHER), so a test learns about
 * every domain.
 */
void __attribute__((noreturn)) machine_power_off_all(void)
{
    unsigned int i, n = 0, mask = 0, code = EXIT_NO_DOMAIN;

    for (i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_list[i];
        if (!d)
            continue;
        printk("domain %u (%s): %s\n", d->domain_id, d->name,
               shutdown_reason_name(d->shutdown_reason));
        mask |= 1u << min(d->shutdown_reason, SHUTDOWN_MASK_OTHER);
        code = d->shutdown_reason;
        n++;
    }
    frame_table_audit();
    memory_check();
    printk("All domains have shut down: powering off\n");
    machine_power_off(n > 1 ? mask : code);
}

/* Wait, interrupts on, until an event makes a blocked vCPU runnable. */
static struct vcpu *idle_until_runnable(void)
{
    struct vcpu *next;

    while (!(next = pick_next())) {
        if (!any_blocked())
            machine_power_off_all();
        asm volatile ("sti; hlt; cli" ::: "memory");
    }
    return next;
}

/* Guests' view of time, refreshed before they run and on every tick. */
static void update_guest_time(struct vcpu *v)
{
    time_fill_vcpu_info(&v->vcpu_info->time);
}

void timer_expired(void)
{
    if (current)
        update_guest_time(current);
    apic_timer_arm(get_s_time() + TICK_NS);
}

void schedule(void)
{
    struct vcpu *next = pick_next();

    if (!next)
        next = idle_until_runnable();
    if (next != current)
        arch_context_switch(current, next);
    current = next;
    update_guest_time(next);
    reset_stack_and_return_to_guest();
}

void vcpu_wake(struct vcpu *v)
{
    if (v->state == VCPU_BLOCKED)
        v->state = VCPU_RUNNABLE;
}

/*
 * Set when the current vCPU should give up the CPU once its hypercall is
 * complete (entry.S checks it after storing the result), so that a yield
 * or block inside a multicall still lets the rest of the batch run first.
 */
bool sched_pending;

/* Called by entry.S after a hypercall that asked for a reschedule. */
void __attribute__((noreturn)) schedule_after_hypercall(void)
{
    sched_pending = false;
    schedule();
}

/* Let the next runnable vCPU run (SCHEDOP_yield). */
void vcpu_yield(struct vcpu *v)
{
    (void)v;
    sched_pending = true;
}

/*
 * Block the current vCPU (SCHEDOP_block) unless an event is already
 * pending; it stops running when the hypercall completes, until woken.
 */
void vcpu_block(struct vcpu *v)
{
    if (v->vcpu_info->evtchn_upcall_pending)
        return;
    v->state = VCPU_BLOCKED;
    sched_pending = true;
}
