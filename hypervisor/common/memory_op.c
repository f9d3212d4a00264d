/*
 * memory_op: what a domain may learn about memory, and (next issue) how
 * it gives frames back or asks for more.
 *
 * cmd carries the sub-command in its low bits (MEMOP_CMD_MASK) and, for
 * the reservation commands, the extent to resume from above
 * MEMOP_EXTENT_SHIFT.  The sub-commands that take no resume point refuse
 * a non-zero one with -EINVAL, as Xen's common code does; the x86 ones
 * (memory_map, machphys_mapping) are matched on the whole cmd, as in
 * Xen's arch_memory_op, so there a stray resume point means -ENOSYS.
 *
 * Sub-commands:
 *   maximum_ram_page       max_page (one past the highest RAM frame)
 *   current_reservation    pages a domain owns      } DOMID_SELF or, for the
 *   maximum_reservation    pages it may own at most } privileged domain, any
 *   memory_map             the domain's pseudo-physical e820 map
 *   machphys_mapping       where the read-only M2P table is mapped
 *   increase/decrease_reservation, populate_physmap: not yet (-ENOSYS)
 *   anything else          -ENOSYS
 *
 * memory_map and machphys_mapping are x86 PV facts kept here while pv64
 * is the only guest type; they become an arch_memory_op hook later.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/printk.h>
#include <minixen/sched.h>
#include <public/memory.h>

/* The M2P sits where 64-bit PV guests expect it. */
BUILD_BUG_ON(RO_M2P_VIRT_START != MACH2PHYS_VIRT_START);

/* Typed handles the public header leaves to the hypervisor (as Xen does). */
typedef struct e820entry e820entry_t;
DEFINE_XEN_GUEST_HANDLE(e820entry_t);
DEFINE_XEN_GUEST_HANDLE(domid_t);

/* Entries in the memory map minixen builds for a domain. */
#define DOMAIN_E820_ENTRIES 1

/*
 * increase_reservation, decrease_reservation and populate_physmap: the
 * next issue fills this in.  Note for then: Xen reports failures of these
 * three as the number of extents done (start_extent if none), never as an
 * errno, and resumes from start_extent.
 */
static long memop_reservation(unsigned int op, unsigned long start_extent,
                              XEN_GUEST_HANDLE_PARAM(xen_memory_reservation_t) arg)
{
    (void)op;
    (void)start_extent;
    (void)arg;
    return trace_err(-XEN_ENOSYS);
}

/*
 * current/maximum_reservation of the domain named by *arg.  As in Xen the
 * lookup comes first (-ESRCH), then the permission check (-EPERM): a
 * domain may ask about itself, the privileged domain about any.
 */
static long memop_reservation_size(unsigned int op,
                                   XEN_GUEST_HANDLE_PARAM(domid_t) arg)
{
    struct domain *d;
    domid_t domid;

    if (copy_from_guest(&domid, arg, 1))
        return trace_err(-XEN_EFAULT);
    d = domain_lookup_self(domid);
    if (!d)
        return trace_err(-XEN_ESRCH);
    if (d != current_domain() && !current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);
    return op == XENMEM_current_reservation ? d->tot_pages : d->max_pages;
}

/*
 * The pseudo-physical map of domain d: one RAM entry covering every page
 * the domain may own.  That is the map xl gives every PV guest
 * (xc_domain_set_memmap_limit).  Xen itself returns -ENOSYS when no
 * toolstack set a map; minixen builds domains without one, so it answers
 * as if xl had.
 */
static uint32_t memop_domain_e820(const struct domain *d,
                                  struct e820entry e820[DOMAIN_E820_ENTRIES])
{
    e820[0].addr = 0;
    e820[0].size = (uint64_t)d->max_pages << PAGE_SHIFT;
    e820[0].type = E820_RAM;
    return DOMAIN_E820_ENTRIES;
}

/*
 * IN nr_entries = room in the guest's buffer, OUT = entries written.  A
 * buffer too small for the whole map gets its first entries, not an
 * error (Xen's behaviour).
 */
static long memop_memory_map(XEN_GUEST_HANDLE_PARAM(xen_memory_map_t) arg)
{
    struct e820entry e820[DOMAIN_E820_ENTRIES];
    struct xen_memory_map map;
    uint32_t nr;

    if (copy_from_guest(&map, arg, 1))
        return trace_err(-XEN_EFAULT);
    nr = memop_domain_e820(current_domain(), e820);
    /* Safe: nr_entries is bounded by our array before it sizes a copy. */
    map.nr_entries = min(map.nr_entries, nr);
    if (copy_to_guest(guest_handle_cast(map.buffer, e820entry_t), e820,
                      map.nr_entries) ||
        copy_to_guest(arg, &map, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

/*
 * The read-only M2P window: the whole fixed range Xen reserves for it,
 * whatever the amount of RAM.  Only the hardware domain learns the real
 * last frame (Xen does so when memory hotplug is off, always true here).
 */
static long memop_machphys_mapping(
    XEN_GUEST_HANDLE_PARAM(xen_machphys_mapping_t) arg)
{
    struct xen_machphys_mapping mapping = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end   = MACH2PHYS_VIRT_END,
        .max_mfn = MACH2PHYS_NR_ENTRIES - 1,
    };

    if (current_domain()->is_privileged)
        mapping.max_mfn = max_page - 1;
    if (copy_to_guest(arg, &mapping, 1))
        return trace_err(-XEN_EFAULT);
    return 0;
}

/* The x86 sub-commands, matched on the whole cmd like Xen's arch_memory_op. */
static long memop_arch(unsigned long cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    switch (cmd) {
    case XENMEM_memory_map:
        return memop_memory_map(guest_handle_cast(arg, xen_memory_map_t));
    case XENMEM_machphys_mapping:
        return memop_machphys_mapping(
            guest_handle_cast(arg, xen_machphys_mapping_t));
    }
    return trace_err(-XEN_ENOSYS);
}

long do_memory_op(unsigned long cmd, XEN_GUEST_HANDLE_PARAM(void) arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start_extent = cmd >> MEMOP_EXTENT_SHIFT;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return memop_reservation(op, start_extent,
                                 guest_handle_cast(arg, xen_memory_reservation_t));
    case XENMEM_maximum_ram_page:
        if (start_extent)
            return trace_err(-XEN_EINVAL);
        return max_page;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        if (start_extent)
            return trace_err(-XEN_EINVAL);
        return memop_reservation_size(op, guest_handle_cast(arg, domid_t));
    }
    return memop_arch(cmd, arg);
}
