/*
 * physdev_op (33) and its legacy form physdev_op_compat (19): a PV guest
 * kernel sets its vCPU's virtual I/O privilege level and I/O permission
 * bitmap.  Nothing is checked against the hardware here; pv/ioport.c
 * reads both settings when the guest touches a port, and only then
 * decides (with the domain's own port rights) what the access does.
 *
 * Every other sub-command returns -ENOSYS: minixen has no physical IRQs
 * or PCI devices to hand out yet.  (Xen knows them and answers most with
 * -EINVAL or -EPERM for a domain without the hardware.)
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/physdev.h>

static long physdev_set_iopl(struct vcpu *v, const physdev_set_iopl_t *op)
{
    if (op->iopl > PHYSDEV_IOPL_MAX)
        return trace_err(-XEN_EINVAL);
    v->arch.iopl = op->iopl;
    return 0;
}

static long physdev_set_iobitmap(struct vcpu *v, const physdev_set_iobitmap_t *op)
{
    unsigned long addr = guest_handle_addr(op->bitmap);

    /*
     * Only the start is checked, as Xen's guest_handle_okay does for a
     * 64-bit guest: the bitmap stays in guest memory and every read of it
     * (pv/ioport.c) checks its own two bytes.
     */
    if (!guest_range_ok(addr, 1) || op->nr_ports > PHYSDEV_IOBITMAP_MAX_PORTS)
        return trace_err(-XEN_EINVAL);
    v->arch.iobmp = addr;
    v->arch.iobmp_nr = op->nr_ports;
    return 0;
}

long do_physdev_op(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    physdev_set_iopl_t iopl;
    physdev_set_iobitmap_t bitmap;

    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        if (copy_from_guest(&iopl, guest_handle_cast(arg, physdev_set_iopl_t), 1))
            return trace_err(-XEN_EFAULT);
        return physdev_set_iopl(current, &iopl);
    case PHYSDEVOP_set_iobitmap:
        if (copy_from_guest(&bitmap, guest_handle_cast(arg, physdev_set_iobitmap_t), 1))
            return trace_err(-XEN_EFAULT);
        return physdev_set_iobitmap(current, &bitmap);
    }
    return trace_err(-XEN_ENOSYS);
}

/*
 * The whole struct is read first, as Xen does, so a short struct is
 * -EFAULT even for a command that uses only its first bytes.  Xen then
 * passes the command a pointer into the guest's copy; running it on ours
 * gives the same results (neither command writes anything back) without
 * reading guest memory twice.
 */
long do_physdev_op_compat(XEN_GUEST_HANDLE_PARAM(void) uop)
{
    physdev_op_t op;

    if (copy_from_guest(&op, guest_handle_cast(uop, physdev_op_t), 1))
        return trace_err(-XEN_EFAULT);
    switch (op.cmd) {
    case PHYSDEVOP_set_iopl:
        return physdev_set_iopl(current, &op.u.set_iopl);
    case PHYSDEVOP_set_iobitmap:
        return physdev_set_iobitmap(current, &op.u.set_iobitmap);
    }
    return trace_err(-XEN_ENOSYS);
}
