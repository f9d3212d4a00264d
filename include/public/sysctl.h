/*
 * include/public/sysctl.h - sysctl (hypercall 35): the control domain's
 * machine-wide operations, as in Xen 4.17 (interface version 0x15).
 *
 * Like domctl, every call passes one struct xen_sysctl: a command, the
 * interface version (a mismatch is refused with -EACCES) and a 128-byte
 * union of per-command arguments, with one layout for 32- and 64-bit
 * callers (check_sysctl.c pins it).  minixen implements readconsole,
 * physinfo and getdomaininfolist; the other numbers are listed so that
 * callers and the refusal (-ENOSYS) agree with Xen.
 */
#ifndef MINIXEN_PUBLIC_SYSCTL_H
#define MINIXEN_PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* ---- Commands (xen_sysctl.cmd) ---- */
#define XEN_SYSCTL_readconsole              1
#define XEN_SYSCTL_tbuf_op                  2
#define XEN_SYSCTL_physinfo                 3
#define XEN_SYSCTL_sched_id                 4
#define XEN_SYSCTL_perfc_op                 5
#define XEN_SYSCTL_getdomaininfolist        6
#define XEN_SYSCTL_debug_keys               7
#define XEN_SYSCTL_getcpuinfo               8
#define XEN_SYSCTL_availheap                9
#define XEN_SYSCTL_get_pmstat              10
#define XEN_SYSCTL_cpu_hotplug             11
#define XEN_SYSCTL_pm_op                   12
/* 13 is unused. */
#define XEN_SYSCTL_page_offline_op         14
#define XEN_SYSCTL_lockprof_op             15
#define XEN_SYSCTL_cputopoinfo             16
#define XEN_SYSCTL_numainfo                17
#define XEN_SYSCTL_cpupool_op              18
#define XEN_SYSCTL_scheduler_op            19
#define XEN_SYSCTL_coverage_op             20
#define XEN_SYSCTL_psr_cmt_op              21
#define XEN_SYSCTL_pcitopoinfo             22
#define XEN_SYSCTL_psr_alloc               23
/* 24 was tmem_op. */
#define XEN_SYSCTL_get_cpu_levelling_caps  25
#define XEN_SYSCTL_get_cpu_featureset      26
#define XEN_SYSCTL_livepatch_op            27
/* 28 was set_parameter. */
#define XEN_SYSCTL_get_cpu_policy          29

/* ---- physinfo.capabilities: what the machine and hypervisor offer ---- */
#define _XEN_SYSCTL_PHYSCAP_hvm                 0
#define XEN_SYSCTL_PHYSCAP_hvm                  (1U << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv                  1
#define XEN_SYSCTL_PHYSCAP_pv                   (1U << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio            2
#define XEN_SYSCTL_PHYSCAP_directio             (1U << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap                 3
#define XEN_SYSCTL_PHYSCAP_hap                  (1U << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow              4
#define XEN_SYSCTL_PHYSCAP_shadow               (1U << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share  5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share   (1U << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace              (1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu                 (1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1            (1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2            (1U << 9)
#define XEN_SYSCTL_PHYSCAP_MAX                  XEN_SYSCTL_PHYSCAP_gnttab_v2

/* ---- physinfo.arch_capabilities on x86 ---- */
#define XEN_SYSCTL_PHYSCAP_X86_ASSISTED_XAPIC   (1U << 0)
#define XEN_SYSCTL_PHYSCAP_X86_ASSISTED_X2APIC  (1U << 1)
#define XEN_SYSCTL_PHYSCAP_X86_MAX              XEN_SYSCTL_PHYSCAP_X86_ASSISTED_X2APIC

#ifndef __ASSEMBLER__

/*
 * XEN_SYSCTL_readconsole: copy the hypervisor's log ring (xl dmesg).
 * index is a free-running byte position (it wraps at 2^32): with
 * incremental set, reading starts there if those bytes are still held,
 * otherwise at the oldest byte held.  On return count is the number of
 * bytes copied and index the position after them.
 */
struct xen_sysctl_readconsole {
    uint8_t  clear;             /* IN: non-zero: drop what was read */
    uint8_t  incremental;       /* IN: non-zero: start at index */
    uint8_t  pad0, pad1;
    uint32_t index;             /* IN: start (if incremental); OUT: end */
    XEN_GUEST_HANDLE_64(char) buffer;   /* IN: where to copy */
    uint32_t count;             /* IN: buffer size; OUT: bytes copied */
};

/* XEN_SYSCTL_physinfo: the machine (all OUT). */
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;           /* CPUs online */
    uint32_t max_cpu_id;        /* largest possible CPU id */
    uint32_t nr_nodes;          /* NUMA nodes online */
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* XEN_SYSCTL_PHYSCAP_X86_* */
    uint32_t pad;
    uint64_aligned_t total_pages;       /* RAM frames */
    uint64_aligned_t free_pages;        /* frames the allocator still holds */
    uint64_aligned_t scrub_pages;       /* of those, not yet zeroed since freed */
    uint64_aligned_t outstanding_pages; /* claimed by domains, not yet taken */
    uint64_aligned_t max_mfn;           /* largest possible machine frame */
    uint32_t hw_cap[8];                 /* x86: CPUID feature words */
};

/* XEN_SYSCTL_getdomaininfolist: domains with id >= first_domain, in order. */
struct xen_sysctl_getdomaininfolist {
    domid_t  first_domain;      /* IN */
    uint32_t max_domains;       /* IN: entries buffer holds */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;    /* IN */
    uint32_t num_domains;       /* OUT: entries written */
};

/* XEN_SYSCTL_sched_id: which scheduler the hypervisor runs. */
#define XEN_SCHEDULER_SEDF      4
#define XEN_SCHEDULER_CREDIT    5
#define XEN_SCHEDULER_CREDIT2   6
#define XEN_SCHEDULER_ARINC653  7
#define XEN_SCHEDULER_RTDS      8
#define XEN_SCHEDULER_NULL      9

struct xen_sysctl_sched_id {
    uint32_t sched_id;          /* OUT: XEN_SCHEDULER_* */
};

/*
 * minixen's own command, numbered past Xen's so that it can never mean
 * anything else there (Xen answers -ENOSYS): a domain's name as the
 * hypervisor knows it, "Domain-0" or a boot module's domain= word.  On
 * Xen, names live in xenstore; minixen's xl reads them here until it has
 * one.
 */
#define XEN_SYSCTL_minixen_domain_name      0x4d01
#define MINIXEN_DOMAIN_NAME_BYTES           64

struct xen_sysctl_minixen_domain_name {
    domid_t  domain;                            /* IN; -ESRCH if no such domain */
    uint16_t pad[3];
    char     name[MINIXEN_DOMAIN_NAME_BYTES];   /* OUT: NUL-terminated */
};

/* Bytes of the per-command union; every command's struct fits in it. */
#define XEN_SYSCTL_UNION_BYTES 128

struct xen_sysctl {
    uint32_t cmd;                       /* XEN_SYSCTL_* */
    uint32_t interface_version;         /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_minixen_domain_name minixen_domain_name;
        uint8_t pad[XEN_SYSCTL_UNION_BYTES];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_SYSCTL_H */
