/*
 * tests/unit/test_page_ref.c - the frame type and reference-count state
 * machine (hypervisor/common/page_ref.c, rules in minixen/mm.h).
 *
 * page_ref.c is linked as it is, over a fake frame table of NR_FRAMES
 * frames owned by two domains (plus free ones).  Everything it calls is
 * stubbed here: free_domheap_page() and the three arch hooks log events,
 * and panic() (BUG_ON) fails the test unless the test expects a BUG.
 *
 * arch_validate_table() has two modes.  "Scripted" only logs the call and
 * succeeds (or fails on a chosen call).  "Tables" acts like the real
 * validator (arch/x86/pv/pagetable.c) on tiny tables of TABLE_ENTRIES
 * entries kept beside the frame table: an L1 entry takes a general
 * reference (plus a writable-type one when RW), an upper entry a
 * reference of the level below, and a failure at entry i drops what
 * entries 0..i-1 took.  That exercises nested validation and unwinding.
 * Stop points make the "tables" validator stop (-ERESTART) before a
 * chosen entry of a chosen table, once, as the real one does when a
 * hypercall is preempted, so the partial state (PGF_partial) can be
 * checked: resuming, giving up, and refusing every other use of it.
 *
 * Every test ends by checking exact counts, usually against a snapshot
 * of the whole frame table taken before the operations under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <minixen/mm.h>
#include <minixen/sched.h>
#include <minixen/printk.h>

/* ---- The fake machine ---- */

#define NR_FRAMES       64
#define DOM_A_ID        1
#define DOM_B_ID        2
#define DOM_A_FIRST     0       /* frames [0, 32) belong to domain A */
#define DOM_B_FIRST     32      /* [32, 48) to domain B */
#define FREE_FIRST      48      /* [48, NR_FRAMES) are free */
#define MFN_A(n)        (DOM_A_FIRST + (n))
#define MFN_B(n)        (DOM_B_FIRST + (n))
#define MFN_FREE(n)     (FREE_FIRST + (n))
#define ALLOC_REFS      1       /* a domain's frame starts with its allocation ref */

/* page_ref.c's private limit on both counts. */
#define TEST_COUNT_MAX  0x7fffffffu

#define TABLE_ENTRIES   4       /* entries in a fake page table */
#define MAX_EVENTS      256
#define BUG_MSG_LEN     256

struct page_info *frame_table;
unsigned long max_page;

static struct domain dom_a = { .domain_id = DOM_A_ID };
static struct domain dom_b = { .domain_id = DOM_B_ID };

/* The fake domain registry behind domain_lookup() (common/domain.c's). */
static struct domain *domain_list[MAX_DOMAINS] = { [DOM_A_ID] = &dom_a, [DOM_B_ID] = &dom_b };

struct domain *domain_lookup(domid_t id)
{
    return id < MAX_DOMAINS ? domain_list[id] : NULL;
}

/* One entry of a fake page table. */
struct fake_entry {
    bool present;
    bool rw;                /* L1 only: a writable mapping */
    bool bad;               /* refused outright, like a reserved bit */
    unsigned long mfn;
};

enum validator_mode {
    VALIDATE_SCRIPTED,      /* log, then succeed unless fail_on says so */
    VALIDATE_TABLES,        /* walk fake_tables like the real validator */
};

enum event_kind {
    EV_VALIDATE, EV_VALIDATE_FAILED, EV_VALIDATE_STOPPED,
    EV_RELEASE, EV_RELEASE_PARTIAL, EV_FREE, EV_COHERENT,
};

#define MAX_STOPS       4

/* Validation of table mfn stops before entry `entry`, the first time only. */
struct stop_point {
    unsigned long mfn;
    unsigned int entry;
    bool fired;
};

/*
 * What the hooks saw: for EV_VALIDATE/EV_RELEASE also the frame's type
 * and type count at the moment of the call.
 */
struct event {
    enum event_kind kind;
    unsigned long mfn;
    enum page_type type;
    enum page_type seen_type;
    uint32_t seen_type_count;
};

static struct {
    enum validator_mode mode;
    unsigned int fail_on;           /* fail this validate call (1-based), 0: none */
    unsigned int nr_validate;
    struct stop_point stops[MAX_STOPS];
    unsigned int nr_stops;
    struct event events[MAX_EVENTS];
    unsigned int nr_events;
    bool catch_bug;                 /* a BUG is expected: longjmp to bug_env */
    jmp_buf bug_env;
    char bug_msg[BUG_MSG_LEN];
} t;

static struct fake_entry fake_tables[NR_FRAMES][TABLE_ENTRIES];

static void log_event(enum event_kind kind, unsigned long mfn, enum page_type type)
{
    struct event *ev;

    assert_in_range(t.nr_events, 0, MAX_EVENTS - 1);
    assert_in_range(mfn, 0, NR_FRAMES - 1);
    ev = &t.events[t.nr_events++];
    ev->kind = kind;
    ev->mfn = mfn;
    ev->type = type;
    ev->seen_type = frame_table[mfn].type;
    ev->seen_type_count = frame_table[mfn].type_count;
}

/* Like the real one: the frame returns to the allocator, its state wiped. */
void free_domheap_page(unsigned long mfn)
{
    log_event(EV_FREE, mfn, PGT_none);
    frame_table[mfn] = (struct page_info){ .owner = DOMID_INVALID };
}

void free_domain_frame(struct domain *d, unsigned long mfn)
{
    assert_int_equal(frame_table[mfn].owner, d->domain_id);
    free_domheap_page(mfn);
}

void panic(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(t.bug_msg, sizeof(t.bug_msg), fmt, args);
    va_end(args);
    if (t.catch_bug)
        longjmp(t.bug_env, 1);
    fail_msg("unexpected panic: %s", t.bug_msg);
    abort();                        /* fail_msg does not return */
}

/* ---- The fake validator ---- */

/* 0, -XEN_ERESTART (a table below stopped), or -XEN_EBUSY for a refusal. */
static long fake_get_entry(const struct fake_entry *e, enum page_type level,
                           const struct domain *d)
{
    long rc;

    if (!e->present)
        return 0;
    if (e->bad)
        return -XEN_EBUSY;
    if (level != PGT_l1) {
        rc = get_page_and_type_rc(e->mfn, d, level - 1);
        return rc == -XEN_ERESTART ? rc : rc ? -XEN_EBUSY : 0;
    }
    if (e->rw ? get_page_and_type(e->mfn, d, PGT_writable) : get_page(e->mfn, d))
        return 0;
    return -XEN_EBUSY;
}

