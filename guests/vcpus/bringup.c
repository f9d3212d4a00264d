/*
 * guests/vcpus/bringup.c - a secondary vCPU's first context, as Linux's
 * cpu_initialize_context builds it: our page tables, the flat kernel
 * selectors, a stack of its own, the trap table and callbacks vCPU 0
 * registered, and a %gs base naming its slot.  Then VCPUOP_initialise
 * and VCPUOP_up, and what they refuse.
 */
#include "vcpus.h"
#include "string.h"

static uint8_t stacks[VCPUS_MAX][VCPU_STACK_SIZE] __attribute__((aligned(16)));
static struct vcpu_guest_context context;

unsigned int this_vcpu(void)
{
    unsigned long sp = (unsigned long)__builtin_frame_address(0);
    unsigned long base = (unsigned long)stacks;

    if (sp <= base || sp > base + sizeof(stacks))
        return 0;                   /* vCPU 0 runs on the boot stack */
    return (unsigned int)((sp - base - 1) / VCPU_STACK_SIZE);
}

static void fill_context(struct vcpu_guest_context *c, unsigned int id)
{
    unsigned long top = (unsigned long)(stacks[id] + VCPU_STACK_SIZE);
    const trap_info_t *t;

    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_failsafe_disables_events | VGCF_syscall_disables_events;
    c->user_regs.rip = (unsigned long)secondary_main;
    c->user_regs.rsp = top - 8;     /* as if called: the ABI's alignment */
    c->user_regs.rdi = id;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = X86_EFLAGS_IF;
    for (t = traps_table(); t->address; t++)
        c->trap_ctxt[t->vector] = *t;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = top;
    c->ctrlreg[3] = pv_expected_cr3();
    c->event_callback_eip = (unsigned long)entry_event_callback;
    c->failsafe_callback_eip = (unsigned long)entry_failsafe_callback;
    c->syscall_callback_eip = (unsigned long)entry_syscall_callback;
    c->gs_base_kernel = (unsigned long)&slots[id];
    slots[id].self = &slots[id];
    slots[id].id = id;
}

static long initialise(unsigned int id, const struct vcpu_guest_context *c)
{
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, id, (void *)c);
}

/* A context Xen refuses leaves the vCPU uninitialised: up is still -EINVAL. */
static void refused_contexts(void)
{
    fill_context(&context, 1);
    context.user_regs.rip = 0x0000800000000000UL;   /* not canonical */
    check_rc("initialise.noncanonical_rip", initialise(1, &context), -XEN_EINVAL);
    fill_context(&context, 1);
    context.ctrlreg[3] = xen_pfn_to_cr3(pv_va_to_mfn(stacks[1]));  /* not a table */
    check_rc("initialise.cr3_not_l4", initialise(1, &context), -XEN_EINVAL);
    fill_context(&context, 1);
    context.ctrlreg[3] = xen_pfn_to_cr3(1);         /* not our frame */
    check_rc("initialise.cr3_not_ours", initialise(1, &context), -XEN_EINVAL);
    check_rc("initialise.bad_pointer", HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, BAD_PTR),
             -XEN_EFAULT);
    check_rc("up.after_refusals", HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
}

void bringup_checks(void)
{
    struct vcpu_runstate_info r;

    check_rc("is_up.vcpu0", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    check_rc("is_up.vcpu1_before", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    check_rc("is_up.past_last", HYPERVISOR_vcpu_op(VCPUOP_is_up, nr_vcpus, NULL), -XEN_ENOENT);
    check_rc("is_up.huge_id", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0x80000000u, NULL), -XEN_ENOENT);
    check_rc("up.uninitialised", HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL), -XEN_EINVAL);
    check_rc("runstate.vcpu1", HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &r), 0);
    check(r.state == RUNSTATE_offline, "runstate.vcpu1_offline", "state %d", r.state);
    fill_context(&context, 0);
    check_rc("initialise.vcpu0_exists", initialise(0, &context), -XEN_EEXIST);
    check_rc("initialise.past_last", initialise(nr_vcpus, &context), -XEN_ENOENT);
    refused_contexts();
}

static void bring_up(unsigned int id, unsigned int *bad)
{
    fill_context(&context, id);
    bad[0] += initialise(id, &context) != 0;
    bad[1] += initialise(id, &context) != -XEN_EEXIST;
    bad[2] += HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL) != 0;
    bad[3] += HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL) != 0;
    bad[4] += HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL) != 1;
}

static unsigned int nr_ready(void)
{
    unsigned int id, ready = 0;

    for (id = 1; id < nr_vcpus; id++)
        ready += slots[id].ready;
    return ready;
}

/* Each secondary vCPU up and answering; initialise twice is -EEXIST. */
void bringup_all(void)
{
    static const char *const names[] = { "initialise.secondaries", "initialise.twice",
        "up.secondaries", "up.twice", "is_up.secondaries" };
    unsigned int id, i, bad[5] = { 0 };
    unsigned long n;

    for (id = 1; id < nr_vcpus; id++)
        bring_up(id, bad);
    for (i = 0; i < 5; i++)
        check(bad[i] == 0, names[i], "%u of %u vCPUs wrong", bad[i], nr_vcpus - 1);
    for (n = 0; n < MAX_YIELDS && nr_ready() < nr_vcpus - 1; n++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    if (!check(nr_ready() == nr_vcpus - 1, "secondaries.running", "%u of %u ready",
               nr_ready(), nr_vcpus - 1))
        test_finish();
}
