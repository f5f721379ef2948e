/* utf8_check's fast prefix (utf8.h): strict UTF-8 validated 16 (SSSE3) or
 * 32 (AVX2) bytes at a time by the lookup method of J. Keiser and
 * D. Lemire ("Validating UTF-8 in less than one instruction per byte",
 * 2021): three 16-entry table lookups (pshufb) on the high and low nibbles
 * of each byte and of the byte before it give the error classes of every
 * pair of bytes; the bytes that must be the third or fourth of a sequence
 * come from the bytes two and three before.  The CPU's level is detected at
 * run time.  The prefix stops at the first block with an error, or at the
 * last whole block; the scalar check in utf8.c goes on from a character
 * boundary just before it, so that it alone says where an error is. */
#include <stdatomic.h>
#include <stdint.h>

#include "text/utf8.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/* the error classes of a pair (byte 1, byte 2) of adjacent bytes */
#define TOO_SHORT (1 << 0)  /* a lead byte, then no continuation */
#define TOO_LONG (1 << 1)   /* ASCII, then a continuation */
#define OVERLONG_3 (1 << 2) /* E0 80..9F */
#define TOO_LARGE (1 << 3)  /* F4 90..BF, F5..FF 80..BF */
#define SURROGATE (1 << 4)  /* ED A0..BF */
#define OVERLONG_2 (1 << 5) /* C0..C1 80..BF */
/* one bit for two classes: F5..FF 80..8F (beyond U+10FFFF) and F0 80..8F (overlong) */
#define LARGE_1000_OVERLONG_4 (1 << 6)
#define TWO_CONTS (1 << 7) /* a continuation after a continuation: right only as a third or fourth byte */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

static const int8_t BYTE1_HIGH[16] = {TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG,
                                      TOO_LONG, /* 0xxx: ASCII */
                                      TWO_CONTS,
                                      TWO_CONTS,
                                      TWO_CONTS,
                                      TWO_CONTS,                                      /* 10xx: continuation */
                                      TOO_SHORT | OVERLONG_2,                         /* 1100 */
                                      TOO_SHORT,                                      /* 1101 */
                                      TOO_SHORT | OVERLONG_3 | SURROGATE,             /* 1110 */
                                      TOO_SHORT | TOO_LARGE | LARGE_1000_OVERLONG_4}; /* 1111 */
static const int8_t BYTE1_LOW[16] = {CARRY | OVERLONG_3 | OVERLONG_2 | LARGE_1000_OVERLONG_4, /* ____0000 */
                                     CARRY | OVERLONG_2,                                      /* ____0001 */
                                     CARRY,
                                     CARRY,                                     /* ____001_ */
                                     CARRY | TOO_LARGE,                         /* ____0100 */
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4, /* ____0101 and up */
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4 | SURROGATE, /* ____1101 */
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4,
                                     CARRY | TOO_LARGE | LARGE_1000_OVERLONG_4};
static const int8_t BYTE2_HIGH[16] = {TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT, /* 0xxx */
                                      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 |
                                          LARGE_1000_OVERLONG_4,                                  /* 1000 */
                                      TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE, /* 1001 */
                                      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,  /* 1010 */
                                      TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,  /* 1011 */
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT,
                                      TOO_SHORT}; /* 11xx */

/* What the prefix found: where the scalar check goes on, the continuation
 * bytes before that point, and whether a byte >= 0x80 was met. */
typedef struct prefix {
    size_t at, cont;
    bool nonascii;
} prefix;

/* The character boundary at or just before e (every byte before e passed):
 * the last byte of s[e-3..e) that is not a continuation byte, or e. */
static size_t boundary(const char *s, size_t e)
{
    for (size_t k = 1; k <= 3 && k <= e; k++)
        if (((unsigned char)s[e - k] & 0xC0) != 0x80)
            return e - k;
    return e;
}

static void finish(const char *s, size_t e, prefix *p, size_t cont_to_e)
{
    p->at = boundary(s, e);
    size_t c = cont_to_e;
    for (size_t k = p->at; k < e; k++) /* the continuation bytes given back to the scalar check */
        c -= ((unsigned char)s[k] & 0xC0) == 0x80;
    p->cont = c;
}

/* ---------------------------------------------------------------- SSSE3 */

__attribute__((target("ssse3"))) static inline __m128i errors16(__m128i in, __m128i prev_in)
{
    const __m128i lo4 = _mm_set1_epi8(0x0F);
    __m128i prev1 = _mm_alignr_epi8(in, prev_in, 15);
    __m128i b1h = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)BYTE1_HIGH),
                                   _mm_and_si128(_mm_srli_epi16(prev1, 4), lo4));
    __m128i b1l = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)BYTE1_LOW),
                                   _mm_and_si128(prev1, lo4));
    __m128i b2h = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)BYTE2_HIGH),
                                   _mm_and_si128(_mm_srli_epi16(in, 4), lo4));
    __m128i sc = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);
    __m128i prev2 = _mm_alignr_epi8(in, prev_in, 14), prev3 = _mm_alignr_epi8(in, prev_in, 13);
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must23, sc);
}

/* the continuation bytes of x as -1 bytes */
__attribute__((target("ssse3"))) static inline __m128i conts16(__m128i x)
{
    return _mm_cmplt_epi8(x, _mm_set1_epi8(-64)); /* 0x80..0xBF: -128..-65 */
}

__attribute__((target("ssse3"))) static inline size_t sum_counts16(__m128i counts)
{
    __m128i s = _mm_sad_epu8(counts, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si64(s) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s));
}

