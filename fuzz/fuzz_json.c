/* libFuzzer target for core/json/json_read.c (and json_write.c): any input is
 * parsed in both error modes with a small depth cap; what parses must write
 * back in every writer mode and parse again to an equal value; with every
 * literal hook (json.loads' parse_float/parse_int/parse_constant) taking the
 * literal's text, it must parse exactly when it parses without.  First of
 * all, utf8_check (its SIMD prefix) must say of the input what the scalar
 * check says. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/utf8.h"

/* A hook that answers the literal's text as a str, and checks its kind. */
static int text_hook(const json_read_opts *o, json_hook_kind kind, const char *text, size_t len, pv **out,
                     py_err *err)
{
    (void)err;
    if (!(o->hook_kinds & kind) || len == 0)
        abort();
    *out = pv_str(o->hook_data, text, len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n1 = 0, n2 = 0, b1 = 0, b2 = 0;
    bool a1 = false, a2 = false;
    bool ok1 = utf8_check((const char *)data, size, &n1, &a1, &b1);
    bool ok2 = utf8_check_scalar((const char *)data, size, &n2, &a2, &b2);
    if (ok1 != ok2 || (ok1 ? n1 != n2 || a1 != a2 : b1 != b2))
        abort();
    /* json.loads takes a str: only valid (stored-str) UTF-8 reaches the parser */
    if (!ok1)
        return 0;
    arena *a = arena_new();
    py_err e;
    pv *v = NULL;
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64, .max_int_digits = 2000};
    int rc = json_parse(a, (const char *)data, size, &o, &v, &e);
    json_read_opts ob = o;
    ob.errmode = JSON_ERR_BODY;
    pv *vb = NULL;
    int rcb = json_parse(a, (const char *)data, size, &ob, &vb, &e);
    if ((rc == 0) != (rcb == 0))
        abort();
    json_read_opts oh = o;
    oh.hook_kinds = JSON_HOOK_INT | JSON_HOOK_FLOAT | JSON_HOOK_CONSTANT;
    oh.hook = text_hook;
    oh.hook_data = a;
    oh.max_int_digits = 0; /* no cap on the literals a hook takes */
    pv *vh = NULL;
    int rch = json_parse(a, (const char *)data, size, &oh, &vh, &e);
    if (rch != 0 && rc == 0)
        abort();
    if (rc == 0) {
        json_write_opts modes[3] = {JSON_ENVELOPE,
                                    {.ensure_ascii = true, .allow_nan = true},
                                    {.allow_nan = true, .sort_keys = true, .indent = "\t", .indent_len = 1}};
        for (int m = 0; m < 3; m++) {
            strbuf sb = STRBUF_INIT;
            if (json_write(&sb, v, &modes[m], a, &e) < 0)
                abort();
            pv *w = NULL;
            json_read_opts o2 = {.errmode = JSON_ERR_PY};
            if (json_parse(a, sb.data ? sb.data : "", sb.len, &o2, &w, &e) < 0)
                abort();
            /* NaN != NaN and the envelope writes NaN as a string: compare the texts instead */
            strbuf sb2 = STRBUF_INIT;
            if (json_write(&sb2, w, &modes[m], a, &e) < 0 || sb2.len != sb.len ||
                memcmp(sb.data, sb2.data, sb.len))
                abort();
            strbuf_free(&sb);
            strbuf_free(&sb2);
        }
    }
    arena_free(a);
    return 0;
}
