/* The foundation of core/: arena, values (big ints, dict order), UTF-8,
 * base64, Python's int()/float() of text, query strings. */
#include <check.h>

#include "testkit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/base64.h"
#include "py/py_num.h"
#include "py/py_value.h"
#include "text/utf8.h"
#include "url/url_query.h"

static arena *A;
static void setup(void)
{
    A = arena_new();
}
static void teardown(void)
{
    arena_free(A);
}

static char *int_text(const pv *v)
{
    static char out[4096];
    strbuf sb = STRBUF_INIT;
    pv_int_write(&sb, v);
    snprintf(out, sizeof out, "%s", sb.data);
    strbuf_free(&sb);
    return out;
}

START_TEST(arena_grows_and_reallocs)
{
    char *small = arena_alloc(A, 10);
    memset(small, 'x', 10);
    char *big = arena_alloc(A, 1 << 20);
    memset(big, 'y', 1 << 20);
    big = arena_realloc(A, big, 1 << 20, 4 << 20);
    ck_assert_int_eq(big[(1 << 20) - 1], 'y');
    char *p = arena_alloc(A, 16);
    memcpy(p, "0123456789abcdef", 16);
    p = arena_realloc(A, p, 16, 64);
    ck_assert(memcmp(p, "0123456789abcdef", 16) == 0);
    ck_assert(arena_used(A) >= (4u << 20));
    ck_assert_str_eq(arena_printf(A, "%d-%s", 42, "x"), "42-x");
}
END_TEST

static void free_arena_cb(void *p)
{
    arena_free(p);
}

START_TEST(arena_spare_survives_nested_frees)
{
    /* An arena freed by another arena's cleanup must not be lost when the
     * outer one takes the thread's spare slot (LeakSanitizer checks this). */
    for (int i = 0; i < 3; i++) {
        arena *outer = arena_new(), *inner = arena_new();
        memset(arena_alloc(inner, 100), 1, 100);
        memset(arena_alloc(outer, 70000), 2, 70000);
        arena_defer(outer, free_arena_cb, inner);
        arena_free(outer);
    }
    arena *again = arena_new();
    ck_assert_uint_eq(arena_used(again), 0);
    char *p = arena_alloc(again, 32);
    memset(p, 0, 32);
    arena_free(again);
}
END_TEST

START_TEST(big_ints_round_trip)
{
    const char *cases[] = {"0",
                           "-1",
                           "9223372036854775807",
                           "-9223372036854775808",
                           "9223372036854775808",
                           "-9223372036854775809",
                           "1267650600228229401496703205376",
                           "-123456789012345678901234567890123456789012345678901234567890"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pv *v = pv_int_parse(A, cases[i], strlen(cases[i]));
        ck_assert_ptr_nonnull(v);
        ck_assert_str_eq(int_text(v), cases[i]);
    }
    pv *small = pv_int_parse(A, "9223372036854775807", 19);
    ck_assert_ptr_null(small->i.big); /* stays on the fast path */
    pv *big = pv_int_parse(A, "9223372036854775808", 19);
    ck_assert_ptr_nonnull(big->i.big);
    ck_assert_int_eq(pv_int_cmp(small, big), -1);
    ck_assert_int_eq(pv_int_cmp(big, small), 1);
    ck_assert_ptr_null(pv_int_parse(A, "12a", 3));
    ck_assert_ptr_null(pv_int_parse(A, "-", 1));
    ck_assert_uint_eq(pv_int_ndigits(pv_int_parse(A, "1000", 4)), 4);
    ck_assert_uint_eq(pv_int_ndigits(pv_int_parse(A, "99999999999999999999", 20)), 20);
    ck_assert_uint_eq(pv_int_ndigits(pv_int_parse(A, "100000000000000000000", 21)), 21);
}
END_TEST

