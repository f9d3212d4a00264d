/*
 * guests/isolation/victim.c - the victim: records what is its own, lets
 * the attacker run, and checks that nothing changed.
 *
 * What it records: a pattern in ISOLATION_PATTERN_PAGES pages, the
 * contents of its page tables (the guest part of each entry: the bits the
 * hypervisor or the CPU may set are ignored, see pte_same), its CR3, its
 * reservation and the M2P entries of all its frames.  The attacker's
 * attempts on them must all fail, so every one must be as recorded.
 * It checks once the attacker has signalled that it is done.
 */
#include "isolation.h"

/* Room for the boot page tables' copy (the builder uses about five). */
#define VICTIM_MAX_PT_FRAMES 16

static uint64_t victim_pt_copy[VICTIM_MAX_PT_FRAMES][PT_ENTRIES];
static unsigned long victim_pt_frames;

static uint64_t victim_pattern_word(unsigned long page, unsigned long i)
{
    return ISOLATION_PATTERN_SEED ^ (uint64_t)&isolation_pattern[page][i];
}

static void victim_fill(void)
{
    unsigned long p, i;

    for (p = 0; p < ISOLATION_PATTERN_PAGES; p++)
        for (i = 0; i < PT_ENTRIES; i++)
            isolation_pattern[p][i] = victim_pattern_word(p, i);
}

static int victim_memory_intact(unsigned long *bad_page)
{
    unsigned long p, i;

    for (p = 0; p < ISOLATION_PATTERN_PAGES; p++)
        for (i = 0; i < PT_ENTRIES; i++)
            if (READ_ONCE(isolation_pattern[p][i]) != victim_pattern_word(p, i)) {
                *bad_page = p;
                return 0;
            }
    return 1;
}

static const uint64_t *victim_pt(unsigned long i)
{
    return (const uint64_t *)(start_info->pt_base + i * PAGE_SIZE);
}

static void victim_record_tables(void)
{
    unsigned long i;

    victim_pt_frames = start_info->nr_pt_frames;
    if (victim_pt_frames > VICTIM_MAX_PT_FRAMES)
        victim_pt_frames = VICTIM_MAX_PT_FRAMES;
    for (i = 0; i < victim_pt_frames; i++)
        memcpy(victim_pt_copy[i], victim_pt(i), PAGE_SIZE);
}

/* The top-level table comes first; its hypervisor slots are not ours. */
static int victim_tables_intact(unsigned long *bad_frame, unsigned int *bad_slot)
{
    unsigned long i;
    unsigned int s;

    for (i = 0; i < victim_pt_frames; i++)
        for (s = 0; s < PT_ENTRIES; s++) {
            if (i == 0 && pt_is_xen_l4_slot(s))
                continue;
            if (!pte_same(victim_pt(i)[s], victim_pt_copy[i][s])) {
                *bad_frame = i;
                *bad_slot = s;
                return 0;
            }
        }
    return 1;
}

static int victim_m2p_intact(unsigned long *bad_pfn)
{
    unsigned long pfn, e;

    for (pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (m2p_read(pv_pfn_to_mfn(pfn), &e) || e != pfn) {
            *bad_pfn = pfn;
            return 0;
        }
    return 1;
}

static long victim_reservation(void)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

/* Frames that may carry the attacker's done mark (see isolation.h). */
static unsigned int victim_watch(unsigned long *watch)
{
    unsigned long me = pv_va_to_mfn(isolation_pattern);
    unsigned long pfn = pv_va_to_pfn((unsigned long)isolation_pattern);

    watch[0] = m2p_find_foreign(me, ISOLATION_DONE_MARK);
    if (watch[0])
        return 1;
    return m2p_find_foreign_all(me, pfn, watch, ISOLATION_WATCH_FRAMES);
}

/*
 * 1: a watched frame carries the mark.  -1: every watched frame was
 * freed (its owner is gone) without showing it.  0: keep waiting.
 */
static int victim_attacker_state(const unsigned long *watch, unsigned int n)
{
    unsigned int i, gone = 0;
    unsigned long e;

    for (i = 0; i < n; i++) {
        if (m2p_read(watch[i], &e) == 0 && e == ISOLATION_DONE_MARK)
            return 1;
        if (m2p_read(watch[i], &e) || !m2p_entry_valid(e))
            gone++;
    }
    return n && gone == n ? -1 : 0;
}

static void victim_wait(void)
{
    unsigned long watch[ISOLATION_WATCH_FRAMES];
    unsigned int n = victim_watch(watch), yields = 0, failed = 0;
    int state = victim_attacker_state(watch, n);

    printk("victim: pattern in %d pages, %lu page-table frames recorded; "
           "watching %u frames for the attacker's mark\n", ISOLATION_PATTERN_PAGES,
           victim_pt_frames, n);
    while (yields < ISOLATION_VICTIM_MIN_YIELDS ||
           (state == 0 && yields < ISOLATION_VICTIM_MAX_YIELDS)) {
        if (pv_yield())
            failed++;
        yields++;
        if (state == 0)
            state = victim_attacker_state(watch, n);
    }
    printk("victim: %u yields\n", yields);
    check(!failed, "victim.yield", "%u of %u yields failed", failed, yields);
    check(state == 1, "victim.attacker_finished", "%s after %u yields (%u frames "
          "watched)", state < 0 ? "the attacker is gone without its mark" :
          "no done mark", yields, n);
}

void victim_main(void)
{
    unsigned long bad = 0, cr3 = read_cr3();
    unsigned int slot = 0;
    long reservation;
    int m2p_ok;

    victim_fill();
    victim_record_tables();
    reservation = victim_reservation();
    m2p_ok = check(victim_m2p_intact(&bad), "victim.m2p_before",
                   "M2P entry of pfn %#lx wrong or unreadable", bad);
    victim_wait();
    check(victim_memory_intact(&bad), "victim.memory_intact",
          "pattern page %lu changed", bad);
    check(victim_tables_intact(&bad, &slot), "victim.pagetables_intact",
          "page-table frame %lu slot %u is %#lx, was %#lx", bad, slot,
          victim_pt(bad)[slot], victim_pt_copy[bad][slot]);
    check(read_cr3() == cr3, "victim.cr3_intact", "cr3 %#lx, was %#lx", read_cr3(), cr3);
    check_rc("victim.reservation_intact", victim_reservation(), reservation);
    if (m2p_ok)
        check(victim_m2p_intact(&bad), "victim.m2p_intact",
              "M2P entry of pfn %#lx changed", bad);
    test_finish();
}
