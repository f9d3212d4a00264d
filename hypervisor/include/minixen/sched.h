/*
 * Domains and virtual CPUs, and the scheduler's interface.
 *
 * A vCPU runs when nothing holds it back: no pause flag of its own
 * (blocked, down), no pause of its own or of its domain, its domain not
 * shut down.  The credit scheduler (common/sched_credit.c) decides which
 * runnable vCPU a physical CPU runs next; schedule.c does the switching,
 * the runstate bookkeeping and blocking and waking.  `current` is the
 * vCPU whose state the register frame on this CPU's stack belongs to;
 * every hypercall and guest trap runs on its behalf.
 */
#ifndef MINIXEN_SCHED_H
#define MINIXEN_SCHED_H

#include <minixen/types.h>
#include <minixen/percpu.h>
#include <minixen/timer.h>
#include <minixen/event.h>
#include <minixen/grace.h>
#include <minixen/rspinlock.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <asm/regs.h>
#include <asm/domain.h>

/*
 * Live domains at most, dying ones included: bounds the scheduler's
 * per-period arrays; the benchmark runs 100 domUs beside dom0.
 */
#define MAX_DOMAINS         256
/*
 * vCPUs per domain: as many as shared_info has vcpu_info slots (Xen's
 * XEN_LEGACY_MAX_VCPUS), so every vCPU has one before the guest moves it.
 */
#define MAX_VIRT_CPUS       XEN_LEGACY_MAX_VCPUS
#define DOMAIN_NAME_LEN     32
#define SHUTDOWN_CODE_NONE  (-1)
#define NR_DOMAIN_WATCHDOG_TIMERS 2

/* vcpu->pause_flags: reasons of its own not to run. */
#define VPF_blocked         (1u << 0)   /* SCHEDOP_block / poll: waits for an event */
#define VPF_down            (1u << 1)   /* not brought up, or its domain stopped */

/* Credit priorities, best first. */
enum credit_prio {
    CREDIT_BOOST,                   /* just woken from a block */
    CREDIT_UNDER,                   /* credit left this period */
    CREDIT_OVER,                    /* used its share */
};

struct credit_vcpu {
    struct vcpu *runq_next;
    int64_t credit;                 /* ns it may still run this period */
    enum credit_prio prio;
    bool on_runq;
    bool running;                   /* a CPU chose it and has not descheduled it */
    bool yielded;                   /* SCHEDOP_yield since it was scheduled in */
};

struct domain;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int pause_flags;       /* VPF_* */
    unsigned int pause_count;       /* vcpu_pause() nesting */
    unsigned int processor;         /* the CPU it runs on, or ran on last */
    /*
     * Its registers are on processor's stack, not in regs (it runs, or
     * that CPU idles with it still loaded): no other CPU may run it.
     */
    bool context_loaded;
    int pinned_cpu;                 /* SCHEDOP_pin_override's CPU, or -1 */
    struct cpu_user_regs regs;      /* guest state while not running */
    vcpu_info_t *vcpu_info;         /* in shared_info, or where the guest moved it */
    unsigned long vcpu_info_mfn;    /* 0: still in shared_info */
    struct vcpu_runstate_info runstate;
    unsigned long runstate_guest;   /* registered area (guest virtual), 0 = none */
    bool runstate_area_pending;     /* the last copy failed: retry in kernel mode */
    unsigned int preempt_asked;     /* preemption checks since hypercall_preempt_every's last yes */
    struct timer singleshot_timer;  /* set_timer_op / VCPUOP_set_singleshot_timer */
    struct timer periodic_timer;
    uint64_t periodic_period;       /* ns, 0 = off */
    struct timer poll_timer;        /* SCHEDOP_poll timeout */
    bool polling;                   /* in SCHEDOP_poll */
    int poll_port;                  /* the one port it polls; 0 or less: any (Xen's rule) */
    evtchn_port_t virq_to_port[NR_VIRQS];
    struct credit_vcpu sched;
    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    bool is_privileged;
    bool is_shutdown;
    bool is_dying;
    int shutdown_code;              /* SCHEDOP_shutdown_code, or NONE */
    unsigned int shutdown_reason;
    unsigned int pause_count;       /* domain_pause() nesting */
    unsigned int nr_polling;        /* its vCPUs in SCHEDOP_poll */
    unsigned long tot_pages;
    unsigned long max_pages;
    unsigned long nr_pinned;        /* its frames with PGF_pinned: teardown's first pass stops there */
    unsigned long dirty_cpumask;    /* CPUs that have run it: their TLBs may hold its mappings */
    unsigned long vm_assist;        /* VMASST_TYPE_* bits */
    shared_info_t *shared_info;
    unsigned long shared_info_mfn;
    xen_domain_handle_t handle;
    unsigned int weight;            /* credit share, default CREDIT_DEFAULT_WEIGHT */
    unsigned int cap;               /* % of one CPU at most, 0 = no cap */
    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];   /* 0..max_vcpus-1 once created */
    struct vcpu vcpu0;                  /* the others are pages of their own */
    struct evtchn_domain evtchn;
    bool console_mid_line;          /* its console output ended mid-line: no "(dN) " next */
    struct timer watchdog_timer[NR_DOMAIN_WATCHDOG_TIMERS];
    unsigned int watchdog_inuse;    /* bit i: watchdog_timer[i] in use */
    /*
     * Frames it owns that are domheap memory (Xen's d->page_list), linked
     * through their page_info by frame number, in allocation order:
     * destruction walks these, never the whole frame table.
     */
    unsigned long page_list_head;       /* PAGE_LIST_NULL when empty */
    unsigned long page_list_tail;
    /* The page list and tot_pages (docs/locking.md); teardown holds it throughout. */
    rspinlock_t page_alloc_lock;
    bool toolstack_lifetime;            /* created by domctl: stays until destroyed */
    bool destroyed;                     /* resources released; freed with its last frame */
    bool freed;                         /* unlisted: its memory goes after a grace period */
    struct grace_item grace;
    int64_t time_offset_seconds;        /* domctl settimeoffset: added to the wallclock */
    struct domain *next_in_list;        /* every domain, by id */
    struct domain *next_in_hash;
    struct arch_domain arch;
};

