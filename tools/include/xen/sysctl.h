/*
 * tools/include/xen/sysctl.h - the sysctl (35) operations dom0's tools
 * use, with Xen 4.17's numbers and layouts (XEN_SYSCTL_INTERFACE_VERSION
 * 0x15), and the one domctl structure they return.
 *
 * A stopgap: only what xl and the tests call, until the project's own
 * include/public/sysctl.h and domctl.h exist; then this file goes.  The
 * tools are 64-bit programs, so 64-bit fields need no explicit alignment;
 * the checks at the end pin every size and offset to Xen 4.17's.
 */
#ifndef MINIXEN_TOOLS_XEN_SYSCTL_H
#define MINIXEN_TOOLS_XEN_SYSCTL_H

#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>

#ifndef __x86_64__
#error "dom0's tools are 64-bit programs"
#endif

/* A guest pointer as a 64-bit field, whatever the caller's width. */
#ifndef XEN_GUEST_HANDLE_64
#define XEN_GUEST_HANDLE_64(type) union { type *p; uint64_t q; }
#endif

/* A caller with another version is refused with EACCES. */
#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

#define XEN_SYSCTL_readconsole       1
#define XEN_SYSCTL_physinfo          3
#define XEN_SYSCTL_sched_id          4
#define XEN_SYSCTL_getdomaininfolist 6

/* Reads the hypervisor's console ring. */
struct xen_sysctl_readconsole {
    uint8_t clear;          /* IN: empty the ring after reading */
    uint8_t incremental;    /* IN: start at index, not at the oldest byte */
    uint8_t pad0, pad1;
    uint32_t index;         /* IN: start (if incremental); OUT: next start */
    XEN_GUEST_HANDLE_64(char) buffer;
    uint32_t count;         /* IN: buffer size; OUT: bytes written */
};

/* physinfo.capabilities bits. */
#define XEN_SYSCTL_PHYSCAP_hvm                (1u << 0)
#define XEN_SYSCTL_PHYSCAP_pv                 (1u << 1)
#define XEN_SYSCTL_PHYSCAP_directio           (1u << 2)
#define XEN_SYSCTL_PHYSCAP_hap                (1u << 3)
#define XEN_SYSCTL_PHYSCAP_shadow             (1u << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace            (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu               (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1          (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2          (1u << 9)
/* physinfo.arch_capabilities bits (x86). */
#define XEN_SYSCTL_PHYSCAP_X86_ASSISTED_XAPIC  (1u << 0)
#define XEN_SYSCTL_PHYSCAP_X86_ASSISTED_X2APIC (1u << 1)

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;           /* CPUs online */
    uint32_t max_cpu_id;
    uint32_t nr_nodes;          /* NUMA nodes online */
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* XEN_SYSCTL_PHYSCAP_X86_* */
    uint32_t pad;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages; /* claimed, not yet allocated */
    uint64_t max_mfn;
    uint32_t hw_cap[8];
};

/* The scheduler's id, one of XEN_SCHEDULER_*. */
struct xen_sysctl_sched_id {
    uint32_t sched_id;
};
#define XEN_SCHEDULER_SEDF     4
#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

/* getdomaininfo's flags. */
#define XEN_DOMINF_dying       (1u << 0)
#define XEN_DOMINF_hvm_guest   (1u << 1)
#define XEN_DOMINF_shutdown    (1u << 2)
#define XEN_DOMINF_paused      (1u << 3)
#define XEN_DOMINF_blocked     (1u << 4)
#define XEN_DOMINF_running     (1u << 5)
#define XEN_DOMINF_debugged    (1u << 6)
#define XEN_DOMINF_xs_domain   (1u << 7)
#define XEN_DOMINF_hap         (1u << 8)
#define XEN_DOMINF_shutdownshift 16     /* SHUTDOWN_* reason, if shut down */
#define XEN_DOMINF_shutdownmask  255

/* One domain, as domctl getdomaininfo and sysctl getdomaininfolist give it. */
struct xen_domctl_getdomaininfo {
    domid_t domain;
    uint16_t pad1;
    uint32_t flags;             /* XEN_DOMINF_* */
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;
    uint64_t cpu_time;          /* nanoseconds */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    struct {                    /* x86's xen_arch_domainconfig */
        uint32_t emulation_flags;
        uint32_t misc_flags;
    } arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;       /* IN */
    uint32_t max_domains;       /* IN: entries in buffer */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
    uint32_t num_domains;       /* OUT */
};

struct xen_sysctl {
    uint32_t cmd;               /* XEN_SYSCTL_* */
    uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;

/* Xen 4.17's layouts (gcc -m64, __XEN_TOOLS__). */
#define XEN_SYSCTL_CHECK_SIZE(t, n) \
    _Static_assert(sizeof(t) == (n), "sizeof(" #t ") != " #n)
#define XEN_SYSCTL_CHECK_OFFSET(t, f, n) \
    _Static_assert(offsetof(t, f) == (n), "offsetof(" #t ", " #f ") != " #n)

XEN_SYSCTL_CHECK_SIZE(struct xen_sysctl, 136);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl, interface_version, 4);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl, u, 8);
XEN_SYSCTL_CHECK_SIZE(struct xen_sysctl_readconsole, 24);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_readconsole, index, 4);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_readconsole, count, 16);
XEN_SYSCTL_CHECK_SIZE(struct xen_sysctl_physinfo, 112);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);
XEN_SYSCTL_CHECK_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
XEN_SYSCTL_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);
XEN_SYSCTL_CHECK_SIZE(struct xen_domctl_getdomaininfo, 112);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
XEN_SYSCTL_CHECK_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);

#endif /* MINIXEN_TOOLS_XEN_SYSCTL_H */
