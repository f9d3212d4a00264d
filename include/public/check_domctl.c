/*
 * include/public/check_domctl.c - pins domctl.h to the numbers and
 * layouts of Xen 4.17's public domctl.h (gcc -m32 and -m64, which agree:
 * the toolstack structs use 8-aligned 64-bit fields and handles).
 * Compiled only.
 */
#include <public/domctl.h>
#include "check_layout.h"

/* ---- 64-bit handles and fields: the same for both widths ---- */
CHECK_SIZE(XEN_GUEST_HANDLE_64(char), 8);
_Static_assert(_Alignof(XEN_GUEST_HANDLE_64(char)) == 8, "64-bit handle alignment");
_Static_assert(_Alignof(uint64_aligned_t) == 8, "uint64_aligned_t alignment");

/* ---- Numbers ---- */
CHECK_VALUE(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
CHECK_VALUE(XEN_DOMCTL_createdomain, 1);
CHECK_VALUE(XEN_DOMCTL_getdomaininfo, 5);
CHECK_VALUE(XEN_DOMCTL_setvcpuaffinity, 9);
CHECK_VALUE(XEN_DOMCTL_hypercall_init, 22);
CHECK_VALUE(XEN_DOMCTL_set_address_size, 35);
CHECK_VALUE(XEN_DOMCTL_getpageframeinfo3, 61);
CHECK_VALUE(XEN_DOMCTL_set_paging_mempool_size, 86);
CHECK_VALUE(XEN_DOMCTL_gdbsx_domstatus, 1003);
CHECK_VALUE(XEN_DOMINF_dying, 1U << 0);
CHECK_VALUE(XEN_DOMINF_hvm_guest, 1U << 1);
CHECK_VALUE(XEN_DOMINF_shutdown, 1U << 2);
CHECK_VALUE(XEN_DOMINF_paused, 1U << 3);
CHECK_VALUE(XEN_DOMINF_blocked, 1U << 4);
CHECK_VALUE(XEN_DOMINF_running, 1U << 5);
CHECK_VALUE(XEN_DOMINF_debugged, 1U << 6);
CHECK_VALUE(XEN_DOMINF_xs_domain, 1U << 7);
CHECK_VALUE(XEN_DOMINF_hap, 1U << 8);
CHECK_VALUE(XEN_DOMINF_shutdownmask, 255);
CHECK_VALUE(XEN_DOMINF_shutdownshift, 16);

/* ---- xen_domctl_getdomaininfo (112 bytes) ---- */
CHECK_OFFSET(struct xen_domctl_getdomaininfo, domain, 0);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad1, 2);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_pages, 16);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, shr_pages, 32);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, paged_pages, 40);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_vcpu_id, 68);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, ssidref, 72);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad2, 97);
CHECK_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);
CHECK_SIZE(struct xen_arch_domainconfig, 8);
CHECK_SIZE(struct xen_domctl_getdomaininfo, 112);

/* ---- xen_domctl (144 bytes) ---- */
CHECK_OFFSET(struct xen_domctl, cmd, 0);
CHECK_OFFSET(struct xen_domctl, interface_version, 4);
CHECK_OFFSET(struct xen_domctl, domain, 8);
CHECK_OFFSET(struct xen_domctl, _pad, 10);
CHECK_OFFSET(struct xen_domctl, u, 16);
CHECK_FIELD_SIZE2(struct xen_domctl, u, 128, 128);
CHECK_SIZE(struct xen_domctl, 144);

/* ---- Commands issue 9 adds ---- */
CHECK_VALUE(XEN_DOMCTL_destroydomain, 2);
CHECK_VALUE(XEN_DOMCTL_pausedomain, 3);
CHECK_VALUE(XEN_DOMCTL_unpausedomain, 4);
CHECK_VALUE(XEN_DOMCTL_max_mem, 11);
CHECK_VALUE(XEN_DOMCTL_getvcpuinfo, 14);
CHECK_VALUE(XEN_DOMCTL_max_vcpus, 15);
CHECK_VALUE(XEN_DOMCTL_setdomainhandle, 17);
CHECK_VALUE(XEN_DOMCTL_settimeoffset, 24);
CHECK_VALUE(XEN_DOMCTL_get_address_size, 36);
CHECK_VALUE(XEN_DOMCTL_CDF_hvm, 1U << 0);
CHECK_VALUE(XEN_DOMCTL_CDF_xs_domain, 1U << 4);
CHECK_VALUE(XEN_DOMCTL_CDF_vpmu, 1U << 7);
CHECK_VALUE(XEN_DOMCTL_GRANT_version_mask, 0xf);

