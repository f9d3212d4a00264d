/*
 * tests/unit/test_timer.c - the software timer queue
 * (hypervisor/common/timer.c, rules in minixen/timer.h).
 *
 * timer.c is linked as it is.  The queue functions (timer_queue_*) are
 * pure; set_timer(), stop_timer() and timer_softirq() work on this CPU's
 * queue, so the test defines host_test_pcpu and fakes the clock (get_s_time)
 * and the hardware hook (arch_timer_program, which records its calls).
 *
 * Every timer function used here appends its timer's name to a log, so a
 * test checks exactly which timers ran and in what order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <cmocka.h>
#include "stress.h"

#include <minixen/timer.h>
#include <minixen/percpu.h>
#include <asm/time.h>
#include <asm/smp.h>

#define NR_TIMERS   8
#define LOG_LEN     64
#define MAX_PROGRAM 16

struct pcpu host_test_pcpu;
/* CPU 0 is this one; CPU 1 another, whose queue only kicks reach. */
static struct pcpu other_pcpu;
struct pcpu *cpu_pcpu[MAX_PHYS_CPUS] = { &host_test_pcpu, &other_pcpu };

static uint64_t fake_now;
static unsigned int now_calls;

uint64_t get_s_time(void)
{
    return fake_now;
}

static uint64_t clock_now(void)
{
    now_calls++;
    return fake_now;
}

/*
 * What arch_timer_program() was asked for, in order: the first
 * MAX_PROGRAM calls, and how many in all.  No assertion here: the race
 * test's threads call it too, and cmocka's failures are for the main
 * thread.
 */
static uint64_t programmed[MAX_PROGRAM];
static atomic_uint nr_programmed;

void arch_timer_program(uint64_t deadline)
{
    unsigned int n = atomic_fetch_add(&nr_programmed, 1);

    if (n < MAX_PROGRAM)
        programmed[n] = deadline;
}

/* CPUs kicked (arch_timer_kick), in order, kept as arch_timer_program()'s. */
static unsigned int kicked[MAX_PROGRAM];
static atomic_uint nr_kicked;

void arch_timer_kick(unsigned int cpu)
{
    unsigned int n = atomic_fetch_add(&nr_kicked, 1);

    if (n < MAX_PROGRAM)
        kicked[n] = cpu;
}

/* ---- Timers that log their runs ---- */

static struct timer_queue q;
static struct timer timers[NR_TIMERS];
static char run_log[LOG_LEN];

/* What a timer function does besides logging itself. */
enum action { ACT_NONE, ACT_REARM, ACT_REMOVE };

static struct {
    enum action action;
    struct timer *target;       /* re-armed or removed */
    uint64_t expires;           /* for ACT_REARM */
    unsigned int times;         /* do it this many runs, then stop */
} act[NR_TIMERS];

static unsigned int index_of(const struct timer *t)
{
    return (unsigned int)(t - timers);
}

static void log_fn(void *data)
{
    struct timer *t = data;
    unsigned int i = index_of(t);
    size_t len = strlen(run_log);

    assert_true(len + 1 < LOG_LEN);
    run_log[len] = (char)('A' + i);
    run_log[len + 1] = '\0';
    /* A timer runs off the queue: it is never active while its function runs. */
    assert_false(timer_is_active(t));
    if (!act[i].times)
        return;
    act[i].times--;
    if (act[i].action == ACT_REARM)
        timer_queue_add(&q, act[i].target, act[i].expires);
    else if (act[i].action == ACT_REMOVE)
        timer_queue_remove(&q, act[i].target);
}

/* Timer A is timers[0], B timers[1], ... */
#define T(c) (&timers[(c) - 'A'])