static void fake_put_entry(const struct fake_entry *e, enum page_type level)
{
    if (!e->present)
        return;
    if (level == PGT_l1 && !e->rw)
        put_page(e->mfn);
    else
        put_page_and_type(e->mfn);
}

static void fake_release_entries(unsigned long mfn, enum page_type level, unsigned int upto)
{
    for (unsigned int i = 0; i < upto; i++)
        fake_put_entry(&fake_tables[mfn][i], level);
}

static bool stop_here(unsigned long mfn, unsigned int entry)
{
    for (unsigned int i = 0; i < t.nr_stops; i++) {
        struct stop_point *sp = &t.stops[i];

        if (sp->mfn == mfn && sp->entry == entry && !sp->fired) {
            sp->fired = true;
            return true;
        }
    }
    return false;
}

/* Like the real validator, resuming a partial table where it stopped. */
static long fake_validate(unsigned long mfn, enum page_type level)
{
    struct page_info *pg = &frame_table[mfn];
    const struct domain *d = domain_lookup(pg->owner);
    unsigned int i = pg->nr_validated;     /* 0 unless a partial table resumes */
    long rc;

    if (!d)
        return -XEN_EBUSY;
    for (; i < TABLE_ENTRIES; i++) {
        rc = stop_here(mfn, i) ? -XEN_ERESTART
                               : fake_get_entry(&fake_tables[mfn][i], level, d);
        if (rc == -XEN_ERESTART) {
            pg->nr_validated = i;
            return rc;
        }
        if (rc) {
            fake_release_entries(mfn, level, i);
            return rc;
        }
    }
    return 0;
}

long arch_validate_table(unsigned long mfn, enum page_type type)
{
    long rc;

    log_event(EV_VALIDATE, mfn, type);
    if (++t.nr_validate == t.fail_on)
        rc = -XEN_EBUSY;            /* any error: it must reach the caller */
    else
        rc = t.mode == VALIDATE_SCRIPTED ? 0 : fake_validate(mfn, type);
    if (rc)
        log_event(rc == -XEN_ERESTART ? EV_VALIDATE_STOPPED : EV_VALIDATE_FAILED,
                  mfn, type);
    return rc;
}

void arch_make_frame_coherent(unsigned long mfn, enum page_type type)
{
    log_event(EV_COHERENT, mfn, type);
}

/* A partial table releases only the entries it validated. */
void arch_release_table(unsigned long mfn, enum page_type type, unsigned int nr)
{
    bool partial = nr != TABLE_ENTRIES_ALL;

    log_event(partial ? EV_RELEASE_PARTIAL : EV_RELEASE, mfn, type);
    if (t.mode == VALIDATE_TABLES)
        fake_release_entries(mfn, type, partial ? nr : TABLE_ENTRIES);
}

/* ---- Fixture and helpers ---- */

static void own_frames(unsigned long first, unsigned long end, domid_t owner)
{
    for (unsigned long mfn = first; mfn < end; mfn++)
        frame_table[mfn] = (struct page_info){
            .count = ALLOC_REFS, .flags = PGF_allocated, .owner = owner };
}

static int setup(void **state)
{
    (void)state;
    memset(&t, 0, sizeof(t));
    memset(fake_tables, 0, sizeof(fake_tables));
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    assert_non_null(frame_table);
    max_page = NR_FRAMES;
    own_frames(DOM_A_FIRST, DOM_B_FIRST, DOM_A_ID);
    own_frames(DOM_B_FIRST, FREE_FIRST, DOM_B_ID);
    for (unsigned long mfn = FREE_FIRST; mfn < NR_FRAMES; mfn++)
        frame_table[mfn] = (struct page_info){ .owner = DOMID_INVALID };
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(frame_table);
    frame_table = NULL;
    return 0;
}

/* Run stmt, which must hit a BUG_ON. */
#define assert_bug(stmt) do {                                           \
    t.catch_bug = true;                                                 \
    if (setjmp(t.bug_env) == 0) {                                       \
        stmt;                                                           \
        t.catch_bug = false;                                            \
        fail_msg("no BUG from: %s", #stmt);                             \
    }                                                                   \
    t.catch_bug = false;                                                \
} while (0)

/* The checks below name the test's line: cmocka reports the helper's. */
static void check_frame_at(int line, unsigned long mfn, uint32_t count,
                           enum page_type type, uint32_t type_count)
{
    const struct page_info *pg = &frame_table[mfn];

    if (pg->count != count || pg->type != type || pg->type_count != type_count)
        fail_msg("line %d: mfn %lu: count %u type %u type_count %u, expected %u, %u, %u",
                 line, mfn, pg->count, pg->type, pg->type_count, count, type, type_count);
}
#define check_frame(...)    check_frame_at(__LINE__, __VA_ARGS__)

/* A copy of the whole frame table (by value: nothing to free on failure). */
struct snapshot {
    struct page_info frames[NR_FRAMES];
};

static struct snapshot snapshot(void)
{
    struct snapshot copy;

    memcpy(copy.frames, frame_table, sizeof(copy.frames));
    return copy;
}

/* Every frame as it was: the operations since left nothing behind. */
static void check_unchanged_at(int line, const struct snapshot *before)
{
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        const struct page_info *a = &before->frames[mfn], *b = &frame_table[mfn];

        check_frame_at(line, mfn, a->count, a->type, a->type_count);
        if (b->flags != a->flags || b->owner != a->owner || b->linear != a->linear)
            fail_msg("line %d: mfn %lu: flags/owner/linear changed", line, mfn);
    }
}
#define check_unchanged(before)     check_unchanged_at(__LINE__, before)

static unsigned int nr_events(enum event_kind kind, unsigned long mfn)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < t.nr_events; i++)
        n += t.events[i].kind == kind && t.events[i].mfn == mfn;
    return n;
}

static unsigned int nr_events_any(enum event_kind kind)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < t.nr_events; i++)
        n += t.events[i].kind == kind;
    return n;
}

/* Index of the first event of kind on mfn; fails if there is none. */
static unsigned int event_index(enum event_kind kind, unsigned long mfn)
{
    for (unsigned int i = 0; i < t.nr_events; i++)
        if (t.events[i].kind == kind && t.events[i].mfn == mfn)
            return i;
    fail_msg("no event %u on mfn %lu", kind, mfn);
    return 0;
}

/*
 * Each table that validated successfully was released exactly once: the
 * balance a finished test (all references dropped) must show.
 */
static void check_validations_balanced(void)
{
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        unsigned int ok = nr_events(EV_VALIDATE, mfn) - nr_events(EV_VALIDATE_FAILED, mfn) -
                          nr_events(EV_VALIDATE_STOPPED, mfn);

        if (ok != nr_events(EV_RELEASE, mfn))
            fail_msg("mfn %lu: validated %u times, released %u", mfn, ok,
                     nr_events(EV_RELEASE, mfn));
    }
}

