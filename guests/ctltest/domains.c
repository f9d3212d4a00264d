/*
 * guests/ctltest/domains.c - domain 0 lists the domains: domctl
 * getdomaininfo (first domain at or after an id) and sysctl
 * getdomaininfolist, against what domain 0 knows of itself and what
 * domain 1 must look like while it blocks, and again once domain 1 has
 * been shut down.
 */
#include "ctltest.h"

#define MAX_LIST         16
#define WAIT_YIELDS      100000
#define STATE_BITS       0xffffu
#define NO_CODE_BITS     0xffffu            /* ~0u code, bits 16-31 */
#define MIN_GPADDR_BITS  32
#define SENTINEL_DOMID   0x5a5a

static struct xen_domctl_getdomaininfo list[MAX_LIST];

static long getdomaininfo(domid_t domain, struct xen_domctl *op)
{
    *op = domctl_op(XEN_DOMCTL_getdomaininfo, domain);
    return HYPERVISOR_domctl(op);
}

static long getdomaininfolist(domid_t first, uint32_t max, void *buffer,
                              uint32_t *num)
{
    struct xen_sysctl op = sysctl_op(XEN_SYSCTL_getdomaininfolist);
    long rc;

    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.num_domains = ~0u;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buffer);
    rc = HYPERVISOR_sysctl(&op);
    *num = op.u.getdomaininfolist.num_domains;
    return rc;
}

