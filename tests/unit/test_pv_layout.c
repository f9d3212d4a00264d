/*
 * tests/unit/test_pv_layout.c - the boot layout of a 64-bit PV domain
 * (hypervisor/common/pv_layout.c), shared by the hypervisor's dom0 builder
 * and the toolstack's: Xen's order (kernel, ramdisk, p2m, start_info,
 * store, console, page tables, stack), page tables that cover the whole
 * layout, 4 MiB rounding with 512 KiB of slack, and hostile numbers
 * refused without wrapping or looping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/elf.h>
#include <minixen/pv_layout.h>

#define KiB(x) ((unsigned long)(x) << 10)
#define MiB(x) ((unsigned long)(x) << 20)
#define LINUX_BASE 0xffffffff80000000UL
#define RANGE_ERR  "layout reaches into the hypervisor's range"
#define MEM_ERR    "not enough memory for the kernel's initial layout"

static struct pv_kernel_info kernel_at(unsigned long base, unsigned long start,
                                       unsigned long end)
{
    return (struct pv_kernel_info){ .virt_base = base, .virt_kstart = start,
                                    .virt_kend = end };
}

static void test_count_tables(void **state)
{
    (void)state;
    /* One L4, one L3, one L2 and one L1 per 2 MiB. */
    assert_int_equal(pv_layout_count_tables(0, MiB(4)), 5);
    assert_int_equal(pv_layout_count_tables(LINUX_BASE, LINUX_BASE + MiB(2)), 4);
    /* Crossing a 1 GiB boundary needs a second L2. */
    assert_int_equal(pv_layout_count_tables(MiB(1022), MiB(1026)), 1 + 1 + 2 + 2);
}

static void test_domu_order(void **state)
{
    struct pv_kernel_info k = kernel_at(LINUX_BASE, LINUX_BASE + MiB(1),
                                        LINUX_BASE + MiB(1) + 0x1234);
    struct pv_layout l;
    unsigned long nr_pages = MiB(32) >> 12;

    (void)state;
    assert_null(pv_layout_compute(&l, &k, 10000, nr_pages, PV_LAYOUT_DOMU_PAGES));
    assert_int_equal(l.v_start, LINUX_BASE);
    assert_int_equal(l.initrd_start, LINUX_BASE + MiB(1) + 0x2000);
    assert_int_equal(l.initrd_len, 10000);
    assert_int_equal(l.p2m_start, l.initrd_start + 0x3000);
    assert_int_equal(l.start_info, l.p2m_start + nr_pages * 8);
    assert_int_equal(l.store_page, l.start_info + 0x1000);
    assert_int_equal(l.console_page, l.store_page + 0x1000);
    assert_int_equal(l.pt_start, l.console_page + 0x1000);
    assert_int_equal(l.stack_start, l.pt_start + l.nr_pt_pages * 0x1000);
    assert_int_equal(l.v_end % MiB(4), 0);
    assert_true(l.v_end - (l.stack_start + 0x1000) >= KiB(512));
    assert_true(pv_layout_count_tables(l.v_start, l.v_end) <= l.nr_pt_pages);
    /* The smallest count that covers it: one fewer would not. */
    assert_true(pv_layout_count_tables(l.v_start, l.v_end) == l.nr_pt_pages);
    assert_int_equal(pv_layout_pfn(&l, l.start_info), (l.start_info - LINUX_BASE) >> 12);
}

static void test_dom0_has_no_store_or_console(void **state)
{
    struct pv_kernel_info k = kernel_at(0x400000, 0x400000, 0x500000);
    struct pv_layout l;

    (void)state;
    assert_null(pv_layout_compute(&l, &k, 0, 4096, PV_LAYOUT_DOM0_PAGES));
    assert_int_equal(l.store_page, 0);
    assert_int_equal(l.console_page, 0);
    assert_int_equal(l.initrd_start, 0x500000);
    assert_int_equal(l.p2m_start, 0x500000);
    assert_int_equal(l.pt_start, l.start_info + 0x1000);
}

static void test_v_end_is_the_next_4m_with_slack(void **state)
{
    unsigned int extra_steps = 0;
    struct pv_layout l;

    (void)state;
    for (unsigned long end = MiB(3); end < MiB(5); end += KiB(64)) {
        struct pv_kernel_info k = kernel_at(0, 0, end);
        unsigned long stack_end;

        assert_null(pv_layout_compute(&l, &k, 0, 4096, PV_LAYOUT_DOM0_PAGES));
        stack_end = l.stack_start + 0x1000;
        assert_int_equal(l.v_end % MiB(4), 0);
        assert_true(l.v_end - stack_end >= KiB(512));
        assert_true(l.v_end - MiB(4) < stack_end + KiB(512));
        extra_steps += l.v_end - stack_end >= MiB(4);
    }
    /* Some stack ends fell within 512 KiB of a boundary. */
    assert_true(extra_steps > 0);
}

static void test_too_little_memory(void **state)
{
    struct pv_kernel_info k = kernel_at(0, 0, MiB(3));
    struct pv_layout l;

    (void)state;
    assert_string_equal(pv_layout_compute(&l, &k, 0, 512, PV_LAYOUT_DOMU_PAGES), MEM_ERR);
    assert_string_equal(pv_layout_compute(&l, &k, 0, 0, PV_LAYOUT_DOMU_PAGES), MEM_ERR);
}

static void test_kernel_below_base(void **state)
{
    struct pv_kernel_info k = kernel_at(0x400000, 0x300000, 0x500000);
    struct pv_layout l;

    (void)state;
    assert_string_equal(pv_layout_compute(&l, &k, 0, 4096, PV_LAYOUT_DOMU_PAGES),
                        "kernel starts below its VIRT_BASE");
}

static void test_hostile_numbers_do_not_wrap(void **state)
{
    struct pv_kernel_info top = kernel_at(~0UL - MiB(1), ~0UL - MiB(1), ~0UL - 5);
    struct pv_kernel_info low = kernel_at(0, 0, MiB(1));
    struct pv_kernel_info hv = kernel_at(0xffff800000000000UL, 0xffff800000000000UL,
                                         0xffff800000100000UL);
    struct pv_kernel_info noncanonical = kernel_at(0x00007fffffc00000UL,
                                                   0x00007fffffc00000UL,
                                                   0x00007fffffffe000UL);
    struct pv_layout l;

    (void)state;
    assert_string_equal(pv_layout_compute(&l, &top, 0, 1UL << 20, 2), RANGE_ERR);
    assert_string_equal(pv_layout_compute(&l, &low, ~0UL - 100, 4096, 2), RANGE_ERR);
    assert_string_equal(pv_layout_compute(&l, &low, 0, ~0UL / 4, 2), RANGE_ERR);
    assert_string_equal(pv_layout_compute(&l, &hv, 0, 1UL << 20, 2), RANGE_ERR);
    assert_string_equal(pv_layout_compute(&l, &noncanonical, 0, 1UL << 20, 2), RANGE_ERR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_tables),
        cmocka_unit_test(test_domu_order),
        cmocka_unit_test(test_dom0_has_no_store_or_console),
        cmocka_unit_test(test_v_end_is_the_next_4m_with_slack),
        cmocka_unit_test(test_too_little_memory),
        cmocka_unit_test(test_kernel_below_base),
        cmocka_unit_test(test_hostile_numbers_do_not_wrap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
