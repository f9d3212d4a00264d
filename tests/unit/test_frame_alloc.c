/*
 * tests/unit/test_frame_alloc.c - the machine-frame allocator
 * (hypervisor/common/frame_alloc.c).
 *
 * Each test builds an allocator over a heap bitmap sized exactly as
 * frame_alloc_bitmap_bytes() says (so AddressSanitizer catches any access
 * past it) and checks results against the rules in frame_alloc.h; a
 * brute-force count over frame_alloc_is_free() cross-checks nr_free.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <minixen/frame_alloc.h>
#include <public/errno.h>

/* Odd on purpose: the last bitmap word is only partly used. */
#define NR_FRAMES       1000
/* 1 MiB of 4 KiB frames: what boot code reserves at the bottom. */
#define LOW_MEM_FRAMES  256
#define BIG_NR_FRAMES   (1u << 20)      /* 4 GiB of RAM */
#define RUN_LENGTH      16384           /* frames allocated in a row */

struct fixture {
    struct frame_alloc fa;
    void *bitmap;
};

static struct frame_alloc *make(void **state, mfn_t max_mfn)
{
    struct fixture *f = malloc(sizeof(*f));

    assert_non_null(f);
    f->bitmap = malloc(frame_alloc_bitmap_bytes(max_mfn));
    assert_non_null(f->bitmap);
    frame_alloc_init(&f->fa, f->bitmap, max_mfn);
    *state = f;
    return &f->fa;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    if (f != NULL) {
        free(f->bitmap);
        free(f);
    }
    return 0;
}

static mfn_t count_free_slowly(const struct frame_alloc *fa)
{
    mfn_t n = 0;

    for (mfn_t m = 0; m < fa->max_mfn + 64; m++)
        n += frame_alloc_is_free(fa, m);
    return n;
}

static void check_count(const struct frame_alloc *fa, mfn_t expected)
{
    assert_int_equal(frame_alloc_nr_free(fa), expected);
    assert_int_equal(count_free_slowly(fa), expected);
}

static void test_bitmap_size(void **state)
{
    (void)state;
    assert_int_equal(frame_alloc_bitmap_bytes(0), 0);
    assert_int_equal(frame_alloc_bitmap_bytes(1), 8);
    assert_int_equal(frame_alloc_bitmap_bytes(64), 8);
    assert_int_equal(frame_alloc_bitmap_bytes(65), 16);
    assert_int_equal(frame_alloc_bitmap_bytes(BIG_NR_FRAMES), BIG_NR_FRAMES / 8);
}

static void test_starts_empty(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    check_count(fa, 0);
    assert_int_equal(frame_alloc_one(fa), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_contig(fa, 1, 1), INVALID_MFN_VALUE);
}

static void test_add_and_exhaust(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, 10, 5);
    check_count(fa, 5);
    for (mfn_t m = 10; m < 15; m++)
        assert_int_equal(frame_alloc_one(fa), m);   /* lowest first */
    check_count(fa, 0);
    assert_int_equal(frame_alloc_one(fa), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_one(fa), INVALID_MFN_VALUE);
    /* Freed frames come back. */
    assert_int_equal(frame_alloc_free(fa, 12, 1), 0);
    assert_int_equal(frame_alloc_one(fa), 12);
}

static void test_ranges_clipped_to_max(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, NR_FRAMES - 4, 100);
    check_count(fa, 4);
    frame_alloc_add_free(fa, NR_FRAMES + 10, 5);     /* entirely beyond */
    frame_alloc_add_free(fa, 0, ~(mfn_t)0);         /* overflowing count */
    check_count(fa, NR_FRAMES);
    frame_alloc_reserve(fa, NR_FRAMES - 1, ~(mfn_t)0);
    check_count(fa, NR_FRAMES - 1);
    assert_false(frame_alloc_is_free(fa, NR_FRAMES));
}

