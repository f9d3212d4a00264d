/*
 * include/public/check_vcpu_context.c - pins vcpu_context.h to Xen 4.17's
 * x86_64 vcpu_guest_context.  Compiled only.
 */
#include <public/vcpu_context.h>
#include "check_layout.h"

CHECK_OFFSET(struct cpu_user_regs_x86_64, rax, 80);
CHECK_OFFSET(struct cpu_user_regs_x86_64, rsi, 104);
CHECK_OFFSET(struct cpu_user_regs_x86_64, error_code, 120);
CHECK_OFFSET(struct cpu_user_regs_x86_64, rip, 128);
CHECK_OFFSET(struct cpu_user_regs_x86_64, cs, 136);
CHECK_OFFSET(struct cpu_user_regs_x86_64, saved_upcall_mask, 140);
CHECK_OFFSET(struct cpu_user_regs_x86_64, rflags, 144);
CHECK_OFFSET(struct cpu_user_regs_x86_64, rsp, 152);
CHECK_OFFSET(struct cpu_user_regs_x86_64, ss, 160);
CHECK_OFFSET(struct cpu_user_regs_x86_64, gs, 192);
CHECK_SIZE(struct cpu_user_regs_x86_64, 200);
CHECK_SIZE(struct trap_info_x86_64, 16);

CHECK_OFFSET(vcpu_guest_context_t, flags, 512);
CHECK_OFFSET(vcpu_guest_context_t, user_regs, 520);
CHECK_OFFSET(vcpu_guest_context_t, trap_ctxt, 720);
CHECK_OFFSET(vcpu_guest_context_t, ldt_base, 4816);
CHECK_OFFSET(vcpu_guest_context_t, gdt_frames, 4832);
CHECK_OFFSET(vcpu_guest_context_t, gdt_ents, 4960);
CHECK_OFFSET(vcpu_guest_context_t, kernel_ss, 4968);
CHECK_OFFSET(vcpu_guest_context_t, kernel_sp, 4976);
CHECK_OFFSET(vcpu_guest_context_t, ctrlreg, 4984);
CHECK_OFFSET(vcpu_guest_context_t, debugreg, 5048);
CHECK_OFFSET(vcpu_guest_context_t, event_callback_eip, 5112);
CHECK_OFFSET(vcpu_guest_context_t, syscall_callback_eip, 5128);
CHECK_OFFSET(vcpu_guest_context_t, vm_assist, 5136);
CHECK_OFFSET(vcpu_guest_context_t, gs_base_user, 5160);
CHECK_SIZE(vcpu_guest_context_t, 5168);
