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
#include <minixen/grace.h>
#include <asm/smp.h>
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

/* ---- Locks and CPUs ---- */

/*
 * The lock of the CPU v belongs to, held: v->processor changes only under
 * the lock of the CPU it leaves, so the CPU is looked at again once the
 * lock is held, as Xen's vcpu_schedule_lock() does.
 */
static struct pcpu *vcpu_sched_lock(const struct vcpu *v)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);
        struct pcpu *pc = cpu_pcpu[cpu];

        spin_lock(&pc->sched_lock);
        if (v->processor == cpu)
            return pc;
        spin_unlock(&pc->sched_lock);
    }
}

/* pc reschedules before it next enters a guest: this CPU, or another by IPI. */
static void kick_cpu(struct pcpu *pc)
{
    __atomic_store_n(&pc->sched_pending, true, __ATOMIC_RELEASE);
    if (pc != this_cpu())
        smp_send_event_check(pc->cpu_id);
}

/* The accounting period reorders every queue: every CPU's lock, in CPU order. */
static void lock_all_cpus(void)
{
    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++)
        spin_lock(&cpu_pcpu[cpu]->sched_lock);
}

static void unlock_all_cpus(void)
{
    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++)
        spin_unlock(&cpu_pcpu[cpu]->sched_lock);
}

/* The running vCPU pays for its time so far (under pc's lock). */
static void charge_current(struct pcpu *pc, uint64_t now)
{
    if (pc->curr && pc->curr->sched.running)
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

/* Before new credit: each running vCPU pays for its time so far. */
static void charge_all_cpus(void)
{
    uint64_t now = get_s_time();

    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++)
        charge_current(cpu_pcpu[cpu], now);
}

/* After new credit: each queue in its new order, and each CPU looks again. */
static void resort_all_cpus(void)
{
    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++) {
        struct pcpu *pc = cpu_pcpu[cpu];

        credit_runq_resort(&pc->runq);
        if ((pc->curr && pc->curr->sched.running) || !credit_runq_empty(&pc->runq))
            kick_cpu(pc);
    }
}

/*
 * Active: a domain with a vCPU runnable now wants CPU time this period.
 * The arrays are static (too big for the stack): the accounting timer
 * runs on one CPU.
 */
static void accounting_period(void *data)
{
    static struct domain *doms[MAX_DOMAINS];
    static bool active[MAX_DOMAINS];
    bool any = false;
    unsigned int n = 0;
    struct domain *d;

    (void)data;
    lock_all_cpus();
    charge_all_cpus();
    for_each_domain(d) {
        if (d->is_dying || n == MAX_DOMAINS)
            continue;
        doms[n] = d;
        active[n] = domain_wants_cpu(d);
        any |= active[n++];
    }
    credit_account(doms, active, n, tslice_ns(), smp_nr_online());
    resort_all_cpus();
    unlock_all_cpus();
    if (any)
        set_timer(&accounting_timer, get_s_time() + tslice_ns());
}

static void start_accounting(uint64_t now)
{
    if (!timer_is_active(&accounting_timer))
        set_timer(&accounting_timer, now + tslice_ns());
}

/* ---- Sleeping and waking ---- */

void vcpu_wake(struct vcpu *v)
{
    struct pcpu *pc = vcpu_sched_lock(v);
    bool queued = false;
    uint64_t now = get_s_time();

    if (vcpu_runnable(v) && !v->sched.running && !v->sched.on_runq) {
        vcpu_runstate_change(v, RUNSTATE_runnable, now);
        credit_wake(v);
        credit_runq_insert(&pc->runq, v);
        queued = true;
        if (pc->idling || credit_preempts(v, pc->curr))
            kick_cpu(pc);
    }
    spin_unlock(&pc->sched_lock);
    if (queued)
        start_accounting(now);
}

void vcpu_sleep(struct vcpu *v, unsigned int pause_flag)
{
    struct pcpu *pc = vcpu_sched_lock(v);

    __atomic_fetch_or(&v->pause_flags, pause_flag, __ATOMIC_SEQ_CST);
    if (v->sched.running)
        kick_cpu(pc);               /* its runstate changes at the switch */
    else if (!vcpu_runnable(v)) {
        credit_runq_remove(&pc->runq, v);
        vcpu_runstate_change(v, runstate_for(v), get_s_time());
    }
    spin_unlock(&pc->sched_lock);
}

