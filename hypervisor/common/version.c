/*
 * xen_version: what the hypervisor tells a guest about itself.
 *
 * Owns the answers to every XENVER_* query: version numbers, build
 * strings, the capability string, the feature bits, the page size, the
 * domain's UUID and the hypervisor command line.  minixen reports Xen
 * 4.17's numbers (see minixen/kernel.h).
 *
 * As in Xen, every domain may ask everything except the command line and
 * the build id, which only the privileged domain gets: others read Xen's
 * "<denied>" text instead of the command line and -EPERM for the build id.
 * String results are fixed-size, NUL-padded fields copied whole, so the
 * guest never sees stale bytes of its own buffer.
 *
 * The capability string, platform parameters and feature bits are x86
 * 64-bit PV facts.  They live here while pv64 is the only guest type;
 * they become arch hooks when a second type arrives.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/kernel.h>
#include <minixen/lib.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/features.h>
#include <public/version.h>

/* Build strings: the Makefile passes them with -D; these keep a bare compile working. */
#ifndef MINIXEN_COMPILER
#define MINIXEN_COMPILER       "unknown"
#endif
#ifndef MINIXEN_COMPILE_BY
#define MINIXEN_COMPILE_BY     "unknown"
#endif
#ifndef MINIXEN_COMPILE_DOMAIN
#define MINIXEN_COMPILE_DOMAIN "unknown"
#endif
#ifndef MINIXEN_COMPILE_DATE
#define MINIXEN_COMPILE_DATE   "unknown"
#endif
#ifndef MINIXEN_CHANGESET
#define MINIXEN_CHANGESET      "unknown"
#endif

BUILD_BUG_ON(sizeof(MINIXEN_XEN_EXTRAVERSION) > sizeof(xen_extraversion_t));

/* What an unprivileged caller gets instead of a privileged string (Xen's text). */
#define XENVER_DENIED "<denied>"

/*
 * The guest types this hypervisor runs, in Xen's format: each entry is
 * followed by one space.  No "xen-3.0-x86_32p" until 32-bit guests are
 * wired, no "hvm-*" at all.
 */
#define XENVER_CAPABILITIES "xen-3.0-x86_64 "

/* Feature bits Xen 4.17 gives every 64-bit PV guest (common/kernel.c). */
#define XENFEAT_PV64_MASK                         \
    ((1u << XENFEAT_memory_op_vnode_supported) |  \
     (1u << XENFEAT_mmu_pt_update_preserve_ad) |  \
     (1u << XENFEAT_highmem_assist)            |  \
     (1u << XENFEAT_gnttab_map_avail_bits))

/* Largest string field we copy (capabilities and command line). */
#define XENVER_FIELD_MAX sizeof(xen_capabilities_info_t)
BUILD_BUG_ON(sizeof(xen_commandline_t) > XENVER_FIELD_MAX);

/*
 * Typed handles for the argument structs (Xen's public header has none;
 * the copy helpers size a copy by the handle's element type).
 */
DEFINE_XEN_GUEST_HANDLE(xen_compile_info_t);
DEFINE_XEN_GUEST_HANDLE(xen_platform_parameters_t);
DEFINE_XEN_GUEST_HANDLE(xen_feature_info_t);
DEFINE_XEN_GUEST_HANDLE(xen_build_id_t);

/* Copy str into the guest's field of size bytes, truncated and NUL-padded. */
static long version_copy_field(XEN_GUEST_HANDLE_PARAM(void) arg,
                               const char *str, size_t size)
{
    char field[XENVER_FIELD_MAX];

    /* Safe: every caller passes a public field size, all <= XENVER_FIELD_MAX. */
    memset(field, 0, size);
    strlcpy(field, str, size);
    if (copy_to_guest(guest_handle_cast(arg, char), field, size))
        return trace_err(-XEN_EFAULT);
    return 0;
}

