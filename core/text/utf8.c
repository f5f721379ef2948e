/* Stored-str UTF-8 (utf8.h): the strict check of network text, code-point
 * counts and offsets, stepping back one code point, the decoder's verdict at
 * a position (error length and reason), and decoding with U+FFFD. */
#include "text/utf8.h"

#include <string.h>

uint32_t utf8_prev(const char *s, size_t *i)
{
    size_t j = *i;
    do
        j--;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
    *i = j;
    size_t k = j;
    return utf8_next(s, &k);
}

/* The scalar check of s[i..n) (i: a character boundary): *count gets its
 * code points, *all_ascii false at a byte >= 0x80; false with *bad at the
 * first invalid sequence. */
static bool check_from(const char *s, size_t n, size_t i, size_t *ncp, bool *ascii, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0;
    bool all_ascii = true;
    while (i < n) {
        /* ASCII runs are the common case: eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
            count += 8;
        }
        if (i >= n)
            break;
        if (n - i < 8 && n >= 8) { /* the tail: the last eight bytes (overlapping) at once */
            uint64_t w;
            memcpy(&w, u + n - 8, 8);
            if (!(w & 0x8080808080808080ULL)) {
                count += n - i;
                break;
            }
        }
        unsigned c = u[i];
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        all_ascii = false;
        /* the usual 2- and 3-byte forms inline; the rest, and every error,
         * through utf8_valid_at */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            i += 2;
            count++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            count++;
            continue;
        }
        size_t errlen;
        const char *reason;
        size_t len = utf8_valid_at(s, n, i, &errlen, &reason);
        if (!len)
            goto fail;
        i += len;
        count++;
    }
    *ncp = count;
    *ascii = all_ascii;
    return true;
fail:
    *bad = i;
    return false;
}

bool utf8_check_scalar(const char *s, size_t n, size_t *ncp, bool *ascii, size_t *bad)
{
    size_t count, at;
    bool all_ascii;
    if (!check_from(s, n, 0, &count, &all_ascii, &at)) {
        if (bad)
            *bad = at;
        return false;
    }
    if (ncp)
        *ncp = count;
    if (ascii)
        *ascii = all_ascii;
    return true;
}

/* Below this the SIMD prefix is not worth its set-up. */
#define SIMD_MIN 64

bool utf8_check(const char *s, size_t n, size_t *ncp, bool *ascii, size_t *bad)
{
    if (n < SIMD_MIN)
        return utf8_check_scalar(s, n, ncp, ascii, bad);
    size_t cont, count, at;
    bool nonascii, all_ascii;
    /* [0, p): whole valid characters, cont of their bytes continuation bytes */
    size_t p = utf8_simd_prefix(s, n, &cont, &nonascii);
    if (!check_from(s, n, p, &count, &all_ascii, &at)) {
        if (bad)
            *bad = at;
        return false;
    }
    if (ncp)
        *ncp = p - cont + count;
    if (ascii)
        *ascii = all_ascii && !nonascii;
    return true;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

size_t utf8_offset(const char *s, size_t n, size_t cp)
{
    size_t i = 0;
    while (cp > 0 && i < n) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cp--;
    }
    return i;
}

size_t utf8_valid_at(const char *s, size_t n, size_t i, size_t *errlen, const char **reason)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[i];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *errlen = 1;
        *reason = "invalid start byte";
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= n) {
            *errlen = n - i;
            *reason = "unexpected end of data";
            return 0;
        }
        unsigned b = u[i + k];
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *errlen = k;
            *reason = "invalid continuation byte";
            return 0;
        }
    }
    return need + 1;
}

#include "base/strbuf.h"

void utf8_decode_replace(strbuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && (unsigned char)s[i] < 0x80)
            i++;
        size_t errlen;
        const char *reason;
        size_t k = 0;
        while (i < n && (k = utf8_valid_at(s, n, i, &errlen, &reason)) > 0 && (unsigned char)s[i] >= 0x80)
            i += k;
        if (i > start)
            strbuf_append(out, s + start, i - start);
        if (i < n && k == 0) {
            strbuf_append(out, "\xEF\xBF\xBD", 3);
            i += errlen;
        }
    }
}
