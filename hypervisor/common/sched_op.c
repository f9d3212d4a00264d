/*
 * sched_op: a guest gives up the CPU, sleeps until an event, or stops.
 *
 * Owns the guest-facing rules of SCHEDOP_*; the mechanisms (blocking,
 * waking, shutting a domain down, picking the next vCPU) belong to the
 * scheduler and domain code behind minixen/sched.h.
 *
 * How the call ends:
 *  - yield and block return 0 to the guest.  block only marks the vCPU
 *    blocked; the hypercall exit path must see that the vCPU is no longer
 *    runnable and call schedule() after storing the result, as Xen does
 *    with its reschedule softirq.
 *  - shutdown never returns: the domain stops and schedule() runs
 *    whatever is runnable next.
 *
 * Shutdown reasons are truncated to 8 bits and otherwise not checked,
 * exactly as in Xen: reasons above SHUTDOWN_MAX reach the domain code.
 * poll, watchdog and pin_override are not implemented yet (-ENOSYS).
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/sched.h>

/* Xen passes shutdown reasons around as 8-bit values. */
typedef uint8_t shutdown_reason_t;

/*
 * Xen's order: unmask events, mark the vCPU blocked, then look for an
 * event that is already pending and undo the block if there is one.
 * Looking after blocking closes the window in which an event could
 * arrive between the check and the block and be slept through.
 */
static long schedop_block(struct vcpu *v)
{
    __atomic_store_n(&v->vcpu_info->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    vcpu_block(v);
    if (__atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        vcpu_wake(v);
    return 0;
}

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
    struct domain *d = domain_lookup(rs->domain_id);
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

long do_sched_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    struct sched_shutdown sd;
    struct sched_remote_shutdown rsd;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield(current);        /* the switch happens as the hypercall returns */
        return 0;
    case SCHEDOP_block:
        return schedop_block(current);
    case SCHEDOP_shutdown:
        if (copy_from_guest(&sd, guest_handle_cast(arg, sched_shutdown_t), 1))
            return trace_err(-XEN_EFAULT);
        schedop_shutdown(sd.reason);    /* does not return */
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&sd, guest_handle_cast(arg, sched_shutdown_t), 1))
            return trace_err(-XEN_EFAULT);
        return schedop_shutdown_code(current_domain(), sd.reason);
    case SCHEDOP_remote_shutdown:
        if (copy_from_guest(&rsd,
                            guest_handle_cast(arg, sched_remote_shutdown_t), 1))
            return trace_err(-XEN_EFAULT);
        return schedop_remote_shutdown(&rsd);
    case SCHEDOP_poll:
    case SCHEDOP_watchdog:
    case SCHEDOP_pin_override:
        /* Known to Xen, not implemented here yet. */
        return trace_err(-XEN_ENOSYS);
    }
    return trace_err(-XEN_ENOSYS);
}
