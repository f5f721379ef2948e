/* MT19937 (random_mt.h): init_genrand, init_by_array and the twist of
 * the 624-word state, word for word as Modules/_randommodule.c. */
#include "random/random_mt.h"

#include <pthread.h>
#include <string.h>

#define M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

void random_mt_init_genrand(random_mt *m, uint32_t s)
{
    uint32_t *mt = m->mt;
    mt[0] = s;
    for (int i = 1; i < RANDOM_MT_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    m->index = RANDOM_MT_N;
    m->twisted = false;
}

/* init_by_array always starts from init_genrand(19650218): computed once. */
static random_mt base;
static pthread_once_t base_once = PTHREAD_ONCE_INIT;
static void base_init(void)
{
    random_mt_init_genrand(&base, 19650218U);
}

void random_mt_init_by_array(random_mt *m, const uint32_t *key, size_t key_length)
{
    pthread_once(&base_once, base_init);
    uint32_t *mt = m->mt;
    memcpy(mt, base.mt, sizeof base.mt);
    size_t i = 1, j = 0;
    for (size_t k = RANDOM_MT_N > key_length ? RANDOM_MT_N : key_length; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= RANDOM_MT_N) {
            mt[0] = mt[RANDOM_MT_N - 1];
            i = 1;
        }
        if (j >= key_length)
            j = 0;
    }
    for (size_t k = RANDOM_MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i;
        i++;
        if (i >= RANDOM_MT_N) {
            mt[0] = mt[RANDOM_MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U; /* MSB is 1: a non-zero initial array */
    m->index = RANDOM_MT_N;
    m->twisted = false;
}

void random_mt_twist(random_mt *m)
{
    if (m->twisted)
        m->twisted = false;
    else
        random_mt_twist_block(m->mt);
    m->index = 0;
}

void random_mt_twist_block(uint32_t mt[RANDOM_MT_N])
{
    static const uint32_t mag01[2] = {0x0U, MATRIX_A};
    uint32_t y;
    int kk;
    for (kk = 0; kk < RANDOM_MT_N - M; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    for (; kk < RANDOM_MT_N - 1; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - RANDOM_MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    y = (mt[RANDOM_MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[RANDOM_MT_N - 1] = mt[M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
}
