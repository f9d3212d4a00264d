/*
 * sched_op (29) and its legacy form sched_op_compat (6): a guest gives up
 * the CPU, sleeps until an event, polls ports, arms a watchdog or stops.
 *
 * Owns the guest-facing rules of SCHEDOP_*; the mechanisms (blocking,
 * waking, shutting a domain down, picking the next vCPU) belong to the
 * scheduler and domain code behind minixen/sched.h.
 *
 * How the call ends:
 *  - yield, block and poll return to the guest with their result; the
 *    switch to another vCPU happens as the hypercall returns (entry.S sees
 *    sched_pending).  Inside a multicall the batch stops after that entry
 *    and is continued once the vCPU runs again, as on Xen.  A blocked or
 *    polling vCPU resumes after the call once an event, a timeout or the
 *    poll's port wakes it.
 *  - shutdown never returns: the domain stops and schedule() runs
 *    whatever is runnable next.
 *
 * Shutdown reasons are truncated to 8 bits and otherwise not checked,
 * exactly as in Xen: reasons above SHUTDOWN_MAX reach the domain code.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <asm/smp.h>
#include <minixen/event.h>
#include <public/sched.h>

/* Xen passes shutdown reasons around as 8-bit values. */
typedef uint8_t shutdown_reason_t;

/* At most this many ports in one SCHEDOP_poll, as in Xen. */
#define POLL_MAX_PORTS 128

/* The calling domain stops; its vCPU never returns from this hypercall. */
static void __attribute__((noreturn)) schedop_shutdown(unsigned int reason)
{
    domain_shutdown(current_domain(), (shutdown_reason_t)reason);
    schedule();
}

/*
 * Record the reason a later shutdown (or crash) will report, without
 * stopping; only the first recorded code counts.  Applying it is
 * domain_shutdown()'s job, as in Xen.
 */
static long schedop_shutdown_code(struct domain *d, unsigned int reason)
{
    if (d->shutdown_code == SHUTDOWN_CODE_NONE)
        d->shutdown_code = (shutdown_reason_t)reason;
    return 0;
}

/*
 * Shut another domain down: privileged callers only.  Xen looks the
 * domain up first, so a missing one is -ESRCH even for an unprivileged
 * caller, and DOMID_SELF is not accepted.
 */
static long schedop_remote_shutdown(const struct sched_remote_shutdown *rs)
{
    struct domain *d = domain_lookup_live(rs->domain_id);
    bool self;

    if (!d)
        return trace_err(-XEN_ESRCH);
    if (!current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);
    /* Decided first: shutting ourselves down may clear `current`. */
    self = d == current_domain();
    domain_shutdown(d, (shutdown_reason_t)rs->reason);
    if (self)
        schedule();
    return 0;
}

/* An upcall would be delivered the moment we return. */
static bool events_need_delivery(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending && !v->vcpu_info->evtchn_upcall_mask;
}

/* 0 to sleep; 1 if a port is already pending; or the errno. */
static long poll_check_ports(struct vcpu *v, const sched_poll_t *p, evtchn_port_t *last)
{
    unsigned int i;

    for (i = 0; i < p->nr_ports; i++) {
        if (copy_from_guest_offset(last, p->ports, i, 1))
            return trace_err(-XEN_EFAULT);
        if (*last >= v->domain->evtchn.max_ports)
            return trace_err(-XEN_EINVAL);
        if (evtchn_port_is_pending(v->domain, *last))
            return 1;
    }
    return 0;
}

/*
 * Sleep until one of the ports is pending (masked or not), an upcall is
 * due, or the timeout passes; 0 in every case, as Xen returns, so the
 * guest looks at its ports itself.  Bad ports are found before sleeping.
 */
static long schedop_poll(const sched_poll_t *p)
{
    struct vcpu *v = current;
    evtchn_port_t port = 0;
    long rc;

    if (p->nr_ports > POLL_MAX_PORTS)
        return trace_err(-XEN_EINVAL);
    if (!guest_range_ok(guest_handle_addr(p->ports), p->nr_ports * sizeof(evtchn_port_t)))
        return trace_err(-XEN_EFAULT);
    if (events_need_delivery(v))
        return 0;
    rc = poll_check_ports(v, p, &port);
    if (rc)
        return rc < 0 ? rc : 0;
    v->polling = true;
    v->poll_port = p->nr_ports == 1 ? (int)port : -1;
    __atomic_fetch_add(&v->domain->nr_polling, 1, __ATOMIC_SEQ_CST);
    if (p->timeout)
        set_timer(&v->poll_timer, p->timeout);
    vcpu_sleep(v, VPF_blocked);
    return 0;
}

static long schedop_watchdog(const sched_watchdog_t *w)
{
    return domain_watchdog(current_domain(), w->id, w->timeout);
}

/*
 * Hardware domain only (dom0 runs firmware code that must stay on one
 * CPU).  The vCPU runs only on that CPU until a negative CPU undoes the
 * pin; it moves there when this hypercall returns (schedule.c).
 */
static long schedop_pin_override(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct vcpu *v = current;
    sched_pin_override_t po;
    bool undo;

    if (!v->domain->is_privileged)
        return trace_err(-XEN_EPERM);
    if (copy_from_guest(&po, guest_handle_cast(arg, sched_pin_override_t), 1))
        return trace_err(-XEN_EFAULT);
    if (po.pcpu >= (int32_t)smp_nr_online())
        return trace_err(-XEN_EINVAL);
    /* Pinning twice is -EBUSY, undoing a pin never made -EINVAL (Xen's rules). */
    undo = po.pcpu < 0;
    if (undo != (v->pinned_cpu >= 0))
        return trace_err(undo ? -XEN_EINVAL : -XEN_EBUSY);
    vcpu_pin(v, undo ? -1 : po.pcpu);
    return 0;
}

#define COPY_ARG(var, type)                                               \
    do {                                                                  \
        if (copy_from_guest(&var, guest_handle_cast(arg, type), 1))       \
            return trace_err(-XEN_EFAULT);                                \
    } while (0)

long do_sched_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct sched_shutdown sd;
    struct sched_remote_shutdown rsd;
    struct sched_poll sp;
    struct sched_watchdog wd;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        vcpu_block_enable_events();
        return 0;
    case SCHEDOP_shutdown:
        COPY_ARG(sd, sched_shutdown_t);
        schedop_shutdown(sd.reason);    /* does not return */
    case SCHEDOP_shutdown_code:
        COPY_ARG(sd, sched_shutdown_t);
        return schedop_shutdown_code(current_domain(), sd.reason);
    case SCHEDOP_remote_shutdown:
        COPY_ARG(rsd, sched_remote_shutdown_t);
        return schedop_remote_shutdown(&rsd);
    case SCHEDOP_poll:
        COPY_ARG(sp, sched_poll_t);
        return schedop_poll(&sp);
    case SCHEDOP_watchdog:
        COPY_ARG(wd, sched_watchdog_t);
        return schedop_watchdog(&wd);
    case SCHEDOP_pin_override:
        return schedop_pin_override(arg);
    }
    return trace_err(-XEN_ENOSYS);
}

/* The old form: yield, block, and shutdown with the reason as the argument itself. */
long do_sched_op_compat(int cmd, unsigned long arg)
{
    switch (cmd) {
    case SCHEDOP_yield:
    case SCHEDOP_block:
        return do_sched_op(cmd, (XEN_GUEST_HANDLE_PARAM(void)){ NULL });
    case SCHEDOP_shutdown:
        schedop_shutdown(arg);
    }
    return trace_err(-XEN_ENOSYS);
}
