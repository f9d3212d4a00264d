/*
 * The machine-frame allocator (interface and rules in frame_alloc.h).
 *
 * The bitmap is an array of 64-bit words, bit (mfn % 64) of word
 * (mfn / 64) set when the frame is free.  Bits at or beyond max_mfn stay
 * clear forever because every update is clipped to max_mfn, so searches
 * can look at whole words without checking the tail.  Range updates and
 * searches work a word at a time.
 */
#include <minixen/frame_alloc.h>
#include <minixen/lib.h>
#include <public/errno.h>

#define BITS_PER_WORD   64

static size_t word_index(mfn_t mfn)
{
    return (size_t)(mfn / BITS_PER_WORD);
}

static unsigned int bit_index(mfn_t mfn)
{
    return (unsigned int)(mfn % BITS_PER_WORD);
}

/* Bits [lo, hi) of a word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(unsigned int lo, unsigned int hi)
{
    uint64_t below_hi = hi == BITS_PER_WORD ? ~0ULL : (1ULL << hi) - 1;

    return below_hi & ~((1ULL << lo) - 1);
}

/*
 * Set bits: at once for one frame (freeing), else in a dozen
 * instructions whatever the word (a whole extent; no popcnt assumed).
 */
static unsigned int count_bits(uint64_t x)
{
    if ((x & (x - 1)) == 0)
        return x != 0;
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned int)((x * 0x0101010101010101ULL) >> 56);
}

/* Set (or clear) the bits of [start, end); return how many changed. */
static mfn_t bitmap_update(uint64_t *bitmap, mfn_t start, mfn_t end, bool set)
{
    mfn_t changed = 0;

    while (start < end) {
        size_t w = word_index(start);
        mfn_t word_start = start - bit_index(start);
        unsigned int hi = end - word_start >= BITS_PER_WORD ?
                          BITS_PER_WORD : (unsigned int)(end - word_start);
        uint64_t mask = word_mask(bit_index(start), hi);
        uint64_t flip = (set ? ~bitmap[w] : bitmap[w]) & mask;

        changed += count_bits(flip);
        bitmap[w] ^= flip;
        start = word_start + hi;
    }
    return changed;
}

/*
 * The first frame in [from, to) whose bit is set in `set` and clear in
 * `clear`, to if none; a NULL bitmap counts as all set (or all clear).
 */
static mfn_t find_first(const uint64_t *set, const uint64_t *clear,
                        mfn_t from, mfn_t to)
{
    while (from < to) {
        size_t w = word_index(from);
        uint64_t word = (set ? set[w] : ~0ULL) & (clear ? ~clear[w] : ~0ULL);

        word &= ~0ULL << bit_index(from);
        if (word != 0) {
            mfn_t found = from - bit_index(from) +
                          (mfn_t)__builtin_ctzll(word);

            return found < to ? found : to;
        }
        from = from - bit_index(from) + BITS_PER_WORD;
    }
    return to;
}

/* The first frame in [from, to) whose bit is set (or clear); to if none. */
static mfn_t bitmap_find(const uint64_t *bitmap, mfn_t from, mfn_t to,
                         bool want_set)
{
    return want_set ? find_first(bitmap, NULL, from, to)
                    : find_first(NULL, bitmap, from, to);
}

/* End of [start, start + count) clipped to the tracked frames. */
static mfn_t clip_end(const struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    if (start >= fa->max_mfn)
        return start;
    return count > fa->max_mfn - start ? fa->max_mfn : start + count;
}

size_t frame_alloc_bitmap_bytes(mfn_t max_mfn)
{
    return DIV_ROUND_UP(max_mfn, BITS_PER_WORD) * sizeof(uint64_t);
}

void frame_alloc_init(struct frame_alloc *fa, void *bitmap, mfn_t max_mfn)
{
    fa->bitmap = bitmap;
    fa->max_mfn = max_mfn;
    fa->nr_free = 0;
    fa->low_hint = max_mfn;
    fa->high_hint = 0;
    fa->extent_hint = 0;
    fa->clean = NULL;
    memset(bitmap, 0, frame_alloc_bitmap_bytes(max_mfn));
}

