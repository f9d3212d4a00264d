/*
 * tests/unit/test_xenctrl.c - libxenctrl (tools/lib/xenctrl.c and
 * friends) on the host, with privcmd's ioctl caught by --wrap: what each
 * call hands the hypervisor (command, interface version, domain, its
 * arguments in a buffer of their own), Xen's rules on the way back
 * (_exact calls that fall short, counts capped at the caller's room, the
 * hypervisor's errno passed on), and bad arguments refused before any
 * hypercall.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include <public/hypercall-numbers.h>
#include <public/sched.h>
#include <xen/privcmd.h>
#include "xc_private.h"

static struct {
    unsigned int calls;
    privcmd_hypercall_t call;
    struct xen_domctl domctl;           /* a copy, when op is domctl */
} seen;

/* What the fake hypervisor does with the next call. */
static struct {
    long result;
    int error;                          /* errno for -1, 0 for none */
    void (*effect)(privcmd_hypercall_t *call);
} answer;

int __wrap_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...)
{
    privcmd_hypercall_t *call;
    va_list ap;

    (void)fd;
    assert_int_equal(request, IOCTL_PRIVCMD_HYPERCALL);
    va_start(ap, request);
    call = va_arg(ap, privcmd_hypercall_t *);
    va_end(ap);
    seen.calls++;
    seen.call = *call;
    if (call->op == __HYPERVISOR_domctl)
        seen.domctl = *(struct xen_domctl *)(uintptr_t)call->arg[0];
    if (answer.effect)
        answer.effect(call);
    if (answer.error) {
        errno = answer.error;
        return -1;
    }
    return (int)answer.result;
}

static struct xc_interface_core fake_xch = { .privcmd_fd = 99 };
static xc_interface *const xch = &fake_xch;

static int reset(void **state)
{
    (void)state;
    memset(&seen, 0, sizeof(seen));
    memset(&answer, 0, sizeof(answer));
    return 0;
}

static void give_domid_7(privcmd_hypercall_t *call)
{
    ((struct xen_domctl *)(uintptr_t)call->arg[0])->domain = 7;
}

