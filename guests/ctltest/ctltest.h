/*
 * guests/ctltest - the toolstack hypercalls sysctl (35) and domctl (36),
 * booted by tests/boot/test_ctltest.py as domain 0 and as an unprivileged
 * domain 1 (the same image; start_info's SIF_PRIVILEGED picks the role).
 *
 * Domain 1 checks that every call is refused with -EPERM, whatever it
 * passes, prints its verdict and blocks.  Domain 0 reads the log ring,
 * the machine and the domain list; it waits until domain 1 shows blocked,
 * checks its record, then shuts it down and itself.
 */
#ifndef CTLTEST_H
#define CTLTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <public/sysctl.h>
#include <public/domctl.h>
#include "hypercall.h"
#include "pv.h"
#include "report.h"
#include "string.h"

#define DOMU_ID          1
/* Canonical and never mapped in these guests. */
#define BAD_PTR          ((void *)0x00000dead0000000ul)
/* A command number Xen has never used for either hypercall. */
#define UNKNOWN_CMD      9999u
#define WRONG_VERSION    0x14u  /* Xen 4.16's, refused by 4.17 */

__attribute__((noreturn)) void ctltest_dom0(void);
__attribute__((noreturn)) void ctltest_domu(void);
void ctltest_domains(void);

static inline struct xen_sysctl sysctl_op(uint32_t cmd)
{
    return (struct xen_sysctl){ .cmd = cmd,
                                .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
}

static inline struct xen_domctl domctl_op(uint32_t cmd, domid_t domain)
{
    return (struct xen_domctl){ .cmd = cmd, .domain = domain,
                                .interface_version = XEN_DOMCTL_INTERFACE_VERSION };
}

#endif /* CTLTEST_H */
