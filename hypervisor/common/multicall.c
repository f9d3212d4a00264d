/*
 * multicall: run a batch of hypercalls with one guest entry.
 *
 * Each entry of the guest's array is copied in, run through the same
 * dispatcher as a direct hypercall, and its return value is written back
 * into that entry's result field; no other field is written.  One
 * failing call does not stop the batch: its error is in its result.  The
 * multicall itself fails only when the array cannot be read or written
 * (-EFAULT, the batch stops there) or is too long (-E2BIG, nothing runs).
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
 * A call that blocks the vCPU (SCHEDOP_block) does not end the batch.
 * Xen would preempt there and run the remaining entries after the
 * wake-up; without continuations the closest equivalent is to run them
 * now, before the vCPU sleeps on the way out.  Stopping instead would
 * return to the guest with entries that never ran.
 *
 * Xen has no length limit because it can preempt a long batch and resume
 * it later (a continuation).  minixen cannot yet, so it refuses batches
 * longer than MULTICALL_MAX_CALLS up front.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>

/* Longest batch accepted (Linux batches at most 32 entries). */
#define MULTICALL_MAX_CALLS 256

/* Run one entry's call and return its result. */
static long multicall_call(const multicall_entry_t *call)
{
    if (call->op >= NR_hypercalls)
        return trace_err(-XEN_ENOSYS);
    if (call->op == __HYPERVISOR_multicall) {
        gprintk(XENLOG_INFO, "multicall: nested multicall refused\n");
        return trace_err(-XEN_EINVAL);
    }
    /* Five arguments: no hypercall takes a sixth (args[5] is ignored). */
    return hypercall_call_pv64((unsigned int)call->op, call->args[0],
                               call->args[1], call->args[2], call->args[3],
                               call->args[4]);
}

/* True once the calling domain can no longer run: the rest is moot. */
static bool multicall_domain_stopped(void)
{
    const struct domain *d = current_domain();

    return (current->pause_flags & VPF_down) || d->is_shutdown || d->is_dying;
}

long do_multicall(XEN_GUEST_HANDLE_PARAM(multicall_entry_t) call_list,
                  unsigned int nr_calls)
{
    multicall_entry_t call;
    unsigned int i;

    if (nr_calls > MULTICALL_MAX_CALLS)
        return trace_err(-XEN_E2BIG);
    /* Reject an array reaching into the hypervisor's range before running any of it. */
    if (nr_calls && !guest_range_ok(guest_handle_addr(call_list),
                                    (size_t)nr_calls * sizeof(call)))
        return trace_err(-XEN_EFAULT);

    for (i = 0; i < nr_calls; i++, guest_handle_add_offset(call_list, 1)) {
        if (copy_from_guest(&call, call_list, 1))
            return trace_err(-XEN_EFAULT);
        call.result = multicall_call(&call);
        if (call.op == __HYPERVISOR_iret) {
            /* Best effort, as in Xen: the guest may be in user mode now. */
            (void)copy_field_to_guest(call_list, &call, result);
            return call.result;
        }
        if (copy_field_to_guest(call_list, &call, result))
            return trace_err(-XEN_EFAULT);
        if (multicall_domain_stopped())
            break;
    }
    return 0;
}
