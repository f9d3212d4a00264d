/*
 * tools/include/xen/evtchn.h - Linux's event-channel device interface
 * (include/uapi/xen/evtchn.h), which dom0's /dev/xen/evtchn speaks.
 *
 * The bind ioctls return the new local port; read() of the device gives
 * fired ports (one uint32_t each, the port masked until written back),
 * write() of ports unmasks them.  Numbers are Linux's _IOC encodings.
 */
#ifndef MINIXEN_TOOLS_XEN_EVTCHN_H
#define MINIXEN_TOOLS_XEN_EVTCHN_H

#include <stdint.h>
#include <sys/ioctl.h>

#define EVTCHN_DEVICE "/dev/xen/evtchn"

struct ioctl_evtchn_bind_virq {
    unsigned int virq;
};

struct ioctl_evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};

struct ioctl_evtchn_bind_unbound_port {
    unsigned int remote_domain;
};

struct ioctl_evtchn_unbind {
    unsigned int port;
};

struct ioctl_evtchn_notify {
    unsigned int port;
};

struct ioctl_evtchn_restrict_domid {
    uint16_t domid;
};

#define IOCTL_EVTCHN_BIND_VIRQ \
    _IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
    _IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    _IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND \
    _IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_unbind))
#define IOCTL_EVTCHN_NOTIFY \
    _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))
/* Unbinds every port of this open file. */
#define IOCTL_EVTCHN_RESET \
    _IOC(_IOC_NONE, 'E', 5, 0)
#define IOCTL_EVTCHN_RESTRICT_DOMID \
    _IOC(_IOC_NONE, 'E', 6, sizeof(struct ioctl_evtchn_restrict_domid))

/* Linux's numbers, whatever the macros expand to on this host. */
_Static_assert(IOCTL_EVTCHN_BIND_VIRQ == 0x00044500, "Linux's BIND_VIRQ");
_Static_assert(IOCTL_EVTCHN_BIND_INTERDOMAIN == 0x00084501,
               "Linux's BIND_INTERDOMAIN");
_Static_assert(IOCTL_EVTCHN_BIND_UNBOUND_PORT == 0x00044502,
               "Linux's BIND_UNBOUND_PORT");
_Static_assert(IOCTL_EVTCHN_UNBIND == 0x00044503, "Linux's UNBIND");
_Static_assert(IOCTL_EVTCHN_NOTIFY == 0x00044504, "Linux's NOTIFY");
_Static_assert(IOCTL_EVTCHN_RESET == 0x00004505, "Linux's RESET");

#endif /* MINIXEN_TOOLS_XEN_EVTCHN_H */
