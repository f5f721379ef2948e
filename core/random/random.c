/* random.Random: seeding, state, getrandbits/_randbelow and the integer
 * methods.  Distributions are in random_dist.c, sequences in random_seq.c. */
#include "random/random.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "base/sha512.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- seeding */

/* init_by_array is ~1250 serially dependent multiply steps and the first
 * draw twists the whole block: a few microseconds a service would spend
 * again on every request for the same seed.  So each thread keeps the
 * last few seeds with the block their first draw twists, and a state
 * seeded from one starts with that block in mt[] (mt.twisted): the block
 * before it, which only getstate() before any draw shows, is made again
 * from the seed's words the state keeps. */
#define CACHE_WAYS 4
typedef struct seeded {
    size_t n; /* key words; 0 = empty entry */
    uint32_t key[RANDOM_KEY_WORDS];
    uint32_t next[RANDOM_MT_N]; /* the block after init_by_array, twisted once */
} seeded;
static _Thread_local seeded seed_cache[CACHE_WAYS];

static void seed_key(random_state *r, const uint32_t *key, size_t n)
{
    r->has_gauss = false;
    if (n > RANDOM_KEY_WORDS) {
        random_mt_init_by_array(&r->mt, key, n);
        return;
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ key[i]) * 16777619u;
    seeded *c = &seed_cache[(h ^ (h >> 16)) % CACHE_WAYS];
    if (c->n != n || memcmp(c->key, key, n * sizeof *key) != 0) {
        random_mt_init_by_array(&r->mt, key, n);
        random_mt_twist_block(r->mt.mt);
        memcpy(c->next, r->mt.mt, sizeof c->next);
        memcpy(c->key, key, n * sizeof *key);
        c->n = n;
    } else {
        memcpy(r->mt.mt, c->next, sizeof r->mt.mt);
    }
    memcpy(r->key, key, n * sizeof *key);
    r->key_n = n;
    r->mt.twisted = true;
    r->mt.index = RANDOM_MT_N;
}

void random_seed_u64(random_state *r, uint64_t x)
{
    uint32_t key[2] = {(uint32_t)x, (uint32_t)(x >> 32)};
    seed_key(r, key, key[1] ? 2 : 1);
}

void random_seed_mpz(random_state *r, const mpz_t seed)
{
    size_t bits = mpz_sizeinbase(seed, 2); /* of |seed|; 1 for 0 */
    size_t n = (bits + 31) / 32;
    uint32_t small[64];
    uint32_t *key = n <= 64 ? small : malloc(n * sizeof *key);
    if (!key) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    size_t got = 0;
    mpz_export(key, &got, -1, sizeof *key, 0, 0, seed); /* least significant word first */
    if (got == 0)
        key[0] = 0, got = 1;
    seed_key(r, key, got);
    if (key != small)
        free(key);
}

