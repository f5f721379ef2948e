/* core/py/py_repr.c against CPython 3.11.7's repr()/str(): every code point
 * alone (tests/golden/unit/py_repr_printable.txt), tricky and random strings,
 * bytes, and values (py_repr_cases.txt). */
#include <check.h>

#include "testkit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "py/py_repr.h"
#include "text/utf8.h"

static int check_eq(const char *what, const char *in, size_t in_len, const char *want, size_t want_len,
                    const strbuf *got)
{
    if (got->len == want_len && memcmp(got->data, want, want_len) == 0)
        return 0;
    fprintf(stderr, "%s(%.*s):\n  python %.*s\n  pystd  %.*s\n", what, (int)in_len, in, (int)want_len, want,
            (int)got->len, got->data);
    return 1;
}

/* repr(chr(cp)) as py_repr_printable.txt stands for it (the generator checked
 * the rule against CPython for every code point): a printable code point
 * quoted as is, else \xhh, \uhhhh or \Uhhhhhhhh by size; ' \ \t \n \r escaped. */
static size_t expected_repr(uint32_t cp, bool printable, char *out)
{
    switch (cp) {
    case '\'':
        return (size_t)sprintf(out, "\"'\"");
    case '\\':
        return (size_t)sprintf(out, "'\\\\'");
    case '\t':
        return (size_t)sprintf(out, "'\\t'");
    case '\n':
        return (size_t)sprintf(out, "'\\n'");
    case '\r':
        return (size_t)sprintf(out, "'\\r'");
    default:
        break;
    }
    if (printable) {
        out[0] = '\'';
        size_t n = 1 + (size_t)utf8_put(cp, out + 1);
        out[n++] = '\'';
        out[n] = '\0';
        return n;
    }
    const char *fmt = cp < 0x100 ? "'\\x%02x'" : cp < 0x10000 ? "'\\u%04x'" : "'\\U%08x'";
    return (size_t)sprintf(out, fmt, (unsigned)cp);
}

START_TEST(test_repr_every_code_point)
{
    FILE *f = data_open("py_repr_printable.txt");
    char want[64], in[4], *line = NULL, kind;
    size_t cap = 0;
    strbuf sb = STRBUF_INIT;
    uint32_t next = 0; /* the runs must cover 0..10FFFF in order */
    unsigned start, end;
    int bad = 0;
    while (data_next(f, &line, &cap) && bad <= 20) {
        ck_assert_msg(sscanf(line, "%x %x %c", &start, &end, &kind) == 3 && start == next && end >= start &&
                          (kind == 'P' || kind == 'N'),
                      "bad line %s", line);
        for (uint32_t cp = start; cp <= end; cp++) {
            size_t wl = expected_repr(cp, kind == 'P', want);
            int n = utf8_put(cp, in);
            strbuf_clear(&sb);
            py_repr_str(&sb, in, (size_t)n);
            if (check_eq("repr", in, (size_t)n, want, wl, &sb) && ++bad > 20)
                break;
        }
        next = end + 1;
    }
    free(line);
    fclose(f);
    strbuf_free(&sb);
    ck_assert_int_eq(bad, 0);
    ck_assert_uint_eq(next, 0x110000);
}
END_TEST

START_TEST(test_repr_cases)
{
    FILE *f = data_open("py_repr_cases.txt");
    static char in[1 << 14], want[1 << 14], want_str[1 << 14];
    char *line = NULL;
    size_t cap = 0;
    strbuf sb = STRBUF_INIT;
    arena *a = arena_new();
    int bad = 0, nu = 0, nb = 0, nj = 0;
    while (data_next(f, &line, &cap)) {
        char *kind = strtok(line, " ");
        char *arg = strtok(NULL, " ");
        size_t wl = unhex(strtok(NULL, " "), want);
        strbuf_clear(&sb);
        if (strcmp(kind, "U") == 0) {
            size_t n = unhex(arg, in);
            py_repr_str(&sb, in, n);
            bad += check_eq("repr", in, n, want, wl, &sb);
            char *c = py_repr_cstr(a, in, n);
            ck_assert_uint_eq(strlen(c), sb.len);
            ck_assert(memcmp(c, sb.data, sb.len) == 0);
            nu++;
        } else if (strcmp(kind, "B") == 0) {
            size_t n = unhex(arg, in);
            py_repr_bytes(&sb, in, n);
            bad += check_eq("repr(bytes)", in, n, want, wl, &sb);
            pv *v = pv_bytes(a, in, n);
            strbuf_clear(&sb);
            py_str(&sb, v);
            bad += check_eq("str(bytes)", in, n, want, wl, &sb);
            nb++;
        } else {
            ck_assert_str_eq(kind, "J");
            size_t sl = unhex(strtok(NULL, " "), want_str);
            json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 1000};
            py_err err;
            pv *v;
            ck_assert_int_eq(json_parse(a, arg, strlen(arg), &o, &v, &err), 0);
            py_repr(&sb, v);
            bad += check_eq("repr", arg, strlen(arg), want, wl, &sb);
            strbuf_clear(&sb);
            py_str(&sb, v);
            bad += check_eq("str", arg, strlen(arg), want_str, sl, &sb);
            nj++;
        }
    }
    free(line);
    fclose(f);
    strbuf_free(&sb);
    arena_free(a);
    ck_assert_int_eq(bad, 0);
    ck_assert_int_gt(nu, 1500);
    ck_assert_int_gt(nb, 550);
    ck_assert_int_gt(nj, 1300);
}
END_TEST

