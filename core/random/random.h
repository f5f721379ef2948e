/* CPython 3.11's random.Random, bit for bit: MT19937 (random_mt.h) seeded as
 * Random.seed() does, getstate/setstate, getrandbits, _randbelow and every
 * public method the API exposes, with Python's exceptions and messages.
 *
 * Values come in as pv (py_value.h): ints of any size, floats, and for the
 * sequence methods only the population's length matters -- they return
 * indices into it, so the caller hands back its own values unchanged.
 *
 * Sizes a client controls are capped by config (config.h): a result of
 * more than max_items items or max_result_bytes bytes is a 422
 * ResourceLimitError, raised only after the checks Python makes first. */
#ifndef PYSTD_RANDOM_H
#define PYSTD_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "py/py_err.h"
#include "py/py_value.h"
#include "random/random_mt.h"

/* Seeds of up to this many 32-bit words (ints up to 768 bits, str and
 * bytes up to 32 bytes) are remembered per thread, twisted ahead. */
#define RANDOM_KEY_WORDS 24

typedef struct random_state {
    random_mt mt;
    bool has_gauss; /* gauss_next is not None */
    double gauss_next;
    /* while mt.twisted: the seed's words, from which getstate() makes the
     * block before the twist again */
    uint32_t key[RANDOM_KEY_WORDS];
    size_t key_n;
} random_state;

/* ---- seeding: Random.seed(a, version) -------------------------------- */

/* An int seed: its absolute value split into 32-bit words. */
void random_seed_u64(random_state *r, uint64_t abs_seed);
void random_seed_mpz(random_state *r, const mpz_t seed);
/* seed(None): 624 words of OS entropy (getrandom), else time and pid, as CPython. */
void random_seed_os(random_state *r);
/* seed(s) for a str (stored-str UTF-8) or bytes: version 2 hashes with
 * SHA-512 (a lone surrogate is UnicodeEncodeError, as s.encode()), version 1
 * is the old 64-bit string hash. */
int random_seed_text(random_state *r, arena *a, const pv *s, int version, py_err *e);
/* seed(x) for a float: CPython seeds with hash(x) as an unsigned 64-bit
 * int; a NaN's hash is its object's address, so a NaN seeds from the OS's
 * entropy (as unpredictable as CPython's). */
void random_seed_float(random_state *r, double v);
/* Any seed value: None, int, bool, float, str or bytes (TypeError otherwise). */
int random_seed(random_state *r, arena *a, const pv *seed, int version, py_err *e);

/* ---- state ------------------------------------------------------------ */

/* getstate() as a value: [3, [624 words..., index], gauss_next or None]. */
pv *random_getstate(const random_state *r, arena *a);
/* setstate() from checked parts (index 0..624). */
void random_setstate(random_state *r, const uint32_t words[RANDOM_MT_N], int index, bool has_gauss,
                     double gauss_next);

/* ---- raw draws -------------------------------------------------------- */

static inline double random_random(random_state *r)
{
    return random_mt_random(&r->mt);
}
/* getrandbits(k) for 0 <= k <= 64. */
uint64_t random_bits64(random_state *r, unsigned k);
/* getrandbits(k) for any k >= 0. */
void random_bits_mpz(random_state *r, mpz_t out, size_t k);
/* _randbelow(n) for n > 0. */
uint64_t random_below_u64(random_state *r, uint64_t n);
void random_below_mpz(random_state *r, mpz_t out, const mpz_t n);

/* ---- the methods ------------------------------------------------------ */

int random_getrandbits(random_state *r, arena *a, const pv *k, pv **out, py_err *e);
int random_randbytes(random_state *r, arena *a, const pv *n, pv **out, py_err *e);
/* stop NULL or None: randrange(start); step NULL: the default 1. */
int random_randrange(random_state *r, arena *a, const pv *start, const pv *stop, const pv *step, pv **out,
                     py_err *e);
int random_randint(random_state *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e);

/* Real-valued distributions; arguments are ints or floats (NULL = the
 * Python default, mode NULL or None = None).  Results are floats, except
 * triangular's `low` returned as given when mode - low / high - low is a
 * ZeroDivisionError. */
int random_uniform(random_state *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e);
int random_triangular(random_state *r, arena *a, const pv *low, const pv *high, const pv *mode, pv **out,
                      py_err *e);
int random_gauss(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e);
int random_normalvariate(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e);
int random_expovariate(random_state *r, arena *a, const pv *lambd, pv **out, py_err *e);
/* The rest of 3.11's distributions (random_variate.c); every argument is
 * required.  Parameters with which random.py would loop forever (a NaN
 * kappa or alpha, an alpha beyond 8.9e307) are a 422 ResourceLimitError. */
int random_lognormvariate(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e);
int random_vonmisesvariate(random_state *r, arena *a, const pv *mu, const pv *kappa, pv **out, py_err *e);
int random_gammavariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e);
int random_betavariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e);
int random_paretovariate(random_state *r, arena *a, const pv *alpha, pv **out, py_err *e);
int random_weibullvariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e);

/* Sequence methods on a population of n items (their values never matter
 * to random).  Results are indices into the population. */
int random_choice(random_state *r, arena *a, size_t n, size_t *idx, py_err *e);
/* weights, cum_weights: lists or NULL/None; k: an int. */
int random_choices(random_state *r, arena *a, size_t n, const pv *weights, const pv *cum_weights, const pv *k,
                   size_t **idx, size_t *count, py_err *e);
/* counts: a list or NULL/None; k: an int. */
int random_sample(random_state *r, arena *a, size_t n, const pv *k, const pv *counts, size_t **idx,
                  size_t *count, py_err *e);
/* shuffle(x) in place. */
void random_shuffle(random_state *r, pv **x, size_t n);

#endif