void frame_alloc_track_clean(struct frame_alloc *fa, void *clean_bitmap,
                             void (*zero)(mfn_t mfn))
{
    fa->clean = clean_bitmap;
    fa->zero = zero;
    fa->nr_clean = 0;
    fa->clean_hint = fa->max_mfn;
    fa->clean_extent_hint = 0;
    fa->dirty_hint = 0;
    memset(clean_bitmap, 0, frame_alloc_bitmap_bytes(fa->max_mfn));
}

/* [start, end) are no longer clean: taken, reserved, or free again. */
static void forget_clean(struct frame_alloc *fa, mfn_t start, mfn_t end)
{
    if (fa->clean)
        fa->nr_clean -= bitmap_update(fa->clean, start, end, false);
}

/* [start, end) are free now, and hold whatever they held. */
static void note_dirty(struct frame_alloc *fa, mfn_t start, mfn_t end)
{
    forget_clean(fa, start, end);
    fa->dirty_hint = min(fa->dirty_hint, start);
}

void frame_alloc_add_free(struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    mfn_t end = clip_end(fa, start, count);

    if (start >= end)
        return;
    fa->nr_free += bitmap_update(fa->bitmap, start, end, true);
    note_dirty(fa, start, end);
    fa->extent_hint = min(fa->extent_hint, ROUNDDOWN(start, FRAME_EXTENT));
    fa->low_hint = min(fa->low_hint, start);
    fa->high_hint = max(fa->high_hint, end);
}

/* The hints stay valid: reserving only removes free frames. */
void frame_alloc_reserve(struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    mfn_t end = clip_end(fa, start, count);

    if (start < end) {
        fa->nr_free -= bitmap_update(fa->bitmap, start, end, false);
        forget_clean(fa, start, end);
    }
}

/* Zero the frames of [start, end) not known to be clean. */
static void zero_dirty(struct frame_alloc *fa, mfn_t start, mfn_t end)
{
    for (mfn_t m = bitmap_find(fa->clean, start, end, false); m < end;
         m = bitmap_find(fa->clean, m + 1, end, false))
        fa->zero(m);
}

/* Take [start, start + count), known to be free; zeroed if asked. */
static mfn_t take_run(struct frame_alloc *fa, mfn_t start, mfn_t count,
                      bool zeroed)
{
    if (zeroed && fa->clean)
        zero_dirty(fa, start, start + count);
    forget_clean(fa, start, start + count);
    bitmap_update(fa->bitmap, start, start + count, false);
    fa->nr_free -= count;
    if (start == fa->low_hint)
        fa->low_hint = start + count;
    return start;
}

/* The lowest clean frame, INVALID_MFN_VALUE if none. */
static mfn_t lowest_clean(struct frame_alloc *fa)
{
    if (!fa->clean || !fa->nr_clean)
        return INVALID_MFN_VALUE;
    fa->clean_hint = bitmap_find(fa->clean, fa->clean_hint, fa->high_hint, true);
    return fa->clean_hint < fa->high_hint ? fa->clean_hint : INVALID_MFN_VALUE;
}

mfn_t frame_alloc_one(struct frame_alloc *fa)
{
    mfn_t mfn = lowest_clean(fa);

    if (mfn != INVALID_MFN_VALUE)
        return take_run(fa, mfn, 1, true);
    mfn = bitmap_find(fa->bitmap, fa->low_hint, fa->high_hint, true);
    if (mfn >= fa->high_hint)
        return INVALID_MFN_VALUE;
    /* mfn is the lowest free frame: take_run moves the hint past it. */
    fa->low_hint = mfn;
    return take_run(fa, mfn, 1, true);
}

/*
 * Move low_hint up to the lowest free frame.  Without this a hint left
 * below a long busy stretch (a frame freed under dom0's memory, then
 * taken again) would make every later search walk that stretch again:
 * with 64 Ki busy frames, some 20 K instructions per frame handed out.
 */
