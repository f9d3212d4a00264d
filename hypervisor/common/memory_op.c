/*
 * memory_op: what a domain may learn about memory, and how it gives
 * frames back or asks for more.
 *
 * cmd carries the sub-command in its low bits (MEMOP_CMD_MASK) and, for
 * the reservation commands, the extent to resume from above
 * MEMOP_EXTENT_SHIFT.  The sub-commands that take no resume point refuse
 * a non-zero one with -EINVAL, as Xen's common code does; the x86 ones
 * (memory_map, machphys_mapping) are matched on the whole cmd, as in
 * Xen's arch_memory_op, so there a stray resume point means -ENOSYS.
 *
 * Sub-commands:
 *   increase_reservation   give a domain new frames (MFNs reported back)
 *   decrease_reservation   take frames away from a domain
 *   populate_physmap       new frames for given pseudo-physical frames
 *   maximum_ram_page       max_page (one past the highest RAM frame)
 *   current_reservation    pages a domain owns      } DOMID_SELF or, for the
 *   maximum_reservation    pages it may own at most } privileged domain, any
 *   maximum_gpfn           its highest pfn (P2M size) }
 *   memory_map             the domain's pseudo-physical e820 map
 *   set_memory_map         the toolstack sets a domain's map
 *   machphys_mapping       where the read-only M2P table is mapped
 *   anything else          -ENOSYS
 *
 * The frame bookkeeping behind the reservation commands is in
 * page_alloc.c.  memory_map and machphys_mapping are x86 PV facts kept
 * here while pv64 is the only guest type; they become an arch_memory_op
 * hook later.
 */
#include <minixen/hypercall.h>
#include <minixen/guest_access.h>
#include <minixen/lib.h>
#include <minixen/mm.h>
#include <minixen/preempt.h>
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
 * ---- increase_reservation, decrease_reservation, populate_physmap ----
 *
 * As in Xen 4.17 (xen/common/memory.c), these never return an errno.  The
 * result is the index of the first extent not done, counting from the
 * start of the list: start_extent when a request is refused outright
 * (unreadable argument, too many extents, no such domain, no permission,
 * bad mem_flags, extent_order too large, list address outside the guest's
 * range), otherwise start_extent plus the extents done before the first
 * one that failed.  A guest resumes with cmd = op | (done <<
 * MEMOP_EXTENT_SHIFT), exactly Xen's continuation encoding.
 *
 * A long request is preempted as in Xen: before each extent but the
 * first of an invocation, hypercall_preempt_check() may stop it, and the
 * continuation is the same call with cmd = op | (next extent <<
 * MEMOP_EXTENT_SHIFT).  So a guest sees a short count only on failure.
 */

/* Largest extent_order: Xen 4.17 x86 memop-max-order defaults. */
#define MEMOP_DOMU_MAX_ORDER    9   /* DOMU_MAX_ORDER: one L1's worth (2 MiB) */
#define MEMOP_CTLDOM_MAX_ORDER  DOMHEAP_MAX_ORDER   /* control domain */
/* Largest nr_extents whose resume point still fits a 32-bit cmd. */
#define MEMOP_MAX_EXTENTS       (UINT32_MAX >> MEMOP_EXTENT_SHIFT)
/* XENMEMF_get_node() of a request that names no node (Xen's NUMA_NO_NODE). */
#define MEMOP_NO_NODE           0xffu
#define MEMOP_MAX_NUMNODES      64u /* Xen x86: 1 << NODES_SHIFT */

/* One decoded reservation request (Xen's struct memop_args). */
struct memop_args {
    unsigned int op;
    struct domain *d;                   /* whose reservation changes */
    XEN_GUEST_HANDLE(xen_pfn_t) list;   /* extent_start */
    unsigned long start;                /* first extent for this call */
    unsigned long nr_extents;
    unsigned int order;                 /* extent_order */
    unsigned long mfn_limit;            /* from XENMEMF_address_bits */
    bool populate_on_demand;
};

/* A refused request is not an errno, but the log still says where. */
#define memop_refuse(why) ({                                              \
    gprintk(XENLOG_DEBUG, "memory_op %s:%d: %s\n", __FILE__, __LINE__,   \
            why);                                                         \
    false; })

