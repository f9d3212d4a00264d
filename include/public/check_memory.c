/*
 * include/public/check_memory.c - pins memory.h (as in Xen 4.17).  Compiled only.
 */
#include <public/memory.h>
#include "check_layout.h"

CHECK_VALUE(MEMOP_EXTENT_SHIFT, 6);
CHECK_VALUE(MEMOP_CMD_MASK, 0x3f);

CHECK_VALUE(XENMEM_increase_reservation, 0);
CHECK_VALUE(XENMEM_decrease_reservation, 1);
CHECK_VALUE(XENMEM_maximum_ram_page, 2);
CHECK_VALUE(XENMEM_current_reservation, 3);
CHECK_VALUE(XENMEM_maximum_reservation, 4);
CHECK_VALUE(XENMEM_machphys_mfn_list, 5);
CHECK_VALUE(XENMEM_populate_physmap, 6);
CHECK_VALUE(XENMEM_add_to_physmap, 7);
CHECK_VALUE(XENMEM_memory_map, 9);
CHECK_VALUE(XENMEM_machine_memory_map, 10);
CHECK_VALUE(XENMEM_exchange, 11);
CHECK_VALUE(XENMEM_machphys_mapping, 12);
CHECK_VALUE(XENMEM_set_memory_map, 13);
CHECK_VALUE(XENMEM_maximum_gpfn, 14);
CHECK_VALUE(XENMEM_remove_from_physmap, 15);
CHECK_VALUE(XENMEM_set_pod_target, 16);
CHECK_VALUE(XENMEM_get_pod_target, 17);
CHECK_VALUE(XENMEM_get_sharing_freed_pages, 18);
CHECK_VALUE(XENMEM_get_sharing_shared_pages, 19);
CHECK_VALUE(XENMEM_paging_op, 20);
CHECK_VALUE(XENMEM_access_op, 21);
CHECK_VALUE(XENMEM_sharing_op, 22);
CHECK_VALUE(XENMEM_add_to_physmap_batch, 23);
CHECK_VALUE(XENMEM_claim_pages, 24);
CHECK_VALUE(XENMEM_machphys_compat_mfn_list, 25);
CHECK_VALUE(XENMEM_get_vnumainfo, 26);
CHECK_VALUE(XENMEM_reserved_device_memory_map, 27);
CHECK_VALUE(XENMEM_acquire_resource, 28);

CHECK_VALUE(XENMAPSPACE_shared_info, 0);
CHECK_VALUE(XENMAPSPACE_grant_table, 1);
CHECK_VALUE(XENMAPSPACE_gmfn, 2);
CHECK_VALUE(XENMAPSPACE_gmfn_range, 3);
CHECK_VALUE(XENMAPSPACE_gmfn_foreign, 4);
CHECK_VALUE(XENMAPSPACE_dev_mmio, 5);

CHECK_VALUE(XENMEMF_address_bits(32), 32);
CHECK_VALUE(XENMEMF_get_address_bits(XENMEMF_address_bits(32) | XENMEMF_node(1)), 32);
CHECK_VALUE(XENMEMF_node(0), 1 << 8);
CHECK_VALUE(XENMEMF_get_node(XENMEMF_node(3)), 3);
CHECK_VALUE(XENMEMF_populate_on_demand, 1 << 16);
CHECK_VALUE(XENMEMF_exact_node_request, 1 << 17);
CHECK_VALUE(XENMEMF_vnode, 1 << 18);

CHECK_OFFSET(xen_memory_reservation_t, extent_start, 0);
CHECK_OFFSET2(xen_memory_reservation_t, nr_extents, 4, 8);
CHECK_OFFSET2(xen_memory_reservation_t, extent_order, 8, 16);
CHECK_OFFSET2(xen_memory_reservation_t, mem_flags, 12, 20);
CHECK_OFFSET2(xen_memory_reservation_t, domid, 16, 24);
CHECK_SIZE2(xen_memory_reservation_t, 20, 32);

CHECK_VALUE(E820_RAM, 1);
CHECK_VALUE(E820_RESERVED, 2);
CHECK_VALUE(E820_ACPI, 3);
CHECK_VALUE(E820_NVS, 4);
CHECK_VALUE(E820_UNUSABLE, 5);
CHECK_OFFSET(struct e820entry, addr, 0);
CHECK_OFFSET(struct e820entry, size, 8);
CHECK_OFFSET(struct e820entry, type, 16);
CHECK_SIZE(struct e820entry, 20);

CHECK_OFFSET(xen_memory_map_t, nr_entries, 0);
CHECK_OFFSET2(xen_memory_map_t, buffer, 4, 8);
CHECK_SIZE2(xen_memory_map_t, 8, 16);

CHECK_OFFSET(xen_machphys_mapping_t, v_start, 0);
CHECK_OFFSET2(xen_machphys_mapping_t, v_end, 4, 8);
CHECK_OFFSET2(xen_machphys_mapping_t, max_mfn, 8, 16);
CHECK_SIZE2(xen_machphys_mapping_t, 12, 24);

/* ---- xen_foreign_memory_map (XENMEM_set_memory_map) ---- */
CHECK_VALUE(XENMEM_set_memory_map, 13);
CHECK_OFFSET(xen_foreign_memory_map_t, domid, 0);
CHECK_OFFSET2(xen_foreign_memory_map_t, map, 4, 8);
CHECK_SIZE2(xen_foreign_memory_map_t, 12, 24);
