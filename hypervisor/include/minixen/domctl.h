/*
 * What the toolstack learns about a domain: the xen_domctl_getdomaininfo
 * record that domctl getdomaininfo returns for one domain and sysctl
 * getdomaininfolist for several (common/domctl.c fills it, once, for both).
 *
 * The flag word is computed from a plain summary of the domain
 * (common/domain_info.c), so its encoding is tested on the host.
 */
#ifndef MINIXEN_DOMCTL_H
#define MINIXEN_DOMCTL_H

#include <minixen/types.h>
#include <public/domctl.h>

/* The state behind XEN_DOMINF_* flags, as Xen's getdomaininfo sees it. */
struct domain_info_state {
    unsigned int nr_online_vcpus;   /* vCPUs not down */
    bool all_blocked;               /* every online vCPU waits for an event */
    bool any_running;               /* an online vCPU is on a CPU right now */
    bool dying;
    bool shutdown;
    bool paused;                    /* paused by the controller */
    unsigned int shutdown_code;     /* SHUTDOWN_* recorded, or ~0u if none */
};

/* The XEN_DOMINF_* word for that state (Xen 4.17's encoding). */
uint32_t domain_info_flags(const struct domain_info_state *s);

struct domain;

/* Fill info for d, every field written (unused ones zero). */
void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info);

/* Arch part of getdomaininfo: the guest address width and arch_config. */
void arch_get_domain_info(const struct domain *d,
                          struct xen_domctl_getdomaininfo *info);


#endif /* MINIXEN_DOMCTL_H */
