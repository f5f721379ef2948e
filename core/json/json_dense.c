/* Escaping and unescaping text dense in escapes a 16-byte block at a time
 * (json_dense.h): SSSE3's byte shuffle spreads a block out around the
 * backslashes it needs, or packs it together without the backslashes it
 * had, 8 bytes at a time by tables made once. */
#include "json/json_dense.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "json/json_simd.h"

#ifdef __SSE2__
#include <tmmintrin.h>

/* For each mask of the 8 bytes of a half block: the shuffle spreading them
 * out (a '\\' before each flagged byte) with the backslashes to lay over it,
 * and the shuffle packing the unflagged ones; the lengths written. */
static struct {
    uint8_t spread[256][16], bs[256][16], pack[256][16];
    uint8_t spread_len[256], pack_len[256];
} tab;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;
static bool have_ssse3;

static void tab_init(void)
{
    have_ssse3 = __builtin_cpu_supports("ssse3");
    for (unsigned m = 0; m < 256; m++) {
        unsigned q = 0, k = 0;
        memset(tab.spread[m], 0x80, 16); /* 0x80: a zero byte */
        memset(tab.pack[m], 0x80, 16);
        for (unsigned j = 0; j < 8; j++) {
            if (m >> j & 1)
                tab.bs[m][q++] = '\\';
            tab.spread[m][q++] = (uint8_t)j;
            if (!(m >> j & 1))
                tab.pack[m][k++] = (uint8_t)j;
        }
        tab.spread_len[m] = (uint8_t)q;
        tab.pack_len[m] = (uint8_t)k;
    }
}

bool json_dense_ready(void)
{
    pthread_once(&tab_once, tab_init);
    return have_ssse3;
}

static inline __m128i load16(const void *p)
{
    return _mm_loadu_si128((const __m128i *)p);
}

static inline unsigned eq_mask(__m128i x, char c)
{
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}

__attribute__((target("ssse3"))) size_t json_dense_escape(const char *s, size_t i, size_t n, int mode,
                                                          char **out, const char *lim)
{
    char *p = *out;
    while (i + 32 <= n && lim - p >= (ptrdiff_t)(n - i) + 48) {
        __m128i x = load16(s + i);
        unsigned esc = eq_mask(x, '"') | eq_mask(x, '\\');
        if (json_simd_stop16(x, mode) & ~esc)
            break; /* other stops: the caller's */
        unsigned lo = esc & 0xFF, hi = esc >> 8;
        _mm_storeu_si128((__m128i *)(void *)p,
                         _mm_or_si128(_mm_shuffle_epi8(x, load16(tab.spread[lo])), load16(tab.bs[lo])));
        p += tab.spread_len[lo];
        _mm_storeu_si128(
            (__m128i *)(void *)p,
            _mm_or_si128(_mm_shuffle_epi8(_mm_srli_si128(x, 8), load16(tab.spread[hi])), load16(tab.bs[hi])));
        p += tab.spread_len[hi];
        i += 16;
    }
    *out = p;
    return i;
}

/* The bytes a '\\' escapes, of a block's backslashes bs, *carry telling
 * that its first byte is escaped by the last of the block before (and
 * telling after whether the next one's is): every other one of a run, from
 * its first (simdjson's find_escaped_branchless, 16 bits wide). */
static inline unsigned escaped_by(unsigned bs, unsigned *carry)
{
    const unsigned even = 0x5555;
    bs &= ~*carry;
    unsigned follows = ((bs << 1) | *carry) & 0xFFFF;
    unsigned odd_starts = bs & ~even & ~follows;
    unsigned sum = odd_starts + bs;
    *carry = sum >> 16;
    return (even ^ ((sum << 1) & 0xFFFF)) & follows;
}

__attribute__((target("ssse3"))) size_t json_dense_unescape(const char *s, size_t i, size_t len, size_t *cont,
                                                            char **out)
{
    char *o = *out;
    const __m128i c1f = _mm_set1_epi8(0x1F);
    unsigned carry = 0; /* the block's first byte is escaped by the '\\' before it (not written) */
    /* blocks at i + 16 each: no address waits for the block before */
    while (i + 32 <= len) {
        __m128i x = load16(s + i);
        unsigned bs = eq_mask(x, '\\'), quote = eq_mask(x, '"');
        unsigned ctl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x));
        unsigned carry_in = carry;
        if (!(bs | carry_in | quote | ctl)) { /* a plain block: as it is */
            _mm_storeu_si128((__m128i *)(void *)o, x);
            o += 16;
            if (_mm_movemask_epi8(x))
                *cont += json_simd_pop16(json_simd_cont16(x));
            i += 16;
            continue;
        }
        unsigned escaped = escaped_by(bs, &carry), starts = bs & ~escaped & ~carry_in;
        if ((quote & ~escaped) | ctl || (escaped & ~(quote | bs | eq_mask(x, '/')))) {
            /* the string's end, \b \f \n \r \t \u or an error: the caller's
             * from this block (from its escape's '\\' when split) */
            carry = carry_in;
            break;
        }
        unsigned lo = starts & 0xFF, hi = starts >> 8;
        _mm_storeu_si128((__m128i *)(void *)o, _mm_shuffle_epi8(x, load16(tab.pack[lo])));
        o += tab.pack_len[lo];
        _mm_storeu_si128((__m128i *)(void *)o, _mm_shuffle_epi8(_mm_srli_si128(x, 8), load16(tab.pack[hi])));
        o += tab.pack_len[hi];
        if (_mm_movemask_epi8(x)) /* escapes are ASCII: all continuation bytes are text */
            *cont += json_simd_pop16(json_simd_cont16(x));
        i += 16;
    }
    *out = o;
    return i - carry;
}

#else

bool json_dense_ready(void)
{
    return false;
}

size_t json_dense_escape(const char *s, size_t i, size_t n, int mode, char **out, const char *lim)
{
    (void)s, (void)n, (void)mode, (void)out, (void)lim;
    return i;
}

size_t json_dense_unescape(const char *s, size_t i, size_t len, size_t *cont, char **out)
{
    (void)s, (void)len, (void)cont, (void)out;
    return i;
}

#endif
