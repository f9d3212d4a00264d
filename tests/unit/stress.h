/*
 * tests/unit/stress.h - how long a race test races.
 *
 * `make test` runs each race for its own count of rounds; `make stress`
 * sets MINIXEN_STRESS=N in the environment, and every race then runs N
 * times as many (a bad value counts as 1).
 */
#ifndef TEST_STRESS_H
#define TEST_STRESS_H

#include <stdlib.h>

static inline unsigned long stress_rounds(unsigned long rounds)
{
    const char *s = getenv("MINIXEN_STRESS");
    long n = s ? strtol(s, NULL, 10) : 1;

    return rounds * (unsigned long)(n > 0 && n <= 100000 ? n : 1);
}

#endif
