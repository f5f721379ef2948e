/* The re module against CPython: the syntax table (accepted patterns and
 * the exact re.error / ValueError / OverflowError of the rejected ones),
 * matching semantics, sub templates and random patterns, as CPython 3.11.7
 * answers them through the API (tests/golden/unit/re_cases.txt), run here
 * through the op table; plus sre's case tables (re_lower.txt), the cache, the
 * backtracking limits and concurrent use. */
#include <check.h>

#include "testkit.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "json/json.h"
#include "re/re.h"
#include "re/re_class.h"
#include "registry.h"
#include "text/unicode.h"

static size_t re_unhex(const char *hex, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned v;
        sscanf(hex + i, "%2x", &v);
        out[k++] = (char)v;
    }
    out[k] = '\0';
    return k;
}

static pv *parse(arena *a, const char *text, size_t n)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 100};
    pv *v;
    py_err e;
    ck_assert_msg(json_parse(a, text, n, &o, &v, &e) == 0, "bad JSON in re_cases.txt: %.*s", (int)n, text);
    return v;
}

/* Canonical text: sorted keys, ASCII only. */
static char *canon(arena *a, const pv *v)
{
    json_write_opts o = JSON_ENVELOPE;
    o.sort_keys = true;
    o.ensure_ascii = true;
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write(&sb, v, &o, a, &e);
    char *r = arena_strndup(a, sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    return r;
}

/* One case: 0 when pystd answers as CPython did. */
static int run_case(const char *fn, const char *args_text, size_t args_len, const char *exp_text,
                    size_t exp_len)
{
    arena *a = arena_new();
    pv *args = parse(a, args_text, args_len), *exp = parse(a, exp_text, exp_len);
    char path[64];
    snprintf(path, sizeof path, "/v1/re/%s", fn);
    const route *r = registry_find(path, strlen(path));
    ck_assert_msg(r != NULL, "no route %s", path);
    op_ctx c;
    int rc = registry_call(r, a, args, NULL, &c);
    long want_status = pv_dict_getc(exp, "status")->i.v;
    pv *body = pv_dict_getc(exp, "body");
    int bad = 0;
    char *why = NULL;
    if (want_status == 200) {
        if (rc < 0)
            why = arena_printf(a, "raised %s: %s", c.err.type, c.err.msg);
        else if (strcmp(canon(a, c.result), canon(a, pv_dict_getc(body, "result"))) != 0)
            why = arena_printf(a, "result %s", canon(a, c.result));
    } else {
        pv *err = pv_dict_getc(body, "error");
        const char *type = pv_dict_getc(err, "type")->s.p;
        if (rc == 0)
            why = arena_printf(a, "returned %s", canon(a, c.result));
        else if (c.err.status != want_status || strcmp(c.err.type, type) != 0)
            why = arena_printf(a, "raised %d %s: %s", c.err.status, c.err.type, c.err.msg);
        else if (want_status == 422 && strcmp(type, "ResourceLimitError") != 0) {
            pv *msg = pv_dict_getc(err, "message"), *pos = pv_dict_getc(err, "pos");
            pv *gpos = c.err.extra ? pv_dict_getc(c.err.extra, "pos") : NULL;
            if (msg->s.len != c.err.msg_len || memcmp(msg->s.p, c.err.msg, msg->s.len) != 0)
                why = arena_printf(a, "message %s", c.err.msg);
            else if (pos && (!gpos || strcmp(canon(a, pos), canon(a, gpos)) != 0))
                why = arena_printf(a, "pos %s", gpos ? canon(a, gpos) : "(none)");
        }
    }
    if (why) {
        fprintf(stderr, "re.%s(%.*s)\n  python %.*s\n  pystd  %s\n", fn, (int)args_len, args_text,
                (int)exp_len, exp_text, why);
        bad = 1;
    }
    arena_free(a);
    return bad;
}

START_TEST(test_golden_cases)
{
    FILE *f = data_open("re_cases.txt");
    size_t cap = 0;
    char *line = NULL, *args = NULL, *exp = NULL;
    int bad = 0, n = 0;
    while (data_next(f, &line, &cap)) {
        char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        ck_assert_msg(sp2 != NULL, "bad line %s", line);
        *sp1 = '\0';
        args = realloc(args, cap / 2 + 1);
        exp = realloc(exp, cap / 2 + 1);
        size_t al = re_unhex(sp1 + 1, (size_t)(sp2 - sp1 - 1), args);
        size_t el = re_unhex(sp2 + 1, strlen(sp2 + 1), exp);
        n++;
        if (run_case(line, args, al, exp, el) && ++bad > 25)
            break;
    }
    fclose(f);
    free(line);
    free(args);
    free(exp);
    ck_assert_int_eq(bad, 0);
    ck_assert_int_gt(n, 1000);
}
END_TEST

/* sre's lower() (and str.upper()'s first code point) for every code point. */
START_TEST(test_case_tables)
{
    FILE *f = data_open("re_lower.txt");
    char *line = NULL;
    size_t cap = 0;
    unsigned cp, lo, up;
    uint32_t next = 0;
    int bad = 0;
    while (data_next(f, &line, &cap)) {
        ck_assert_msg(sscanf(line, "%x %x %x", &cp, &lo, &up) == 3, "bad line %s", line);
        for (; next < cp; next++)
            if (re_lower(next, false) != next || unicode_simple_upper(next) != next)
                bad++;
        if (re_lower(cp, false) != lo || unicode_simple_upper(cp) != up) {
            if (bad < 10)
                fprintf(stderr, "case of U+%04X: lower %04X upper %04X, want %04X %04X\n", cp,
                        re_lower(cp, false), unicode_simple_upper(cp), lo, up);
            bad++;
        }
        next = cp + 1;
    }
    free(line);
    fclose(f);
    ck_assert_int_eq(bad, 0);
    ck_assert_uint_gt(next, 0x1E900);
    ck_assert_uint_eq(re_lower('K', true), 'k');
    ck_assert_uint_eq(re_lower(0x212A, true), 0x212A);
}
END_TEST

static int call(arena *a, const char *fn, const char *json_args, pv **result, py_err *err)
{
    pv *args = parse(a, json_args, strlen(json_args));
    char path[64];
    snprintf(path, sizeof path, "/v1/re/%s", fn);
    op_ctx c;
    int rc = registry_call(registry_find(path, strlen(path)), a, args, NULL, &c);
    *result = c.result;
    *err = c.err;
    return rc;
}

START_TEST(test_cache)
{
    arena *a = arena_new();
    pv *r;
    py_err e;
    re_cache_purge();
    re_cache_stats st;
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"c1\", \"string\": \"xc1\"}", &r, &e), 0);
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"c1\", \"string\": \"xc1\"}", &r, &e), 0);
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"c1\", \"string\": \"xc1\", \"flags\": 2}", &r, &e),
                     0);
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"(\", \"string\": \"x\"}", &r, &e), -1);
    re_cache_info(&st);
    ck_assert_uint_eq(st.hits, 1);
    ck_assert_uint_eq(st.misses, 3);
    ck_assert_uint_eq(st.currsize, 2);
    ck_assert_uint_eq(st.maxsize, config.re_cache_size);
    /* eviction: more patterns than the cache holds */
    for (size_t i = 0; i < config.re_cache_size + 10; i++) {
        char body[96];
        snprintf(body, sizeof body, "{\"pattern\": \"p%zu\", \"string\": \"x\"}", i);
        ck_assert_int_eq(call(a, "search", body, &r, &e), 0);
    }
    re_cache_info(&st);
    ck_assert_uint_eq(st.currsize, config.re_cache_size);
    re_cache_purge();
    re_cache_info(&st);
    ck_assert_uint_eq(st.hits + st.misses + st.currsize, 0);
    strbuf m = STRBUF_INIT;
    re_metrics(&m);
    ck_assert_ptr_nonnull(strstr(m.data, "pystd_regex_cache_hits_total 0\n"));
    ck_assert_ptr_nonnull(strstr(m.data, "pystd_regex_cache_size 0\n"));
    strbuf_free(&m);
    arena_free(a);
}
END_TEST

