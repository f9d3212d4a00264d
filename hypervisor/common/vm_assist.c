/*
 * vm_assist: a guest turns optional hypervisor behaviours (VMASST_TYPE_*)
 * on or off for its whole domain.
 *
 * Only the bits recorded here; whoever implements an assist reads
 * d->vm_assist.  The valid set is Xen 4.17's for a 64-bit PV guest: the
 * 32-bit types are accepted too, because Xen never started refusing them
 * (guests set them blindly).  The type is checked before the command, so
 * a bad type gets -EINVAL even with an unknown command, as in Xen.  This
 * set becomes an arch hook when a second guest type exists.
 */
#include <minixen/hypercall.h>
#include <minixen/printk.h>
#include <minixen/sched.h>

/* Number of type bits d->vm_assist can hold. */
#define VM_ASSIST_BITS (sizeof(((struct domain *)0)->vm_assist) * 8)

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current_domain();
    unsigned long bit;

    /* Safe shift: type is below the width of the mask once this passes. */
    if (type >= VM_ASSIST_BITS || !(VM_ASSIST_VALID_PV64 & (1UL << type)))
        return trace_err(-XEN_EINVAL);
    bit = 1UL << type;

    switch (cmd) {
    case VMASST_CMD_enable:
        d->vm_assist |= bit;
        return 0;
    case VMASST_CMD_disable:
        d->vm_assist &= ~bit;
        return 0;
    }
    return trace_err(-XEN_ENOSYS);
}
