/* Block scans shared by the JSON reader and writer: 16 bytes at a time with
 * SSE2 (every x86-64), 8 at a time with plain words elsewhere. */
#ifndef PYSTD_JSON_SIMD_H
#define PYSTD_JSON_SIMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the word-at-a-time scans assume a little-endian machine"
#endif

/* What a scan stops at, besides '"', '\\' and bytes < 0x20. */
enum { JS_PLAIN = 0, JS_ASCII = 1 /* and >= 0x7f */, JS_SURR = 2 /* and 0xED */ };

static inline bool js_stop_byte(unsigned char c, int mode)
{
    if (c < 0x20 || c == '"' || c == '\\')
        return true;
    if (mode == JS_ASCII)
        return c >= 0x7F;
    return mode == JS_SURR && c == 0xED;
}

#define JS_ONES 0x0101010101010101ULL
#define JS_HIGHS 0x8080808080808080ULL

static inline uint64_t js_zero_bytes(uint64_t w) { return (w - JS_ONES) & ~w & JS_HIGHS; }

/* UTF-8 continuation bytes (10xxxxxx) in w. */
static inline unsigned js_cont8(uint64_t w) { return (unsigned)__builtin_popcountll(w & ~(w << 1) & JS_HIGHS); }

/* The first index >= i (or n) whose byte stops the scan; with cont != NULL,
 * adds the UTF-8 continuation bytes passed over. */
static inline size_t js_scan(const char *s, size_t i, size_t n, int mode, size_t *cont)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\'), c1f = _mm_set1_epi8(0x1F);
    const __m128i del = _mm_set1_epi8(0x7F), ed = _mm_set1_epi8((char)0xED);
    const __m128i c0 = _mm_set1_epi8((char)0xC0), x80 = _mm_set1_epi8((char)0x80);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, b)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x));
        unsigned stop = (unsigned)_mm_movemask_epi8(m);
        if (mode == JS_ASCII)
            stop |= (unsigned)_mm_movemask_epi8(x) | (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, del));
        else if (mode == JS_SURR)
            stop |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, ed));
        if (cont) {
            unsigned hi = (unsigned)_mm_movemask_epi8(x);
            if (hi) {
                unsigned cm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(x, c0), x80));
                if (stop)
                    cm &= (1u << __builtin_ctz(stop)) - 1;
                *cont += (size_t)__builtin_popcount(cm);
            }
        }
        if (stop)
            return i + (size_t)__builtin_ctz(stop);
        i += 16;
    }
#else
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t m = ((w - 0x20 * JS_ONES) & ~w & JS_HIGHS) | js_zero_bytes(w ^ ('"' * JS_ONES)) |
                     js_zero_bytes(w ^ ('\\' * JS_ONES));
        if (mode == JS_ASCII)
            m |= (w & JS_HIGHS) | js_zero_bytes(w ^ (0x7F * JS_ONES));
        else if (mode == JS_SURR)
            m |= js_zero_bytes(w ^ (0xED * JS_ONES));
        if (m) { /* the lowest flagged byte is exact */
            unsigned k = (unsigned)__builtin_ctzll(m) >> 3;
            if (cont && k)
                *cont += js_cont8(w & (~0ULL >> (64 - 8 * k)));
            return i + k;
        }
        if (cont)
            *cont += js_cont8(w);
        i += 8;
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (js_stop_byte(c, mode))
            return i;
        if (cont)
            *cont += (c & 0xC0) == 0x80;
    }
    return n;
}

/* Code points of stored-str UTF-8 (bytes that are not continuation bytes). */
static inline size_t js_count_cp(const char *s, size_t n)
{
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & JS_HIGHS)
            cont += js_cont8(w);
    }
    for (; i < n; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return n - cont;
}

#endif
