/*
 * vcpu_op (24) and set_timer_op (15): a vCPU's timers, its runstate and
 * where its vcpu_info lives (Xen 4.17's common/domain.c and
 * common/sched/core.c semantics and errno values).
 *
 * Both timers raise VIRQ_TIMER on their vCPU.  The single-shot timer
 * fires once at an absolute system time; the periodic one every period
 * (PV vCPUs start with Xen's 100 Hz), counted from when it was set, and a
 * period that has already gone by fires once, not once per period missed.
 */
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/sched.h>
#include <minixen/event.h>
#include <public/vcpu.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <asm/time.h>
#include <asm/page.h>

#define DEFAULT_PERIOD_NS   (10 * NSEC_PER_MSEC)
#define MIN_PERIOD_NS       NSEC_PER_MSEC
/* Xen's STIME_DELTA_MAX: periods must fit a signed 64-bit time delta. */
#define MAX_PERIOD_NS       ((uint64_t)INT64_MAX)
/*
 * set_timer_op: a negative deadline, or one more than 2^50 ns (about 13
 * days) ahead, is taken for a guest's wrapped value and answered 100 ms
 * later: soon, but not a busy loop for a guest that meant "no timer"
 * (Xen's middle ground).
 */
#define HUGE_TIMEOUT_SHIFT  50
#define HUGE_TIMEOUT_DELAY_NS (100 * NSEC_PER_MSEC)