/* Domain 1 blocks for good once its checks are done. */
static bool wait_for_domu_blocked(void)
{
    struct xen_domctl op;
    unsigned int i;

    for (i = 0; i < WAIT_YIELDS; i++) {
        if (getdomaininfo(DOMU_ID, &op) == 0 && op.domain == DOMU_ID &&
            (op.u.getdomaininfo.flags & XEN_DOMINF_blocked))
            return true;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return false;
}

static void check_dom0_record(const char *name, const struct xen_domctl_getdomaininfo *i)
{
    check(i->domain == 0 && (i->flags & STATE_BITS) == XEN_DOMINF_running &&
          (i->flags >> XEN_DOMINF_shutdownshift) == NO_CODE_BITS,
          name, "domain %u flags %#x", i->domain, i->flags);
}

static void check_domu_record(const char *name, const struct xen_domctl_getdomaininfo *i)
{
    check(i->domain == DOMU_ID && (i->flags & STATE_BITS) == XEN_DOMINF_blocked &&
          i->tot_pages > 0 && i->max_pages >= i->tot_pages && i->nr_online_vcpus == 1,
          name, "domain %u flags %#x pages %lu/%lu vcpus %u", i->domain, i->flags,
          (unsigned long)i->tot_pages, (unsigned long)i->max_pages, i->nr_online_vcpus);
}

/* Everything domain 0 can check about its own record. */
static void check_dom0_fields(const struct xen_domctl_getdomaininfo *i)
{
    check(i->tot_pages == start_info->nr_pages && i->max_pages >= i->tot_pages,
          "dom0.getdomaininfo_pages", "tot %lu max %lu start_info %lu",
          (unsigned long)i->tot_pages, (unsigned long)i->max_pages, start_info->nr_pages);
    check(i->shared_info_frame == start_info->shared_info >> PAGE_SHIFT,
          "dom0.getdomaininfo_shared_info_frame", "%#lx, start_info %#lx",
          (unsigned long)i->shared_info_frame, start_info->shared_info);
    check(i->nr_online_vcpus == 1 && i->max_vcpu_id == 0 && i->cpu_time > 0,
          "dom0.getdomaininfo_vcpus", "online %u max id %u cpu_time %lu",
          i->nr_online_vcpus, i->max_vcpu_id, (unsigned long)i->cpu_time);
    check(i->cpupool == 0 && i->ssidref == 0 && i->gpaddr_bits >= MIN_GPADDR_BITS &&
          i->outstanding_pages == 0, "dom0.getdomaininfo_misc",
          "cpupool %u ssidref %u gpaddr_bits %u", i->cpupool, i->ssidref, i->gpaddr_bits);
}

static void check_domctl_getdomaininfo(void)
{
    struct xen_domctl op;

    if (check_rc("dom0.getdomaininfo_dom0", getdomaininfo(0, &op), 0)) {
        check_dom0_record("dom0.getdomaininfo_dom0_running", &op.u.getdomaininfo);
        check_dom0_fields(&op.u.getdomaininfo);
    }
    if (check_rc("dom0.getdomaininfo_domu", getdomaininfo(DOMU_ID, &op), 0))
        check_domu_record("dom0.getdomaininfo_domu_blocked", &op.u.getdomaininfo);
    check(op.domain == DOMU_ID, "dom0.getdomaininfo_sets_domain", "domain %u", op.domain);
    check_rc("dom0.getdomaininfo_past_last", getdomaininfo(DOMU_ID + 1, &op), -XEN_ESRCH);
    check_rc("dom0.getdomaininfo_reserved_id",
             getdomaininfo(DOMID_FIRST_RESERVED, &op), -XEN_ESRCH);
}

static void check_list_bounds(void)
{
    uint32_t num;
    long rc;

    rc = getdomaininfolist(DOMU_ID, MAX_LIST, list, &num);
    check(rc == 0 && num == 1 && list[0].domain == DOMU_ID,
          "dom0.list_from_domu", "rc %ld num %u first %u", rc, num, list[0].domain);
    rc = getdomaininfolist(DOMU_ID + 1, MAX_LIST, list, &num);
    check(rc == 0 && num == 0, "dom0.list_past_last", "rc %ld num %u", rc, num);
    list[1].domain = SENTINEL_DOMID;
    rc = getdomaininfolist(0, 1, list, &num);
    check(rc == 0 && num == 1 && list[0].domain == 0 && list[1].domain == SENTINEL_DOMID,
          "dom0.list_max_one", "rc %ld num %u", rc, num);
    rc = getdomaininfolist(0, 0, BAD_PTR, &num);
    check(rc == 0 && num == 0, "dom0.list_max_zero", "rc %ld num %u", rc, num);
    rc = getdomaininfolist(0, ~0u, list, &num);
    check(rc == 0 && num == 2, "dom0.list_huge_max", "rc %ld num %u", rc, num);
    rc = getdomaininfolist(0, MAX_LIST, BAD_PTR, &num);
    check_rc("dom0.list_bad_buffer", rc, -XEN_EFAULT);
}

static void check_getdomaininfolist(void)
{
    uint32_t num;
    long rc = getdomaininfolist(0, MAX_LIST, list, &num);

    if (check(rc == 0 && num == 2, "dom0.list_all", "rc %ld num %u", rc, num)) {
        check_dom0_record("dom0.list_dom0_running", &list[0]);
        check_domu_record("dom0.list_domu_blocked", &list[1]);
    }
    check_list_bounds();
}

/*
 * Shut domain 1 down.  minixen destroys it at once (there is no
 * toolstack to wait for) but keeps listing it, shut down and dying, with
 * its reason and no memory, so the controller can still see how it ended.
 */
static void check_domu_shut_down(void)
{
    struct sched_remote_shutdown rs = { .domain_id = DOMU_ID, .reason = SHUTDOWN_poweroff };
    const uint32_t want = XEN_DOMINF_shutdown | XEN_DOMINF_dying |
                          (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift);
    const struct xen_domctl_getdomaininfo *i;
    struct xen_domctl op;
    uint32_t num;
    long rc;

    check_rc("dom0.domu_shutdown", HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0);
    rc = getdomaininfo(DOMU_ID, &op);
    i = &op.u.getdomaininfo;
    check(rc == 0 && i->domain == DOMU_ID && i->flags == want && i->tot_pages == 0 &&
          i->nr_online_vcpus == 0, "dom0.getdomaininfo_domu_shut_down",
          "rc %ld domain %u flags %#x (want %#x) pages %lu online %u", rc, i->domain,
          i->flags, want, (unsigned long)i->tot_pages, i->nr_online_vcpus);
    rc = getdomaininfolist(0, MAX_LIST, list, &num);
    check(rc == 0 && num == 2 && list[1].flags == want, "dom0.list_domu_shut_down",
          "rc %ld num %u flags %#x", rc, num, list[1].flags);
}

void ctltest_domains(void)
{
    struct sched_remote_shutdown rs = { .domain_id = DOMU_ID, .reason = SHUTDOWN_poweroff };

    if (!check(wait_for_domu_blocked(), "dom0.domu_blocks", "domain 1 never blocked")) {
        HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs);
        return;
    }
    check_domctl_getdomaininfo();
    check_getdomaininfolist();
    check_domu_shut_down();
}
