/*
 * domctl (36): the control domain's operations on one domain.
 *
 * The gate: the caller must be the control domain, the struct must be
 * readable and carry Xen 4.17's interface version.  Then, as Xen, every
 * command but createdomain names an existing domain (dying ones included)
 * or is -ESRCH; DOMID_SELF is not resolved.  Commands minixen lacks are
 * -ENOSYS.  getdomaininfo() below also fills sysctl getdomaininfolist's
 * entries.  docs/hypercalls.md lists each command's rules.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <minixen/grace.h>
#include <minixen/domctl.h>
#include <minixen/domctl_config.h>
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/event.h>
#include <asm/time.h>
#include <asm/page.h>

/* Every domain is in the one CPU pool there is, which Xen numbers 0. */
#define CPUPOOL0_ID 0

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

/* Xen refuses to count a controller pause past this. */
#define CONTROLLER_PAUSE_MAX 255

static domid_t domid_rover;

static bool domid_in_use(domid_t id)
{
    return domain_lookup(id) != NULL;
}

/* A new domain as Xen leaves it: paused by us, no vCPU, no memory allowed. */
static void toolstack_domain_init(struct domain *d, const struct xen_domctl_createdomain *c)
{
    d->toolstack_lifetime = true;
    d->pause_count = 1;
    d->vcpu[0] = NULL;                  /* until max_vcpus */
    d->max_vcpus = c->max_vcpus;
    d->max_pages = 0;
    d->evtchn.max_port_allowed = c->max_evtchn_port;
    memcpy(d->handle, c->handle, sizeof(d->handle));
}

static long domctl_createdomain(struct xen_domctl *op)
{
    struct domain *d;
    char name[DOMAIN_NAME_LEN];
    long rc = createdomain_config_check(&op->u.createdomain);

    if (rc)
        return trace_err(rc);
    if ((rc = domid_pick(op->domain, &domid_rover, domid_in_use)) < 0)
        return trace_err(rc);
    snprintf(name, sizeof(name), "d%ld", rc);
    if (!(d = domain_create((domid_t)rc, name, false)))
        return trace_err(-XEN_ENOMEM);
    toolstack_domain_init(d, &op->u.createdomain);
    op->domain = d->domain_id;
    return 0;
}

/* Xen's domain_kill: never oneself; a second call finds it dead: 0. */
static long domctl_destroydomain(struct domain *d)
{
    if (d == current_domain())
        return trace_err(-XEN_EINVAL);
    if (d->destroyed)
        return 0;
    d->toolstack_lifetime = true;       /* forgotten once its frames are */
    domain_destroy(d);
    send_global_virq(hardware_domain(), VIRQ_DOM_EXC);
    return 0;
}

static long domctl_pausedomain(struct domain *d)
{
    if (d == current_domain())
        return trace_err(-XEN_EINVAL);
    if (d->pause_count >= CONTROLLER_PAUSE_MAX)
        return trace_err(-XEN_EOVERFLOW);
    domain_pause(d);
    return 0;
}

static long domctl_unpausedomain(struct domain *d)
{
    if (!d->pause_count)
        return trace_err(-XEN_EINVAL);
    domain_unpause(d);
    return 0;
}

/* Below tot_pages is allowed: the domain may then only shrink (Xen's rule). */
static long domctl_max_mem(struct domain *d, const struct xen_domctl_max_mem *m)
{
    d->max_pages = m->max_memkb >> (PAGE_SHIFT - 10);
    return 0;
}

/* Since Xen 4.12 the count is fixed at creation: this only creates them. */
static long domctl_max_vcpus(struct domain *d, const struct xen_domctl_max_vcpus *m)
{
    BUILD_BUG_ON(CREATEDOMAIN_MAX_VCPUS != MAX_VIRT_CPUS);
    if (d == current_domain() || m->max != d->max_vcpus)
        return trace_err(-XEN_EINVAL);
    return domain_create_vcpus(d, m->max);
}

static long domctl_getvcpuinfo(const struct domain *d, struct xen_domctl_getvcpuinfo *info)
{
    const struct vcpu *v;
    struct vcpu_runstate_info r;

    if (info->vcpu >= d->max_vcpus)
        return trace_err(-XEN_EINVAL);
    if (!(v = d->vcpu[info->vcpu]))
        return trace_err(-XEN_ESRCH);
    r = v->runstate;
    runstate_accrue(&r, get_s_time());
    info->online = !(v->pause_flags & VPF_down);
    info->blocked = !!(v->pause_flags & VPF_blocked);
    info->running = v == current;
    info->cpu_time = r.time[RUNSTATE_running];
    info->cpu = 0;
    return 0;
}

/* PV: the frame number is the machine frame, which must be d's and writable. */
static long domctl_hypercall_init(struct domain *d, const struct xen_domctl_hypercall_init *h)
{
    unsigned long mfn = h->gmfn;

    if (h->gmfn >= max_page || !get_page(mfn, d))
        return trace_err(-XEN_EINVAL);
    if (!get_page_type(mfn, PGT_writable)) {
        put_page(mfn);
        return trace_err(-XEN_EPERM);
    }
    arch_init_hypercall_page(mfn_to_virt(mfn));
    put_page_and_type(mfn);
    return 0;
}

static long domctl_settimeoffset(struct domain *d, const struct xen_domctl_settimeoffset *t)
{
    d->time_offset_seconds = t->time_offset_seconds;
    if (d->shared_info)                 /* a dying domain gave it back */
        time_fill_wallclock_offset(d->shared_info, d->time_offset_seconds);
    return 0;
}