static void test_overlapping_ranges(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    /* A memory map with overlapping RAM entries counts each frame once. */
    frame_alloc_add_free(fa, 100, 200);             /* [100, 300) */
    frame_alloc_add_free(fa, 250, 100);             /* [250, 350) */
    frame_alloc_add_free(fa, 120, 10);              /* inside */
    check_count(fa, 250);
    frame_alloc_reserve(fa, 90, 20);                /* [90, 110) */
    frame_alloc_reserve(fa, 100, 5);                /* again */
    check_count(fa, 240);
    assert_int_equal(frame_alloc_one(fa), 110);
}

static void test_reserve_over_free(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, 0, NR_FRAMES);
    frame_alloc_reserve(fa, 0, LOW_MEM_FRAMES);     /* low 1 MiB */
    frame_alloc_reserve(fa, 500, 64);               /* "the hypervisor" */
    frame_alloc_reserve(fa, 700, 3);                /* "a module" */
    check_count(fa, NR_FRAMES - LOW_MEM_FRAMES - 64 - 3);
    assert_int_equal(frame_alloc_one(fa), LOW_MEM_FRAMES);
    for (mfn_t m = 0; m < NR_FRAMES; m++) {
        bool reserved = m < LOW_MEM_FRAMES + 1 || (m >= 500 && m < 564) ||
                        (m >= 700 && m < 703);
        assert_int_equal(frame_alloc_is_free(fa, m), !reserved);
    }
    /* Reserved frames are never handed out. */
    while (frame_alloc_nr_free(fa) != 0) {
        mfn_t m = frame_alloc_one(fa);

        assert_false(m < LOW_MEM_FRAMES || (m >= 500 && m < 564) ||
                     (m >= 700 && m < 703));
    }
}

static void test_double_free(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);
    mfn_t m;

    frame_alloc_add_free(fa, 0, 10);
    m = frame_alloc_one(fa);
    assert_int_equal(frame_alloc_free(fa, m, 1), 0);
    assert_int_equal(frame_alloc_free(fa, m, 1), -XEN_EINVAL);
    check_count(fa, 10);
    /* A range of which one frame is free is refused as a whole. */
    assert_int_equal(frame_alloc_contig(fa, 4, 1), 0);
    assert_int_equal(frame_alloc_free(fa, 2, 5), -XEN_EINVAL);
    check_count(fa, 6);
    assert_false(frame_alloc_is_free(fa, 2));
    assert_int_equal(frame_alloc_free(fa, 0, 4), 0);
    check_count(fa, 10);
}

static void test_free_out_of_range(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    assert_int_equal(frame_alloc_free(fa, NR_FRAMES, 1), -XEN_EINVAL);
    assert_int_equal(frame_alloc_free(fa, NR_FRAMES - 1, 2), -XEN_EINVAL);
    assert_int_equal(frame_alloc_free(fa, 5, ~(mfn_t)0), -XEN_EINVAL);
    check_count(fa, 0);
    /* Never-added frames may be freed (boot code giving memory back). */
    assert_int_equal(frame_alloc_free(fa, NR_FRAMES - 1, 1), 0);
    check_count(fa, 1);
}

static void test_contig_and_alignment(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);
    mfn_t m;

    frame_alloc_add_free(fa, 3, 600);               /* [3, 603) */
    /* 8 frames aligned to 8: the first aligned start is 8. */
    m = frame_alloc_contig(fa, 8, 8);
    assert_int_equal(m, 8);
    /* Break up the space: frame 20 busy, so 16-aligned 16 starts at 32. */
    frame_alloc_reserve(fa, 20, 1);
    m = frame_alloc_contig(fa, 16, 16);
    assert_int_equal(m, 32);
    for (mfn_t i = 32; i < 48; i++)
        assert_false(frame_alloc_is_free(fa, i));
    /* Unaligned runs fill the gaps: [3, 8) holds 5 frames. */
    assert_int_equal(frame_alloc_contig(fa, 5, 1), 3);
    assert_int_equal(frame_alloc_contig(fa, 5, 0), 21);     /* 0 means 1 */
    /* 512 frames aligned to 512 do not fit below 603. */
    assert_int_equal(frame_alloc_contig(fa, 512, 512), INVALID_MFN_VALUE);
    /* Bad arguments. */
    assert_int_equal(frame_alloc_contig(fa, 0, 1), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_contig(fa, 4, 3), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_contig(fa, NR_FRAMES + 1, 1), INVALID_MFN_VALUE);
    check_count(fa, 600 - 8 - 1 - 16 - 5 - 5);
}