static int setup(void **state)
{
    unsigned int i;

    (void)state;
    memset(&q, 0, sizeof(q));
    memset(act, 0, sizeof(act));
    memset(&host_test_pcpu, 0, sizeof(host_test_pcpu));
    memset(&other_pcpu, 0, sizeof(other_pcpu));
    for (i = 0; i < NR_TIMERS; i++)
        init_timer(&timers[i], log_fn, &timers[i], 0);
    nr_kicked = 0;
    run_log[0] = '\0';
    fake_now = 0;
    now_calls = 0;
    nr_programmed = 0;
    return 0;
}

/* The queue's timers, head first, as letters; checks the links and flags. */
static void assert_queue(const struct timer_queue *queue, const char *expect)
{
    char got[NR_TIMERS + 1];
    unsigned int n = 0, i, active = 0;
    const struct timer *t;

    for (t = queue->head; t; t = t->next) {
        assert_true(n < NR_TIMERS);
        assert_true(t->active);
        if (t->next)
            assert_true(t->expires <= t->next->expires);
        got[n++] = (char)('A' + index_of(t));
    }
    got[n] = '\0';
    assert_string_equal(got, expect);
    /* No timer outside the queue thinks it is in one. */
    for (i = 0; i < NR_TIMERS; i++)
        active += timers[i].active;
    assert_int_equal(active, n);
}

/* ---- Adding and ordering ---- */

static void test_init_timer(void **state)
{
    struct timer t;

    (void)state;
    memset(&t, 0xa5, sizeof(t));
    init_timer(&t, log_fn, &t, 1);
    assert_int_equal(t.cpu, 1);
    assert_ptr_equal(t.fn, log_fn);
    assert_ptr_equal(t.data, &t);
    assert_false(timer_is_active(&t));
    assert_null(t.next);
    assert_int_equal(t.expires, 0);
}

static void test_empty_queue(void **state)
{
    (void)state;
    assert_int_equal(timer_queue_next(&q), 0);
    assert_queue(&q, "");
    fake_now = 1000;
    assert_int_equal(timer_queue_run(&q, clock_now), 0);
    assert_string_equal(run_log, "");
    assert_queue(&q, "");
}

static void test_add_orders_by_expiry(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 300);
    timer_queue_add(&q, T('B'), 100);
    timer_queue_add(&q, T('C'), 200);
    timer_queue_add(&q, T('D'), 400);
    timer_queue_add(&q, T('E'), 50);
    assert_queue(&q, "EBCAD");
    assert_int_equal(timer_queue_next(&q), 50);
    assert_int_equal(T('A')->expires, 300);
    assert_true(timer_is_active(T('A')));
}

static void test_equal_deadlines_in_arming_order(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 100);
    timer_queue_add(&q, T('C'), 50);
    timer_queue_add(&q, T('D'), 100);
    timer_queue_add(&q, T('E'), 150);
    timer_queue_add(&q, T('F'), 100);
    assert_queue(&q, "CABDFE");
    fake_now = 100;
    assert_int_equal(timer_queue_run(&q, clock_now), 5);
    assert_string_equal(run_log, "CABDF");
    assert_queue(&q, "E");
}

static void test_rearm_moves(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 200);
    timer_queue_add(&q, T('C'), 300);
    /* Later: from the head to the tail, no duplicate link. */
    timer_queue_add(&q, T('A'), 400);
    assert_queue(&q, "BCA");
    /* Earlier: from the tail to the head. */
    timer_queue_add(&q, T('A'), 10);
    assert_queue(&q, "ABC");
    assert_int_equal(timer_queue_next(&q), 10);
    /* Into the middle. */
    timer_queue_add(&q, T('A'), 250);
    assert_queue(&q, "BAC");
    /* Same expiry as another: re-arming counts as arming again, so behind it. */
    timer_queue_add(&q, T('C'), 200);
    assert_queue(&q, "BCA");
    /* Same expiry as itself: goes behind timers of equal expiry armed meanwhile. */
    timer_queue_add(&q, T('D'), 200);
    timer_queue_add(&q, T('B'), 200);
    assert_queue(&q, "CDBA");
    assert_int_equal(T('A')->expires, 250);
}