/* The guest-visible pin operation, as pv/mm.c does it. */
static bool pin(unsigned long mfn, enum page_type type)
{
    if (!get_page_and_type(mfn, &dom_a, type))
        return false;
    if (frame_table[mfn].flags & PGF_pinned) {
        put_page_and_type(mfn);
        return false;
    }
    frame_table[mfn].flags |= PGF_pinned;
    return true;
}

static void unpin(unsigned long mfn)
{
    assert_true(frame_table[mfn].flags & PGF_pinned);
    frame_table[mfn].flags &= ~PGF_pinned;
    put_page_and_type(mfn);
}

/* The fake validator stops before entry `entry` of `table`, once. */
static void stop_before(unsigned long table, unsigned int entry)
{
    assert_in_range(t.nr_stops, 0, MAX_STOPS - 1);
    t.stops[t.nr_stops++] = (struct stop_point){ .mfn = table, .entry = entry };
}

/* Make the next arch_validate_table() call fail. */
static void fail_next_validation(void)
{
    t.fail_on = t.nr_validate + 1;
}

static void set_entry(unsigned long table, unsigned int slot, unsigned long target, bool rw)
{
    fake_tables[table][slot] = (struct fake_entry){ .present = true, .rw = rw, .mfn = target };
}

/* An L1 entry mapping target; for upper levels rw is ignored. */
static void map_rw(unsigned long table, unsigned int slot, unsigned long target)
{
    set_entry(table, slot, target, true);
}

static void map_ro(unsigned long table, unsigned int slot, unsigned long target)
{
    set_entry(table, slot, target, false);
}

static void set_bad_entry(unsigned long table, unsigned int slot)
{
    fake_tables[table][slot] = (struct fake_entry){ .present = true, .bad = true };
}

/* ---- General references ---- */

static void test_get_page_own_frame(void **state)
{
    (void)state;
    assert_true(get_page(MFN_A(0), &dom_a));
    check_frame(MFN_A(0), ALLOC_REFS + 1, PGT_none, 0);
    assert_true(get_page(MFN_B(0), &dom_b));
    check_frame(MFN_B(0), ALLOC_REFS + 1, PGT_none, 0);
    put_page(MFN_A(0));
    put_page(MFN_B(0));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    check_frame(MFN_B(0), ALLOC_REFS, PGT_none, 0);
    assert_int_equal(t.nr_events, 0);
}

static void test_get_page_refused(void **state)
{
    struct snapshot before;

    (void)state;
    /* Owned by A but with no references: on its way to the allocator. */
    frame_table[MFN_A(1)].count = 0;
    before = snapshot();
    assert_false(get_page(MFN_B(0), &dom_a));       /* another domain's */
    assert_false(get_page(MFN_A(0), &dom_b));
    assert_false(get_page(MFN_FREE(0), &dom_a));    /* free */
    assert_false(get_page(MFN_A(1), &dom_a));       /* count 0 */
    assert_false(get_page(NR_FRAMES, &dom_a));      /* not RAM */
    assert_false(get_page(~0UL, &dom_a));
    check_unchanged(&before);
    assert_int_equal(t.nr_events, 0);
}

static void test_get_page_count_limit(void **state)
{
    (void)state;
    frame_table[MFN_A(0)].count = TEST_COUNT_MAX - 1;
    assert_true(get_page(MFN_A(0), &dom_a));
    check_frame(MFN_A(0), TEST_COUNT_MAX, PGT_none, 0);
    assert_false(get_page(MFN_A(0), &dom_a));
    assert_false(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    check_frame(MFN_A(0), TEST_COUNT_MAX, PGT_none, 0);
    /* Beyond the limit (cannot happen through get_page): still refused. */
    frame_table[MFN_A(0)].count = UINT32_MAX;
    assert_false(get_page(MFN_A(0), &dom_a));
    check_frame(MFN_A(0), UINT32_MAX, PGT_none, 0);
}

static void test_put_page_frees_at_zero_once(void **state)
{
    (void)state;
    assert_true(get_page(MFN_A(2), &dom_a));
    assert_true(get_page(MFN_A(2), &dom_a));
    put_page(MFN_A(2));
    put_page(MFN_A(2));
    check_frame(MFN_A(2), ALLOC_REFS, PGT_none, 0);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    put_page(MFN_A(2));                             /* the allocation ref */
    assert_int_equal(nr_events_any(EV_FREE), 1);
    assert_int_equal(nr_events(EV_FREE, MFN_A(2)), 1);
    check_frame(MFN_A(2), 0, PGT_none, 0);
    /* Gone: no new references, and a further put is a BUG, not a free. */
    assert_false(get_page(MFN_A(2), &dom_a));
    assert_bug(put_page(MFN_A(2)));
    assert_int_equal(nr_events_any(EV_FREE), 1);
}

/* The owner's own put: the same counting, the same single free. */
static void test_put_own_page_frees_at_zero_once(void **state)
{
    (void)state;
    assert_true(get_page(MFN_A(3), &dom_a));
    put_own_page(&dom_a, MFN_A(3));
    assert_int_equal(nr_events_any(EV_FREE), 0);
    put_own_page(&dom_a, MFN_A(3));                 /* the allocation ref */
    assert_int_equal(nr_events(EV_FREE, MFN_A(3)), 1);
    check_frame(MFN_A(3), 0, PGT_none, 0);
    assert_bug(put_own_page(&dom_a, MFN_A(3)));
    assert_int_equal(nr_events_any(EV_FREE), 1);
}

static void test_put_underflow_is_bug(void **state)
{
    (void)state;
    assert_bug(put_page(MFN_FREE(0)));
    assert_non_null(strstr(t.bug_msg, "count == 0"));
    check_frame(MFN_FREE(0), 0, PGT_none, 0);
    assert_bug(put_page_type(MFN_A(0)));
    assert_non_null(strstr(t.bug_msg, "type_count == 0"));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    assert_int_equal(t.nr_events, 0);
}

/* ---- Type references ---- */

static void test_type_on_untyped_frame(void **state)
{
    (void)state;
    assert_true(get_page_type(MFN_A(0), PGT_writable));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_writable, 1);
    assert_true(get_page_type(MFN_A(1), PGT_seg_desc));
    check_frame(MFN_A(1), ALLOC_REFS, PGT_seg_desc, 1);
    put_page_type(MFN_A(0));
    put_page_type(MFN_A(1));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    check_frame(MFN_A(1), ALLOC_REFS, PGT_none, 0);
    assert_int_equal(t.nr_events, 0);          /* not tables: no hooks */
}