static void test_create_passes_config_and_returns_the_id(void **state)
{
    struct xen_domctl_createdomain config = { .max_vcpus = 1, .max_evtchn_port = 1023 };
    uint32_t domid = 0;

    (void)state;
    answer.effect = give_domid_7;
    assert_int_equal(xc_domain_create(xch, &domid, &config), 0);
    assert_int_equal(domid, 7);
    assert_int_equal(seen.call.op, __HYPERVISOR_domctl);
    assert_int_equal(seen.domctl.cmd, XEN_DOMCTL_createdomain);
    assert_int_equal(seen.domctl.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
    assert_int_equal(seen.domctl.domain, 0);
    assert_int_equal(seen.domctl.u.createdomain.max_vcpus, 1);
    assert_int_equal(seen.domctl.u.createdomain.max_evtchn_port, 1023);
}

static void test_out_of_range_ids_never_reach_the_hypervisor(void **state)
{
    xen_pfn_t pfn = 0;
    xc_domaininfo_t info;
    struct mmuext_op op = { 0 };

    (void)state;
    errno = 0;
    assert_int_equal(xc_domain_pause(xch, 0x10000), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(xc_domain_shutdown(xch, UINT32_MAX, SHUTDOWN_poweroff), -1);
    assert_int_equal(xc_domain_populate_physmap_exact(xch, 0x10000, 1, 0, 0, &pfn), -1);
    assert_int_equal(xc_domain_getinfolist(xch, 0x10000, 1, &info), -1);
    assert_int_equal(xc_mmuext_op(xch, &op, 1, 0x12345), -1);
    assert_int_equal(xc_evtchn_alloc_unbound(xch, 1, 0x10000), -1);
    assert_int_equal(seen.calls, 0);
}

static void test_hypervisor_errno_is_passed_on(void **state)
{
    (void)state;
    answer.error = ESRCH;
    assert_int_equal(xc_domain_unpause(xch, 3), -1);
    assert_int_equal(errno, ESRCH);
    assert_int_equal(seen.domctl.cmd, XEN_DOMCTL_unpausedomain);
    assert_int_equal(seen.domctl.domain, 3);
}

static void test_shutdown_is_remote_shutdown(void **state)
{
    (void)state;
    assert_int_equal(xc_domain_shutdown(xch, 4, SHUTDOWN_reboot), 0);
    assert_int_equal(seen.call.op, __HYPERVISOR_sched_op);
    assert_int_equal(seen.call.arg[0], SCHEDOP_remote_shutdown);
}

/* populate_physmap: machine frames written back, n of them done. */
static long extents_done;
static unsigned int order_seen;
static void populate_effect(privcmd_hypercall_t *call)
{
    struct xen_memory_reservation *r = (void *)(uintptr_t)call->arg[1];

    order_seen = r->extent_order;
    assert_int_equal(call->op, __HYPERVISOR_memory_op);
    assert_int_equal(r->domid, 5);
    for (long i = 0; i < extents_done && i < (long)r->nr_extents; i++)
        r->extent_start.p[i] = 1000 + (xen_pfn_t)i;
    answer.result = extents_done;
}

static void test_populate_exact(void **state)
{
    xen_pfn_t frames[4] = { 0, 1, 2, 3 };

    (void)state;
    answer.effect = populate_effect;
    extents_done = 4;
    assert_int_equal(xc_domain_populate_physmap_exact(xch, 5, 4, 0, 0, frames), 0);
    assert_int_equal(seen.call.arg[0], XENMEM_populate_physmap);
    assert_int_equal(frames[0], 1000);
    assert_int_equal(frames[3], 1003);
    extents_done = 3;                   /* Xen's _exact: short is EBUSY */
    assert_int_equal(xc_domain_populate_physmap_exact(xch, 5, 4, 0, 0, frames), -1);
    assert_int_equal(errno, EBUSY);
    extents_done = 0;
    assert_int_equal(xc_domain_decrease_reservation_exact(xch, 5, 4, 0, frames), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(xc_domain_populate_physmap_exact(xch, 5, 4, 0, 0, NULL), -1);
    assert_int_equal(errno, EINVAL);
}

/* The plain call: a short count is not an error, a refusal is. */
static void test_populate_partial(void **state)
{
    xen_pfn_t extents[3] = { 0, 512, 1024 };

    (void)state;
    answer.effect = populate_effect;
    extents_done = 2;
    assert_int_equal(xc_domain_populate_physmap(xch, 5, 3, 9, 0, extents), 2);
    assert_int_equal(order_seen, 9);
    assert_int_equal(extents[0], 1000);
    assert_int_equal(extents[1], 1001);
    assert_int_equal(extents[2], 1024);  /* not done: left as it was */
    extents_done = 7;                   /* more than asked: capped */
    assert_int_equal(xc_domain_populate_physmap(xch, 5, 3, 9, 0, extents), 3);
    extents_done = 0;
    assert_int_equal(xc_domain_populate_physmap(xch, 5, 3, 9, 0, extents), 0);
    assert_int_equal(xc_domain_populate_physmap(xch, 5, 3, 9, 0, NULL), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(xc_domain_populate_physmap(xch, 0x10000, 1, 9, 0, extents), -1);
}

/* A hypervisor claiming more entries than it was given room for. */
static void claim_too_many(privcmd_hypercall_t *call)
{
    struct xen_sysctl *op = (void *)(uintptr_t)call->arg[0];

    if (op->cmd == XEN_SYSCTL_getdomaininfolist) {
        op->u.getdomaininfolist.buffer.p[0].domain = 9;
        op->u.getdomaininfolist.num_domains = 1000;
    } else {
        /* It writes only the room it was given, but claims more. */
        memcpy(op->u.readconsole.buffer.p, "0123456789", op->u.readconsole.count);
        op->u.readconsole.count = 1u << 30;
        op->u.readconsole.index = 77;
    }
}

static void test_counts_are_capped_at_the_callers_room(void **state)
{
    xc_domaininfo_t info[2];
    char buf[4];
    unsigned int n = sizeof(buf);
    uint32_t index = 5;

    (void)state;
    answer.effect = claim_too_many;
    assert_int_equal(xc_domain_getinfolist(xch, 0, 2, info), 2);
    assert_int_equal(info[0].domain, 9);
    assert_int_equal(xc_readconsolering(xch, buf, &n, 0, 1, &index), 0);
    assert_int_equal(n, sizeof(buf));
    assert_memory_equal(buf, "0123", 4);
    assert_int_equal(index, 77);
}

static void give_port_12(privcmd_hypercall_t *call)
{
    struct evtchn_alloc_unbound *a = (void *)(uintptr_t)call->arg[1];

    assert_int_equal(call->arg[0], EVTCHNOP_alloc_unbound);
    assert_int_equal(a->dom, 3);
    assert_int_equal(a->remote_dom, 0);
    a->port = 12;
}

static void test_alloc_unbound_returns_the_port(void **state)
{
    (void)state;
    answer.effect = give_port_12;
    assert_int_equal(xc_evtchn_alloc_unbound(xch, 3, 0), 12);
    assert_int_equal(seen.call.op, __HYPERVISOR_event_channel_op);
}

static void test_bad_map_requests(void **state)
{
    xen_pfn_t frame = 1;
    int err;

    (void)state;
    assert_null(xc_map_foreign_bulk(xch, 1, 3, &frame, &err, 0));
    assert_int_equal(errno, EINVAL);
    assert_null(xc_map_foreign_bulk(xch, 1, 3, NULL, &err, 1));
    assert_int_equal(errno, EINVAL);
    assert_null(xc_map_foreign_range(xch, 1, 0, 3, 1));
    assert_int_equal(errno, EINVAL);
    assert_null(xc_map_foreign_range(xch, 1, -4096, 3, 1));
    assert_int_equal(errno, EINVAL);
    assert_int_equal(seen.calls, 0);
}

static void test_vcpu_context_round_trip(void **state)
{
    vcpu_guest_context_any_t ctxt;

    (void)state;
    memset(&ctxt, 0, sizeof(ctxt));
    ctxt.c.user_regs.rip = 0x1234;
    assert_int_equal(xc_vcpu_setcontext(xch, 2, 0, &ctxt), 0);
    assert_int_equal(seen.domctl.cmd, XEN_DOMCTL_setvcpucontext);
    assert_int_equal(seen.domctl.u.vcpucontext.vcpu, 0);
    assert_ptr_not_equal(seen.domctl.u.vcpucontext.ctxt.p, &ctxt.c);
    assert_int_equal(xc_vcpu_setcontext(xch, 2, 0, NULL), -1);
    assert_int_equal(errno, EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_create_passes_config_and_returns_the_id, reset),
        cmocka_unit_test_setup(test_out_of_range_ids_never_reach_the_hypervisor, reset),
        cmocka_unit_test_setup(test_hypervisor_errno_is_passed_on, reset),
        cmocka_unit_test_setup(test_shutdown_is_remote_shutdown, reset),
        cmocka_unit_test_setup(test_populate_exact, reset),
        cmocka_unit_test_setup(test_populate_partial, reset),
        cmocka_unit_test_setup(test_counts_are_capped_at_the_callers_room, reset),
        cmocka_unit_test_setup(test_alloc_unbound_returns_the_port, reset),
        cmocka_unit_test_setup(test_bad_map_requests, reset),
        cmocka_unit_test_setup(test_vcpu_context_round_trip, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