static void test_expiry_zero_and_max(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), UINT64_MAX);
    timer_queue_add(&q, T('B'), 0);
    assert_queue(&q, "BA");
    /*
     * timer_queue_next() says 0 for "empty", so a timer due at time 0 is
     * indistinguishable from none; it still runs on the next pass.
     */
    assert_int_equal(timer_queue_next(&q), 0);
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_string_equal(run_log, "B");
    assert_int_equal(timer_queue_next(&q), UINT64_MAX);
    fake_now = UINT64_MAX - 1;
    assert_int_equal(timer_queue_run(&q, clock_now), 0);
    fake_now = UINT64_MAX;
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_string_equal(run_log, "BA");
}

/* ---- Removing ---- */

static void test_remove_inactive(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 200);
    /* Never armed. */
    timer_queue_remove(&q, T('C'));
    assert_queue(&q, "AB");
    /* Removed twice. */
    timer_queue_remove(&q, T('A'));
    timer_queue_remove(&q, T('A'));
    assert_queue(&q, "B");
    assert_false(timer_is_active(T('A')));
    assert_null(T('A')->next);
}

static void test_remove_head_middle_tail(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 200);
    timer_queue_add(&q, T('C'), 300);
    timer_queue_add(&q, T('D'), 400);
    timer_queue_add(&q, T('E'), 500);

    timer_queue_remove(&q, T('A'));            /* head */
    assert_queue(&q, "BCDE");
    assert_int_equal(timer_queue_next(&q), 200);
    assert_null(T('A')->next);

    timer_queue_remove(&q, T('E'));            /* tail */
    assert_queue(&q, "BCD");
    assert_null(T('D')->next);

    timer_queue_remove(&q, T('C'));            /* middle */
    assert_queue(&q, "BD");
    assert_ptr_equal(T('B')->next, T('D'));
    assert_null(T('C')->next);

    timer_queue_remove(&q, T('D'));
    timer_queue_remove(&q, T('B'));            /* the last one */
    assert_queue(&q, "");
    assert_null(q.head);
    assert_int_equal(timer_queue_next(&q), 0);

    /* A removed timer can be armed again. */
    timer_queue_add(&q, T('C'), 42);
    assert_queue(&q, "C");
}

static void test_removed_timer_does_not_run(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 100);
    timer_queue_remove(&q, T('A'));
    fake_now = 1000;
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_string_equal(run_log, "B");
}

/* ---- Running ---- */

static void test_run_only_due_earliest_first(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 300);
    timer_queue_add(&q, T('B'), 100);
    timer_queue_add(&q, T('C'), 201);
    timer_queue_add(&q, T('D'), 200);
    timer_queue_add(&q, T('E'), 500);

    fake_now = 99;
    assert_int_equal(timer_queue_run(&q, clock_now), 0);
    assert_string_equal(run_log, "");
    assert_queue(&q, "BDCAE");

    fake_now = 200;                            /* due means expires <= now */
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "BD");
    assert_queue(&q, "CAE");
    assert_false(timer_is_active(T('B')));
    assert_int_equal(timer_queue_next(&q), 201);

    fake_now = 1000;
    assert_int_equal(timer_queue_run(&q, clock_now), 3);
    assert_string_equal(run_log, "BDCAE");
    assert_queue(&q, "");
    assert_int_equal(timer_queue_run(&q, clock_now), 0);
}

/* The clock is read again before each timer, not once per pass. */
static uint64_t advancing_clock(void)
{
    now_calls++;
    fake_now += 100;
    return fake_now;
}

static void test_run_rereads_clock(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 200);
    timer_queue_add(&q, T('C'), 300);
    timer_queue_add(&q, T('D'), 450);
    fake_now = 0;
    /* Reads 100 (A runs), 200 (B), 300 (C), 400: D not yet due. */
    assert_int_equal(timer_queue_run(&q, advancing_clock), 3);
    assert_string_equal(run_log, "ABC");
    assert_int_equal(now_calls, 4);
    assert_queue(&q, "D");
}

