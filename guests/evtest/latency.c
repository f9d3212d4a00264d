/*
 * guests/evtest/latency.c - a timer stays on time beside a domain that
 * makes long hypercalls.
 *
 *   longmmu  repeats an mmu_update batch of batch=N requests (each sets the
 *            M2P entry of one of its own frames to the value it already
 *            has, so nothing changes) until domain 0 shuts it down; with
 *            hypercall continuations a batch gives way whenever a timer
 *            is due, without them it would keep the CPU to the end
 *   timely   (domain 0) a one-shot timer ticks=N times, period_ms apart,
 *            noting how late each event arrives; then shuts longmmu
 *            (kill=ID) down and reports the worst lateness
 *
 * The boot test (under -icount) asserts every batch succeeded in full and
 * the worst lateness is below one time slice, as the issue requires.
 */
#include "evtest.h"
#include "frames.h"

#define BATCH_MAX 200000ul

static mmu_update_t batch[BATCH_MAX];

/* Every request names our own first frame: valid, and a no-op. */
static void fill_batch(unsigned long n)
{
    unsigned long pfn = pv_va_to_pfn((unsigned long)batch);
    uint64_t ptr = ((uint64_t)pv_pfn_to_mfn(pfn) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
    unsigned long i;

    for (i = 0; i < n; i++)
        batch[i] = (mmu_update_t){ .ptr = ptr, .val = pfn };
}

void role_longmmu(void)
{
    unsigned long n = arg_ulong("batch", 100000), rounds;
    unsigned int done;
    long rc;

    if (n > BATCH_MAX)
        n = BATCH_MAX;
    fill_batch(n);
    for (rounds = 1;; rounds++) {
        done = 0;
        rc = HYPERVISOR_mmu_update(batch, n, &done, DOMID_SELF);
        if (rc || done != n) {
            check(0, "longmmu.batch", "round %lu: rc %ld, %u of %lu done", rounds, rc, done, n);
            test_finish();
        }
        if (rounds == 1)
            report_pass("longmmu.first_batch_complete");
    }
}

void role_timely(void)
{
    unsigned long ticks = arg_ulong("ticks", 50), i;
    uint64_t period = arg_ulong("period_ms", 7) * NS_PER_MS, worst = 0, late;
    struct sched_remote_shutdown rs = { .domain_id = (domid_t)arg_ulong("kill", 1) };
    evtchn_port_t port = 0;

    if (!check_rc("timely.bind_timer", evt_bind_virq(VIRQ_TIMER, 0, &port), 0))
        return;
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    evt_enable_upcalls();
    for (i = 1; i <= ticks; i++) {
        uint64_t deadline = evt_now() + period;
        uint32_t before = evt_count[port];

        HYPERVISOR_set_timer_op(deadline);
        evt_wait(port, before + 1, MAX_BLOCKS);
        late = evt_now() - deadline;
        worst = late > worst ? late : worst;
    }
    printk("timely: %lu timers, worst %lu us late\n", ticks, (unsigned long)(worst / NS_PER_US));
    report_pass("timely.timers_fired");
    check_rc("timely.remote_shutdown", HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0);
}