static void test_same_type_counts_up(void **state)
{
    (void)state;
    for (uint32_t n = 1; n <= 3; n++) {
        assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
        check_frame(MFN_A(0), ALLOC_REFS + n, PGT_writable, n);
    }
    for (uint32_t n = 3; n > 0; n--) {
        put_page_and_type(MFN_A(0));
        check_frame(MFN_A(0), ALLOC_REFS + n - 1, n > 1 ? PGT_writable : PGT_none, n - 1);
    }
    assert_int_equal(t.nr_events, 0);
}

static void test_other_type_refused_while_in_use(void **state)
{
    struct snapshot before;

    (void)state;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    assert_true(pin(MFN_A(1), PGT_l1));
    before = snapshot();
    for (enum page_type ty = PGT_l1; ty <= PGT_seg_desc; ty++)
        assert_false(get_page_type(MFN_A(0), ty));
    for (enum page_type ty = PGT_writable; ty <= PGT_seg_desc; ty++)
        if (ty != PGT_l1)
            assert_false(get_page_and_type(MFN_A(1), &dom_a, ty));
    check_unchanged(&before);
    assert_int_equal(nr_events_any(EV_VALIDATE), 1);   /* only the pin's */
    put_page_and_type(MFN_A(0));
    unpin(MFN_A(1));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    check_frame(MFN_A(1), ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

/* Once the last type reference is gone, any type may be taken. */
static void test_type_changes_at_zero(void **state)
{
    (void)state;
    assert_true(pin(MFN_A(0), PGT_l1));
    unpin(MFN_A(0));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    /* A former page table can become writable ... */
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    check_frame(MFN_A(0), ALLOC_REFS + 1, PGT_writable, 1);
    put_page_and_type(MFN_A(0));
    /* ... and a former writable page a table of another level. */
    assert_true(pin(MFN_A(0), PGT_l2));
    check_frame(MFN_A(0), ALLOC_REFS + 1, PGT_l2, 1);
    unpin(MFN_A(0));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    assert_int_equal(nr_events(EV_VALIDATE, MFN_A(0)), 2);
    assert_int_equal(t.events[0].type, PGT_l1);
    assert_int_equal(event_index(EV_VALIDATE, MFN_A(0)), 0);
    check_validations_balanced();
}

static void test_type_count_limit(void **state)
{
    struct snapshot before;

    (void)state;
    frame_table[MFN_A(0)].type = PGT_writable;
    frame_table[MFN_A(0)].type_count = TEST_COUNT_MAX;
    frame_table[MFN_A(0)].flags |= PGF_validated;
    frame_table[MFN_A(1)].type = PGT_l2;
    frame_table[MFN_A(1)].type_count = TEST_COUNT_MAX - 1;
    frame_table[MFN_A(1)].flags |= PGF_validated;
    assert_true(get_page_type(MFN_A(1), PGT_l2));  /* no validation: in use */
    before = snapshot();
    assert_false(get_page_type(MFN_A(0), PGT_writable));
    assert_false(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    assert_false(get_page_type(MFN_A(1), PGT_l2));
    assert_false(get_page_and_type(MFN_A(1), &dom_a, PGT_l2));
    check_unchanged(&before);
    check_frame(MFN_A(1), ALLOC_REFS, PGT_l2, TEST_COUNT_MAX);
    assert_int_equal(t.nr_events, 0);
}

/* ---- Table types: the hooks ---- */

static void test_validate_and_release_once(void **state)
{
    (void)state;
    for (uint32_t n = 1; n <= 3; n++) {
        assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));
        check_frame(MFN_A(0), ALLOC_REFS + n, PGT_l1, n);
    }
    assert_int_equal(t.nr_events, 1);
    assert_int_equal(t.events[0].kind, EV_VALIDATE);
    assert_int_equal(t.events[0].type, PGT_l1);
    /* The type is claimed before the entries are checked. */
    assert_int_equal(t.events[0].seen_type, PGT_l1);
    assert_int_equal(t.events[0].seen_type_count, 1);
    put_page_and_type(MFN_A(0));
    put_page_and_type(MFN_A(0));
    assert_int_equal(nr_events_any(EV_RELEASE), 0);
    put_page_and_type(MFN_A(0));
    assert_int_equal(t.nr_events, 2);
    assert_int_equal(t.events[1].kind, EV_RELEASE);
    assert_int_equal(t.events[1].type, PGT_l1);
    /* Released while still a table (nobody can retype it meanwhile). */
    assert_int_equal(t.events[1].seen_type, PGT_l1);
    assert_int_equal(t.events[1].seen_type_count, 1);
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
}

static void test_validation_failure_scripted(void **state)
{
    struct snapshot before = snapshot();

    (void)state;
    fail_next_validation();
    assert_false(get_page_type(MFN_A(0), PGT_l3));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    fail_next_validation();
    assert_false(get_page_and_type(MFN_A(1), &dom_a, PGT_l4));
    assert_int_equal(nr_events(EV_VALIDATE, MFN_A(1)), 1);
    check_unchanged(&before);
    assert_int_equal(nr_events_any(EV_RELEASE), 0);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    /* Nothing sticks: the frame may be retried, or used as anything else. */
    assert_true(get_page_and_type(MFN_A(1), &dom_a, PGT_l4));
    check_frame(MFN_A(1), ALLOC_REFS + 1, PGT_l4, 1);
    put_page_and_type(MFN_A(1));
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    put_page_and_type(MFN_A(0));
    check_validations_balanced();
}

static void test_get_page_and_type_drops_general_ref(void **state)
{
    struct snapshot before;

    (void)state;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    before = snapshot();
    assert_false(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));  /* type busy */
    assert_false(get_page_and_type(MFN_B(0), &dom_a, PGT_l1));  /* not ours */
    assert_false(get_page_and_type(MFN_FREE(0), &dom_a, PGT_writable));
    fail_next_validation();
    assert_false(get_page_and_type(MFN_A(1), &dom_a, PGT_l2));  /* invalid */
    check_unchanged(&before);
    /* Neither the foreign nor the free frame was given a type. */
    assert_int_equal(nr_events_any(EV_VALIDATE), 1);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    put_page_and_type(MFN_A(0));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
}

/* ---- Table types: nested validation (fake tables) ---- */

/*
 * L2 p -> L1 a (twice), L1 b; a maps d1 RW and d2 RO, b maps d2 RW.
 */
static void build_two_level(unsigned long p, unsigned long a, unsigned long b,
                            unsigned long d1, unsigned long d2)
{
    t.mode = VALIDATE_TABLES;
    map_ro(p, 0, a);
    map_ro(p, 1, b);
    map_ro(p, 3, a);
    map_rw(a, 0, d1);
    map_ro(a, 2, d2);
    map_rw(b, 1, d2);
}