static void test_fn_rearms_itself_in_past_runs_again(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 150);
    timer_queue_add(&q, T('C'), 5000);
    act[0] = (typeof(act[0])){ ACT_REARM, T('A'), 120, 2 };
    fake_now = 200;
    /* A(100) re-arms for 120 (past): runs again before B; then once more. */
    assert_int_equal(timer_queue_run(&q, clock_now), 4);
    assert_string_equal(run_log, "AAAB");
    assert_queue(&q, "C");
}

static void test_fn_rearms_itself_in_future_waits(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 150);
    act[0] = (typeof(act[0])){ ACT_REARM, T('A'), 300, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "AB");
    assert_queue(&q, "A");
    assert_int_equal(timer_queue_next(&q), 300);
    fake_now = 300;
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_string_equal(run_log, "ABA");
}

/* A periodic timer that re-arms itself at now: due, so it runs again this pass. */
static void test_fn_rearms_itself_at_now(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    act[0] = (typeof(act[0])){ ACT_REARM, T('A'), 200, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "AA");
    assert_queue(&q, "");
}

static void test_fn_arms_other_in_past_runs_same_pass(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 180);
    /* C was never armed; A arms it for 150 (past, before B). */
    act[0] = (typeof(act[0])){ ACT_REARM, T('C'), 150, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 3);
    assert_string_equal(run_log, "ACB");
    assert_queue(&q, "");
}

static void test_fn_moves_other_later_into_future(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 150);
    timer_queue_add(&q, T('C'), 160);
    /* A pushes B (due) past now: B must not run in this pass. */
    act[0] = (typeof(act[0])){ ACT_REARM, T('B'), 1000, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "AC");
    assert_queue(&q, "B");
    assert_int_equal(timer_queue_next(&q), 1000);
}

static void test_fn_arms_other_in_future_waits(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    act[0] = (typeof(act[0])){ ACT_REARM, T('C'), 201, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_string_equal(run_log, "A");
    assert_queue(&q, "C");
}

static void test_fn_removes_later_due_timer(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 150);
    timer_queue_add(&q, T('C'), 160);
    timer_queue_add(&q, T('D'), 900);
    /* A stops B, due in this very pass: B must not run. */
    act[0] = (typeof(act[0])){ ACT_REMOVE, T('B'), 0, 1 };
    fake_now = 200;
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "AC");
    assert_queue(&q, "D");
    assert_false(timer_is_active(T('B')));
}

static void test_fn_removes_tail(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 500);
    timer_queue_add(&q, T('C'), 900);
    act[0] = (typeof(act[0])){ ACT_REMOVE, T('C'), 0, 1 };
    fake_now = 100;
    assert_int_equal(timer_queue_run(&q, clock_now), 1);
    assert_queue(&q, "B");
}

/* Stopping itself from its own function: it is already off the queue. */
static void test_fn_removes_itself(void **state)
{
    (void)state;
    timer_queue_add(&q, T('A'), 100);
    timer_queue_add(&q, T('B'), 100);
    act[0] = (typeof(act[0])){ ACT_REMOVE, T('A'), 0, 1 };
    fake_now = 100;
    assert_int_equal(timer_queue_run(&q, clock_now), 2);
    assert_string_equal(run_log, "AB");
    assert_queue(&q, "");
}

/* ---- This CPU's queue and the hardware ---- */