/* The lowest start a brute-force look finds, as find_run() must. */
static mfn_t first_run_slowly(const struct frame_alloc *fa, mfn_t count,
                              mfn_t align, mfn_t lo, mfn_t hi)
{
    for (mfn_t s = (lo + align - 1) & ~(align - 1); s + count <= hi; s += align) {
        mfn_t i = 0;

        while (i < count && frame_alloc_is_free(fa, s + i))
            i++;
        if (i == count)
            return s;
    }
    return INVALID_MFN_VALUE;
}

/*
 * Runs of whole words (2 MiB extents are eight) take the word-at-a-time
 * search: against brute force, over a bitmap with busy frames sprinkled
 * in (fixed seed) and a partly used last word.
 */
static void test_whole_word_runs(void **state)
{
    const mfn_t max = 8192 + 100;
    struct frame_alloc *fa = make(state, max);
    static const mfn_t shapes[][2] = { { 64, 64 }, { 128, 64 }, { 512, 512 },
                                       { 64, 512 }, { 1024, 1024 } };
    unsigned int seed = 12345;

    for (int round = 0; round < 200; round++) {
        const mfn_t *shape = shapes[round % 5];
        mfn_t lo = (seed = seed * 1103515245 + 12345) % 4096, want, got;

        frame_alloc_add_free(fa, 0, max);
        for (int i = 0; i < 6; i++)
            frame_alloc_reserve(fa, (seed = seed * 1103515245 + 12345) % max, 1);
        want = first_run_slowly(fa, shape[0], shape[1], lo, max);
        got = frame_alloc_contig_in(fa, shape[0], shape[1], lo, max);
        assert_int_equal(got, want);
    }
    /* The partly used last word never counts as full. */
    frame_alloc_add_free(fa, 0, max);
    frame_alloc_reserve(fa, 0, 8256);
    assert_int_equal(frame_alloc_contig(fa, 64, 64), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_contig(fa, 36, 1), 8256);
}

/*
 * 2 MiB extents taken and given back in a random order (fixed seed),
 * single frames taken and freed among them: each extent handed out is
 * the lowest there is, as brute force finds it, whatever the extent
 * hint remembered from the searches before.
 */
static void test_extent_hint_follows_frees(void **state)
{
    const mfn_t max = 64 * FRAME_EXTENT;
    struct frame_alloc *fa = make(state, max);
    mfn_t held[64], single[256];
    unsigned int nheld = 0, nsingle = 0, seed = 777;

    frame_alloc_add_free(fa, 0, max);
    for (mfn_t e = 0; e < 40; e++) {
        single[nsingle] = e * FRAME_EXTENT + e;
        frame_alloc_reserve(fa, single[nsingle++], 1);
    }
    for (int round = 0; round < 600; round++) {
        unsigned int op = (seed = seed * 1103515245 + 12345) >> 16;
        mfn_t m = op % max;

        if (op % 4 == 0 && nheld) {
            assert_int_equal(frame_alloc_free(fa, held[--nheld], FRAME_EXTENT), 0);
        } else if (op % 4 == 1 && nsingle) {
            mfn_t i = m % nsingle;          /* a single frame back */

            assert_int_equal(frame_alloc_free(fa, single[i], 1), 0);
            single[i] = single[--nsingle];
        } else if (op % 4 == 2 && nsingle < 256 && frame_alloc_is_free(fa, m)) {
            frame_alloc_reserve(fa, m, 1);  /* one taken out of the middle */
            single[nsingle++] = m;
        } else if (nheld < 64) {
            mfn_t want = first_run_slowly(fa, FRAME_EXTENT, FRAME_EXTENT, 0, max);
            mfn_t got = frame_alloc_contig(fa, FRAME_EXTENT, FRAME_EXTENT);

            assert_int_equal(got, want);
            if (got != INVALID_MFN_VALUE)
                held[nheld++] = got;
        }
    }
}