START_TEST(int_to_double_rounds_half_even)
{
    double d;
    /* 2**53 + 1 -> 2**53 (tie, even); 2**53 + 3 -> 2**53 + 4 */
    ck_assert(pv_int_to_double(pv_int_parse(A, "9007199254740993", 16), &d));
    ck_assert(d == 9007199254740992.0);
    ck_assert(pv_int_to_double(pv_int_parse(A, "9007199254740995", 16), &d));
    ck_assert(d == 9007199254740996.0);
    /* beyond int64: 2**64 + 1 is just above a tie-free point */
    ck_assert(pv_int_to_double(pv_int_parse(A, "18446744073709551617", 20), &d));
    ck_assert(d == 18446744073709551616.0);
    /* 2**1024 overflows, as float(2**1024) raises OverflowError */
    const char *p1024 = "179769313486231590772930519078902473361797697894230657273430081157732675805500963132"
                        "708477322407536021120113879871393357658789768814416622492847430639474124377767893424"
                        "865485276302219601246094119453082952085005768838150682342462881473913110540827237163"
                        "350510684586298239947245938479716304835356329624224137216";
    ck_assert(!pv_int_to_double(pv_int_parse(A, p1024, strlen(p1024)), &d));
    ck_assert(pv_int_to_double(pv_int_parse(A, "-5", 2), &d));
    ck_assert(d == -5.0);
}
END_TEST

START_TEST(dict_keeps_first_position_last_value)
{
    pv *d = pv_dict(A, 0);
    for (int i = 0; i < 40; i++) {
        char k[8];
        snprintf(k, sizeof k, "k%d", i);
        pv_dict_setc(A, d, k, pv_int(A, i));
    }
    pv_dict_setc(A, d, "k3", pv_int(A, 300));
    ck_assert_uint_eq(d->d.len, 40);
    ck_assert_str_eq(d->d.items[3].key->s.p, "k3");
    ck_assert_int_eq(d->d.items[3].val->i.v, 300);
    ck_assert_int_eq(pv_dict_getc(d, "k39")->i.v, 39);
    ck_assert_ptr_null(pv_dict_getc(d, "k40"));
}
END_TEST

START_TEST(python_equality)
{
    ck_assert(pv_eq(pv_int(A, 1), pv_float(A, 1.0)));
    ck_assert(pv_eq(pv_bool(true), pv_int(A, 1)));
    ck_assert(!pv_eq(pv_float(A, NAN), pv_float(A, NAN)));
    ck_assert(!pv_eq(pv_int(A, 1), pv_cstr(A, "1")));
    ck_assert(pv_eq(pv_int_parse(A, "9007199254740992", 16), pv_float(A, 9007199254740992.0)));
    ck_assert(!pv_eq(pv_int_parse(A, "9007199254740993", 16), pv_float(A, 9007199254740992.0)));
    ck_assert_str_eq(pv_type_name(pv_tuple(A, 0)), "tuple");
    ck_assert_str_eq(pv_type_name(pv_none()), "NoneType");
}
END_TEST

START_TEST(utf8_strict_and_replace)
{
    size_t ncp, bad;
    bool ascii;
    ck_assert(utf8_check("h\xC3\xA9llo\xF0\x9F\x98\x80", 10, &ncp, &ascii, &bad));
    ck_assert_uint_eq(ncp, 6);
    ck_assert(!ascii);
    ck_assert(!utf8_check("ab\xED\xA0\x80", 5, &ncp, &ascii, &bad)); /* an encoded surrogate */
    ck_assert_uint_eq(bad, 2);
    ck_assert(!utf8_check("\xC0\x80", 2, &ncp, &ascii, &bad)); /* overlong */
    ck_assert(!utf8_check("\xE2\x82", 2, &ncp, &ascii, &bad)); /* truncated */
    strbuf sb = STRBUF_INIT;
    /* b'a\xffb\xe2\x82c\xf0\x9f\x98'.decode('utf-8', 'replace') == 'a\ufffdb\ufffdc\ufffd' */
    utf8_decode_replace(&sb,
                        "a\xFF"
                        "b\xE2\x82"
                        "c\xF0\x9F\x98",
                        9);
    ck_assert_str_eq(sb.data, "a\xEF\xBF\xBD"
                              "b\xEF\xBF\xBD"
                              "c\xEF\xBF\xBD");
    strbuf_free(&sb);
    ck_assert_uint_eq(utf8_offset("a\xC3\xA9z", 4, 2), 3);
    char enc[4];
    ck_assert_int_eq(utf8_put(0xD800, enc), 3); /* a lone surrogate keeps its own 3 bytes */
    size_t i = 0;
    ck_assert_uint_eq(utf8_next(enc, &i), 0xD800);
}
END_TEST

