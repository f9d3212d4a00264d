/*
 * include/public/check_features.c - pins features.h (as in Xen 4.17).  Compiled only.
 */
#include <public/features.h>
#include "check_layout.h"

CHECK_VALUE(XENFEAT_writable_page_tables, 0);
CHECK_VALUE(XENFEAT_writable_descriptor_tables, 1);
CHECK_VALUE(XENFEAT_auto_translated_physmap, 2);
CHECK_VALUE(XENFEAT_supervisor_mode_kernel, 3);
CHECK_VALUE(XENFEAT_pae_pgdir_above_4gb, 4);
CHECK_VALUE(XENFEAT_mmu_pt_update_preserve_ad, 5);
CHECK_VALUE(XENFEAT_highmem_assist, 6);
CHECK_VALUE(XENFEAT_gnttab_map_avail_bits, 7);
CHECK_VALUE(XENFEAT_hvm_callback_vector, 8);
CHECK_VALUE(XENFEAT_hvm_safe_pvclock, 9);
CHECK_VALUE(XENFEAT_hvm_pirqs, 10);
CHECK_VALUE(XENFEAT_dom0, 11);
CHECK_VALUE(XENFEAT_grant_map_identity, 12);
CHECK_VALUE(XENFEAT_memory_op_vnode_supported, 13);
CHECK_VALUE(XENFEAT_ARM_SMCCC_supported, 14);
CHECK_VALUE(XENFEAT_linux_rsdp_unrestricted, 15);
CHECK_VALUE(XENFEAT_not_direct_mapped, 16);
CHECK_VALUE(XENFEAT_direct_mapped, 17);
CHECK_VALUE(XENFEAT_NR_SUBMAPS, 1);
