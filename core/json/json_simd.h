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

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the word-at-a-time scans assume a little-endian machine"
#endif

/* The scans may load a whole 16-byte block that ends past the buffer when
 * the block stays inside one 4 KB page (what glibc's string functions do):
 * never under a sanitizer (ASan, TSan), which would rightly report the bytes
 * past the end. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JSON_SIMD_OVERREAD 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define JSON_SIMD_OVERREAD 0
#endif
#endif
#ifndef JSON_SIMD_OVERREAD
#define JSON_SIMD_OVERREAD 1
#endif

static inline bool json_simd_page_safe(const void *p)
{
    return JSON_SIMD_OVERREAD && ((uintptr_t)p & 4095) <= 4096 - 16;
}

#ifdef __SSE2__
/* Bit i set when byte i of x stops a scan in `mode`. */
static inline unsigned json_simd_stop16(__m128i x, int mode)
{
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
        _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x));
    unsigned stop = (unsigned)_mm_movemask_epi8(m);
    if (mode == 1)
        stop |= (unsigned)_mm_movemask_epi8(x) |
                (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
    else if (mode == 2)
        stop |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xED)));
    return stop;
}

/* Bit i set when byte i of x is a UTF-8 continuation byte. */
static inline unsigned json_simd_cont16(__m128i x)
{
    return (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
}
#endif

/* What a scan stops at, besides '"', '\\' and bytes < 0x20. */
enum { JSON_SIMD_PLAIN = 0, JSON_SIMD_ASCII = 1 /* and >= 0x7f */, JSON_SIMD_SURR = 2 /* and 0xED */ };

static inline bool json_simd_stop_byte(unsigned char c, int mode)
{
    if (c < 0x20 || c == '"' || c == '\\')
        return true;
    if (mode == JSON_SIMD_ASCII)
        return c >= 0x7F;
    return mode == JSON_SIMD_SURR && c == 0xED;
}

#define JSON_SIMD_ONES 0x0101010101010101ULL
#define JSON_SIMD_HIGHS 0x8080808080808080ULL

static inline uint64_t json_simd_zero_bytes(uint64_t w)
{
    return (w - JSON_SIMD_ONES) & ~w & JSON_SIMD_HIGHS;
}

/* UTF-8 continuation bytes (10xxxxxx) in w (a byte sum: no popcnt needed). */
static inline unsigned json_simd_cont8(uint64_t w)
{
    return (unsigned)(((((w & ~(w << 1)) & JSON_SIMD_HIGHS) >> 7) * JSON_SIMD_ONES) >> 56);
}

static inline unsigned json_simd_pop16(unsigned m)
{
    m = m - ((m >> 1) & 0x5555);
    m = (m & 0x3333) + ((m >> 2) & 0x3333);
    m = (m + (m >> 4)) & 0x0F0F;
    return (m + (m >> 8)) & 0x1F;
}

#ifdef __SSE2__
/* The 16-byte block at s + i: false when there is none to load (fewer than
 * 16 bytes left and no safe over-read), else *x and the bits of its bytes
 * that stop the scan (the end of the text stops too). */
static inline __attribute__((always_inline)) bool json_simd_block(const char *s, size_t i, size_t n, int mode,
                                                                  __m128i *x, unsigned *stop)
{
    if (i + 16 <= n) {
        *x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        *stop = json_simd_stop16(*x, mode);
        return true;
    }
    if (i < n && json_simd_page_safe(s + i)) {
        *x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        *stop = json_simd_stop16(*x, mode) | (1u << (n - i));
        return true;
    }
    return false;
}

/* Pass over block x up to its first stop (or all of it): copies it to *out,
 * counts its continuation bytes into *cont; the bytes passed over. */
static inline __attribute__((always_inline)) unsigned json_simd_pass(__m128i x, unsigned stop, size_t *cont,
                                                                     char **out)
{
    unsigned k = stop ? (unsigned)__builtin_ctz(stop) : 16;
    if (out) {
        _mm_storeu_si128((__m128i *)(void *)*out, x);
        *out += k;
    }
    if (cont && _mm_movemask_epi8(x))
        *cont += json_simd_pop16(json_simd_cont16(x) & ((1u << k) - 1));
    return k;
}
#endif

/* The first index >= i (or n) whose byte stops the scan.  With cont !=
 * NULL, adds the UTF-8 continuation bytes passed over.  With out != NULL,
 * copies the bytes passed over to *out while scanning and advances *out
 * past them; it may write up to 16 bytes beyond: the caller has that room.
 * Callers pass constant NULLs for what they do not want (the function is
 * inlined and those branches vanish). */
static inline __attribute__((always_inline)) size_t json_simd_scan_copy(const char *s, size_t i, size_t n,
                                                                        int mode, size_t *cont, char **out)
{
#ifdef __SSE2__
    __m128i x;
    unsigned stop;
    /* the first block before the loop: a short run (the common case between
     * escapes) costs no loop set-up */
    if (json_simd_block(s, i, n, mode, &x, &stop)) {
        i += json_simd_pass(x, stop, cont, out);
        if (stop)
            return i;
        while (json_simd_block(s, i, n, mode, &x, &stop)) {
            i += json_simd_pass(x, stop, cont, out);
            if (stop)
                return i;
        }
    }
#else
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (out)
            memcpy(*out, &w, 8);
        uint64_t m = ((w - 0x20 * JSON_SIMD_ONES) & ~w & JSON_SIMD_HIGHS) |
                     json_simd_zero_bytes(w ^ ('"' * JSON_SIMD_ONES)) |
                     json_simd_zero_bytes(w ^ ('\\' * JSON_SIMD_ONES));
        if (mode == JSON_SIMD_ASCII)
            m |= (w & JSON_SIMD_HIGHS) | json_simd_zero_bytes(w ^ (0x7F * JSON_SIMD_ONES));
        else if (mode == JSON_SIMD_SURR)
            m |= json_simd_zero_bytes(w ^ (0xED * JSON_SIMD_ONES));
        if (m) { /* the lowest flagged byte is exact */
            unsigned k = (unsigned)__builtin_ctzll(m) >> 3;
            if (cont && k)
                *cont += json_simd_cont8(w & (~0ULL >> (64 - 8 * k)));
            if (out)
                *out += k;
            return i + k;
        }
        if (cont)
            *cont += json_simd_cont8(w);
        i += 8;
        if (out)
            *out += 8;
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (json_simd_stop_byte(c, mode))
            return i;
        if (cont)
            *cont += (c & 0xC0) == 0x80;
        if (out)
            *(*out)++ = (char)c;
    }
    return n;
}

/* The scan alone: the first index >= i (or n) whose byte stops it; with
 * cont != NULL, adds the UTF-8 continuation bytes passed over. */
static inline size_t json_simd_scan(const char *s, size_t i, size_t n, int mode, size_t *cont)
{
    return json_simd_scan_copy(s, i, n, mode, cont, NULL);
}

/* Code points of stored-str UTF-8 (bytes that are not continuation bytes). */
static inline size_t json_simd_count_cp(const char *s, size_t n)
{
    size_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & JSON_SIMD_HIGHS)
            cont += json_simd_cont8(w);
    }
    for (; i < n; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return n - cont;
}

#endif
