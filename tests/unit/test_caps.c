/* Caps enforced while building (issue 14): results that a small input can
 * make huge stop at --max-result-bytes with ResourceLimitError naming the cap
 * (re findall/finditer/sub, urlencode with doseq, codecs error handlers,
 * json.dumps with indent), a spent budget stops the loops (its error), and
 * the rewritten paths keep CPython's answers (split of a non-ASCII str,
 * strip with many chars, strftime in pieces, int() of long literals,
 * concatenation past --max-seq-len). */
#include <check.h>

#include "testkit.h"
#include <time.h>

#include "base/budget.h"
#include "base/config.h"
#include "codecs/codecs.h"
#include "json/json.h"
#include "ops/ops.h"
#include "ops/ops_str.h"
#include "re/re.h"
#include "time/time_conv.h"
#include "url/url_quote.h"

static arena *A;
static py_err E;
static size_t saved_result_bytes;

static void setup(void)
{
    A = arena_new();
    memset(&E, 0, sizeof E);
    saved_result_bytes = config.max_result_bytes;
    config.max_result_bytes = 1000;
}

static void teardown(void)
{
    config.max_result_bytes = saved_result_bytes;
    arena_free(A);
}

static pv *str(const char *s)
{
    return pv_str(A, s, strlen(s));
}

/* s repeated n times */
static pv *rep(const char *s, size_t n)
{
    size_t k = strlen(s);
    char *p = arena_alloc(A, k * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(p + i * k, s, k);
    p[k * n] = '\0';
    return pv_str(A, p, k * n);
}

static void limit_error_is(const char *msg)
{
    ck_assert_str_eq(E.type, "ResourceLimitError");
    ck_assert_str_eq(E.msg, msg);
}

/* A result list's cap: its text, or (tiny caps) its values' memory first. */
static void result_cap_hit(void)
{
    ck_assert_str_eq(E.type, "ResourceLimitError");
    ck_assert_msg(strcmp(E.msg, "result exceeds --max-result-bytes (1000)") == 0 ||
                      strcmp(E.msg, "result exceeds memory of 4 x --max-result-bytes (1000)") == 0,
                  "%s", E.msg);
}

static re_pattern *compile(const char *pattern)
{
    re_pattern *p;
    ck_assert_int_eq(re_compile(str(pattern), 0, &p, A, &E), 0);
    return p;
}

static int findall(const char *pattern, const pv *s, pv **out, bool iter)
{
    pv *pos = pv_int(A, 0), *end = pv_none();
    return (iter ? re_finditer : re_findall)(compile(pattern), s, pos, end, A, out, &E);
}

START_TEST(re_lists_stop_at_the_cap)
{
    pv *out;
    ck_assert_int_eq(findall("", rep("a", 10000), &out, false), -1);
    result_cap_hit();
    ck_assert_int_eq(findall("(a)()()()()", rep("a", 10000), &out, true), -1);
    result_cap_hit();
    ck_assert_int_eq(findall("a", rep("a", 100), &out, false), 0); /* under the cap: the list */
    ck_assert_uint_eq(out->l.len, 100);
}
END_TEST

START_TEST(re_sub_template_stops_at_the_cap)
{
    pv *out;
    re_pattern *p = compile("(a)");
    ck_assert_int_eq(re_sub(p, rep("\\g<0>\\1", 200), rep("a", 10), pv_int(A, 0), false, A, &out, &E), -1);
    limit_error_is("result exceeds --max-result-bytes (1000)");
    ck_assert_int_eq(re_sub(p, str("<\\1>"), str("ba\xc3\xa9"), pv_int(A, 0), false, A, &out, &E), 0);
    ck_assert_str_eq(out->s.p, "b<a>\xc3\xa9");
}
END_TEST

START_TEST(urlencode_doseq_stops_at_the_cap)
{
    pv *vals = pv_list(A, 100), *q = pv_dict(A, 1);
    for (int i = 0; i < 100; i++)
        pv_list_push(A, vals, pv_int(A, i));
    pv_dict_set(A, q, rep("k", 50), vals);
    url_str out;
    ck_assert_int_eq(
        url_urlencode(A, q, true, url_str_make("", 0), URL_STR_NONE, URL_STR_NONE, URL_QUOTE_PLUS, &out, &E),
        -1);
    limit_error_is("result exceeds --max-result-bytes (1000)");
    pv *small = pv_dict(A, 1); /* "k=0&k=1&...&k=99": under the cap */
    pv_dict_set(A, small, str("k"), vals);
    ck_assert_int_eq(url_urlencode(A, small, true, url_str_make("", 0), URL_STR_NONE, URL_STR_NONE,
                                   URL_QUOTE_PLUS, &out, &E),
                     0);
    ck_assert_uint_eq(out.n, 489);
}
END_TEST

START_TEST(codecs_handler_stops_at_the_cap)
{
    pv *out;
    /* namereplace: 3 bytes in, "\N{KANGXI RADICAL ONE}" (22) out, for each */
    ck_assert_int_eq(
        codecs_encode(A, rep("\xe2\xbc\x80", 100), str("ascii"), str("namereplace"), 1000, &out, &E), -1);
    ck_assert_str_eq(E.type, "ResourceLimitError");
    ck_assert_int_eq(
        codecs_encode(A, rep("\xe2\xbc\x80", 40), str("ascii"), str("namereplace"), 1000, &out, &E), 0);
    ck_assert_uint_eq(out->s.len, 40 * 22);
}
END_TEST

START_TEST(json_indent_stops_at_the_cap)
{
    pv *v = pv_list(A, 1), *in = v;
    for (int i = 0; i < 50; i++) { /* 50 nested lists, each indented by level x 20 */
        pv *l = pv_list(A, 1);
        pv_list_push(A, in, l);
        in = l;
    }
    pv_list_push(A, in, pv_int(A, 1));
    json_write_opts o = {
        .indent = "                    ", .indent_len = 20, .max_bytes = 1000, .allow_nan = true};
    strbuf sb = STRBUF_INIT;
    ck_assert_int_eq(json_write(&sb, v, &o, A, &E), -1);
    ck_assert_str_eq(E.msg, "JSON text of more than 1000 bytes");
    strbuf_free(&sb);
}
END_TEST

START_TEST(a_spent_budget_stops_the_loops)
{
    budget b;
    budget_begin(&b, 0.001);
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, NULL);
    config.max_result_bytes = saved_result_bytes;
    pv *out;
    ck_assert_int_eq(findall("", rep("a", 100000), &out, false), -1);
    ck_assert_str_eq(E.msg, "request exceeded --max-request-seconds (0.001 s)");
    ops_ctx x = ops_make(A, &E);
    ck_assert_ptr_null(ops_str_split(&x, rep("\xc3\xa9 ", 10000), NULL, -1));
    ck_assert_str_eq(E.msg, "request exceeded --max-request-seconds (0.001 s)");
    budget_end(&b);
}
END_TEST