static void singleshot_fired(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void periodic_fired(void *data)
{
    struct vcpu *v = data;
    uint64_t next = v->periodic_timer.expires + v->periodic_period, now = get_s_time();

    send_guest_vcpu_virq(v, VIRQ_TIMER);
    set_timer(&v->periodic_timer, next > now ? next : now + v->periodic_period);
}

/* Only a vCPU still polling: its poll may have ended some other way. */
static void poll_timed_out(void *data)
{
    struct vcpu *v = data;

    if (v->polling)
        vcpu_unblock(v);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
    init_timer(&v->periodic_timer, periodic_fired, v, v->processor);
    init_timer(&v->poll_timer, poll_timed_out, v, v->processor);
    v->periodic_period = DEFAULT_PERIOD_NS;
}

/* The periodic timer only runs while something can see it: VIRQ_TIMER bound. */
void vcpu_periodic_timer_update(struct vcpu *v)
{
    if (v->periodic_period && v->virq_to_port[VIRQ_TIMER])
        set_timer(&v->periodic_timer, get_s_time() + v->periodic_period);
    else
        stop_timer(&v->periodic_timer);
}

long do_set_timer_op(int64_t timeout)
{
    struct vcpu *v = current;
    int64_t now = (int64_t)get_s_time();

    /* timeout - now is taken only for a positive timeout: it cannot overflow. */
    if (timeout == 0)
        stop_timer(&v->singleshot_timer);
    else if (timeout < 0 || (timeout > now && ((timeout - now) >> HUGE_TIMEOUT_SHIFT) != 0))
        set_timer(&v->singleshot_timer, (uint64_t)now + HUGE_TIMEOUT_DELAY_NS);
    else
        set_timer(&v->singleshot_timer, (uint64_t)timeout);
    return 0;
}

static long set_singleshot(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    vcpu_set_singleshot_timer_t s;

    if (v != current)
        return trace_err(-XEN_EINVAL);
    if (copy_from_guest(&s, guest_handle_cast(arg, vcpu_set_singleshot_timer_t), 1))
        return trace_err(-XEN_EFAULT);
    if ((s.flags & VCPU_SSHOTTMR_future) && s.timeout_abs_ns < get_s_time())
        return trace_err(-XEN_ETIME);
    set_timer(&v->singleshot_timer, s.timeout_abs_ns ? s.timeout_abs_ns : 1);
    return 0;
}

static long set_periodic(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    vcpu_set_periodic_timer_t p;

    if (copy_from_guest(&p, guest_handle_cast(arg, vcpu_set_periodic_timer_t), 1))
        return trace_err(-XEN_EFAULT);
    if (p.period_ns < MIN_PERIOD_NS || p.period_ns > MAX_PERIOD_NS)
        return trace_err(-XEN_EINVAL);
    v->periodic_period = p.period_ns;
    vcpu_periodic_timer_update(v);
    return 0;
}

static long get_runstate(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct vcpu_runstate_info r = v->runstate;
    uint64_t now = get_s_time();

    /* Time in the current state counts up to now, as Xen reports it. */
    runstate_accrue(&r, now);
    if (copy_to_guest(guest_handle_cast(arg, vcpu_runstate_info_t), &r, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

static long register_runstate_area(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    vcpu_register_runstate_memory_area_t a;

    if (copy_from_guest(&a, guest_handle_cast(arg, vcpu_register_runstate_memory_area_t), 1))
        return trace_err(-XEN_EFAULT);
    /* Checked once here, as Xen does; later copies into it may still fault harmlessly. */
    if (!guest_range_ok(a.addr.p, sizeof(struct vcpu_runstate_info)))
        return trace_err(-XEN_EFAULT);
    v->runstate_guest = a.addr.p;
    if (v == current) {
        vcpu_runstate_change(v, RUNSTATE_running, get_s_time());
        vcpu_update_runstate_area(v);
    }
    return 0;
}

/* A frame of the domain's own that may stay writable: the new home of vcpu_info. */
static bool take_vcpu_info_frame(struct domain *d, unsigned long mfn)
{
    return mfn_is_ram(mfn) && get_page_and_type(mfn, d, PGT_writable);
}

static void mark_all_pending(struct vcpu *v)
{
    /* Nothing raised while it moved may be lost: a spurious upcall is harmless. */
    v->vcpu_info->evtchn_pending_sel = ~(xen_ulong_t)0;
    vcpu_mark_events_pending(v);
}

static long register_vcpu_info(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    vcpu_register_vcpu_info_t r;
    vcpu_info_t *new_info;

    if (copy_from_guest(&r, guest_handle_cast(arg, vcpu_register_vcpu_info_t), 1))
        return trace_err(-XEN_EFAULT);
    /* In the page and naturally aligned (Xen's rule since XSA-327). */
    if (r.offset > PAGE_SIZE - sizeof(vcpu_info_t) || r.offset % __alignof__(vcpu_info_t) ||
        v->vcpu_info_mfn)
        return trace_err(-XEN_EINVAL);
    if (v != current && !(v->pause_flags & VPF_down))
        return trace_err(-XEN_EINVAL);
    if (!take_vcpu_info_frame(v->domain, r.mfn))
        return trace_err(-XEN_EINVAL);
    new_info = (vcpu_info_t *)((char *)mfn_to_virt(r.mfn) + r.offset);
    memcpy(new_info, v->vcpu_info, sizeof(*new_info));
    v->vcpu_info = new_info;
    v->vcpu_info_mfn = r.mfn;
    arch_vcpu_info_moved(v);
    mark_all_pending(v);
    return 0;
}

/* The vCPU's frame back to the guest (its domain is going away). */
void vcpu_info_release(struct vcpu *v)
{
    if (!v->vcpu_info_mfn)
        return;
    v->vcpu_info = &v->domain->shared_info->vcpu_info[v->vcpu_id];
    put_page_and_type(v->vcpu_info_mfn);
    v->vcpu_info_mfn = 0;
}

/* One physical CPU: every vCPU is pinned to it, so Xen would answer. */
static long get_physid(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    vcpu_get_physid_t p = { .phys_id = arch_cpu_physid(this_cpu()->cpu_id) };

    if (copy_to_guest(guest_handle_cast(arg, vcpu_get_physid_t), &p, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

#define CONTEXT_PAGES DIV_ROUND_UP(sizeof(struct vcpu_guest_context), PAGE_SIZE)

/*
 * Xen reads the whole context before anything else, so an unreadable one
 * is -EFAULT even for a vCPU that is already set up; then a vCPU set up
 * once (vCPU 0 by its builder) is -EEXIST.  The context is 5 KiB: too big
 * for the stack, and not shared with another CPU's call.
 */
static long vcpu_initialise(struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct vcpu_guest_context *c = alloc_xenheap_pages_virt(CONTEXT_PAGES);
    long rc = -XEN_EFAULT;

    if (!c)
        return trace_err(-XEN_ENOMEM);
    if (!raw_copy_from_guest(c, guest_handle_addr(arg), sizeof(*c)))
        rc = arch_vcpu_initialised(v) ? -XEN_EEXIST : arch_set_vcpu_context(v, c);
    free_xenheap_pages_virt(c, CONTEXT_PAGES);
    /* Validating its page tables stopped part-way: the same call resumes. */
    if (rc == -XEN_ERESTART)
        return hypercall_create_continuation(__HYPERVISOR_vcpu_op, VCPUOP_initialise,
                                             v->vcpu_id, guest_handle_addr(arg));
    return rc ? trace_err(rc) : 0;
}

/* An initialised vCPU runs (once nothing else holds it back); up twice is 0. */
static long vcpu_up(struct vcpu *v)
{
    if (!arch_vcpu_initialised(v))
        return trace_err(-XEN_EINVAL);
    if (v->pause_flags & VPF_down)
        vcpu_bring_up(v);
    return 0;
}

/*
 * The vCPU stops; on the caller itself that takes effect before the
 * hypercall returns (it returns 0 once brought up again).  The domain's
 * last vCPU going down takes the domain with it, as on Xen.
 */
static long vcpu_down(struct vcpu *v)
{
    struct vcpu *w;

    for_each_vcpu(v->domain, w)
        if (w != v && !(w->pause_flags & VPF_down)) {
            if (!(v->pause_flags & VPF_down))
                vcpu_sleep(v, VPF_down);
            return 0;
        }
    /* Only the caller was up. */
    domain_shutdown(v->domain, SHUTDOWN_poweroff);
    schedule();
}

static long vcpu_timer_op(int cmd, struct vcpu *v, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    switch (cmd) {
    case VCPUOP_set_periodic_timer:
        return set_periodic(v, arg);
    case VCPUOP_stop_periodic_timer:
        v->periodic_period = 0;
        vcpu_periodic_timer_update(v);
        return 0;
    case VCPUOP_set_singleshot_timer:
        return set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return trace_err(-XEN_EINVAL);
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    return trace_err(-XEN_ENOSYS);
}

long do_vcpu_op(int cmd, unsigned int vcpuid, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct vcpu *v = domain_vcpu(current_domain(), vcpuid);

    if (!v)
        return trace_err(-XEN_ENOENT);
    switch (cmd) {
    case VCPUOP_is_up:
        return !(v->pause_flags & VPF_down);
    case VCPUOP_get_runstate_info:
        return get_runstate(v, arg);
    case VCPUOP_register_runstate_memory_area:
        return register_runstate_area(v, arg);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    case VCPUOP_get_physid:
        return get_physid(arg);
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);
    case VCPUOP_up:
        return vcpu_up(v);
    case VCPUOP_down:
        return vcpu_down(v);
    }
    return vcpu_timer_op(cmd, v, arg);
}
