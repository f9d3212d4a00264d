/*
 * tests/unit/test_spinlock.c - the ticket spinlock (minixen/spinlock.h),
 * with host threads standing in for CPUs.
 *
 * - Alone: a lock is free, held, free again; trylock fails while it is
 *   held and while someone waits, and succeeds on a free lock.
 * - Mutual exclusion: THREADS threads add to a shared counter under the
 *   lock with a plain (non-atomic) increment, ROUNDS times each; the
 *   count comes out exact and nobody is ever inside with another.
 * - Order: tickets are served in the order they were taken, so a waiter
 *   that took its ticket first gets the lock first.
 * - Wrap-around: the 16-bit tickets wrap after 65536 acquisitions and
 *   the lock goes on working.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>
#include "stress.h"

#include <minixen/spinlock.h>

#define THREADS 2
#define ROUNDS  100000

static DEFINE_SPINLOCK(lock);
static unsigned long counter;
static unsigned int inside, crowded;
static pthread_barrier_t start_line;

static void test_alone(void **state)
{
    spinlock_t l = SPIN_LOCK_UNLOCKED;

    (void)state;
    assert_false(spin_is_locked(&l));
    spin_lock(&l);
    assert_true(spin_is_locked(&l));
    assert_false(spin_trylock(&l));
    spin_unlock(&l);
    assert_false(spin_is_locked(&l));
    assert_true(spin_trylock(&l));
    assert_true(spin_is_locked(&l));
    spin_unlock(&l);
    l.tail++;                           /* a waiter behind a holder */
    l.tail++;
    l.head++;                           /* the holder left: the waiter's turn */
    assert_false(spin_trylock(&l));
}

static void *adder(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start_line);
    for (unsigned int r = 0; r < stress_rounds(ROUNDS); r++) {
        spin_lock(&lock);
        if (__atomic_fetch_add(&inside, 1, __ATOMIC_RELAXED))
            __atomic_fetch_add(&crowded, 1, __ATOMIC_RELAXED);
        counter++;
        __atomic_fetch_sub(&inside, 1, __ATOMIC_RELAXED);
        spin_unlock(&lock);
    }
    return NULL;
}

static void test_mutual_exclusion(void **state)
{
    pthread_t t[THREADS];

    (void)state;
    counter = 0;
    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, adder, NULL), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&start_line);
    assert_int_equal(counter, (unsigned long)THREADS * stress_rounds(ROUNDS));
    assert_int_equal(crowded, 0);
    assert_false(spin_is_locked(&lock));
}

/* Each waiter notes when it got in; they queued in a known order. */
static spinlock_t queue_lock = SPIN_LOCK_UNLOCKED;
static unsigned int served[THREADS], next_served;

static void *waiter(void *arg)
{
    uintptr_t me = (uintptr_t)arg;

    spin_lock(&queue_lock);
    served[me] = next_served++;
    spin_unlock(&queue_lock);
    return NULL;
}

static void test_served_in_ticket_order(void **state)
{
    pthread_t t[THREADS];

    (void)state;
    next_served = 0;
    spin_lock(&queue_lock);
    for (uintptr_t i = 0; i < THREADS; i++) {
        uint16_t want = (uint16_t)(queue_lock.tail + 1);

        assert_int_equal(pthread_create(&t[i], NULL, waiter, (void *)i), 0);
        while (__atomic_load_n(&queue_lock.tail, __ATOMIC_ACQUIRE) != want)
            ;                           /* it has its ticket: the next one queues behind */
    }
    spin_unlock(&queue_lock);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (unsigned int i = 0; i < THREADS; i++)
        assert_int_equal(served[i], i);
}

static void test_tickets_wrap(void **state)
{
    spinlock_t l = { .head = 0xfffe, .tail = 0xfffe };

    (void)state;
    for (unsigned int i = 0; i < 4; i++) {
        spin_lock(&l);
        assert_true(spin_is_locked(&l));
        spin_unlock(&l);
    }
    assert_int_equal(l.head, 2);
    assert_int_equal(l.tail, 2);
    assert_true(spin_trylock(&l));
    spin_unlock(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alone),
        cmocka_unit_test(test_mutual_exclusion),
        cmocka_unit_test(test_served_in_ticket_order),
        cmocka_unit_test(test_tickets_wrap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
