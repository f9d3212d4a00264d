/*
 * guests/test/descriptors.c - set_gdt and update_descriptor.
 *
 * Checked against Xen's xen/arch/x86/pv/descriptor-tables.c and
 * check_descriptor(): set_gdt refuses more than FIRST_RESERVED_GDT_ENTRY
 * entries (-EINVAL), an unreadable frame list (-EFAULT), and any frame it
 * cannot take as a descriptor page - not ours, past RAM, or still mapped
 * writable - with -EINVAL, leaving the old GDT in place.
 * update_descriptor accepts any frame of ours that is a descriptor page or
 * can be typed writable (so a plain data page works too), refuses a
 * misaligned address, a frame that is not ours or is a page table, and a
 * descriptor check_descriptor rejects (-EINVAL).  check_descriptor raises
 * the DPL of code/data descriptors to 3 for a 64-bit guest instead of
 * refusing them, refuses system descriptors other than call gates, and
 * refuses a call gate aimed at a Xen-private selector.
 */
#include "test.h"

/* GDT entries the checks write (the page starts out all zero). */
#define GDT_DATA_ENTRY  3
#define GDT_CODE_ENTRY  4
#define GDT_SPARE_ENTRY 5
/* Offset of a descriptor in the middle of its 8 bytes. */
#define DESC_MISALIGN   4
/*
 * L4 slot 1 (512 GiB - 1 TiB) is empty in our tables.  The page-table
 * test writes a not-present (all zero) descriptor there, so even a
 * hypervisor that wrongly accepted it would change nothing.
 */
#define UNUSED_L4_SLOT  1
#define DESC_NOT_PRESENT 0

static uint64_t gdt_entry_maddr(unsigned int entry)
{
    return ((uint64_t)pv_gdt_mfn() << PAGE_SHIFT) + entry * DESC_SIZE;
}

static long set_gdt_frame(unsigned long mfn, unsigned int entries)
{
    xen_ulong_t frames[1] = { mfn };

    return HYPERVISOR_set_gdt(frames, entries);
}

/* A wrongly accepted foreign GDT must not stay loaded. */
static void gdt_check_refused(const char *name, long rc)
{
    check_rc(name, rc, -XEN_EINVAL);
    if (rc == 0)
        pv_load_gdt();
}

static void test_set_gdt(void)
{
    unsigned long foreign = test_foreign_ram_frame();

    check_rc("set_gdt.writable_frame",
             set_gdt_frame(pv_va_to_mfn(scratch_pages[SCRATCH_A]), GUEST_GDT_ENTRIES),
             -XEN_EINVAL);
    check_rc("set_gdt.too_many_entries",
             set_gdt_frame(pv_gdt_mfn(), FIRST_RESERVED_GDT_ENTRY + 1), -XEN_EINVAL);
    if (!foreign)
        check(0, "set_gdt.foreign_frame", "no foreign RAM frame found");
    else
        gdt_check_refused("set_gdt.foreign_frame", set_gdt_frame(foreign, GUEST_GDT_ENTRIES));
    gdt_check_refused("set_gdt.frame_past_ram",
                      set_gdt_frame(test_frame_past_ram(), GUEST_GDT_ENTRIES));
    check_rc("set_gdt.bad_pointer",
             HYPERVISOR_set_gdt((const xen_ulong_t *)BAD_PTR_UNMAPPED, GUEST_GDT_ENTRIES),
             -XEN_EFAULT);
    check_rc("set_gdt.reload", pv_load_gdt(), 0);
}

/* Load a selector into %es and read memory through it (base is ignored). */
static void test_load_selector(uint16_t sel)
{
    static volatile uint64_t target = TEST_SENTINEL;
    struct probe_addr p;
    uint64_t v = 0;
    uint16_t es = 0;

    fault_reset();
    asm volatile (PROBE_START "mov %w[sel], %%es" PROBE_END
                  : PROBE_OUTPUTS(p) : [sel] "r" (sel) : "memory");
    if (expect_no_fault("update_descriptor.selector_loads")) {
        asm volatile ("mov %%es, %w0\n\t"
                      "mov %%es:(%2), %1"
                      : "=&r" (es), "=&r" (v) : "r" (&target) : "memory");
        check(es == sel && v == TEST_SENTINEL, "update_descriptor.selector_reads",
              "%%es %#x, read %#lx", es, v);
    }
    asm volatile ("mov %w0, %%es" :: "r" (0) : "memory");
}

