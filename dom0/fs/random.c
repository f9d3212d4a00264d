/*
 * dom0/fs/random.c - the generator behind /dev/random and /dev/urandom:
 * xoshiro256** (fast, passes the usual statistical batteries), its state
 * spread from one 64-bit seed by splitmix64 as its authors recommend.
 * Not cryptographic; dom0's programs use it for hash seeds and temp names.
 */
#include <kernel/kernel.h>
#include "vfs.h"

static uint64_t state[4] = { 1, 2, 3, 4 };

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void random_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        state[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t random_u64(void)
{
    uint64_t result = rotl(state[1] * 5, 7) * 9;
    uint64_t t = state[1] << 17;

    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = rotl(state[3], 45);
    return result;
}