static void test_nested_validation(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1), b = MFN_A(2);
    const unsigned long d1 = MFN_A(3), d2 = MFN_A(4);
    struct snapshot before;

    (void)state;
    build_two_level(p, a, b, d1, d2);
    before = snapshot();
    assert_true(pin(p, PGT_l2));
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);
    check_frame(a, ALLOC_REFS + 2, PGT_l1, 2);
    check_frame(b, ALLOC_REFS + 1, PGT_l1, 1);
    check_frame(d1, ALLOC_REFS + 1, PGT_writable, 1);
    check_frame(d2, ALLOC_REFS + 2, PGT_writable, 1);
    assert_int_equal(nr_events(EV_VALIDATE, p), 1);
    assert_int_equal(nr_events(EV_VALIDATE, a), 1);
    assert_int_equal(nr_events(EV_VALIDATE, b), 1);
    /* Outer first, then each child as its first reference is taken. */
    assert_true(event_index(EV_VALIDATE, p) < event_index(EV_VALIDATE, a));
    assert_true(event_index(EV_VALIDATE, a) < event_index(EV_VALIDATE, b));
    unpin(p);
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_RELEASE, p), 1);
    assert_int_equal(nr_events(EV_RELEASE, a), 1);
    assert_int_equal(nr_events(EV_RELEASE, b), 1);
    assert_true(event_index(EV_RELEASE, p) < event_index(EV_RELEASE, b));
    assert_int_equal(nr_events_any(EV_FREE), 0);
    check_validations_balanced();
}

/* A bad entry after good ones: the good ones' references are dropped. */
static void test_failure_unwinds_children(void **state)
{
    const unsigned long q = MFN_A(0), p1 = MFN_A(1), p2 = MFN_A(2);
    const unsigned long l1a = MFN_A(3), l1b = MFN_A(4), data = MFN_A(5);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_ro(q, 0, p1);           /* L3 q -> L2 p1 (fine), L2 p2 (fails) */
    map_ro(q, 1, p2);
    map_ro(p1, 0, l1a);
    map_ro(p1, 1, l1b);
    map_rw(l1a, 0, data);
    map_ro(l1b, 0, data);
    map_ro(p2, 0, l1b);         /* taken, then dropped again */
    set_bad_entry(p2, 2);
    before = snapshot();
    assert_false(pin(q, PGT_l3));
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_VALIDATE_FAILED, p2), 1);
    assert_int_equal(nr_events(EV_VALIDATE_FAILED, q), 1);
    assert_int_equal(nr_events(EV_VALIDATE, l1b), 1);   /* p2's ref was the 2nd */
    assert_int_equal(nr_events(EV_RELEASE, q), 0);
    assert_int_equal(nr_events(EV_RELEASE, p2), 0);
    assert_int_equal(nr_events(EV_RELEASE, p1), 1);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    check_validations_balanced();
    /* Once the bad entry is gone the same tree validates. */
    fake_tables[p2][2].present = false;
    before = snapshot();
    assert_true(pin(q, PGT_l3));
    check_frame(l1b, ALLOC_REFS + 2, PGT_l1, 2);
    check_frame(data, ALLOC_REFS + 2, PGT_writable, 1);
    unpin(q);
    check_unchanged(&before);
    check_validations_balanced();
}

/* Children refused for other reasons: foreign, free, or invalid frames. */
static void test_child_refused_unwinds(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1), b = MFN_A(2), c = MFN_A(3);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_ro(p, 0, a);
    map_ro(p, 1, b);
    map_ro(p, 2, c);
    before = snapshot();
    t.fail_on = 3;              /* p, a, then b's validation fails */
    assert_false(pin(p, PGT_l2));
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_RELEASE, a), 1);
    assert_int_equal(nr_events(EV_VALIDATE, c), 0);
    check_validations_balanced();
    map_ro(c, 1, MFN_A(5));
    map_rw(c, 2, MFN_B(0));     /* c maps another domain's frame */
    before = snapshot();
    assert_false(pin(p, PGT_l2));
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_VALIDATE_FAILED, c), 1);
    fake_tables[c][2].present = false;
    map_ro(b, 3, MFN_FREE(0));  /* b maps a free frame */
    before = snapshot();
    assert_false(pin(p, PGT_l2));
    check_unchanged(&before);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    check_validations_balanced();
}

/* ---- Writable versus page table ---- */

