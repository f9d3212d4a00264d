/*
 * tests/unit/test_page_ref_race.c - general frame references taken and
 * dropped by several CPUs at once (hypervisor/common/page_ref.c): host
 * threads stand in for CPUs, racing on the same frames of a fake frame
 * table, and every count must come out exact.
 *
 * - Holders: THREADS threads each take and drop a reference on one frame
 *   ROUNDS times while its owner keeps its allocation reference; the
 *   count ends where it started and the frame is never freed.
 * - Strangers: threads of another domain ask for the same frame all the
 *   while; each is refused, and their brief references (get_page takes
 *   one before it checks the owner) never lose a count.
 * - Last drop: many frames, each with one reference per thread; the
 *   threads drop theirs at once, and each frame is freed exactly once, by
 *   whichever thread's drop reached 0; a get_page after that fails.
 *
 * Type references (the type_info protocol), against a fake validator
 * that records overlapping validations and dawdles to widen the window:
 * - Validated once: every thread asks for the same fresh frames as L1
 *   tables at once; each frame is validated exactly once, nobody gets a
 *   reference before that validation ends, and the last of the threads'
 *   puts releases it exactly once.
 * - Writable against table: half the threads map a frame writable while
 *   the other half use it as an L1 table; whoever holds a reference
 *   always sees the frame as that type (never a table and writable).
 * - Partial resumed once: each frame's first validation stops part-way;
 *   the threads all ask again, one resumes it, the others wait, and the
 *   partial state's own references come back exactly.
 * - Locked alone: half the threads lock and unlock one table (as
 *   mmu_update does around an entry change), never two at once, while
 *   the others take and drop type references on it; every count comes
 *   out exact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>
#include "stress.h"

#include <minixen/mm.h>
#include <minixen/sched.h>
#include <minixen/printk.h>

#define NR_FRAMES       256
#define THREADS         4
#define ROUNDS          200000
#define OWNER_ID        1
#define STRANGER_ID     2

struct page_info *frame_table;
unsigned long max_page;

static struct domain owner = { .domain_id = OWNER_ID };
static struct domain stranger = { .domain_id = STRANGER_ID };
static unsigned int frees[NR_FRAMES];
static unsigned int refused[THREADS];
static unsigned int lost[THREADS];     /* a holder's get_page that failed */
/* Every thread starts at once, so they really overlap. */
static pthread_barrier_t start_line;

struct domain *domain_lookup(domid_t id)
{
    return id == OWNER_ID ? &owner : id == STRANGER_ID ? &stranger : NULL;
}

void free_domheap_page(unsigned long mfn)
{
    __atomic_fetch_add(&frees[mfn], 1, __ATOMIC_SEQ_CST);
}

void free_domain_frame(struct domain *d, unsigned long mfn)
{
    (void)d;
    free_domheap_page(mfn);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();                    /* a BUG in a thread: no longjmp across threads */
}

/* ---- A validator that notices two CPUs validating one frame ---- */

#define DAWDLE          64      /* spins inside a validation or release */
#define TYPE_ROUNDS     100000

static unsigned int validations[NR_FRAMES], releases[NR_FRAMES];
static unsigned int busy[NR_FRAMES], overlaps;
static bool valid[NR_FRAMES];           /* validated and not yet released */
static bool stop_first;                 /* a frame's first validation stops */
static unsigned int early[THREADS];     /* a reference before the validation ended */
static unsigned int mistyped[THREADS];  /* a held frame seen as another type */

static void dawdle(void)
{
    for (volatile int i = 0; i < DAWDLE; i++)
        ;
}

/* Marks the frame busy for the call; a second CPU inside it is an overlap. */
static void enter(unsigned long mfn)
{
    if (__atomic_exchange_n(&busy[mfn], 1, __ATOMIC_ACQ_REL))
        __atomic_fetch_add(&overlaps, 1, __ATOMIC_RELAXED);
    dawdle();
}

static void leave(unsigned long mfn)
{
    __atomic_store_n(&busy[mfn], 0, __ATOMIC_RELEASE);
}

long arch_validate_table(unsigned long mfn, enum page_type type)
{
    bool stop;

    (void)type;
    enter(mfn);
    stop = stop_first && __atomic_fetch_add(&validations[mfn], 1, __ATOMIC_RELAXED) == 0;
    if (stop)
        frame_table[mfn].nr_validated = 1;
    else
        __atomic_store_n(&valid[mfn], true, __ATOMIC_RELEASE);
    if (!stop_first)
        __atomic_fetch_add(&validations[mfn], 1, __ATOMIC_RELAXED);
    leave(mfn);
    return stop ? -XEN_ERESTART : 0;
}

void arch_make_frame_coherent(unsigned long mfn, enum page_type type)
{
    (void)mfn; (void)type;
}

