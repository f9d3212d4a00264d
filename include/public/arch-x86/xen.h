/*
 * include/public/arch-x86/xen.h - the x86 part of the Xen PV guest ABI.
 *
 * Owns: guest handles, the width-dependent integer types (xen_ulong_t,
 * xen_pfn_t), trap_info, the flat selectors Xen puts in every guest GDT,
 * the reserved GDT area, arch_vcpu_info / arch_shared_info (through the
 * width headers) and the forced-emulation prefix.
 *
 * One header serves three kinds of users: the 64-bit freestanding
 * hypervisor, 64-bit and 32-bit (-m32) PV guests, and host tools.  The
 * compiler's own target picks the view: __x86_64__ includes
 * xen-x86_64.h, __i386__ includes xen-x86_32.h.  A 32-bit build therefore
 * sees exactly the layout a 32-bit PAE ("compat") guest uses: 4-byte longs
 * and pointers, 64-bit integers only 4-byte aligned inside structs.  The
 * 64-bit hypervisor sees the 64-bit layout; values it needs for 32-bit
 * guests (selectors, the compat hypervisor hole) carry COMPAT in their
 * name and are defined here for both widths.
 *
 * Only <stdint.h> types are used.  xen_ulong_t and xen_pfn_t are
 * uint64_t on 64-bit and uint32_t on 32-bit (Xen spells both "unsigned
 * long"; the width is identical).  C-only parts are hidden from assembly
 * (gcc defines __ASSEMBLER__ when it preprocesses a .S file), so guests'
 * start-up code can include this header for the selectors.
 *
 * Guest handle scheme (names as in Xen's headers):
 *   DEFINE_XEN_GUEST_HANDLE(T) makes two types,
 *       __guest_handle_T        = struct { T *p; }
 *       __guest_handle_const_T  = struct { const T *p; }
 *   so every handle has a read-only twin called const_<name>:
 *   XEN_GUEST_HANDLE(const_char) is a handle to const char.  There is no
 *   "const_char" typedef; the prefix exists only in handle names.
 *   __DEFINE_XEN_GUEST_HANDLE(name, type) does the same for types whose
 *   spelling is not one identifier: (uchar, unsigned char) gives
 *   XEN_GUEST_HANDLE(uchar) and XEN_GUEST_HANDLE(const_uchar).
 *   A handle is a one-member struct so the hypervisor cannot dereference a
 *   guest pointer by accident.  Helpers that read through a handle
 *   (guest_handle_is_null, copy_from_guest, ...) belong to the hypervisor
 *   and are not defined here.
 */
#ifndef MINIXEN_PUBLIC_ARCH_X86_XEN_H
#define MINIXEN_PUBLIC_ARCH_X86_XEN_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* Integer constants usable both from C and from assembly. */
#ifndef xen_mk_ulong
#ifdef __ASSEMBLER__
#define xen_mk_uint(x)  x
#define xen_mk_ulong(x) x
#else
#define xen__mk_uint(x)  x ## U
#define xen__mk_ulong(x) x ## UL
#define xen_mk_uint(x)   xen__mk_uint(x)
#define xen_mk_ulong(x)  xen__mk_ulong(x)
#endif
#endif

/* ---- Guest handles (see the scheme above) ---- */
#ifndef __ASSEMBLER__
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_ ## name; \
    ___DEFINE_XEN_GUEST_HANDLE_64(name, type)
#define __DEFINE_XEN_GUEST_HANDLE(name, type)  \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);    \
    ___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)   __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)        __guest_handle_ ## name
/* XEN_GUEST_HANDLE is a struct field; _PARAM a hypercall argument (same on x86). */
#define XEN_GUEST_HANDLE(name)          __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)    XEN_GUEST_HANDLE(name)
/*
 * XEN_GUEST_HANDLE_64 is the handle of the toolstack structs (domctl,
 * sysctl): 8 bytes and 8-aligned for both widths, so those structs have one
 * layout.  On 64-bit it is the plain handle; the width headers define
 * ___DEFINE_XEN_GUEST_HANDLE_64 and uint64_aligned_t.  Setting a handle
 * clears it first, so a 32-bit caller leaves no garbage in the top half.
 */