static void test_contig_in_window(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, 0, NR_FRAMES);
    assert_int_equal(frame_alloc_contig_in(fa, 4, 4, 401, 600), 404);
    assert_int_equal(frame_alloc_contig_in(fa, 10, 1, 0, 5), INVALID_MFN_VALUE);
    assert_int_equal(frame_alloc_contig_in(fa, 5, 1, 0, 5), 0);
    /* A run may end exactly at hi. */
    assert_int_equal(frame_alloc_contig_in(fa, 4, 1, 996, NR_FRAMES), 996);
    assert_int_equal(frame_alloc_contig_in(fa, 1, 1, 996, NR_FRAMES), INVALID_MFN_VALUE);
}

static void test_exhaust_by_contig(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);
    mfn_t got = 0, m;

    frame_alloc_add_free(fa, 0, NR_FRAMES);
    while ((m = frame_alloc_contig(fa, 7, 1)) != INVALID_MFN_VALUE)
        got += 7;
    assert_int_equal(got, NR_FRAMES - NR_FRAMES % 7);
    check_count(fa, NR_FRAMES % 7);
}

/*
 * Allocating many frames in a row must be linear overall: each allocation
 * starts where the last one ended, which low_hint records.  Every search
 * starts at low_hint, so a hint that is always just past the frame handed
 * out means each search finds its frame in the first word it reads.  The
 * scan is a word at a time, so even a quadratic version would be quick
 * at this size; the hint, not the clock, is what is checked.
 */
static void test_many_allocations_follow_hint(void **state)
{
    struct frame_alloc *fa = make(state, BIG_NR_FRAMES);
    mfn_t m;

    frame_alloc_add_free(fa, 0, BIG_NR_FRAMES);
    frame_alloc_reserve(fa, 0, LOW_MEM_FRAMES);
    for (mfn_t i = 0; i < 4 * RUN_LENGTH; i++) {
        m = frame_alloc_one(fa);
        assert_int_equal(m, LOW_MEM_FRAMES + i);
        assert_int_equal(fa->low_hint, m + 1);
    }
    for (mfn_t i = 0; i < RUN_LENGTH; i++) {
        m = frame_alloc_contig(fa, 1, 1);
        assert_int_not_equal(m, INVALID_MFN_VALUE);
        assert_int_equal(fa->low_hint, m + 1);
    }
    assert_int_equal(frame_alloc_nr_free(fa),
                     BIG_NR_FRAMES - LOW_MEM_FRAMES - 5 * RUN_LENGTH);
}

/* Free in a scattered order, then everything is allocatable again. */
static void test_free_lowers_hint(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, 0, 100);
    for (mfn_t i = 0; i < 100; i++)
        frame_alloc_one(fa);
    assert_int_equal(frame_alloc_free(fa, 77, 1), 0);
    assert_int_equal(frame_alloc_free(fa, 3, 1), 0);
    assert_int_equal(frame_alloc_one(fa), 3);
    assert_int_equal(frame_alloc_one(fa), 77);
    assert_int_equal(frame_alloc_one(fa), INVALID_MFN_VALUE);
    /* Freeing above the old high end extends the search. */
    assert_int_equal(frame_alloc_free(fa, 900, 2), 0);
    assert_int_equal(frame_alloc_contig(fa, 2, 2), 900);
}

