/* core/ops/: every call of tests/golden/unit/ops.jsonl (CPython 3.11.7's
 * answers) made through ops_call and compared strictly: same types (bool is
 * not int), floats bit for bit (-0.0, NaN), same exception type and message. */
#include <check.h>

#include "testkit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "ops/ops.h"

static bool same(const pv *a, const pv *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case PV_NONE:
        return true;
    case PV_BOOL:
        return a->b == b->b;
    case PV_INT:
        return pv_int_cmp(a, b) == 0;
    case PV_FLOAT:
        if (isnan(a->f) || isnan(b->f))
            return isnan(a->f) && isnan(b->f);
        return memcmp(&a->f, &b->f, sizeof(double)) == 0;
    case PV_STR:
        return a->s.len == b->s.len && memcmp(a->s.p, b->s.p, a->s.len) == 0;
    case PV_LIST:
        if (a->l.len != b->l.len)
            return false;
        for (size_t i = 0; i < a->l.len; i++)
            if (!same(a->l.items[i], b->l.items[i]))
                return false;
        return true;
    case PV_DICT:
        if (a->d.len != b->d.len)
            return false;
        for (size_t i = 0; i < a->d.len; i++)
            if (!same(a->d.items[i].key, b->d.items[i].key) || !same(a->d.items[i].val, b->d.items[i].val))
                return false;
        return true;
    }
    return false;
}

static char *show(arena *a, const pv *v)
{
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write_opts o = JSON_ENVELOPE;
    o.escape_lone_surrogates = true;
    if (json_write(&sb, v, &o, a, &e) < 0)
        strbuf_puts(&sb, "<unwritable>");
    char *r = arena_strndup(a, sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    return r;
}

/* One vector: 0 when pystd agrees, else 1 (and a line on stderr). */
static int run_line(const char *line, size_t len, int *shown)
{
    arena *a = arena_new();
    py_err e;
    memset(&e, 0, sizeof e);
    json_read_opts jo = {.errmode = JSON_ERR_PY, .max_depth = 200};
    pv *vec;
    if (json_parse(a, line, len, &jo, &vec, &e) < 0) {
        fprintf(stderr, "unparsable vector: %.200s\n", line);
        arena_free(a);
        return 1;
    }
    pv *f = pv_dict_getc(vec, "f"), *args = pv_dict_getc(vec, "args"), *kw = pv_dict_getc(vec, "kw");
    pv *spec = f;
    if (kw) {
        spec = pv_dict(a, 2);
        pv_dict_setc(a, spec, "partial", f);
        pv_dict_setc(a, spec, "keywords", kw);
    }
    ops_ctx x = ops_make(a, &e);
    pv *nan = NULL;
    args = ops_share_nans(args, &nan);
    const ops_func *fn = ops_func_resolve(&x, spec);
    pv *r = fn ? ops_call(&x, fn, args->l.items, args->l.len) : NULL;
    if (r && ops_has_complex(r)) {
        py_raise(&e, a, "TypeError", "no JSON form for complex");
        r = NULL;
    }
    pv *want = pv_dict_getc(vec, "r"), *werr = pv_dict_getc(vec, "e");
    bool ok;
    if (want)
        ok = r && same(r, want);
    else
        ok = !r && strcmp(e.type, werr->l.items[0]->s.p) == 0 && e.msg_len == werr->l.items[1]->s.len &&
             memcmp(e.msg, werr->l.items[1]->s.p, e.msg_len) == 0;
    if (!ok && (*shown)++ < 40)
        fprintf(stderr, "MISMATCH %.300s\n   got %s: %.300s\n", line, r ? "result" : e.type,
                r ? show(a, r) : (e.msg ? e.msg : ""));
    arena_free(a);
    return ok ? 0 : 1;
}

START_TEST(test_vectors)
{
    FILE *f = data_open("ops.jsonl");
    char *line = NULL;
    size_t cap = 0;
    int total = 0, bad = 0, shown = 0;
    while (data_next(f, &line, &cap)) {
        total++;
        if (getenv("PYOPS_TRACE"))
            fprintf(stderr, "%d %.200s\n", total, line);
        bad += run_line(line, strlen(line), &shown);
    }
    free(line);
    fclose(f);
    fprintf(stderr, "ops vectors: %d, mismatches: %d\n", total, bad);
    ck_assert_int_gt(total, 30000);
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* A few direct checks of the core API (independent of the data). */
START_TEST(test_direct)
{
    arena *a = arena_new();
    py_err e;
    ops_ctx x = ops_make(a, &e);
    pv *r = ops_binary(&x, OPS_FLOORDIV, pv_int(a, -7), pv_int(a, 2));
    ck_assert_int_eq(r->i.v, -4);
    r = ops_binary(&x, OPS_MOD, pv_int(a, 7), pv_int(a, -2));
    ck_assert_int_eq(r->i.v, -1);
    r = ops_binary(&x, OPS_POW, pv_int(a, 0), pv_int(a, -1));
    ck_assert_ptr_null(r);
    ck_assert_str_eq(e.type, "ZeroDivisionError");
    ck_assert_str_eq(e.msg, "0.0 cannot be raised to a negative power");
    r = ops_binary(&x, OPS_POW, pv_float(a, -8.0), pv_float(a, 1.0 / 3));
    ck_assert(ops_has_complex(r));
    r = ops_binary(&x, OPS_LSHIFT, pv_int(a, 1), pv_int(a, 1 << 21));
    ck_assert_ptr_null(r);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    x.max_len = 1000; /* a precision beyond the result cap: refused before any zero is written */
    ck_assert_ptr_null(ops_str_mod(&x, pv_cstr(a, "%.700739053d"), pv_int(a, 1)));
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_ptr_nonnull(ops_str_mod(&x, pv_cstr(a, "%.900d"), pv_int(a, 1)));
    ck_assert_int_eq(ops_compare(&x, OPS_LT, pv_cstr(a, "a"), pv_int(a, 1)), -1);
    ck_assert_str_eq(e.msg, "'<' not supported between instances of 'str' and 'int'");
    arena_free(a);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "ops", .timeout = 600}), test_direct, test_vectors)