static void test_descriptor_accepted(void)
{
    uint64_t *plain = (uint64_t *)scratch_pages[SCRATCH_A];
    uint64_t maddr = (uint64_t)pv_va_to_mfn(plain) << PAGE_SHIFT;

    if (check_rc("update_descriptor.flat_data",
                 HYPERVISOR_update_descriptor(gdt_entry_maddr(GDT_DATA_ENTRY),
                                              DESC_FLAT_DATA_DPL3), 0)) {
        check(READ_ONCE(gdt_page[GDT_DATA_ENTRY]) == DESC_FLAT_DATA_DPL3,
              "update_descriptor.flat_data_written", "entry reads %#lx",
              READ_ONCE(gdt_page[GDT_DATA_ENTRY]));
        test_load_selector(GDT_SEL(GDT_DATA_ENTRY));
    }
    if (check_rc("update_descriptor.code_dpl0",
                 HYPERVISOR_update_descriptor(gdt_entry_maddr(GDT_CODE_ENTRY),
                                              DESC_CODE64_DPL0), 0))
        check((READ_ONCE(gdt_page[GDT_CODE_ENTRY]) & DESC_DPL_MASK) == DESC_DPL_MASK,
              "update_descriptor.code_dpl_raised", "entry reads %#lx",
              READ_ONCE(gdt_page[GDT_CODE_ENTRY]));
    plain[0] = 0;
    if (check_rc("update_descriptor.plain_page",
                 HYPERVISOR_update_descriptor(maddr, DESC_FLAT_DATA_DPL3), 0))
        check(READ_ONCE(plain[0]) == DESC_FLAT_DATA_DPL3,
              "update_descriptor.plain_page_written", "reads %#lx", plain[0]);
}

static void test_descriptor_refused(void)
{
    uint64_t gate = DESC_CALL_GATE_DPL3 |
                    ((uint64_t)XEN_PRIVATE_CS << DESC_GATE_SEL_SHIFT);
    uint64_t pt_maddr =
        ((uint64_t)pv_va_to_mfn((const void *)start_info->pt_base) << PAGE_SHIFT) +
        UNUSED_L4_SLOT * sizeof(uint64_t);

    check_rc("update_descriptor.tss_refused",
             HYPERVISOR_update_descriptor(gdt_entry_maddr(GDT_SPARE_ENTRY),
                                          DESC_TSS64_PRESENT), -XEN_EINVAL);
    check_rc("update_descriptor.call_gate_xen_cs",
             HYPERVISOR_update_descriptor(gdt_entry_maddr(GDT_SPARE_ENTRY), gate),
             -XEN_EINVAL);
    check(READ_ONCE(gdt_page[GDT_SPARE_ENTRY]) == 0, "update_descriptor.refused_unchanged",
          "entry reads %#lx", READ_ONCE(gdt_page[GDT_SPARE_ENTRY]));
    check_rc("update_descriptor.misaligned",
             HYPERVISOR_update_descriptor(gdt_entry_maddr(GDT_SPARE_ENTRY) + DESC_MISALIGN,
                                          DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
    check_rc("update_descriptor.pagetable_frame",
             HYPERVISOR_update_descriptor(pt_maddr, DESC_NOT_PRESENT), -XEN_EINVAL);
    check_rc("update_descriptor.frame_past_ram",
             HYPERVISOR_update_descriptor((uint64_t)test_frame_past_ram() << PAGE_SHIFT,
                                          DESC_FLAT_DATA_DPL3), -XEN_EINVAL);
}

void test_descriptors(void)
{
    test_set_gdt();
    test_descriptor_accepted();
    test_descriptor_refused();
}
