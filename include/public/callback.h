/*
 * include/public/callback.h - callback_op(cmd, arg): registering the entry
 * points Xen bounces a guest to (events, failsafe, syscall, NMI, ...).
 *
 * The address is an xen_callback_t: a plain address for 64-bit guests, a
 * {cs, eip} pair for 32-bit ones (see the arch-x86 width headers).
 * CALLBACKTYPE_sysenter is the modern number 5; old guests built for
 * interface versions before 0x00030207 used 3, kept here as
 * CALLBACKTYPE_sysenter_deprecated (numbering checked against Xen's
 * callback.h with the search tool).
 */
#ifndef MINIXEN_PUBLIC_CALLBACK_H
#define MINIXEN_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event               0  /* event-channel upcall */
#define CALLBACKTYPE_failsafe            1  /* Xen could not load guest segments */
#define CALLBACKTYPE_syscall             2  /* 64-bit: syscall from 64-bit user */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi                 4
#define CALLBACKTYPE_sysenter            5  /* sysenter from 32-bit user */
#define CALLBACKTYPE_syscall32           7  /* syscall from 32-bit user */

/* Mask events while the callback runs (always so for event and NMI). */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register   0  /* arg callback_register */
#define CALLBACKOP_unregister 1  /* arg callback_unregister */

#ifndef __ASSEMBLER__

struct callback_register {
    uint16_t type;           /* CALLBACKTYPE_* */
    uint16_t flags;          /* CALLBACKF_* */
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/* Not every type can be unregistered; those give -XEN_EINVAL. */
struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_CALLBACK_H */
