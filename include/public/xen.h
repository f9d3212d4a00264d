/*
 * include/public/xen.h - the core of the Xen PV guest ABI, as minixen
 * presents it.  Shared by the hypervisor, PV guests (64- and 32-bit) and
 * host tools; see arch-x86/xen.h for how one header serves all of them and
 * for the guest handle naming scheme.
 *
 * Owns: domain ids, the primitive guest handles, start_info, shared_info,
 * vcpu_info, vcpu_time_info, multicall_entry, mmu_update, mmuext_op,
 * update_va_mapping flags, vm_assist, console_io commands and VIRQ
 * numbers.  Hypercall numbers (__HYPERVISOR_*) are not written here: they
 * are generated from hypervisor/hypercalls.def into
 * build/gen/include/public/hypercall-numbers.h, which this header pulls in.
 *
 * Names and layouts follow Xen's public headers so that code written
 * against Xen compiles against these; the modern interface is the only one
 * offered (no __XEN_INTERFACE_VERSION__ switches).  Layouts are pinned by
 * check_xen.c for both the 64-bit and the 32-bit view.
 */
#ifndef MINIXEN_PUBLIC_XEN_H
#define MINIXEN_PUBLIC_XEN_H

#include "arch-x86/xen.h"
#include "errno.h"
#include <public/hypercall-numbers.h>

/* The ABI page size (XENVER_pagesize reports it). */
#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1 << XEN_PAGE_SHIFT)

/* ---- Special domain ids (domid_t is 16 bits) ---- */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0) /* ids from here on are special */
#define DOMID_SELF           xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO             xen_mk_uint(0x7FF1) /* owner of I/O (MMIO) frames */
#define DOMID_XEN            xen_mk_uint(0x7FF2) /* owner of Xen's own frames */
#define DOMID_COW            xen_mk_uint(0x7FF3) /* owner of shared pages */
#define DOMID_INVALID        xen_mk_uint(0x7FF4) /* "no domain" */
#define DOMID_IDLE           xen_mk_uint(0x7FFF) /* the idle domain */
#define DOMID_MASK           xen_mk_uint(0x7FFF)

/* ---- Virtual interrupts (VIRQ_*), bound with EVTCHNOP_bind_virq ----
 * "per-vCPU" ones can be bound once on each vCPU; "global" ones once per
 * domain, first on vCPU 0.
 */
#define VIRQ_TIMER       0   /* per-vCPU: timer expired (set_timer_op) */
#define VIRQ_DEBUG       1   /* per-vCPU: dump debug state */
#define VIRQ_CONSOLE     2   /* global, dom0: hypervisor console input */
#define VIRQ_DOM_EXC     3   /* global, dom0: a domain changed state */
#define VIRQ_TBUF        4   /* global, dom0: trace buffers */
#define VIRQ_DEBUGGER    6   /* global, dom0: a domain paused for debugging */
#define VIRQ_XENOPROF    7   /* per-vCPU: profiling sample */
#define VIRQ_CON_RING    8   /* global, dom0: console ring has data */
#define VIRQ_PCPU_STATE  9   /* global, dom0: physical CPU changed */
#define VIRQ_MEM_EVENT   10  /* global, dom0: memory event */
#define VIRQ_ARGO        11  /* global: argo message */
#define VIRQ_ENOMEM      12  /* global, dom0: Xen heap low */
#define VIRQ_XENPMU      13  /* per-vCPU: PMU interrupt */
#define VIRQ_ARCH_0      16
#define VIRQ_ARCH_1      17
#define VIRQ_ARCH_2      18
#define VIRQ_ARCH_3      19
#define VIRQ_ARCH_4      20
#define VIRQ_ARCH_5      21
#define VIRQ_ARCH_6      22
#define VIRQ_ARCH_7      23
#define NR_VIRQS         24

/* ---- mmu_update: command in ptr[1:0], PTE machine address in ptr & ~3 ---- */
#define MMU_NORMAL_PT_UPDATE       0 /* validated *ptr = val */
#define MMU_MACHPHYS_UPDATE        1 /* M2P[frame of ptr] = val */
#define MMU_PT_UPDATE_PRESERVE_AD  2 /* as NORMAL, keeping the old A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* as NORMAL, val not translated via FD */
#define MMU_UPDATE_CMD_MASK        3 /* minixen name for the ptr[1:0] field */

