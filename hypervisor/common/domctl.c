/*
 * domctl (36): the control domain's operations on one domain.
 *
 * Only the gate is here so far: the caller must be the control domain,
 * the struct must be readable and carry Xen 4.17's interface version, and
 * the one command implemented is getdomaininfo; every other command is
 * -ENOSYS (Xen's answer for a command it does not know).  getdomaininfo()
 * below also fills sysctl getdomaininfolist's entries.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/domctl.h>
#include <minixen/lib.h>
#include <asm/time.h>

/* Every domain is in the one CPU pool there is, which Xen numbers 0. */
#define CPUPOOL0_ID 0

struct domain *domain_first_from(domid_t first)
{
    unsigned int id;

    for (id = first; id < MAX_DOMAINS; id++)
        if (domain_lookup(id))
            return domain_lookup(id);
    return NULL;
}

/* CPU time v has had: its running total, plus the stretch it is in now. */
static uint64_t vcpu_cpu_time(const struct vcpu *v, uint64_t now)
{
    struct vcpu_runstate_info r = v->runstate;

    runstate_accrue(&r, now);
    return r.time[RUNSTATE_running];
}

/* The vCPU half of getdomaininfo: counts, ids, time and run state. */
static void summarise_vcpus(const struct domain *d, struct domain_info_state *s,
                            struct xen_domctl_getdomaininfo *info)
{
    uint64_t now = get_s_time();
    unsigned int i;

    s->all_blocked = true;
    for (i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        info->max_vcpu_id = v->vcpu_id;
        info->cpu_time += vcpu_cpu_time(v, now);
        if (v->pause_flags & VPF_down)
            continue;
        s->nr_online_vcpus++;
        s->all_blocked &= !!(v->pause_flags & VPF_blocked);
        s->any_running |= v == current;     /* one CPU: only current runs */
    }
}

void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    struct domain_info_state s = {
        .dying = d->is_dying,
        .shutdown = d->is_shutdown,
        .paused = d->pause_count > 0,
        /* Xen's code: the recorded reason, or ~0u (SHUTDOWN_CODE_NONE). */
        .shutdown_code = (unsigned int)d->shutdown_code,
    };

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    summarise_vcpus(d, &s, info);
    info->nr_online_vcpus = s.nr_online_vcpus;
    info->flags = domain_info_flags(&s);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    /* A PV domain's frame numbers are machine frames. */
    info->shared_info_frame = d->shared_info_mfn;
    info->cpupool = CPUPOOL0_ID;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    arch_get_domain_info(d, info);
}

/* The first domain with an id >= op->domain; op->domain becomes its id. */
static long domctl_getdomaininfo(struct xen_domctl *op,
                                 XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl)
{
    struct domain *d = domain_first_from(op->domain);

    if (!d)
        return trace_err(-XEN_ESRCH);
    getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    if (copy_to_guest(u_domctl, op, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

long do_domctl(XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl)
{
    struct xen_domctl op;

    /*
     * Refused before anything is read, so another domain learns nothing,
     * not even whether its pointer or version was good.
     */
    if (!is_control_domain(current_domain()))
        return trace_err(-XEN_EPERM);
    if (copy_from_guest(&op, u_domctl, 1))
        return trace_err(-XEN_EFAULT);
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return trace_err(-XEN_EACCES);

    switch (op.cmd) {
    case XEN_DOMCTL_getdomaininfo:
        return domctl_getdomaininfo(&op, u_domctl);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}
