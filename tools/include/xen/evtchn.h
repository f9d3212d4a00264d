/*
 * tools/include/xen/evtchn.h - Linux's event-channel device interface
 * (include/uapi/xen/evtchn.h) for minixen's dom0 tools.
 *
 * The dom0 kernel speaks Linux's ABI, so these are Linux's numbers and
 * layouts, defined once in <public/evtchn.h>; the checks below hold them
 * to <sys/ioctl.h>'s _IOC encoding, as Linux's header spells them.
 */
#ifndef MINIXEN_TOOLS_XEN_EVTCHN_H
#define MINIXEN_TOOLS_XEN_EVTCHN_H

#include <sys/ioctl.h>
#include <public/evtchn.h>

#define EVTCHN_DEVICE "/dev/xen/evtchn"

_Static_assert(IOCTL_EVTCHN_BIND_VIRQ ==
               _IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq)), "bind_virq");
_Static_assert(IOCTL_EVTCHN_BIND_INTERDOMAIN ==
               _IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain)),
               "bind_interdomain");
_Static_assert(IOCTL_EVTCHN_BIND_UNBOUND_PORT ==
               _IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port)),
               "bind_unbound_port");
_Static_assert(IOCTL_EVTCHN_UNBIND ==
               _IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_unbind)), "unbind");
_Static_assert(IOCTL_EVTCHN_NOTIFY ==
               _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify)), "notify");
_Static_assert(IOCTL_EVTCHN_RESET == _IOC(_IOC_NONE, 'E', 5, 0), "reset");
_Static_assert(IOCTL_EVTCHN_RESTRICT_DOMID ==
               _IOC(_IOC_NONE, 'E', 6, sizeof(struct ioctl_evtchn_restrict_domid)),
               "restrict_domid");

#endif /* MINIXEN_TOOLS_XEN_EVTCHN_H */
