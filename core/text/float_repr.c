/* Shortest round-trip digits (repr) and correctly rounded decimal -> double.
 *
 * repr: the Schubfach method (R. Giulietti, "The Schubfach way to render
 * doubles", 2020).  x = c 2^q; the decimals that read back to x form an
 * interval Rv around it; with k = floor(log10(2^q)) the interval is narrower
 * than 10^(k+1) and at least 10^k wide, so the answer is either the one
 * multiple of 10^(k+1) inside Rv, or the multiple of 10^k inside Rv nearest
 * to x.  Everything is scaled by 10^-k, approximated by a 126-bit g, with
 * round-to-odd products that keep the comparisons exact (proof in the paper).
 * Python's dtoa (mode 0) makes the same choice; the property test checks
 * this against python3 (tests/unit/test_float_repr.c).
 *
 * parse: exact fast path for small significands and powers of ten
 * (Clinger), else a 128-bit product with a truncated power of five
 * (Eisel-Lemire) when its error provably cannot change the rounding, else
 * glibc's strtod (correctly rounded, slower).
 *
 * The power tables are computed once, exactly, with GMP. */
#include "text/float_repr.h"

#include <gmp.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

/* ---------------------------------------------------------------- tables */

#define K_MIN (-324) /* 10^-k for k in K_MIN..K_MAX: repr */
#define K_MAX 292
#define Q5_MIN (-342) /* 5^q for q in Q5_MIN..Q5_MAX: parse */
#define Q5_MAX 308

static uint64_t g_hi[K_MAX - K_MIN + 1], g_lo[K_MAX - K_MIN + 1]; /* g = hi 2^63 + lo */
static uint64_t p5_hi[Q5_MAX - Q5_MIN + 1], p5_lo[Q5_MAX - Q5_MIN + 1];
static int16_t p5_exp[Q5_MAX - Q5_MIN + 1]; /* 5^q ~ (hi:lo) * 2^exp, truncated */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static atomic_bool tables_ready; /* set once init_tables is done: no call per number after */

/* floor(e log10(2)), floor(e log10(2) + log10(3/4)), floor(e log2(10)):
 * exact for |e| <= 1100 (checked by the unit test against GMP). */
static inline int flog10pow2(int e)
{
    return (int)(((int64_t)e * 661971961083LL) >> 41);
}
static inline int flog10threeQuartersPow2(int e)
{
    return (int)(((int64_t)e * 661971961083LL - 274743187321LL) >> 41);
}
static inline int flog2pow10(int e)
{
    return (int)(((int64_t)e * 913124641741LL) >> 38);
}

/* z = hi 2^at + lo */
static void split(const mpz_t z, unsigned at, uint64_t *hi, uint64_t *lo)
{
    mpz_t t;
    mpz_init(t);
    mpz_tdiv_q_2exp(t, z, at);
    *hi = mpz_get_ui(t);
    mpz_tdiv_r_2exp(t, z, at);
    *lo = mpz_get_ui(t);
    mpz_clear(t);
}

static void init_tables(void)
{
    mpz_t n, g, one;
    mpz_inits(n, g, one, NULL);
    mpz_set_ui(one, 1);
    /* g(k) = floor(10^-k 2^-r) + 1 with r = flog2pow10(-k) - 125: 126 bits */
    for (int k = K_MIN; k <= K_MAX; k++) {
        int e = -k, r = flog2pow10(e) - 125;
        if (e >= 0) {
            mpz_ui_pow_ui(n, 10, (unsigned long)e);
            if (r >= 0)
                mpz_tdiv_q_2exp(g, n, (mp_bitcnt_t)r);
            else
                mpz_mul_2exp(g, n, (mp_bitcnt_t)-r);
        } else {
            mpz_ui_pow_ui(n, 10, (unsigned long)-e);
            mpz_mul_2exp(g, one, (mp_bitcnt_t)-r);
            mpz_tdiv_q(g, g, n);
        }
        mpz_add_ui(g, g, 1);
        split(g, 63, &g_hi[k - K_MIN], &g_lo[k - K_MIN]);
    }
    /* 5^q truncated to 128 bits (top bit set) */
    for (int q = Q5_MIN; q <= Q5_MAX; q++) {
        int ex;
        if (q >= 0) {
            mpz_ui_pow_ui(n, 5, (unsigned long)q);
            long b = (long)mpz_sizeinbase(n, 2);
            if (b >= 128)
                mpz_tdiv_q_2exp(g, n, (mp_bitcnt_t)(b - 128));
            else
                mpz_mul_2exp(g, n, (mp_bitcnt_t)(128 - b));
            ex = (int)(b - 128);
        } else {
            mpz_ui_pow_ui(n, 5, (unsigned long)-q);
            long b = (long)mpz_sizeinbase(n, 2);
            mpz_mul_2exp(g, one, (mp_bitcnt_t)(127 + b));
            mpz_tdiv_q(g, g, n);
            ex = (int)(-(127 + b));
        }
        split(g, 64, &p5_hi[q - Q5_MIN], &p5_lo[q - Q5_MIN]);
        p5_exp[q - Q5_MIN] = (int16_t)ex;
    }
    mpz_clears(n, g, one, NULL);
    atomic_store_explicit(&tables_ready, true, memory_order_release);
}

