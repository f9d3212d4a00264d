/*
 * tools/lib/xenctrl.c - libxenctrl's handle, domain and vCPU calls
 * (domctl, sched_op) over xencall's privcmd hypercall (see xenctrl.h).
 *
 * The hypervisor reads and writes our buffers in place and cannot take a
 * demand fault in dom0's user space, so every buffer it touches is either
 * on the stack (written, hence present) or a xencall_buffer copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <public/hypercall-numbers.h>
#include <public/sched.h>
#include "xc_private.h"
#include "xencall.h"

xc_interface *xc_interface_open(xentoollog_logger *logger,
                                xentoollog_logger *dombuild_logger,
                                unsigned int open_flags)
{
    xc_interface *xch = malloc(sizeof(*xch));

    (void)logger, (void)dombuild_logger, (void)open_flags;
    if (!xch)
        return NULL;
    xch->privcmd_fd = xencall_open();
    if (xch->privcmd_fd < 0) {
        int saved = errno;

        free(xch);
        errno = saved;
        return NULL;
    }
    return xch;
}

int xc_interface_close(xc_interface *xch)
{
    int rc = 0;

    if (xch) {
        rc = close(xch->privcmd_fd);
        free(xch);
    }
    return rc;
}

bool xc_domid_ok(uint32_t domid)
{
    if (domid <= UINT16_MAX)
        return true;
    errno = EINVAL;
    return false;
}

long xc_hypercall(xc_interface *xch, unsigned int op, uint64_t a0,
                  uint64_t a1, uint64_t a2)
{
    if (!xch) {
        errno = EBADF;
        return -1;
    }
    return xencall5(xch->privcmd_fd, op, a0, a1, a2, 0, 0);
}

int xc_domctl(xc_interface *xch, uint32_t domid, struct xen_domctl *op)
{
    if (!xc_domid_ok(domid))
        return -1;
    op->domain = (domid_t)domid;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return xc_hypercall(xch, __HYPERVISOR_domctl, (uintptr_t)op, 0, 0) < 0
           ? -1 : 0;
}

void *xc_bounce_in(const void *src, size_t len)
{
    void *buf = xencall_buffer(len);

    if (buf && src)
        memcpy(buf, src, len);
    if (!buf)
        errno = ENOMEM;
    return buf;
}

/* A domctl whose only argument is the domain. */
static int domctl_simple(xc_interface *xch, uint32_t domid, uint32_t cmd)
{
    struct xen_domctl op = { .cmd = cmd };

    return xc_domctl(xch, domid, &op);
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
                     struct xen_domctl_createdomain *config)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_createdomain };

    if (!pdomid || !config) {
        errno = EINVAL;
        return -1;
    }
    op.u.createdomain = *config;
    if (xc_domctl(xch, *pdomid, &op))
        return -1;
    *pdomid = op.domain;
    *config = op.u.createdomain;
    return 0;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, domid, XEN_DOMCTL_destroydomain);
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, domid, XEN_DOMCTL_pausedomain);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    return domctl_simple(xch, domid, XEN_DOMCTL_unpausedomain);
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct sched_remote_shutdown arg = { .reason = (uint32_t)reason };

    if (!xc_domid_ok(domid))
        return -1;
    arg.domain_id = (domid_t)domid;
    return xc_hypercall(xch, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
                        (uintptr_t)&arg, 0) < 0 ? -1 : 0;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_max_mem };

    op.u.max_mem.max_memkb = max_memkb;
    return xc_domctl(xch, domid, &op);
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_max_vcpus };

    op.u.max_vcpus.max = max;
    return xc_domctl(xch, domid, &op);
}

int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        xen_domain_handle_t handle)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_setdomainhandle };

    memcpy(op.u.setdomainhandle.handle, handle, sizeof(xen_domain_handle_t));
    return xc_domctl(xch, domid, &op);
}

int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                              int32_t time_offset_seconds)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_settimeoffset };

    op.u.settimeoffset.time_offset_seconds = time_offset_seconds;
    return xc_domctl(xch, domid, &op);
}

/* set/getvcpucontext through a bounce copy of the 5168-byte context. */
static int vcpu_context(xc_interface *xch, uint32_t cmd, uint32_t domid,
                        uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
{
    struct xen_domctl op = { .cmd = cmd };
    vcpu_guest_context_t *buf;
    int rc;

    if (!ctxt) {
        errno = EINVAL;
        return -1;
    }
    buf = xc_bounce_in(&ctxt->c, sizeof(*buf));
    if (!buf)
        return -1;
    op.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(op.u.vcpucontext.ctxt, buf);
    rc = xc_domctl(xch, domid, &op);
    if (rc == 0 && cmd == XEN_DOMCTL_getvcpucontext)
        memcpy(&ctxt->c, buf, sizeof(*buf));
    free(buf);
    return rc;
}

int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       vcpu_guest_context_any_t *ctxt)
{
    return vcpu_context(xch, XEN_DOMCTL_setvcpucontext, domid, vcpu, ctxt);
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                       vcpu_guest_context_any_t *ctxt)
{
    return vcpu_context(xch, XEN_DOMCTL_getvcpucontext, domid, vcpu, ctxt);
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
                    xc_vcpuinfo_t *info)
{
    struct xen_domctl op = { .cmd = XEN_DOMCTL_getvcpuinfo };

    if (!info) {
        errno = EINVAL;
        return -1;
    }
    op.u.getvcpuinfo.vcpu = vcpu;
    if (xc_domctl(xch, domid, &op))
        return -1;
    *info = op.u.getvcpuinfo;
    return 0;
}
