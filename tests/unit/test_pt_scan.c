/*
 * tests/unit/test_pt_scan.c - finding a page table's present entries
 * (hypervisor/include/minixen/pt_scan.h): the eight-at-a-time scan must
 * find exactly what a plain entry-by-entry walk finds, from any starting
 * index, whatever the other bits of an entry say.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/pt_scan.h>

#define RANDOM_TABLES   2000

static uint64_t table[PT_SCAN_ENTRIES];

static unsigned int plain_next(const uint64_t *t, unsigned int i)
{
    for (; i < PT_SCAN_ENTRIES; i++)
        if (t[i] & 1)
            return i;
    return PT_SCAN_ENTRIES;
}

/* From every start, the scan agrees with the plain walk. */
static void check_every_start(const uint64_t *t)
{
    for (unsigned int i = 0; i <= PT_SCAN_ENTRIES; i++)
        assert_int_equal(pt_next_present(t, i), plain_next(t, i));
}

static unsigned int count_slots(const uint64_t *t)
{
    unsigned int i, n = 0, last = 0;

    pt_for_each_present_slot(i, t) {
        assert_true(t[i] & 1);
        assert_true(n == 0 || i > last);
        last = i;
        n++;
    }
    return n;
}

static void test_empty_table_has_none(void **state)
{
    (void)state;
    memset(table, 0, sizeof(table));
    check_every_start(table);
    assert_int_equal(count_slots(table), 0);
}

static void test_full_table_has_all(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < PT_SCAN_ENTRIES; i++)
        table[i] = ((uint64_t)i << 12) | 0x67;
    check_every_start(table);
    assert_int_equal(count_slots(table), PT_SCAN_ENTRIES);
}

/* Each slot alone, at every position within and across groups of eight. */
static void test_each_single_entry_is_found(void **state)
{
    (void)state;
    for (unsigned int slot = 0; slot < PT_SCAN_ENTRIES; slot++) {
        memset(table, 0, sizeof(table));
        table[slot] = 0x1;
        assert_int_equal(pt_next_present(table, 0), slot);
        assert_int_equal(pt_next_present(table, slot), slot);
        assert_int_equal(pt_next_present(table, slot + 1), PT_SCAN_ENTRIES);
        assert_int_equal(count_slots(table), 1);
    }
}

/* A not-present entry may hold anything else (a swap entry, say): not found. */
static void test_other_bits_are_not_present(void **state)
{
    (void)state;
    for (unsigned int i = 0; i < PT_SCAN_ENTRIES; i++)
        table[i] = ~(uint64_t)1;
    check_every_start(table);
    assert_int_equal(count_slots(table), 0);
    table[PT_SCAN_ENTRIES - 1] |= 1;
    assert_int_equal(pt_next_present(table, 0), PT_SCAN_ENTRIES - 1);
}

static void test_random_tables_agree(void **state)
{
    (void)state;
    srand(1);
    for (int round = 0; round < RANDOM_TABLES; round++) {
        int density = rand() % 64;

        for (unsigned int i = 0; i < PT_SCAN_ENTRIES; i++)
            table[i] = (uint64_t)rand() << 1;      /* random bits, none present */
        for (unsigned int i = 0; i < PT_SCAN_ENTRIES; i++)
            if (rand() % 64 < density)
                table[i] |= 1;
        check_every_start(table);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_table_has_none),
        cmocka_unit_test(test_full_table_has_all),
        cmocka_unit_test(test_each_single_entry_is_found),
        cmocka_unit_test(test_other_bits_are_not_present),
        cmocka_unit_test(test_random_tables_agree),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