/* Whether v is off every CPU: not running, its registers saved. */
static bool vcpu_off_cpu(struct vcpu *v)
{
    struct pcpu *pc = vcpu_sched_lock(v);
    bool off = !v->sched.running && !v->context_loaded;

    if (!off && !v->sched.running)
        pc->unload_wanted = v;      /* it idles with v still loaded */
    spin_unlock(&pc->sched_lock);
    if (!off && pc != this_cpu())
        smp_send_event_check(pc->cpu_id);
    return off;
}

void vcpu_sleep_sync(struct vcpu *v, unsigned int pause_flag)
{
    vcpu_sleep(v, pause_flag);
    if (v == current)
        return;                     /* it stops when this CPU leaves the hypervisor */
    while (!vcpu_runnable(v) && !vcpu_off_cpu(v))
        smp_relax();
}

void vcpu_unblock(struct vcpu *v)
{
    if (!(__atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST) & VPF_blocked))
        return;
    vcpu_wake(v);
}

/* Xen's order: unmask, block, then look for an event already pending. */
void vcpu_block_enable_events(void)
{
    struct vcpu *v = current;

    __atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
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

    if (!__atomic_load_n(&d->nr_polling, __ATOMIC_ACQUIRE))
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
    v->pinned_cpu = -1;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = get_s_time();
    d->vcpu[id] = v;
}

void vcpu_bring_up(struct vcpu *v)
{
    __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
}

void vcpu_pin(struct vcpu *v, int cpu)
{
    v->pinned_cpu = cpu;
    if (v == current)
        raise_schedule();           /* deschedule() moves it */
}

static bool vcpu_may_run_on(const struct vcpu *v, unsigned int cpu)
{
    return v->pinned_cpu < 0 || (unsigned int)v->pinned_cpu == cpu;
}

/* ---- Idling and powering off ---- */

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
 * every domain.  The other CPUs stop first: the report and the audit
 * read state they would otherwise still change.
 */