void random_seed_os(random_state *r)
{
    uint32_t key[RANDOM_MT_N];
    size_t got = 0;
    while (got < sizeof key) {
        ssize_t n = getrandom((char *)key + got, sizeof key - got, GRND_NONBLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == sizeof key) {
        random_mt_init_by_array(&r->mt, key, RANDOM_MT_N);
    } else { /* CPython's fallback: the time and the process id */
        struct timespec rt, mono;
        clock_gettime(CLOCK_REALTIME, &rt);
        clock_gettime(CLOCK_MONOTONIC, &mono);
        uint64_t now = (uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec;
        uint64_t m = (uint64_t)mono.tv_sec * 1000000000u + (uint64_t)mono.tv_nsec;
        uint32_t k5[5] = {(uint32_t)now, (uint32_t)(now >> 32), (uint32_t)getpid(), (uint32_t)m,
                          (uint32_t)(m >> 32)};
        random_mt_init_by_array(&r->mt, k5, 5);
    }
    r->has_gauss = false;
}

/* int.from_bytes(b, 'big') as the seed: the words from the right end. */
static void seed_be_bytes(random_state *r, const unsigned char *b, size_t n)
{
    while (n && b[0] == 0)
        b++, n--;
    size_t words = n ? (n + 3) / 4 : 1;
    uint32_t small[128];
    uint32_t *key = words <= 128 ? small : malloc(words * sizeof *key);
    if (!key) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    memset(key, 0, words * sizeof *key);
    for (size_t i = 0; i < n; i++) {
        size_t pos = n - 1 - i; /* byte i from the right */
        key[i / 4] |= (uint32_t)b[pos] << (8 * (i % 4));
    }
    seed_key(r, key, words);
    if (key != small)
        free(key);
}

/* The first run of lone surrogates in a stored str: UnicodeEncodeError. */
static int check_encodable(arena *a, const pv *s, py_err *e)
{
    size_t i = 0, cp = 0, start = 0, end = 0;
    uint32_t first = 0;
    bool found = false;
    while (i < s->s.len) {
        uint32_t c = utf8_next(s->s.p, &i);
        bool sur = c >= 0xD800 && c <= 0xDFFF;
        if (sur && !found)
            found = true, start = cp, first = c;
        if (found && !sur) {
            end = cp;
            break;
        }
        cp++;
        end = cp;
    }
    if (!found)
        return 0;
    if (end - start == 1)
        py_raise(e, a, "UnicodeEncodeError",
                 "'utf-8' codec can't encode character '\\u%04x' in position %zu: surrogates not allowed",
                 (unsigned)first, start);
    else
        py_raise(e, a, "UnicodeEncodeError",
                 "'utf-8' codec can't encode characters in position %zu-%zu: surrogates not allowed", start,
                 end - 1);
    py_err_extra(e, a, "encoding", pv_cstr(a, "utf-8"));
    py_err_extra(e, a, "start", pv_int(a, (int64_t)start));
    py_err_extra(e, a, "end", pv_int(a, (int64_t)end));
    py_err_extra(e, a, "reason", pv_cstr(a, "surrogates not allowed"));
    return -1;
}

int random_seed_text(random_state *r, arena *a, const pv *s, int version, py_err *e)
{
    bool is_str = s->kind == PV_STR;
    if (version == 1) {
        /* The pre-3.2 string hash (bytes are read as latin-1). */
        size_t len = is_str ? s->s.ncp : s->s.len;
        uint64_t x = 0;
        size_t i = 0;
        for (size_t k = 0; k < len; k++) {
            uint32_t c = is_str ? utf8_next(s->s.p, &i) : (unsigned char)s->s.p[k];
            if (k == 0)
                x = (uint64_t)c << 7;
            x = (1000003u * x) ^ c;
        }
        x ^= (uint64_t)len;
        random_seed_u64(r, x);
        return 0;
    }
    if (is_str && !s->ascii && check_encodable(a, s, e) < 0)
        return -1;
    /* int.from_bytes(s.encode() + sha512(s.encode()).digest()) */
    size_t n = s->s.len;
    unsigned char small[512];
    unsigned char *buf =
        n + SHA512_DIGEST_SIZE <= sizeof small ? small : arena_alloc(a, n + SHA512_DIGEST_SIZE);
    memcpy(buf, s->s.p, n);
    sha512(s->s.p, n, buf + n);
    seed_be_bytes(r, buf, n + SHA512_DIGEST_SIZE);
    return 0;
}

/* hash(float) as CPython computes it (Python/pyhash.c, _Py_HashDouble): the
 * value modulo the Mersenne prime 2**61 - 1, the sign kept, -1 made -2;
 * +-inf are +-314159.  A NaN hashes its object's address in 3.11: no
 * reproducible value (the caller decides). */
static int64_t float_hash(double v)
{
    enum { BITS = 61 };
    const uint64_t mod = ((uint64_t)1 << BITS) - 1;
    if (isinf(v))
        return v > 0 ? 314159 : -314159;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m != 0.0) { /* 28 bits at a time */
        x = ((x << 28) & mod) | x >> (BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= mod)
            x -= mod;
    }
    e = e >= 0 ? e % BITS : BITS - 1 - ((-1 - e) % BITS);
    x = ((x << e) & mod) | x >> (BITS - e);
    x = sign < 0 ? (uint64_t)0 - x : x;
    if (x == UINT64_MAX)
        x = UINT64_MAX - 1;
    return (int64_t)x;
}

void random_seed_float(random_state *r, double v)
{
    if (isnan(v)) {
        random_seed_os(r);
        return;
    }
    /* _random.Random.seed(a) of a non-int: PyLong_FromSize_t((size_t)hash(a)) */
    random_seed_u64(r, (uint64_t)float_hash(v));
}

int random_seed(random_state *r, arena *a, const pv *seed, int version, py_err *e)
{
    switch (seed->kind) {
    case PV_NONE:
        random_seed_os(r);
        return 0;
    case PV_BOOL:
        random_seed_u64(r, seed->b);
        return 0;
    case PV_INT:
        if (!seed->i.big) {
            int64_t v = seed->i.v;
            random_seed_u64(r, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
        } else {
            random_seed_mpz(r, seed->i.big);
        }
        return 0;
    case PV_FLOAT:
        random_seed_float(r, seed->f);
        return 0;
    case PV_STR:
    case PV_BYTES:
        if (version == 1 || version == 2)
            return random_seed_text(r, a, seed, version, e);
        /* another version hashes the object: not supported here */
        return py_raise(e, a, "TypeError", "unsupported seed version %d for a %s", version,
                        pv_type_name(seed));
    default:
        return py_raise(e, a, "TypeError",
                        "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
    }
}

/* ---------------------------------------------------------------- state */

pv *random_getstate(const random_state *r, arena *a)
{
    const uint32_t *mt = r->mt.mt;
    random_mt before = {.index = 0}; /* seeded ahead: the block before the twist, made again */
    if (r->mt.twisted) {
        random_mt_init_by_array(&before, r->key, r->key_n);
        mt = before.mt;
    }
    pv *words = pv_list(a, RANDOM_MT_N + 1);
    for (int i = 0; i < RANDOM_MT_N; i++)
        words->l.items[i] = pv_int(a, mt[i]);
    words->l.items[RANDOM_MT_N] = pv_int(a, r->mt.index);
    words->l.len = RANDOM_MT_N + 1;
    pv *st = pv_list(a, 3);
    st->l.items[0] = pv_int(a, 3);
    st->l.items[1] = words;
    st->l.items[2] = r->has_gauss ? pv_float(a, r->gauss_next) : pv_none();
    st->l.len = 3;
    return st;
}

void random_setstate(random_state *r, const uint32_t words[RANDOM_MT_N], int index, bool has_gauss,
                     double gauss_next)
{
    memcpy(r->mt.mt, words, sizeof r->mt.mt);
    r->mt.index = index;
    r->mt.twisted = false;
    r->has_gauss = has_gauss;
    r->gauss_next = gauss_next;
}

/* ---------------------------------------------------------------- bits */

uint64_t random_bits64(random_state *r, unsigned k)
{
    if (k == 0)
        return 0;
    if (k <= 32)
        return random_mt_next(&r->mt) >> (32 - k);
    uint64_t lo = random_mt_next(&r->mt); /* least significant word first */
    uint64_t hi = random_mt_next(&r->mt) >> (64 - k);
    return (hi << 32) | lo;
}

/* The words of getrandbits(k), least significant first (k > 0). */
static void fill_words(random_state *r, uint32_t *w, size_t k)
{
    size_t words = (k - 1) / 32 + 1;
    for (size_t i = 0; i < words; i++)
        w[i] = random_mt_next(&r->mt);
    unsigned rest = (unsigned)(k % 32);
    if (rest) /* the most significant word drops its low bits */
        w[words - 1] >>= 32 - rest;
}

void random_bits_mpz(random_state *r, mpz_t out, size_t k)
{
    if (k <= 64) {
        uint64_t x = random_bits64(r, (unsigned)k);
        mpz_import(out, 1, -1, sizeof x, 0, 0, &x);
        return;
    }
    size_t words = (k - 1) / 32 + 1;
    uint32_t small[64];
    uint32_t *w = words <= 64 ? small : malloc(words * sizeof *w);
    if (!w) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    fill_words(r, w, k);
    mpz_import(out, words, -1, sizeof *w, 0, 0, w);
    if (w != small)
        free(w);
}

static unsigned bitlen64(uint64_t n)
{
    return n ? 64u - (unsigned)__builtin_clzll(n) : 0;
}

uint64_t random_below_u64(random_state *r, uint64_t n)
{
    unsigned k = bitlen64(n); /* not of n - 1: n may be 1 */
    uint64_t x = random_bits64(r, k);
    while (x >= n)
        x = random_bits64(r, k);
    return x;
}

void random_below_mpz(random_state *r, mpz_t out, const mpz_t n)
{
    if (mpz_fits_ulong_p(n) && sizeof(unsigned long) == 8) {
        mpz_set_ui(out, random_below_u64(r, mpz_get_ui(n)));
        return;
    }
    size_t k = mpz_sizeinbase(n, 2);
    random_bits_mpz(r, out, k);
    while (mpz_cmp(out, n) >= 0)
        random_bits_mpz(r, out, k);
}

/* ---------------------------------------------------------------- getrandbits, randbytes */

/* A C int argument of a builtin (getrandbits' k): OverflowError outside. */
static int c_int(arena *a, const pv *v, int64_t *out, py_err *e)
{
    if (v->kind == PV_BOOL) {
        *out = v->b;
        return 0;
    }
    if (v->i.big || v->i.v > INT32_MAX || v->i.v < INT32_MIN)
        return py_raise(e, a, "OverflowError", "Python int too large to convert to C int");
    *out = v->i.v;
    return 0;
}

static int bits_to_pv(random_state *r, arena *a, int64_t k, pv **out, py_err *e)
{
    if (k < 0)
        return py_raise(e, a, "ValueError", "number of bits must be non-negative");
    if ((uint64_t)k > (uint64_t)config.max_result_bytes * 8)
        return py_limit(e, a, "getrandbits(%lld) is larger than the limit of %zu bytes", (long long)k,
                        config.max_result_bytes);
    /* An int that could have more decimal digits than may be written is
     * refused before it is made (2**k <= 10**D for k <= D * log2(10)). */
    if (config.int_max_digits && (double)k > (double)config.int_max_digits * 3.321928094887362)
        return py_limit(e, a, "getrandbits(%lld) could exceed the limit of %zu digits", (long long)k,
                        config.int_max_digits);
    if (k <= 64) {
        *out = pv_int_u64(a, random_bits64(r, (unsigned)k));
        return 0;
    }
    mpz_t z;
    mpz_init(z);
    random_bits_mpz(r, z, (size_t)k);
    *out = pv_int_mpz(a, z);
    mpz_clear(z);
    return 0;
}

int random_getrandbits(random_state *r, arena *a, const pv *k, pv **out, py_err *e)
{
    int64_t bits = 0;
    if (c_int(a, k, &bits, e) < 0)
        return -1;
    return bits_to_pv(r, a, bits, out, e);
}

int random_randbytes(random_state *r, arena *a, const pv *n, pv **out, py_err *e)
{
    /* getrandbits(n * 8).to_bytes(n, 'little') */
    int64_t bits;
    if (n->kind == PV_INT && !n->i.big && n->i.v >= INT32_MIN / 8 && n->i.v <= INT32_MAX / 8)
        bits = n->i.v * 8;
    else if (n->kind == PV_BOOL)
        bits = n->b * 8;
    else
        return py_raise(e, a, "OverflowError", "Python int too large to convert to C int");
    if (bits < 0)
        return py_raise(e, a, "ValueError", "number of bits must be non-negative");
    size_t len = (size_t)bits / 8;
    if (len > config.max_result_bytes)
        return py_limit(e, a, "randbytes(%zu) is larger than the limit of %zu bytes", len,
                        config.max_result_bytes);
    pv *b = pv_bytes(a, "", 0);
    if (len) {
        size_t words = (len + 3) / 4;
        uint32_t *w = arena_alloc(a, words * sizeof *w);
        fill_words(r, w, (size_t)bits);
        char *p = arena_alloc(a, words * 4 + 1);
        for (size_t i = 0; i < words; i++) /* little-endian bytes of each word */
            for (int j = 0; j < 4; j++)
                p[4 * i + (size_t)j] = (char)(w[i] >> (8 * j));
        p[len] = '\0';
        b->s.p = p;
        b->s.len = len;
    }
    *out = b;
    return 0;
}

/* ---------------------------------------------------------------- randrange, randint */

__extension__ typedef __int128 i128;

static char *int_text(arena *a, const mpz_t z)
{
    return mpz_get_str(arena_alloc(a, mpz_sizeinbase(z, 10) + 2), 10, z);
}

/* Decimal text of v, written backwards from the end of buf[48]. */
static const char *i128_text(char *buf, i128 v)
{
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    char *p = buf + 47;
    *p = '\0';
    do
        *--p = (char)('0' + (int)(u % 10));
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    return p;
}

/* The small case: every argument an int64, computed exactly in 128 bits
 * (|width| < 2**64, so n fits a uint64 and start + step * x an int64). */
static int randrange_small(random_state *r, arena *a, int64_t start, int64_t stop, int64_t step, pv **out,
                           py_err *e)
{
    i128 width = (i128)stop - start;
    i128 n;
    if (step == 1) {
        if (width <= 0) {
            char b0[48], b1[48], b2[48];
            return py_raise(e, a, "ValueError", "empty range for randrange() (%s, %s, %s)",
                            i128_text(b0, start), i128_text(b1, stop), i128_text(b2, width));
        }
        n = width;
    } else {
        if (step == 0)
            return py_raise(e, a, "ValueError", "zero step for randrange()");
        i128 num = step > 0 ? width + step - 1 : width + step + 1;
        n = num / step;
        if (num % step != 0 && (num < 0) != (step < 0))
            n--; /* Python's floor division */
        if (n <= 0)
            return py_raise(e, a, "ValueError", "empty range for randrange()");
    }
    i128 res = (i128)start + (i128)step * (i128)random_below_u64(r, (uint64_t)n);
    *out = pv_int(a, (int64_t)res);
    return 0;
}

static int randrange_big(random_state *r, arena *a, const pv *pstart, const pv *pstop, const pv *pstep,
                         pv **out, py_err *e)
{
    mpz_t start, stop, step, width, n, x;
    mpz_inits(start, stop, step, width, n, x, NULL);
    pv_int_get_mpz(pstart, start);
    pv_int_get_mpz(pstop, stop);
    if (pstep)
        pv_int_get_mpz(pstep, step);
    else
        mpz_set_ui(step, 1);
    mpz_sub(width, stop, start);
    int rc = 0;
    if (mpz_cmp_ui(step, 1) == 0) {
        if (mpz_sgn(width) <= 0)
            rc = py_raise(e, a, "ValueError", "empty range for randrange() (%s, %s, %s)", int_text(a, start),
                          int_text(a, stop), int_text(a, width));
        else
            mpz_set(n, width);
    } else if (mpz_sgn(step) == 0) {
        rc = py_raise(e, a, "ValueError", "zero step for randrange()");
    } else {
        mpz_add(n, width, step);
        if (mpz_sgn(step) > 0)
            mpz_sub_ui(n, n, 1);
        else
            mpz_add_ui(n, n, 1);
        mpz_fdiv_q(n, n, step);
        if (mpz_sgn(n) <= 0)
            rc = py_raise(e, a, "ValueError", "empty range for randrange()");
    }
    if (rc == 0) {
        random_below_mpz(r, x, n);
        mpz_mul(x, x, step);
        mpz_add(x, x, start);
        *out = pv_int_mpz(a, x);
    }
    mpz_clears(start, stop, step, width, n, x, NULL);
    return rc;
}

int random_randrange(random_state *r, arena *a, const pv *start, const pv *stop, const pv *step, pv **out,
                     py_err *e)
{
    if (!stop || stop->kind == PV_NONE) {
        if (step && !(pv_int_small(step) && step->i.v == 1))
            return py_raise(e, a, "TypeError", "Missing a non-None stop argument");
        if (pv_int_sign(start) <= 0)
            return py_raise(e, a, "ValueError", "empty range for randrange()");
        if (pv_int_small(start)) {
            *out = pv_int(a, (int64_t)random_below_u64(r, (uint64_t)start->i.v));
            return 0;
        }
        mpz_t x;
        mpz_init(x);
        random_below_mpz(r, x, start->i.big);
        *out = pv_int_mpz(a, x);
        mpz_clear(x);
        return 0;
    }
    if (pv_int_small(start) && pv_int_small(stop) && (!step || pv_int_small(step)))
        return randrange_small(r, a, start->i.v, stop->i.v, step ? step->i.v : 1, out, e);
    return randrange_big(r, a, start, stop, step, out, e);
}

int random_randint(random_state *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e)
{
    pv *stop;
    if (pv_int_small(hi) && hi->i.v < INT64_MAX) {
        stop = pv_int(a, hi->i.v + 1);
    } else {
        mpz_t z;
        mpz_init(z);
        pv_int_get_mpz(hi, z);
        mpz_add_ui(z, z, 1);
        stop = pv_int_mpz(a, z);
        mpz_clear(z);
    }
    return random_randrange(r, a, lo, stop, NULL, out, e);
}