/* ---- mmuext_op commands ---- */
#define MMUEXT_PIN_L1_TABLE        0  /* arg1.mfn */
#define MMUEXT_PIN_L2_TABLE        1  /* arg1.mfn */
#define MMUEXT_PIN_L3_TABLE        2  /* arg1.mfn (top level of 32-bit PAE) */
#define MMUEXT_PIN_L4_TABLE        3  /* arg1.mfn (top level of 64-bit) */
#define MMUEXT_UNPIN_TABLE         4  /* arg1.mfn */
#define MMUEXT_NEW_BASEPTR         5  /* arg1.mfn: load as (kernel) CR3 */
#define MMUEXT_TLB_FLUSH_LOCAL     6
#define MMUEXT_INVLPG_LOCAL        7  /* arg1.linear_addr */
#define MMUEXT_TLB_FLUSH_MULTI     8  /* arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI        9  /* arg1.linear_addr, arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL       10
#define MMUEXT_INVLPG_ALL          11 /* arg1.linear_addr */
#define MMUEXT_FLUSH_CACHE         12
#define MMUEXT_SET_LDT             13 /* arg1.linear_addr, arg2.nr_ents */
#define MMUEXT_NEW_USER_BASEPTR    15 /* arg1.mfn: 64-bit user CR3, 0 = none */
#define MMUEXT_CLEAR_PAGE          16 /* arg1.mfn */
#define MMUEXT_COPY_PAGE           17 /* arg1.mfn (dest), arg2.src_mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL  18
#define MMUEXT_MARK_SUPER          19 /* arg1.mfn */
#define MMUEXT_UNMARK_SUPER        20 /* arg1.mfn */

/*
 * ---- update_va_mapping flags ----
 * The low two bits pick the flush; bit 2 picks its scope.  With UVMF_MULTI
 * the caller ORs in a pointer to a vCPU bitmap (aligned, so the low bits
 * stay free); UVMF_LOCAL is UVMF_MULTI with a null pointer.
 */
#define UVMF_NONE           (xen_mk_ulong(0) << 0) /* no flush */
#define UVMF_TLB_FLUSH      (xen_mk_ulong(1) << 0) /* flush whole TLB(s) */
#define UVMF_INVLPG         (xen_mk_ulong(2) << 0) /* flush this va only */
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI          (xen_mk_ulong(0) << 2) /* vCPUs in the bitmap */
#define UVMF_LOCAL          (xen_mk_ulong(0) << 2) /* this vCPU */
#define UVMF_ALL            (xen_mk_ulong(1) << 2) /* every vCPU */

/* ---- console_io(cmd, count, buf) ---- */
#define CONSOLEIO_write 0  /* write count bytes to the hypervisor console */
#define CONSOLEIO_read  1  /* read up to count bytes of pending input */

/* ---- vm_assist(cmd, type) ---- */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0  /* 32-bit: emulate 4 GiB limits */
#define VMASST_TYPE_4gb_segments_notify  1  /* 32-bit: trap when emulating */
#define VMASST_TYPE_writable_pagetables  2  /* emulate writes to L1 tables */
#define VMASST_TYPE_pae_extended_cr3     3  /* 32-bit: PAE L3 above 4 GiB */
#define VMASST_TYPE_architectural_iopl   4  /* EFLAGS.IOPL is the virtual IOPL */
#define VMASST_TYPE_runstate_update_flag 5  /* runstate area has an update bit */
#define VMASST_TYPE_m2p_strict           32 /* 64-bit: hide M2P from user mode */

/* ---- start_info ---- */
#define MAX_GUEST_CMDLINE 1024
/*
 * start_info.magic is "xen-3.0-x86_64" for 64-bit guests and
 * "xen-3.0-x86_32p" for 32-bit PAE guests; guests check the common prefix.
 * (minixen names; Xen writes the strings without naming them.)
 */
#define XEN_START_INFO_MAGIC_PREFIX "xen-3.0"
#define XEN_START_INFO_MAGIC_64     "xen-3.0-x86_64"
#define XEN_START_INFO_MAGIC_32P    "xen-3.0-x86_32p"
#define XEN_START_INFO_MAGIC_LEN    32

/* start_info.flags */
#define SIF_PRIVILEGED      (1 << 0)    /* domain is privileged */
#define SIF_INITDOMAIN      (1 << 1)    /* domain is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD   (1 << 2)    /* mod_start is a multiboot module list */
#define SIF_MOD_START_PFN   (1 << 3)    /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)    /* tools understand a linear P2M */
#define SIF_PM_MASK         (0xFF << 8) /* reserved for power management */

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is stable across vCPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* guest was paused */