/* Xen's get_order_from_pages(): the smallest order covering nr frames. */
static unsigned int memop_order_covering(unsigned long nr)
{
    /* The bits it takes to write nr - 1. */
    if (nr <= 1)
        return 0;
    return (unsigned int)(8 * sizeof(nr)) - __builtin_clzl(nr - 1);
}

/*
 * mem_flags, as Xen's construct_memop_from_reservation and propagate_node
 * read them.  An address limit narrower than RAM applies (one of 12 bits
 * or fewer is refused); a wider one is ignored.  A NUMA node is only a
 * hint on this one-node machine, but Xen's refusals stay: an unprivileged
 * exact-node request, a privileged one past MAX_NUMNODES.  With
 * XENMEMF_vnode the node is virtual, and no minixen domain has a virtual
 * NUMA layout, so Xen ignores it.
 */
static bool memop_decode_flags(uint32_t flags, struct memop_args *a)
{
    unsigned int bits = XENMEMF_get_address_bits(flags);
    unsigned int node = XENMEMF_get_node(flags);

    a->mfn_limit = MFN_LIMIT_NONE;
    if (bits && bits < memop_order_covering(max_page) + PAGE_SHIFT) {
        if (bits <= PAGE_SHIFT)
            return memop_refuse("address_bits too small");
        /* Safe: bits - PAGE_SHIFT < the order covering max_page. */
        a->mfn_limit = 1UL << (bits - PAGE_SHIFT);
    }
    if ((flags & XENMEMF_vnode) || node == MEMOP_NO_NODE)
        return true;
    if (current_domain()->is_privileged)
        return node < MEMOP_MAX_NUMNODES || memop_refuse("no such node");
    return !(flags & XENMEMF_exact_node_request) ||
           memop_refuse("exact node needs privilege");
}

/* Xen's XSM default for these: the domain itself, or the control domain. */
static struct domain *memop_target(domid_t domid)
{
    struct domain *d = domain_lookup_self(domid);

    if (d && d != current_domain() && !current_domain()->is_privileged)
        return NULL;
    return d;
}

/* Copy the request in once and check it, in do_memory_op's order. */
static bool memop_decode(unsigned int op, unsigned long start,
                         XEN_GUEST_HANDLE_PARAM(xen_memory_reservation_t) arg,
                         struct memop_args *a)
{
    struct xen_memory_reservation r;

    if (copy_from_guest(&r, arg, 1))
        return memop_refuse("argument unreadable");
    if (r.nr_extents > MEMOP_MAX_EXTENTS)
        return memop_refuse("nr_extents too large to resume");
    if (start >= r.nr_extents)
        return memop_refuse("start_extent past the list");
    a->d = memop_target(r.domid);
    if (!a->d)
        return memop_refuse("no such domain, or not ours");
    if (!memop_decode_flags(r.mem_flags, a))
        return false;
    a->op = op;
    a->list = r.extent_start;
    a->start = start;
    a->nr_extents = r.nr_extents;
    a->order = r.extent_order;
    a->populate_on_demand = op == XENMEM_populate_physmap &&
                            (r.mem_flags & XENMEMF_populate_on_demand);
    return true;
}

/* Populate-on-demand may use any order Xen's allocator has. */
static unsigned int memop_max_order(const struct memop_args *a)
{
    if (a->populate_on_demand)
        return DOMHEAP_MAX_ORDER;
    return current_domain()->is_privileged ? MEMOP_CTLDOM_MAX_ORDER
                                           : MEMOP_DOMU_MAX_ORDER;
}

/*
 * The checks each sub-command makes before its first extent.  Like
 * Xen's guest_handle_subrange_okay on x86, only the address of the first
 * element is checked: a list that runs into unmapped memory stops there.
 * increase_reservation may pass no list at all.
 */
static bool memop_ready(const struct memop_args *a)
{
    unsigned long first = guest_handle_addr(a->list) +
                          a->start * sizeof(xen_pfn_t);

    if (!(a->op == XENMEM_increase_reservation &&
          guest_handle_is_null(a->list)) &&
        !guest_range_ok(first, sizeof(xen_pfn_t)))
        return memop_refuse("extent list outside guest memory");
    if (a->order > memop_max_order(a))
        return memop_refuse("extent_order above the caller's maximum");
    return true;
}