/* 64-bit PV only: a switch to 32 would need pv32, which minixen lacks. */
static long domctl_set_address_size(const struct xen_domctl_address_size *a)
{
    if (a->size == 64)
        return 0;
    return trace_err(a->size == 32 ? -XEN_EOPNOTSUPP : -XEN_EINVAL);
}

/* One CPU, and domctl is never re-entered: the 5 KiB context lives here. */
static struct vcpu_guest_context vcpu_context;

/* The vCPU a context command names, if Xen would let it be touched. */
static struct vcpu *context_vcpu(struct domain *d, uint32_t id)
{
    struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;

    return v && v != current ? v : NULL;
}

static long domctl_setvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
    struct vcpu *v = context_vcpu(d, vc->vcpu);

    /*
     * A dying domain has given up its references: tables taken now would
     * never be put (it would stay listed for ever), and a vCPU brought up
     * would run without vcpu_info or event channels.
     */
    if (d == current_domain() || !v || d->is_dying)
        return trace_err(-XEN_EINVAL);
    if (guest_handle_is_null(vc->ctxt)) {
        arch_reset_vcpu(v);
        return 0;
    }
    if (copy_from_guest(&vcpu_context, vc->ctxt, 1))
        return trace_err(-XEN_EFAULT);
    return arch_set_vcpu_context(v, &vcpu_context);
}

static long domctl_getvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
    struct vcpu *v = context_vcpu(d, vc->vcpu);

    if (!v)
        return trace_err(-XEN_EINVAL);
    if (!arch_vcpu_initialised(v))
        return trace_err(-XEN_ENODATA);
    arch_get_vcpu_context(v, &vcpu_context);
    if (copy_to_guest(vc->ctxt, &vcpu_context, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

/* The commands that answer with the struct: 0, then it is copied back. */
static bool domctl_replies(uint32_t cmd)
{
    return cmd == XEN_DOMCTL_getvcpuinfo || cmd == XEN_DOMCTL_get_address_size ||
           cmd == XEN_DOMCTL_getvcpucontext;
}

static long domctl_with_reply(struct xen_domctl *op, struct domain *d)
{
    switch (op->cmd) {
    case XEN_DOMCTL_getvcpuinfo:
        return domctl_getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_getvcpucontext:
        return domctl_getvcpucontext(d, &op->u.vcpucontext);
    default:
        op->u.address_size.size = 64;   /* get_address_size */
        return 0;
    }
}

static long domctl_on_domain(struct xen_domctl *op, struct domain *d)
{
    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        return domctl_destroydomain(d);
    case XEN_DOMCTL_pausedomain:
        return domctl_pausedomain(d);
    case XEN_DOMCTL_unpausedomain:
        return domctl_unpausedomain(d);
    case XEN_DOMCTL_max_mem:
        return domctl_max_mem(d, &op->u.max_mem);
    case XEN_DOMCTL_max_vcpus:
        return domctl_max_vcpus(d, &op->u.max_vcpus);
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_hypercall_init:
        return domctl_hypercall_init(d, &op->u.hypercall_init);
    case XEN_DOMCTL_settimeoffset:
        return domctl_settimeoffset(d, &op->u.settimeoffset);
    case XEN_DOMCTL_set_address_size:
        return domctl_set_address_size(&op->u.address_size);
    case XEN_DOMCTL_setvcpucontext:
        return domctl_setvcpucontext(d, &op->u.vcpucontext);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

static long copy_back(XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl,
                      const struct xen_domctl *op, long rc)
{
    if (rc == 0 && copy_to_guest(u_domctl, op, 1))
        return trace_err(-XEN_EFAULT);
    return rc;
}

/* Every command but createdomain and getdomaininfo names one listed domain. */
static long domctl_dispatch(struct xen_domctl *op,
                            XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl)
{
    struct domain *d;
    long rc;

    if (op->cmd == XEN_DOMCTL_createdomain)
        return copy_back(u_domctl, op, domctl_createdomain(op));
    if (op->cmd == XEN_DOMCTL_getdomaininfo)
        return domctl_getdomaininfo(op, u_domctl);
    if (!(d = domain_lookup(op->domain)))
        return trace_err(-XEN_ESRCH);
    if (domctl_replies(op->cmd))
        return copy_back(u_domctl, op, domctl_with_reply(op, d));
    rc = domctl_on_domain(op, d);
    /* A table validation stopped part-way: the same call resumes it. */
    if (rc == -XEN_ERESTART)
        return hypercall_create_continuation(__HYPERVISOR_domctl, guest_handle_addr(u_domctl));
    return rc;
}

static DEFINE_SPINLOCK(domctl_lock);

long do_domctl(XEN_GUEST_HANDLE_PARAM(xen_domctl_t) u_domctl)
{
    struct xen_domctl op;
    long rc;

    /*
     * Refused before anything is read, so another domain learns nothing,
     * not even whether its pointer or version was good.
     */
    if (!is_control_domain(current_domain()))
        return trace_err(-XEN_EPERM);
    grace_catch_up();               /* free counts include domains destroyed just before */
    if (copy_from_guest(&op, u_domctl, 1))
        return trace_err(-XEN_EFAULT);
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return trace_err(-XEN_EACCES);
    /*
     * One domctl at a time, as on Xen: a toolstack on two vCPUs never
     * builds, changes and destroys one domain at once.  A busy lock makes
     * the call start again later, so this CPU does not spin meanwhile.
     */
    if (!spin_trylock(&domctl_lock))
        return hypercall_create_continuation(__HYPERVISOR_domctl, guest_handle_addr(u_domctl));
    rc = domctl_dispatch(&op, u_domctl);
    spin_unlock(&domctl_lock);
    return rc;
}