START_TEST(base64_strict)
{
    strbuf sb = STRBUF_INIT;
    base64_encode(&sb, "hello", 5);
    ck_assert_str_eq(sb.data, "aGVsbG8=");
    strbuf_clear(&sb);
    ck_assert(base64_decode(&sb, "aGVsbG8=", 8));
    ck_assert_uint_eq(sb.len, 5);
    ck_assert(memcmp(sb.data, "hello", 5) == 0);
    strbuf_clear(&sb);
    ck_assert(!base64_decode(&sb, "aGVsbG8", 7));   /* Incorrect padding */
    ck_assert(!base64_decode(&sb, "aGV sbG8=", 9)); /* Non-base64 digit */
    ck_assert(!base64_decode(&sb, "a", 1));
    ck_assert(base64_decode(&sb, "", 0));
    strbuf_free(&sb);
}
END_TEST

START_TEST(python_int_and_float_of_text)
{
    ck_assert_str_eq(int_text(py_int_from_str(A, " -1_000 ", 8)), "-1000");
    ck_assert_str_eq(int_text(py_int_from_str(A, "007", 3)), "7");
    ck_assert_str_eq(int_text(py_int_from_str(A, "+12345678901234567890123", 24)), "12345678901234567890123");
    ck_assert_ptr_null(py_int_from_str(A, "1__0", 4));
    ck_assert_ptr_null(py_int_from_str(A, "_1", 2));
    ck_assert_ptr_null(py_int_from_str(A, "1.0", 3));
    ck_assert_ptr_null(py_int_from_str(A, "", 0));
    double d;
    ck_assert(py_float_from_str(" 1_0.5e1 ", 9, &d) && d == 105.0);
    ck_assert(py_float_from_str("-inf", 4, &d) && isinf(d) && d < 0);
    ck_assert(py_float_from_str("Infinity", 8, &d) && isinf(d));
    ck_assert(py_float_from_str("nan", 3, &d) && isnan(d));
    ck_assert(py_float_from_str(".5", 2, &d) && d == 0.5);
    ck_assert(py_float_from_str("5.", 2, &d) && d == 5.0);
    ck_assert(!py_float_from_str(".", 1, &d));
    ck_assert(!py_float_from_str("1e", 2, &d));
    ck_assert(!py_float_from_str("infx", 4, &d));
}
END_TEST

START_TEST(query_strings_as_parse_qsl)
{
    url_query_pair *p;
    size_t n = url_query_parse(A, "a=1&&b=x+y%20z&c&d=%ZZ&e=%C3%A9&f=%ff", 38, &p);
    ck_assert_uint_eq(n, 6);
    ck_assert_str_eq(p[0].name->s.p, "a");
    ck_assert_str_eq(p[0].value->s.p, "1");
    ck_assert_str_eq(p[1].value->s.p, "x y z");
    ck_assert_str_eq(p[2].name->s.p, "c");
    ck_assert_str_eq(p[2].value->s.p, "");
    ck_assert_str_eq(p[3].value->s.p, "%ZZ");
    ck_assert_str_eq(p[4].value->s.p, "\xC3\xA9");
    ck_assert_str_eq(p[5].value->s.p, "\xEF\xBF\xBD");
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "foundation", .setup = setup, .teardown = teardown}),
             arena_grows_and_reallocs, arena_spare_survives_nested_frees, big_ints_round_trip,
             int_to_double_rounds_half_even, dict_keeps_first_position_last_value, python_equality,
             utf8_strict_and_replace, base64_strict, python_int_and_float_of_text, query_strings_as_parse_qsl)
