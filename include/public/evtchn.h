/*
 * include/public/evtchn.h - Linux's event-channel device ABI
 * (/dev/xen/evtchn, Linux's include/uapi/xen/evtchn.h), between a dom0
 * kernel and its programs; not the hypercall, which is event_channel.h.
 * minixen's dom0 kernel implements it, libxenevtchn-style tools use it.
 *
 * Every request has only 32-bit (or 16-bit) fields, so the layouts and
 * ioctl numbers are the same for 32- and 64-bit callers.  read() of the
 * device returns fired ports and write() unmasks ports, each a uint32_t.
 */
#ifndef MINIXEN_PUBLIC_EVTCHN_H
#define MINIXEN_PUBLIC_EVTCHN_H

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Returns the new local port; bound to vCPU 0, as Linux's driver does. */
struct ioctl_evtchn_bind_virq {
    unsigned int virq;
};

struct ioctl_evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};

/* A new port of ours that remote_domain may bind to. */
struct ioctl_evtchn_bind_unbound_port {
    unsigned int remote_domain;
};

/* Closes a port this file bound. */
struct ioctl_evtchn_unbind {
    unsigned int port;
};

/* Signals the other end of a port this file bound. */
struct ioctl_evtchn_notify {
    unsigned int port;
};

/* From now on this file may bind interdomain ports to domid only. */
struct ioctl_evtchn_restrict_domid {
    uint16_t domid;
};

/* _IOC(_IOC_NONE, 'E', nr, size): dir NONE is 0, 'E' is 0x45. */
#define EVTCHN_IOC(nr, size)            ((unsigned int)(((size) << 16) | (0x45 << 8) | (nr)))
#define IOCTL_EVTCHN_BIND_VIRQ          EVTCHN_IOC(0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN   EVTCHN_IOC(1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT  EVTCHN_IOC(2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND             EVTCHN_IOC(3, sizeof(struct ioctl_evtchn_unbind))
#define IOCTL_EVTCHN_NOTIFY             EVTCHN_IOC(4, sizeof(struct ioctl_evtchn_notify))
/* Empties the file's queue of fired ports and clears its overflow. */
#define IOCTL_EVTCHN_RESET              EVTCHN_IOC(5, 0)
#define IOCTL_EVTCHN_RESTRICT_DOMID     EVTCHN_IOC(6, sizeof(struct ioctl_evtchn_restrict_domid))
#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_EVTCHN_H */
