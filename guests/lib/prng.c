/*
 * guests/lib/prng.c - xorshift64 (shifts 13, 7, 17), see prng.h.
 */
#include "prng.h"

#define XORSHIFT_A 13
#define XORSHIFT_B 7
#define XORSHIFT_C 17
/* Replaces a zero seed, which xorshift cannot leave. */
#define PRNG_ZERO_SEED_SUBSTITUTE 0x9e3779b97f4a7c15ull
#define PERCENT 100

void prng_seed(struct prng *p, uint64_t seed)
{
    p->state = seed ? seed : PRNG_ZERO_SEED_SUBSTITUTE;
}

uint64_t prng_next(struct prng *p)
{
    uint64_t x = p->state;

    x ^= x << XORSHIFT_A;
    x ^= x >> XORSHIFT_B;
    x ^= x << XORSHIFT_C;
    p->state = x;
    return x;
}

/* The small modulo bias does not matter for picking fuzz inputs. */
uint64_t prng_below(struct prng *p, uint64_t n)
{
    return prng_next(p) % n;
}

int prng_percent(struct prng *p, unsigned int percent)
{
    return prng_below(p, PERCENT) < percent;
}
