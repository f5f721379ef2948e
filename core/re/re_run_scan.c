/* The scans of runs (re_run_int.h): the cursor over a str's UTF-8.
 *
 * A repeat without an upper bound reads the text 64 bytes at a time: each
 * byte is classed at once by its value (16 at a time with SSSE3 shuffles
 * of nibble tables, else one by one), which decides ASCII and every lead
 * byte whose code points are all members or all not; only the code points
 * of mixed lead bytes are decoded.  The block becomes bit masks of the code
 * points starting there, members and not, and runs are found between
 * their bits, with no branch per character.  Repeats with an upper bound,
 * and anchored matches, step one code point at a time. */
#include <string.h>

#include "re/re_parse.h"
#include "re/re_run_int.h"

#ifdef __SSE2__
#include <tmmintrin.h>
#endif

/* ------------------------------------------------------------ one code point at a time */

static inline uint32_t decode(const unsigned char *p, unsigned *len)
{
    unsigned c0 = p[0];
    if (c0 < 0x80) {
        *len = 1;
        return c0;
    }
    if (c0 < 0xE0) {
        *len = 2;
        return (c0 & 0x1Fu) << 6 | (p[1] & 0x3Fu);
    }
    if (c0 < 0xF0) {
        *len = 3;
        return (c0 & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    }
    *len = 4;
    return (c0 & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
}

static inline bool member_cp(const re_run_cursor *k, uint32_t c)
{
    if (c < 0x10000)
        return (k->t->bmp[c >> 6] >> (c & 63)) & 1;
    return re_run_member(k->r, c);
}

/* Decode the code point at *i, step past it, and say whether it is a member. */
static inline __attribute__((always_inline)) bool step(const re_run_cursor *k, size_t *i)
{
    unsigned c0 = k->p[*i];
    if (c0 < 0x80) {
        *i += 1;
        return k->r->asc[c0];
    }
    unsigned len;
    uint32_t c = decode(k->p + *i, &len);
    *i += len;
    return member_cp(k, c);
}

uint32_t re_run_take(re_run_cursor *k, uint32_t want)
{
    uint32_t n = 0;
    size_t b = k->b;
    while (n < want && b < k->e) {
        size_t j = b;
        if (!step(k, &j))
            break;
        b = j;
        n++;
    }
    k->b = b;
    k->cp += n;
    return n;
}

/* Non-members are skipped in a loop of their own, each decoded once. */
static bool next_steps(re_run_cursor *k, re_run_hit *h)
{
    const size_t e = k->e;
    const uint32_t min = k->r->min, want = k->r->want;
    size_t b = k->b, cp = k->cp;
    for (;;) {
        size_t b0;
        do {
            if (b >= e) {
                k->b = b;
                k->cp = cp;
                return false;
            }
            b0 = b;
            cp++;
        } while (!step(k, &b));
        size_t cp0 = cp - 1;
        uint32_t n = 1;
        while (n < want && b < e) {
            size_t j = b;
            if (!step(k, &j))
                break;
            b = j;
            n++;
        }
        cp += n - 1;
        if (n >= min) {
            *h = (re_run_hit){b0, b, cp0, cp};
            k->b = b;
            k->cp = cp;
            return true;
        }
        /* a run too short: no position inside it starts a match */
    }
}

/* ------------------------------------------------------------ 64 bytes at a time */

static inline uint64_t bits_from(size_t i) { return i >= 64 ? 0 : ~0ull << i; }
static inline uint64_t bits_below(size_t i) { return i >= 64 ? ~0ull : (1ull << i) - 1; }
static inline size_t count(uint64_t m) { return (size_t)__builtin_popcountll(m); }

/* S: a code point starts; M: a member does; X: decode it to know. */
static void classify_bytes(const re_run_tables *t, const unsigned char *p, size_t n, uint64_t *S, uint64_t *M,
                           uint64_t *X)
{
    uint64_t s = 0, m = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = t->cls[p[i]];
        s |= (uint64_t)(c != RUN_CONT) << i;
        m |= (uint64_t)(c == RUN_MEMBER) << i;
        x |= (uint64_t)(c == RUN_MIXED) << i;
    }
    *S = s;
    *M = m;
    *X = x;
}

static pthread_once_t cpu_once = PTHREAD_ONCE_INIT;
static bool have_ssse3, have_popcnt;

static void cpu_init(void)
{
#ifdef __x86_64__
    have_ssse3 = __builtin_cpu_supports("ssse3");
    have_popcnt = __builtin_cpu_supports("popcnt");
#else
    have_ssse3 = have_popcnt = false;
#endif
}

#ifdef __SSE2__

__attribute__((target("ssse3"))) static void classify_ssse3(const re_run_tables *t, const unsigned char *p,
                                                            uint64_t *S, uint64_t *M, uint64_t *X)
{
    const __m128i ahi = _mm_loadu_si128((const __m128i *)t->asc_hi);
    const __m128i alo = _mm_loadu_si128((const __m128i *)t->asc_lo);
    const __m128i lhi = _mm_loadu_si128((const __m128i *)t->lead_hi);
    const __m128i llo = _mm_loadu_si128((const __m128i *)t->lead_lo);
    const __m128i nib = _mm_set1_epi8(0x0F), mixed = _mm_set1_epi8((char)0xF0);
    const __m128i zero = _mm_setzero_si128(), cont = _mm_set1_epi8(-64);
    uint64_t s = 0, m = 0, x = 0;
    for (unsigned q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * q));
        __m128i hn = _mm_and_si128(_mm_srli_epi16(v, 4), nib), ln = _mm_and_si128(v, nib);
        __m128i a = _mm_and_si128(_mm_shuffle_epi8(ahi, hn), _mm_shuffle_epi8(alo, ln));
        __m128i l = _mm_and_si128(_mm_shuffle_epi8(lhi, hn), _mm_shuffle_epi8(llo, ln));
        unsigned not_a = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, zero));
        unsigned not_lm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(l, nib), zero));
        unsigned not_lx = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(l, mixed), zero));
        unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, cont));
        s |= (uint64_t)(~c & 0xFFFFu) << (16 * q);
        m |= (uint64_t)(~(not_a & not_lm) & 0xFFFFu) << (16 * q);
        x |= (uint64_t)(~not_lx & 0xFFFFu) << (16 * q);
    }
    *S = s;
    *M = m;
    *X = x;
}
#endif

