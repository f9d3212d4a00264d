/*
 * sysctl (35): the control domain's machine-wide operations, Xen 4.17's
 * interface: readconsole (xl dmesg), physinfo (xl info) and
 * getdomaininfolist (xl list).  Every other command is -ENOSYS, Xen's
 * answer for a command it does not know.
 *
 * The whole struct is copied in once and only that copy is used; results
 * go back by copying the struct out again, as on Xen, for a call that
 * worked.  Work is bounded by the log ring and the domain table, so no
 * call needs a continuation.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/printk.h>
#include <minixen/console_ring.h>
#include <minixen/sched.h>
#include <minixen/grace.h>
#include <minixen/domctl.h>
#include <minixen/mm.h>
#include <minixen/lib.h>

/* minixen runs on one CPU: one thread, one core, one socket, one node. */
#define PHYSINFO_CPUS   1

/* Arch: cpu_khz, hw_cap and arch_capabilities (arch/x86/sysctl.c). */
void arch_physinfo(struct xen_sysctl_physinfo *pi);

/*
 * Xen's read_console_ring: from the caller's cursor (if incremental and
 * still held) or the oldest byte, copy at most count bytes; hand back how
 * many and the cursor after them.  clear drops what was read.
 */
static long readconsole_locked(struct xen_sysctl_readconsole *rc)
{
    struct console_ring *ring = console_log_ring();
    uint64_t pos = console_ring_resume(ring, rc->incremental, rc->index);
    uint32_t copied = 0;
    const char *data;
    size_t n;

    while (copied < rc->count && (n = console_ring_span(ring, pos, &data))) {
        n = min_t(size_t, n, rc->count - copied);
        if (copy_to_guest_offset(rc->buffer, copied, data, n))
            return trace_err(-XEN_EFAULT);
        copied += n;
        pos += n;
    }
    if (rc->clear)
        console_ring_clear_to(ring, pos);
    rc->count = copied;
    rc->index = (uint32_t)pos;          /* the ABI's cursor wraps at 2^32 */
    return 0;
}

/* Writers append (and overwrite the oldest bytes) under the same lock. */
static long sysctl_readconsole(struct xen_sysctl_readconsole *rc)
{
    long ret;

    console_lock();
    ret = readconsole_locked(rc);
    console_unlock();
    return ret;
}

static void sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = PHYSINFO_CPUS;
    pi->nr_cpus = PHYSINFO_CPUS;
    pi->max_cpu_id = PHYSINFO_CPUS - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    /* PV guests only: no HVM, no IOMMU, no grant tables yet. */
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = mm_total_pages();
    pi->free_pages = mm_free_pages();
    pi->scrub_pages = mm_scrub_pages();
    pi->max_mfn = max_page - 1;
    arch_physinfo(pi);
}

/* Up to max_domains records, ids >= first_domain, in id order. */
static long sysctl_getdomaininfolist(struct xen_sysctl_getdomaininfolist *gl)
{
    struct xen_domctl_getdomaininfo info;
    uint32_t written = 0;
    const struct domain *d;

    /* At most one iteration per listed domain, whatever max_domains says. */
    for (d = domain_first_from(gl->first_domain); d && written < gl->max_domains;
         d = d->next_in_list) {
        getdomaininfo(d, &info);
        if (copy_to_guest_offset(gl->buffer, written, &info, 1))
            return trace_err(-XEN_EFAULT);
        written++;
    }
    gl->num_domains = written;
    return 0;
}

/* minixen's: the name a domain was created with. */
static long sysctl_domain_name(struct xen_sysctl_minixen_domain_name *dn)
{
    const struct domain *d = domain_lookup(dn->domain);

    if (!d)
        return trace_err(-XEN_ESRCH);
    strlcpy(dn->name, d->name, sizeof(dn->name));
    return 0;
}

static long sysctl_run(struct xen_sysctl *op)
{
    switch (op->cmd) {
    case XEN_SYSCTL_readconsole:
        return sysctl_readconsole(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        sysctl_physinfo(&op->u.physinfo);
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sysctl_getdomaininfolist(&op->u.getdomaininfolist);
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;     /* common/sched_credit.c */
        return 0;
    case XEN_SYSCTL_minixen_domain_name:
        return sysctl_domain_name(&op->u.minixen_domain_name);
    default:
        return trace_err(-XEN_ENOSYS);
    }
}

long do_sysctl(XEN_GUEST_HANDLE_PARAM(xen_sysctl_t) u_sysctl)
{
    struct xen_sysctl op;
    long ret;

    /*
     * Refused before anything is read, so another domain learns nothing,
     * not even whether its pointer or version was good.
     */
    if (!is_control_domain(current_domain()))
        return trace_err(-XEN_EPERM);
    grace_catch_up();               /* free counts include domains destroyed just before */
    if (copy_from_guest(&op, u_sysctl, 1))
        return trace_err(-XEN_EFAULT);
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return trace_err(-XEN_EACCES);
    ret = sysctl_run(&op);
    if (ret == 0 && copy_to_guest(u_sysctl, &op, 1))
        return trace_err(-XEN_EFAULT);
    return ret;
}
