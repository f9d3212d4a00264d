/*
 * include/public/domctl.h - domctl (hypercall 36): the control domain's
 * operations on one domain, as in Xen 4.17 (interface version 0x15).
 *
 * Every call passes one struct xen_domctl: a command, the interface
 * version the caller was built against (a mismatch is refused with
 * -EACCES), the domain it is about and a 128-byte union of per-command
 * arguments.  All fields have fixed widths and the 64-bit ones and the
 * handles are 8-aligned, so 32- and 64-bit callers share one layout
 * (check_domctl.c pins it).  docs/hypercalls.md lists the commands
 * minixen implements; the other numbers are listed so that callers and the
 * refusal (-ENOSYS) agree with Xen.
 */
#ifndef MINIXEN_PUBLIC_DOMCTL_H
#define MINIXEN_PUBLIC_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* ---- Commands (xen_domctl.cmd) ---- */
#define XEN_DOMCTL_createdomain           1
#define XEN_DOMCTL_destroydomain          2
#define XEN_DOMCTL_pausedomain            3
#define XEN_DOMCTL_unpausedomain          4
#define XEN_DOMCTL_getdomaininfo          5
/* 6-8 are unused. */
#define XEN_DOMCTL_setvcpuaffinity        9
#define XEN_DOMCTL_shadow_op             10
#define XEN_DOMCTL_max_mem               11
#define XEN_DOMCTL_setvcpucontext        12
#define XEN_DOMCTL_getvcpucontext        13
#define XEN_DOMCTL_getvcpuinfo           14
#define XEN_DOMCTL_max_vcpus             15
#define XEN_DOMCTL_scheduler_op          16
#define XEN_DOMCTL_setdomainhandle       17
#define XEN_DOMCTL_setdebugging          18
#define XEN_DOMCTL_irq_permission        19
#define XEN_DOMCTL_iomem_permission      20
#define XEN_DOMCTL_ioport_permission     21
#define XEN_DOMCTL_hypercall_init        22
#define XEN_DOMCTL_settimeoffset         24
#define XEN_DOMCTL_getvcpuaffinity       25
#define XEN_DOMCTL_resumedomain          27
#define XEN_DOMCTL_set_address_size      35
#define XEN_DOMCTL_get_address_size      36
#define XEN_DOMCTL_set_ext_vcpucontext   42
#define XEN_DOMCTL_get_ext_vcpucontext   43
#define XEN_DOMCTL_getpageframeinfo3     61
#define XEN_DOMCTL_set_virq_handler      66
#define XEN_DOMCTL_soft_reset            79
#define XEN_DOMCTL_get_cpu_policy        82
#define XEN_DOMCTL_set_cpu_policy        83
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio    1000
#define XEN_DOMCTL_gdbsx_pausevcpu     1001
#define XEN_DOMCTL_gdbsx_unpausevcpu   1002
#define XEN_DOMCTL_gdbsx_domstatus     1003

/* ---- xen_domctl_getdomaininfo.flags ---- */
#define _XEN_DOMINF_dying       0
#define XEN_DOMINF_dying        (1U << _XEN_DOMINF_dying)     /* being destroyed */
#define _XEN_DOMINF_hvm_guest   1
#define XEN_DOMINF_hvm_guest    (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown    2
#define XEN_DOMINF_shutdown     (1U << _XEN_DOMINF_shutdown)  /* reason below */
#define _XEN_DOMINF_paused      3
#define XEN_DOMINF_paused       (1U << _XEN_DOMINF_paused)    /* by the controller */
#define _XEN_DOMINF_blocked     4
#define XEN_DOMINF_blocked      (1U << _XEN_DOMINF_blocked)   /* every online vCPU */
#define _XEN_DOMINF_running     5
#define XEN_DOMINF_running      (1U << _XEN_DOMINF_running)   /* a vCPU on a CPU now */
#define _XEN_DOMINF_debugged    6
#define XEN_DOMINF_debugged     (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain   7
#define XEN_DOMINF_xs_domain    (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap         8
#define XEN_DOMINF_hap          (1U << _XEN_DOMINF_hap)
/* The shutdown reason (SHUTDOWN_*) sits in bits 16-23. */
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16

/* max_vcpu_id of a domain with no vCPU. */
#define XEN_INVALID_MAX_VCPU_ID (~0U)

#ifndef __ASSEMBLER__

/* xen_arch_domainconfig.emulation_flags: what the hypervisor emulates. */
#define XEN_X86_EMU_LAPIC       (1U << 0)
#define XEN_X86_EMU_HPET        (1U << 1)
#define XEN_X86_EMU_PM          (1U << 2)
#define XEN_X86_EMU_RTC         (1U << 3)
#define XEN_X86_EMU_IOAPIC      (1U << 4)
#define XEN_X86_EMU_PIC         (1U << 5)
#define XEN_X86_EMU_VGA         (1U << 6)
#define XEN_X86_EMU_IOMMU       (1U << 7)
#define XEN_X86_EMU_PIT         (1U << 8)
#define XEN_X86_EMU_USE_PIRQ    (1U << 9)
#define XEN_X86_EMU_VPCI        (1U << 10)
/* xen_arch_domainconfig.misc_flags: unknown MSRs read as 0, writes dropped. */
#define XEN_X86_MSR_RELAXED     (1U << 0)

/* x86 part of a domain's configuration (Xen's arch-x86/xen.h). */
struct xen_arch_domainconfig {
    uint32_t emulation_flags;   /* XEN_X86_EMU_*: emulated devices; 0 for PV */
    uint32_t misc_flags;
};