__attribute__((target("ssse3"))) static void prefix16(const char *s, size_t n, prefix *p)
{
    __m128i prev = _mm_setzero_si128(), counts = _mm_setzero_si128();
    size_t i = 0, cont = 0;
    unsigned batch = 0; /* blocks counted into `counts` (at most 255 each byte) */
    bool nonascii = false;
    while (i + 16 <= n) {
        __m128i in = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i err;
        if (!_mm_movemask_epi8(in)) {
            /* ASCII: an error only when the block before ended inside a sequence */
            err = _mm_subs_epu8(prev, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                                    (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1)));
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) != 0xFFFF)
                break;
            /* and the ASCII blocks after it, two at a time (the checks of a
             * block after ASCII are the same whatever the ASCII bytes) */
            for (i += 16; i + 32 <= n; i += 32)
                if (_mm_movemask_epi8(
                        _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)),
                                     _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16)))))
                    break;
            prev = _mm_setzero_si128();
            continue;
        }
        nonascii = true;
        err = errors16(in, prev);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) != 0xFFFF)
            break;
        counts = _mm_sub_epi8(counts, conts16(in));
        if (++batch == 255) {
            cont += sum_counts16(counts);
            counts = _mm_setzero_si128();
            batch = 0;
        }
        prev = in;
        i += 16;
    }
    cont += sum_counts16(counts);
    p->nonascii = nonascii;
    finish(s, i, p, cont);
}

/* ---------------------------------------------------------------- AVX2 */

__attribute__((target("avx2"))) static inline __m256i errors32(__m256i in, __m256i prev_in)
{
    const __m256i lo4 = _mm256_set1_epi8(0x0F);
    /* the bytes before each byte of `in`: the last of prev_in, then in's own */
    __m256i shifted = _mm256_permute2x128_si256(prev_in, in, 0x21);
    __m256i prev1 = _mm256_alignr_epi8(in, shifted, 15);
    __m256i prev2 = _mm256_alignr_epi8(in, shifted, 14), prev3 = _mm256_alignr_epi8(in, shifted, 13);
    __m256i t1h = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)BYTE1_HIGH));
    __m256i t1l = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)BYTE1_LOW));
    __m256i t2h = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)BYTE2_HIGH));
    __m256i b1h = _mm256_shuffle_epi8(t1h, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), lo4));
    __m256i b1l = _mm256_shuffle_epi8(t1l, _mm256_and_si256(prev1, lo4));
    __m256i b2h = _mm256_shuffle_epi8(t2h, _mm256_and_si256(_mm256_srli_epi16(in, 4), lo4));
    __m256i sc = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
    __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must23, sc);
}

__attribute__((target("avx2"))) static inline size_t sum_counts32(__m256i counts)
{
    __m256i s = _mm256_sad_epu8(counts, _mm256_setzero_si256());
    return (size_t)_mm256_extract_epi64(s, 0) + (size_t)_mm256_extract_epi64(s, 1) +
           (size_t)_mm256_extract_epi64(s, 2) + (size_t)_mm256_extract_epi64(s, 3);
}

__attribute__((target("avx2"))) static void prefix32(const char *s, size_t n, prefix *p)
{
    __m256i prev = _mm256_setzero_si256(), counts = _mm256_setzero_si256();
    const __m256i incomplete = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                                -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                                (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    size_t i = 0, cont = 0;
    unsigned batch = 0;
    bool nonascii = false;
    while (i + 32 <= n) {
        __m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i err;
        if (!_mm256_movemask_epi8(in)) {
            err = _mm256_subs_epu8(prev, incomplete);
            if (!_mm256_testz_si256(err, err))
                break;
            for (i += 32; i + 64 <= n; i += 64)
                if (_mm256_movemask_epi8(
                        _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(const void *)(s + i)),
                                        _mm256_loadu_si256((const __m256i *)(const void *)(s + i + 32)))))
                    break;
            prev = _mm256_setzero_si256();
            continue;
        }
        nonascii = true;
        err = errors32(in, prev);
        if (!_mm256_testz_si256(err, err))
            break;
        counts = _mm256_sub_epi8(counts, _mm256_cmpgt_epi8(_mm256_set1_epi8(-64), in));
        if (++batch == 255) {
            cont += sum_counts32(counts);
            counts = _mm256_setzero_si256();
            batch = 0;
        }
        prev = in;
        i += 32;
    }
    cont += sum_counts32(counts);
    p->nonascii = nonascii;
    finish(s, i, p, cont);
}

static _Atomic int simd_level = -1; /* -1: not detected yet */

static int detected(void)
{
    return __builtin_cpu_supports("avx2") ? 2 : __builtin_cpu_supports("ssse3") ? 1 : 0;
}

int utf8_simd_limit(int level)
{
    int cpu = detected();
    int l = level < 0 ? cpu : level < cpu ? level : cpu;
    atomic_store_explicit(&simd_level, l, memory_order_relaxed);
    return l;
}

size_t utf8_simd_prefix(const char *s, size_t n, size_t *cont, bool *nonascii)
{
    int l = atomic_load_explicit(&simd_level, memory_order_relaxed);
    if (l < 0)
        l = utf8_simd_limit(-1);
    prefix p = {0, 0, false};
    if (l == 2)
        prefix32(s, n, &p);
    else if (l == 1)
        prefix16(s, n, &p);
    *cont = p.cont;
    *nonascii = p.nonascii;
    return p.at;
}

#else

int utf8_simd_limit(int level)
{
    (void)level;
    return 0;
}

size_t utf8_simd_prefix(const char *s, size_t n, size_t *cont, bool *nonascii)
{
    (void)s, (void)n;
    *cont = 0;
    *nonascii = false;
    return 0;
}

#endif