static void test_set_timer_programs_on_head_change(void **state)
{
    struct timer_queue *cpuq = &host_test_pcpu.timers;

    (void)state;
    set_timer(T('A'), 500);                    /* new head */
    assert_int_equal(nr_programmed, 1);
    assert_int_equal(programmed[0], 500);
    set_timer(T('B'), 700);                    /* behind the head: untouched */
    assert_int_equal(nr_programmed, 1);
    set_timer(T('C'), 300);                    /* new head */
    assert_int_equal(nr_programmed, 2);
    assert_int_equal(programmed[1], 300);
    assert_queue(cpuq, "CAB");
    stop_timer(T('A'));                        /* not the head */
    assert_int_equal(nr_programmed, 2);
    stop_timer(T('D'));                        /* not armed */
    assert_int_equal(nr_programmed, 2);
    stop_timer(T('C'));                        /* head goes: next one programmed */
    assert_int_equal(nr_programmed, 3);
    assert_int_equal(programmed[2], 700);
    set_timer(T('B'), 700);                    /* re-armed, same deadline */
    assert_int_equal(nr_programmed, 3);
    stop_timer(T('B'));                        /* queue empties: 0 = no interrupt */
    assert_int_equal(nr_programmed, 4);
    assert_int_equal(programmed[3], 0);
    assert_queue(cpuq, "");
    assert_ptr_equal(host_test_pcpu.timers.head, NULL);
}

static void test_timer_softirq_runs_due_and_reprograms(void **state)
{
    (void)state;
    set_timer(T('A'), 100);
    set_timer(T('B'), 200);
    set_timer(T('C'), 300);
    nr_programmed = 0;
    fake_now = 250;
    timer_softirq();
    assert_string_equal(run_log, "AB");
    assert_int_equal(nr_programmed, 1);
    assert_int_equal(programmed[0], 300);
    fake_now = 400;
    timer_softirq();
    assert_string_equal(run_log, "ABC");
    assert_int_equal(nr_programmed, 2);
    assert_int_equal(programmed[1], 0);
}

/* ---- Another CPU's timers ---- */

static void test_other_cpu_timer_kicks_on_earlier_head(void **state)
{
    (void)state;
    T('A')->cpu = T('B')->cpu = T('C')->cpu = 1;
    set_timer(T('A'), 500);                    /* its first deadline: kicked */
    set_timer(T('B'), 700);                    /* behind it: no kick */
    set_timer(T('C'), 300);                    /* earlier again: kicked */
    stop_timer(T('C'));                        /* later head: it finds out itself */
    assert_int_equal(nr_kicked, 2);
    assert_int_equal(kicked[0], 1);
    assert_int_equal(kicked[1], 1);
    assert_int_equal(nr_programmed, 0);        /* never this CPU's APIC */
    assert_queue(&other_pcpu.timers, "AB");
    assert_null(host_test_pcpu.timers.head);
}

static void test_other_cpu_timer_runs_on_its_queue(void **state)
{
    (void)state;
    T('A')->cpu = 1;
    set_timer(T('A'), 100);
    set_timer(T('B'), 100);
    fake_now = 200;
    timer_softirq();                           /* this CPU's: B only */
    assert_string_equal(run_log, "B");
    assert_int_equal(timer_queue_run(&other_pcpu.timers, clock_now), 1);
    assert_string_equal(run_log, "BA");
}

static void test_migrate_keeps_expiry(void **state)
{
    (void)state;
    set_timer(T('A'), 400);
    set_timer(T('B'), 600);
    nr_programmed = 0;
    migrate_timer(T('A'), 1);                  /* armed: armed there */
    assert_int_equal(T('A')->cpu, 1);
    assert_int_equal(T('A')->expires, 400);
    assert_ptr_equal(other_pcpu.timers.head, T('A'));
    assert_null(T('A')->next);
    assert_ptr_equal(host_test_pcpu.timers.head, T('B'));
    assert_int_equal(nr_kicked, 1);
    assert_int_equal(kicked[0], 1);
    migrate_timer(T('C'), 1);                  /* not armed: stays so */
    assert_int_equal(T('C')->cpu, 1);
    assert_false(timer_is_active(T('C')));
    migrate_timer(T('A'), 0);                  /* back, and head here: programmed */
    assert_int_equal(T('A')->cpu, 0);
    assert_int_equal(nr_programmed, 1);
    assert_int_equal(programmed[0], 400);
    migrate_timer(T('A'), 0);                  /* already there: nothing */
    assert_int_equal(nr_programmed, 1);
    assert_null(other_pcpu.timers.head);
}