static long version_compile_info(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    xen_compile_info_t info;

    memset(&info, 0, sizeof(info));
    strlcpy(info.compiler, MINIXEN_COMPILER, sizeof(info.compiler));
    strlcpy(info.compile_by, MINIXEN_COMPILE_BY, sizeof(info.compile_by));
    strlcpy(info.compile_domain, MINIXEN_COMPILE_DOMAIN,
            sizeof(info.compile_domain));
    strlcpy(info.compile_date, MINIXEN_COMPILE_DATE, sizeof(info.compile_date));
    if (copy_to_guest(guest_handle_cast(arg, xen_compile_info_t), &info, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

static long version_platform_parameters(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    xen_platform_parameters_t params = { .virt_start = HYPERVISOR_VIRT_START };

    if (copy_to_guest(guest_handle_cast(arg, xen_platform_parameters_t),
                      &params, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

/* Feature word 0 for domain d, computed as Xen 4.17 does for a PV guest. */
static uint32_t version_features(const struct domain *d)
{
    uint32_t submap = XENFEAT_PV64_MASK;

    if (d->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
        submap |= 1u << XENFEAT_pae_pgdir_above_4gb;
    /* The privileged domain is minixen's hardware domain. */
    if (d->is_privileged)
        submap |= 1u << XENFEAT_dom0;
    return submap;
}

static long version_get_features(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    XEN_GUEST_HANDLE_PARAM(xen_feature_info_t) hnd =
        guest_handle_cast(arg, xen_feature_info_t);
    xen_feature_info_t fi;

    if (copy_from_guest(&fi, hnd, 1))
        return trace_err(-XEN_EFAULT);
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return trace_err(-XEN_EINVAL);
    fi.submap = version_features(current_domain());
    if (copy_to_guest(hnd, &fi, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

static long version_guest_handle(XEN_GUEST_HANDLE_PARAM(void) arg)
{
    const struct domain *d = current_domain();

    if (copy_to_guest(guest_handle_cast(arg, char), d->handle,
                      sizeof(d->handle)))
        return trace_err(-XEN_EFAULT);
    return 0;
}

/*
 * The privileged domain gets the whole command-line field; others get
 * just the "<denied>" string and its NUL, exactly as many bytes as Xen
 * writes for them.
 */
static long version_commandline(XEN_GUEST_HANDLE_PARAM(void) arg,
                                bool privileged)
{
    const char *cmdline = hypervisor_cmdline ? hypervisor_cmdline : "";

    if (!privileged) {
        if (copy_to_guest(guest_handle_cast(arg, char), XENVER_DENIED,
                          sizeof(XENVER_DENIED)))
            return trace_err(-XEN_EFAULT);
        return 0;
    }
    return version_copy_field(arg, cmdline, sizeof(xen_commandline_t));
}

/*
 * minixen is linked without a GNU build-id note, so after Xen's argument
 * checks the answer is always "no data".  A NULL arg asks for the size.
 */
static long version_build_id(XEN_GUEST_HANDLE_PARAM(void) arg, bool privileged)
{
    xen_build_id_t id;

    if (!privileged)
        return trace_err(-XEN_EPERM);
    if (!guest_handle_is_null(arg)) {
        if (copy_from_guest(&id, guest_handle_cast(arg, xen_build_id_t), 1))
            return trace_err(-XEN_EFAULT);
        if (id.len == 0)
            return trace_err(-XEN_EINVAL);
    }
    return trace_err(-XEN_ENODATA);
}

long do_xen_version(int cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    bool privileged = current_domain()->is_privileged;

    switch (cmd) {
    case XENVER_version:
        return (MINIXEN_XEN_MAJOR << XENVER_MAJOR_SHIFT) | MINIXEN_XEN_MINOR;
    case XENVER_extraversion:
        return version_copy_field(arg, MINIXEN_XEN_EXTRAVERSION,
                                  sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return version_compile_info(arg);
    case XENVER_capabilities:
        return version_copy_field(arg, XENVER_CAPABILITIES,
                                  sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return version_copy_field(arg, MINIXEN_CHANGESET,
                                  sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
        return version_platform_parameters(arg);
    case XENVER_get_features:
        return version_get_features(arg);
    case XENVER_pagesize:
        /* Xen insists on a NULL argument here. */
        if (!guest_handle_is_null(arg))
            return trace_err(-XEN_EINVAL);
        return XEN_PAGE_SIZE;
    case XENVER_guest_handle:
        return version_guest_handle(arg);
    case XENVER_commandline:
        return version_commandline(arg, privileged);
    case XENVER_build_id:
        return version_build_id(arg, privileged);
    }
    return trace_err(-XEN_ENOSYS);
}
