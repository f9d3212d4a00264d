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

/* Types stay out of these tests: nothing is validated. */
long arch_validate_table(unsigned long mfn, enum page_type type)
{
    (void)mfn; (void)type;
    return 0;
}

void arch_make_frame_coherent(unsigned long mfn, enum page_type type)
{
    (void)mfn; (void)type;
}

void arch_release_table(unsigned long mfn, enum page_type type)
{
    (void)mfn; (void)type;
}

static int setup(void **state)
{
    (void)state;
    frame_table = calloc(NR_FRAMES, sizeof(*frame_table));
    max_page = NR_FRAMES;
    memset(frees, 0, sizeof(frees));
    memset(refused, 0, sizeof(refused));
    memset(lost, 0, sizeof(lost));
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
    for (unsigned int r = 0; r < ROUNDS && !frees[0]; r++) {
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
    for (unsigned int r = 0; r < ROUNDS && !frees[0]; r++)
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
        assert_int_equal(refused[i], ROUNDS);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_holders_never_lose_a_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strangers_refused_while_holders_race,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_drop_frees_once, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