/* gpfn: the first frame's M2P entry, or INVALID_M2P_ENTRY. */
static unsigned long memop_alloc(const struct memop_args *a, unsigned long gpfn)
{
    unsigned long mfn = alloc_domheap_pages(a->d, a->order, a->mfn_limit, gpfn);

    if (mfn == INVALID_MFN_VALUE)
        gprintk(XENLOG_DEBUG, "memory_op: no order-%u extent for d%u\n",
                a->order, a->d->domain_id);
    return mfn;
}

/* New frames; a PV guest learns their MFNs if it passed a list. */
static bool memop_increase_one(const struct memop_args *a, unsigned long i)
{
    xen_pfn_t mfn = memop_alloc(a, INVALID_M2P_ENTRY);

    if (mfn == INVALID_MFN_VALUE)
        return false;
    /* A failed write leaves the extent allocated but uncounted, as Xen. */
    return guest_handle_is_null(a->list) ||
           !copy_to_guest_offset(a->list, i, &mfn, 1);
}

/* list[i] names a GPFN on input and receives the extent's first MFN. */
static bool memop_populate_one(const struct memop_args *a, unsigned long i)
{
    xen_pfn_t gpfn, mfn;

    if (copy_from_guest_offset(&gpfn, a->list, i, 1))
        return false;
    /* Xen: never on oneself; on another PV domain nothing to do. */
    if (a->populate_on_demand)
        return a->d != current_domain() ||
               memop_refuse("populate-on-demand on oneself");
    mfn = memop_alloc(a, gpfn);
    if (mfn == INVALID_MFN_VALUE)
        return false;
    return !copy_to_guest_offset(a->list, i, &mfn, 1);
}

/* list[i] names the first MFN of an extent the domain gives back. */
static bool memop_decrease_one(const struct memop_args *a, unsigned long i)
{
    xen_pfn_t gmfn;
    unsigned long j;

    if (copy_from_guest_offset(&gmfn, a->list, i, 1))
        return false;
    /* A failure part-way leaves the earlier frames removed, as in Xen. */
    for (j = 0; j < (1UL << a->order); j++)
        if (guest_remove_page(a->d, gmfn + j))
            return false;
    return true;
}

/*
 * Run one extent at a time; the result is the first extent not done.
 * *preempted says it was not done only because the call should stop.
 */
static unsigned long memop_run(const struct memop_args *a,
                               bool (*one)(const struct memop_args *,
                                           unsigned long),
                               bool *preempted)
{
    unsigned long i;

    for (i = a->start; i < a->nr_extents; i++) {
        if (i != a->start && hypercall_preempt_check()) {
            *preempted = true;
            break;
        }
        if (!one(a, i))
            break;
    }
    return i;
}

static unsigned long memop_reservation_run(const struct memop_args *a,
                                           bool *preempted)
{
    unsigned long done;

    switch (a->op) {
    case XENMEM_increase_reservation:
        return memop_run(a, memop_increase_one, preempted);
    case XENMEM_populate_physmap:
        return memop_run(a, memop_populate_one, preempted);
    }
    done = memop_run(a, memop_decrease_one, preempted);
    /*
     * A freed frame may still sit in the TLB if the guest unmapped it
     * without a flush; it must not stay reachable once it can be reused,
     * nor while the guest runs between two parts of a continued call.
     */
    arch_flush_guest_tlbs();
    return done;
}

static long memop_reservation(unsigned int op, unsigned long start_extent,
                              XEN_GUEST_HANDLE_PARAM(xen_memory_reservation_t) arg)
{
    struct memop_args a;
    bool preempted = false;
    unsigned long done;

    if (!memop_decode(op, start_extent, arg, &a) || !memop_ready(&a))
        return start_extent;
    done = memop_reservation_run(&a, &preempted);
    if (!preempted)
        return done;
    /* Safe: done < nr_extents <= MEMOP_MAX_EXTENTS, so the shift fits. */
    return hypercall_create_continuation(__HYPERVISOR_memory_op,
                                         op | (done << MEMOP_EXTENT_SHIFT),
                                         guest_handle_addr(arg));
}