/* The vm_assist bits a 64-bit PV domain may set (common/vm_assist.c). */
#define VM_ASSIST_VALID_PV64                       \
    ((1UL << VMASST_TYPE_4gb_segments)        |    \
     (1UL << VMASST_TYPE_4gb_segments_notify) |    \
     (1UL << VMASST_TYPE_writable_pagetables) |    \
     (1UL << VMASST_TYPE_pae_extended_cr3)    |    \
     (1UL << VMASST_TYPE_architectural_iopl)  |    \
     (1UL << VMASST_TYPE_runstate_update_flag)|    \
     (1UL << VMASST_TYPE_m2p_strict))

#define current (this_cpu()->curr)

/* The domain with the lowest id, then each in id order; dying ones too. */
struct domain *domain_list_first(void);
struct domain *domain_next(const struct domain *d);
/* No lock needed: a domain unlisted meanwhile is still readable (minixen/grace.h). */
#define for_each_domain(d) \
    for ((d) = domain_list_first(); (d); (d) = domain_next(d))

static inline struct domain *current_domain(void) { return current->domain; }

/* d's first vCPU with an id >= id, NULL if none. */
static inline struct vcpu *vcpu_from(const struct domain *d, unsigned int id)
{
    for (; id < d->max_vcpus; id++)
        if (d->vcpu[id])
            return d->vcpu[id];
    return NULL;
}

/* Each vCPU d has, in id order. */
#define for_each_vcpu(d, v) \
    for ((v) = vcpu_from(d, 0); (v); (v) = vcpu_from((v)->domain, (v)->vcpu_id + 1))

/* The vCPU of d with that id, NULL if it has none. */
static inline struct vcpu *domain_vcpu(const struct domain *d, unsigned int id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* d may use the toolstack hypercalls (sysctl, domctl): domain 0 here. */
static inline bool is_control_domain(const struct domain *d)
{
    return d->is_privileged;
}

/* The control domain, which VIRQ_DOM_EXC and console input go to. */
struct domain *hardware_domain(void);

/* NULL if the id is taken or out of range, or memory ran out.  One vCPU. */
struct domain *domain_create(domid_t id, const char *name, bool privileged);
/*
 * Give d its vCPUs 0..n-1 (Xen's vcpu_create for each): the new ones are
 * down until VCPUOP_initialise and VCPUOP_up.  -ENOMEM leaves d as it was.
 */
long domain_create_vcpus(struct domain *d, unsigned int n);
/* Any domain still listed, dying ones included (the hypervisor's own bookkeeping). */
struct domain *domain_lookup(domid_t id);
/* The first listed domain with an id >= first (getdomaininfo's rule). */
struct domain *domain_first_from(domid_t first);
/* Domains listed now, dying ones included. */
unsigned int nr_domains(void);

/* A domain guests may still name: NULL once it is dying (-ESRCH to them). */
static inline struct domain *domain_lookup_live(domid_t id)
{
    struct domain *d = domain_lookup(id);

    return d && !d->is_dying ? d : NULL;
}
/* Resolve DOMID_SELF; NULL if no such live domain. */
struct domain *domain_lookup_self(domid_t id);

/*
 * Release all of a domain's memory, channels and vCPU state.  Frames
 * others still hold (foreign mappings) keep it listed as dying until the
 * last is freed; then its id becomes free again.
 */
void domain_destroy(struct domain *d);
/* The last frame of a destroyed domain went: forget it (page alloc's hook). */
void domain_release_if_done(struct domain *d);
/* At power-off, after the report: forget every destroyed domain. */
void domain_free_all_destroyed(void);
/* Destroy a domain that never ran (its building failed) and forget it. */
void domain_discard(struct domain *d);

/* Shut the domain down (reason: SHUTDOWN_*); the vCPU stops running. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* The domain did something fatal: log why, dump state, shut it down. */
void domain_crash(struct domain *d, const char *why);

void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* SCHEDOP_watchdog: id 0 creates (returns the new id), timeout 0 destroys. */
long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout_s);

