/* core/text/float_repr.c: repr(float) and float(str) against python3 over many
 * random doubles (vectors made by tests/unit/json_oracle.py at test time),
 * and every power of two; the parse side also against glibc's strtod. */
#include <check.h>

#include "testkit.h"
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/float_repr.h"

static FILE *oracle(const char *args) { return oracle_open("json_oracle.py", args); }

static double of_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, 8);
    return x;
}

START_TEST(test_repr_vs_python)
{
    FILE *f = oracle("floats 250000");
    char want[64];
    uint64_t bits;
    long n = 0, bad = 0;
    while (fscanf(f, "%" SCNx64 " %63s", &bits, want) == 2) {
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
    ck_assert_int_eq(pclose(f), 0);
    ck_assert_int_gt(n, 250000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_parse_vs_python)
{
    FILE *f = oracle("parse 200000");
    char text[128];
    uint64_t bits;
    long n = 0, bad = 0;
    while (fscanf(f, "%127s %" SCNx64, text, &bits) == 2) {
        double want = of_bits(bits), got = float_repr_parse(text, strlen(text)), libc = strtod(text, NULL);
        n++;
        if ((memcmp(&got, &want, 8) != 0 || memcmp(&libc, &want, 8) != 0) && bad++ < 10)
            fprintf(stderr, "float(%s): python %a, pystd %a, strtod %a\n", text, want, got, libc);
    }
    ck_assert_int_eq(pclose(f), 0);
    ck_assert_int_eq(n, 200000);
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

/* Every float in [1, 2) with a short mantissa, and their neighbours: repr reads back. */
START_TEST(test_round_trip_sweep)
{
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (long i = 0; i < 2000000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double x = of_bits(s & 0x7FFFFFFFFFFFFFFFULL);
        if (!isfinite(x))
            continue;
        char r[FLOAT_REPR_MAX];
        size_t n = float_repr(x, r);
        double y = float_repr_parse(r, n);
        ck_assert_msg(memcmp(&x, &y, 8) == 0, "%a -> %s -> %a", x, r, y);
        ck_assert_msg(strtod(r, NULL) == x, "%a -> %s", x, r);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("float_repr");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_special);
    tcase_add_test(tc, test_repr_vs_python);
    tcase_add_test(tc, test_parse_vs_python);
    tcase_add_test(tc, test_round_trip_sweep);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
