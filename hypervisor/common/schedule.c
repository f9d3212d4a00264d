/*
 * Scheduling mechanics: switching vCPUs, blocking and waking, runstate
 * bookkeeping, the time slice and the credit accounting period.  The
 * policy (who runs next) is common/sched_credit.c.
 *
 * There is one hypervisor stack per CPU and no hypervisor threads, so a
 * vCPU never sleeps inside the hypervisor: a hypercall that blocks or
 * yields only marks the CPU (raise_schedule()), and the switch happens
 * on the way back to the guest (entry.S checks sched_pending on every
 * return path), after the hypercall stored its result.  A long hypercall
 * gives way through a continuation instead.  The CPU idles in hlt with
 * interrupts on when nothing may run; with every domain shut down the
 * machine powers off.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/sched_credit.h>
#include <minixen/guest_access.h>
#include <minixen/hypercall.h>
#include <minixen/boot.h>
#include <public/sched.h>
#include <asm/traps.h>
#include <asm/power.h>
#include <asm/time.h>

/* Exit-value bit shared by every shutdown reason past SHUTDOWN_MAX. */
#define SHUTDOWN_MASK_OTHER 6u

_Static_assert(offsetof(struct pcpu, sched_pending) == PCPU_SCHED_PENDING,
               "entry.S reads sched_pending at PCPU_SCHED_PENDING");
_Static_assert(sizeof(struct pcpu) <= PCPU_AREA_SIZE && PCPU_AREA_SIZE % 16 == 0,
               "struct pcpu fits the top of a stack block, which keeps frames aligned");

unsigned int opt_tslice_ms = CREDIT_DEFAULT_TSLICE_MS;
static struct timer accounting_timer;

static uint64_t tslice_ns(void)
{
    return (uint64_t)opt_tslice_ms * NSEC_PER_MSEC;
}

void raise_schedule(void)
{
    this_cpu()->sched_pending = true;
}

bool vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return !v->pause_flags && !v->pause_count && !d->pause_count && !d->is_shutdown;
}