static inline void tables(void)
{
    if (!atomic_load_explicit(&tables_ready, memory_order_acquire))
        pthread_once(&tables_once, init_tables);
}

/* ---------------------------------------------------------------- repr */

/* Round to odd of g cp / 2^127, g = g1 2^63 + g0, computed from the high
 * halves only, as the paper's proof assumes: the low bits dropped here are
 * what lets an exact product (g - 1 = 10^-k 2^-r exactly) still show as a tie. */
static inline uint64_t rop(uint64_t g1, uint64_t g0, uint64_t cp)
{
    uint64_t x1 = (uint64_t)(((u128)g0 * cp) >> 64);
    u128 y = (u128)g1 * cp;
    uint64_t z = ((uint64_t)y >> 1) + x1;
    uint64_t vbp = (uint64_t)(y >> 64) + (z >> 63);
    const uint64_t m63 = ((uint64_t)1 << 63) - 1;
    return vbp | (((z & m63) + m63) >> 63);
}

#define C_MIN ((uint64_t)1 << 52)
#define Q_MIN (-1074)

/* x = c 2^q (c > 0): the chosen decimal f 10^e. */
static void to_decimal(int q, uint64_t c, uint64_t *f, int *e)
{
    uint64_t out = c & 1, cb = c << 2, cbr = cb + 2, cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
        cbl = cb - 2;
        k = flog10pow2(q);
    } else {
        cbl = cb - 1; /* the gap below a power of two is half as wide */
        k = flog10threeQuartersPow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    uint64_t ghi = g_hi[k - K_MIN], glo = g_lo[k - K_MIN];
    uint64_t vb = rop(ghi, glo, cb << h), vbl = rop(ghi, glo, cbl << h), vbr = rop(ghi, glo, cbr << h);
    uint64_t s = vb >> 2;
    /* The one multiple of 10^(k+1) in Rv, if any, is the shortest. */
    uint64_t sp10 = 10 * (s / 10), tp10 = sp10 + 10;
    bool upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
    if (upin != wpin) {
        *f = upin ? sp10 : tp10;
        *e = k;
        return;
    }
    /* Else the multiple of 10^k in Rv nearest to x (ties: even). */
    uint64_t t = s + 1;
    bool uin = vbl + out <= s << 2, win = (t << 2) + out <= vbr;
    if (uin != win) {
        *f = uin ? s : t;
    } else {
        int64_t cmp = (int64_t)(vb - ((s + t) << 1));
        *f = cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
    }
    *e = k;
}

static const char DIGITS2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The 8 digits of x < 10^8 as the bytes of a word (the first digit in the
 * lowest byte): two 4-digit halves, then pairs from the table, computed in
 * registers (independent 32-bit steps, not a chain of 64-bit divisions;
 * and no bytes stored to be read back). */
static inline uint64_t digits8(uint32_t x)
{
    uint32_t a = x / 10000, b = x % 10000;
    uint16_t p0, p1, p2, p3;
    memcpy(&p0, DIGITS2 + 2 * (a / 100), 2);
    memcpy(&p1, DIGITS2 + 2 * (a % 100), 2);
    memcpy(&p2, DIGITS2 + 2 * (b / 100), 2);
    memcpy(&p3, DIGITS2 + 2 * (b % 100), 2);
    return p0 | (uint64_t)p1 << 16 | (uint64_t)p2 << 32 | (uint64_t)p3 << 48;
}

/* Of the first `valid` (1..8) digits in w, how many at the end are '0'. */
static inline int trailing_zeros8(uint64_t w, int valid)
{
    uint64_t x = w ^ 0x3030303030303030ULL; /* '0' -> 0 */
    if (valid < 8)
        x &= ((uint64_t)1 << (8 * valid)) - 1;
    if (!x)
        return valid;
    return valid - (int)((64 - __builtin_clzll(x) + 7) >> 3);
}