static void advance_low_hint(struct frame_alloc *fa)
{
    if (fa->low_hint < fa->high_hint)
        fa->low_hint = bitmap_find(fa->bitmap, fa->low_hint, fa->high_hint, true);
}

/*
 * find_run() for a count and an alignment that are whole words (a 2 MiB
 * extent is eight): a candidate is free when its words are all ones, and
 * the first word that is not rules out every candidate that holds it, so
 * the search moves to the next aligned start past it.  A fragmented
 * gigabyte costs a few instructions per 2 MiB, not a bit search each.
 */
static mfn_t find_full_words(const uint64_t *bitmap, mfn_t count, mfn_t align,
                             mfn_t lo, mfn_t hi)
{
    mfn_t start = ROUNDUP(lo, align), next;

    while (start >= lo && start < hi && count <= hi - start) {
        const uint64_t *word = &bitmap[word_index(start)];
        mfn_t i = 0;

        while (i < count / BITS_PER_WORD && word[i] == ~0ULL)
            i++;
        if (i == count / BITS_PER_WORD)
            return start;
        next = ROUNDUP(start + (i + 1) * BITS_PER_WORD, align);
        if (next <= start)
            break;                      /* rounding wrapped around */
        start = next;
    }
    return INVALID_MFN_VALUE;
}

/*
 * The lowest run of count frames set in bitmap (the free or the clean
 * one) within [lo, hi), starting at a multiple of align (a power of two).
 * Each round scans forward from start to the first unset frame, then on
 * to the next set one, so every bit is looked at about once.
 */
static mfn_t find_run(const uint64_t *bitmap, mfn_t count, mfn_t align,
                      mfn_t lo, mfn_t hi)
{
    mfn_t start = ROUNDUP(lo, align);

    if (count % BITS_PER_WORD == 0 && align % BITS_PER_WORD == 0)
        return find_full_words(bitmap, count, align, lo, hi);
    while (start >= lo && start < hi && count <= hi - start) {
        mfn_t busy = bitmap_find(bitmap, start, start + count, false);
        mfn_t next;

        if (busy == start + count)
            return start;
        next = ROUNDUP(bitmap_find(bitmap, busy + 1, hi, true), align);
        if (next <= start)
            break;                      /* rounding wrapped around */
        start = next;
    }
    return INVALID_MFN_VALUE;
}

/*
 * find_run, with the extent hint of its bitmap for 2 MiB extents: beside
 * a hundred small domains the lowest free extent lies past all of them,
 * and each of a new domain's extents would look at every one again.  A
 * search that began at the hint (from lo, the caller's own start: the
 * other hints only narrow it) leaves none below what it found, which is
 * taken next, or none that fits below hi.
 */
static mfn_t find_run_hinted(const uint64_t *bitmap, mfn_t *extent_hint,
                             mfn_t count, mfn_t align, mfn_t from, mfn_t lo, mfn_t hi)
{
    bool extent = count == FRAME_EXTENT && align == FRAME_EXTENT;
    mfn_t found;

    if (!extent)
        return find_run(bitmap, count, align, lo, hi);
    found = find_run(bitmap, count, align, max(lo, *extent_hint), hi);
    if (from <= *extent_hint)
        *extent_hint = found != INVALID_MFN_VALUE ? found + count :
                       max(*extent_hint, hi < count ? 0 : ROUNDDOWN(hi - count, align) + align);
    return found;
}

/* A run of clean frames if there is one, else of any free frames. */
static mfn_t alloc_run(struct frame_alloc *fa, mfn_t count, mfn_t align,
                       mfn_t lo, mfn_t hi, bool zeroed)
{
    mfn_t start = INVALID_MFN_VALUE, from;

    if (align == 0)
        align = 1;
    if (count == 0 || !IS_POWER_OF_2(align))
        return INVALID_MFN_VALUE;
    advance_low_hint(fa);
    from = lo;
    lo = max(lo, fa->low_hint);
    hi = min(hi, fa->high_hint);
    if (zeroed && fa->clean && fa->nr_clean >= count)
        start = find_run_hinted(fa->clean, &fa->clean_extent_hint, count, align,
                                from, max(lo, fa->clean_hint), hi);
    if (start == INVALID_MFN_VALUE)
        start = find_run_hinted(fa->bitmap, &fa->extent_hint, count, align, from, lo, hi);
    if (start == INVALID_MFN_VALUE)
        return INVALID_MFN_VALUE;
    return take_run(fa, start, count, zeroed);
}