START_TEST(rewritten_paths_keep_python_answers)
{
    ops_ctx x = ops_make(A, &E);
    pv *l = ops_str_split(&x, str("\xc3\xa9 b\xc3\xa9  c\xc3\xa9\xc3\xa9 "), NULL, -1);
    ck_assert_uint_eq(l->l.len, 3);
    ck_assert_str_eq(l->l.items[1]->s.p, "b\xc3\xa9");
    ck_assert_str_eq(l->l.items[2]->s.p, "c\xc3\xa9\xc3\xa9");
    ck_assert_uint_eq(l->l.items[2]->s.ncp, 3);
    pv *r = ops_str_strip(&x, str("xyzHELLOzyx"), str("abcdefghijklmnopqrstuvwxyz"), OPS_STR_BOTH, "strip");
    ck_assert_str_eq(r->s.p, "HELLO");
    /* int() of a long literal: past --max-int-bits before converting, Python's error when invalid */
    x.max_int_bits = 100;
    ck_assert_ptr_null(ops_int(&x, rep("9", 5000), NULL));
    limit_error_is("int result too large");
    pv *bad = pv_str(A, "x", 1);
    pv *mixed = ops_concat(&x, rep("9", 5000), bad);
    ck_assert_ptr_null(ops_int(&x, mixed, NULL));
    ck_assert_str_eq(E.type, "ValueError");
    x.max_len = 10;
    ck_assert_ptr_null(ops_concat(&x, rep("ab", 3), rep("cd", 3)));
    limit_error_is("concat result too large");
}
END_TEST

START_TEST(strftime_in_pieces)
{
    struct tm tm = {.tm_year = 124,
                    .tm_mon = 1,
                    .tm_mday = 29,
                    .tm_hour = 23,
                    .tm_min = 59,
                    .tm_sec = 7,
                    .tm_wday = 4,
                    .tm_yday = 59};
    pv *out;
    ck_assert_int_eq(time_strftime(A, str("%10Y|a%"), &tm, 1 << 20, &out, &E), 0);
    ck_assert_str_eq(out->s.p, "0000002024|a%"); /* python3: time.strftime('%10Y|a%', ...) */
    pv *f = rep("%d", 300);                      /* several pieces */
    ck_assert_int_eq(time_strftime(A, f, &tm, 1 << 20, &out, &E), 0);
    ck_assert_uint_eq(out->s.len, 600);
    ck_assert_str_eq(out->s.p + 596, "2929");
    ck_assert_int_eq(time_strftime(A, str("%p%p"), &tm, 1 << 20, &out, &E), 0);
    ck_assert_str_eq(out->s.p, "PMPM");
    ck_assert_int_eq(time_strftime(A, rep("%c", 5000), &tm, 1 << 16, &out, &E), -1);
    ck_assert_str_eq(E.msg, "strftime() result larger than 65536 bytes");
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "caps", .setup = setup, .teardown = teardown}),
             re_lists_stop_at_the_cap, re_sub_template_stops_at_the_cap, urlencode_doseq_stops_at_the_cap,
             codecs_handler_stops_at_the_cap, json_indent_stops_at_the_cap, a_spent_budget_stops_the_loops,
             rewritten_paths_keep_python_answers, strftime_in_pieces)
