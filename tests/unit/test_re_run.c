/* Runs (core/re/re_run.c) against PCRE2: the same operations through the op
 * table with the run's scan and with it bypassed (re_run_bypass), which must
 * answer alike -- membership for every code point, and random patterns,
 * subjects long enough to cross the 64-byte blocks, and every operation with
 * its arguments.  What CPython answers for such cases is in
 * tests/golden/unit/re_cases.txt (test_re); this test adds volume. */
#include <check.h>

#include "testkit.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/config.h"
#include "base/strbuf.h"
#include "json/json.h"
#include "re/re.h"
#include "re/re_run.h"
#include "registry.h"
#include "text/utf8.h"

static pv *parse(arena *a, const char *text, size_t n)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 100};
    pv *v;
    py_err e;
    ck_assert_msg(json_parse(a, text, n, &o, &v, &e) == 0, "bad JSON: %.*s", (int)n, text);
    return v;
}

static char *canon(arena *a, const pv *v)
{
    json_write_opts o = JSON_ENVELOPE;
    o.ensure_ascii = true;
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write(&sb, v, &o, a, &e);
    char *r = arena_strndup(a, sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    return r;
}

/* The answer to /v1/re/<fn> with args (JSON text), as text: the result, or
 * the error's status, type and message. */
static char *answer(arena *a, const char *fn, const char *args, bool bypass)
{
    char path[64];
    snprintf(path, sizeof path, "/v1/re/%s", fn);
    const route *r = registry_find(path, strlen(path));
    ck_assert_msg(r != NULL, "no route %s", path);
    op_ctx c;
    re_run_bypass(bypass);
    int rc = registry_call(r, a, parse(a, args, strlen(args)), NULL, &c);
    re_run_bypass(false);
    if (rc < 0)
        return arena_printf(a, "error %d %s: %.*s", c.err.status, c.err.type, (int)c.err.msg_len, c.err.msg);
    return canon(a, c.result);
}

static int compare(const char *fn, const char *args)
{
    arena *a = arena_new();
    char *run = answer(a, fn, args, false), *pcre = answer(a, fn, args, true);
    int bad = strcmp(run, pcre) != 0;
    if (bad)
        fprintf(stderr, "re.%s(%.300s)\n  run  %.300s\n  pcre %.300s\n", fn, args, run, pcre);
    arena_free(a);
    return bad;
}

/* A str as a JSON string literal, every code point outside ASCII escaped
 * (a lone surrogate too). */
static void put_json_str(strbuf *sb, const uint32_t *cps, size_t n)
{
    strbuf_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        char buf[16];
        if (c >= 0x10000)
            snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + ((c - 0x10000) >> 10),
                     0xDC00 + ((c - 0x10000) & 0x3FF));
        else if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            snprintf(buf, sizeof buf, "\\u%04x", c);
        else
            snprintf(buf, sizeof buf, "%c", (char)c);
        strbuf_puts(sb, buf);
    }
    strbuf_putc(sb, '"');
}

static const char *const ITEMS[] = {
    "\\\\w",         "\\\\W",      "\\\\d",          "\\\\D",         "\\\\s",           "\\\\S",
    ".",             "[a-z]",      "[^ ]",           "[\\\\w.-]",     "[^\\\\W\\\\d]",   "[\\\\s\\\\d]",
    "a",             "k",          "\\\\u00df",      "[^\\\\n]",      "[^a-z\\\\s]",     "[\\\\d\\\\W]",
    "[^\\\\D]",      "\\\\u212a",  "[\\\\u4dc0-\\\\u4dff]", "[\\\\u3040-\\\\u30ff]", "[^\\\\x00-\\\\x7f]",
    "[\\\\U0001F600-\\\\U0001F64F]", "\\\\x85", "[\\\\u00e9-\\\\u00fa]",
};
#define NITEMS (sizeof ITEMS / sizeof ITEMS[0])
static const int FLAGS[] = {0, 2, 16, 256, 2 | 256};

