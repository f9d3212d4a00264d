/*
 * tools/lib/xc_evtchn.c - event channels: xc_evtchn_alloc_unbound (a
 * hypercall on another domain's behalf) and libxenevtchn's calls over
 * dom0's /dev/xen/evtchn (Linux's device, <xen/evtchn.h>).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <public/hypercall-numbers.h>
#include <xen/evtchn.h>
#include "xc_private.h"

xc_evtchn_port_or_error_t xc_evtchn_alloc_unbound(xc_interface *xch,
                                                  uint32_t dom,
                                                  uint32_t remote_dom)
{
    struct evtchn_alloc_unbound arg = { 0 };

    if (!xc_domid_ok(dom) || !xc_domid_ok(remote_dom))
        return -1;
    arg.dom = (domid_t)dom;
    arg.remote_dom = (domid_t)remote_dom;
    if (xc_hypercall(xch, __HYPERVISOR_event_channel_op,
                     EVTCHNOP_alloc_unbound, (uintptr_t)&arg, 0) < 0)
        return -1;
    return (xc_evtchn_port_or_error_t)arg.port;
}

struct xenevtchn_handle {
    int fd;
};

xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger, unsigned int flags)
{
    xenevtchn_handle *xce = malloc(sizeof(*xce));

    (void)logger, (void)flags;
    if (!xce)
        return NULL;
    xce->fd = open(EVTCHN_DEVICE, O_RDWR | O_CLOEXEC);
    if (xce->fd < 0) {
        int saved = errno;

        free(xce);
        errno = saved;
        return NULL;
    }
    return xce;
}

int xenevtchn_close(xenevtchn_handle *xce)
{
    int rc = 0;

    if (xce) {
        rc = close(xce->fd);
        free(xce);
    }
    return rc;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
    return xce->fd;
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
    struct ioctl_evtchn_notify arg = { .port = port };

    return ioctl(xce->fd, IOCTL_EVTCHN_NOTIFY, &arg) < 0 ? -1 : 0;
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
                                                      uint32_t domid)
{
    struct ioctl_evtchn_bind_unbound_port arg = { .remote_domain = domid };

    return ioctl(xce->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &arg);
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
                                                     uint32_t domid,
                                                     evtchn_port_t remote_port)
{
    struct ioctl_evtchn_bind_interdomain arg = {
        .remote_domain = domid, .remote_port = remote_port,
    };

    return ioctl(xce->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &arg);
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
                                              unsigned int virq)
{
    struct ioctl_evtchn_bind_virq arg = { .virq = virq };

    return ioctl(xce->fd, IOCTL_EVTCHN_BIND_VIRQ, &arg);
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
    struct ioctl_evtchn_unbind arg = { .port = port };

    return ioctl(xce->fd, IOCTL_EVTCHN_UNBIND, &arg) < 0 ? -1 : 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
    uint32_t port;
    ssize_t got = read(xce->fd, &port, sizeof(port));

    if (got == (ssize_t)sizeof(port))
        return (xenevtchn_port_or_error_t)port;
    if (got >= 0)
        errno = EIO;            /* the device hands out whole ports only */
    return -1;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
    uint32_t value = port;
    ssize_t put = write(xce->fd, &value, sizeof(value));

    if (put == (ssize_t)sizeof(value))
        return 0;
    if (put >= 0)
        errno = EIO;
    return -1;
}
