/*
 * tests/dom0/bench.h - timing for dom0's benchmark programs, and the
 * lines they print, in the form `make bench` reads from its guests:
 * "bench: NAME VALUE UNIT".
 *
 * Each call is timed on its own between two "lfence; rdtsc" reads, and
 * the figure is the median of those samples less the median of an empty
 * sample (two back-to-back reads).  The median, not the mean, because a
 * timer interrupt or a reschedule lands in a few samples and how many
 * depends on when the command was typed: the median leaves them out, so
 * under QEMU's -icount the figure repeats exactly from boot to boot.
 * The median rather than the minimum, because it is what a typical call
 * costs when the calls do not all take the same path.
 */
#ifndef MINIXEN_TESTS_DOM0_BENCH_H
#define MINIXEN_TESTS_DOM0_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The time stamp counter once every instruction before it has finished. */
static inline uint64_t bench_tsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

/* CLOCK_MONOTONIC in nanoseconds (a system call, so outside the samples). */
static inline uint64_t bench_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* argv[1] as a count of calls, or `fallback` when it is absent or bad. */
static inline long bench_calls(int argc, char **argv, long fallback)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : fallback;

    return n > 0 ? n : fallback;
}

/* n samples, or exit with a message: a benchmark without them is moot. */
static inline uint64_t *bench_samples(const char *prog, long n)
{
    uint64_t *samples = calloc((size_t)n, sizeof(*samples));

    if (!samples) {
        fprintf(stderr, "%s: no memory for %ld samples\n", prog, n);
        exit(1);
    }
    return samples;
}

static int bench_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* The median of n samples (sorts them). */
static inline uint64_t bench_median(uint64_t *samples, long n)
{
    qsort(samples, (size_t)n, sizeof(*samples), bench_cmp);
    return samples[n / 2];
}

/* What an empty sample costs: the median of 1,001 back-to-back reads. */
static inline uint64_t bench_overhead(void)
{
    enum { N = 1001 };
    uint64_t samples[N];

    for (int i = 0; i < N; i++) {
        uint64_t start = bench_tsc();

        samples[i] = bench_tsc() - start;
    }
    return bench_median(samples, N);
}

/* The median of n samples less an empty sample's cost, never below 0. */
static inline uint64_t bench_net_median(uint64_t *samples, long n)
{
    uint64_t median = bench_median(samples, n), empty = bench_overhead();

    return median > empty ? median - empty : 0;
}

static inline void bench_print(const char *name, uint64_t value,
                               const char *unit)
{
    printf("bench: %s %llu %s\n", name, (unsigned long long)value, unit);
    fflush(stdout);
}

#endif /* MINIXEN_TESTS_DOM0_BENCH_H */