void arch_release_table(unsigned long mfn, enum page_type type, unsigned int nr)
{
    (void)type; (void)nr;
    enter(mfn);
    __atomic_store_n(&valid[mfn], false, __ATOMIC_RELEASE);
    __atomic_fetch_add(&releases[mfn], 1, __ATOMIC_RELAXED);
    leave(mfn);
}

static int setup(void **state)
{
    (void)state;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    max_page = NR_FRAMES;
    memset(frees, 0, sizeof(frees));
    memset(refused, 0, sizeof(refused));
    memset(lost, 0, sizeof(lost));
    memset(validations, 0, sizeof(validations));
    memset(releases, 0, sizeof(releases));
    memset(busy, 0, sizeof(busy));
    memset(valid, 0, sizeof(valid));
    memset(early, 0, sizeof(early));
    memset(mistyped, 0, sizeof(mistyped));
    overlaps = 0;
    stop_first = false;
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        frame_table[mfn].owner = OWNER_ID;
        frame_table[mfn].count = 1;         /* the allocation reference */
    }
    return frame_table ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(frame_table);
    return 0;
}

static void run_threads(void *(*fn)(void *))
{
    pthread_t t[THREADS];
    uintptr_t i;

    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, fn, (void *)i), 0);
    for (i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&start_line);
}

/* A lost count shows as a refused get, or as a free of a frame still owned. */
static void *holder(void *arg)
{
    uintptr_t me = (uintptr_t)arg;

    pthread_barrier_wait(&start_line);
    for (unsigned int r = 0; r < stress_rounds(ROUNDS) && !frees[0]; r++) {
        if (get_page(0, &owner))
            put_page(0);
        else
            lost[me]++;
    }
    return NULL;
}

static void assert_nothing_lost(void)
{
    for (unsigned int i = 0; i < THREADS; i++)
        assert_int_equal(lost[i], 0);
    assert_int_equal(frees[0], 0);
    assert_int_equal(frame_table[0].count, 1);
}

/* Half the threads hold, half ask as another domain. */
static void *holder_or_stranger(void *arg)
{
    uintptr_t me = (uintptr_t)arg;

    if (me % 2 == 0)
        return holder(arg);
    pthread_barrier_wait(&start_line);
    for (unsigned int r = 0; r < stress_rounds(ROUNDS) && !frees[0]; r++)
        refused[me] += !get_page(0, &stranger);
    return NULL;
}

static void test_holders_never_lose_a_count(void **state)
{
    (void)state;
    run_threads(holder);
    assert_nothing_lost();
}

static void test_strangers_refused_while_holders_race(void **state)
{
    (void)state;
    run_threads(holder_or_stranger);
    for (unsigned int i = 1; i < THREADS; i += 2)
        assert_int_equal(refused[i], stress_rounds(ROUNDS));
    assert_nothing_lost();
}

/* Every frame gets one reference per thread, then the owner lets go. */
static void *dropper(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++)
        put_own_page(&owner, mfn);
    return NULL;
}

static void test_last_drop_frees_once(void **state)
{
    (void)state;
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        for (unsigned int i = 0; i < THREADS; i++)
            assert_true(get_page(mfn, &owner));
        put_own_page(&owner, mfn);          /* the allocation reference */
    }
    run_threads(dropper);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        assert_int_equal(frees[mfn], 1);
        assert_int_equal(frame_table[mfn].count, 0);
        assert_false(get_page(mfn, &owner));
    }
}

/* ---- Type references ---- */

static void *take_l1_everywhere(void *arg)
{
    uintptr_t me = (uintptr_t)arg;

    pthread_barrier_wait(&start_line);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        if (!get_page_type(mfn, PGT_l1))
            lost[me]++;
        else if (!__atomic_load_n(&valid[mfn], __ATOMIC_ACQUIRE))
            early[me]++;
    }
    return NULL;
}

static void *put_everywhere(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++)
        put_page_type(mfn);
    return NULL;
}

static void assert_threads_clean(void)
{
    for (unsigned int i = 0; i < THREADS; i++) {
        assert_int_equal(lost[i], 0);
        assert_int_equal(early[i], 0);
        assert_int_equal(mistyped[i], 0);
    }
    assert_int_equal(overlaps, 0);
}

static void assert_untyped(unsigned long mfn)
{
    assert_int_equal(frame_table[mfn].type_count, 0);
    assert_int_equal(frame_table[mfn].type, PGT_none);
    assert_false(frame_table[mfn].flags & (PGF_validated | PGF_partial));
    assert_int_equal(frame_table[mfn].nr_validated, 0);
}