/*
 * A PV domain's highest pseudo-physical frame, as Xen computes it: from the
 * P2M size the guest publishes in shared_info (max_pfn), 0 if it has none.
 */
static long maximum_gpfn(const struct domain *d)
{
    unsigned long max_pfn = d->shared_info->arch.max_pfn;

    return (long)((max_pfn ? max_pfn : 1) - 1);
}

/*
 * current/maximum_reservation and maximum_gpfn of the domain named by *arg.  As in Xen the
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
    if (op == XENMEM_maximum_gpfn)
        return maximum_gpfn(d);
    return op == XENMEM_current_reservation ? d->tot_pages : d->max_pages;
}

/* Xen's limit on a map the toolstack sets. */
#define E820MAX 1024

static unsigned int e820_pages(unsigned int nr)
{
    return DIV_ROUND_UP(nr * sizeof(struct e820entry), PAGE_SIZE);
}

void domain_e820_free(struct domain *d)
{
    if (d->arch.e820)
        free_xenheap_pages_virt(d->arch.e820, e820_pages(d->arch.nr_e820));
    d->arch.e820 = NULL;
    d->arch.nr_e820 = 0;
}

/*
 * XENMEM_set_memory_map: as Xen, -EINVAL past E820MAX entries, -ESRCH for
 * no domain, -EPERM unless it is the caller or the caller is privileged;
 * the entries are taken as given (the guest reads its own map back).
 */
static long memop_set_memory_map(XEN_GUEST_HANDLE_PARAM(xen_foreign_memory_map_t) arg)
{
    struct xen_foreign_memory_map fmap;
    struct e820entry *e820 = NULL;
    struct domain *d;
    unsigned int nr;

    if (copy_from_guest(&fmap, arg, 1))
        return trace_err(-XEN_EFAULT);
    if ((nr = fmap.map.nr_entries) > E820MAX)
        return trace_err(-XEN_EINVAL);
    if (!(d = domain_lookup_self(fmap.domid)))
        return trace_err(-XEN_ESRCH);
    if (d != current_domain() && !current_domain()->is_privileged)
        return trace_err(-XEN_EPERM);
    if (nr && !(e820 = alloc_xenheap_pages_virt(e820_pages(nr))))
        return trace_err(-XEN_ENOMEM);
    if (nr && copy_from_guest(e820, guest_handle_cast(fmap.map.buffer, e820entry_t), nr)) {
        free_xenheap_pages_virt(e820, e820_pages(nr));
        return trace_err(-XEN_EFAULT);
    }
    domain_e820_free(d);
    d->arch.e820 = e820;
    d->arch.nr_e820 = nr;
    return 0;
}

/*
 * The pseudo-physical map of domain d: the one its toolstack set, or else
 * one RAM entry covering every page the domain may own.  That is the map
 * xl gives every PV guest (xc_domain_set_memmap_limit).  Xen itself
 * returns -ENOSYS when no toolstack set a map; minixen builds boot-module
 * domains without one, so it answers as if xl had.
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

    const struct domain *d = current_domain();
    const struct e820entry *from = d->arch.nr_e820 ? d->arch.e820 : e820;

    if (copy_from_guest(&map, arg, 1))
        return trace_err(-XEN_EFAULT);
    nr = d->arch.nr_e820 ? d->arch.nr_e820 : memop_domain_e820(d, e820);
    /* Safe: nr_entries is bounded by the map's length before it sizes a copy. */
    map.nr_entries = min(map.nr_entries, nr);
    if (copy_to_guest(guest_handle_cast(map.buffer, e820entry_t), from,
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
    case XENMEM_set_memory_map:
        return memop_set_memory_map(guest_handle_cast(arg, xen_foreign_memory_map_t));
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
    case XENMEM_maximum_gpfn:
        if (start_extent)
            return trace_err(-XEN_EINVAL);
        return memop_reservation_size(op, guest_handle_cast(arg, domid_t));
    }
    return memop_arch(cmd, arg);
}