/* Bytes: a str and a bytes pattern of the same text are two cache entries,
 * the bytes one reports no UNICODE flag, and its groups come back bytes. */
START_TEST(test_bytes)
{
    arena *a = arena_new();
    pv *r;
    py_err e;
    re_cache_purge();
    ck_assert_int_eq(call(a, "compile", "{\"pattern\": \"\\\\w\"}", &r, &e), 0); /* \w */
    ck_assert_int_eq(pv_dict_getc(r, "flags")->i.v, 32);
    ck_assert_int_eq(call(a, "compile", "{\"pattern\": {\"$bytes\": \"XHc=\"}}", &r, &e), 0); /* b'\w' */
    ck_assert_int_eq(pv_dict_getc(r, "flags")->i.v, 0);
    ck_assert_str_eq(pv_dict_getc(pv_dict_getc(r, "pattern"), "$bytes")->s.p, "XHc=");
    re_cache_stats st;
    re_cache_info(&st);
    ck_assert_uint_eq(st.currsize, 2);
    /* b'\w+' on b'\xe9a1': ASCII classes, byte offsets */
    ck_assert_int_eq(call(a, "search",
                          "{\"pattern\": {\"$bytes\": \"XHcr\"}, \"string\": {\"$bytes\": \"6WEx\"}}", &r,
                          &e),
                     0);
    ck_assert_str_eq(pv_dict_getc(pv_dict_getc(r, "group"), "$bytes")->s.p, "YTE=");
    ck_assert_int_eq(pv_dict_getc(r, "span")->l.items[0]->i.v, 1);
    ck_assert_int_eq(call(a, "compile", "{\"pattern\": {\"$bytes\": \"YQ==\"}, \"flags\": 32}", &r, &e), -1);
    ck_assert_str_eq(e.msg, "cannot use UNICODE flag with a bytes pattern");
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"a\", \"string\": {\"$bytes\": \"YQ==\"}}", &r, &e),
                     -1);
    ck_assert_str_eq(e.msg, "cannot use a string pattern on a bytes-like object");
    re_cache_purge();
    arena_free(a);
}
END_TEST

