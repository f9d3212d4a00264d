/*
 * multicall: run a batch of hypercalls with one guest entry.
 *
 * Each entry of the guest's array is copied in, run through the same
 * dispatcher as a direct hypercall, and its return value is written back
 * into that entry's result field.  One failing call does not stop the
 * batch: its error is in its result.  The multicall itself fails only
 * when the array cannot be read or written (-EFAULT, the batch stops
 * there).
 *
 * Xen 4.17 rules kept here:
 *  - a multicall inside a multicall is refused with -EINVAL (its result);
 *  - an iret entry ends the batch and its result becomes the multicall's
 *    return value, since iret has already reloaded the guest's registers;
 *  - an op outside the hypercall table gets -ENOSYS, checked on the full
 *    64-bit op so a large value cannot alias a real number.
 * The batch also ends once the calling domain has been shut down or
 * crashed: nothing the guest asked for can matter any more.
 *
 * A batch has no length limit: it is preempted like any long hypercall.
 * Before each entry but the first, hypercall_preempt_check() may turn
 * the multicall into a continuation of itself for the entries not run
 * yet (call_list + i, nr_calls - i).  An entry whose own call made a
 * continuation left its new arguments in hypercall_state.call (never in
 * the guest's registers): the whole entry is written back, op, result
 * and arguments, and the multicall continues from that entry, as Xen
 * does.  Guests must therefore read only `result`, and only once the
 * multicall has returned.
 *
 * A call that yields or blocks the vCPU asks for a reschedule, which the
 * preemption check sees: the batch is continued before its next entry,
 * and the remaining entries run when the vCPU runs again, as in Xen.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/preempt.h>
#include <minixen/sched.h>

/* What the loop does after one entry. */
enum mc_next {
    MC_NEXT,        /* go on with the next entry */
    MC_STOP,        /* the batch is over: return rc */
    MC_PREEMPTED,   /* the entry's call continues later: so does the batch */
};

/* Run one entry's call and return its result. */
static long multicall_call(const multicall_entry_t *call)
{
    if (call->op >= NR_hypercalls)
        return trace_err(-XEN_ENOSYS);
    if (call->op == __HYPERVISOR_multicall) {
        gprintk(XENLOG_INFO, "multicall: nested multicall refused\n");
        return trace_err(-XEN_EINVAL);
    }
    hypercall_state.preempted = false;
    /* Five arguments: no hypercall takes a sixth (args[5] is ignored). */
    return hypercall_call_pv64(call->args[0], call->args[1], call->args[2],
                               call->args[3], call->args[4], (unsigned int)call->op);
}

/* True once the calling domain can no longer run: the rest is moot. */
static bool multicall_domain_stopped(void)
{
    const struct domain *d = current_domain();

    return (current->pause_flags & VPF_down) || d->is_shutdown || d->is_dying;
}

/* Write back what the guest must see of the entry just run. */
static enum mc_next multicall_report(XEN_GUEST_HANDLE_PARAM(multicall_entry_t) slot,
                                     const multicall_entry_t *call, long *rc)
{
    if (call->op == __HYPERVISOR_iret) {
        /* Best effort, as in Xen: the guest may be in user mode now. */
        (void)copy_field_to_guest(slot, call, result);
        *rc = call->result;
        return MC_STOP;
    }
    if (!copy_field_to_guest(slot, call, result)) {
        if (!hypercall_state.preempted)
            return multicall_domain_stopped() ? MC_STOP : MC_NEXT;
        if (!copy_to_guest(slot, call, 1))
            return MC_PREEMPTED;
    }
    /* A continuation whose arguments are lost would redo work: drop it. */
    hypercall_cancel_continuation();
    *rc = trace_err(-XEN_EFAULT);
    return MC_STOP;
}

/* The rest of the batch, from entry `from`, runs when the vCPU next runs. */
static long multicall_continue(XEN_GUEST_HANDLE_PARAM(multicall_entry_t) from,
                               unsigned int left)
{
    hypercall_state.in_multicall = false;
    return hypercall_create_continuation(__HYPERVISOR_multicall,
                                         guest_handle_addr(from), left);
}

long do_multicall(XEN_GUEST_HANDLE_PARAM(multicall_entry_t) call_list,
                  unsigned int nr_calls)
{
    multicall_entry_t *call = &hypercall_state.call;
    enum mc_next next = MC_NEXT;
    unsigned int i;
    long rc = 0;

    /* Reject an array reaching into the hypervisor's range before running any of it. */
    if (nr_calls && !guest_range_ok(guest_handle_addr(call_list),
                                    (size_t)nr_calls * sizeof(*call)))
        return trace_err(-XEN_EFAULT);
    hypercall_state.in_multicall = true;
    for (i = 0; i < nr_calls && next == MC_NEXT; i++) {
        if (i && hypercall_preempt_check())
            return multicall_continue(call_list, nr_calls - i);
        if (copy_from_guest(call, call_list, 1)) {
            rc = trace_err(-XEN_EFAULT);
            break;
        }
        call->result = multicall_call(call);
        next = multicall_report(call_list, call, &rc);
        if (next == MC_PREEMPTED)
            return multicall_continue(call_list, nr_calls - i);
        guest_handle_add_offset(call_list, 1);
    }
    hypercall_state.in_multicall = false;
    return rc;
}
