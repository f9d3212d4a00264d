/*
 * guests/vcpus/main.c - vCPU 0: start-up, counting the vCPUs, and the
 * order of the checks.
 */
#include "vcpus.h"
#include "xencons.h"

struct vcpu_slot slots[VCPUS_MAX];
unsigned int nr_vcpus;
evtchn_port_t pong_port;

static void count_upcall(struct trap_frame *f)
{
    (void)f;
    slots[this_vcpu()].upcalls++;
}

/* VCPUOP_is_up answers for every vCPU the domain has, -ENOENT past them. */
static unsigned int count_vcpus(void)
{
    unsigned int n = 1;

    while (n < VCPUS_MAX && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    return n;
}

static void setup(void)
{
    if (pv_setup_minimal())
        test_abort("vcpus.setup", "start-up hypercalls failed");
    xencons_init();                 /* created by xl: checks on the PV console */
    slots[0].self = &slots[0];
    HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, (unsigned long)&slots[0]);
    evt_current_vcpu = this_vcpu;
    event_hook = count_upcall;
    if (evt_bind_ipi(0, &pong_port))
        test_abort("vcpus.setup", "no IPI port for vCPU 0");
    evt_enable_upcalls();
}

void guest_main(void)
{
    setup();
    nr_vcpus = count_vcpus();
    printk("vcpus: %u vCPUs\n", nr_vcpus);
    if (!check(nr_vcpus >= 2, "vcpus.several", "only %u vCPU", nr_vcpus))
        test_finish();
    bringup_checks();
    bringup_all();
    exchange_checks();
    down_up_checks();
    last_vcpus_down();
}