static const uint64_t P10[18] = {1ULL,
                                 10ULL,
                                 100ULL,
                                 1000ULL,
                                 10000ULL,
                                 100000ULL,
                                 1000000ULL,
                                 10000000ULL,
                                 100000000ULL,
                                 1000000000ULL,
                                 10000000000ULL,
                                 100000000000ULL,
                                 1000000000000ULL,
                                 10000000000000ULL,
                                 100000000000000ULL,
                                 1000000000000000ULL,
                                 10000000000000000ULL,
                                 100000000000000000ULL};

/* 0 < f < 10^17 (at most 17 digits, as every shortest double) -> its
 * decimal digits without trailing zeros at out (20 bytes: whole words are
 * written, what is past the digits is the caller's to cut); returns the
 * count and adds the dropped zeros to *e. */
static int digits_of(uint64_t f, int *e, char *out)
{
    int t = ((64 - __builtin_clzll(f)) * 1233) >> 12; /* floor(log10(2^bits)) */
    int nd = t + 1 - (f < P10[t]);                    /* the digits of f */
    uint64_t wlo = digits8((uint32_t)(f % 100000000)), hi = f / 100000000;
    int trail;
    if (nd <= 8) {
        uint64_t w = wlo >> (8 * (8 - nd)); /* without the leading '0's */
        memcpy(out, &w, 8);
        trail = trailing_zeros8(w, nd);
    } else if (nd <= 16) {
        uint64_t wm = digits8((uint32_t)hi) >> (8 * (16 - nd));
        memcpy(out, &wm, 8);
        memcpy(out + nd - 8, &wlo, 8);
        trail = trailing_zeros8(wlo, 8);
        if (trail == 8)
            trail += trailing_zeros8(wm, nd - 8);
    } else {
        uint64_t wm = digits8((uint32_t)(hi % 100000000));
        out[0] = (char)('0' + hi / 100000000);
        memcpy(out + 1, &wm, 8);
        memcpy(out + 9, &wlo, 8);
        trail = trailing_zeros8(wlo, 8);
        if (trail == 8)
            trail += trailing_zeros8(wm, 8); /* the first digit is not '0' */
    }
    *e += trail;
    return nd - trail;
}

void float_repr_shortest(double x, char digits[20], int *ndigits, int *decpt)
{
    tables();
    uint64_t bits;
    memcpy(&bits, &x, 8);
    uint64_t t = bits & (C_MIN - 1);
    int bq = (int)((bits >> 52) & 0x7FF);
    uint64_t f;
    int e;
    if (bq != 0) {
        uint64_t c = C_MIN | t;
        int mq = 1075 - bq; /* x = c 2^-mq */
        if (mq > 0 && mq < 53 && ((c >> mq) << mq) == c) {
            f = c >> mq; /* an integer below 2^53: its own digits */
            e = 0;
        } else {
            to_decimal(-mq, c, &f, &e);
        }
    } else if (t >= 3) {
        to_decimal(Q_MIN, t, &f, &e);
    } else {
        /* 2^-1074 and 2^-1073: Rv holds a one-digit decimal the scaling above cannot see */
        f = t == 1 ? 5 : 1;
        e = t == 1 ? -324 : -323;
    }
    int n = digits_of(f, &e, digits);
    digits[n] = '\0';
    *ndigits = n;
    *decpt = e + n;
}

