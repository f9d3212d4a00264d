/*
 * tests/unit/test_dom0_kmalloc.c - the dom0 kernel heap (dom0/mm/kmalloc.c)
 * on a fake page allocator.
 *
 * The other dom0 tests take their heap from dom0_fakes.c, which this
 * program links too, so the real heap is compiled in here under other
 * names (real_kmalloc, ...), calling a page allocator of this file that
 * hands out page-aligned host memory and checks every free against what
 * it gave.  Each page is its own allocation: ASan catches a block that
 * runs past its page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#define kmalloc     real_kmalloc
#define kzalloc     real_kzalloc
#define kfree       real_kfree
#define kstrdup     real_kstrdup
#define kmalloc_pages real_kmalloc_pages
#define page_alloc  test_page_alloc
#define pages_alloc test_pages_alloc
#define pages_alloc_uninit test_pages_alloc_uninit
#define pages_free  test_pages_free
#include "../../dom0/mm/kmalloc.c"

#define SMALL_MAX       (1UL << MAX_SHIFT)
#define RUNS_MAX        1024
#define RANDOM_ROUNDS   20000
#define RANDOM_LIVE     300

/* ---- The page allocator under the heap ---- */

struct run {
    void *first;
    unsigned int n;
};

static struct run runs[RUNS_MAX];
static int nr_runs;
static int page_alloc_calls, pages_alloc_calls;
static long fail_after = -1;            /* allocations left before one fails; -1 never */

static void *run_alloc(unsigned int n)
{
    void *p;

    if (fail_after >= 0 && fail_after-- == 0)
        return NULL;
    assert_true(nr_runs < RUNS_MAX);
    p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
    assert_non_null(p);
    memset(p, 0, n * PAGE_SIZE);
    runs[nr_runs++] = (struct run){ p, n };
    return p;
}

void *test_page_alloc(void)
{
    page_alloc_calls++;
    return run_alloc(1);
}

void *test_pages_alloc(unsigned int n)
{
    pages_alloc_calls++;
    return run_alloc(n);
}

/* As the kernel's: whatever the last user left, here a pattern to notice. */
void *test_pages_alloc_uninit(unsigned int n)
{
    uint8_t *p = test_pages_alloc(n);

    if (p)
        memset(p, 0xa5, n * PAGE_SIZE);
    return p;
}

void test_pages_free(void *first, unsigned int n)
{
    for (int i = 0; i < nr_runs; i++) {
        if (runs[i].first != first)
            continue;
        assert_int_equal(runs[i].n, n);
        free(first);
        runs[i] = runs[--nr_runs];
        return;
    }
    fail_msg("pages_free(%p, %u) of pages never allocated", first, n);
}

static int setup(void **state)
{
    (void)state;
    memset(free_lists, 0, sizeof(free_lists));
    nr_runs = page_alloc_calls = pages_alloc_calls = 0;
    fail_after = -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    while (nr_runs)
        free(runs[--nr_runs].first);
    return 0;
}

/* The class a small request gets: the power of two at or above it, at least 32. */
static size_t class_size(size_t size)
{
    size_t c = 1UL << MIN_SHIFT;

    while (c < size)
        c <<= 1;
    return c;
}

static size_t blocks_per_page(size_t class)
{
    return (PAGE_SIZE - MAX((size_t)HEADER_SIZE, class)) / class;
}

/* ---- Small blocks ---- */

static void test_every_small_size_is_aligned_to_its_class(void **state)
{
    (void)state;
    for (size_t size = 1; size <= SMALL_MAX; size++) {
        uint8_t *p = real_kmalloc(size);
        uintptr_t off = (uintptr_t)p % PAGE_SIZE;

        assert_non_null(p);
        assert_int_equal((uintptr_t)p % class_size(size), 0);
        assert_true(off >= HEADER_SIZE);                /* the page header stays whole */
        assert_true(off + class_size(size) <= PAGE_SIZE);
        memset(p, 0xcc, size);
        real_kfree(p);
    }
    assert_int_equal(pages_alloc_calls, 0);
}

