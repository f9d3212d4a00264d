/*
 * include/public/memory.h - memory_op(cmd, arg): reservations, the memory
 * map and the M2P location.
 *
 * cmd carries the sub-command in bits 0-5 and, for the reservation
 * commands, the extent to restart from (after a preemption) above
 * MEMOP_EXTENT_SHIFT.
 */
#ifndef MINIXEN_PUBLIC_MEMORY_H
#define MINIXEN_PUBLIC_MEMORY_H

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1 << MEMOP_EXTENT_SHIFT) - 1)

#define XENMEM_increase_reservation      0  /* xen_memory_reservation */
#define XENMEM_decrease_reservation      1  /* xen_memory_reservation */
#define XENMEM_maximum_ram_page          2  /* NULL; returns highest mfn */
#define XENMEM_current_reservation       3  /* domid_t *; returns pages */
#define XENMEM_maximum_reservation       4  /* domid_t *; returns max pages */
#define XENMEM_machphys_mfn_list         5
#define XENMEM_populate_physmap          6  /* xen_memory_reservation */
#define XENMEM_add_to_physmap            7
/* 8 was translate_gpfn_list, removed. */
#define XENMEM_memory_map                9  /* xen_memory_map: own map */
#define XENMEM_machine_memory_map        10 /* xen_memory_map: host map */
#define XENMEM_exchange                  11
#define XENMEM_machphys_mapping          12 /* xen_machphys_mapping */
#define XENMEM_set_memory_map            13
#define XENMEM_maximum_gpfn              14 /* domid_t *; returns max gpfn */
#define XENMEM_remove_from_physmap       15
#define XENMEM_set_pod_target            16
#define XENMEM_get_pod_target            17
#define XENMEM_get_sharing_freed_pages   18
#define XENMEM_get_sharing_shared_pages  19
#define XENMEM_paging_op                 20
#define XENMEM_access_op                 21
#define XENMEM_sharing_op                22
#define XENMEM_add_to_physmap_batch      23
#define XENMEM_claim_pages               24
#define XENMEM_machphys_compat_mfn_list  25
#define XENMEM_get_vnumainfo             26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource          28

/* XENMEM_add_to_physmap spaces. */
#define XENMAPSPACE_shared_info  0
#define XENMAPSPACE_grant_table  1
#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio     5

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)     (x)  /* frames below 2^x; 0 = any */
#define XENMEMF_get_address_bits(x) ((x) & 0xff)
#define XENMEMF_node(n)             (((n) + 1) << 8) /* NUMA node hint */
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xff)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)

/*
 * e820 entry types (the BIOS/ACPI numbers) and the packed entry layout,
 * checked against Xen's hvm/e820.h and its tools' copy.
 */
#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5

#ifndef __ASSEMBLER__

/*
 * Increase, decrease or populate: nr_extents extents of 2^extent_order
 * pages each.  extent_start lists frames: GMFNs to free for decrease,
 * GPFNs in and MFNs out for populate on a PV guest.
 */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;   /* XENMEMF_* */
    domid_t domid;        /* DOMID_SELF or a domain the caller controls */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* One memory-map entry, packed to 20 bytes as the BIOS returns them. */
struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;  /* E820_* */
} __attribute__((packed));

/*
 * IN: nr_entries = room in buffer (in e820entry units).
 * OUT: nr_entries = entries written.
 */
struct xen_memory_map {
    uint32_t nr_entries;
    XEN_GUEST_HANDLE(void) buffer;  /* array of struct e820entry */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* XENMEM_set_memory_map: the toolstack gives domid its pseudo-physical map. */
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/* Where the read-only M2P is mapped for the caller, and its size. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;  /* [v_start, v_end) */
    xen_ulong_t max_mfn;         /* highest mfn the table covers */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

#endif /* !__ASSEMBLER__ */

#endif /* MINIXEN_PUBLIC_MEMORY_H */