static void test_writable_frame_cannot_become_table(void **state)
{
    const unsigned long x = MFN_A(0), f = MFN_A(1);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_rw(x, 0, f);
    assert_true(pin(x, PGT_l1));            /* f now mapped writable */
    check_frame(f, ALLOC_REFS + 1, PGT_writable, 1);
    before = snapshot();
    assert_false(pin(f, PGT_l1));
    assert_false(get_page_type(f, PGT_l2));
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_VALIDATE, f), 0);
    /* Dropping the writable mapping frees f to become a table. */
    unpin(x);
    assert_true(pin(f, PGT_l1));
    check_frame(f, ALLOC_REFS + 1, PGT_l1, 1);
    unpin(f);
    check_frame(f, ALLOC_REFS, PGT_none, 0);
    check_frame(x, ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

static void test_table_cannot_be_mapped_writable(void **state)
{
    const unsigned long x = MFN_A(0), f = MFN_A(1), data = MFN_A(2);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    assert_true(pin(f, PGT_l1));
    map_rw(x, 0, data);
    map_rw(x, 1, f);                        /* refused: f is an L1 */
    before = snapshot();
    assert_false(pin(x, PGT_l1));
    check_unchanged(&before);                /* data's ref dropped again */
    /* Read-only, as guests map their own tables, is fine. */
    fake_tables[x][1].rw = false;
    assert_true(pin(x, PGT_l1));
    check_frame(f, ALLOC_REFS + 2, PGT_l1, 1);
    check_frame(data, ALLOC_REFS + 1, PGT_writable, 1);
    unpin(x);
    unpin(f);
    check_frame(f, ALLOC_REFS, PGT_none, 0);
    check_frame(data, ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

/*
 * The type is claimed before validation, so a table cannot map itself
 * writable or serve as its own child; mapping itself read-only is fine.
 */
static void test_self_reference_during_validation(void **state)
{
    const unsigned long s = MFN_A(0), u = MFN_A(1);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_rw(s, 0, s);
    map_ro(u, 0, u);                        /* as an L2: needs u to be an L1 */
    before = snapshot();
    assert_false(pin(s, PGT_l1));
    assert_false(pin(u, PGT_l2));
    check_unchanged(&before);
    fake_tables[s][0].rw = false;
    assert_true(pin(s, PGT_l1));
    check_frame(s, ALLOC_REFS + 2, PGT_l1, 1);
    unpin(s);
    check_frame(s, ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

/* ---- Pins and shared references ---- */

static void test_pin_twice_refused(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1);
    struct snapshot before;

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_ro(p, 0, a);
    assert_true(pin(p, PGT_l2));
    before = snapshot();
    assert_false(pin(p, PGT_l2));           /* second pin: references undone */
    assert_false(pin(p, PGT_l1));           /* other type: refused outright */
    check_unchanged(&before);
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);
    assert_int_equal(nr_events(EV_VALIDATE, p), 1);
    assert_int_equal(nr_events_any(EV_RELEASE), 0);
    unpin(p);
    check_frame(p, ALLOC_REFS, PGT_none, 0);
    check_frame(a, ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

/* L1 a pinned and referenced from pinned L2 p; unpin a, then p (or p first). */
static void pinned_and_referenced(bool unpin_child_first)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1), d = MFN_A(2);
    const unsigned long first = unpin_child_first ? a : p;
    const unsigned long second = unpin_child_first ? p : a;
    struct snapshot before;

    t.mode = VALIDATE_TABLES;
    map_ro(p, 0, a);
    map_rw(a, 0, d);
    before = snapshot();
    assert_true(pin(a, PGT_l1));
    assert_true(pin(p, PGT_l2));
    check_frame(a, ALLOC_REFS + 2, PGT_l1, 2);
    check_frame(d, ALLOC_REFS + 1, PGT_writable, 1);
    assert_int_equal(nr_events(EV_VALIDATE, a), 1);
    unpin(first);
    check_frame(a, ALLOC_REFS + 1, PGT_l1, 1);
    check_frame(d, ALLOC_REFS + 1, PGT_writable, 1);
    assert_int_equal(nr_events(EV_RELEASE, a), 0);
    if (unpin_child_first)
        check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);      /* still pinned */
    else
        check_frame(p, ALLOC_REFS, PGT_none, 0);        /* released */
    unpin(second);
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_RELEASE, a), 1);
    assert_int_equal(nr_events(EV_RELEASE, p), 1);
    check_validations_balanced();
}

static void test_pinned_and_referenced_unpin_child_first(void **state)
{
    (void)state;
    pinned_and_referenced(true);
}

static void test_pinned_and_referenced_unpin_parent_first(void **state)
{
    (void)state;
    pinned_and_referenced(false);
}

/*
 * The owner gives a pinned table up (drops its allocation reference): the
 * frame lives until the pin goes, is released as a table first and only
 * then freed, exactly once; its children go back to their starting counts.
 */
static void test_table_freed_after_last_reference(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1);

    (void)state;
    t.mode = VALIDATE_TABLES;
    map_ro(p, 0, a);
    map_ro(a, 0, p);                        /* the L1 maps its parent RO */
    assert_true(pin(p, PGT_l2));
    check_frame(p, ALLOC_REFS + 2, PGT_l2, 1);
    frame_table[p].flags &= ~PGF_allocated;
    put_page(p);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    unpin(p);
    assert_int_equal(nr_events(EV_FREE, p), 1);
    assert_int_equal(nr_events_any(EV_FREE), 1);
    assert_true(event_index(EV_RELEASE, p) < event_index(EV_FREE, p));
    assert_true(event_index(EV_RELEASE, a) < event_index(EV_FREE, p));
    check_frame(p, 0, PGT_none, 0);
    assert_int_equal(frame_table[p].owner, DOMID_INVALID);
    check_frame(a, ALLOC_REFS, PGT_none, 0);
    check_validations_balanced();
}

/* ---- Partial validation (a preempted hypercall) ---- */

/* PGF_partial set, stopped before entry nr_validated. */
static void check_partial_at(int line, unsigned long mfn, unsigned int nr_validated)
{
    const struct page_info *pg = &frame_table[mfn];

    if (!(pg->flags & PGF_partial) || pg->nr_validated != nr_validated)
        fail_msg("line %d: mfn %lu: flags %#x nr_validated %u, expected partial at %u",
                 line, mfn, pg->flags, pg->nr_validated, nr_validated);
}
#define check_partial(...)  check_partial_at(__LINE__, __VA_ARGS__)

/* L3 q -> L2 p -> L1s a (p's entry 0) and b (entry 2), both mapping data. */
static void build_three_level(unsigned long q, unsigned long p, unsigned long a,
                              unsigned long b, unsigned long data)
{
    t.mode = VALIDATE_TABLES;
    map_ro(q, 0, p);
    map_ro(p, 0, a);
    map_ro(p, 2, b);
    map_rw(a, 0, data);
    map_ro(b, 1, data);
}

/* Stopped, then asked again: resumes at the entry it stopped before. */
static void test_restart_resumes(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1), b = MFN_A(2), data = MFN_A(3);
    struct snapshot before;

    (void)state;
    build_three_level(MFN_A(9), p, a, b, data);
    before = snapshot();
    stop_before(p, 2);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l2), -XEN_ERESTART);
    check_partial(p, 2);
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);      /* its own pair, not ours */
    check_frame(a, ALLOC_REFS + 1, PGT_l1, 1);
    check_frame(b, ALLOC_REFS, PGT_none, 0);
    check_frame(data, ALLOC_REFS + 1, PGT_writable, 1);
    assert_true(pin(p, PGT_l2));
    assert_false(frame_table[p].flags & PGF_partial);
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);      /* now the pin's */
    check_frame(b, ALLOC_REFS + 1, PGT_l1, 1);
    check_frame(data, ALLOC_REFS + 2, PGT_writable, 1);
    assert_int_equal(nr_events(EV_VALIDATE, p), 2);
    assert_int_equal(nr_events(EV_VALIDATE, a), 1);     /* not validated again */
    assert_int_equal(nr_events(EV_VALIDATE, b), 1);
    unpin(p);
    check_unchanged(&before);
    check_validations_balanced();
}

/* A stop deep down leaves every table on the way partial; all resume. */
static void test_restart_nested(void **state)
{
    const unsigned long q = MFN_A(0), p = MFN_A(1), a = MFN_A(2), b = MFN_A(3);
    struct snapshot before;

    (void)state;
    build_three_level(q, p, a, b, MFN_A(4));
    before = snapshot();
    stop_before(p, 2);
    assert_false(pin(q, PGT_l3));
    check_partial(q, 0);
    check_partial(p, 2);
    check_frame(q, ALLOC_REFS + 1, PGT_l3, 1);
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);
    assert_true(pin(q, PGT_l3));
    assert_false((frame_table[q].flags | frame_table[p].flags) & PGF_partial);
    check_frame(q, ALLOC_REFS + 1, PGT_l3, 1);
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);      /* q's entry holds it now */
    check_frame(b, ALLOC_REFS + 1, PGT_l1, 1);
    unpin(q);
    check_unchanged(&before);
    check_validations_balanced();
}