static void test_zero_bytes_gets_a_smallest_block(void **state)
{
    void *p = real_kmalloc(0), *q = real_kmalloc(0);

    (void)state;
    assert_non_null(p);
    assert_non_null(q);
    assert_ptr_not_equal(p, q);
    assert_int_equal((uintptr_t)p % 32, 0);
}

/* A page of a class holds as many blocks as fit after the header, then a new page. */
static void test_a_page_is_cut_into_blocks_of_one_class(void **state)
{
    (void)state;
    for (size_t class = 32; class <= SMALL_MAX; class <<= 1) {
        size_t n = blocks_per_page(class);
        int before = page_alloc_calls;
        uintptr_t page = 0;

        for (size_t i = 0; i < n; i++) {
            uintptr_t p = (uintptr_t)real_kmalloc(class);
            if (!i)
                page = ALIGN_DOWN(p, PAGE_SIZE);
            assert_int_equal(ALIGN_DOWN(p, PAGE_SIZE), page);
        }
        assert_int_equal(page_alloc_calls, before + 1);
        assert_int_not_equal(ALIGN_DOWN((uintptr_t)real_kmalloc(class), PAGE_SIZE), page);
        assert_int_equal(page_alloc_calls, before + 2);
    }
}

static void test_kfree_gives_the_block_to_the_next_of_its_class(void **state)
{
    void *p = real_kmalloc(100), *q, *other;

    (void)state;
    real_kfree(p);
    other = real_kmalloc(200);                  /* another class: not p */
    assert_ptr_not_equal(other, p);
    q = real_kmalloc(128);
    assert_ptr_equal(q, p);
    real_kfree(q);
    assert_ptr_equal(real_kmalloc(65), p);
}

static void test_freed_pages_are_reused_before_new_ones(void **state)
{
    void *blocks[64];
    int pages;

    (void)state;
    for (int i = 0; i < 64; i++)
        blocks[i] = real_kmalloc(512);
    pages = page_alloc_calls;
    for (int i = 0; i < 64; i++)
        real_kfree(blocks[i]);
    for (int i = 0; i < 64; i++)
        real_kmalloc(300);
    assert_int_equal(page_alloc_calls, pages);
}

static void test_kfree_of_null_does_nothing(void **state)
{
    (void)state;
    real_kfree(NULL);
    assert_int_equal(nr_runs, 0);
}

static void test_kzalloc_zeroes_a_reused_block(void **state)
{
    uint8_t *p = real_kmalloc(64), *q;

    (void)state;
    memset(p, 0xff, 64);
    real_kfree(p);
    q = real_kzalloc(64);
    assert_ptr_equal(q, p);
    for (int i = 0; i < 64; i++)
        assert_int_equal(q[i], 0);
}

static void test_kstrdup_copies_with_the_nul(void **state)
{
    char *s = real_kstrdup("/bin/busybox");

    (void)state;
    assert_string_equal(s, "/bin/busybox");
    assert_int_equal((uintptr_t)s % 16, 0);
    real_kfree(s);
}

/* ---- Large blocks ---- */