/* Every code point of the BMP and every 7th beyond, 0x8800 at a time:
 * findall of the item repeated lists the runs of members. */
START_TEST(test_membership)
{
    static const int MFLAGS[] = {0, 2, 256};
    config.max_items = 1u << 20;
    uint32_t *cps = malloc(0x8800 * sizeof *cps);
    int bad = 0;
    for (size_t it = 0; it < NITEMS; it++)
        for (size_t f = 0; f < 3; f++)
            for (uint32_t c = 0; c < 0x110000 && !bad;) {
                size_t n = 0;
                for (; c < 0x110000 && n < 0x8800; c += c < 0x10000 ? 1 : 7)
                    cps[n++] = c;
                strbuf sb = STRBUF_INIT;
                strbuf_printf(&sb, "{\"pattern\": \"%s+\", \"flags\": %d, \"string\": ", ITEMS[it], MFLAGS[f]);
                put_json_str(&sb, cps, n);
                strbuf_putc(&sb, '}');
                bad |= compare("findall", sb.data);
                strbuf_free(&sb);
            }
    free(cps);
    ck_assert_int_eq(bad, 0);
}
END_TEST

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t below(size_t n) { return (size_t)(rnd() % n); }

static const uint32_t ALPHA[] = {
    'a',    'b',    'z',    'A',    'Z',    '0',    '9',     '_',     ' ',     '.',     ',',     '-',
    '\n',   '\t',   0x1c,   0x85,   0xa0,   0x2003, 0x3000,  0x1680,  0xe9,    0xdf,    0x17f,   'K',
    0x212a, 0x1c5,  0x65e5, 0x672c, 0x4dc0, 0x4e00, 0x306e,  0x30a2,  0x3001,  0x663,   0xb2,    0xbd,
    0x2167, 0xe01,  0x800,  0x1f600, 0x1d7d8, 0x20000, 0xd800, 0xdfff, 0xffff, 0x7ff, 0xfa, 0x10ffff,
};
#define NALPHA (sizeof ALPHA / sizeof ALPHA[0])
static const char *const QUANTS[] = {"+", "+", "+", "{2,}", "{1,3}", "+?", "{2,3}?", "++", "{3}", "", "{1,}", "{5,}"};