mfn_t frame_alloc_contig_in(struct frame_alloc *fa, mfn_t count, mfn_t align,
                            mfn_t lo, mfn_t hi)
{
    return alloc_run(fa, count, align, lo, hi, true);
}

mfn_t frame_alloc_contig(struct frame_alloc *fa, mfn_t count, mfn_t align)
{
    return alloc_run(fa, count, align, 0, fa->max_mfn, true);
}

mfn_t frame_alloc_contig_unzeroed(struct frame_alloc *fa, mfn_t count,
                                  mfn_t align)
{
    return alloc_run(fa, count, align, 0, fa->max_mfn, false);
}

bool frame_alloc_scrub_one(struct frame_alloc *fa)
{
    mfn_t mfn;

    if (!fa->clean || fa->nr_clean == fa->nr_free)
        return false;
    mfn = find_first(fa->bitmap, fa->clean, max(fa->dirty_hint, fa->low_hint),
                     fa->high_hint);
    fa->dirty_hint = mfn;
    if (mfn >= fa->high_hint)
        return false;
    fa->zero(mfn);
    fa->nr_clean += bitmap_update(fa->clean, mfn, mfn + 1, true);
    fa->clean_hint = min(fa->clean_hint, mfn);
    fa->clean_extent_hint = min(fa->clean_extent_hint, ROUNDDOWN(mfn, FRAME_EXTENT));
    fa->dirty_hint = mfn + 1;
    return true;
}

mfn_t frame_alloc_nr_dirty(const struct frame_alloc *fa)
{
    return fa->clean ? fa->nr_free - fa->nr_clean : 0;
}

/* [start, end) were just freed.  Busy frames are never clean, so only
 * the dirty hint needs to move, not the clean bitmap. */
static void note_freed(struct frame_alloc *fa, mfn_t start, mfn_t end)
{
    fa->dirty_hint = min(fa->dirty_hint, start);
    fa->extent_hint = min(fa->extent_hint, ROUNDDOWN(start, FRAME_EXTENT));
    fa->low_hint = min(fa->low_hint, start);
    fa->high_hint = max(fa->high_hint, end);
}

/* One frame, as a dying domain's 8192 come back one by one: a bit, not a
 * range walk (which cost some 140 instructions a frame). */
static int free_one(struct frame_alloc *fa, mfn_t mfn)
{
    uint64_t *word = &fa->bitmap[word_index(mfn)], bit = 1ULL << bit_index(mfn);

    if (*word & bit)
        return -XEN_EINVAL;
    *word |= bit;
    fa->nr_free++;
    note_freed(fa, mfn, mfn + 1);
    return 0;
}

int frame_alloc_free(struct frame_alloc *fa, mfn_t mfn, mfn_t count)
{
    mfn_t end;

    if (mfn >= fa->max_mfn || count > fa->max_mfn - mfn)
        return -XEN_EINVAL;
    if (count == 1)
        return free_one(fa, mfn);
    end = mfn + count;
    /* Check the whole range before changing any of it. */
    if (bitmap_find(fa->bitmap, mfn, end, true) != end)
        return -XEN_EINVAL;
    if (count == 0)
        return 0;
    fa->nr_free += bitmap_update(fa->bitmap, mfn, end, true);
    note_freed(fa, mfn, end);
    return 0;
}

mfn_t frame_alloc_nr_free(const struct frame_alloc *fa)
{
    return fa->nr_free;
}

bool frame_alloc_is_free(const struct frame_alloc *fa, mfn_t mfn)
{
    if (mfn >= fa->max_mfn)
        return false;
    return (fa->bitmap[word_index(mfn)] >> bit_index(mfn)) & 1;
}