/*
 * A hint left below a long busy stretch moves past it on the next
 * search, so the stretch is walked once, not once per allocation.
 */
static void test_hint_skips_busy_stretch(void **state)
{
    struct frame_alloc *fa = make(state, BIG_NR_FRAMES);
    mfn_t busy_end = RUN_LENGTH;

    frame_alloc_add_free(fa, 0, BIG_NR_FRAMES);
    frame_alloc_reserve(fa, 0, busy_end);
    assert_int_equal(frame_alloc_free(fa, 5, 1), 0);
    assert_int_equal(frame_alloc_contig(fa, 1, 1), 5);
    assert_int_equal(fa->low_hint, 6);
    for (mfn_t i = 0; i < 8; i++) {
        assert_int_equal(frame_alloc_contig(fa, 1, 1), busy_end + i);
        assert_int_equal(fa->low_hint, busy_end + i + 1);
    }
    /* An aligned run: the hint still never passes a free frame. */
    assert_int_equal(frame_alloc_contig(fa, 4, 4), busy_end + 8);
    assert_int_equal(frame_alloc_one(fa), busy_end + 12);
}

/* ---- Clean frames (frame_alloc_track_clean) ---- */

#define CLEAN_FRAMES    128
#define GARBAGE         0xa5

/* What each frame holds (one byte stands for the page) and zero()'s calls. */
static unsigned char contents[CLEAN_FRAMES];
static unsigned int zeroings;

static void zero_frame(mfn_t mfn)
{
    assert_true(mfn < CLEAN_FRAMES);
    contents[mfn] = 0;
    zeroings++;
}

struct clean_fixture {
    struct fixture base;
    void *clean;
};

/* CLEAN_FRAMES free frames full of garbage, clean tracking on. */
static struct frame_alloc *make_tracked(void **state)
{
    struct clean_fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->base.bitmap = malloc(frame_alloc_bitmap_bytes(CLEAN_FRAMES));
    f->clean = malloc(frame_alloc_bitmap_bytes(CLEAN_FRAMES));
    assert_non_null(f->base.bitmap);
    assert_non_null(f->clean);
    frame_alloc_init(&f->base.fa, f->base.bitmap, CLEAN_FRAMES);
    frame_alloc_add_free(&f->base.fa, 0, CLEAN_FRAMES);
    frame_alloc_track_clean(&f->base.fa, f->clean, zero_frame);
    memset(contents, GARBAGE, sizeof(contents));
    zeroings = 0;
    *state = f;
    return &f->base.fa;
}

static int teardown_tracked(void **state)
{
    struct clean_fixture *f = *state;

    free(f->clean);
    return teardown(state);
}

/* nr_dirty against a frame-by-frame count, and every clean frame zero. */
static void check_clean(const struct frame_alloc *fa)
{
    mfn_t clean = 0;

    for (mfn_t m = 0; m < CLEAN_FRAMES; m++) {
        bool is_clean = (fa->clean[m / 64] >> (m % 64)) & 1;

        if (is_clean) {
            assert_true(frame_alloc_is_free(fa, m));
            assert_int_equal(contents[m], 0);
        }
        clean += is_clean;
    }
    assert_int_equal(frame_alloc_nr_dirty(fa), frame_alloc_nr_free(fa) - clean);
}

static void scrub_all(struct frame_alloc *fa)
{
    while (frame_alloc_scrub_one(fa))
        ;
    assert_int_equal(frame_alloc_nr_dirty(fa), 0);
    check_clean(fa);
}

static void assert_zero(mfn_t start, mfn_t count)
{
    for (mfn_t m = start; m < start + count; m++)
        assert_int_equal(contents[m], 0);
}