static const char *repr_of(strbuf *sb, const pv *v)
{
    strbuf_clear(sb);
    py_repr(sb, v);
    return sb->data;
}

/* Tuples, bytes and big values built by hand (expected output from CPython). */
START_TEST(test_repr_values)
{
    arena *a = arena_new();
    strbuf sb = STRBUF_INIT;
    pv *t = pv_tuple(a, 0);
    ck_assert_str_eq(repr_of(&sb, t), "()");
    pv_list_push(a, t, pv_int(a, 1));
    ck_assert_str_eq(repr_of(&sb, t), "(1,)");
    pv_list_push(a, t, pv_cstr(a, "it's"));
    ck_assert_str_eq(repr_of(&sb, t), "(1, \"it's\")");
    pv *l = pv_list(a, 0);
    pv_list_push(a, l, t);
    pv_list_push(a, l, pv_bytes(a, "\x00'\"", 3));
    pv *one = pv_tuple(a, 1);
    pv_list_push(a, one, pv_tuple(a, 0));
    pv_list_push(a, l, one);
    pv_list_push(a, l, pv_float(a, NAN));
    pv_list_push(a, l, pv_float(a, -INFINITY));
    pv_list_push(a, l, pv_float(a, 1e100));
    pv_list_push(a, l, pv_str(a, "\xed\xa0\x80x", 4)); /* lone surrogate */
    ck_assert_str_eq(repr_of(&sb, l), "[(1, \"it's\"), b'\\x00\\'\"', ((),), nan, -inf, 1e+100, '\\ud800x']");
    mpz_t z;
    mpz_init(z);
    mpz_ui_pow_ui(z, 7, 77);
    mpz_neg(z, z);
    pv *d = pv_dict(a, 0);
    pv_dict_setc(a, d, "big", pv_int_mpz(a, z));
    pv_dict_setc(a, d, "t", pv_tuple(a, 0));
    pv_dict_setc(a, d, "", pv_none());
    mpz_clear(z);
    ck_assert_str_eq(repr_of(&sb, d),
                     "{'big': -118181386580595879976868414312001964434038548836769923458287039207, "
                     "'t': (), '': None}");
    strbuf_clear(&sb);
    py_str(&sb, pv_str(a, "a\nb'\xed\xb0\x80", 7));
    ck_assert_uint_eq(sb.len, 7);
    ck_assert(memcmp(sb.data, "a\nb'\xed\xb0\x80", 7) == 0);
    strbuf_clear(&sb);
    py_str(&sb, pv_float(a, 0.1));
    ck_assert_str_eq(sb.data, "0.1");
    ck_assert_str_eq(py_repr_cstr(a, "bad escape \\q", 13), "'bad escape \\\\q'");
    ck_assert_str_eq(py_repr_cstr(a, "", 0), "''");
    /* A cut sequence is no str, but is never read past its end. */
    ck_assert_str_eq(py_repr_cstr(a, "a\xc3\xa9", 2), "'a\\xc3'");
    ck_assert_str_eq(py_repr_cstr(a, "\xf0\x9f\x98\x80", 3), "'\\xf0\\x9f\\x98'");
    /* Deep nesting stays bounded (CPython would raise RecursionError). */
    pv *deep = pv_list(a, 0);
    for (int i = 0; i < 5000; i++) {
        pv *outer = pv_list(a, 1);
        pv_list_push(a, outer, deep);
        deep = outer;
    }
    strbuf_clear(&sb);
    py_repr(&sb, deep);
    ck_assert_uint_gt(sb.len, 2000);
    strbuf_free(&sb);
    arena_free(a);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "py_repr", .timeout = 300}), test_repr_values, test_repr_cases,
             test_repr_every_code_point)
