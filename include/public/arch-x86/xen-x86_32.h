/*
 * include/public/arch-x86/xen-x86_32.h - the 32-bit PAE PV guest view.
 *
 * Included only through arch-x86/xen.h when __i386__ is defined (32-bit
 * guests and 32-bit tools built with -m32).  This is the "compat" layout
 * a 64-bit hypervisor presents to 32-bit guests: the guest kernel runs in
 * ring 1 and Xen lives above 0xF5800000.  Owns the guest-side names of the
 * flat selectors, the hypervisor hole start and the 32-bit arch structs.
 */
/*
 * Included on its own, this pulls in arch-x86/xen.h, which includes this
 * file back at the point where its definitions are needed; the guard
 * below then skips the second pass.
 */
#include "xen.h"

#ifndef MINIXEN_PUBLIC_ARCH_X86_XEN_X86_32_H
#define MINIXEN_PUBLIC_ARCH_X86_XEN_X86_32_H

#ifndef __i386__
#error "this header describes the 32-bit view only"
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint32_t xen_ulong_t;
typedef xen_ulong_t xen_pfn_t;   /* a (pseudo-)physical or machine frame number */
/* 64-bit fields of the toolstack structs: 8-aligned as in the 64-bit view. */
typedef uint64_t uint64_aligned_t __attribute__((__aligned__(8)));
typedef int64_t int64_aligned_t __attribute__((__aligned__(8)));
/* A 4-byte pointer in an 8-byte slot, so the structs match the 64-bit view. */
#define ___DEFINE_XEN_GUEST_HANDLE_64(name, type) \
    typedef union { type *p; uint64_aligned_t q; } __guest_handle_64_ ## name
#endif

/* Flat selectors (values defined once, in arch-x86/xen.h). */
#define FLAT_RING1_CS  FLAT_COMPAT_RING1_CS
#define FLAT_RING1_DS  FLAT_COMPAT_RING1_DS
#define FLAT_RING1_SS  FLAT_COMPAT_RING1_SS
#define FLAT_RING3_CS  FLAT_COMPAT_RING3_CS
#define FLAT_RING3_DS  FLAT_COMPAT_RING3_DS
#define FLAT_RING3_SS  FLAT_COMPAT_RING3_SS

#define FLAT_KERNEL_CS FLAT_RING1_CS
#define FLAT_KERNEL_DS FLAT_RING1_DS
#define FLAT_KERNEL_SS FLAT_RING1_SS
#define FLAT_USER_CS   FLAT_RING3_CS
#define FLAT_USER_DS   FLAT_RING3_DS
#define FLAT_USER_SS   FLAT_RING3_SS

/*
 * Default start of the hypervisor hole.  The real value may be higher
 * (ELF note HV_START_LOW); XENVER_platform_parameters reports it, and
 * XENMEM_machphys_mapping reports where the M2P is.  The hole ends at
 * 4 GiB, which a 32-bit constant cannot express, so there is no
 * HYPERVISOR_VIRT_END here.
 */
#define __HYPERVISOR_VIRT_START __HYPERVISOR_COMPAT_VIRT_START
#define HYPERVISOR_VIRT_START   xen_mk_ulong(__HYPERVISOR_VIRT_START)

#ifndef __ASSEMBLER__

/*
 * Page-table base <-> CR3.  A PAE page directory may live above 4 GiB;
 * Xen folds the frame number's top bits into CR3's low 12 bits.
 */
#define xen_pfn_to_cr3(pfn) \
    (((uint32_t)(pfn) << 12) | ((uint32_t)(pfn) >> 20))
#define xen_cr3_to_pfn(cr3) \
    (((uint32_t)(cr3) >> 12) | ((uint32_t)(cr3) << 20))

/* Per-vCPU arch state inside vcpu_info; padded so vcpu_info is 64 bytes. */
struct arch_vcpu_info {
    xen_ulong_t cr2;     /* fault address of the #PF being delivered */
    xen_ulong_t pad[5];
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A 32-bit callback names its code segment as well as its address. */
struct xen_callback {
    xen_ulong_t cs;
    xen_ulong_t eip;
};
typedef struct xen_callback xen_callback_t;

/*
 * Arch part of shared_info: where the guest publishes its P2M.  32-bit
 * guests keep the high half of the wallclock seconds here, because the
 * generic part of their shared_info has no room for it.
 */
struct arch_shared_info {
    xen_ulong_t max_pfn;                    /* valid P2M entries */
    xen_pfn_t   pfn_to_mfn_frame_list_list; /* 3-level P2M root; 0 unset, ~0 invalid */
    xen_ulong_t nmi_reason;
    xen_ulong_t p2m_cr3;         /* address space of the linear P2M; 0 = none */
    xen_ulong_t p2m_vaddr;       /* virtual address of the linear P2M */
    xen_ulong_t p2m_generation;  /* odd while the guest remaps the P2M */
    uint32_t    wc_sec_hi;       /* high 32 bits of shared_info.wc_sec */
};
typedef struct arch_shared_info arch_shared_info_t;

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_ARCH_X86_XEN_X86_32_H */