/* Class the block at k->B (64 bytes, or what is left before e). */
static void block(re_run_cursor *k)
{
    size_t n = k->e - k->B < 64 ? k->e - k->B : 64;
    const unsigned char *p = k->p + k->B;
    uint64_t S, M, X;
#ifdef __SSE2__
    if (n == 64 && have_ssse3)
        classify_ssse3(k->t, p, &S, &M, &X);
    else
#endif
        classify_bytes(k->t, p, n, &S, &M, &X);
    while (X) {
        unsigned i = (unsigned)__builtin_ctzll(X), len;
        X &= X - 1;
        if (member_cp(k, decode(p + i, &len)))
            M |= 1ull << i;
    }
    k->S = S;
    k->M = M;
    k->N = S & ~M;
}

static void advance(re_run_cursor *k)
{
    k->cpB += count(k->S);
    k->B += 64;
    block(k);
}

static inline __attribute__((always_inline)) bool next_blocks(re_run_cursor *k, re_run_hit *h)
{
    size_t pos = k->b;
    for (;;) {
        uint64_t m = k->M & bits_from(pos - k->B);
        while (!m) {
            if (k->B + 64 >= k->e) {
                k->b = k->e;
                k->cp = k->cpB + count(k->S);
                return false;
            }
            advance(k);
            m = k->M;
        }
        size_t s = k->B + (size_t)__builtin_ctzll(m);
        size_t cp0 = k->cpB + count(k->S & bits_below(s - k->B)), end, cp1;
        uint64_t nm = k->N & bits_from(s - k->B + 1);
        for (;;) {
            if (nm) {
                end = k->B + (size_t)__builtin_ctzll(nm);
                cp1 = k->cpB + count(k->S & bits_below(end - k->B));
                break;
            }
            if (k->B + 64 >= k->e) {
                end = k->e;
                cp1 = k->cpB + count(k->S);
                break;
            }
            advance(k);
            nm = k->N;
        }
        if (cp1 - cp0 >= k->r->min) {
            *h = (re_run_hit){s, end, cp0, cp1};
            k->b = end;
            k->cp = cp1;
            return true;
        }
        pos = end; /* a run too short */
    }
}

/* Up to max matches into h: how many (fewer only at the end).  Twice: with
 * the popcnt instruction, chosen where the CPU has it (by hand: an ifunc's
 * resolver runs before a sanitizer's runtime is up). */
static size_t next_n_plain(re_run_cursor *k, re_run_hit *h, size_t max)
{
    size_t n = 0;
    while (n < max && next_blocks(k, &h[n]))
        n++;
    return n;
}
#ifdef __x86_64__
__attribute__((target("popcnt"))) static size_t next_n_popcnt(re_run_cursor *k, re_run_hit *h, size_t max)
{
    size_t n = 0;
    while (n < max && next_blocks(k, &h[n]))
        n++;
    return n;
}
#endif

size_t re_run_next_n(re_run_cursor *k, re_run_hit *h, size_t max)
{
    if (!k->blocks) {
        size_t n = 0;
        while (n < max && next_steps(k, &h[n]))
            n++;
        return n;
    }
#ifdef __x86_64__
    if (have_popcnt)
        return next_n_popcnt(k, h, max);
#endif
    return next_n_plain(k, h, max);
}

bool re_run_next(re_run_cursor *k, re_run_hit *h)
{
    return re_run_next_n(k, h, 1) == 1;
}

/* ------------------------------------------------------------ the cursor */

/* Byte offset of code point cp of s, walking on from code point from at
 * byte b (from <= cp). */
static size_t byte_of(const pv *s, size_t b, size_t from, size_t cp)
{
    static const unsigned char LEN[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    if (s->ascii)
        return cp;
    if (cp >= s->s.ncp)
        return s->s.len;
    const unsigned char *p = (const unsigned char *)s->s.p;
    for (size_t i = from; i < cp; i++)
        b += LEN[p[b] >> 4];
    return b;
}

void re_run_cursor_init(re_run_cursor *k, re_run *r, const pv *s, size_t start, size_t end)
{
    pthread_once(&cpu_once, cpu_init);
    k->r = r;
    k->t = re_run_tables_of(r);
    k->p = (const unsigned char *)s->s.p;
    k->b = byte_of(s, 0, 0, start);
    k->e = byte_of(s, k->b, start, end); /* the end from the start (start <= end) */
    k->cp = start;
    k->blocks = r->want == RE_MAXREPEAT;
    k->B = k->b;
    k->cpB = start;
    k->S = k->M = k->N = 0;
    if (k->blocks && k->B < k->e)
        block(k);
}
