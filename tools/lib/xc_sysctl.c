/*
 * tools/lib/xc_sysctl.c - libxenctrl's machine-wide calls (sysctl):
 * physinfo, the hypervisor's log and the domain list (see xenctrl.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <public/hypercall-numbers.h>
#include "xc_private.h"

static int do_sysctl(xc_interface *xch, struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return xc_hypercall(xch, __HYPERVISOR_sysctl, (uintptr_t)op, 0, 0) < 0
           ? -1 : 0;
}

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };

    if (!info) {
        errno = EINVAL;
        return -1;
    }
    if (do_sysctl(xch, &op))
        return -1;
    *info = op.u.physinfo;
    return 0;
}

int xc_readconsolering(xc_interface *xch, char *buffer,
                       unsigned int *pnr_chars, int clear, int incremental,
                       uint32_t *pindex)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_readconsole };
    char *buf;
    int rc;

    if (!buffer || !pnr_chars) {
        errno = EINVAL;
        return -1;
    }
    buf = xc_bounce_in(NULL, *pnr_chars);
    if (!buf)
        return -1;
    op.u.readconsole.clear = !!clear;
    op.u.readconsole.count = *pnr_chars;
    if (pindex) {
        op.u.readconsole.incremental = !!incremental;
        op.u.readconsole.index = *pindex;
    }
    set_xen_guest_handle(op.u.readconsole.buffer, buf);
    rc = do_sysctl(xch, &op);
    if (rc == 0) {
        /* Never trust a count past the buffer we gave. */
        if (op.u.readconsole.count < *pnr_chars)
            *pnr_chars = op.u.readconsole.count;
        memcpy(buffer, buf, *pnr_chars);
        if (pindex)
            *pindex = op.u.readconsole.index;
    }
    free(buf);
    return rc;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
                          unsigned int max_domains, xc_domaininfo_t *info)
{
    struct xen_sysctl op = { .cmd = XEN_SYSCTL_getdomaininfolist };
    xc_domaininfo_t *buf;
    unsigned int got;

    if (!xc_domid_ok(first_domain))
        return -1;
    if (max_domains && !info) {
        errno = EINVAL;
        return -1;
    }
    buf = xc_bounce_in(NULL, (size_t)max_domains * sizeof(*buf));
    if (!buf)
        return -1;
    op.u.getdomaininfolist.first_domain = (domid_t)first_domain;
    op.u.getdomaininfolist.max_domains = max_domains;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buf);
    if (do_sysctl(xch, &op)) {
        free(buf);
        return -1;
    }
    got = op.u.getdomaininfolist.num_domains;
    got = got < max_domains ? got : max_domains;
    if (got)
        memcpy(info, buf, (size_t)got * sizeof(*buf));
    free(buf);
    return (int)got;
}
