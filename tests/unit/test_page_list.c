/*
 * tests/unit/test_page_list.c - a domain's page list
 * (hypervisor/common/page_list.c): frames join at the tail, leave from
 * anywhere (head, middle, tail, the only one), whole runs join in frame
 * order, the links stay consistent
 * in both directions, PGF_on_list follows membership, and two domains'
 * lists never mix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/mm.h>
#include <minixen/sched.h>

#define NR_FRAMES 16

struct page_info *frame_table;
unsigned long max_page = NR_FRAMES;

static struct page_info frames[NR_FRAMES];
static struct domain dom_a, dom_b;

static int setup(void **state)
{
    (void)state;
    memset(frames, 0, sizeof(frames));
    frame_table = frames;
    memset(&dom_a, 0, sizeof(dom_a));
    memset(&dom_b, 0, sizeof(dom_b));
    page_list_init(&dom_a);
    page_list_init(&dom_b);
    dom_a.domain_id = 1;
    dom_b.domain_id = 2;
    return 0;
}

/* The list from the head, checking every back link on the way and the tail at its end. */
static unsigned int walk(const struct domain *d, unsigned long *out, unsigned int max)
{
    unsigned long mfn = d->page_list_head, prev = PAGE_LIST_NULL;
    unsigned int n = 0;

    while (mfn != PAGE_LIST_NULL) {
        assert_true(n < max);
        assert_int_equal(frames[mfn].list_prev, prev);
        assert_true(frames[mfn].flags & PGF_on_list);
        out[n++] = mfn;
        prev = mfn;
        mfn = frames[mfn].list_next;
    }
    assert_int_equal(d->page_list_tail, prev);
    return n;
}

static void expect_list(const struct domain *d, const unsigned long *want, unsigned int nr)
{
    unsigned long got[NR_FRAMES];
    unsigned int i;

    assert_int_equal(walk(d, got, NR_FRAMES), nr);
    for (i = 0; i < nr; i++)
        assert_int_equal(got[i], want[i]);
}

static void test_empty(void **state)
{
    (void)state;
    expect_list(&dom_a, NULL, 0);
}

static void test_add_puts_at_tail(void **state)
{
    const unsigned long want[] = { 5, 3, 7 };

    (void)state;
    page_list_add(&dom_a, 5);
    page_list_add(&dom_a, 3);
    page_list_add(&dom_a, 7);
    expect_list(&dom_a, want, 3);
}

static void test_delete_anywhere(void **state)
{
    const unsigned long after_middle[] = { 1, 2, 4 }, after_tail[] = { 1, 2 },
                        after_head[] = { 2 };

    (void)state;
    page_list_add(&dom_a, 1);
    page_list_add(&dom_a, 2);
    page_list_add(&dom_a, 3);
    page_list_add(&dom_a, 4);
    page_list_del(&dom_a, 3);
    expect_list(&dom_a, after_middle, 3);
    assert_false(frames[3].flags & PGF_on_list);
    page_list_del(&dom_a, 4);
    expect_list(&dom_a, after_tail, 2);
    page_list_del(&dom_a, 1);
    expect_list(&dom_a, after_head, 1);
    page_list_del(&dom_a, 2);
    expect_list(&dom_a, NULL, 0);
    assert_int_equal(dom_a.page_list_head, PAGE_LIST_NULL);
    assert_int_equal(dom_a.page_list_tail, PAGE_LIST_NULL);
}

static void test_other_flags_kept(void **state)
{
    (void)state;
    frames[6].flags = PGF_allocated | PGF_pinned;
    page_list_add(&dom_a, 6);
    assert_int_equal(frames[6].flags, PGF_allocated | PGF_pinned | PGF_on_list);
    page_list_del(&dom_a, 6);
    assert_int_equal(frames[6].flags, PGF_allocated | PGF_pinned);
}

static void test_two_domains_apart(void **state)
{
    const unsigned long a[] = { 8, 10 }, b[] = { 9, 11 }, b_left[] = { 11 };

    (void)state;
    page_list_add(&dom_a, 8);
    page_list_add(&dom_b, 9);
    page_list_add(&dom_a, 10);
    page_list_add(&dom_b, 11);
    expect_list(&dom_a, a, 2);
    expect_list(&dom_b, b, 2);
    page_list_del(&dom_b, 9);
    expect_list(&dom_a, a, 2);
    expect_list(&dom_b, b_left, 1);
}

/* Frame 0 is an ordinary member: the end of a list is PAGE_LIST_NULL, not 0. */
static void test_frame_zero_and_last(void **state)
{
    const unsigned long want[] = { 0, NR_FRAMES - 1 }, left[] = { NR_FRAMES - 1 };

    (void)state;
    page_list_add(&dom_a, 0);
    page_list_add(&dom_a, NR_FRAMES - 1);
    expect_list(&dom_a, want, 2);
    page_list_del(&dom_a, 0);
    assert_int_equal(frames[NR_FRAMES - 1].list_prev, PAGE_LIST_NULL);
    expect_list(&dom_a, left, 1);
}

/* A run joins at the tail in frame order, each frame set to hold just its
 * allocation reference, then leaves frame by frame. */
static void test_run_joins_in_order(void **state)
{
    const unsigned long want[] = { 2, 4, 5, 6, 7 }, left[] = { 2, 4, 6, 7 },
                        one[] = { 2, 4, 6, 7, 9 };

    (void)state;
    page_list_add(&dom_a, 2);
    frames[5] = (struct page_info){ .count = 7, .type = 3, .flags = PGF_pinned };
    page_list_assign_run(&dom_a, 4, 4);
    expect_list(&dom_a, want, 5);
    for (unsigned long m = 4; m < 8; m++) {
        assert_int_equal(frames[m].count, 1);
        assert_int_equal(frames[m].type, 0);
        assert_int_equal(frames[m].flags, PGF_allocated | PGF_on_list);
        assert_int_equal(frames[m].owner, dom_a.domain_id);
    }
    page_list_del(&dom_a, 5);
    expect_list(&dom_a, left, 4);
    page_list_assign_run(&dom_a, 9, 1);
    expect_list(&dom_a, one, 5);
    page_list_assign_run(&dom_a, 12, 0);           /* nothing */
    expect_list(&dom_a, one, 5);
    assert_false(frames[12].flags & PGF_on_list);
}

static void test_run_into_empty_list(void **state)
{
    const unsigned long want[] = { 0, 1, 2 };

    (void)state;
    page_list_assign_run(&dom_b, 0, 3);
    expect_list(&dom_b, want, 3);
    assert_int_equal(frames[2].list_next, PAGE_LIST_NULL);
    assert_int_equal(frames[0].owner, dom_b.domain_id);
    expect_list(&dom_a, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty, setup),
        cmocka_unit_test_setup(test_add_puts_at_tail, setup),
        cmocka_unit_test_setup(test_delete_anywhere, setup),
        cmocka_unit_test_setup(test_other_flags_kept, setup),
        cmocka_unit_test_setup(test_two_domains_apart, setup),
        cmocka_unit_test_setup(test_frame_zero_and_last, setup),
        cmocka_unit_test_setup(test_run_joins_in_order, setup),
        cmocka_unit_test_setup(test_run_into_empty_list, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
