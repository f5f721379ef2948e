/* utf8_check's SIMD prefix (core/text/utf8_simd.c) against the byte-at-a-time
 * check (utf8_check_scalar), at every SIMD level the CPU has: every kind of
 * invalid UTF-8 (and the valid extremes) at every position around the 16-
 * and 32-byte block boundaries, in ASCII and in multi-byte text, cut short
 * at the end; random mixtures; long texts (the prefix's counters). */
#include <check.h>

#include "testkit.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

typedef struct piece {
    const char *s;
    size_t n;
} piece;
#define P(lit)                                                                                               \
    {                                                                                                        \
        lit, sizeof lit - 1                                                                                  \
    }

/* Invalid sequences of every kind... */
static const piece BAD[] = {
    P("\x80"),
    P("\xBF"),
    P("\xC3\xA9\x80"),
    P("\xE2\x82\xAC\x80"),
    P("\xF0\x9F\x98\x80\x80"), /* stray continuation */
    P("\xC0\x80"),
    P("\xC1\xBF"),
    P("\xE0\x80\x80"),
    P("\xE0\x9F\xBF"),
    P("\xF0\x80\x80\x80"),
    P("\xF0\x8F\xBF\xBF"), /* overlong */
    P("\xED\xA0\x80"),
    P("\xED\xBF\xBF"),
    P("\xED\xB0\x80"), /* surrogates */
    P("\xF4\x90\x80\x80"),
    P("\xF4\xBF\xBF\xBF"),
    P("\xF5\x80\x80\x80"), /* beyond U+10FFFF */
    P("\xF8\x88\x80\x80\x80"),
    P("\xFE"),
    P("\xFF"), /* never UTF-8 */
    P("\xC0"),
    P("\xC1"),
    P("\xF5"),
    P("\xF7"), /* invalid start bytes, then ASCII */
    P("\xC3"),
    P("\xE2\x82"),
    P("\xF0\x9F\x98"),
    P("\xE2"),
    P("\xF0\x9F"),
    P("\xF0"),
    P("\xE0"),
    P("\xED"),
    P("\xF4"),
    P("\xE0\xA0"),
    P("\xED\x9F"),
    P("\xF4\x8F"),
    P("\xF4\x8F\xBF"), /* cut short */
    P("\xC3\xC3\xA9"),
    P("\xE2\xE2\x82\xAC"),
    P("\xF0\xF0\x9F\x98\x80"),
    P("\xE2\x82\x41"),
    P("\xF0\x9F\x98\x41"),
    P("\xE2\xC3\xA9"), /* a lead byte (or ASCII) where a continuation belongs */
};
/* ...and valid ones, at the limits and usual. */
static const piece GOOD[] = {
    P("\xC2\x80"),
    P("\xDF\xBF"),
    P("\xE0\xA0\x80"),
    P("\xED\x9F\xBF"),
    P("\xEE\x80\x80"),
    P("\xEF\xBF\xBF"),
    P("\xF0\x90\x80\x80"),
    P("\xF4\x8F\xBF\xBF"),
    P("\xF3\xBF\xBF\xBF"),
    P("\x7F"),
    P("\x00"),
    P("a"),
    P("\xC3\xA9"),
    P("\xE6\x9D\xB1"),
    P("\xF0\x9F\x9A\x80"),
};
#define NBAD (sizeof BAD / sizeof BAD[0])
#define NPIECES (NBAD + sizeof GOOD / sizeof GOOD[0])

static piece piece_at(size_t k)
{
    return k < NBAD ? BAD[k] : GOOD[k - NBAD];
}

/* The two checks agree on s[0..n): verdict, offset, count, ASCII-ness. */
static void same(const char *s, size_t n, const char *what, size_t pos)
{
    char *copy = malloc(n ? n : 1); /* exactly n bytes: a sanitizer sees any read past them */
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, s, n);
    size_t ncp1 = 7, ncp2 = 7, bad1 = 7, bad2 = 7;
    bool a1 = false, a2 = false;
    bool ok1 = utf8_check(copy, n, &ncp1, &a1, &bad1), ok2 = utf8_check_scalar(copy, n, &ncp2, &a2, &bad2);
    ck_assert_msg(ok1 == ok2, "%s at %zu (n %zu): verdict %d, scalar %d", what, pos, n, ok1, ok2);
    if (ok1) {
        ck_assert_msg(ncp1 == ncp2 && a1 == a2, "%s at %zu (n %zu): ncp %zu/%zu ascii %d/%d", what, pos, n,
                      ncp1, ncp2, a1, a2);
    } else {
        ck_assert_msg(bad1 == bad2, "%s at %zu (n %zu): bad %zu, scalar %zu", what, pos, n, bad1, bad2);
    }
    free(copy);
}

