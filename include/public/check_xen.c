/*
 * include/public/check_xen.c - pins xen.h and the arch-x86 headers to the layouts
 * and numbers of Xen 4.17's public headers (compiled with gcc -m32 and -m64).
 * Two-value checks list the 32-bit view first.  Compiled only.
 */
#include <public/xen.h>
#include "check_layout.h"

/* ---- Integer widths ---- */
CHECK_SIZE2(xen_ulong_t, 4, 8);
CHECK_SIZE2(xen_pfn_t, 4, 8);
CHECK_SIZE(domid_t, 2);
CHECK_SIZE(xen_domain_handle_t, 16);
CHECK_SIZE(tsc_timestamp_t, 8);

/* ---- Guest handles: one pointer, const twin, void works ---- */
CHECK_SIZE2(XEN_GUEST_HANDLE(void), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(const_void), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(const_char), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uchar), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(ulong), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(long), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(int), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint8), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint16), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint32), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint64), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(uint64_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE_PARAM(xen_pfn_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(const_xen_ulong_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(trap_info_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(multicall_entry_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(mmu_update_t), 4, 8);
CHECK_SIZE2(XEN_GUEST_HANDLE(const_mmuext_op_t), 4, 8);

/* set_xen_guest_handle and the const twin must accept the right pointers. */
static inline void check_handles(const char *s, const struct mmuext_op *op)
{
    XEN_GUEST_HANDLE(const_char) str;
    XEN_GUEST_HANDLE(const_mmuext_op_t) ops;
    XEN_GUEST_HANDLE(void) any;

    set_xen_guest_handle(str, s);
    set_xen_guest_handle(ops, op);
    set_xen_guest_handle(any, (void *)0);
    (void)str; (void)ops; (void)any;
}

/* ---- Section 1: multicall_entry ---- */
CHECK_OFFSET(multicall_entry_t, op, 0);
CHECK_OFFSET2(multicall_entry_t, result, 4, 8);
CHECK_OFFSET2(multicall_entry_t, args, 8, 16);
CHECK_FIELD_SIZE2(multicall_entry_t, args, 24, 48);
CHECK_SIZE2(multicall_entry_t, 32, 64);

/* ---- Section 2: hypercall page ---- */
CHECK_VALUE(XEN_HYPERCALL_PAGE_SLOT_SIZE * XEN_HYPERCALL_PAGE_SLOTS, 4096);
CHECK_VALUE(XEN_PV32_HYPERCALL_VECTOR, 0x82);

/* ---- Section 3.3: flat selectors and the reserved GDT area ---- */
CHECK_VALUE(FLAT_COMPAT_RING1_CS, 0xe019);
CHECK_VALUE(FLAT_COMPAT_RING1_DS, 0xe021);
CHECK_VALUE(FLAT_COMPAT_RING1_SS, 0xe021);
CHECK_VALUE(FLAT_COMPAT_RING3_CS, 0xe02b);
CHECK_VALUE(FLAT_COMPAT_RING3_DS, 0xe033);
CHECK_VALUE(FLAT_COMPAT_RING3_SS, 0xe033);
CHECK_VALUE2(FLAT_KERNEL_CS, 0xe019, 0xe033);
CHECK_VALUE2(FLAT_KERNEL_DS, 0xe021, 0x0000);
CHECK_VALUE2(FLAT_KERNEL_SS, 0xe021, 0xe02b);
CHECK_VALUE2(FLAT_USER_CS, 0xe02b, 0xe033);
CHECK_VALUE2(FLAT_USER_DS, 0xe033, 0x0000);
CHECK_VALUE2(FLAT_USER_SS, 0xe033, 0xe02b);
#if defined(__x86_64__)
CHECK_VALUE(FLAT_RING3_CS32, 0xe023);
CHECK_VALUE(FLAT_RING3_CS64, 0xe033);
CHECK_VALUE(FLAT_RING3_DS32, 0xe02b);
CHECK_VALUE(FLAT_RING3_DS64, 0x0000);
CHECK_VALUE(FLAT_RING3_SS32, 0xe02b);
CHECK_VALUE(FLAT_RING3_SS64, 0xe02b);
CHECK_VALUE(FLAT_KERNEL_CS32, 0xe023);
CHECK_VALUE(FLAT_USER_CS32, 0xe023);
#else
CHECK_VALUE(FLAT_RING1_CS, 0xe019);
CHECK_VALUE(FLAT_RING1_DS, 0xe021);
CHECK_VALUE(FLAT_RING1_SS, 0xe021);
CHECK_VALUE(FLAT_RING3_CS, 0xe02b);
CHECK_VALUE(FLAT_RING3_DS, 0xe033);
CHECK_VALUE(FLAT_RING3_SS, 0xe033);
#endif
CHECK_VALUE(FIRST_RESERVED_GDT_PAGE, 14);
CHECK_VALUE(FIRST_RESERVED_GDT_BYTE, 57344);
CHECK_VALUE(FIRST_RESERVED_GDT_ENTRY, 7168);

/* ---- Section 3.4: start_info ---- */
CHECK_OFFSET(start_info_t, magic, 0);
CHECK_OFFSET(start_info_t, nr_pages, 32);
CHECK_OFFSET2(start_info_t, shared_info, 36, 40);
CHECK_OFFSET2(start_info_t, flags, 40, 48);
CHECK_OFFSET2(start_info_t, store_mfn, 44, 56);
CHECK_OFFSET2(start_info_t, store_evtchn, 48, 64);
CHECK_OFFSET2(start_info_t, console.domU.mfn, 52, 72);
CHECK_OFFSET2(start_info_t, console.domU.evtchn, 56, 80);
CHECK_OFFSET2(start_info_t, console.dom0.info_off, 52, 72);
CHECK_OFFSET2(start_info_t, console.dom0.info_size, 56, 76);
CHECK_OFFSET2(start_info_t, pt_base, 60, 88);
CHECK_OFFSET2(start_info_t, nr_pt_frames, 64, 96);
CHECK_OFFSET2(start_info_t, mfn_list, 68, 104);
CHECK_OFFSET2(start_info_t, mod_start, 72, 112);
CHECK_OFFSET2(start_info_t, mod_len, 76, 120);
CHECK_OFFSET2(start_info_t, cmd_line, 80, 128);
CHECK_OFFSET2(start_info_t, first_p2m_pfn, 1104, 1152);
CHECK_OFFSET2(start_info_t, nr_p2m_frames, 1108, 1160);
CHECK_SIZE2(start_info_t, 1112, 1168);
CHECK_VALUE(MAX_GUEST_CMDLINE, 1024);
CHECK_VALUE(SIF_PRIVILEGED, 1);
CHECK_VALUE(SIF_INITDOMAIN, 2);
CHECK_VALUE(SIF_MULTIBOOT_MOD, 4);
CHECK_VALUE(SIF_MOD_START_PFN, 8);
CHECK_VALUE(SIF_VIRT_P2M_4TOOLS, 16);
CHECK_VALUE(SIF_PM_MASK, 0xFF00);
CHECK_VALUE(sizeof(XEN_START_INFO_MAGIC_32P), 16);
CHECK_VALUE(sizeof(XEN_START_INFO_MAGIC_64), 15);

/* ---- Section 4: vcpu_time_info, vcpu_info, shared_info ---- */
CHECK_OFFSET(vcpu_time_info_t, version, 0);
CHECK_OFFSET(vcpu_time_info_t, pad0, 4);
CHECK_OFFSET(vcpu_time_info_t, tsc_timestamp, 8);
CHECK_OFFSET(vcpu_time_info_t, system_time, 16);
CHECK_OFFSET(vcpu_time_info_t, tsc_to_system_mul, 24);
CHECK_OFFSET(vcpu_time_info_t, tsc_shift, 28);
CHECK_OFFSET(vcpu_time_info_t, flags, 29);
CHECK_OFFSET(vcpu_time_info_t, pad1, 30);
CHECK_SIZE(vcpu_time_info_t, 32);
CHECK_VALUE(XEN_PVCLOCK_TSC_STABLE_BIT, 1);
CHECK_VALUE(XEN_PVCLOCK_GUEST_STOPPED, 2);

CHECK_OFFSET(arch_vcpu_info_t, cr2, 0);
CHECK_OFFSET2(arch_vcpu_info_t, pad, 4, 8);
CHECK_SIZE2(arch_vcpu_info_t, 24, 16);

CHECK_OFFSET(vcpu_info_t, evtchn_upcall_pending, 0);
CHECK_OFFSET(vcpu_info_t, evtchn_upcall_mask, 1);
CHECK_OFFSET2(vcpu_info_t, evtchn_pending_sel, 4, 8);
CHECK_OFFSET2(vcpu_info_t, arch.cr2, 8, 16);
CHECK_OFFSET2(vcpu_info_t, arch.pad, 12, 24);
CHECK_OFFSET(vcpu_info_t, time, 32);
CHECK_SIZE(vcpu_info_t, 64);

CHECK_VALUE(XEN_LEGACY_MAX_VCPUS, 32);
CHECK_OFFSET(shared_info_t, vcpu_info, 0);
CHECK_OFFSET(shared_info_t, evtchn_pending, 2048);
CHECK_FIELD_SIZE2(shared_info_t, evtchn_pending, 128, 512);
CHECK_OFFSET2(shared_info_t, evtchn_mask, 2176, 2560);
CHECK_FIELD_SIZE2(shared_info_t, evtchn_mask, 128, 512);
CHECK_OFFSET2(shared_info_t, wc_version, 2304, 3072);
CHECK_OFFSET2(shared_info_t, wc_sec, 2308, 3076);
CHECK_OFFSET2(shared_info_t, wc_nsec, 2312, 3080);
CHECK_OFFSET2(shared_info_t, xen_wc_sec_hi, 2340, 3084);
CHECK_OFFSET2(shared_info_t, arch.max_pfn, 2316, 3088);
CHECK_OFFSET2(shared_info_t, arch.pfn_to_mfn_frame_list_list, 2320, 3096);
CHECK_OFFSET2(shared_info_t, arch.nmi_reason, 2324, 3104);
CHECK_OFFSET2(shared_info_t, arch.p2m_cr3, 2328, 3112);
CHECK_OFFSET2(shared_info_t, arch.p2m_vaddr, 2332, 3120);
CHECK_OFFSET2(shared_info_t, arch.p2m_generation, 2336, 3128);
CHECK_SIZE2(shared_info_t, 2344, 3136);
_Static_assert(sizeof(shared_info_t) <= XEN_PAGE_SIZE, "shared_info fits a page");
CHECK_VALUE(XEN_PAGE_SIZE, 4096);

/* ---- Section 5: trap_info, iret, segment bases, emulation prefix ---- */
CHECK_OFFSET(trap_info_t, vector, 0);
CHECK_OFFSET(trap_info_t, flags, 1);
CHECK_OFFSET(trap_info_t, cs, 2);
CHECK_OFFSET2(trap_info_t, address, 4, 8);
CHECK_SIZE2(trap_info_t, 8, 16);
CHECK_VALUE(TI_FLAG_DPL_MASK, 3);
CHECK_VALUE(TI_FLAG_IF, 4);

CHECK_VALUE(VGCF_i387_valid, 1 << 0);
CHECK_VALUE(VGCF_in_kernel, 1 << 2);
CHECK_VALUE(VGCF_failsafe_disables_events, 1 << 3);
CHECK_VALUE(VGCF_syscall_disables_events, 1 << 4);
CHECK_VALUE(VGCF_online, 1 << 5);

#if defined(__x86_64__)
CHECK_VALUE(VGCF_in_syscall, 1 << 8);
CHECK_OFFSET(struct iret_context, rax, 0);
CHECK_OFFSET(struct iret_context, r11, 8);
CHECK_OFFSET(struct iret_context, rcx, 16);
CHECK_OFFSET(struct iret_context, flags, 24);
CHECK_OFFSET(struct iret_context, rip, 32);
CHECK_OFFSET(struct iret_context, cs, 40);
CHECK_OFFSET(struct iret_context, rflags, 48);
CHECK_OFFSET(struct iret_context, rsp, 56);
CHECK_OFFSET(struct iret_context, ss, 64);
CHECK_SIZE(struct iret_context, 72);
CHECK_VALUE(SEGBASE_FS, 0);
CHECK_VALUE(SEGBASE_GS_USER, 1);
CHECK_VALUE(SEGBASE_GS_KERNEL, 2);
CHECK_VALUE(SEGBASE_GS_USER_SEL, 3);
CHECK_SIZE(xen_callback_t, 8);
#else
CHECK_OFFSET(xen_callback_t, cs, 0);
CHECK_OFFSET(xen_callback_t, eip, 4);
CHECK_SIZE(xen_callback_t, 8);
#endif

static const uint8_t check_emulate_prefix[] = { XEN_EMULATE_PREFIX_BYTES };
CHECK_VALUE(sizeof(check_emulate_prefix), XEN_EMULATE_PREFIX_LEN);
/* The C spelling must be the exact asm text (sizeof counts the NUL). */
CHECK_VALUE(sizeof(XEN_EMULATE_PREFIX), sizeof(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ; "));

/* ---- Section 6: mmu_update, mmuext_op, UVMF, domain ids, hole ---- */
CHECK_OFFSET(mmu_update_t, ptr, 0);
CHECK_OFFSET(mmu_update_t, val, 8);
CHECK_SIZE(mmu_update_t, 16);
CHECK_VALUE(MMU_NORMAL_PT_UPDATE, 0);
CHECK_VALUE(MMU_MACHPHYS_UPDATE, 1);
CHECK_VALUE(MMU_PT_UPDATE_PRESERVE_AD, 2);
CHECK_VALUE(MMU_PT_UPDATE_NO_TRANSLATE, 3);

CHECK_OFFSET(mmuext_op_t, cmd, 0);
CHECK_OFFSET2(mmuext_op_t, arg1.mfn, 4, 8);
CHECK_OFFSET2(mmuext_op_t, arg1.linear_addr, 4, 8);
CHECK_OFFSET2(mmuext_op_t, arg2.nr_ents, 8, 16);
CHECK_OFFSET2(mmuext_op_t, arg2.vcpumask, 8, 16);
CHECK_OFFSET2(mmuext_op_t, arg2.src_mfn, 8, 16);
CHECK_SIZE2(mmuext_op_t, 12, 24);
CHECK_VALUE(MMUEXT_PIN_L1_TABLE, 0);
CHECK_VALUE(MMUEXT_PIN_L2_TABLE, 1);
CHECK_VALUE(MMUEXT_PIN_L3_TABLE, 2);
CHECK_VALUE(MMUEXT_PIN_L4_TABLE, 3);
CHECK_VALUE(MMUEXT_UNPIN_TABLE, 4);
CHECK_VALUE(MMUEXT_NEW_BASEPTR, 5);
CHECK_VALUE(MMUEXT_TLB_FLUSH_LOCAL, 6);
CHECK_VALUE(MMUEXT_INVLPG_LOCAL, 7);
CHECK_VALUE(MMUEXT_TLB_FLUSH_MULTI, 8);
CHECK_VALUE(MMUEXT_INVLPG_MULTI, 9);
CHECK_VALUE(MMUEXT_TLB_FLUSH_ALL, 10);
CHECK_VALUE(MMUEXT_INVLPG_ALL, 11);
CHECK_VALUE(MMUEXT_FLUSH_CACHE, 12);
CHECK_VALUE(MMUEXT_SET_LDT, 13);
CHECK_VALUE(MMUEXT_NEW_USER_BASEPTR, 15);
CHECK_VALUE(MMUEXT_CLEAR_PAGE, 16);
CHECK_VALUE(MMUEXT_COPY_PAGE, 17);
CHECK_VALUE(MMUEXT_FLUSH_CACHE_GLOBAL, 18);
CHECK_VALUE(MMUEXT_MARK_SUPER, 19);
CHECK_VALUE(MMUEXT_UNMARK_SUPER, 20);

CHECK_VALUE(UVMF_NONE, 0);
CHECK_VALUE(UVMF_TLB_FLUSH, 1);
CHECK_VALUE(UVMF_INVLPG, 2);
CHECK_VALUE(UVMF_FLUSHTYPE_MASK, 3);
CHECK_VALUE(UVMF_MULTI, 0);
CHECK_VALUE(UVMF_LOCAL, 0);
CHECK_VALUE(UVMF_ALL, 4);

CHECK_VALUE(DOMID_FIRST_RESERVED, 0x7FF0);
CHECK_VALUE(DOMID_SELF, 0x7FF0);
CHECK_VALUE(DOMID_IO, 0x7FF1);
CHECK_VALUE(DOMID_XEN, 0x7FF2);
CHECK_VALUE(DOMID_COW, 0x7FF3);
CHECK_VALUE(DOMID_INVALID, 0x7FF4);
CHECK_VALUE(DOMID_IDLE, 0x7FFF);
CHECK_VALUE(DOMID_MASK, 0x7FFF);

CHECK_VALUE(__HYPERVISOR_COMPAT_VIRT_START, 0xF5800000);
CHECK_VALUE(__MACH2PHYS_COMPAT_VIRT_END, 0xFFE00000);
#if defined(__x86_64__)
CHECK_VALUE(HYPERVISOR_VIRT_START, 0xFFFF800000000000);
CHECK_VALUE(HYPERVISOR_VIRT_END, 0xFFFF880000000000);
CHECK_VALUE(MACH2PHYS_VIRT_START, 0xFFFF800000000000);
CHECK_VALUE(MACH2PHYS_VIRT_END, 0xFFFF804000000000);
CHECK_VALUE(xen_pfn_to_cr3(0x12345), 0x12345000);
#else
CHECK_VALUE(HYPERVISOR_VIRT_START, 0xF5800000);
/* PAE frame 0x100001 (above 4 GiB) folds bit 20 into CR3 bit 0. */
CHECK_VALUE(xen_pfn_to_cr3(0x100001), 0x00001001);
CHECK_VALUE(xen_cr3_to_pfn(0x00001001), 0x100001);
#endif

/* ---- Section 7 (VIRQs live in xen.h) ---- */
CHECK_VALUE(VIRQ_TIMER, 0);
CHECK_VALUE(VIRQ_DEBUG, 1);
CHECK_VALUE(VIRQ_CONSOLE, 2);
CHECK_VALUE(VIRQ_DOM_EXC, 3);
CHECK_VALUE(VIRQ_TBUF, 4);
CHECK_VALUE(VIRQ_DEBUGGER, 6);
CHECK_VALUE(VIRQ_XENOPROF, 7);
CHECK_VALUE(VIRQ_CON_RING, 8);
CHECK_VALUE(VIRQ_PCPU_STATE, 9);
CHECK_VALUE(VIRQ_MEM_EVENT, 10);
CHECK_VALUE(VIRQ_ARGO, 11);
CHECK_VALUE(VIRQ_ENOMEM, 12);
CHECK_VALUE(VIRQ_XENPMU, 13);
CHECK_VALUE(VIRQ_ARCH_0, 16);
CHECK_VALUE(VIRQ_ARCH_7, 23);
CHECK_VALUE(NR_VIRQS, 24);

/* ---- Section 8: console_io, vm_assist ---- */
CHECK_VALUE(CONSOLEIO_write, 0);
CHECK_VALUE(CONSOLEIO_read, 1);
CHECK_VALUE(VMASST_CMD_enable, 0);
CHECK_VALUE(VMASST_CMD_disable, 1);
CHECK_VALUE(VMASST_TYPE_4gb_segments, 0);
CHECK_VALUE(VMASST_TYPE_4gb_segments_notify, 1);
CHECK_VALUE(VMASST_TYPE_writable_pagetables, 2);
CHECK_VALUE(VMASST_TYPE_pae_extended_cr3, 3);
CHECK_VALUE(VMASST_TYPE_architectural_iopl, 4);
CHECK_VALUE(VMASST_TYPE_runstate_update_flag, 5);
CHECK_VALUE(VMASST_TYPE_m2p_strict, 32);

/* The trap_info flag helpers agree with the raw bits. */
static inline int check_ti_helpers(void)
{
    trap_info_t ti = { .vector = 3, .flags = 0, .cs = 0, .address = 0 };

    TI_SET_DPL(&ti, 3);
    TI_SET_IF(&ti, 1);
    return ti.flags == 7 && TI_GET_DPL(&ti) == 3 && TI_GET_IF(&ti) == 4;
}
