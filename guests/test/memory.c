/*
 * guests/test/memory.c - memory_op and update_va_mapping.
 *
 * memory_op, checked against xen/common/memory.c and xen/arch/x86/mm.c:
 * maximum_ram_page returns max_page; current/maximum_reservation read a
 * domid (-EFAULT if unreadable, -ESRCH for a domain that does not exist)
 * and return tot_pages/max_pages; unknown subcommands end in
 * subarch_memory_op's -ENOSYS.  XENMEM_memory_map returns the domain's
 * pseudo-physical map if one was recorded and -ENOSYS otherwise ("backwards
 * compatibility" in arch_memory_op); both are accepted below.
 *
 * update_va_mapping, checked against __do_update_va_mapping, mod_l1_entry
 * and get_page_from_l1e (xen/arch/x86/mm.c): a va with no L1 table, in
 * the hypervisor hole or non-canonical is -EINVAL; a RAM frame owned by
 * someone else, or a writable mapping of one of our page tables, fails in
 * get_page_from_l1e with -EBUSY ("could_not_pin"), not -EINVAL; a frame
 * past the end of RAM is MMIO, which a privileged domain (this one) may
 * map (-EPERM only for unprivileged domains).
 */
#include "test.h"
#include <public/memory.h>

/* A domain id no domain has (below the reserved range). */
#define NONEXISTENT_DOMID 0x7000
/* A memory_op subcommand Xen does not define (the field is 6 bits). */
#define XENMEM_UNDEFINED MEMOP_CMD_MASK
/* Room for the pseudo-physical memory map. */
#define E820_MAX_ENTRIES 16
/* A user-half address whose L4 slot (1) we never populate. */
#define VA_WITHOUT_L1 ARCH_UL(0x0000008000000000)
/* Values written through one mapping and read through another. */
#define ALIAS_MAGIC ARCH_UL(0x0123456789abcdef)

/* Do the RAM entries of the map cover pseudo-physical [0, nr_pages)? */
static int e820_covers_guest(const struct e820entry *map, unsigned int n)
{
    uint64_t end = (uint64_t)start_info->nr_pages << PAGE_SHIFT;
    unsigned int i;

    for (i = 0; i < n; i++)
        if (map[i].type == E820_RAM && map[i].addr == 0 && map[i].size >= end)
            return 1;
    return 0;
}

static void test_memory_map(void)
{
    static struct e820entry map[E820_MAX_ENTRIES];
    struct xen_memory_map mm = { .nr_entries = E820_MAX_ENTRIES };
    long rc;

    set_xen_guest_handle(mm.buffer, map);
    rc = HYPERVISOR_memory_op(XENMEM_memory_map, &mm);
    if (rc == -XEN_ENOSYS) {
        report_pass("memory_op.memory_map");
        printk("# XENMEM_memory_map: no pseudo-physical map recorded (-ENOSYS)\n");
        return;
    }
    check(rc == 0 && mm.nr_entries >= 1 && mm.nr_entries <= E820_MAX_ENTRIES &&
          e820_covers_guest(map, mm.nr_entries), "memory_op.memory_map",
          "returned %ld with %u entries not covering %lu pages",
          rc, mm.nr_entries, start_info->nr_pages);
}

void test_memory_op(void)
{
    domid_t self = DOMID_SELF, nobody = NONEXISTENT_DOMID;
    long cur, max;

    test_memory_map();
    check(test_max_ram_page() > 0, "memory_op.maximum_ram_page", "returned 0 or error");
    cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    check(cur == (long)start_info->nr_pages, "memory_op.current_reservation",
          "returned %ld, start_info has %lu pages", cur, start_info->nr_pages);
    max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
    check(max >= cur && cur > 0, "memory_op.maximum_reservation",
          "returned %ld, current %ld", max, cur);
    check_rc("memory_op.bad_pointer",
             HYPERVISOR_memory_op(XENMEM_current_reservation, (void *)BAD_PTR_UNMAPPED),
             -XEN_EFAULT);
    check_rc("memory_op.unknown_cmd",
             HYPERVISOR_memory_op(XENMEM_UNDEFINED, NULL), -XEN_ENOSYS);
    check_rc("memory_op.foreign_domid",
             HYPERVISOR_memory_op(XENMEM_current_reservation, &nobody), -XEN_ESRCH);
}

static long map_at(void *va, unsigned long mfn, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, pv_pte(mfn, flags),
                                        UVMF_INVLPG);
}

static long unmap_at(void *va)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, 0, UVMF_INVLPG);
}

