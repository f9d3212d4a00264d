/*
 * The pure parts of domctl createdomain, kept apart so that the host unit
 * tests reach them: which id a new domain gets, and whether its
 * configuration is one minixen can build (a PV domain, one vCPU, none of
 * the features it lacks).  Each refusal is Xen 4.17's errno for it.
 */
#include <minixen/domctl_config.h>
#include <public/errno.h>

static bool domid_is_ordinary(domid_t id)
{
    return id > 0 && id < DOMID_FIRST_RESERVED;
}

/* The id after id, wrapping from the last ordinary one to 1. */
static domid_t domid_next(domid_t id)
{
    return (unsigned int)id + 1 >= DOMID_FIRST_RESERVED ? 1 : id + 1;
}

long domid_pick(domid_t requested, domid_t *rover, bool (*in_use)(domid_t))
{
    domid_t id = *rover;
    unsigned int tries;

    if (domid_is_ordinary(requested))
        return in_use(requested) ? -XEN_EEXIST : requested;
    /* Every ordinary id once at most, starting after the last one given. */
    for (tries = 1; tries < DOMID_FIRST_RESERVED; tries++) {
        id = domid_next(id);
        if (!in_use(id)) {
            *rover = id;
            return id;
        }
    }
    return -XEN_ENOMEM;
}

/* Features a PV domain on minixen cannot have: Xen's -EINVAL for each. */
static bool flags_supported(uint32_t flags)
{
    if (flags & ~(XEN_DOMCTL_CDF_MAX * 2 - 1))
        return false;                   /* unknown flags */
    /* No HVM (so no HAP or nested virt), no IOMMU, no vPMU. */
    return !(flags & (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_iommu |
                      XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu));
}

static bool limits_supported(const struct xen_domctl_createdomain *c)
{
    return c->max_vcpus >= 1 && c->max_vcpus <= CREATEDOMAIN_MAX_VCPUS &&
           c->iommu_opts == 0 && c->vmtrace_size == 0 &&
           XEN_DOMCTL_GRANT_version(c->grant_opts) <= CREATEDOMAIN_MAX_GRANT_VERSION &&
           !(c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask);
}

long createdomain_config_check(const struct xen_domctl_createdomain *c)
{
    if (!flags_supported(c->flags) || !limits_supported(c))
        return -XEN_EINVAL;
    if (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
        return -XEN_EINVAL;
    /* A PV domain may only ask for the emulated PIT (Xen's emulation_flags_ok). */
    if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
        return -XEN_EOPNOTSUPP;
    if (c->cpupool_id != 0)
        return -XEN_ENOENT;             /* the one pool there is is 0 */
    return 0;
}