static void check_large(size_t size)
{
    unsigned int pages = (size + HEADER_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
    int calls = pages_alloc_calls;
    uint8_t *p = real_kmalloc(size);

    assert_non_null(p);
    assert_int_equal(pages_alloc_calls, calls + 1);
    assert_int_equal(runs[nr_runs - 1].n, pages);
    assert_ptr_equal(p, (uint8_t *)runs[nr_runs - 1].first + HEADER_SIZE);
    assert_int_equal((uintptr_t)p % 64, 0);
    memset(p, 0xcc, size);                      /* ASan: the run holds all of it */
    real_kfree(p);
    assert_int_equal(nr_runs, 0);
}

static void test_large_blocks_are_64_aligned_page_runs_freed_whole(void **state)
{
    const size_t sizes[] = { SMALL_MAX + 1, 3000, PAGE_SIZE - HEADER_SIZE,
                             PAGE_SIZE - HEADER_SIZE + 1, PAGE_SIZE, 5 * PAGE_SIZE,
                             256 << 10, (256 << 10) + 64 * 1024 };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
        check_large(sizes[i]);
}

/* Big blocks come from pages nobody cleared: kzalloc must clear them itself. */
static void test_large_kzalloc_is_zeroed(void **state)
{
    const size_t size = 5 * PAGE_SIZE + 17;
    uint8_t *p;

    (void)state;
    p = real_kzalloc(size);
    assert_non_null(p);
    for (size_t i = 0; i < size; i++)
        assert_int_equal(p[i], 0);
    real_kfree(p);
    assert_int_equal(nr_runs, 0);
}

static void test_more_than_1_gib_is_refused(void **state)
{
    (void)state;
    assert_null(real_kmalloc((1UL << 30) + 1));
    assert_null(real_kmalloc(SIZE_MAX));
    assert_int_equal(pages_alloc_calls, 0);
}

static void test_out_of_pages_gives_null(void **state)
{
    (void)state;
    fail_after = 0;
    assert_null(real_kmalloc(32));
    fail_after = 0;
    assert_null(real_kmalloc(10000));
    fail_after = 0;
    assert_null(real_kzalloc(100));
    assert_non_null(real_kmalloc(32));         /* the allocator recovers */
}

/* ---- Many blocks at once ---- */

struct live {
    uint8_t *p;
    size_t size;
    uint8_t fill;
};

static void live_check(const struct live *l)
{
    for (size_t i = 0; i < l->size; i++)
        assert_int_equal(l->p[i], l->fill);
}

static size_t random_size(void)
{
    switch (rand() % 4) {
    case 0:  return (size_t)rand() % 64;
    case 1:  return (size_t)rand() % 512;
    case 2:  return (size_t)rand() % (SMALL_MAX + 1);
    default: return SMALL_MAX + (size_t)rand() % (3 * PAGE_SIZE);
    }
}

/* Random allocations and frees: no live block may overlap another (its fill would change). */
static void test_live_blocks_never_overlap(void **state)
{
    static struct live live[RANDOM_LIVE];
    size_t size;
    int nr = 0;

    (void)state;
    srand(12345);
    for (int round = 0; round < RANDOM_ROUNDS; round++) {
        if (nr == RANDOM_LIVE || (nr && rand() % 2)) {
            int i = rand() % nr;
            live_check(&live[i]);
            real_kfree(live[i].p);
            live[i] = live[--nr];
            continue;
        }
        size = random_size();
        live[nr] = (struct live){ real_kmalloc(size), size, (uint8_t)round };
        assert_non_null(live[nr].p);
        memset(live[nr].p, live[nr].fill, live[nr].size);
        nr++;
    }
    while (nr) {
        live_check(&live[--nr]);
        real_kfree(live[nr].p);
    }
}

/* /proc/meminfo's Slab: the pages the heap holds, large blocks included. */
static void test_heap_pages_counts_what_the_heap_holds(void **state)
{
    unsigned long base = real_kmalloc_pages();
    void *big = real_kmalloc(3 * 4096);
    void *small = real_kmalloc(100);

    (void)state;
    assert_non_null(big);
    assert_non_null(small);
    assert_true(real_kmalloc_pages() >= base + 4);      /* 3 pages + header: 4 */
    real_kfree(big);
    assert_true(real_kmalloc_pages() <= base + 1);      /* the small block's page may stay */
    real_kfree(small);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_heap_pages_counts_what_the_heap_holds),
        T(test_every_small_size_is_aligned_to_its_class),
        T(test_zero_bytes_gets_a_smallest_block),
        T(test_a_page_is_cut_into_blocks_of_one_class),
        T(test_kfree_gives_the_block_to_the_next_of_its_class),
        T(test_freed_pages_are_reused_before_new_ones),
        T(test_kfree_of_null_does_nothing),
        T(test_kzalloc_zeroes_a_reused_block),
        T(test_kstrdup_copies_with_the_nul),
        T(test_large_blocks_are_64_aligned_page_runs_freed_whole),
        T(test_large_kzalloc_is_zeroed),
        T(test_more_than_1_gib_is_refused),
        T(test_out_of_pages_gives_null),
        T(test_live_blocks_never_overlap),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
