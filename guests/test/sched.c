/*
 * guests/test/sched.c - sched_op.
 *
 * Checked against do_sched_op (xen/common/sched/core.c): yield returns 0;
 * shutdown and shutdown_code read a sched_shutdown (-EFAULT if
 * unreadable); shutdown_code only records the reason (the first one
 * recorded wins over the reason of a later shutdown, so it is used with
 * SHUTDOWN_poweroff and runs last); block re-enables event delivery and
 * returns at once when an upcall is already pending, which is then
 * delivered; unknown commands are -ENOSYS.
 */
#include "test.h"

/* No SCHEDOP_ command has this number. */
#define SCHEDOP_UNDEFINED 100

/*
 * Mark an upcall pending while events are masked, then block: the
 * hypervisor must unmask, see the pending upcall, return and run the
 * event callback (which clears upcall_pending and counts).
 */
static void test_block(void)
{
    volatile struct vcpu_info *vi = &shared_info->vcpu_info[0];
    uint64_t before = events_delivered;
    long rc;

    vi->evtchn_upcall_pending = 1;
    rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    vi->evtchn_upcall_mask = 1;
    check_rc("sched_op.block_returns", rc, 0);
    check(events_delivered == before + 1, "sched_op.block_delivers_pending_event",
          "%lu upcalls delivered, expected 1", events_delivered - before);
    check(vi->evtchn_upcall_pending == 0, "sched_op.block_upcall_acknowledged",
          "evtchn_upcall_pending still %u", vi->evtchn_upcall_pending);
}

void test_sched_op(void)
{
    check_rc("sched_op.yield", HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    check_rc("sched_op.unknown_cmd",
             HYPERVISOR_sched_op(SCHEDOP_UNDEFINED, NULL), -XEN_ENOSYS);
    check_rc("sched_op.shutdown_bad_pointer",
             HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    test_block();
}

void test_shutdown_code(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };

    check_rc("sched_op.shutdown_code", HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &sd), 0);
}