/* A partial table is neither usable as another type nor put by anyone. */
/* page_lock holds a validated table with one more type reference. */
static void test_page_lock_holds_a_table(void **state)
{
    enum page_type type = PGT_none;

    (void)state;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l2));
    assert_true(page_lock(MFN_A(0), &type));
    assert_int_equal(type, PGT_l2);
    check_frame(MFN_A(0), ALLOC_REFS + 1, PGT_l2, 2);
    assert_true(frame_table[MFN_A(0)].flags & PGF_locked);
    page_unlock(MFN_A(0));
    assert_false(frame_table[MFN_A(0)].flags & PGF_locked);
    check_frame(MFN_A(0), ALLOC_REFS + 1, PGT_l2, 1);
    assert_bug(page_unlock(MFN_A(0)));                  /* not locked */
    put_page_and_type(MFN_A(0));
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
}

/* Plain memory, an untyped frame and a partial table are not lockable. */
static void test_page_lock_refuses_non_tables(void **state)
{
    const unsigned long p = MFN_A(0);
    enum page_type type;
    struct page_info saved;

    (void)state;
    assert_false(page_lock(MFN_A(5), &type));
    assert_true(get_page_and_type(MFN_A(6), &dom_a, PGT_writable));
    saved = frame_table[MFN_A(6)];
    assert_false(page_lock(MFN_A(6), &type));
    assert_memory_equal(&saved, &frame_table[MFN_A(6)], sizeof(saved));
    build_three_level(MFN_A(9), p, MFN_A(1), MFN_A(2), MFN_A(3));
    stop_before(p, 2);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l2), -XEN_ERESTART);
    assert_false(page_lock(p, &type));
    assert_false(frame_table[p].flags & PGF_locked);
}

/* The lock's reference may be the last one: the unlock then releases the table. */
static void test_page_unlock_releases_last(void **state)
{
    enum page_type type;

    (void)state;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));
    assert_true(page_lock(MFN_A(0), &type));
    put_page_and_type(MFN_A(0));                        /* unpinned meanwhile */
    assert_int_equal(nr_events_any(EV_RELEASE), 0);
    page_unlock(MFN_A(0));
    assert_int_equal(nr_events(EV_RELEASE, MFN_A(0)), 1);
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
}

static void test_partial_refuses_other_uses(void **state)
{
    const unsigned long p = MFN_A(0);
    struct page_info saved;

    (void)state;
    build_three_level(MFN_A(9), p, MFN_A(1), MFN_A(2), MFN_A(3));
    stop_before(p, 2);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l2), -XEN_ERESTART);
    saved = frame_table[p];
    assert_int_equal(get_page_type_rc(p, PGT_writable), -XEN_EINVAL);
    assert_int_equal(get_page_type_rc(p, PGT_l1), -XEN_EINVAL);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l3), -XEN_EINVAL);
    assert_memory_equal(&saved, &frame_table[p], sizeof(saved));
    assert_bug(put_page_type(p));
}

/* Given up (its domain died): the entries so far and its own refs go. */
static void test_partial_given_up(void **state)
{
    const unsigned long q = MFN_A(0), p = MFN_A(1), a = MFN_A(2), b = MFN_A(3);
    struct snapshot before;

    (void)state;
    build_three_level(q, p, a, b, MFN_A(4));
    before = snapshot();
    stop_before(p, 2);
    assert_false(pin(q, PGT_l3));
    put_partial_page(q);
    put_partial_page(p);
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_RELEASE_PARTIAL, q), 1);
    assert_int_equal(nr_events(EV_RELEASE_PARTIAL, p), 1);
    assert_int_equal(nr_events(EV_RELEASE, a), 1);      /* p's entry 0 */
    assert_int_equal(nr_events_any(EV_FREE), 0);
    check_validations_balanced();
    assert_bug(put_partial_page(p));                    /* no longer partial */
}

/* Its owner gave the frame back meanwhile: freed when given up, not before. */
static void test_partial_outlives_allocation(void **state)
{
    const unsigned long p = MFN_A(0), a = MFN_A(1);

    (void)state;
    build_three_level(MFN_A(9), p, a, MFN_A(2), MFN_A(3));
    stop_before(p, 2);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l2), -XEN_ERESTART);
    frame_table[p].flags &= ~PGF_allocated;
    put_page(p);
    assert_int_equal(nr_events_any(EV_FREE), 0);
    check_frame(p, 1, PGT_l2, 1);
    put_partial_page(p);
    assert_int_equal(nr_events(EV_FREE, p), 1);
    assert_int_equal(frame_table[p].owner, DOMID_INVALID);
    check_frame(a, ALLOC_REFS, PGT_none, 0);
}

/* A refusal after resuming drops the entries of the earlier part too. */
static void test_failure_after_restart_unwinds_all(void **state)
{
    const unsigned long q = MFN_A(0), p = MFN_A(1);
    struct snapshot before;

    (void)state;
    build_three_level(q, p, MFN_A(2), MFN_A(3), MFN_A(4));
    set_bad_entry(p, 3);
    before = snapshot();
    stop_before(p, 2);
    assert_false(pin(q, PGT_l3));
    check_partial(p, 2);
    assert_false(pin(q, PGT_l3));
    check_unchanged(&before);
    assert_int_equal(nr_events(EV_VALIDATE_FAILED, p), 1);
    assert_int_equal(nr_events(EV_VALIDATE_FAILED, q), 1);
    check_validations_balanced();
}

/* Another path to the same partial table resumes it just the same. */
static void test_partial_resumed_by_another_parent(void **state)
{
    const unsigned long q = MFN_A(0), p = MFN_A(1), r = MFN_A(5);
    struct snapshot before;

    (void)state;
    build_three_level(q, p, MFN_A(2), MFN_A(3), MFN_A(4));
    map_ro(r, 1, p);                        /* a second L3 over the same L2 */
    before = snapshot();
    stop_before(p, 2);
    assert_false(pin(q, PGT_l3));
    assert_true(pin(r, PGT_l3));
    check_frame(p, ALLOC_REFS + 1, PGT_l2, 1);
    check_partial(q, 0);                    /* q waits for its own request */
    assert_true(pin(q, PGT_l3));
    check_frame(p, ALLOC_REFS + 2, PGT_l2, 2);
    unpin(q);
    unpin(r);
    check_unchanged(&before);
    check_validations_balanced();
}