size_t float_repr(double x, char *out)
{
    if (isnan(x)) {
        memcpy(out, "nan", 4);
        return 3;
    }
    if (isinf(x)) {
        memcpy(out, x > 0 ? "inf" : "-inf", x > 0 ? 4 : 5);
        return x > 0 ? 3 : 4;
    }
    char *o = out;
    if (signbit(x))
        *o++ = '-', x = -x;
    if (x == 0) {
        memcpy(o, "0.0", 4);
        return (size_t)(o + 3 - out);
    }
    char d[20];
    int n, decpt;
    float_repr_shortest(x, d, &n, &decpt);
    if (decpt <= -4 || decpt > 16) {
        *o++ = d[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)n - 1);
            o += n - 1;
        }
        int ex = decpt - 1;
        *o++ = 'e';
        *o++ = ex < 0 ? '-' : '+';
        if (ex < 0)
            ex = -ex;
        if (ex >= 100)
            *o++ = (char)('0' + ex / 100), ex %= 100;
        memcpy(o, DIGITS2 + 2 * ex, 2);
        o += 2;
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = decpt; i < 0; i++)
            *o++ = '0';
        memcpy(o, d, (size_t)n);
        o += n;
    } else if (decpt >= n) {
        memcpy(o, d, (size_t)n);
        o += n;
        for (int i = n; i < decpt; i++)
            *o++ = '0';
        *o++ = '.';
        *o++ = '0';
    } else {
        memcpy(o, d, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, d + decpt, (size_t)(n - decpt));
        o += n - decpt;
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* ---------------------------------------------------------------- parse */

static double slow_parse(const char *s, size_t n)
{
    char small[128];
    char *buf = n < sizeof small ? small : malloc(n + 1);
    if (!buf)
        abort();
    memcpy(buf, s, n);
    buf[n] = '\0';
    double d = strtod(buf, NULL); /* correctly rounded; overflow -> inf, underflow -> 0 */
    if (buf != small)
        free(buf);
    return d;
}

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* w 10^q by a 128-bit power of five; false when the truncation error could
 * matter (then the caller asks strtod). */
static bool eisel_lemire(uint64_t w, int q, double *out)
{
    if (q < Q5_MIN || q > Q5_MAX)
        return false;
    int lz = __builtin_clzll(w);
    w <<= lz;
    uint64_t fh = p5_hi[q - Q5_MIN], fl = p5_lo[q - Q5_MIN];
    u128 a = (u128)w * fh, b = (u128)w * fl;
    /* w * F = l2:l1:l0 (192 bits) */
    uint64_t l0 = (uint64_t)b;
    u128 mid = (a & UINT64_MAX) + (b >> 64);
    uint64_t l1 = (uint64_t)mid;
    uint64_t l2 = (uint64_t)(a >> 64) + (uint64_t)(mid >> 64);
    bool exact = q >= 0 && q <= 55; /* 5^q fits in 128 bits */
    /* The true product lies in [P, P + w): only a carry out of l1 could
     * reach the bits that decide the rounding. */
    if (!exact && l1 == UINT64_MAX)
        return false;
    int top = (int)(l2 >> 63); /* product in [2^191, 2^192) or [2^190, 2^191) */
    int sh = 9 + top;
    uint64_t m54 = l2 >> sh; /* 53 bits + the rounding bit */
    uint64_t below = l2 & (((uint64_t)1 << sh) - 1);
    uint64_t m = m54 >> 1;
    if (m54 & 1) {
        bool tie = exact && below == 0 && l1 == 0 && l0 == 0;
        if (!tie || (m & 1))
            m++;
    }
    /* value = m54 2^(128 + 64 + sh ... ): position of m's lowest bit */
    int e2 = p5_exp[q - Q5_MIN] + q - lz + 128 + sh + 1;
    if (m == ((uint64_t)1 << 53))
        m >>= 1, e2++;
    int be = e2 + 52 + 1023; /* biased exponent of m 2^e2, m in [2^52, 2^53) */
    if (be < 1 || be > 2046)
        return false;
    uint64_t bits = ((uint64_t)be << 52) | (m & (C_MIN - 1));
    memcpy(out, &bits, 8);
    return true;
}

double float_repr_parse(const char *s, size_t n)
{
    tables();
    size_t i = 0;
    bool neg = false;
    if (i < n && s[i] == '-')
        neg = true, i++;
    uint64_t w = 0;
    int nd = 0;        /* significant digits taken into w */
    long q = 0;        /* decimal exponent adjustment */
    bool more = false; /* nonzero digits beyond 19 */
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (nd < 19) {
            w = w * 10 + (uint64_t)(s[i] - '0');
            if (w)
                nd++;
        } else {
            q++;
            more |= s[i] != '0';
        }
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (nd < 19) {
                w = w * 10 + (uint64_t)(s[i] - '0');
                q--;
                if (w)
                    nd++;
            } else {
                more |= s[i] != '0';
            }
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i] == '-', i++;
        long ex = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (ex < 100000)
                ex = ex * 10 + (s[i] - '0');
        q += eneg ? -ex : ex;
    }
    if (w == 0)
        return neg ? -0.0 : 0.0;
    if (more)
        return slow_parse(s, n);
    double d;
    if (w <= ((uint64_t)1 << 53) && q >= -22 && q <= 22) {
        d = (double)w;
        d = q < 0 ? d / POW10[-q] : d * POW10[q];
    } else if (!eisel_lemire(w, (int)q, &d)) {
        return slow_parse(s, n);
    }
    return neg ? -d : d;
}