/* Alias one of our frames at a second address, then unmap and touch it. */
static void test_alias_and_unmap(void)
{
    volatile uint64_t *alias = (volatile uint64_t *)scratch_pages[SCRATCH_ALIAS];
    volatile uint64_t *orig = (volatile uint64_t *)scratch_pages[SCRATCH_B];
    struct probe_addr p;
    uint64_t v = 0;

    if (check_rc("update_va_mapping.alias_map",
                 map_at((void *)alias, pv_va_to_mfn((const void *)orig), PV_PTE_RW), 0)) {
        *alias = ALIAS_MAGIC;
        check(*orig == ALIAS_MAGIC, "update_va_mapping.alias_coherent",
              "wrote %#lx through the alias, read %#lx", ALIAS_MAGIC, *orig);
    }
    check_rc("update_va_mapping.unmap", unmap_at((void *)alias), 0);
    fault_reset();
    asm volatile (PROBE_START "mov (%[va]), %[v]" PROBE_END
                  : PROBE_OUTPUTS(p), [v] "+r" (v) : [va] "r" (alias) : "memory");
    if (expect_fault("update_va_mapping.unmapped_access_faults", &p, X86_EXC_PF,
                     PROBE_ANY_EC)) {
        check(last_fault.cr2 == (uint64_t)alias, "update_va_mapping.unmapped_cr2",
              "cr2 %#lx, expected %p", last_fault.cr2, (const void *)alias);
        check(!(last_fault.error_code & X86_PFEC_PRESENT),
              "update_va_mapping.unmapped_error_code", "error code %#lx",
              last_fault.error_code);
    }
    check_rc("update_va_mapping.restore", pv_restore_mapping((void *)alias), 0);
}

/* The local APIC's default page (0xfee00000). */
#define LOCAL_APIC_MFN 0xfee00UL

/* A wrongly accepted mapping must not stay. */
static void map_check_refused(const char *name, void *va, unsigned long mfn,
                              uint64_t flags, long expected)
{
    long rc = map_at(va, mfn, flags);

    check_rc(name, rc, expected);
    if (rc == 0)
        pv_restore_mapping(va);
}

static void test_foreign_frames(void *va)
{
    unsigned long foreign = test_foreign_ram_frame();
    long rc;

    if (!foreign)
        check(0, "update_va_mapping.foreign_ram_frame", "no foreign RAM frame found");
    else
        map_check_refused("update_va_mapping.foreign_ram_frame", va, foreign,
                          PV_PTE_RO, -XEN_EBUSY);
    /* Never touched: only the mapping is tested. */
    rc = map_at(va, test_frame_past_ram(), PV_PTE_RO);
    check_rc("update_va_mapping.mmio_past_ram_privileged", rc, 0);
    pv_restore_mapping(va);
    /* The local APIC is the hypervisor's, even for the privileged domain. */
    map_check_refused("update_va_mapping.local_apic_denied", va, LOCAL_APIC_MFN,
                      PV_PTE_RW, -XEN_EPERM);
}

static void test_pagetable_frames(void *va)
{
    unsigned long l4_mfn = pv_va_to_mfn((const void *)start_info->pt_base);
    const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

    map_check_refused("update_va_mapping.pagetable_rw", va, l4_mfn, PV_PTE_RW,
                      -XEN_EBUSY);
    if (check_rc("update_va_mapping.pagetable_ro", map_at(va, l4_mfn, PV_PTE_RO), 0))
        check(!memcmp(va, l4, PAGE_SIZE), "update_va_mapping.pagetable_ro_reads",
              "the second mapping shows different contents");
    pv_restore_mapping(va);
}

/* PTE bits 52-61 are the guest's (Xen: "available for software use"). */
#define PTE_AVAIL_HIGH_BIT  (1ULL << 55)
/* Bit 62 in an L1 entry is Xen's grant-mapping marker: not the guest's. */
#define PTE_GNTTAB_BIT      (1ULL << 62)

static void test_available_bits(void *va)
{
    unsigned long mfn = pv_va_to_mfn(va);

    check_rc("update_va_mapping.available_bits",
             map_at(va, mfn, PV_PTE_RW | PTE_AVAIL_HIGH_BIT), 0);
    pv_restore_mapping(va);
    map_check_refused("update_va_mapping.gnttab_bit", va, mfn,
                      PV_PTE_RW | PTE_GNTTAB_BIT, -XEN_EINVAL);
}

void test_va_mapping(void)
{
    void *va = scratch_pages[SCRATCH_ALIAS];

    test_alias_and_unmap();
    test_available_bits(va);
    test_foreign_frames(va);
    test_pagetable_frames(va);
    check_rc("update_va_mapping.hypervisor_va",
             HYPERVISOR_update_va_mapping(BAD_PTR_HYPERVISOR, 0, UVMF_INVLPG),
             -XEN_EINVAL);
    check_rc("update_va_mapping.noncanonical_va",
             HYPERVISOR_update_va_mapping(BAD_PTR_NONCANONICAL, 0, UVMF_INVLPG),
             -XEN_EINVAL);
    check_rc("update_va_mapping.va_without_l1",
             HYPERVISOR_update_va_mapping(VA_WITHOUT_L1, 0, UVMF_INVLPG), -XEN_EINVAL);
}
