/*
 * include/public/check_sysctl.c - pins sysctl.h to the numbers and
 * layouts of Xen 4.17's public sysctl.h (gcc -m32 and -m64, which agree).
 * Compiled only.
 */
#include <public/sysctl.h>
#include "check_layout.h"

/* ---- Numbers ---- */
CHECK_VALUE(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
CHECK_VALUE(XEN_SYSCTL_readconsole, 1);
CHECK_VALUE(XEN_SYSCTL_physinfo, 3);
CHECK_VALUE(XEN_SYSCTL_getdomaininfolist, 6);
CHECK_VALUE(XEN_SYSCTL_debug_keys, 7);
CHECK_VALUE(XEN_SYSCTL_page_offline_op, 14);
CHECK_VALUE(XEN_SYSCTL_get_cpu_levelling_caps, 25);
CHECK_VALUE(XEN_SYSCTL_get_cpu_policy, 29);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_hvm, 1U << 0);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_pv, 1U << 1);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_directio, 1U << 2);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_hap, 1U << 3);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_shadow, 1U << 4);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share, 1U << 5);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_vmtrace, 1U << 6);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_vpmu, 1U << 7);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_gnttab_v1, 1U << 8);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_gnttab_v2, 1U << 9);
CHECK_VALUE(XEN_SYSCTL_PHYSCAP_X86_ASSISTED_X2APIC, 1U << 1);

/* ---- xen_sysctl_readconsole (24 bytes) ---- */
CHECK_OFFSET(struct xen_sysctl_readconsole, clear, 0);
CHECK_OFFSET(struct xen_sysctl_readconsole, incremental, 1);
CHECK_OFFSET(struct xen_sysctl_readconsole, pad0, 2);
CHECK_OFFSET(struct xen_sysctl_readconsole, pad1, 3);
CHECK_OFFSET(struct xen_sysctl_readconsole, index, 4);
CHECK_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
CHECK_OFFSET(struct xen_sysctl_readconsole, count, 16);
CHECK_SIZE(struct xen_sysctl_readconsole, 24);

/* ---- xen_sysctl_physinfo (112 bytes) ---- */
CHECK_OFFSET(struct xen_sysctl_physinfo, threads_per_core, 0);
CHECK_OFFSET(struct xen_sysctl_physinfo, cores_per_socket, 4);
CHECK_OFFSET(struct xen_sysctl_physinfo, nr_cpus, 8);
CHECK_OFFSET(struct xen_sysctl_physinfo, max_cpu_id, 12);
CHECK_OFFSET(struct xen_sysctl_physinfo, nr_nodes, 16);
CHECK_OFFSET(struct xen_sysctl_physinfo, max_node_id, 20);
CHECK_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
CHECK_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
CHECK_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
CHECK_OFFSET(struct xen_sysctl_physinfo, pad, 36);
CHECK_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
CHECK_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
CHECK_OFFSET(struct xen_sysctl_physinfo, scrub_pages, 56);
CHECK_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
CHECK_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
CHECK_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);
CHECK_SIZE(struct xen_sysctl_physinfo, 112);

/* ---- xen_sysctl_getdomaininfolist (24 bytes) ---- */
CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, first_domain, 0);
CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);
CHECK_SIZE(struct xen_sysctl_getdomaininfolist, 24);

/* ---- xen_sysctl (136 bytes) ---- */
CHECK_OFFSET(struct xen_sysctl, cmd, 0);
CHECK_OFFSET(struct xen_sysctl, interface_version, 4);
CHECK_OFFSET(struct xen_sysctl, u, 8);
CHECK_FIELD_SIZE2(struct xen_sysctl, u, 128, 128);
CHECK_SIZE(struct xen_sysctl, 136);
CHECK_VALUE(XEN_SYSCTL_sched_id, 4);
CHECK_VALUE(XEN_SCHEDULER_CREDIT, 5);
CHECK_VALUE(XEN_SYSCTL_minixen_domain_name, 0x4d01);
CHECK_SIZE(struct xen_sysctl_minixen_domain_name, 72);
CHECK_OFFSET(struct xen_sysctl_minixen_domain_name, name, 8);