/* ---- kill_timer() against a function running on another CPU ---- */

static atomic_bool fn_entered, fn_release, fn_left, killed;

static void slow_fn(void *data)
{
    (void)data;
    atomic_store(&fn_entered, true);
    while (!atomic_load(&fn_release))
        ;
    atomic_store(&fn_left, true);
}

static void *other_cpu_runs(void *arg)
{
    (void)arg;
    timer_queue_run(&other_pcpu.timers, clock_now);
    return NULL;
}

/* Only once the function has returned may the timer go: recorded for the main thread. */
static atomic_bool killed_early;

static void *killer(void *arg)
{
    kill_timer(arg);
    atomic_store(&killed_early, !atomic_load(&fn_left));
    atomic_store(&killed, true);
    return NULL;
}

static void test_kill_waits_for_running_fn(void **state)
{
    pthread_t cpu1, k;
    struct timer t;

    (void)state;
    init_timer(&t, slow_fn, NULL, 1);
    set_timer(&t, 10);
    fake_now = 20;
    assert_int_equal(pthread_create(&cpu1, NULL, other_cpu_runs, NULL), 0);
    while (!atomic_load(&fn_entered))
        ;
    stop_timer(&t);                            /* returns at once: not armed */
    assert_int_equal(pthread_create(&k, NULL, killer, &t), 0);
    usleep(20000);
    assert_false(atomic_load(&killed));        /* still waiting for slow_fn */
    atomic_store(&fn_release, true);
    assert_int_equal(pthread_join(k, NULL), 0);
    assert_int_equal(pthread_join(cpu1, NULL), 0);
    assert_true(atomic_load(&killed));
    assert_false(atomic_load(&killed_early));
}

/* A function that re-arms its own timer (the periodic one) cannot bring a killed timer back. */
static atomic_bool rearm_entered, rearm_release;
static struct timer rearming;

static void rearm_fn(void *data)
{
    (void)data;
    atomic_store(&rearm_entered, true);
    while (!atomic_load(&rearm_release))
        ;
    set_timer(&rearming, 1000);
}

static void test_kill_beats_rearm(void **state)
{
    pthread_t cpu1, k;

    (void)state;
    atomic_store(&rearm_entered, false);
    atomic_store(&rearm_release, false);
    atomic_store(&killed, false);
    atomic_store(&fn_left, true);
    init_timer(&rearming, rearm_fn, NULL, 1);
    set_timer(&rearming, 10);
    fake_now = 20;
    assert_int_equal(pthread_create(&cpu1, NULL, other_cpu_runs, NULL), 0);
    while (!atomic_load(&rearm_entered))
        ;
    assert_int_equal(pthread_create(&k, NULL, killer, &rearming), 0);
    usleep(20000);
    assert_false(atomic_load(&killed));        /* waits for rearm_fn */
    atomic_store(&rearm_release, true);
    assert_int_equal(pthread_join(k, NULL), 0);
    assert_int_equal(pthread_join(cpu1, NULL), 0);
    assert_false(timer_is_active(&rearming));  /* its set_timer was ignored */
    assert_null(other_pcpu.timers.head);
    set_timer(&rearming, 30);                  /* and so is anyone's */
    assert_false(timer_is_active(&rearming));
}

/* ---- Several CPUs arming and stopping at once ---- */

/*
 * Two threads, as test_spinlock.c: each stands for a CPU, and a ticket
 * lock's next holder must be running to take its turn, so more threads
 * than the host has cores only measure the host's scheduler.
 */
#define RACE_THREADS    2
#define RACE_ROUNDS     50000

