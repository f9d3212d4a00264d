/*
 * tests/unit/test_xencons_ring.c - dom0's end of the PV console ring
 * (tools/lib/xencons_ring.c) against a guest that plays by the rules and
 * one that does not.
 *
 * The ring sits inside a larger buffer of guard bytes, so a copy that
 * strayed outside the page's arrays would show; the sanitizers catch any
 * read outside the buffer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "xencons_ring.h"

#define GUARD_BYTE 0x5a
#define ONE_GIB    (1u << 30)

struct page {
    struct xencons_interface ring;
    unsigned char guard[64];
};

static struct page page;

static int setup(void **state)
{
    (void)state;
    memset(&page, 0, sizeof(page));
    memset(page.guard, GUARD_BYTE, sizeof(page.guard));
    return 0;
}

static void assert_guard_intact(void)
{
    for (size_t i = 0; i < sizeof(page.guard); i++)
        assert_int_equal(page.guard[i], GUARD_BYTE);
}

/* The guest's side: append s to out[] as the protocol says. */
static void guest_writes(const char *s)
{
    for (size_t i = 0; s[i]; i++)
        page.ring.out[MASK_XENCONS_IDX(page.ring.out_prod++, page.ring.out)] = s[i];
}

static void test_output_is_taken_in_order(void **state)
{
    char buf[16];

    (void)state;
    guest_writes("hello");
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(page.ring.out_cons, 5);
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), 0);
}

static void test_output_stops_at_max(void **state)
{
    char buf[3];

    (void)state;
    guest_writes("abcdef");
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "abc", 3);
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "def", 3);
}

/* Indices near 2^32 wrap, and the bytes wrap round the array's end. */
static void test_output_wraps_indices_and_array(void **state)
{
    char buf[8];

    (void)state;
    page.ring.out_cons = page.ring.out_prod = UINT32_MAX - 2;
    guest_writes("wrapping");
    assert_int_equal(page.ring.out_prod, 5);
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), 8);
    assert_memory_equal(buf, "wrapping", 8);
    assert_int_equal(page.ring.out_cons, 5);
}

static void test_full_output_ring_is_taken_whole(void **state)
{
    static char buf[XENCONS_OUT_SIZE + 10];

    (void)state;
    memset(page.ring.out, 'x', sizeof(page.ring.out));
    page.ring.out_prod = XENCONS_OUT_SIZE;
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)),
                     XENCONS_OUT_SIZE);
    assert_guard_intact();
}

static void test_output_prod_a_gib_ahead_is_refused(void **state)
{
    char buf[16];

    (void)state;
    page.ring.out_prod = ONE_GIB;
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), -EIO);
    assert_int_equal(page.ring.out_cons, 0);
    assert_guard_intact();
}

/* prod behind cons is a fill near 2^32: refused, not a huge copy. */
static void test_output_prod_behind_cons_is_refused(void **state)
{
    char buf[16];

    (void)state;
    page.ring.out_cons = 100;
    page.ring.out_prod = 99;
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), -EIO);
    page.ring.out_prod = 100 + XENCONS_OUT_SIZE + 1;
    assert_int_equal(xencons_ring_take_output(&page.ring, buf, sizeof(buf)), -EIO);
    assert_int_equal(page.ring.out_cons, 100);
}

static void test_input_is_put_and_published(void **state)
{
    (void)state;
    assert_int_equal(xencons_ring_put_input(&page.ring, "ls\r", 3), 3);
    assert_int_equal(page.ring.in_prod, 3);
    assert_memory_equal(page.ring.in, "ls\r", 3);
}

static void test_input_stops_when_full(void **state)
{
    static char big[XENCONS_IN_SIZE + 100];

    (void)state;
    memset(big, 'k', sizeof(big));
    page.ring.in_cons = page.ring.in_prod = UINT32_MAX - 10;
    assert_int_equal(xencons_ring_put_input(&page.ring, big, sizeof(big)),
                     XENCONS_IN_SIZE);
    assert_int_equal(xencons_ring_put_input(&page.ring, "z", 1), 0);
    page.ring.in_cons += 1;     /* the guest read one byte */
    assert_int_equal(xencons_ring_put_input(&page.ring, "zz", 2), 1);
    assert_guard_intact();
}

static void test_input_hostile_cons_is_refused(void **state)
{
    (void)state;
    page.ring.in_cons = ONE_GIB;       /* fill of 2^32 - 2^30 */
    assert_int_equal(xencons_ring_put_input(&page.ring, "a", 1), -EIO);
    assert_int_equal(page.ring.in_prod, 0);
    page.ring.in_cons = 0;
    page.ring.in_prod = XENCONS_IN_SIZE + 1;
    assert_int_equal(xencons_ring_put_input(&page.ring, "a", 1), -EIO);
    assert_int_equal(page.ring.in_prod, XENCONS_IN_SIZE + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_output_is_taken_in_order, setup),
        cmocka_unit_test_setup(test_output_stops_at_max, setup),
        cmocka_unit_test_setup(test_output_wraps_indices_and_array, setup),
        cmocka_unit_test_setup(test_full_output_ring_is_taken_whole, setup),
        cmocka_unit_test_setup(test_output_prod_a_gib_ahead_is_refused, setup),
        cmocka_unit_test_setup(test_output_prod_behind_cons_is_refused, setup),
        cmocka_unit_test_setup(test_input_is_put_and_published, setup),
        cmocka_unit_test_setup(test_input_stops_when_full, setup),
        cmocka_unit_test_setup(test_input_hostile_cons_is_refused, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