static void test_untracked_never_zeroes(void **state)
{
    struct frame_alloc *fa = make(state, NR_FRAMES);

    frame_alloc_add_free(fa, 0, NR_FRAMES);
    assert_false(frame_alloc_scrub_one(fa));
    assert_int_equal(frame_alloc_nr_dirty(fa), 0);
    assert_int_equal(frame_alloc_contig(fa, 8, 8), 0);
}

static void test_dirty_frames_zeroed_when_taken(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    assert_int_equal(frame_alloc_nr_dirty(fa), CLEAN_FRAMES);
    assert_int_equal(frame_alloc_one(fa), 0);
    assert_int_equal(frame_alloc_contig(fa, 4, 4), 4);
    assert_int_equal(frame_alloc_contig_in(fa, 2, 1, 10, 20), 10);
    assert_zero(0, 1);
    assert_zero(4, 4);
    assert_zero(10, 2);
    assert_int_equal(zeroings, 7);
    assert_int_equal(contents[1], GARBAGE);     /* untouched while free */
    check_clean(fa);
}

static void test_scrubbed_frames_cost_nothing(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    scrub_all(fa);
    assert_int_equal(zeroings, CLEAN_FRAMES);
    assert_int_equal(frame_alloc_contig(fa, 64, 64), 0);
    assert_int_equal(frame_alloc_one(fa), 64);
    assert_int_equal(zeroings, CLEAN_FRAMES);   /* no second zeroing */
    check_clean(fa);
}

static void test_clean_frames_taken_first(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    assert_int_equal(frame_alloc_contig(fa, 64, 1), 0);
    scrub_all(fa);                              /* 64..127 now clean */
    memset(contents, GARBAGE, 64);              /* the owner's data */
    assert_int_equal(frame_alloc_free(fa, 0, 64), 0);
    assert_int_equal(frame_alloc_nr_dirty(fa), 64);
    zeroings = 0;
    assert_int_equal(frame_alloc_one(fa), 64);
    assert_int_equal(frame_alloc_contig(fa, 8, 8), 72);
    assert_int_equal(zeroings, 0);
    /* The scrubber starts on the lowest dirty frame. */
    assert_true(frame_alloc_scrub_one(fa));
    assert_int_equal(contents[0], 0);
    assert_int_equal(contents[1], GARBAGE);
    check_clean(fa);
}

static void count_zeroing(mfn_t mfn)
{
    (void)mfn;
    zeroings++;
}

/* Clean extents come first; one scrubbed below the clean extent hint is
 * found again (the scrubber lowers the hint). */
static void test_clean_extent_hint_follows_scrubbing(void **state)
{
    const mfn_t max = 8 * FRAME_EXTENT;
    struct frame_alloc *fa = make(state, max);
    uint64_t *clean = malloc(frame_alloc_bitmap_bytes(max));
    mfn_t a, b;

    assert_non_null(clean);
    frame_alloc_add_free(fa, 0, max);
    frame_alloc_track_clean(fa, clean, count_zeroing);
    while (frame_alloc_scrub_one(fa))
        ;
    a = frame_alloc_contig(fa, FRAME_EXTENT, FRAME_EXTENT);
    b = frame_alloc_contig(fa, FRAME_EXTENT, FRAME_EXTENT);
    assert_int_equal(a, 0);
    assert_int_equal(b, FRAME_EXTENT);
    assert_int_equal(frame_alloc_free(fa, a, FRAME_EXTENT), 0);    /* dirty now */
    zeroings = 0;
    assert_int_equal(frame_alloc_contig(fa, FRAME_EXTENT, FRAME_EXTENT), 2 * FRAME_EXTENT);
    assert_int_equal(zeroings, 0);                  /* a clean one: nothing zeroed */
    while (frame_alloc_scrub_one(fa))
        ;
    zeroings = 0;
    assert_int_equal(frame_alloc_contig(fa, FRAME_EXTENT, FRAME_EXTENT), 0);
    assert_int_equal(zeroings, 0);
    free(clean);
}

