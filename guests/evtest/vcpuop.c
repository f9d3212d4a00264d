/*
 * guests/evtest/vcpuop.c - vcpu_op beyond the timers: is_up, the runstate
 * (read and registered area), get_physid, the commands a domain's only
 * vCPU answers, and moving vcpu_info out of shared_info into a page of
 * our own (as Linux does), after which events arrive there.
 */
#include "evtest.h"

#define BLOCK_NS (5 * NS_PER_MS)

static struct vcpu_runstate_info area;
/* A readable vcpu_guest_context's worth (5168 bytes for 64-bit guests). */
static uint8_t context[5168];
static uint8_t vcpu_info_page[PAGE_SIZE] PAGE_ALIGNED_BSS;
#define VCPU_INFO_OFFSET 128

static void sleep_blocked(uint64_t ns)
{
    evtest_sleep_until(evt_now() + ns);
}

static void test_runstate(void)
{
    struct vcpu_runstate_info r0, r1;
    uint64_t now = evt_now();

    check_rc("runstate.get", HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r0), 0);
    check(r0.state == RUNSTATE_running && r0.state_entry_time <= evt_now() &&
          r0.time[RUNSTATE_running] > 0 && r0.time[RUNSTATE_running] <= now,
          "runstate.running", "state %d, running %lu ns", r0.state,
          (unsigned long)r0.time[RUNSTATE_running]);
    sleep_blocked(BLOCK_NS);
    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r1);
    /* Blocked for the sleep, less the moments it ran to set it up and notice the end. */
    check(r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked] >= BLOCK_NS * 9 / 10,
          "runstate.blocked_time_counted", "%lu ns blocked",
          (unsigned long)(r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked]));
    check_rc("runstate.bad_pointer",
             HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, BAD_PTR), -XEN_EFAULT);
    check_rc("runstate.bad_vcpu",
             HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &r1), -XEN_ENOENT);
}

static void test_runstate_area(void)
{
    vcpu_register_runstate_memory_area_t reg = { .addr.v = &area };
    uint64_t blocked;

    check_rc("runstate_area.register",
             HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg), 0);
    check(area.state == RUNSTATE_running && area.time[RUNSTATE_running] > 0,
          "runstate_area.filled", "state %d", area.state);
    blocked = area.time[RUNSTATE_blocked];
    sleep_blocked(BLOCK_NS);
    check(area.time[RUNSTATE_blocked] - blocked >= BLOCK_NS * 9 / 10, "runstate_area.updated",
          "%lu ns more blocked time", (unsigned long)(area.time[RUNSTATE_blocked] - blocked));
    check_rc("runstate_area.bad_pointer",
             HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, BAD_PTR), -XEN_EFAULT);
    reg.addr.p = 0xffff830000000000UL;          /* the hypervisor's */
    check_rc("runstate_area.hypervisor_address",
             HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg), -XEN_EFAULT);
    check(area.state == RUNSTATE_running, "runstate_area.kept_after_refusal", "state %d", area.state);
}

static void test_misc(void)
{
    vcpu_get_physid_t id = { .phys_id = ~0ULL };

    check_rc("vcpu_op.is_up", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    check_rc("vcpu_op.is_up_bad_vcpu", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT);
    check_rc("vcpu_op.is_up_huge_vcpu", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0xffffffffu, NULL),
             -XEN_ENOENT);
    check_rc("vcpu_op.get_physid", HYPERVISOR_vcpu_op(VCPUOP_get_physid, 0, &id), 0);
    check(id.phys_id == 0, "vcpu_op.physid_is_cpu0", "phys_id %#lx", (unsigned long)id.phys_id);
    check_rc("vcpu_op.get_physid_bad_pointer",
             HYPERVISOR_vcpu_op(VCPUOP_get_physid, 0, BAD_PTR), -XEN_EFAULT);
    check_rc("vcpu_op.initialise_running", HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, context),
             -XEN_EEXIST);
    check_rc("vcpu_op.initialise_bad_context", HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, BAD_PTR),
             -XEN_EFAULT);
    check_rc("vcpu_op.up_running", HYPERVISOR_vcpu_op(VCPUOP_up, 0, NULL), 0);
    check_rc("vcpu_op.unknown", HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
}

static long register_vcpu_info(uint64_t mfn, uint32_t offset)
{
    vcpu_register_vcpu_info_t r = { .mfn = mfn, .offset = offset };

    return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

static void test_vcpu_info(void)
{
    volatile vcpu_info_t *moved = (volatile vcpu_info_t *)(vcpu_info_page + VCPU_INFO_OFFSET);
    unsigned long mfn = pv_va_to_mfn(vcpu_info_page);
    evtchn_port_t ipi = 0;
    uint32_t before;

    check_rc("vcpu_info.offset_too_big", register_vcpu_info(mfn, PAGE_SIZE - 63), -XEN_EINVAL);
    check_rc("vcpu_info.offset_misaligned", register_vcpu_info(mfn, VCPU_INFO_OFFSET + 4),
             -XEN_EINVAL);
    check_rc("vcpu_info.frame_not_ours", register_vcpu_info(1, 0), -XEN_EINVAL);
    check_rc("vcpu_info.bad_pointer", HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, BAD_PTR),
             -XEN_EFAULT);
    evt_bind_ipi(0, &ipi);
    evt_disable_upcalls();
    if (!check_rc("vcpu_info.register", register_vcpu_info(mfn, VCPU_INFO_OFFSET), 0))
        return;
    evt_use_vcpu_info(moved);
    check(moved->time.version % 2 == 0 && moved->time.tsc_to_system_mul &&
          moved->time.tsc_timestamp == shared_info->vcpu_info[0].time.tsc_timestamp &&
          moved->evtchn_upcall_mask, "vcpu_info.state_copied", "version %u, mul %u, mask %u",
          moved->time.version, moved->time.tsc_to_system_mul, moved->evtchn_upcall_mask);
    evt_enable_upcalls();
    before = evt_count[ipi];
    evt_send(ipi);
    check(evt_count[ipi] == before + 1 && moved->evtchn_upcall_pending == 0,
          "vcpu_info.events_arrive_in_new_place", "%u events", evt_count[ipi] - before);
    check_rc("vcpu_info.register_twice", register_vcpu_info(mfn, 0), -XEN_EINVAL);
}

static long pin(int32_t pcpu)
{
    struct sched_pin_override po = { .pcpu = pcpu };

    return HYPERVISOR_sched_op(SCHEDOP_pin_override, &po);
}

/* SCHEDOP_pin_override belongs here: domain 0 only, and a vCPU matter. */
static void test_pin_override(void)
{
    check_rc("pin_override.pin", pin(0), 0);
    check_rc("pin_override.pin_twice", pin(0), -XEN_EBUSY);
    check_rc("pin_override.undo", pin(-1), 0);
    check_rc("pin_override.undo_twice", pin(-1), -XEN_EINVAL);
    check_rc("pin_override.no_such_cpu", pin(1), -XEN_EINVAL);
    check_rc("pin_override.bad_pointer", HYPERVISOR_sched_op(SCHEDOP_pin_override, BAD_PTR),
             -XEN_EFAULT);
}

void role_vcpuop(void)
{
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    evt_enable_upcalls();
    test_runstate();
    test_runstate_area();
    test_misc();
    test_pin_override();
    test_vcpu_info();
}
