/*
 * tools/lib/xc_memory.c - libxenctrl's memory calls for another domain:
 * memory_op reservations and mmuext_op (see xenctrl.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/hypercall-numbers.h>
#include "xc_private.h"
#include "xencall.h"

/* Extents that fit one call: Xen's nr_extents is a xen_ulong_t, ours a byte count. */
#define MAX_EXTENTS ((unsigned long)(SIZE_MAX / sizeof(xen_pfn_t)))

/* memory_op(cmd) on nr_extents frames of domid: the count done, or -1. */
static long reservation(xc_interface *xch, unsigned int cmd, uint32_t domid,
                        unsigned long nr_extents, unsigned int extent_order,
                        unsigned int mem_flags, xen_pfn_t *extent_start)
{
    struct xen_memory_reservation res = {
        .nr_extents = nr_extents, .extent_order = extent_order,
        .mem_flags = mem_flags,
    };
    size_t bytes = nr_extents * sizeof(xen_pfn_t);
    xen_pfn_t *buf;
    long rc;

    if (!xc_domid_ok(domid))
        return -1;
    if (nr_extents > MAX_EXTENTS || (nr_extents && !extent_start)) {
        errno = EINVAL;
        return -1;
    }
    buf = xc_bounce_in(extent_start, bytes);
    if (!buf)
        return -1;
    res.domid = (domid_t)domid;
    set_xen_guest_handle(res.extent_start, buf);
    rc = xc_hypercall(xch, __HYPERVISOR_memory_op, cmd, (uintptr_t)&res, 0);
    if (rc > (long)nr_extents)
        rc = (long)nr_extents;          /* a count beyond the list is not believed */
    if (rc > 0)
        memcpy(extent_start, buf, (size_t)rc * sizeof(xen_pfn_t));
    free(buf);
    return rc;
}

/* Xen's _exact rule: fewer than asked is a failure with errno set to short_errno. */
static int exactly(long done, unsigned long wanted, int short_errno)
{
    if (done >= 0 && (unsigned long)done == wanted)
        return 0;
    if (done >= 0)
        errno = short_errno;
    return -1;
}

int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                               unsigned long nr_extents,
                               unsigned int extent_order,
                               unsigned int mem_flags,
                               xen_pfn_t *extent_start)
{
    long done = reservation(xch, XENMEM_populate_physmap, domid, nr_extents,
                            extent_order, mem_flags, extent_start);

    return done < 0 ? -1 : (int)done;
}

int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
                                     unsigned long nr_extents,
                                     unsigned int extent_order,
                                     unsigned int mem_flags,
                                     xen_pfn_t *extent_start)
{
    long done = reservation(xch, XENMEM_populate_physmap, domid, nr_extents,
                            extent_order, mem_flags, extent_start);

    return exactly(done, nr_extents, EBUSY);
}

int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
                                         unsigned long nr_extents,
                                         unsigned int extent_order,
                                         xen_pfn_t *extent_start)
{
    long done = reservation(xch, XENMEM_decrease_reservation, domid,
                            nr_extents, extent_order, 0, extent_start);

    return exactly(done, nr_extents, EINVAL);
}

int xc_mmuext_op(xc_interface *xch, struct mmuext_op *op,
                 unsigned int nr_ops, uint32_t dom)
{
    struct mmuext_op *buf;
    long rc;

    if (!xc_domid_ok(dom))
        return -1;
    if (nr_ops && !op) {
        errno = EINVAL;
        return -1;
    }
    buf = xc_bounce_in(op, (size_t)nr_ops * sizeof(*op));
    if (!buf)
        return -1;
    rc = xencall5(xch->privcmd_fd, __HYPERVISOR_mmuext_op, (uintptr_t)buf,
                  nr_ops, 0, dom, 0);
    free(buf);
    return rc < 0 ? -1 : 0;
}