#define XEN_GUEST_HANDLE_64(name)       __guest_handle_64_ ## name
#define set_xen_guest_handle_raw(hnd, val)                  \
    do {                                                    \
        __builtin_memset(&(hnd), 0, sizeof(hnd));           \
        (hnd).p = (val);                                    \
    } while (0)
#define set_xen_guest_handle(hnd, val)      set_xen_guest_handle_raw(hnd, val)
#endif

/* ---- Hypercall entry (guest-visible: the builder writes these stubs) ---- */
#define XEN_HYPERCALL_PAGE_SLOT_SIZE 32  /* stub for hypercall N at N * 32 */
#define XEN_HYPERCALL_PAGE_SLOTS     128 /* 4096 / 32 */
#define XEN_PV32_HYPERCALL_VECTOR    0x82 /* 32-bit guests: int $0x82 */

/* ---- Reserved GDT area ----
 * Xen keeps its own descriptors at the far end of every guest GDT, from
 * byte 0xe000 (page 14, entry 7168) on, so selectors >= 0xe000 are Xen's
 * and a guest GDT may hold at most FIRST_RESERVED_GDT_ENTRY entries.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * Flat selectors for 32-bit PAE guests, defined for both widths because
 * the 64-bit hypervisor loads them into 32-bit guests.  The kernel runs in
 * ring 1.  xen-x86_32.h gives them Xen's guest-side names (FLAT_RING1_CS,
 * FLAT_KERNEL_CS, ...).  Values checked against Xen's public headers.
 */
#define FLAT_COMPAT_RING1_CS  0xe019
#define FLAT_COMPAT_RING1_DS  0xe021
#define FLAT_COMPAT_RING1_SS  0xe021
#define FLAT_COMPAT_RING3_CS  0xe02b
#define FLAT_COMPAT_RING3_DS  0xe033
#define FLAT_COMPAT_RING3_SS  0xe033
#define FLAT_COMPAT_KERNEL_CS FLAT_COMPAT_RING1_CS
#define FLAT_COMPAT_KERNEL_DS FLAT_COMPAT_RING1_DS
#define FLAT_COMPAT_KERNEL_SS FLAT_COMPAT_RING1_SS
#define FLAT_COMPAT_USER_CS   FLAT_COMPAT_RING3_CS
#define FLAT_COMPAT_USER_DS   FLAT_COMPAT_RING3_DS
#define FLAT_COMPAT_USER_SS   FLAT_COMPAT_RING3_SS

/*
 * The hypervisor hole of a 32-bit PAE guest on a 64-bit hypervisor: from
 * 0xF5800000 (unless the guest's HV_START_LOW note moves it) to 4 GiB.  The
 * read-only compat M2P (4-byte entries) starts at the hole and ends at
 * __MACH2PHYS_COMPAT_VIRT_END.  Both numbers were checked against Xen's
 * sources (public xen-x86_32.h, and asm/config.h for the M2P end, which
 * Xen keeps internal and reports to guests via XENMEM_machphys_mapping).
 */
#define __HYPERVISOR_COMPAT_VIRT_START 0xF5800000
#define __MACH2PHYS_COMPAT_VIRT_START  __HYPERVISOR_COMPAT_VIRT_START
#define __MACH2PHYS_COMPAT_VIRT_END    0xFFE00000

/* Maximum vCPUs whose vcpu_info lives in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/*
 * vCPU context flags (VGCF_*).  Used in vcpu_guest_context.flags and, for
 * VGCF_in_syscall, in the 64-bit iret frame (see xen-x86_64.h).
 */
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)
#define VGCF_I387_VALID                VGCF_i387_valid
#define VGCF_IN_KERNEL                 VGCF_in_kernel

