/* core/text/float_repr.c: repr(float) and float(str) against CPython 3.11.7's
 * answers (tests/golden/unit/float_repr.txt: every power of two, special and
 * random doubles; float_parse.txt: random decimal texts), then oracle-free
 * properties over millions of random doubles and texts: repr reads back, has
 * the fewest digits that do and the digits of the correctly rounded decimal
 * (glibc's printf), and parsing agrees with glibc's strtod. */
#include <check.h>

#include "testkit.h"
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/float_repr.h"

static double of_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, 8);
    return x;
}

START_TEST(test_repr_vs_python)
{
    FILE *f = data_open("float_repr.txt");
    char want[64];
    uint64_t bits;
    long n = 0, bad = 0;
    char *line = NULL;
    size_t cap = 0;
    while (data_next(f, &line, &cap)) {
        ck_assert_int_eq(sscanf(line, "%" SCNx64 " %63s", &bits, want), 2);
        double x = of_bits(bits);
        char got[FLOAT_REPR_MAX];
        float_repr(x, got);
        n++;
        if (strcmp(got, want) != 0 && bad++ < 10)
            fprintf(stderr, "repr(%a): python %s, pystd %s\n", x, want, got);
        double back = float_repr_parse(want, strlen(want));
        if (memcmp(&back, &x, 8) != 0 && bad++ < 10)
            fprintf(stderr, "float(%s) = %a, want %a\n", want, back, x);
        char neg[FLOAT_REPR_MAX];
        float_repr(-x, neg);
        bool ok = want[0] == '-' ? strcmp(neg, want + 1) == 0 : neg[0] == '-' && strcmp(neg + 1, want) == 0;
        if (!ok && bad++ < 10)
            fprintf(stderr, "repr(-(%s)) = %s\n", want, neg);
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(n, 8000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_parse_vs_python)
{
    FILE *f = data_open("float_parse.txt");
    char text[128], *line = NULL;
    size_t cap = 0;
    uint64_t bits;
    long n = 0, bad = 0;
    while (data_next(f, &line, &cap)) {
        ck_assert_int_eq(sscanf(line, "%127s %" SCNx64, text, &bits), 2);
        double want = of_bits(bits), got = float_repr_parse(text, strlen(text)), libc = strtod(text, NULL);
        n++;
        if ((memcmp(&got, &want, 8) != 0 || memcmp(&libc, &want, 8) != 0) && bad++ < 10)
            fprintf(stderr, "float(%s): python %a, pystd %a, strtod %a\n", text, want, got, libc);
    }
    free(line);
    fclose(f);
    ck_assert_int_ge(n, 4000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_special)
{
    static const struct {
        double x;
        const char *repr;
    } cases[] = {{0.0, "0.0"},
                 {-0.0, "-0.0"},
                 {1.0, "1.0"},
                 {0.1, "0.1"},
                 {1e16, "1e+16"},
                 {1e15, "1000000000000000.0"},
                 {1e-4, "0.0001"},
                 {1e-5, "1e-05"},
                 {5e-324, "5e-324"},
                 {1e22, "1e+22"},
                 {123456.789, "123456.789"},
                 {-2.5e-10, "-2.5e-10"},
                 {1.7976931348623157e308, "1.7976931348623157e+308"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char got[FLOAT_REPR_MAX];
        float_repr(cases[i].x, got);
        ck_assert_str_eq(got, cases[i].repr);
    }
    char b[FLOAT_REPR_MAX];
    float_repr(NAN, b);
    ck_assert_str_eq(b, "nan");
    float_repr(-INFINITY, b);
    ck_assert_str_eq(b, "-inf");
    ck_assert(isinf(float_repr_parse("1e400", 5)) && float_repr_parse("-1e400", 6) < 0);
    ck_assert(float_repr_parse("1e-400", 6) == 0 && !signbit(float_repr_parse("1e-400", 6)));
    ck_assert(signbit(float_repr_parse("-0.0", 4)));
    double d = float_repr_parse("1.00000000000000011102230246251565404236316680908203125", 55);
    ck_assert(d == 1.0); /* 1 + 2**-53 exactly: a tie, to the even mantissa */
    d = float_repr_parse("1.00000000000000011102230246251565404236316680908203126", 55);
    ck_assert(d == 1.0000000000000002);
    ck_assert(float_repr_parse("2.4703282292062328e-324", 23) == 5e-324);
    ck_assert(float_repr_parse("2.4703282292062327e-324", 23) == 0.0);
}
END_TEST

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s;
}

/* The significant digits of a decimal text ("-1.2500e+03" -> "125"); their count. */
static size_t sig_digits(const char *t, char *out)
{
    size_t n = 0;
    for (; *t && *t != 'e' && *t != 'E'; t++)
        if (*t >= '0' && *t <= '9' && (n > 0 || *t != '0'))
            out[n++] = *t;
    while (n > 1 && out[n - 1] == '0')
        n--;
    out[n] = '\0';
    return n;
}

/* Random doubles of every magnitude: repr reads back (also with strtod), has
 * the digits of the correctly rounded decimal of its length (glibc's printf
 * rounds correctly), and one digit fewer would not read back: the shortest
 * round-tripping digits, closest to x -- what CPython's repr is. */
START_TEST(test_round_trip_sweep)
{
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    long n = 0;
    for (long i = 0; i < 400000; i++) {
        double x = of_bits(xorshift(&s) & 0x7FFFFFFFFFFFFFFFULL);
        if (!isfinite(x) || x == 0)
            continue;
        char r[FLOAT_REPR_MAX], want[40], got[40], buf[64];
        size_t len = float_repr(x, r);
        double y = float_repr_parse(r, len);
        ck_assert_msg(memcmp(&x, &y, 8) == 0, "%a -> %s -> %a", x, r, y);
        ck_assert_msg(strtod(r, NULL) == x, "%a -> %s", x, r);
        int k = (int)sig_digits(r, got);
        snprintf(buf, sizeof buf, "%.*e", k - 1, x);
        sig_digits(buf, want);
        ck_assert_msg(strcmp(got, want) == 0, "repr(%a) = %s: digits %s, the correctly rounded %s", x, r, got,
                      want);
        if (k > 1) {
            snprintf(buf, sizeof buf, "%.*e", k - 2, x);
            ck_assert_msg(strtod(buf, NULL) != x, "repr(%a) = %s, but %s (fewer digits) reads back too", x, r,
                          buf);
        }
        n++;
    }
    ck_assert_int_gt(n, 390000);
}
END_TEST

/* Random decimal texts of the shapes float() meets (long mantissas, huge and
 * tiny exponents, leading zeros, signs): pystd parses as glibc's strtod does
 * (both round correctly; the committed cases tie them to CPython). */
START_TEST(test_parse_random_vs_strtod)
{
    uint64_t s = 0x2545F4914F6CDD1DULL;
    char t[128];
    for (long i = 0; i < 200000; i++) {
        char digits[40];
        int nd = 1 + (int)(xorshift(&s) % 29);
        for (int k = 0; k < nd; k++)
            digits[k] = (char)('0' + xorshift(&s) % 10);
        digits[nd] = '\0';
        const char *sign = xorshift(&s) % 10 < 3 ? "-" : "";
        switch (i % 4) {
        case 0:
            snprintf(t, sizeof t, "%s%c.%se%d", sign, digits[0], digits + 1, (int)(xorshift(&s) % 660) - 340);
            break;
        case 1:
            snprintf(t, sizeof t, "%s%.*s%s%s", sign, 1 + (int)(xorshift(&s) % (uint64_t)nd), digits,
                     xorshift(&s) % 2 ? "." : "", xorshift(&s) % 2 ? digits : "");
            break;
        case 2:
            snprintf(t, sizeof t, "%s0.%0*d%s", sign, (int)(xorshift(&s) % 20), 0, digits);
            break;
        default:
            snprintf(t, sizeof t, "%s%.*g", sign, 1 + (int)(xorshift(&s) % 17),
                     of_bits(xorshift(&s) & 0x7FEFFFFFFFFFFFFFULL));
        }
        double got = float_repr_parse(t, strlen(t)), libc = strtod(t, NULL);
        ck_assert_msg(memcmp(&got, &libc, 8) == 0, "float(%s): pystd %a, strtod %a", t, got, libc);
    }
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "float_repr", .timeout = 300}), test_special, test_repr_vs_python,
             test_parse_vs_python, test_round_trip_sweep, test_parse_random_vs_strtod)