static void test_run_of_mixed_frames_zeroes_dirty_ones(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    scrub_all(fa);
    assert_int_equal(frame_alloc_one(fa), 0);
    contents[0] = GARBAGE;
    assert_int_equal(frame_alloc_free(fa, 0, 1), 0);
    zeroings = 0;
    /* No clean run that long: the one over dirty frame 0 is used. */
    assert_int_equal(frame_alloc_contig(fa, CLEAN_FRAMES, 1), 0);
    assert_int_equal(zeroings, 1);
    assert_zero(0, CLEAN_FRAMES);
    check_clean(fa);
}

static void test_unzeroed_run_leaves_contents(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    assert_int_equal(frame_alloc_contig_unzeroed(fa, 16, 1), 0);
    assert_int_equal(zeroings, 0);
    assert_int_equal(contents[0], GARBAGE);
    scrub_all(fa);
    /* Clean frames taken unzeroed are clean no longer. */
    assert_int_equal(frame_alloc_contig_unzeroed(fa, 16, 1), 16);
    assert_int_equal(frame_alloc_free(fa, 16, 16), 0);
    assert_int_equal(frame_alloc_nr_dirty(fa), 16);
    check_clean(fa);
}

static void test_reserve_and_add_forget_clean(void **state)
{
    struct frame_alloc *fa = make_tracked(state);

    scrub_all(fa);
    frame_alloc_reserve(fa, 0, 8);
    frame_alloc_add_free(fa, 0, 16);            /* back, and dirty */
    assert_int_equal(frame_alloc_nr_dirty(fa), 16);
    check_clean(fa);
    frame_alloc_reserve(fa, 0, CLEAN_FRAMES);
    assert_int_equal(frame_alloc_nr_dirty(fa), 0);
    assert_false(frame_alloc_scrub_one(fa));
    assert_int_equal(frame_alloc_one(fa), INVALID_MFN_VALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bitmap_size),
        cmocka_unit_test_teardown(test_starts_empty, teardown),
        cmocka_unit_test_teardown(test_add_and_exhaust, teardown),
        cmocka_unit_test_teardown(test_ranges_clipped_to_max, teardown),
        cmocka_unit_test_teardown(test_overlapping_ranges, teardown),
        cmocka_unit_test_teardown(test_reserve_over_free, teardown),
        cmocka_unit_test_teardown(test_double_free, teardown),
        cmocka_unit_test_teardown(test_free_out_of_range, teardown),
        cmocka_unit_test_teardown(test_contig_and_alignment, teardown),
        cmocka_unit_test_teardown(test_whole_word_runs, teardown),
        cmocka_unit_test_teardown(test_extent_hint_follows_frees, teardown),
        cmocka_unit_test_teardown(test_contig_in_window, teardown),
        cmocka_unit_test_teardown(test_exhaust_by_contig, teardown),
        cmocka_unit_test_teardown(test_many_allocations_follow_hint, teardown),
        cmocka_unit_test_teardown(test_free_lowers_hint, teardown),
        cmocka_unit_test_teardown(test_hint_skips_busy_stretch, teardown),
        cmocka_unit_test_teardown(test_untracked_never_zeroes, teardown),
        cmocka_unit_test_teardown(test_dirty_frames_zeroed_when_taken, teardown_tracked),
        cmocka_unit_test_teardown(test_scrubbed_frames_cost_nothing, teardown_tracked),
        cmocka_unit_test_teardown(test_clean_frames_taken_first, teardown_tracked),
        cmocka_unit_test_teardown(test_clean_extent_hint_follows_scrubbing, teardown),
        cmocka_unit_test_teardown(test_run_of_mixed_frames_zeroes_dirty_ones, teardown_tracked),
        cmocka_unit_test_teardown(test_unzeroed_run_leaves_contents, teardown_tracked),
        cmocka_unit_test_teardown(test_reserve_and_add_forget_clean, teardown_tracked),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
