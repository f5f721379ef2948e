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

#include "random/random_mt.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef struct py_random {
    mt19937 mt;
    bool has_gauss; /* gauss_next is not None */
    double gauss_next;
} py_random;

/* ---- seeding: Random.seed(a, version) -------------------------------- */

/* An int seed: its absolute value split into 32-bit words. */
void pyrand_seed_u64(py_random *r, uint64_t abs_seed);
void pyrand_seed_mpz(py_random *r, const mpz_t seed);
/* seed(None): 624 words of OS entropy (getrandom), else time and pid, as CPython. */
void pyrand_seed_os(py_random *r);
/* seed(s) for a str (stored-str UTF-8) or bytes: version 2 hashes with
 * SHA-512 (a lone surrogate is UnicodeEncodeError, as s.encode()), version 1
 * is the old 64-bit string hash. */
int pyrand_seed_text(py_random *r, arena *a, const pv *s, int version, py_err *e);
/* Any seed value: None, int, bool, str or bytes (TypeError otherwise;
 * float seeds, hashed by CPython, are not supported here). */
int pyrand_seed(py_random *r, arena *a, const pv *seed, int version, py_err *e);

/* ---- state ------------------------------------------------------------ */

/* getstate() as a value: [3, [624 words..., index], gauss_next or None]. */
pv *pyrand_getstate(const py_random *r, arena *a);
/* setstate() from checked parts (index 0..624). */
void pyrand_setstate(py_random *r, const uint32_t words[MT_N], int index, bool has_gauss, double gauss_next);

/* ---- raw draws -------------------------------------------------------- */

static inline double pyrand_random(py_random *r)
{
    return mt_random(&r->mt);
}
/* getrandbits(k) for 0 <= k <= 64. */
uint64_t pyrand_bits64(py_random *r, unsigned k);
/* getrandbits(k) for any k >= 0. */
void pyrand_bits_mpz(py_random *r, mpz_t out, size_t k);
/* _randbelow(n) for n > 0. */
uint64_t pyrand_below_u64(py_random *r, uint64_t n);
void pyrand_below_mpz(py_random *r, mpz_t out, const mpz_t n);

/* ---- the methods ------------------------------------------------------ */

int pyrand_getrandbits(py_random *r, arena *a, const pv *k, pv **out, py_err *e);
int pyrand_randbytes(py_random *r, arena *a, const pv *n, pv **out, py_err *e);
/* stop NULL or None: randrange(start); step NULL: the default 1. */
int pyrand_randrange(py_random *r, arena *a, const pv *start, const pv *stop, const pv *step, pv **out,
                     py_err *e);
int pyrand_randint(py_random *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e);

/* Real-valued distributions; arguments are ints or floats (NULL = the
 * Python default, mode NULL or None = None).  Results are floats, except
 * triangular's `low` returned as given when mode - low / high - low is a
 * ZeroDivisionError. */
int pyrand_uniform(py_random *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e);
int pyrand_triangular(py_random *r, arena *a, const pv *low, const pv *high, const pv *mode, pv **out,
                      py_err *e);
int pyrand_gauss(py_random *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e);
int pyrand_normalvariate(py_random *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e);
int pyrand_expovariate(py_random *r, arena *a, const pv *lambd, pv **out, py_err *e);

/* Sequence methods on a population of n items (their values never matter
 * to random).  Results are indices into the population. */
int pyrand_choice(py_random *r, arena *a, size_t n, size_t *idx, py_err *e);
/* weights, cum_weights: lists or NULL/None; k: an int. */
int pyrand_choices(py_random *r, arena *a, size_t n, const pv *weights, const pv *cum_weights, const pv *k,
                   size_t **idx, size_t *count, py_err *e);
/* counts: a list or NULL/None; k: an int. */
int pyrand_sample(py_random *r, arena *a, size_t n, const pv *k, const pv *counts, size_t **idx,
                  size_t *count, py_err *e);
/* shuffle(x) in place. */
void pyrand_shuffle(py_random *r, pv **x, size_t n);

#endif