START_TEST(test_random)
{
    static const char *const FNS[] = {"search", "match",  "fullmatch", "findall", "findall",
                                      "finditer", "sub", "subn",      "split"};
    static const char *const REPLS[] = {"-", "", "xy", "\\u65e5"};
    uint32_t cps[1200];
    int bad = 0;
    for (int i = 0; i < 4000 && bad < 10; i++) {
        size_t n = 0, k = (size_t[]){0, 3, 20, 60, 150, 400}[below(6)];
        for (size_t j = 0; j < k && n < 1100; j++) {
            uint32_t c = ALPHA[below(NALPHA)];
            size_t rep = below(10) < 7 ? 1 : 2 + below(12);
            for (size_t r = 0; r < rep && n < 1100; r++)
                cps[n++] = c;
        }
        const char *fn = FNS[below(sizeof FNS / sizeof FNS[0])];
        strbuf sb = STRBUF_INIT;
        strbuf_printf(&sb, "{\"pattern\": \"%s%s\", \"flags\": %d, \"string\": ", ITEMS[below(NITEMS)],
                      QUANTS[below(sizeof QUANTS / sizeof QUANTS[0])], FLAGS[below(5)]);
        put_json_str(&sb, cps, n);
        if (!strcmp(fn, "sub") || !strcmp(fn, "subn"))
            strbuf_printf(&sb, ", \"repl\": \"%s\", \"count\": %d", REPLS[below(4)], (int)below(4) - 1);
        else if (!strcmp(fn, "split"))
            strbuf_printf(&sb, ", \"maxsplit\": %d", (int)below(5) - 1);
        else if (below(3) == 0)
            strbuf_printf(&sb, ", \"pos\": %d, \"endpos\": %d", (int)below(n + 5) - 2, (int)below(n + 5) - 2);
        strbuf_putc(&sb, '}');
        bad += compare(fn, sb.data);
        strbuf_free(&sb);
    }
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* The limits: the same errors at the same item. */
START_TEST(test_limits)
{
    size_t items = config.max_items, result = config.max_result_bytes;
    config.max_items = 7;
    ck_assert_int_eq(compare("findall", "{\"pattern\": \"\\\\w+\", \"string\": \"a b c d e f g h i\"}"), 0);
    ck_assert_int_eq(compare("findall", "{\"pattern\": \"\\\\w+\", \"string\": \"a b c d e f g\"}"), 0);
    ck_assert_int_eq(compare("finditer", "{\"pattern\": \"\\\\w+\", \"string\": \"a b c d e f g h\"}"), 0);
    ck_assert_int_eq(compare("split", "{\"pattern\": \"\\\\s+\", \"string\": \"a b c d e f g h\"}"), 0);
    config.max_items = items;
    config.max_result_bytes = 20;
    ck_assert_int_eq(compare("sub", "{\"pattern\": \"\\\\s+\", \"repl\": \"---\", \"string\": \"a b c d e f\"}"), 0);
    ck_assert_int_eq(compare("sub", "{\"pattern\": \"\\\\s+\", \"repl\": \"--\", \"string\": \"a b c d e f g\"}"), 0);
    ck_assert_int_eq(compare("sub", "{\"pattern\": \"x+\", \"repl\": \"\", \"string\": \"abcdefghijklmnopqrstuvwxyz\"}"), 0);
    config.max_result_bytes = result;
}
END_TEST

static bool planned(const char *pattern, int flags)
{
    arena *a = arena_new();
    re_pattern *p;
    py_err e;
    ck_assert_int_eq(re_compile(pv_str(a, pattern, strlen(pattern)), flags, &p, a, &e), 0);
    bool run = re_run_of(p) != NULL;
    re_run_bypass(true);
    bool bypassed = re_run_of(p) != NULL;
    re_run_bypass(false);
    re_pattern_release(p);
    arena_free(a);
    ck_assert(!bypassed);
    return run;
}

/* Which patterns are runs: one character-sized item, repeated at least once. */
START_TEST(test_planned)
{
    const char *yes[] = {"\\w+", "\\s+", "[^,]+", "\\d{2,4}", ".+", "a", "[a-z]+?", "x{3}", "a|b", "(?:\\w)+", "\\S++"};
    const char *no[] = {"\\w*", "(\\w)+", "\\w+$", "ab", "a|bc", "\\b\\w+", "(?i:a)+", "(?:ab)+", "\\w?", "x{0,3}"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(planned(yes[i], 0), "%s is a run", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!planned(no[i], 0), "%s is not a run", no[i]);
    ck_assert(!planned("a+", 4 | RE_COMPILE_BYTES)); /* re.LOCALE */
}
END_TEST

/* Threads sharing compiled runs (through the cache) whose tables are built
 * on first use, while the cache is purged now and then (TSan's test). */
static void *worker(void *arg)
{
    long id = *(const long *)arg;
    for (int i = 0; i < 200; i++) {
        char body[200];
        snprintf(body, sizeof body,
                 "{\"pattern\": \"[\\\\w\\u00e9]{%d,}\", \"string\": \"ab \\u00e9\\u00e9\\u00e9 \\u65e5\\u672c\\u8a9e x\"}",
                 i % 5 + 1);
        arena *a = arena_new();
        char *got = answer(a, "findall", body, false);
        bool ok = strstr(got, "\\u00e9") != NULL || i % 5 + 1 > 3;
        arena_free(a);
        if (!ok)
            return (void *)1;
        if (id == 0 && i % 50 == 49)
            re_cache_purge();
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

TESTKIT_MAIN(((testkit_suite){.name = "re_run", .timeout = 600, .before = before, .after = registry_fini}),
             test_planned, test_membership, test_random, test_limits, test_threads)