/* ---- Scheduling (common/schedule.c) ---- */

/* Leave the current hypercall/trap and run whatever is runnable next. */
void __attribute__((noreturn)) schedule(void);
/* Reschedule before this CPU next returns to a guest. */
void raise_schedule(void);
/* Let the next runnable vCPU run when the current hypercall returns. */
void vcpu_yield(void);
/* Block the current vCPU until an event is pending (events unmasked first). */
void vcpu_block_enable_events(void);
/* Clear a pause flag (VPF_*) and make the vCPU runnable if nothing else holds it. */
void vcpu_unblock(struct vcpu *v);
/* Queue v where it last ran if it may run, and make that CPU look. */
void vcpu_wake(struct vcpu *v);
/* Set a pause flag (0: a pause count of its own or its domain's holds it) and stop it. */
void vcpu_sleep(struct vcpu *v, unsigned int pause_flag);
/*
 * vcpu_sleep(), then wait until it runs on no CPU and its registers are
 * saved (Xen's vcpu_sleep_sync), unless it is runnable again meanwhile.
 * On current, it stops only as this CPU leaves the hypervisor.
 */
void vcpu_sleep_sync(struct vcpu *v, unsigned int pause_flag);
/* SCHEDOP_pin_override: run only on cpu (-1: anywhere); current moves there at once. */
void vcpu_pin(struct vcpu *v, int cpu);
/* This CPU stops running current, whose domain is being destroyed. */
void sched_drop_current(void);
/* Whether the vCPU may run now. */
bool vcpu_runnable(const struct vcpu *v);
/* A new vCPU, down until vcpu_bring_up(). */
void vcpu_init(struct domain *d, struct vcpu *v, unsigned int id);
void vcpu_bring_up(struct vcpu *v);
/* The time spent in r's current state up to now, added to its total. */
static inline void runstate_accrue(struct vcpu_runstate_info *r, uint64_t now)
{
    if (now > r->state_entry_time)
        r->time[r->state] += now - r->state_entry_time;
}

/* Runstate bookkeeping: time in the old state up to now, then the new one. */
void vcpu_runstate_change(struct vcpu *v, int new_state, uint64_t now);
/* Copy the runstate into the guest's registered area (v is current). */
void vcpu_update_runstate_area(struct vcpu *v);
/* v is now in kernel mode: copy again if the last copy could not be made. */
static inline void vcpu_runstate_area_pending_retry(struct vcpu *v)
{
    if (v->runstate_area_pending)
        vcpu_update_runstate_area(v);
}
/* An upcall became pending for v: wake it if it sleeps for one. */
void vcpu_kick(struct vcpu *v);
/* A vCPU's timers (common/vcpu_op.c): set up, and the periodic one re-armed
 * when its period or the VIRQ_TIMER binding changes. */
void vcpu_timers_init(struct vcpu *v);
void vcpu_periodic_timer_update(struct vcpu *v);
/* Give back the frame register_vcpu_info moved vcpu_info into. */
void vcpu_info_release(struct vcpu *v);
void scheduler_init(void);
/* An AP's part, on the AP before it enters schedule(). */
void scheduler_init_secondary(void);
/* Stop every timer of a dying domain. */
void sched_destroy_domain(struct domain *d);
/* Debug key 'r'. */
void sched_dump_runqueues(void);
/* Parsed from sched_credit_tslice_ms=. */
extern unsigned int opt_tslice_ms;

/* Arch hooks. */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);
/* The CPU idles without v from now on: its state saved, its tables left. */
void arch_unload_vcpu(struct vcpu *v);
void arch_vcpu_init(struct vcpu *v);
void arch_domain_destroy(struct domain *d);
/* Stop running on a guest's page tables (before they are freed). */
void arch_leave_guest_address_space(void);
/* The vcpu_info the return-to-guest path reads moved (register_vcpu_info). */
void arch_vcpu_info_moved(struct vcpu *v);
/*
 * domctl set/getvcpucontext (Xen's arch_set_info_guest and
 * arch_get_info_guest) for a vCPU that is not running: 0 or -errno
 * (-ERESTART: continue the call), nothing changed on an error.
 */
struct vcpu_guest_context;
long arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);
void arch_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c);
/* setvcpucontext without a context: drop its tables and GDT, take it down. */
void arch_reset_vcpu(struct vcpu *v);
/* Whether v has been given its state (Xen's is_initialised). */
bool arch_vcpu_initialised(const struct vcpu *v);
/* Write the hypercall page into a frame the domain owns (domctl hypercall_init). */
void arch_init_hypercall_page(void *page);

/* VCPUOP_get_physid's value for a physical CPU (APIC id, ACPI id << 32). */
uint64_t arch_cpu_physid(unsigned int cpu);

/* Called when every domain has shut down. */
void __attribute__((noreturn)) machine_power_off_all(void);

#endif