#ifndef __ASSEMBLER__

typedef uint16_t domid_t;

/* A domain's UUID. */
typedef uint8_t xen_domain_handle_t[16];

/* Guest handles for primitive types (const_<name> twins come with each). */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(long);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
DEFINE_XEN_GUEST_HANDLE(void);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* One request of mmu_update; the same 16 bytes for every guest width. */
struct mmu_update {
    uint64_t ptr;  /* machine address of the PTE, command in bits 1:0 */
    uint64_t val;  /* new PTE value (or PFN for MMU_MACHPHYS_UPDATE) */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One request of mmuext_op. */
struct mmuext_op {
    uint32_t cmd;  /* MMUEXT_* */
    union {
        xen_pfn_t   mfn;          /* pin/unpin, base pointers, pages */
        xen_ulong_t linear_addr;  /* invlpg, SET_LDT */
    } arg1;
    union {
        uint32_t nr_ents;                      /* SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
        xen_pfn_t src_mfn;                     /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/*
 * One call of a multicall batch.  Fields have register width; Xen writes
 * each call's return value into result.
 */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vCPU time base.  Xen bumps version to odd, updates, bumps it to even;
 * readers retry while it is odd or changed.  Time now, in ns:
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32
 * (a negative tsc_shift shifts right).
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;      /* TSC at the last update */
    uint64_t system_time;        /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul;  /* 32.32 fixed-point ticks -> ns */
    int8_t   tsc_shift;
    uint8_t  flags;              /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vCPU event state.  Xen sets evtchn_upcall_pending and the selector
 * bits; the guest clears them.  evtchn_upcall_mask is the guest's
 * "interrupts disabled" flag: no upcall is delivered while it is non-zero.
 * 64 bytes for both widths.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;  /* bit i: word i of evtchn_pending */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared_info page (the guest maps it from start_info.shared_info).
 * evtchn_pending/evtchn_mask hold one bit per event channel, in words of
 * guest-register width (2-level event channels).
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;  /* seqcount for the wallclock, as vcpu_time_info */
    uint32_t wc_sec;      /* wallclock at system time 0: seconds (low 32) */
    uint32_t wc_nsec;     /* ... and nanoseconds */
#if defined(__x86_64__)
    uint32_t wc_sec_hi;   /* high 32 bits of the seconds */
#endif
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/* Where the high half of the wallclock seconds lives for this width. */
#if defined(__x86_64__)
#define xen_wc_sec_hi wc_sec_hi
#else
#define xen_wc_sec_hi arch.wc_sec_hi
#endif

/*
 * Start-of-day information; %rsi/%esi points at it when the guest starts.
 * "MACHINE" fields hold machine addresses or frames, "VIRTUAL" ones guest
 * virtual addresses.  Fields up to console are refilled on resume.
 */
struct start_info {
    char magic[XEN_START_INFO_MAGIC_LEN]; /* XEN_START_INFO_MAGIC_*, NUL-terminated */
    xen_ulong_t nr_pages;     /* pages allocated to the domain */
    xen_ulong_t shared_info;  /* MACHINE address of the shared_info page */
    uint32_t    flags;        /* SIF_* */
    xen_pfn_t   store_mfn;    /* MACHINE frame of the xenstore ring */
    uint32_t    store_evtchn; /* event channel of the xenstore ring */
    union {
        struct {
            xen_pfn_t mfn;    /* MACHINE frame of the console ring */
            uint32_t  evtchn; /* its event channel */
        } domU;
        struct {
            uint32_t info_off;  /* offset of dom0_vga_console_info */
            uint32_t info_size; /* its size */
        } dom0;
    } console;
    xen_ulong_t pt_base;      /* VIRTUAL address of the top-level page table */
    xen_ulong_t nr_pt_frames; /* number of bootstrap page-table frames */
    xen_ulong_t mfn_list;     /* VIRTUAL address of the P2M array */
    xen_ulong_t mod_start;    /* VIRTUAL address (or PFN) of the module */
    xen_ulong_t mod_len;      /* module size in bytes */
    char cmd_line[MAX_GUEST_CMDLINE];
    xen_ulong_t first_p2m_pfn; /* first PFN of page-table + P2M frames */
    xen_ulong_t nr_p2m_frames; /* how many */
};
typedef struct start_info start_info_t;

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_XEN_H */
