/*
 * include/public/features.h - XENFEAT_* bit numbers.
 *
 * XENVER_get_features returns them 32 at a time (submap_idx selects the
 * word; only word 0 exists).  Guests also list the ones they need or
 * support in the FEATURES / SUPPORTED_FEATURES ELF notes.  A classic PV
 * guest on minixen gets none of 0-3.  Bits 16-17 checked against Xen's
 * features.h with the search tool; later Xen defines bits from 18 on.
 */
#ifndef MINIXEN_PUBLIC_FEATURES_H
#define MINIXEN_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables       0  /* PTs writable without hypercalls */
#define XENFEAT_writable_descriptor_tables 1  /* GDT/LDT writable directly */
#define XENFEAT_auto_translated_physmap    2  /* Xen translates pfn <-> mfn */
#define XENFEAT_supervisor_mode_kernel     3  /* kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb        4  /* PAE L3 may live above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD works */
#define XENFEAT_highmem_assist             6  /* MMUEXT_CLEAR/COPY_PAGE work */
#define XENFEAT_gnttab_map_avail_bits      7  /* grant maps honour PTE avail bits */
#define XENFEAT_hvm_callback_vector        8  /* HVM: upcall via a vector */
#define XENFEAT_hvm_safe_pvclock           9  /* HVM: pvclock is safe */
#define XENFEAT_hvm_pirqs                  10 /* HVM: PIRQs as event channels */
#define XENFEAT_dom0                       11 /* caller is the hardware domain */
#define XENFEAT_grant_map_identity         12 /* ARM: grant maps 1:1 */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEMF_vnode works */
#define XENFEAT_ARM_SMCCC_supported        14 /* ARM: SMCCC available */
#define XENFEAT_linux_rsdp_unrestricted    15 /* PVH: RSDP may be anywhere */
#define XENFEAT_not_direct_mapped          16 /* gfn != mfn */
#define XENFEAT_direct_mapped              17 /* gfn == mfn */

/* Number of 32-bit feature words XENVER_get_features can return. */
#define XENFEAT_NR_SUBMAPS 1

#endif /* MINIXEN_PUBLIC_FEATURES_H */