START_TEST(test_limits)
{
    arena *a = arena_new();
    pv *r;
    py_err e;
    /* exponential backtracking at one position: the match limit */
    ck_assert_int_eq(
        call(a, "search",
             "{\"pattern\": \"(a+)+$\", \"string\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"}", &r, &e),
        -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_int_eq(e.status, 422);
    ck_assert_int_eq(call(a, "fullmatch",
                          "{\"pattern\": \"(a|aa)+\", \"string\": "
                          "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}",
                          &r, &e),
                     -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    /* quadratic work spread over every start position: the time limit */
    double saved = config.re_time_limit;
    config.re_time_limit = 0.2;
    strbuf body = STRBUF_INIT;
    strbuf_puts(&body, "{\"pattern\": \"(?:\\\\w+\\\\s)+\\\\d\", \"string\": \"");
    for (int i = 0; i < 20000; i++)
        strbuf_puts(&body, "word ");
    strbuf_puts(&body, "\"}");
    ck_assert_int_eq(call(a, "search", body.data, &r, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    strbuf_clear(&body);
    strbuf_puts(&body, "{\"pattern\": \"\\\\w+\\\\s\", \"string\": \"");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&body, "ab");
    strbuf_puts(&body, "\"}");
    ck_assert_int_eq(call(a, "search", body.data, &r, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    config.re_time_limit = saved;
    strbuf_free(&body);
    /* the same patterns where they are cheap still answer */
    ck_assert_int_eq(call(a, "search", "{\"pattern\": \"(a+)+$\", \"string\": \"aaaa\"}", &r, &e), 0);
    ck_assert_int_eq(r->kind, PV_DICT);
    ck_assert_int_eq(
        call(a, "findall", "{\"pattern\": \"(?:\\\\w+\\\\s)+\\\\d\", \"string\": \"a b c 1 d e 2\"}", &r, &e),
        0);
    ck_assert_uint_eq(r->l.len, 1);
    arena_free(a);
}
END_TEST

static void *worker(void *arg)
{
    long id = *(const long *)arg;
    for (int i = 0; i < 300; i++) {
        arena *a = arena_new();
        char body[160];
        snprintf(body, sizeof body,
                 "{\"pattern\": \"(?i)(?P<w%ld>\\\\w+)-%d\", \"string\": \"abc-%d ABC-%d\", \"flags\": 8}",
                 id, i % 40, i % 40, i % 40);
        pv *r;
        py_err e;
        pv *args = parse(a, body, strlen(body));
        op_ctx c;
        const char *fn = i % 3 ? "findall" : "finditer";
        char path[32];
        snprintf(path, sizeof path, "/v1/re/%s", fn);
        int rc = registry_call(registry_find(path, strlen(path)), a, args, NULL, &c);
        r = c.result;
        e = c.err;
        (void)e;
        if (rc != 0 || r->kind != PV_LIST || r->l.len != 2) {
            arena_free(a);
            return (void *)1;
        }
        if (i % 50 == 0)
            re_cache_purge();
        arena_free(a);
    }
    return NULL;
}

START_TEST(test_threads)
{
    pthread_t t[4];
    static long ids[4] = {0, 1, 2, 3};
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, &ids[i]);
    for (int i = 0; i < 4; i++) {
        void *res;
        pthread_join(t[i], &res);
        ck_assert_ptr_null(res);
    }
}
END_TEST

static int before(void)
{
    config.re_cache_size = 64;
    return registry_init();
}

TESTKIT_MAIN(((testkit_suite){.name = "re", .timeout = 600, .before = before, .after = registry_fini}),
             test_golden_cases, test_case_tables, test_cache, test_bytes, test_limits, test_threads)
