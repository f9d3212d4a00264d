/*
 * guests/lib/prng.h - a small deterministic pseudo-random generator
 * (xorshift64, Marsaglia 2003) for the fuzz guest: the same seed gives the
 * same request sequence on every run, so a failure can be replayed.
 */
#ifndef GUEST_PRNG_H
#define GUEST_PRNG_H

#include <stdint.h>

struct prng {
    uint64_t state;   /* never 0: xorshift would stay at 0 forever */
};

void prng_seed(struct prng *p, uint64_t seed);
uint64_t prng_next(struct prng *p);
/* A value in [0, n); n > 0. */
uint64_t prng_below(struct prng *p, uint64_t n);
/* True with the given probability in percent. */
int prng_percent(struct prng *p, unsigned int percent);

#endif /* GUEST_PRNG_H */
