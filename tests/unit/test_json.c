/* core/json/json_read.c / json_write.c: json.loads of good and bad documents
 * against CPython 3.11.7's answers (tests/golden/unit/json_loads.txt: every
 * JSONDecodeError flavour with msg, pos, lineno, colno), json.dumps options
 * (json_dumps.txt), the envelope and body modes, and the caps. */
#include <check.h>

#include "testkit.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/utf8.h"

static const pv *extra(const py_err *e, const char *k)
{
    return pv_dict_getc(e->extra, k);
}

START_TEST(test_loads_vs_python)
{
    FILE *f = data_open("json_loads.txt");
    static char doc[1 << 15], want[1 << 15];
    char *line = NULL;
    size_t cap = 0;
    int n = 0, bad = 0;
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 994};
    json_write_opts wo = {.allow_nan = true, .ensure_ascii = true};
    while (data_next(f, &line, &cap)) {
        char hdoc[1 << 15], kind[8], a1[1 << 15];
        long pos = 0, lineno = 0, colno = 0;
        int k = sscanf(line, "%32767s %7s %32767s %ld %ld %ld", hdoc, kind, a1, &pos, &lineno, &colno);
        ck_assert_int_ge(k, 3);
        size_t dn = unhex(hdoc, doc), wn = unhex(a1, want);
        arena *a = arena_new();
        py_err e;
        pv *v;
        int rc = json_parse(a, doc, dn, &o, &v, &e);
        n++;
        if (!strcmp(kind, "OK")) {
            strbuf sb = STRBUF_INIT;
            if (rc < 0 || json_write(&sb, v, &wo, a, &e) < 0 || sb.len != wn || memcmp(sb.data, want, wn)) {
                if (bad++ < 10)
                    fprintf(stderr, "loads(%.*s): want %.*s, got %s\n", (int)dn, doc, (int)wn, want,
                            rc < 0 ? e.msg : sb.data);
            }
            strbuf_free(&sb);
        } else {
            bool ok = rc < 0 && !strcmp(e.type, "json.decoder.JSONDecodeError") &&
                      extra(&e, "msg")->s.len == wn && !memcmp(extra(&e, "msg")->s.p, want, wn) &&
                      extra(&e, "pos")->i.v == pos && extra(&e, "lineno")->i.v == lineno &&
                      extra(&e, "colno")->i.v == colno;
            char msg[512];
            snprintf(msg, sizeof msg, "%.*s: line %ld column %ld (char %ld)", (int)wn, want, lineno, colno,
                     pos);
            ok = ok && !strcmp(e.msg, msg);
            if (!ok && bad++ < 10)
                fprintf(stderr, "loads(%.*s): want %s, got %s\n", (int)dn, doc, msg,
                        rc < 0 ? e.msg : "a value");
        }
        arena_free(a);
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(n, 500);
    ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_dumps_vs_python)
{
    FILE *f = data_open("json_dumps.txt");
    static char doc[1 << 14], kw[1 << 14], want[1 << 14];
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (data_next(f, &line, &cap)) {
        char hdoc[1 << 14], hkw[1 << 14], kind[8], a1[1 << 14], a2[1 << 14] = "";
        int k = sscanf(line, "%16383s %16383s %7s %16383s %16383s", hdoc, hkw, kind, a1, a2);
        ck_assert_int_ge(k, 4);
        size_t dn = unhex(hdoc, doc), kn = unhex(hkw, kw);
        size_t wn = unhex(!strcmp(kind, "OK") ? a1 : a2, want);
        arena *a = arena_new();
        py_err e;
        pv *v, *args;
        json_read_opts ro = {.errmode = JSON_ERR_PY, .max_depth = 100};
        ck_assert_int_eq(json_parse(a, doc, dn, &ro, &v, &e), 0);
        ck_assert_int_eq(json_parse(a, kw, kn, &ro, &args, &e), 0);
        json_write_opts o = {.ensure_ascii = true, .allow_nan = true};
        pv *x;
        if ((x = pv_dict_getc(args, "ensure_ascii")))
            o.ensure_ascii = x->b;
        if ((x = pv_dict_getc(args, "allow_nan")))
            o.allow_nan = x->b;
        if ((x = pv_dict_getc(args, "sort_keys")))
            o.sort_keys = x->b;
        if ((x = pv_dict_getc(args, "indent"))) {
            static char sp[64];
            if (x->kind == PV_STR) {
                o.indent = x->s.p, o.indent_len = x->s.len;
            } else {
                int w = x->i.v > 0 ? (int)x->i.v : 0;
                memset(sp, ' ', (size_t)w);
                o.indent = sp, o.indent_len = (size_t)w;
            }
            o.item_sep = ",", o.item_sep_len = 1;
        }
        if ((x = pv_dict_getc(args, "separators"))) {
            o.item_sep = x->l.items[0]->s.p, o.item_sep_len = x->l.items[0]->s.len;
            o.key_sep = x->l.items[1]->s.p, o.key_sep_len = x->l.items[1]->s.len;
        }
        strbuf sb = STRBUF_INIT;
        int rc = json_write(&sb, v, &o, a, &e);
        if (!strcmp(kind, "OK")) {
            ck_assert_msg(rc == 0 && sb.len == wn && !memcmp(sb.data, want, wn),
                          "dumps(%s, %s): want %.*s got %s", doc, kw, (int)wn, want, rc ? e.msg : sb.data);
        } else {
            ck_assert_msg(rc < 0 && !strcmp(e.type, a1) && e.msg_len == wn && !memcmp(e.msg, want, wn),
                          "dumps(%s, %s): want %s %.*s", doc, kw, a1, (int)wn, want);
        }
        strbuf_free(&sb);
        arena_free(a);
        n++;
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(n, 10);
}
END_TEST

/* Depth caps: exactly max_depth levels parse; one more is the error of the
 * mode; a huge cap never exhausts the C stack (the decoder is iterative). */
START_TEST(test_depth)
{
    size_t n = 2000000;
    char *doc = malloc(2 * n);
    memset(doc, '[', n);
    memset(doc + n, ']', n);
    arena *a = arena_new();
    py_err e;
    pv *v;
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 994};
    ck_assert_int_eq(json_parse(a, doc + n - 994, 2 * 994, &o, &v, &e), 0);
    ck_assert_int_eq(json_parse(a, doc + n - 995, 2 * 995, &o, &v, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_str_eq(e.msg,
                     "maximum recursion depth exceeded while decoding a JSON array from a unicode string");
    o.errmode = JSON_ERR_BODY;
    ck_assert_int_eq(json_parse(a, doc + n - 995, 2 * 995, &o, &v, &e), -1);
    ck_assert_int_eq(e.status, 400);
    o.max_depth = 0; /* no cap: 2e6 levels, iteratively, and written back iteratively */
    ck_assert_int_eq(json_parse(a, doc, 2 * n, &o, &v, &e), 0);
    strbuf sb = STRBUF_INIT;
    ck_assert_int_eq(json_write(&sb, v, &JSON_ENVELOPE, a, &e), 0);
    ck_assert_int_eq(sb.len, 2 * n);
    strbuf_free(&sb);
    arena_free(a);
    free(doc);
}
END_TEST

START_TEST(test_envelope_and_caps)
{
    arena *a = arena_new();
    py_err e;
    pv *v;
    json_read_opts o = {.errmode = JSON_ERR_BODY, .max_depth = 10, .max_int_digits = 5};
    const char *doc = "{\"a\": [NaN, -Infinity, 1e400, \"\\ud800x\", \"\\u00e9\\u2028\"], \"b\": 12345}";
    ck_assert_int_eq(json_parse(a, doc, strlen(doc), &o, &v, &e), 0);
    pv_dict_setc(a, v, "c", pv_bytes(a, "\x00\xff", 2));
    strbuf sb = STRBUF_INIT;
    ck_assert_int_eq(json_write(&sb, v, &JSON_ENVELOPE, a, &e), 0);
    ck_assert_str_eq(sb.data,
                     "{\"a\":[\"NaN\",\"-Infinity\",\"Infinity\",\"\\ud800x\",\"\xc3\xa9\xe2\x80\xa8\"],"
                     "\"b\":12345,\"c\":\"AP8=\"}");
    strbuf_free(&sb);
    ck_assert_int_eq(json_parse(a, "123456", 6, &o, &v, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_int_eq(json_parse(a, "[1,]", 4, &o, &v, &e), -1);
    ck_assert_int_eq(e.status, 400);
    ck_assert_str_eq(e.msg, "body is not valid JSON: Expecting value: line 1 column 4 (char 3)");
    json_write_opts w = {.allow_nan = true, .max_bytes = 10};
    pv *big = pv_str(a, "0123456789abcdef", 16);
    ck_assert_int_eq(json_write(&sb, big, &w, a, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    strbuf_free(&sb);
    pv *s = json_str_result(a, &(strbuf){0}, false);
    ck_assert_int_eq(s->s.len, 0);
    arena_free(a);
}
END_TEST

/* json.loads' parse_* hooks: "<kind>:<text>" for each literal the hook
 * takes, in document order; "Infinity" raises (the scan stops there). */
static int tag_hook(const json_read_opts *o, json_hook_kind kind, const char *text, size_t len, pv **out,
                    py_err *err)
{
    arena *a = o->hook_data;
    char *s = arena_printf(a, "%c:%.*s",
                           kind == JSON_HOOK_INT     ? 'i'
                           : kind == JSON_HOOK_FLOAT ? 'f'
                                                     : 'c',
                           (int)len, text);
    *out = pv_str(a, s, strlen(s));
    if (len == 8 && memcmp(text, "Infinity", 8) == 0)
        return py_raise(err, a, "ValueError", "hook");
    return 0;
}

START_TEST(test_hooks)
{
    arena *a = arena_new();
    py_err e;
    pv *v;
    json_read_opts o = {
        .errmode = JSON_ERR_PY, .max_depth = 10, .max_int_digits = 2, .hook = tag_hook, .hook_data = a};
    const char *doc = "[-0, 12345, 2.50, 1E+2, NaN, -Infinity, {\"k\": 7e-1}]";
    o.hook_kinds = JSON_HOOK_INT | JSON_HOOK_FLOAT | JSON_HOOK_CONSTANT;
    ck_assert_int_eq(json_parse(a, doc, strlen(doc), &o, &v, &e), 0);
    strbuf sb = STRBUF_INIT;
    ck_assert_int_eq(json_write(&sb, v, &JSON_ENVELOPE, a, &e), 0);
    ck_assert_str_eq(
        sb.data, "[\"i:-0\",\"i:12345\",\"f:2.50\",\"f:1E+2\",\"c:NaN\",\"c:-Infinity\",{\"k\":\"f:7e-1\"}]");
    strbuf_free(&sb);
    /* only the kinds asked for; the digit cap holds for the others */
    o.hook_kinds = JSON_HOOK_FLOAT;
    ck_assert_int_eq(json_parse(a, "[1.5, 12]", 9, &o, &v, &e), 0);
    ck_assert_int_eq(json_parse(a, "[1.5, 123]", 10, &o, &v, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    /* a hook's error comes before a later syntax error */
    o.hook_kinds = JSON_HOOK_CONSTANT;
    ck_assert_int_eq(json_parse(a, "[Infinity, ]", 12, &o, &v, &e), -1);
    ck_assert_str_eq(e.type, "ValueError");
    ck_assert_int_eq(json_parse(a, "[NaN, ]", 7, &o, &v, &e), -1);
    ck_assert_str_eq(e.type, "json.decoder.JSONDecodeError");
    arena_free(a);
}
END_TEST

/* The envelope's escapes of one byte string, a byte at a time (what the
 * block paths of json_write.c and json_dense.c must write). */
static void slow_escape(strbuf *o, const char *s, size_t n)
{
    strbuf_putc(o, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *short_esc = c == '"'    ? "\\\""
                                : c == '\\' ? "\\\\"
                                : c == '\n' ? "\\n"
                                : c == '\r' ? "\\r"
                                : c == '\t' ? "\\t"
                                : c == '\b' ? "\\b"
                                : c == '\f' ? "\\f"
                                            : NULL;
        if (short_esc)
            strbuf_append(o, short_esc, 2);
        else if (c < 0x20)
            strbuf_printf(o, "\\u%04x", c);
        else if (c == 0xED && i + 2 < n && (unsigned char)s[i + 1] >= 0xA0) { /* a lone surrogate */
            strbuf_printf(o, "\\u%04x", 0xD000 | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
            i += 2;
        } else
            strbuf_putc(o, (char)c);
    }
    strbuf_putc(o, '"');
}

/* Strings dense in quotes and backslashes (a JSON document inside a JSON
 * string, both ways), of every length around the 16-byte blocks and runs of
 * backslashes split by them: the block paths write what the byte-at-a-time
 * escaper writes, and read it back to the same string, alone and as the
 * key and value of a document large enough for the key memo. */
START_TEST(test_dense_escapes)
{
    static const char *const pieces[] = {
        "\"",       "\\",           "\\\\",         "a",      "bcdefgh", "/", "\n", "\x01",
        "\xc3\xa9", "\xed\xa0\x80", "\xe6\x9d\xb1", "\"\\\"", "\\u00e9"};
    uint64_t seed = 42;
    arena *a = arena_new();
    int bad = 0;
    pv *all = pv_list(a, 0); /* every string, written at the end as one list */
    strbuf all_want = STRBUF_INIT;
    strbuf_putc(&all_want, '[');
    for (int t = 0; t < 3000; t++) {
        strbuf src = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT, doc = STRBUF_INIT;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t k = (size_t)(seed >> 33) % (t % 10 ? 120 : 1200);
        bool plain = (seed >> 20) & 1;  /* only the pieces of a document in a string */
        bool halves = (seed >> 21) & 1; /* quotes and backslashes only, then text only */
        for (size_t i = 0; i < k; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t pick = (seed >> 33) % (plain ? 6 : 13);
            if (halves)
                pick = i < k / 2 ? pick % 3 : 3 + pick % 2;
            const char *pc = pieces[pick];
            strbuf_append(&src, pc, strlen(pc));
        }
        slow_escape(&want, src.data ? src.data : "", src.len);
        pv_list_push(a, all, pv_str(a, src.data ? src.data : "", src.len));
        if (t)
            strbuf_putc(&all_want, ',');
        strbuf_append(&all_want, want.data, want.len);
        /* no more room than json_write_str asks for at first, and a ceiling
         * that stops the buffer's doubling just past what it needs (what an
         * overrun needs to show under ASan): a prefix fills the rest */
        strbuf_reserve(&got, 2 * want.len + 64);
        size_t pre = got.cap - (src.len + 35);
        got.max = pre + want.len + 1;
        memset(got.data, 'x', pre);
        got.len = pre;
        json_write_str(&got, src.data ? src.data : "", src.len, false, true);
        if (got.len != pre + want.len || memcmp(got.data + pre, want.data, want.len) != 0) {
            if (bad++ < 5)
                fprintf(stderr, "dense escape: want %s, got %s\n", want.data, got.data + pre);
            continue;
        }
        /* back: the literal alone, then as the key and the value of a big document */
        strbuf_append(&doc, "[", 1);
        for (int r = 0; r < 80; r++)
            strbuf_append(&doc, "{\"padding\": \"0123456789abcdefghijklmnopqrstuvwxyz\"}, ", 52);
        strbuf_printf(&doc, "{%s: %s}]", want.data, want.data);
        py_err e;
        pv *v, *w;
        json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 10};
        bool ok = json_parse(a, want.data, want.len, &o, &v, &e) == 0 && v->kind == PV_STR &&
                  v->s.len == src.len && !memcmp(v->s.p, src.data ? src.data : "", src.len) &&
                  v->s.ncp == utf8_count(v->s.p, v->s.len) &&
                  json_parse(a, doc.data, doc.len, &o, &w, &e) == 0 && w->l.len == 81;
        if (ok) {
            const pv *d = w->l.items[80];
            ok = d->d.len == 1 && d->d.items[0].key->s.len == src.len &&
                 d->d.items[0].val->s.len == src.len && !memcmp(d->d.items[0].key->s.p, v->s.p, src.len) &&
                 !memcmp(d->d.items[0].val->s.p, v->s.p, src.len);
        }
        if (!ok && bad++ < 5)
            fprintf(stderr, "dense unescape of %s failed\n", want.data);
        strbuf_free(&src);
        strbuf_free(&want);
        strbuf_free(&got);
        strbuf_free(&doc);
    }
    strbuf_putc(&all_want, ']');
    /* a string of quotes then text after every length of what comes before it in
     * the buffer: once, the buffer grows with only the room the quotes' escapes
     * leave for the text (an overrun there shows under ASan) */
    for (size_t pre = 0; pre < 4096; pre += 5) {
        char q[401];
        memset(q, '"', 200);
        memset(q + 200, 'a', 200);
        q[400] = '\0';
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < pre; i++)
            strbuf_putc(&sb, 'x');
        json_write_str(&sb, q, 400, false, true);
        ck_assert_int_eq(sb.len, pre + 602);
        ck_assert(sb.data[pre + 399] == '\\' && sb.data[pre + 400] == '"' && sb.data[pre + 401] == 'a');
        strbuf_free(&sb);
    }
    strbuf all_got = STRBUF_INIT;
    py_err e;
    ck_assert_int_eq(json_write(&all_got, all, &JSON_ENVELOPE, a, &e), 0);
    ck_assert_int_eq(all_got.len, all_want.len);
    ck_assert(memcmp(all_got.data, all_want.data, all_want.len) == 0);
    strbuf_free(&all_got);
    strbuf_free(&all_want);
    arena_free(a);
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* Large documents: the reader memoizes keys and guesses each from the one
 * before, the writer copies repeated keys whole.  Keys that are prefixes of
 * each other, escaped, empty, 15 and 16 bytes long, in shifting orders:
 * read and written back (json.dumps' form), the text is the same. */
START_TEST(test_repeated_keys)
{
    static const char *const keys[] = {"\"ab\"", "\"abc\"", "\"a\\\"b\"", "\"ab\\u00e9\"",
                                       "\"abcdefghijklmno\"", "\"abcdefghijklmnop\"", "\"a\"", "\"\"",
                                       "\"b\\\\\"", "\"ab\\n\"", "\"\\u6771\\u4eac\""};
    const size_t nkeys = sizeof keys / sizeof keys[0];
    for (int round = 0; round < 3; round++) {
        strbuf doc = STRBUF_INIT;
        uint64_t x = 0x2545F4914F6CDD1DULL + (uint64_t)round;
        strbuf_putc(&doc, '[');
        for (int rec = 0; rec < 600; rec++) {
            strbuf_append(&doc, rec ? ", {" : "{", rec ? 3 : 1);
            unsigned used = 0;
            int nk = 0;
            for (int j = 0; j < 8; j++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                /* mostly the same order, now and then another key */
                size_t k = (x >> 32) % 8 == 0 ? (x >> 40) % nkeys : (size_t)(j + round) % nkeys;
                if (used & (1u << k))
                    continue;
                used |= 1u << k;
                strbuf_printf(&doc, "%s%s: %d", nk++ ? ", " : "", keys[k], rec * 10 + j);
            }
            strbuf_putc(&doc, '}');
        }
        strbuf_putc(&doc, ']');
        arena *a = arena_new();
        py_err e;
        pv *v;
        json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 994};
        ck_assert_int_eq(json_parse(a, doc.data, doc.len, &o, &v, &e), 0);
        strbuf back = STRBUF_INIT;
        json_write_opts wo = {.allow_nan = true, .ensure_ascii = true};
        ck_assert_int_eq(json_write(&back, v, &wo, a, &e), 0);
        ck_assert_uint_eq(back.len, doc.len);
        ck_assert(memcmp(back.data, doc.data, doc.len) == 0);
        strbuf_free(&back);
        strbuf_free(&doc);
        arena_free(a);
    }
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "json", .timeout = 300}), test_loads_vs_python, test_dumps_vs_python,
             test_depth, test_envelope_and_caps, test_hooks, test_dense_escapes, test_repeated_keys)