/*
 * trap_info.flags: bits 0-1 are the DPL, i.e. the lowest privilege that
 * may reach the vector with a software "int n" (on 64-bit guests: 0 =
 * nobody, 1 or 2 = kernel only, 3 = kernel and user).  Bit 2 asks Xen to
 * set evtchn_upcall_mask on entry, like an interrupt gate clears IF.
 */
#define TI_FLAG_DPL_MASK 0x3
#define TI_FLAG_IF       0x4
#define TI_GET_DPL(_ti)       ((_ti)->flags & TI_FLAG_DPL_MASK)
#define TI_GET_IF(_ti)        ((_ti)->flags & TI_FLAG_IF)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags |= ((_if) ? TI_FLAG_IF : 0))

/*
 * Forced emulation prefix: "ud2; .ascii \"xen\"" in front of cpuid makes Xen
 * emulate the cpuid with its own policy.  XEN_EMULATE_PREFIX_BYTES is the
 * single definition; XEN_EMULATE_PREFIX and XEN_CPUID are spelled for
 * assembly files or for a C asm() string, whichever includes us.
 */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
#define XEN_EMULATE_PREFIX_LEN   5
#ifdef __ASSEMBLER__
#define XEN_EMULATE_PREFIX .byte XEN_EMULATE_PREFIX_BYTES ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define xen__str(...)  #__VA_ARGS__
#define xen__xstr(...) xen__str(__VA_ARGS__)
#define XEN_EMULATE_PREFIX ".byte " xen__xstr(XEN_EMULATE_PREFIX_BYTES) " ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

/* The width header defines xen_ulong_t, selectors and the arch structs. */
#if defined(__x86_64__)
#include "xen-x86_64.h"
#elif defined(__i386__)
#include "xen-x86_32.h"
#else
#error "minixen public headers: x86 only (__x86_64__ or __i386__)"
#endif

#ifndef __ASSEMBLER__

/*
 * One entry of the array given to set_trap_table; an entry whose address
 * is 0 ends the array.  cs is the handler's code selector (ignored for
 * 64-bit guests, whose handlers always run on FLAT_KERNEL_CS).
 */
struct trap_info {
    uint8_t     vector;   /* exception or interrupt vector, 0-255 */
    uint8_t     flags;    /* TI_FLAG_*: DPL and "mask events" */
    uint16_t    cs;       /* handler code selector */
    xen_ulong_t address;  /* handler virtual address */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

/* RDTSC value as recorded in vcpu_time_info. */
typedef uint64_t tsc_timestamp_t;

#if defined(__x86_64__)
/*
 * A vCPU's registers as the toolstack reads and writes them (Xen's public
 * struct cpu_user_regs: the tag differs here because the hypervisor's own
 * exception frame is struct cpu_user_regs; the typedef and fields are
 * Xen's).  error_code and entry_vector are Xen's private bookkeeping.
 */
struct xen_cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;         /* the event mask the frame returns to */
    uint8_t  _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct xen_cpu_user_regs cpu_user_regs_t;

/*
 * A vCPU's whole PV state (domctl set/getvcpucontext, VCPUOP_initialise).
 * Frame numbers are machine frames; ctrlreg[3] holds the kernel L4 as a
 * CR3 value (xen_pfn_to_cr3) and ctrlreg[1] the user L4, 0 for none.
 */
struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;   /* FXSAVE image; VGCF_i387_valid */
    uint64_t flags;                /* VGCF_* */
    struct xen_cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];    /* the virtual IDT */
    uint64_t ldt_base, ldt_ents;   /* linear address, entries */
    uint64_t gdt_frames[16], gdt_ents;
    uint64_t kernel_ss, kernel_sp; /* the kernel stack (stack_switch) */
    uint64_t ctrlreg[8];
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist;            /* VMASST_TYPE_* bits */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
#endif /* __x86_64__ */

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_ARCH_X86_XEN_H */