static struct timer race_timer[RACE_THREADS][2];

static void noop_fn(void *data) { (void)data; }

/* Each thread arms, moves and stops its own two timers on both queues. */
static void *race_arm(void *arg)
{
    struct timer *mine = race_timer[(uintptr_t)arg];

    for (unsigned int i = 0; i < stress_rounds(RACE_ROUNDS); i++) {
        set_timer(&mine[0], 1000 + i % 97);
        set_timer(&mine[1], 1000 + i % 89);
        migrate_timer(&mine[i % 2], (i / 2) % 2);
        if (i % 3 == 0)
            stop_timer(&mine[0]);
    }
    return NULL;
}

static unsigned int queue_length(const struct timer_queue *queue)
{
    unsigned int n = 0;

    for (const struct timer *t = queue->head; t; t = t->next) {
        if (t->next)
            assert_true(t->expires <= t->next->expires);
        assert_true(t->active);
        assert_ptr_equal(queue, &cpu_pcpu[t->cpu]->timers);
        n++;
    }
    return n;
}

static void test_race_set_stop_migrate(void **state)
{
    pthread_t th[RACE_THREADS];
    unsigned int i, armed = 0;

    (void)state;
    for (i = 0; i < RACE_THREADS; i++) {
        init_timer(&race_timer[i][0], noop_fn, NULL, 0);
        init_timer(&race_timer[i][1], noop_fn, NULL, 1);
    }
    for (i = 0; i < RACE_THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, race_arm, (void *)(uintptr_t)i), 0);
    for (i = 0; i < RACE_THREADS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (i = 0; i < RACE_THREADS; i++)
        armed += race_timer[i][0].active + race_timer[i][1].active;
    /* Every armed timer is in exactly its own CPU's queue, in order. */
    assert_int_equal(queue_length(&host_test_pcpu.timers) + queue_length(&other_pcpu.timers),
                     armed);
}

/* A watchdog that ends its own domain kills its own timer: no wait for itself. */
static void kill_self_fn(void *data)
{
    kill_timer(data);
}

static void test_kill_from_own_fn(void **state)
{
    struct timer t;

    (void)state;
    init_timer(&t, kill_self_fn, &t, 0);
    set_timer(&t, 10);
    fake_now = 20;
    timer_softirq();
    assert_false(timer_is_active(&t));
    assert_null(host_test_pcpu.timers.running);
}

#define TEST(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_init_timer),
        TEST(test_empty_queue),
        TEST(test_add_orders_by_expiry),
        TEST(test_equal_deadlines_in_arming_order),
        TEST(test_rearm_moves),
        TEST(test_expiry_zero_and_max),
        TEST(test_remove_inactive),
        TEST(test_remove_head_middle_tail),
        TEST(test_removed_timer_does_not_run),
        TEST(test_run_only_due_earliest_first),
        TEST(test_run_rereads_clock),
        TEST(test_fn_rearms_itself_in_past_runs_again),
        TEST(test_fn_rearms_itself_in_future_waits),
        TEST(test_fn_rearms_itself_at_now),
        TEST(test_fn_arms_other_in_past_runs_same_pass),
        TEST(test_fn_moves_other_later_into_future),
        TEST(test_fn_arms_other_in_future_waits),
        TEST(test_fn_removes_later_due_timer),
        TEST(test_fn_removes_tail),
        TEST(test_fn_removes_itself),
        TEST(test_set_timer_programs_on_head_change),
        TEST(test_timer_softirq_runs_due_and_reprograms),
        TEST(test_other_cpu_timer_kicks_on_earlier_head),
        TEST(test_other_cpu_timer_runs_on_its_queue),
        TEST(test_migrate_keeps_expiry),
        TEST(test_kill_waits_for_running_fn),
        TEST(test_kill_from_own_fn),
        TEST(test_kill_beats_rearm),
        TEST(test_race_set_stop_migrate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