/* ---- xen_domctl_createdomain.flags (XEN_DOMCTL_CDF_*) ---- */
#define XEN_DOMCTL_CDF_hvm              (1U << 0)
#define XEN_DOMCTL_CDF_hap              (1U << 1)
#define XEN_DOMCTL_CDF_s3_integrity     (1U << 2)
#define XEN_DOMCTL_CDF_oos_off          (1U << 3)
#define XEN_DOMCTL_CDF_xs_domain        (1U << 4)
#define XEN_DOMCTL_CDF_iommu            (1U << 5)
#define XEN_DOMCTL_CDF_nested_virt      (1U << 6)
#define XEN_DOMCTL_CDF_vpmu             (1U << 7)
#define XEN_DOMCTL_CDF_MAX              XEN_DOMCTL_CDF_vpmu

/* iommu_opts: share the IOMMU tables with the CPU's (ignored without one). */
#define XEN_DOMCTL_IOMMU_no_sharept     (1U << 0)
/* grant_opts: the highest grant-table version the domain may use. */
#define XEN_DOMCTL_GRANT_version_mask   0xf
#define XEN_DOMCTL_GRANT_version(v)     ((v) & XEN_DOMCTL_GRANT_version_mask)

/*
 * XEN_DOMCTL_createdomain.  xen_domctl.domain is IN/OUT: an id in
 * 1..DOMID_FIRST_RESERVED-1 asks for that id, 0 or a reserved one for
 * any free id; the id given is written back.
 */
struct xen_domctl_createdomain {
    uint32_t ssidref;                   /* XSM label; 0 without XSM */
    xen_domain_handle_t handle;         /* the toolstack's UUID */
    uint32_t flags;                     /* XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;                /* XEN_DOMCTL_IOMMU_* */
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t  max_grant_frames;          /* < 0: the hypervisor's default */
    int32_t  max_maptrack_frames;       /* < 0: the hypervisor's default */
    uint32_t grant_opts;                /* XEN_DOMCTL_GRANT_* */
    uint32_t vmtrace_size;              /* per-vCPU trace buffer bytes, 0 = none */
    uint32_t cpupool_id;                /* 0 or an existing CPU pool */
    struct xen_arch_domainconfig arch;
};
typedef struct xen_domctl_createdomain xen_domctl_createdomain_t;

/* XEN_DOMCTL_getdomaininfo (and each entry of sysctl getdomaininfolist). */
struct xen_domctl_getdomaininfo {
    domid_t  domain;            /* OUT: the domain described */
    uint16_t pad1;
    uint32_t flags;             /* XEN_DOMINF_* */
    uint64_aligned_t tot_pages;
    uint64_aligned_t max_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t shr_pages;
    uint64_aligned_t paged_pages;
    uint64_aligned_t shared_info_frame; /* machine frame for a PV domain */
    uint64_aligned_t cpu_time;          /* ns its vCPUs have run */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;               /* XEN_INVALID_MAX_VCPU_ID if none */
    uint32_t ssidref;                   /* XSM label; 0 without XSM */
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t  gpaddr_bits;               /* guest physical address width */
    uint8_t  pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/*
 * XEN_DOMCTL_setvcpucontext / XEN_DOMCTL_getvcpucontext.  The context's
 * layout is the guest width's (arch-x86/xen-x86_64.h for 64-bit).
 */
struct vcpu_guest_context;
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);
struct xen_domctl_vcpucontext {
    uint32_t vcpu;
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;     /* IN (set), OUT (get) */
};

/* XEN_DOMCTL_max_mem */
struct xen_domctl_max_mem {
    uint64_aligned_t max_memkb;         /* new maximum reservation, KiB */
};

/* XEN_DOMCTL_getvcpuinfo */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;                      /* IN */
    uint8_t  online;                    /* OUT: brought up, not down */
    uint8_t  blocked;                   /* OUT: waiting for an event */
    uint8_t  running;                   /* OUT: on a physical CPU now */
    uint64_aligned_t cpu_time;          /* OUT: ns it has run */
    uint32_t cpu;                       /* OUT: the physical CPU it is on */
};

/* XEN_DOMCTL_max_vcpus */
struct xen_domctl_max_vcpus {
    uint32_t max;
};

/* XEN_DOMCTL_setdomainhandle */
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle;
};

/* XEN_DOMCTL_hypercall_init: the guest frame that becomes the hypercall page. */
struct xen_domctl_hypercall_init {
    uint64_aligned_t gmfn;
};

/* XEN_DOMCTL_settimeoffset */
struct xen_domctl_settimeoffset {
    int64_aligned_t time_offset_seconds;    /* added to the domain's wallclock */
};

/* XEN_DOMCTL_set_address_size / XEN_DOMCTL_get_address_size */
struct xen_domctl_address_size {
    uint32_t size;                      /* bits: 64 (32 is a pv32 guest) */
};

/* Bytes of the per-command union; every command's struct fits in it. */
#define XEN_DOMCTL_UNION_BYTES 128

struct xen_domctl {
    uint32_t cmd;                       /* XEN_DOMCTL_* */
    uint32_t interface_version;         /* XEN_DOMCTL_INTERFACE_VERSION */
    domid_t  domain;                    /* IN, and OUT for getdomaininfo */
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_hypercall_init hypercall_init;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_address_size address_size;
        uint8_t pad[XEN_DOMCTL_UNION_BYTES];
    } u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_DOMCTL_H */