void __attribute__((noreturn)) machine_power_off_all(void)
{
    unsigned int n = 0, mask = 0, code = EXIT_NO_DOMAIN;
    struct domain *d;

    smp_park_other_cpus();
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

/* The vCPU leaves this CPU without another loaded: its state saved, its tables left. */
static void unload(struct pcpu *pc, struct vcpu *v)
{
    arch_unload_vcpu(v);
    __atomic_store_n(&v->context_loaded, false, __ATOMIC_RELEASE);
    pc->curr = NULL;
    if (pc->unload_wanted == v)
        pc->unload_wanted = NULL;
}

/*
 * Another CPU waits for the vCPU this one still holds loaded (it pauses
 * or destroys its domain): save it and leave its address space.
 */
static void unload_if_wanted(struct pcpu *pc)
{
    if (pc->curr && pc->unload_wanted == pc->curr)
        unload(pc, pc->curr);
}

/* Out of the scheduler's lock: what an idle CPU does between looks at its queue. */
static void idle_once(struct pcpu *pc)
{
    if (pc->cpu_id == 0 && !any_vcpu_waiting())
        machine_power_off_all();
    grace_idle_enter(pc);
    if (mm_scrub_one())
        asm volatile ("sti; nop; cli" ::: "memory");
    else
        asm volatile ("sti; hlt; cli" ::: "memory");
    grace_idle_exit(pc);
}

/* ---- Choosing ---- */

/* A vCPU another CPU may take from q: saved, allowed there, and not capped out. */
static struct vcpu *stealable(struct credit_runq *q, unsigned int cpu)
{
    struct vcpu *v;

    for (v = q->head; v; v = v->sched.runq_next)
        if (!__atomic_load_n(&v->context_loaded, __ATOMIC_ACQUIRE) &&
            vcpu_may_run_on(v, cpu) && credit_may_run(v))
            return v;
    return NULL;
}

/*
 * Idle with others waiting elsewhere: take one, as Xen's credit
 * scheduler balances.  Under this CPU's lock, so the others' are only
 * tried: two CPUs stealing from each other never wait for each other.
 */
static struct vcpu *steal(struct pcpu *pc)
{
    for (unsigned int i = 1; i < smp_nr_online(); i++) {
        struct pcpu *peer = cpu_pcpu[(pc->cpu_id + i) % smp_nr_online()];
        struct vcpu *v;

        if (credit_runq_empty(&peer->runq) || !spin_trylock(&peer->sched_lock))
            continue;
        v = stealable(&peer->runq, pc->cpu_id);
        if (v) {
            credit_runq_remove(&peer->runq, v);
            __atomic_store_n(&v->processor, pc->cpu_id, __ATOMIC_RELEASE);
        }
        spin_unlock(&peer->sched_lock);
        if (v)
            return v;
    }
    return NULL;
}

/* Under pc's lock: the next vCPU to run here, marked running, or NULL. */
static struct vcpu *pick_next(struct pcpu *pc)
{
    struct vcpu *next = credit_runq_pick(&pc->runq);

    if (!next && smp_nr_online() > 1)
        next = steal(pc);
    if (next) {
        next->sched.running = true;
        next->context_loaded = true;
    }
    return next;
}

/*
 * Halt, interrupts on, until a timer or an interrupt makes a vCPU
 * runnable.  curr stays loaded meanwhile (if it runs next, nothing is
 * switched) but counts as not running, until another CPU asks for it.
 * Free frames left dirty by their last owner are zeroed first, one at a
 * time with a window for interrupts after each (sti takes effect after
 * the next instruction), as Xen's idle loop scrubs: the next domain built
 * then finds its memory already clean.  Called and returns with pc's
 * lock held.
 */
static struct vcpu *idle_until_runnable(struct pcpu *pc)
{
    struct vcpu *next;

    pc->idling = true;
    while (!(next = pick_next(pc))) {
        unload_if_wanted(pc);
        spin_unlock(&pc->sched_lock);
        idle_once(pc);
        spin_lock(&pc->sched_lock);
    }
    pc->idling = false;
    return next;
}

/*
 * The running vCPU leaves the CPU: charge it and queue it if it may go
 * on here.  One pinned elsewhere is queued there once its state is saved
 * (move_if_pinned(), below).
 */
static void deschedule(struct pcpu *pc, struct vcpu *prev, uint64_t now)
{
    charge_current(pc, now);
    prev->sched.running = false;
    vcpu_runstate_change(prev, runstate_for(prev), now);
    if (!vcpu_runnable(prev) || !vcpu_may_run_on(prev, pc->cpu_id))
        ;
    else if (prev->sched.yielded)
        credit_runq_insert_yielded(&pc->runq, prev);
    else
        credit_runq_insert(&pc->runq, prev);
    prev->sched.yielded = false;
}

/* A poll ends when its vCPU runs again, whatever woke it. */
static void end_poll(struct vcpu *v)
{
    if (v->polling) {
        v->polling = false;
        __atomic_fetch_sub(&v->domain->nr_polling, 1, __ATOMIC_RELEASE);
        stop_timer(&v->poll_timer);
    }
}

/* Nothing else may run here and prev may go on: it keeps the CPU. */
static bool keep_running(struct pcpu *pc, struct vcpu *prev)
{
    return prev && prev->sched.running && vcpu_runnable(prev) && credit_may_run(prev) &&
           vcpu_may_run_on(prev, pc->cpu_id) && credit_runq_empty(&pc->runq);
}

/* The vCPU's timers follow it, so they fire where it runs. */
static void migrate_vcpu_timers(struct vcpu *v, unsigned int cpu)
{
    if (v->singleshot_timer.cpu == cpu)
        return;
    migrate_timer(&v->singleshot_timer, cpu);
    migrate_timer(&v->periodic_timer, cpu);
    migrate_timer(&v->poll_timer, cpu);
}

/*
 * Pinned elsewhere (SCHEDOP_pin_override), v was not queued here when it
 * was descheduled: once its state is saved it goes to its CPU.
 */
static void move_if_pinned(struct vcpu *v)
{
    struct pcpu *pc;

    if (v->pinned_cpu < 0)
        return;
    pc = vcpu_sched_lock(v);
    if (!vcpu_may_run_on(v, pc->cpu_id) && !v->sched.running) {
        credit_runq_remove(&pc->runq, v);
        __atomic_store_n(&v->processor, (unsigned int)v->pinned_cpu, __ATOMIC_RELEASE);
    }
    spin_unlock(&pc->sched_lock);
    vcpu_wake(v);
}

/* Nothing to run here: idle, pc's lock held on the way in and out. */
static struct vcpu *go_idle(struct pcpu *pc)
{
    struct vcpu *prev = pc->curr;

    stop_timer(&pc->slice_timer);
    if (prev && !vcpu_may_run_on(prev, pc->cpu_id)) {
        unload(pc, prev);
        spin_unlock(&pc->sched_lock);
        move_if_pinned(prev);
        spin_lock(&pc->sched_lock);
    }
    return idle_until_runnable(pc);
}

/* The switch itself, out of the lock: prev's state saved, next's loaded. */
static void switch_to(struct vcpu *prev, struct vcpu *next)
{
    if (next == prev)
        return;
    arch_context_switch(prev, next);
    if (!prev)
        return;
    __atomic_store_n(&prev->context_loaded, false, __ATOMIC_RELEASE);
    move_if_pinned(prev);
}

/* Under pc's lock: curr carries on with a new slice if it may. */
static bool carry_on(struct pcpu *pc, uint64_t now)
{
    struct vcpu *prev = pc->curr;

    if (!keep_running(pc, prev))
        return false;
    prev->sched.yielded = false;
    charge_current(pc, now);
    spin_unlock(&pc->sched_lock);
    if (!timer_is_active(&pc->slice_timer))
        set_timer(&pc->slice_timer, now + tslice_ns());
    return true;
}

void schedule(void)
{
    struct pcpu *pc = this_cpu();
    struct vcpu *prev, *next;
    uint64_t now = get_s_time();

    hypercall_abandon();
    grace_quiescent(pc);
    spin_lock(&pc->sched_lock);
    pc->sched_pending = false;
    if (carry_on(pc, now))
        reset_stack_and_return_to_guest();
    if (pc->curr && pc->curr->sched.running)
        deschedule(pc, pc->curr, now);
    next = pick_next(pc);
    if (!next) {
        next = go_idle(pc);
        now = get_s_time();
    }
    prev = pc->curr;                /* NULL if it was unloaded meanwhile */
    pc->curr = next;
    pc->sched_pending = false;
    vcpu_runstate_change(next, RUNSTATE_running, now);
    pc->curr_since = now;
    spin_unlock(&pc->sched_lock);
    set_timer(&pc->slice_timer, now + tslice_ns());
    start_accounting(now);
    migrate_vcpu_timers(next, pc->cpu_id);
    switch_to(prev, next);
    end_poll(next);
    time_fill_vcpu_info(&next->vcpu_info->time);
    vcpu_update_runstate_area(next);
    grace_run_ready();
    reset_stack_and_return_to_guest();
}

/*
 * The vCPU in a hypercall here belongs to a domain being destroyed: this
 * CPU leaves its address space now, since its tables are about to go.
 */
void sched_drop_current(void)
{
    struct pcpu *pc = this_cpu();
    struct vcpu *v = pc->curr;

    spin_lock(&pc->sched_lock);
    v->sched.running = false;
    v->context_loaded = false;
    pc->curr = NULL;
    spin_unlock(&pc->sched_lock);
    arch_leave_guest_address_space();
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
    scheduler_init_secondary();
    init_timer(&accounting_timer, accounting_period, NULL, 0);
}

void scheduler_init_secondary(void)
{
    struct pcpu *pc = this_cpu();

    pc->sched_lock = SPIN_LOCK_UNLOCKED;
    init_timer(&pc->slice_timer, slice_expired, NULL, pc->cpu_id);
}

void sched_destroy_domain(struct domain *d)
{
    unsigned int i;

    for (i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        struct pcpu *pc;

        if (!v)
            continue;
        pc = vcpu_sched_lock(v);
        credit_runq_remove(&pc->runq, v);
        spin_unlock(&pc->sched_lock);
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

/* Debug key 'r': each CPU's running vCPU and queue, under that CPU's lock. */
void sched_dump_runqueues(void)
{
    printk("Scheduler: credit, time slice %u ms\n", opt_tslice_ms);
    for (unsigned int cpu = 0; cpu < smp_nr_online(); cpu++) {
        struct pcpu *pc = cpu_pcpu[cpu];
        const struct vcpu *v;

        spin_lock(&pc->sched_lock);
        printk("CPU%u:%s\n", cpu, pc->curr && pc->curr->sched.running ? "" : " idle");
        if (pc->curr && pc->curr->sched.running)
            dump_vcpu(pc->curr, "running ");
        for (v = pc->runq.head; v; v = v->sched.runq_next)
            dump_vcpu(v, "runnable");
        spin_unlock(&pc->sched_lock);
    }
}
