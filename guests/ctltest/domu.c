/*
 * guests/ctltest/domu.c - an unprivileged domain gets -EPERM from sysctl
 * and domctl for every request, good or bad: minixen refuses before it
 * reads anything.
 */
#include "ctltest.h"

static void check_sysctl_refused(void)
{
    struct xen_sysctl op = sysctl_op(XEN_SYSCTL_physinfo);
    struct xen_sysctl wrong = sysctl_op(XEN_SYSCTL_physinfo);
    struct xen_sysctl unknown = sysctl_op(UNKNOWN_CMD);
    struct xen_sysctl list = sysctl_op(XEN_SYSCTL_getdomaininfolist);
    struct xen_sysctl console = sysctl_op(XEN_SYSCTL_readconsole);

    wrong.interface_version = WRONG_VERSION;
    list.u.getdomaininfolist.max_domains = 1;
    check_rc("domu.sysctl_physinfo", HYPERVISOR_sysctl(&op), -XEN_EPERM);
    check(op.u.physinfo.nr_cpus == 0, "domu.sysctl_nothing_written",
          "nr_cpus %u", op.u.physinfo.nr_cpus);
    check_rc("domu.sysctl_readconsole", HYPERVISOR_sysctl(&console), -XEN_EPERM);
    check_rc("domu.sysctl_getdomaininfolist", HYPERVISOR_sysctl(&list), -XEN_EPERM);
    check_rc("domu.sysctl_wrong_version", HYPERVISOR_sysctl(&wrong), -XEN_EPERM);
    check_rc("domu.sysctl_unknown_cmd", HYPERVISOR_sysctl(&unknown), -XEN_EPERM);
    check_rc("domu.sysctl_bad_pointer", HYPERVISOR_sysctl(BAD_PTR), -XEN_EPERM);
    check_rc("domu.sysctl_null", HYPERVISOR_sysctl(NULL), -XEN_EPERM);
}

static void check_domctl_refused(void)
{
    struct xen_domctl op = domctl_op(XEN_DOMCTL_getdomaininfo, DOMU_ID);
    struct xen_domctl wrong = domctl_op(XEN_DOMCTL_getdomaininfo, 0);
    struct xen_domctl other = domctl_op(XEN_DOMCTL_pausedomain, 0);

    wrong.interface_version = WRONG_VERSION;
    check_rc("domu.domctl_getdomaininfo_self", HYPERVISOR_domctl(&op), -XEN_EPERM);
    check(op.u.getdomaininfo.tot_pages == 0, "domu.domctl_nothing_written",
          "tot_pages %lu", (unsigned long)op.u.getdomaininfo.tot_pages);
    op.domain = 0;
    check_rc("domu.domctl_getdomaininfo_dom0", HYPERVISOR_domctl(&op), -XEN_EPERM);
    check_rc("domu.domctl_pausedomain", HYPERVISOR_domctl(&other), -XEN_EPERM);
    check_rc("domu.domctl_wrong_version", HYPERVISOR_domctl(&wrong), -XEN_EPERM);
    check_rc("domu.domctl_bad_pointer", HYPERVISOR_domctl(BAD_PTR), -XEN_EPERM);
}

/* Stay up (blocked, no event can come) until domain 0 shuts us down. */
void ctltest_domu(void)
{
    check(!(start_info->flags & SIF_PRIVILEGED), "domu.unprivileged",
          "start_info flags %#x", start_info->flags);
    check_sysctl_refused();
    check_domctl_refused();
    report_verdict();
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}
