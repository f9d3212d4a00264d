/*
 * guests/test/multicall.c - multicall and vm_assist.
 *
 * multicall, checked against xen/common/multicall.c and
 * xen/arch/x86/pv/hypercall.c: entries run in order, each result lands in
 * its entry (an unknown op gets -ENOSYS and the batch goes on), the call
 * returns 0, or -EFAULT when the list cannot be read.  An iret entry is
 * not refused: it is performed with the frame at the caller's stack
 * pointer and ends the batch (see multicall_iret.S).
 *
 * vm_assist, checked against do_vm_assist (xen/common/domain.c) and
 * NATIVE_VM_ASSIST_VALID (asm-x86/config.h): a type outside the 64-bit PV
 * valid mask (bits 0-5 and 32) is -EINVAL, checked before the command; a
 * valid type with an unknown command is -ENOSYS.
 */
#include <stddef.h>
#include "test.h"
#include "multicall_iret.h"

_Static_assert(offsetof(struct multicall_iret_result, path) == MC_IRET_PATH, "asm");
_Static_assert(offsetof(struct multicall_iret_result, rcx) == MC_IRET_RCX, "asm");
_Static_assert(offsetof(struct multicall_iret_result, expected_rcx) ==
               MC_IRET_EXPECTED_RCX, "asm");

/* An op no hypercall has (gap in xen.h). */
#define HC_UNASSIGNED 11
/* vm_assist: a type outside the valid mask, one beyond 63, a bad command. */
#define VMASST_TYPE_UNDEFINED   6
#define VMASST_TYPE_OUT_OF_LONG 64
#define VMASST_CMD_UNDEFINED    2
/* RFLAGS bit 1 always reads as 1. */
#define X86_EFLAGS_MBS 0x2

static multicall_entry_t mc_entry(unsigned long op, unsigned long a0)
{
    return (multicall_entry_t){ .op = op, .result = TEST_SENTINEL, .args = { a0 } };
}

static void test_multicall_basic(long version)
{
    multicall_entry_t list[3];
    long rc;

    list[0] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    list[1] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    rc = HYPERVISOR_multicall(list, 2);
    check(rc == 0 && (long)list[0].result == version &&
          (long)list[1].result == version, "multicall.two_versions",
          "returned %ld, results %#lx %#lx, expected %#lx",
          rc, list[0].result, list[1].result, version);

    list[0] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    list[1] = mc_entry(HC_UNASSIGNED, 0);
    list[2] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    rc = HYPERVISOR_multicall(list, 3);
    check(rc == 0 && (long)list[0].result == version &&
          (long)list[1].result == -XEN_ENOSYS && (long)list[2].result == version,
          "multicall.unknown_op", "returned %ld, results %ld %ld %ld",
          rc, (long)list[0].result, (long)list[1].result, (long)list[2].result);

    check_rc("multicall.bad_list",
             HYPERVISOR_multicall((multicall_entry_t *)BAD_PTR_UNMAPPED, 1),
             -XEN_EFAULT);

    /* A yield inside a batch must not cut the batch short (Xen runs it all). */
    list[0] = mc_entry(__HYPERVISOR_sched_op, SCHEDOP_yield);
    list[1] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    rc = HYPERVISOR_multicall(list, 2);
    check(rc == 0 && list[0].result == 0 && (long)list[1].result == version,
          "multicall.yield_then_continues", "returned %ld, results %ld %#lx",
          rc, (long)list[0].result, list[1].result);
}

static void test_multicall_iret(long version)
{
    multicall_entry_t list[3];
    struct multicall_iret_result out = { 0 };
    /* Keep the current event mask: iret sets it to !RFLAGS.IF. */
    unsigned long rflags = X86_EFLAGS_MBS |
        (shared_info->vcpu_info[0].evtchn_upcall_mask ? 0 : X86_EFLAGS_IF);

    list[0] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    list[1] = mc_entry(__HYPERVISOR_iret, 0);
    list[2] = mc_entry(__HYPERVISOR_xen_version, XENVER_version);
    multicall_iret_probe(list, ARRAY_SIZE(list), rflags, &out);

    check(out.path == MC_IRET_PATH_IRET, "multicall.iret_performed",
          "the multicall returned normally (iret entry result %ld)",
          (long)list[1].result);
    check(out.rcx == out.expected_rcx, "multicall.iret_restores_rcx",
          "rcx %#lx, frame had %#lx", out.rcx, out.expected_rcx);
    check((long)list[0].result == version && list[2].result == TEST_SENTINEL,
          "multicall.iret_ends_batch", "results %#lx, (iret), %#lx",
          list[0].result, list[2].result);
}

void test_multicall(void)
{
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    test_multicall_basic(version);
    test_multicall_iret(version);
}

void test_vm_assist(void)
{
    check_rc("vm_assist.enable",
             HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    check_rc("vm_assist.disable",
             HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_runstate_update_flag), 0);
    check_rc("vm_assist.unknown_type",
             HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_UNDEFINED), -XEN_EINVAL);
    check_rc("vm_assist.type_out_of_range",
             HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_OUT_OF_LONG), -XEN_EINVAL);
    check_rc("vm_assist.unknown_cmd",
             HYPERVISOR_vm_assist(VMASST_CMD_UNDEFINED, VMASST_TYPE_runstate_update_flag),
             -XEN_ENOSYS);
}