/* ---- xen_domctl_createdomain (64 bytes) ---- */
CHECK_OFFSET(struct xen_domctl_createdomain, ssidref, 0);
CHECK_OFFSET(struct xen_domctl_createdomain, handle, 4);
CHECK_OFFSET(struct xen_domctl_createdomain, flags, 20);
CHECK_OFFSET(struct xen_domctl_createdomain, iommu_opts, 24);
CHECK_OFFSET(struct xen_domctl_createdomain, max_vcpus, 28);
CHECK_OFFSET(struct xen_domctl_createdomain, max_evtchn_port, 32);
CHECK_OFFSET(struct xen_domctl_createdomain, max_grant_frames, 36);
CHECK_OFFSET(struct xen_domctl_createdomain, max_maptrack_frames, 40);
CHECK_OFFSET(struct xen_domctl_createdomain, grant_opts, 44);
CHECK_OFFSET(struct xen_domctl_createdomain, vmtrace_size, 48);
CHECK_OFFSET(struct xen_domctl_createdomain, cpupool_id, 52);
CHECK_OFFSET(struct xen_domctl_createdomain, arch, 56);
CHECK_SIZE(struct xen_domctl_createdomain, 64);

/* ---- The small ones ---- */
CHECK_SIZE(struct xen_domctl_max_mem, 8);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, vcpu, 0);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, online, 4);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, blocked, 5);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, running, 6);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu_time, 8);
CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu, 16);
CHECK_SIZE(struct xen_domctl_getvcpuinfo, 24);
CHECK_SIZE(struct xen_domctl_max_vcpus, 4);
CHECK_SIZE(struct xen_domctl_setdomainhandle, 16);
CHECK_SIZE(struct xen_domctl_hypercall_init, 8);
CHECK_SIZE(struct xen_domctl_settimeoffset, 8);
CHECK_SIZE(struct xen_domctl_address_size, 4);
CHECK_VALUE(XEN_X86_EMU_LAPIC, 1U << 0);
CHECK_VALUE(XEN_X86_EMU_PIT, 1U << 8);
CHECK_VALUE(XEN_X86_EMU_VPCI, 1U << 10);
CHECK_VALUE(XEN_X86_MSR_RELAXED, 1U << 0);
CHECK_VALUE(XEN_DOMCTL_setvcpucontext, 12);
CHECK_VALUE(XEN_DOMCTL_getvcpucontext, 13);

/* ---- xen_domctl_vcpucontext (16 bytes) ---- */
CHECK_OFFSET(struct xen_domctl_vcpucontext, vcpu, 0);
CHECK_OFFSET(struct xen_domctl_vcpucontext, ctxt, 8);
CHECK_SIZE(struct xen_domctl_vcpucontext, 16);

#if defined(__x86_64__)
/* ---- The 64-bit vCPU context (Xen's arch-x86/xen-x86_64.h and xen.h) ---- */
CHECK_OFFSET(struct xen_cpu_user_regs, r15, 0);
CHECK_OFFSET(struct xen_cpu_user_regs, rdi, 112);
CHECK_OFFSET(struct xen_cpu_user_regs, error_code, 120);
CHECK_OFFSET(struct xen_cpu_user_regs, entry_vector, 124);
CHECK_OFFSET(struct xen_cpu_user_regs, rip, 128);
CHECK_OFFSET(struct xen_cpu_user_regs, cs, 136);
CHECK_OFFSET(struct xen_cpu_user_regs, saved_upcall_mask, 140);
CHECK_OFFSET(struct xen_cpu_user_regs, rflags, 144);
CHECK_OFFSET(struct xen_cpu_user_regs, rsp, 152);
CHECK_OFFSET(struct xen_cpu_user_regs, ss, 160);
CHECK_OFFSET(struct xen_cpu_user_regs, es, 168);
CHECK_OFFSET(struct xen_cpu_user_regs, ds, 176);
CHECK_OFFSET(struct xen_cpu_user_regs, fs, 184);
CHECK_OFFSET(struct xen_cpu_user_regs, gs, 192);
CHECK_SIZE(struct xen_cpu_user_regs, 200);
CHECK_OFFSET(struct vcpu_guest_context, fpu_ctxt, 0);
CHECK_OFFSET(struct vcpu_guest_context, flags, 512);
CHECK_OFFSET(struct vcpu_guest_context, user_regs, 520);
CHECK_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
CHECK_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
CHECK_OFFSET(struct vcpu_guest_context, ldt_ents, 4824);
CHECK_OFFSET(struct vcpu_guest_context, gdt_frames, 4832);
CHECK_OFFSET(struct vcpu_guest_context, gdt_ents, 4960);
CHECK_OFFSET(struct vcpu_guest_context, kernel_ss, 4968);
CHECK_OFFSET(struct vcpu_guest_context, kernel_sp, 4976);
CHECK_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
CHECK_OFFSET(struct vcpu_guest_context, debugreg, 5048);
CHECK_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
CHECK_OFFSET(struct vcpu_guest_context, failsafe_callback_eip, 5120);
CHECK_OFFSET(struct vcpu_guest_context, syscall_callback_eip, 5128);
CHECK_OFFSET(struct vcpu_guest_context, vm_assist, 5136);
CHECK_OFFSET(struct vcpu_guest_context, fs_base, 5144);
CHECK_OFFSET(struct vcpu_guest_context, gs_base_kernel, 5152);
CHECK_OFFSET(struct vcpu_guest_context, gs_base_user, 5160);
CHECK_SIZE(struct vcpu_guest_context, 5168);
#endif
