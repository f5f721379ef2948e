/* MT19937, the generator under CPython's random.Random, word for word as
 * Modules/_randommodule.c runs it (init_genrand, init_by_array,
 * genrand_uint32, genrand_res53).  State is 624 words plus an index; the
 * index is 624 right after seeding, so the first draw twists the block. */
#ifndef PYSTD_RANDOM_MT_H
#define PYSTD_RANDOM_MT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RANDOM_MT_N 624

typedef struct random_mt {
    uint32_t mt[RANDOM_MT_N];
    int index;    /* 0..RANDOM_MT_N: next word to temper; RANDOM_MT_N = twist first */
    bool twisted; /* index is RANDOM_MT_N, yet mt[] already holds the block the next twist
                     computes: that twist only resets the index (the block before it is not
                     kept; random_state keeps the seed that makes it again) */
} random_mt;

/* Both seeders clear `twisted`; so must anything else that writes mt[]. */
void random_mt_init_genrand(random_mt *m, uint32_t s);
/* key_length >= 1 (CPython always passes at least one word). */
void random_mt_init_by_array(random_mt *m, const uint32_t *key, size_t key_length);
/* Regenerate the block of RANDOM_MT_N words (index >= RANDOM_MT_N). */
void random_mt_twist(random_mt *m);
/* The twist itself, in place on a block. */
void random_mt_twist_block(uint32_t mt[RANDOM_MT_N]);

/* genrand_uint32: the next 32-bit output. */
static inline uint32_t random_mt_next(random_mt *m)
{
    if (m->index >= RANDOM_MT_N)
        random_mt_twist(m);
    uint32_t y = m->mt[m->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

/* random(): a float in [0, 1) with 53 random bits (genrand_res53). */
static inline double random_mt_random(random_mt *m)
{
    uint32_t a = random_mt_next(m) >> 5, b = random_mt_next(m) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

#endif
