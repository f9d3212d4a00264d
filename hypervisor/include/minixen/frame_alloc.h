/*
 * The machine-frame allocator: which 4 KiB frames of RAM are free.
 *
 * One bit per frame over [0, max_mfn), stored in memory the caller
 * provides (frame_alloc_bitmap_bytes() says how much).  Every frame starts
 * out unusable; boot code then adds the RAM ranges of the memory map and
 * afterwards reserves what is in use (the low 1 MiB, the hypervisor image,
 * the multiboot modules).  Order matters: adding a range frees every frame
 * in it, so reserve after adding.
 *
 * Two hints bound the search: no frame below low_hint and none at or
 * above high_hint is free.  Single-frame allocation takes the lowest free
 * frame and moves low_hint past it, so allocating n frames in a row costs
 * O(n) in total.  No locking: the caller serialises.
 *
 * Clean frames (frame_alloc_track_clean): a free frame is clean once it
 * is known to hold only zeros, dirty otherwise; every frame starts dirty
 * and becomes dirty again when freed.  Allocation then hands out zeroed
 * frames, clean ones first, zeroing only the dirty ones it must take,
 * and frame_alloc_scrub_one() zeroes dirty free frames ahead of need
 * (the hypervisor does it when idle), so that giving memory to a domain
 * costs no clearing on a machine that has had a moment to rest.
 */
#ifndef MINIXEN_FRAME_ALLOC_H
#define MINIXEN_FRAME_ALLOC_H

#include <minixen/types.h>
#include <asm/page.h>           /* mfn_t, INVALID_MFN_VALUE */

struct frame_alloc {
    uint64_t *bitmap;           /* bit set = frame free */
    mfn_t max_mfn;              /* frames [0, max_mfn) are tracked */
    mfn_t nr_free;
    mfn_t low_hint;             /* no free frame below this */
    mfn_t high_hint;            /* no free frame at or above this */
    uint64_t *clean;            /* bit set = free and zeroed; NULL: untracked */
    void (*zero)(mfn_t mfn);    /* fills one frame with zeros */
    mfn_t nr_clean;
    mfn_t clean_hint;           /* no clean frame below this */
    mfn_t dirty_hint;           /* no dirty free frame below this */
    /* No free (clean) aligned run of FRAME_EXTENT frames starts below this. */
    mfn_t extent_hint, clean_extent_hint;
};

/* The run the hints above follow: a 2 MiB extent, as populate_physmap's. */
#define FRAME_EXTENT    512

/* Bytes of bitmap needed to track max_mfn frames (a multiple of 8). */
size_t frame_alloc_bitmap_bytes(mfn_t max_mfn);

/* Start with every frame in [0, max_mfn) unusable. */
void frame_alloc_init(struct frame_alloc *fa, void *bitmap, mfn_t max_mfn);

/*
 * From now on, hand out zeroed frames and track which free frames are
 * clean, in a second bitmap of frame_alloc_bitmap_bytes() bytes; zero
 * fills a frame (the allocator only calls it on frames nobody owns).
 * Every frame free so far counts as dirty.
 */
void frame_alloc_track_clean(struct frame_alloc *fa, void *clean_bitmap,
                             void (*zero)(mfn_t mfn));

/*
 * Mark [start, start + count) free / not free.  Parts beyond max_mfn are
 * ignored and overlaps with earlier calls are fine (memory maps overlap).
 */
void frame_alloc_add_free(struct frame_alloc *fa, mfn_t start, mfn_t count);
void frame_alloc_reserve(struct frame_alloc *fa, mfn_t start, mfn_t count);

/* The lowest free frame, now allocated; INVALID_MFN_VALUE if none is left. */
mfn_t frame_alloc_one(struct frame_alloc *fa);

/*
 * count contiguous frames whose first frame is a multiple of align (a
 * power of two; 0 means 1), lowest first.  frame_alloc_contig_in only
 * looks in [lo, hi), e.g. below 4 GiB.  INVALID_MFN_VALUE if no such run
 * exists or the arguments make no sense (count 0, bad align).
 */
mfn_t frame_alloc_contig(struct frame_alloc *fa, mfn_t count, mfn_t align);
mfn_t frame_alloc_contig_in(struct frame_alloc *fa, mfn_t count, mfn_t align,
                            mfn_t lo, mfn_t hi);
/* As frame_alloc_contig, but whatever the frames hold: dirty ones first. */
mfn_t frame_alloc_contig_unzeroed(struct frame_alloc *fa, mfn_t count,
                                  mfn_t align);

/* Zero the lowest dirty free frame; false if every free frame is clean. */
bool frame_alloc_scrub_one(struct frame_alloc *fa);
/* Free frames still to be zeroed (physinfo's scrub_pages). */
mfn_t frame_alloc_nr_dirty(const struct frame_alloc *fa);

/*
 * Give back [mfn, mfn + count).  Returns 0, or -XEN_EINVAL without
 * changing anything if any frame is out of range or already free (a double
 * free: the caller has a bug worth reporting).
 */
int frame_alloc_free(struct frame_alloc *fa, mfn_t mfn, mfn_t count);

mfn_t frame_alloc_nr_free(const struct frame_alloc *fa);
bool frame_alloc_is_free(const struct frame_alloc *fa, mfn_t mfn);

#endif /* MINIXEN_FRAME_ALLOC_H */
