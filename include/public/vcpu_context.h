/*
 * include/public/vcpu_context.h - a 64-bit PV vCPU's whole context, as
 * XEN_DOMCTL_setvcpucontext/getvcpucontext and VCPUOP_initialise pass it
 * (Xen 4.17's x86_64 vcpu_guest_context and cpu_user_regs, 5168 bytes).
 *
 * Written with fixed-width fields, so a 32-bit toolstack sees the same
 * layout (Xen calls that view vcpu_guest_context_x86_64_t); minixen has
 * only 64-bit PV guests, so it is the one context.  The register struct
 * is named cpu_user_regs_x86_64 because the hypervisor's own entry frame
 * is struct cpu_user_regs.  check_vcpu_context.c pins the layout.
 */
#ifndef MINIXEN_PUBLIC_VCPU_CONTEXT_H
#define MINIXEN_PUBLIC_VCPU_CONTEXT_H

#include "xen.h"

#ifndef __ASSEMBLER__

/* The guest's general registers and its interrupt frame. */
struct cpu_user_regs_x86_64 {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;
    uint8_t  _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};

/* A 64-bit guest's trap_info entry: what struct trap_info is on x86_64. */
struct trap_info_x86_64 {
    uint8_t  vector;
    uint8_t  flags;             /* TI_FLAG_* */
    uint16_t cs;
    uint32_t _pad;
    uint64_t address;
};

struct vcpu_guest_context {
    uint8_t  fpu_ctxt[512];     /* FXSAVE image, used if VGCF_i387_valid */
    uint64_t flags;             /* VGCF_* */
    struct cpu_user_regs_x86_64 user_regs;
    struct trap_info_x86_64 trap_ctxt[256];
    uint64_t ldt_base, ldt_ents;
    uint64_t gdt_frames[16], gdt_ents;
    uint64_t kernel_ss, kernel_sp;      /* the kernel's stack (stack_switch) */
    uint64_t ctrlreg[8];                /* ctrlreg[3]: the L4 table, xen_pfn_to_cr3 */
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist;                 /* VMASST_TYPE_* bits */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
typedef struct vcpu_guest_context vcpu_guest_context_x86_64_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_VCPU_CONTEXT_H */
