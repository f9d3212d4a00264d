/*
 * include/public/check_evtchn.c - pins evtchn.h (as in Linux's
 * include/uapi/xen/evtchn.h, the numbers computed with _IOC under gcc
 * -m32 and -m64).  Compiled only.
 */
#include <stddef.h>
#include <public/evtchn.h>
#include "check_layout.h"

CHECK_SIZE(struct ioctl_evtchn_bind_virq, 4);
CHECK_OFFSET(struct ioctl_evtchn_bind_interdomain, remote_domain, 0);
CHECK_OFFSET(struct ioctl_evtchn_bind_interdomain, remote_port, 4);
CHECK_SIZE(struct ioctl_evtchn_bind_interdomain, 8);
CHECK_SIZE(struct ioctl_evtchn_bind_unbound_port, 4);
CHECK_SIZE(struct ioctl_evtchn_unbind, 4);
CHECK_SIZE(struct ioctl_evtchn_notify, 4);
CHECK_SIZE(struct ioctl_evtchn_restrict_domid, 2);

CHECK_VALUE(IOCTL_EVTCHN_BIND_VIRQ, 0x00044500);
CHECK_VALUE(IOCTL_EVTCHN_BIND_INTERDOMAIN, 0x00084501);
CHECK_VALUE(IOCTL_EVTCHN_BIND_UNBOUND_PORT, 0x00044502);
CHECK_VALUE(IOCTL_EVTCHN_UNBIND, 0x00044503);
CHECK_VALUE(IOCTL_EVTCHN_NOTIFY, 0x00044504);
CHECK_VALUE(IOCTL_EVTCHN_RESET, 0x00004505);
CHECK_VALUE(IOCTL_EVTCHN_RESTRICT_DOMID, 0x00024506);
