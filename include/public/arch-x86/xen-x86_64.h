/*
 * include/public/arch-x86/xen-x86_64.h - the 64-bit PV guest view.
 *
 * Included only through arch-x86/xen.h when __x86_64__ is defined (the
 * hypervisor, 64-bit guests, 64-bit host tools).  Owns the 64-bit flat
 * selectors, the hypervisor hole and M2P location, set_segment_base
 * selectors, the iret hypercall frame and the 64-bit arch structs.
 *
 * A 64-bit PV kernel runs in ring 3 like its user space; Xen tells the two
 * apart by which page tables are loaded, so kernel and user share the
 * same selectors below.
 */
/*
 * Included on its own, this pulls in arch-x86/xen.h, which includes this
 * file back at the point where its definitions are needed; the guard
 * below then skips the second pass.
 */
#include "xen.h"

#ifndef MINIXEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define MINIXEN_PUBLIC_ARCH_X86_XEN_X86_64_H

#ifndef __x86_64__
#error "this header describes the 64-bit view only"
#endif

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint64_t xen_ulong_t;
typedef xen_ulong_t xen_pfn_t;   /* a (pseudo-)physical or machine frame number */
/* 64-bit fields of the toolstack structs: naturally 8-aligned here. */
typedef uint64_t uint64_aligned_t;
typedef int64_t int64_aligned_t;
/* XEN_GUEST_HANDLE_64(T) is XEN_GUEST_HANDLE(T) under another name. */
#define ___DEFINE_XEN_GUEST_HANDLE_64(name, type) \
    typedef __guest_handle_ ## name __guest_handle_64_ ## name
#endif

/* Flat selectors in Xen's part of the GDT (raw values are the ABI). */
#define FLAT_RING3_CS32  0xe023  /* 32-bit user code (compatibility mode) */
#define FLAT_RING3_CS64  0xe033  /* 64-bit code, kernel and user */
#define FLAT_RING3_DS32  0xe02b
#define FLAT_RING3_DS64  0x0000  /* null: 64-bit data segments need none */
#define FLAT_RING3_SS32  0xe02b
#define FLAT_RING3_SS64  0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64   FLAT_RING3_DS64
#define FLAT_USER_DS32   FLAT_RING3_DS32
#define FLAT_USER_DS     FLAT_USER_DS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_CS32   FLAT_RING3_CS32
#define FLAT_USER_CS     FLAT_USER_CS64
#define FLAT_USER_SS64   FLAT_RING3_SS64
#define FLAT_USER_SS32   FLAT_RING3_SS32
#define FLAT_USER_SS     FLAT_USER_SS64

/*
 * The hypervisor hole is L4 slots 256-271.  Its first 256 GiB hold the
 * read-only machine-to-phys table (8-byte entries), mapped into every guest.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#define HYPERVISOR_VIRT_START   xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END     xen_mk_ulong(__HYPERVISOR_VIRT_END)
#define MACH2PHYS_VIRT_START    xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END      xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES    ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* set_segment_base(which, base): which register to load. */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3 /* load the user %gs selector from base[15:0] */

/*
 * iret hypercall flag: the guest is returning from a syscall, so Xen may
 * leave rcx/r11 alone (and discard cs/ss) as sysret would.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLER__

/*
 * Frame on the guest kernel stack when the iret hypercall enters Xen,
 * lowest address first.  The guest pushes ss..flags and jumps to the iret
 * stub, which pushes rcx, r11 and rax before the syscall.
 */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/* Page-table base <-> CR3 (no folding needed on 64-bit). */
#define xen_pfn_to_cr3(pfn) ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((uint64_t)(cr3) >> 12)

/* Per-vCPU arch state inside vcpu_info; padded so vcpu_info is 64 bytes. */
struct arch_vcpu_info {
    xen_ulong_t cr2;  /* fault address of the #PF being delivered */
    xen_ulong_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback is just its address (it always runs on FLAT_KERNEL_CS). */
typedef xen_ulong_t xen_callback_t;

/* Arch part of shared_info: where the guest publishes its P2M. */
struct arch_shared_info {
    xen_ulong_t max_pfn;                    /* valid P2M entries */
    xen_pfn_t   pfn_to_mfn_frame_list_list; /* 3-level P2M root; 0 unset, ~0 invalid */
    xen_ulong_t nmi_reason;
    xen_ulong_t p2m_cr3;         /* address space of the linear P2M; 0 = none */
    xen_ulong_t p2m_vaddr;       /* virtual address of the linear P2M */
    xen_ulong_t p2m_generation;  /* odd while the guest remaps the P2M */
};
typedef struct arch_shared_info arch_shared_info_t;

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_ARCH_X86_XEN_X86_64_H */