/* Background texts: ASCII, and multi-byte text whose characters straddle
 * the block boundaries in every way. */
static void background(char *buf, size_t n, int kind)
{
    static const char mix[] = "a\xC3\xA9\xE6\x9D\xB1"
                              "b\xF0\x9F\x9A\x80\xD0\x96"
                              "cd\xE2\x82\xAC";
    for (size_t i = 0; i < n; i++)
        buf[i] = kind == 0 ? (char)('a' + i % 26) : mix[i % (sizeof mix - 1)];
}

static int levels(int *out)
{
    int n = 0;
    for (int l = 0; l <= 2; l++)
        if (utf8_simd_limit(l) == l)
            out[n++] = l;
        else
            fprintf(stderr, "test_utf8_simd: this CPU has no SIMD level %d: not tested here\n", l);
    return n;
}

START_TEST(every_piece_at_every_position)
{
    int lv[3], nlv = levels(lv);
    static const size_t lens[] = {64, 65, 79, 95, 96, 97, 127, 128, 131};
    char buf[160];
    for (int li = 0; li < nlv; li++) {
        ck_assert_int_eq(utf8_simd_limit(lv[li]), lv[li]);
        for (int kind = 0; kind < 2; kind++)
            for (size_t k = 0; k < NPIECES; k++)
                for (size_t L = 0; L < sizeof lens / sizeof lens[0]; L++) {
                    size_t n = lens[L];
                    for (size_t pos = 0; pos < n; pos++) {
                        background(buf, n, kind);
                        piece a = piece_at(k), b = piece_at((k + 7) % NPIECES);
                        size_t m = a.n < n - pos ? a.n : n - pos; /* cut at the end */
                        memcpy(buf + pos, a.s, m);
                        same(buf, n, kind ? "piece in text" : "piece in ascii", pos);
                        /* two pieces: the first error is the one reported */
                        if (pos + m + 3 < n) {
                            memcpy(buf + pos + m + 3, b.s, b.n < n - pos - m - 3 ? b.n : n - pos - m - 3);
                            same(buf, n, "two pieces", pos);
                        }
                    }
                }
    }
    utf8_simd_limit(-1);
}
END_TEST

START_TEST(random_mixtures)
{
    int lv[3], nlv = levels(lv);
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    char buf[600];
    for (int li = 0; li < nlv; li++) {
        utf8_simd_limit(lv[li]);
        for (int t = 0; t < 20000; t++) {
            size_t n = 0;
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t want = 64 + x % 500;
            bool clean = (x >> 20) % 4 == 0; /* a quarter of them without an error piece */
            while (n < want) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                size_t k = (x >> 8) % NPIECES;
                if ((x >> 40) % 3 != 0 || (clean && k < NBAD)) {
                    buf[n++] = (char)('A' + (x >> 50) % 26);
                    continue;
                }
                piece a = piece_at(k);
                memcpy(buf + n, a.s, a.n);
                n += a.n;
            }
            same(buf, n, "random", (size_t)t);
        }
    }
    utf8_simd_limit(-1);
}
END_TEST

START_TEST(long_texts_count_right)
{
    int lv[3], nlv = levels(lv);
    size_t n = 300000;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    for (int li = 0; li < nlv; li++) {
        utf8_simd_limit(lv[li]);
        background(buf, n - 5, 1); /* many more than 255 blocks of multi-byte text */
        memcpy(buf + n - 5, "xyzw!", 5);
        size_t p = 0, cont = 0;
        bool nonascii = false;
        p = utf8_simd_prefix(buf, n, &cont, &nonascii);
        if (lv[li] > 0)
            ck_assert_msg(p > n - 64 && nonascii, "level %d: the prefix vouched for %zu of %zu", lv[li], p,
                          n);
        else
            ck_assert_uint_eq(p, 0);
        same(buf, n, "long text", 0);
        buf[n / 2] = (char)0xFF;
        same(buf, n, "long text, error in the middle", n / 2);
        background(buf, n, 0);
        same(buf, n, "long ascii", 0);
        buf[n - 1] = (char)0xC3;
        same(buf, n, "long ascii, cut at the end", n - 1);
    }
    free(buf);
    utf8_simd_limit(-1);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "utf8_simd", .timeout = 300}), every_piece_at_every_position,
             random_mixtures, long_texts_count_right)
