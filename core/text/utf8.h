/* UTF-8 as pystd stores Python str: standard UTF-8, except that a lone
 * surrogate (U+D800..U+DFFF) is kept as its own 3-byte sequence (ED A0..BF xx).
 * Text from the network is checked with utf8_check (strict, no surrogates). */
#ifndef PYSTD_UTF8_H
#define PYSTD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of the ASCII hex digit c (either case), -1 if c is not one. */
static inline int utf8_hex_digit(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10) : -1;
}

/* Decode the code point at s[*i] (which must be stored-str UTF-8) and advance *i. */
static inline uint32_t utf8_next(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        *i += 1;
        return u[0];
    }
    if (u[0] < 0xE0) {
        *i += 2;
        return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (u[0] < 0xF0) {
        *i += 3;
        return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    *i += 4;
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
           ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

/* Decode the code point that ends just before s[*i] and move *i back to its start. */
uint32_t utf8_prev(const char *s, size_t *i);

/* Encode cp (< 0x110000; surrogates allowed) into out; returns 1..4. */
static inline int utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Strict UTF-8 as Python's bytes.decode('utf-8') accepts it (no surrogates,
 * no overlongs).  Returns true when valid; *bad = offset of the first invalid
 * byte otherwise.  *ncp gets the code-point count, *ascii whether all < 0x80. */
bool utf8_check(const char *s, size_t n, size_t *ncp, bool *ascii, size_t *bad);
/* The same check a byte at a time (no SIMD prefix): the unit tests' reference. */
bool utf8_check_scalar(const char *s, size_t n, size_t *ncp, bool *ascii, size_t *bad);
/* utf8_check's SIMD prefix (utf8_simd.c): the length p of the longest run of
 * whole valid characters at s it vouches for (a character boundary; 0
 * without SIMD), *cont the continuation bytes among them, *nonascii whether
 * a byte >= 0x80 was seen (anywhere in s).  utf8_check checks s[p..n) a byte
 * at a time, which places any error. */
size_t utf8_simd_prefix(const char *s, size_t n, size_t *cont, bool *nonascii);
/* The widest SIMD the prefix may use: 0 none, 1 SSSE3 (16-byte blocks), 2
 * AVX2 (32); -1 the best the CPU has (the default).  Returns the level in
 * force (at most the CPU's).  For the tests, which run every level. */
int utf8_simd_limit(int level);

/* Python's bytes.decode('utf-8', 'replace'): each maximal invalid
 * subsequence becomes one U+FFFD.  Appends stored-str UTF-8 to out. */
struct strbuf;
void utf8_decode_replace(struct strbuf *out, const char *s, size_t n);
/* Length of the valid sequence at s[i] (1..4), or 0 with *errlen = the
 * number of bytes Python's decoder reports as the invalid unit and *reason
 * ("invalid start byte", "invalid continuation byte", "unexpected end of data"). */
size_t utf8_valid_at(const char *s, size_t n, size_t i, size_t *errlen, const char **reason);

/* Code points in stored-str UTF-8. */
size_t utf8_count(const char *s, size_t n);
/* Byte offset of code point index `cp` (clamped to n). */
size_t utf8_offset(const char *s, size_t n, size_t cp);

#endif
