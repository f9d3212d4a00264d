/*
 * The XEN_DOMINF_* flag word of getdomaininfo, from a summary of the
 * domain (minixen/domctl.h).  Pure, so tests/unit/test_domain_info.c
 * checks the encoding on the host.
 */
#include <minixen/domctl.h>

uint32_t domain_info_flags(const struct domain_info_state *s)
{
    uint32_t vcpu_flags = 0;

    /* Blocked and running describe vCPUs: a domain with none has neither. */
    if (s->nr_online_vcpus) {
        vcpu_flags |= s->all_blocked ? XEN_DOMINF_blocked : 0;
        vcpu_flags |= s->any_running ? XEN_DOMINF_running : 0;
    }
    /*
     * As in Xen, the code is shifted in whole: with none recorded (~0u)
     * every bit from 16 up is set, so readers mask with shutdownmask and
     * look at it only when XEN_DOMINF_shutdown is set.
     */
    return vcpu_flags |
           (s->dying ? XEN_DOMINF_dying : 0) |
           (s->shutdown ? XEN_DOMINF_shutdown : 0) |
           (s->paused ? XEN_DOMINF_paused : 0) |
           s->shutdown_code << XEN_DOMINF_shutdownshift;
}
