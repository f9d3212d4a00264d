/*
 * tests/unit/test_dom0_evtchn_ring.c - the queue of fired ports behind
 * /dev/xen/evtchn (dom0/drivers/evtchn_ring.c): order, peeking without
 * taking, a full ring's overflow (Linux's EFBIG state) and reset, and
 * indices that wrap past UINT_MAX.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <cmocka.h>

#include "../../dom0/drivers/evtchn_ring.h"

static struct evtchn_ring ring;

static int reset(void **state)
{
    (void)state;
    evtchn_ring_reset(&ring);
    return 0;
}

static void test_empty(void **state)
{
    uint32_t out[4];

    (void)state;
    assert_int_equal(evtchn_ring_count(&ring), 0);
    assert_int_equal(evtchn_ring_peek(&ring, out, 4), 0);
    evtchn_ring_consume(&ring, 3);      /* more than there is: nothing happens */
    assert_int_equal(evtchn_ring_count(&ring), 0);
}

static void test_fifo_order_and_peek(void **state)
{
    uint32_t out[8];

    (void)state;
    for (uint32_t p = 10; p < 15; p++)
        assert_true(evtchn_ring_push(&ring, p));
    assert_int_equal(evtchn_ring_peek(&ring, out, 3), 3);
    assert_int_equal(out[0], 10);
    assert_int_equal(out[2], 12);
    assert_int_equal(evtchn_ring_count(&ring), 5);  /* peeking took nothing */
    evtchn_ring_consume(&ring, 2);
    assert_int_equal(evtchn_ring_peek(&ring, out, 8), 3);
    assert_int_equal(out[0], 12);
    assert_int_equal(out[2], 14);
}

static void test_full_ring_overflows(void **state)
{
    uint32_t out[1];

    (void)state;
    for (uint32_t p = 0; p < EVTCHN_RING_SIZE; p++)
        assert_true(evtchn_ring_push(&ring, p));
    assert_false(ring.overflow);
    assert_false(evtchn_ring_push(&ring, 4095));
    assert_true(ring.overflow);
    assert_int_equal(evtchn_ring_count(&ring), EVTCHN_RING_SIZE);
    assert_int_equal(evtchn_ring_peek(&ring, out, 1), 1);
    assert_int_equal(out[0], 0);        /* the oldest survives, the newest was dropped */
    evtchn_ring_reset(&ring);
    assert_false(ring.overflow);
    assert_int_equal(evtchn_ring_count(&ring), 0);
}

static void test_indices_wrap(void **state)
{
    uint32_t out[4];

    (void)state;
    ring.cons = ring.prod = UINT_MAX - 1;
    for (uint32_t p = 1; p <= 4; p++)
        assert_true(evtchn_ring_push(&ring, p));
    assert_int_equal(evtchn_ring_count(&ring), 4);
    assert_int_equal(evtchn_ring_peek(&ring, out, 4), 4);
    for (uint32_t i = 0; i < 4; i++)
        assert_int_equal(out[i], i + 1);
    evtchn_ring_consume(&ring, 4);
    assert_int_equal(evtchn_ring_count(&ring), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty, reset),
        cmocka_unit_test_setup(test_fifo_order_and_peek, reset),
        cmocka_unit_test_setup(test_full_ring_overflows, reset),
        cmocka_unit_test_setup(test_indices_wrap, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
