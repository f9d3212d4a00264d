/*
 * tests/dom0/bench.h - timing for dom0's benchmark programs: the time
 * stamp counter, and the one line each prints, in the form `make bench`
 * reads from its guests: "bench: NAME VALUE UNIT".
 */
#ifndef MINIXEN_TESTS_DOM0_BENCH_H
#define MINIXEN_TESTS_DOM0_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <x86intrin.h>

/* Calls per run unless argv[1] says otherwise. */
#define BENCH_DEFAULT_CALLS 100000

static inline long bench_calls(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : BENCH_DEFAULT_CALLS;

    return n > 0 ? n : BENCH_DEFAULT_CALLS;
}

/* rdtscp waits for the instructions before it, so the loop is inside. */
static inline uint64_t bench_ticks(void)
{
    unsigned int aux;

    return __rdtscp(&aux);
}

static inline void bench_report(const char *name, uint64_t ticks, long calls)
{
    printf("bench: %s %llu ticks/call\n", name,
           (unsigned long long)(ticks / (uint64_t)calls));
}

#endif /* MINIXEN_TESTS_DOM0_BENCH_H */