/* Runnable, blocked, or offline (down or paused), as Xen reports it. */
static int runstate_for(const struct vcpu *v)
{
    if (v->pause_flags & VPF_blocked)
        return RUNSTATE_blocked;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

void vcpu_runstate_change(struct vcpu *v, int new_state, uint64_t now)
{
    struct vcpu_runstate_info *r = &v->runstate;

    runstate_accrue(r, now);
    r->state = new_state;
    r->state_entry_time = now;
}

/*
 * Write the guest's registered runstate copy.  With runstate_update_flag
 * the copy carries XEN_RUNSTATE_UPDATE in state_entry_time from before
 * any field changes until after the last one has, as on Xen.  False if
 * the area is not mapped in the address space now loaded.
 */
static bool write_runstate_area(const struct vcpu *v, unsigned long area)
{
    bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    struct vcpu_runstate_info r = v->runstate;
    unsigned long entry_field = area + offsetof(struct vcpu_runstate_info, state_entry_time);

    if (!flag)
        return !raw_copy_to_guest(area, &r, sizeof(r));
    r.state_entry_time |= XEN_RUNSTATE_UPDATE;
    if (raw_copy_to_guest(entry_field, &r.state_entry_time, sizeof(r.state_entry_time)) ||
        raw_copy_to_guest(area, &r, sizeof(r)))
        return false;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    return !raw_copy_to_guest(entry_field, &v->runstate.state_entry_time,
                              sizeof(v->runstate.state_entry_time));
}

/*
 * A vCPU switched in while in user mode may not see its kernel's area:
 * then the copy is retried when it next enters kernel mode (the arch
 * layer calls vcpu_runstate_area_pending_retry()), as Xen does.
 */
void vcpu_update_runstate_area(struct vcpu *v)
{
    if (v->runstate_guest)
        v->runstate_area_pending = !write_runstate_area(v, v->runstate_guest);
}

static void slice_expired(void *data)
{
    (void)data;
    raise_schedule();
}

/* The running vCPU pays for its time so far. */
static void charge_current(struct pcpu *pc, uint64_t now)
{
    if (pc->curr && !pc->idling)
        credit_debit(pc->curr, now - pc->curr_since);
    pc->curr_since = now;
}

static bool domain_wants_cpu(const struct domain *d)
{
    const struct vcpu *v;

    for_each_vcpu(d, v)
        if (vcpu_runnable(v))
            return true;
    return false;
}

/* Active: a domain with a vCPU runnable now wants CPU time this period. */
static void accounting_period(void *data)
{
    /* Static: too big for the stack, and there is one CPU. */
    static struct domain *doms[MAX_DOMAINS];
    static bool active[MAX_DOMAINS];
    bool any = false;
    unsigned int n = 0;
    uint64_t now = get_s_time();
    struct domain *d;

    (void)data;
    charge_current(this_cpu(), now);
    for_each_domain(d) {
        if (d->is_dying || n == MAX_DOMAINS)
            continue;
        doms[n] = d;
        active[n] = domain_wants_cpu(d);
        any |= active[n++];
    }
    credit_account(doms, active, n, tslice_ns(), NR_CPUS);
    credit_runq_resort(&this_cpu()->runq);
    if (any)
        set_timer(&accounting_timer, now + tslice_ns());
    /* Capped vCPUs may run again, and priorities changed. */
    raise_schedule();
}

static void start_accounting(uint64_t now)
{
    if (!timer_is_active(&accounting_timer))
        set_timer(&accounting_timer, now + tslice_ns());
}

void vcpu_wake(struct vcpu *v)
{
    struct pcpu *pc = this_cpu();
    uint64_t now;

    if (!vcpu_runnable(v) || (v == pc->curr && !pc->idling) || v->sched.on_runq)
        return;
    now = get_s_time();
    vcpu_runstate_change(v, RUNSTATE_runnable, now);
    credit_wake(v);
    credit_runq_insert(&pc->runq, v);
    start_accounting(now);
    if (credit_preempts(v, pc->curr))
        raise_schedule();
}

void vcpu_sleep(struct vcpu *v, unsigned int pause_flag)
{
    struct pcpu *pc = this_cpu();

    v->pause_flags |= pause_flag;
    if (v == pc->curr) {
        raise_schedule();           /* its runstate changes at the switch */
        return;
    }
    credit_runq_remove(&pc->runq, v);
    vcpu_runstate_change(v, runstate_for(v), get_s_time());
}

void vcpu_unblock(struct vcpu *v)
{
    if (!(v->pause_flags & VPF_blocked))
        return;
    v->pause_flags &= ~VPF_blocked;
    vcpu_wake(v);
}

/* Xen's order: unmask, block, then look for an event already pending. */
void vcpu_block_enable_events(void)
{
    struct vcpu *v = current;

    __atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    v->pause_flags |= VPF_blocked;
    if (__atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        v->pause_flags &= ~VPF_blocked;
    else
        raise_schedule();
}

void vcpu_yield(void)
{
    current->sched.yielded = true;
    raise_schedule();
}

void vcpu_kick(struct vcpu *v)
{
    vcpu_unblock(v);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    if (!__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        vcpu_kick(v);
}

/* A poller of this port, or of several, wakes; it rechecks its ports itself. */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
    unsigned int i;

    if (!d->nr_polling)
        return;
    for (i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        if (v && v->polling && (v->poll_port <= 0 || (evtchn_port_t)v->poll_port == port))
            vcpu_unblock(v);
    }
}

void vcpu_init(struct domain *d, struct vcpu *v, unsigned int id)
{
    v->vcpu_id = id;
    v->domain = d;
    v->pause_flags = VPF_down;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = get_s_time();
    d->vcpu[id] = v;
}

void vcpu_bring_up(struct vcpu *v)
{
    v->pause_flags &= ~VPF_down;
    vcpu_wake(v);
}

/* ---- Switching ---- */

static bool any_vcpu_waiting(void)
{
    const struct domain *d;
    const struct vcpu *v;

    for_each_domain(d)
        for_each_vcpu(d, v)
            if (!d->is_shutdown && !(v->pause_flags & VPF_down))
                return true;
    return false;
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
    unsigned int n = 0, mask = 0, code = EXIT_NO_DOMAIN;
    struct domain *d;

    for_each_domain(d) {
        printk("domain %u (%s): %s\n", d->domain_id, d->name,
               shutdown_reason_name(d->shutdown_reason));
        mask |= 1u << min(d->shutdown_reason, SHUTDOWN_MASK_OTHER);
        code = d->shutdown_reason;
        n++;
    }
    domain_free_all_destroyed();        /* their structs are hypervisor heap too */
    frame_table_audit();
    memory_check();
    printk("All domains have shut down: powering off\n");
    machine_power_off(n > 1 ? mask : code);
}

/*
 * Halt, interrupts on, until a timer or an interrupt makes a vCPU
 * runnable.  curr stays set meanwhile (its address space is still loaded,
 * so a domain destroyed now leaves it properly) but counts as not running.
 * Free frames left dirty by their last owner are zeroed first, one at a
 * time with a window for interrupts after each (sti takes effect after
 * the next instruction), as Xen's idle loop scrubs: the next domain built
 * then finds its memory already clean.
 */
static struct vcpu *idle_until_runnable(struct pcpu *pc)
{
    struct vcpu *next;

    stop_timer(&pc->slice_timer);
    pc->idling = true;
    while (!(next = credit_runq_pick(&pc->runq))) {
        if (!any_vcpu_waiting())
            machine_power_off_all();
        if (mm_scrub_one())
            asm volatile ("sti; nop; cli" ::: "memory");
        else
            asm volatile ("sti; hlt; cli" ::: "memory");
    }
    pc->idling = false;
    return next;
}

/* The running vCPU leaves the CPU: charge it and queue it if it may go on. */
static void deschedule(struct pcpu *pc, struct vcpu *prev, uint64_t now)
{
    charge_current(pc, now);
    vcpu_runstate_change(prev, runstate_for(prev), now);
    if (vcpu_runnable(prev) && prev->sched.yielded)
        credit_runq_insert_yielded(&pc->runq, prev);
    else if (vcpu_runnable(prev))
        credit_runq_insert(&pc->runq, prev);
    prev->sched.yielded = false;
}

/* A poll ends when its vCPU runs again, whatever woke it. */
static void end_poll(struct vcpu *v)
{
    if (v->polling) {
        v->polling = false;
        v->domain->nr_polling--;
        stop_timer(&v->poll_timer);
    }
}

/* Nothing else may run and prev may go on: it keeps the CPU. */
static bool keep_running(struct pcpu *pc, struct vcpu *prev)
{
    return prev && vcpu_runnable(prev) && credit_may_run(prev) &&
           credit_runq_empty(&pc->runq);
}

/* A new slice, so a vCPU woken later without priority still gets its turn. */
static void renew_slice(struct pcpu *pc)
{
    uint64_t now = get_s_time();

    charge_current(pc, now);
    if (!timer_is_active(&pc->slice_timer))
        set_timer(&pc->slice_timer, now + tslice_ns());
}

void schedule(void)
{
    struct pcpu *pc = this_cpu();
    struct vcpu *prev = pc->curr, *next;
    uint64_t now;

    hypercall_abandon();
    pc->sched_pending = false;
    if (keep_running(pc, prev)) {
        prev->sched.yielded = false;
        renew_slice(pc);
        reset_stack_and_return_to_guest();
    }
    now = get_s_time();
    if (prev)
        deschedule(pc, prev, now);
    next = credit_runq_pick(&pc->runq);
    if (!next)
        next = idle_until_runnable(pc);
    prev = pc->curr;                /* NULL if its domain died meanwhile */
    pc->sched_pending = false;
    now = get_s_time();
    vcpu_runstate_change(next, RUNSTATE_running, now);
    pc->curr_since = now;
    set_timer(&pc->slice_timer, now + tslice_ns());
    start_accounting(now);
    if (next != prev)
        arch_context_switch(prev, next);
    pc->curr = next;
    end_poll(next);
    time_fill_vcpu_info(&next->vcpu_info->time);
    vcpu_update_runstate_area(next);
    reset_stack_and_return_to_guest();
}

/* Called by entry.S when sched_pending is set on the way to a guest. */
void __attribute__((noreturn)) schedule_after_hypercall(void)
{
    schedule();
}

/* Xen's bounds for the credit scheduler's slice (XEN_SYSCTL_CSCHED_TSLICE_*). */
#define TSLICE_MIN_MS 1
#define TSLICE_MAX_MS 1000

void scheduler_init(void)
{
    if (opt_tslice_ms < TSLICE_MIN_MS || opt_tslice_ms > TSLICE_MAX_MS) {
        printk(XENLOG_WARNING "sched_credit_tslice_ms=%u out of range %u-%u: using %u\n",
               opt_tslice_ms, TSLICE_MIN_MS, TSLICE_MAX_MS, CREDIT_DEFAULT_TSLICE_MS);
        opt_tslice_ms = CREDIT_DEFAULT_TSLICE_MS;
    }
    printk(XENLOG_INFO "Scheduler: credit, time slice %u ms\n", opt_tslice_ms);
    init_timer(&this_cpu()->slice_timer, slice_expired, NULL, this_cpu()->cpu_id);
    init_timer(&accounting_timer, accounting_period, NULL, 0);
}

void sched_destroy_domain(struct domain *d)
{
    unsigned int i;

    for (i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        if (!v)
            continue;
        credit_runq_remove(&this_cpu()->runq, v);
        kill_timer(&v->singleshot_timer);
        kill_timer(&v->periodic_timer);
        kill_timer(&v->poll_timer);
    }
    for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
        kill_timer(&d->watchdog_timer[i]);
}

static const char *const prio_names[] = { "boost", "under", "over" };

static void dump_vcpu(const struct vcpu *v, const char *where)
{
    printk("  %s d%u v%u: %s, credit %ld us, pause flags %#x, runstate %d\n",
           where, v->domain->domain_id, v->vcpu_id, prio_names[v->sched.prio],
           (long)(v->sched.credit / (int64_t)NSEC_PER_USEC), v->pause_flags,
           v->runstate.state);
}

void sched_dump_runqueues(void)
{
    struct pcpu *pc = this_cpu();
    const struct vcpu *v;

    printk("Scheduler: credit, time slice %u ms\n", opt_tslice_ms);
    printk("CPU%u:\n", pc->cpu_id);
    if (pc->curr)
        dump_vcpu(pc->curr, "running ");
    for (v = pc->runq.head; v; v = v->sched.runq_next)
        dump_vcpu(v, "runnable");
}
