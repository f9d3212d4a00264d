/*
 * event_channel_op (32) and its legacy form event_channel_op_compat (16):
 * copy each command's struct in, run it (common/event_channel.c), copy
 * the results out.  As on Xen, a command that succeeded but whose result
 * cannot be written back returns -EFAULT with its effect kept.
 */
#include <minixen/lib.h>
#include <minixen/hypercall.h>
#include <minixen/printk.h>
#include <minixen/guest_access.h>
#include <minixen/sched.h>
#include <minixen/event.h>

/* Commands whose struct has OUT fields go through here. */
#define IN_OUT(type, call)                                                 \
    do {                                                                   \
        type x;                                                            \
        long rc;                                                           \
        if (copy_from_guest(&x, guest_handle_cast(arg, type), 1))          \
            return trace_err(-XEN_EFAULT);                                 \
        rc = call(&x);                                                     \
        if (!rc && copy_to_guest(guest_handle_cast(arg, type), &x, 1))     \
            rc = trace_err(-XEN_EFAULT);                                   \
        return rc;                                                         \
    } while (0)

#define IN(type, var)                                                      \
    type var;                                                              \
    if (copy_from_guest(&var, guest_handle_cast(arg, type), 1))            \
        return trace_err(-XEN_EFAULT)

/* Physical IRQs are not passed through to guests: no domain has any. */
static long bind_pirq(evtchn_bind_pirq_t *b)
{
    (void)b;
    return trace_err(-XEN_EINVAL);
}

static long close_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    IN(evtchn_close_t, c);
    return evtchn_close(current_domain(), c.port);
}

/* The hottest command: its one port is read with a single checked load. */
static long send_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    evtchn_port_t port;

    _Static_assert(sizeof(evtchn_send_t) == sizeof(uint32_t), "send is one port");
    if (!get_guest_u32(&port, guest_handle_addr(arg)))
        return trace_err(-XEN_EFAULT);
    return evtchn_send(current_domain(), port);
}

static long bind_vcpu_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    IN(evtchn_bind_vcpu_t, b);
    return evtchn_bind_vcpu(b.port, b.vcpu);
}

static long unmask_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    IN(evtchn_unmask_t, u);
    return evtchn_unmask(u.port);
}

/* A preempted reset is continued as EVTCHNOP_reset_cont, as on Xen. */
static long reset_cmd(XEN_GUEST_HANDLE_PARAM(void) arg, bool resuming)
{
    IN(evtchn_reset_t, r);
    long rc = evtchn_reset(r.dom, resuming);

    if (rc != -XEN_ERESTART)
        return rc;
    return hypercall_create_continuation(__HYPERVISOR_event_channel_op,
                                         EVTCHNOP_reset_cont, guest_handle_addr(arg));
}

static long set_priority_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    IN(evtchn_set_priority_t, p);
    return evtchn_set_priority(&p);
}

/* Nothing to copy back: a read-only argument is fine, as on Xen. */
static long expand_array_cmd(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    IN(evtchn_expand_array_t, e);
    return evtchn_fifo_expand_array(&e);
}

static long __attribute__((noinline)) other_cmd(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:    IN_OUT(evtchn_alloc_unbound_t, evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain: IN_OUT(evtchn_bind_interdomain_t, evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:        IN_OUT(evtchn_bind_virq_t, evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:         IN_OUT(evtchn_bind_ipi_t, evtchn_bind_ipi);
    case EVTCHNOP_bind_pirq:        IN_OUT(evtchn_bind_pirq_t, bind_pirq);
    case EVTCHNOP_status:           IN_OUT(evtchn_status_t, evtchn_status);
    case EVTCHNOP_close:            return close_cmd(arg);
    case EVTCHNOP_bind_vcpu:        return bind_vcpu_cmd(arg);
    case EVTCHNOP_unmask:           return unmask_cmd(arg);
    case EVTCHNOP_reset:            return reset_cmd(arg, false);
    case EVTCHNOP_reset_cont:       return reset_cmd(arg, true);
    case EVTCHNOP_set_priority:     return set_priority_cmd(arg);
    case EVTCHNOP_init_control:     IN_OUT(evtchn_init_control_t, evtchn_fifo_init_control);
    case EVTCHNOP_expand_array:     return expand_array_cmd(arg);
    }
    return trace_err(-XEN_ENOSYS);
}

/* send first, on its own: the others' switch would cost it a stack frame. */
long do_event_channel_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    if (cmd == EVTCHNOP_send)
        return send_cmd(arg);
    return other_cmd(cmd, arg);
}

/* The commands the legacy form carries (Xen's list: none added after it). */
static bool compat_cmd_known(uint32_t cmd)
{
    return cmd <= EVTCHNOP_unmask;
}

/* As Xen, the whole struct must be readable, whatever the command. */
long do_event_channel_op_compat(XEN_GUEST_HANDLE_PARAM(evtchn_op_t) uop)
{
    evtchn_op_t op;
    uint32_t cmd;

    if (copy_from_guest(&op, uop, 1))
        return trace_err(-XEN_EFAULT);
    cmd = op.cmd;
    if (!compat_cmd_known(cmd))
        return trace_err(-XEN_ENOSYS);
    return do_event_channel_op(cmd, (XEN_GUEST_HANDLE_PARAM(void)){ &uop.p->u });
}