/* ---- Cache coherence after non-WB mappings (XSA-402) ---- */

/*
 * A frame flagged PGF_non_coherent is flushed when it first takes a type
 * other than writable, before its contents are validated, and the flag
 * goes: a table, or a descriptor page.
 */
static void test_non_coherent_frame_flushed_before_table_use(void **state)
{
    (void)state;
    frame_table[MFN_A(0)].flags |= PGF_non_coherent;
    frame_table[MFN_A(1)].flags |= PGF_non_coherent;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));
    assert_int_equal(nr_events(EV_COHERENT, MFN_A(0)), 1);
    assert_int_equal(t.events[event_index(EV_COHERENT, MFN_A(0))].type, PGT_l1);
    assert_true(event_index(EV_COHERENT, MFN_A(0)) < event_index(EV_VALIDATE, MFN_A(0)));
    /* The flush comes once the type is claimed (no writable mapping can
     * come back meanwhile), before the validation. */
    assert_int_equal(t.events[event_index(EV_COHERENT, MFN_A(0))].seen_type_count, 1);
    assert_int_equal(t.events[event_index(EV_COHERENT, MFN_A(0))].seen_type, PGT_l1);
    assert_false(frame_table[MFN_A(0)].flags & PGF_non_coherent);
    assert_true(get_page_and_type(MFN_A(1), &dom_a, PGT_seg_desc));
    assert_int_equal(nr_events(EV_COHERENT, MFN_A(1)), 1);
    assert_int_equal(t.events[event_index(EV_COHERENT, MFN_A(1))].type, PGT_seg_desc);
    assert_false(frame_table[MFN_A(1)].flags & PGF_non_coherent);
    /* Once is enough: later references and retypes flush nothing. */
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));
    put_page_and_type(MFN_A(0));
    put_page_and_type(MFN_A(0));
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_l2));
    put_page_and_type(MFN_A(0));
    put_page_and_type(MFN_A(1));
    assert_int_equal(nr_events_any(EV_COHERENT), 2);
    check_validations_balanced();
}

/* Writable use keeps the flag (the non-WB mapping is plain memory use). */
static void test_non_coherent_frame_writable_use_keeps_flag(void **state)
{
    (void)state;
    frame_table[MFN_A(0)].flags |= PGF_non_coherent;
    assert_true(get_page_and_type(MFN_A(0), &dom_a, PGT_writable));
    put_page_and_type(MFN_A(0));
    assert_int_equal(nr_events_any(EV_COHERENT), 0);
    assert_true(frame_table[MFN_A(0)].flags & PGF_non_coherent);
    /* A frame never flagged is never flushed. */
    assert_true(get_page_and_type(MFN_A(2), &dom_a, PGT_l1));
    put_page_and_type(MFN_A(2));
    assert_int_equal(nr_events_any(EV_COHERENT), 0);
}

/* A failed validation still leaves the frame coherent, the flag cleared. */
static void test_non_coherent_flush_survives_failed_validation(void **state)
{
    (void)state;
    frame_table[MFN_A(0)].flags |= PGF_non_coherent;
    fail_next_validation();
    assert_false(get_page_and_type(MFN_A(0), &dom_a, PGT_l1));
    assert_int_equal(nr_events(EV_COHERENT, MFN_A(0)), 1);
    assert_false(frame_table[MFN_A(0)].flags & PGF_non_coherent);
    check_frame(MFN_A(0), ALLOC_REFS, PGT_none, 0);
    /* A type conflict is no type change: nothing flushed. */
    frame_table[MFN_A(1)].flags |= PGF_non_coherent;
    assert_true(get_page_and_type(MFN_A(1), &dom_a, PGT_writable));
    assert_false(get_page_type(MFN_A(1), PGT_l1));
    put_page_and_type(MFN_A(1));
    assert_int_equal(nr_events(EV_COHERENT, MFN_A(1)), 0);
    assert_true(frame_table[MFN_A(1)].flags & PGF_non_coherent);
}

/* A validation that stops part-way flushed first; resuming flushes nothing. */
static void test_non_coherent_partial_flushed_once(void **state)
{
    const unsigned long p = MFN_A(0);

    (void)state;
    build_three_level(MFN_A(9), p, MFN_A(1), MFN_A(2), MFN_A(3));
    frame_table[p].flags |= PGF_non_coherent;
    stop_before(p, 2);
    assert_int_equal(get_page_and_type_rc(p, &dom_a, PGT_l2), -XEN_ERESTART);
    assert_int_equal(nr_events(EV_COHERENT, p), 1);
    assert_true(event_index(EV_COHERENT, p) < event_index(EV_VALIDATE, p));
    assert_int_equal(frame_table[p].flags & (PGF_non_coherent | PGF_partial), PGF_partial);
    assert_true(pin(p, PGT_l2));
    assert_int_equal(nr_events(EV_COHERENT, p), 1);
    unpin(p);
    check_validations_balanced();
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_get_page_own_frame),
        T(test_get_page_refused),
        T(test_get_page_count_limit),
        T(test_put_page_frees_at_zero_once),
        T(test_put_own_page_frees_at_zero_once),
        T(test_put_underflow_is_bug),
        T(test_type_on_untyped_frame),
        T(test_same_type_counts_up),
        T(test_other_type_refused_while_in_use),
        T(test_type_changes_at_zero),
        T(test_type_count_limit),
        T(test_validate_and_release_once),
        T(test_validation_failure_scripted),
        T(test_get_page_and_type_drops_general_ref),
        T(test_nested_validation),
        T(test_failure_unwinds_children),
        T(test_child_refused_unwinds),
        T(test_writable_frame_cannot_become_table),
        T(test_table_cannot_be_mapped_writable),
        T(test_self_reference_during_validation),
        T(test_pin_twice_refused),
        T(test_pinned_and_referenced_unpin_child_first),
        T(test_pinned_and_referenced_unpin_parent_first),
        T(test_table_freed_after_last_reference),
        T(test_restart_resumes),
        T(test_restart_nested),
        T(test_page_lock_holds_a_table),
        T(test_page_lock_refuses_non_tables),
        T(test_page_unlock_releases_last),
        T(test_partial_refuses_other_uses),
        T(test_partial_given_up),
        T(test_partial_outlives_allocation),
        T(test_failure_after_restart_unwinds_all),
        T(test_partial_resumed_by_another_parent),
        T(test_non_coherent_frame_flushed_before_table_use),
        T(test_non_coherent_frame_writable_use_keeps_flag),
        T(test_non_coherent_flush_survives_failed_validation),
        T(test_non_coherent_partial_flushed_once),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