static void test_table_validated_once(void **state)
{
    (void)state;
    run_threads(take_l1_everywhere);
    assert_threads_clean();
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        assert_int_equal(validations[mfn], 1);
        assert_int_equal(frame_table[mfn].type_count, THREADS);
        assert_true(frame_table[mfn].flags & PGF_validated);
    }
    run_threads(put_everywhere);
    assert_int_equal(overlaps, 0);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        assert_int_equal(releases[mfn], 1);
        assert_untyped(mfn);
    }
}

/* Holding a reference of one type, the frame must show that type, validated. */
static void check_held(uintptr_t me, unsigned long mfn, enum page_type type)
{
    uint64_t x = __atomic_load_n(&frame_table[mfn].type_info, __ATOMIC_ACQUIRE);

    if (((x >> PGTI_TYPE_SHIFT) & 0xff) != type ||
        !(x & ((uint64_t)PGF_validated << PGTI_FLAGS_SHIFT)) ||
        (type == PGT_l1 && !__atomic_load_n(&valid[mfn], __ATOMIC_ACQUIRE)))
        mistyped[me]++;
}

static void *writer_or_table(void *arg)
{
    uintptr_t me = (uintptr_t)arg;
    enum page_type type = me % 2 ? PGT_l1 : PGT_writable;
    unsigned long mfn;

    pthread_barrier_wait(&start_line);
    for (unsigned int r = 0; r < stress_rounds(TYPE_ROUNDS); r++) {
        mfn = r % 4;
        if (!get_page_type(mfn, type))
            continue;                   /* the other type holds it: refused */
        check_held(me, mfn, type);
        put_page_type(mfn);
    }
    return NULL;
}

static void test_writable_never_beside_table(void **state)
{
    (void)state;
    run_threads(writer_or_table);
    assert_threads_clean();
    for (unsigned long mfn = 0; mfn < 4; mfn++) {
        assert_untyped(mfn);
        assert_int_equal(validations[mfn], releases[mfn]);
    }
}

/* Asks until the answer is not "stopped part-way", as a continuation does. */
static void *resume_everywhere(void *arg)
{
    uintptr_t me = (uintptr_t)arg;
    long rc;

    pthread_barrier_wait(&start_line);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        while ((rc = get_page_type_rc(mfn, PGT_l1)) == -XEN_ERESTART)
            ;
        if (rc)
            lost[me]++;
        else if (!__atomic_load_n(&valid[mfn], __ATOMIC_ACQUIRE))
            early[me]++;
    }
    return NULL;
}

static void test_partial_resumed_once(void **state)
{
    (void)state;
    stop_first = true;
    run_threads(resume_everywhere);
    assert_threads_clean();
    assert_int_equal(nr_partial_pages, 0);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        assert_int_equal(validations[mfn], 2);      /* stopped once, resumed once */
        assert_int_equal(frame_table[mfn].type_count, THREADS);
        assert_int_equal(frame_table[mfn].count, 1);    /* the partial state's own went */
        assert_false(frame_table[mfn].flags & PGF_partial);
    }
    run_threads(put_everywhere);
    for (unsigned long mfn = 0; mfn < NR_FRAMES; mfn++) {
        assert_int_equal(releases[mfn], 1);
        assert_untyped(mfn);
    }
}

static unsigned int inside, crowded;

static void *locker_or_user(void *arg)
{
    uintptr_t me = (uintptr_t)arg;
    enum page_type type;

    pthread_barrier_wait(&start_line);
    for (unsigned int r = 0; r < stress_rounds(TYPE_ROUNDS); r++) {
        if (me % 2) {
            if (!get_page_type(0, PGT_l1))
                lost[me]++;
            else
                put_page_type(0);
        } else if (!page_lock(0, &type) || type != PGT_l1) {
            lost[me]++;
        } else {
            if (__atomic_fetch_add(&inside, 1, __ATOMIC_ACQ_REL))
                __atomic_fetch_add(&crowded, 1, __ATOMIC_RELAXED);
            dawdle();
            __atomic_fetch_sub(&inside, 1, __ATOMIC_ACQ_REL);
            page_unlock(0);
        }
    }
    return NULL;
}

static void test_page_locked_alone(void **state)
{
    (void)state;
    inside = crowded = 0;
    assert_true(get_page_type(0, PGT_l1));          /* a pin, say */
    run_threads(locker_or_user);
    assert_threads_clean();
    assert_int_equal(crowded, 0);
    assert_int_equal(frame_table[0].type_count, 1);
    assert_false(frame_table[0].flags & PGF_locked);
    assert_int_equal(validations[0], 1);
    put_page_type(0);
    assert_untyped(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_holders_never_lose_a_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strangers_refused_while_holders_race,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_drop_frees_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_validated_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writable_never_beside_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_resumed_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_locked_alone, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
