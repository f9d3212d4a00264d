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

static unsigned int count_bits(uint64_t x)
{
    unsigned int n = 0;

    for (; x != 0; x &= x - 1)
        n++;
    return n;
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

/* The first frame in [from, to) that is free (or not free); to if none. */
static mfn_t bitmap_find(const uint64_t *bitmap, mfn_t from, mfn_t to,
                         bool want_free)
{
    while (from < to) {
        size_t w = word_index(from);
        uint64_t word = want_free ? bitmap[w] : ~bitmap[w];

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
    memset(bitmap, 0, frame_alloc_bitmap_bytes(max_mfn));
}

void frame_alloc_add_free(struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    mfn_t end = clip_end(fa, start, count);

    if (start >= end)
        return;
    fa->nr_free += bitmap_update(fa->bitmap, start, end, true);
    fa->low_hint = min(fa->low_hint, start);
    fa->high_hint = max(fa->high_hint, end);
}

/* The hints stay valid: reserving only removes free frames. */
void frame_alloc_reserve(struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    mfn_t end = clip_end(fa, start, count);

    if (start < end)
        fa->nr_free -= bitmap_update(fa->bitmap, start, end, false);
}

mfn_t frame_alloc_one(struct frame_alloc *fa)
{
    mfn_t mfn = bitmap_find(fa->bitmap, fa->low_hint, fa->high_hint, true);

    if (mfn >= fa->high_hint)
        return INVALID_MFN_VALUE;
    bitmap_update(fa->bitmap, mfn, mfn + 1, false);
    fa->nr_free--;
    /* mfn was the lowest free frame, so nothing below mfn + 1 is free. */
    fa->low_hint = mfn + 1;
    return mfn;
}

/* Take [start, start + count), known to be free. */
static mfn_t take_run(struct frame_alloc *fa, mfn_t start, mfn_t count)
{
    bitmap_update(fa->bitmap, start, start + count, false);
    fa->nr_free -= count;
    if (start == fa->low_hint)
        fa->low_hint = start + count;
    return start;
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

mfn_t frame_alloc_contig_in(struct frame_alloc *fa, mfn_t count, mfn_t align,
                            mfn_t lo, mfn_t hi)
{
    mfn_t start;

    if (align == 0)
        align = 1;
    if (count == 0 || !IS_POWER_OF_2(align))
        return INVALID_MFN_VALUE;
    advance_low_hint(fa);
    lo = max(lo, fa->low_hint);
    hi = min(hi, fa->high_hint);
    start = ROUNDUP(lo, align);

    /*
     * Each round scans forward from start to the first busy frame, then on
     * to the next free one, so every bit is looked at about once.
     */
    while (start >= lo && start < hi && count <= hi - start) {
        mfn_t busy = bitmap_find(fa->bitmap, start, start + count, false);
        mfn_t next;

        if (busy == start + count)
            return take_run(fa, start, count);
        next = ROUNDUP(bitmap_find(fa->bitmap, busy + 1, hi, true), align);
        if (next <= start)
            break;                      /* rounding wrapped around */
        start = next;
    }
    return INVALID_MFN_VALUE;
}

mfn_t frame_alloc_contig(struct frame_alloc *fa, mfn_t count, mfn_t align)
{
    return frame_alloc_contig_in(fa, count, align, 0, fa->max_mfn);
}

int frame_alloc_free(struct frame_alloc *fa, mfn_t mfn, mfn_t count)
{
    mfn_t end;

    if (mfn >= fa->max_mfn || count > fa->max_mfn - mfn)
        return -XEN_EINVAL;
    end = mfn + count;
    /* Check the whole range before changing any of it. */
    if (bitmap_find(fa->bitmap, mfn, end, true) != end)
        return -XEN_EINVAL;
    if (count == 0)
        return 0;
    fa->nr_free += bitmap_update(fa->bitmap, mfn, end, true);
    fa->low_hint = min(fa->low_hint, mfn);
    fa->high_hint = max(fa->high_hint, end);
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
