/* list(codecs.iterencode(chunks, encoding, errors)) as CPython 3.11 runs it:
 * each codec's IncrementalEncoder, call by call -- the stateless ones (the
 * C encoders of Modules/_codecsmodule.c, one chunk at a time), utf-16,
 * utf-32 and utf-8-sig (a BOM on the first call only, then the native-order
 * codec), idna (a BufferedIncrementalEncoder keeping the last label),
 * punycode, undefined, and the multibyte ones of multibytecodec.c (pending
 * characters that may combine with the next chunk, the ISO-2022/HZ state
 * and its reset by the final call) -- with what each does with a chunk
 * that is not a str (its TypeError; str() of it for the multibyte ones;
 * punycode iterates it). */
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs_int.h"
#include "py/py_repr.h"

typedef struct encoder {
    codecs_call tmpl;
    const codecs_module *m;
    bool started;      /* utf-16, utf-32, utf-8-sig: the first call happened */
    uint32_t *pending; /* multibyte: characters waiting (at most 2); idna: the kept label */
    size_t npending;
    unsigned char mbstate[8];
    size_t total;
    size_t work; /* characters encoded over all calls: idna re-reads the label it keeps */
} encoder;

#define MAX_WORK ((size_t)256 << 20)

/* The _codecs function an IncrementalEncoder calls (for its TypeError). */
static const char *c_function(const encoder *e)
{
    static const struct {
        codecs_impl impl;
        const char *first, *later; /* utf-16/32: utf_16_encode, then the native-order codec's */
    } fns[] = {{CODECS_UTF8, "utf_8_encode", NULL},
               {CODECS_UTF8_SIG, "utf_8_encode", NULL},
               {CODECS_UTF16, "utf_16_encode", "utf_16_le_encode"},
               {CODECS_UTF16LE, "utf_16_le_encode", NULL},
               {CODECS_UTF16BE, "utf_16_be_encode", NULL},
               {CODECS_UTF32, "utf_32_encode", "utf_32_le_encode"},
               {CODECS_UTF32LE, "utf_32_le_encode", NULL},
               {CODECS_UTF32BE, "utf_32_be_encode", NULL},
               {CODECS_ASCII, "ascii_encode", NULL},
               {CODECS_LATIN1, "latin_1_encode", NULL},
               {CODECS_UNICODE_ESCAPE, "unicode_escape_encode", NULL},
               {CODECS_RAW_UNICODE_ESCAPE, "raw_unicode_escape_encode", NULL},
               {CODECS_UTF7, "utf_7_encode", NULL}};
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (fns[i].impl == (codecs_impl)e->m->impl)
            return e->started && fns[i].later ? fns[i].later : fns[i].first;
    return "charmap_encode";
}

/* The code points of a str, in the arena. */
static uint32_t *code_points(arena *a, const char *p, size_t len, size_t ncp)
{
    uint32_t *u = arena_alloc(a, (ncp ? ncp : 1) * sizeof *u);
    for (size_t i = 0, k = 0; i < len; k++)
        u[k] = utf8_next(p, &i);
    return u;
}

/* The characters kept from the call before, then those of the str s (in the arena). */
static uint32_t *with_pending(const encoder *e, const pv *s, size_t *n)
{
    *n = e->npending + s->s.ncp;
    uint32_t *u = arena_alloc(e->tmpl.a, (*n ? *n : 1) * sizeof *u);
    if (e->npending)
        memcpy(u, e->pending, e->npending * sizeof *u);
    if (s->s.ncp)
        memcpy(u + e->npending, code_points(e->tmpl.a, s->s.p, s->s.len, s->s.ncp), s->s.ncp * sizeof *u);
    return u;
}

/* punycode_encode's `for c in text: ord(c)`: the characters of a str, of a
 * list's items or a dict's keys (each a str of length 1), or its error. */
static int puny_chars(encoder *e, const pv *in, uint32_t **u, size_t *n)
{
    arena *a = e->tmpl.a;
    py_err *err = e->tmpl.err;
    if (in->kind == PV_STR) {
        *u = code_points(a, in->s.p, in->s.len, in->s.ncp), *n = in->s.ncp;
        return 0;
    }
    if (in->kind == PV_BYTES) {
        if (in->s.len)
            return py_raise(err, a, "TypeError", "ord() expected string of length 1, but int found");
        *u = NULL, *n = 0;
        return 0;
    }
    if (in->kind != PV_LIST && in->kind != PV_DICT)
        return py_raise(err, a, "TypeError", "'%s' object is not iterable", pv_type_name(in));
    size_t len = in->kind == PV_LIST ? in->l.len : in->d.len;
    *u = arena_alloc(a, (len ? len : 1) * sizeof **u);
    *n = len;
    for (size_t i = 0; i < len; i++) {
        const pv *x = in->kind == PV_LIST ? in->l.items[i] : in->d.items[i].key;
        if (x->kind != PV_STR)
            return py_raise(err, a, "TypeError", "ord() expected string of length 1, but %s found",
                            pv_type_name(x));
        if (x->s.ncp != 1)
            return py_raise(err, a, "TypeError", "ord() expected a character, but string of length %zu found",
                            x->s.ncp);
        size_t k = 0;
        (*u)[i] = utf8_next(x->s.p, &k);
    }
    for (size_t i = 0; in->kind == PV_DICT && i < len; i++)
        if ((*u)[i] >= 128) /* insertion_unsort indexes the dict: text[0] */
            return py_raise(err, a, "KeyError", "0");
    return 0;
}

/* The bytes of one encoder.encode(input, final) call into c->out. */
static int encode_call(encoder *e, codecs_call *c, const pv *in, bool final)
{
    int impl = e->m->impl;
    arena *a = c->a;
    if (impl == CODECS_UNDEFINED)
        return py_raise(c->err, a, "UnicodeError", "undefined encoding");
    if (impl == CODECS_PUNYCODE) {
        uint32_t *u = NULL;
        if (puny_chars(e, in, &u, &c->ulen) < 0)
            return -1;
        c->u = u;
        return codecs_punycode_encode(c);
    }
    if (impl == CODECS_CJK || impl == CODECS_ISO2022 || impl == CODECS_HZ) {
        const pv *s = in;
        if (in->kind != PV_STR) { /* str(input) */
            strbuf sb = STRBUF_INIT;
            py_str(&sb, in);
            s = pv_str(a, sb.data ? sb.data : "", sb.len);
            strbuf_free(&sb);
        }
        size_t n;
        uint32_t *u = with_pending(e, s, &n);
        c->u = u, c->ulen = n, c->inpos = 0, c->final = final, c->mbstate = e->mbstate;
        if (codecs_mb_encode(c, impl, e->m->index, final) < 0)
            return -1;
        if (n - c->inpos > 2)
            return py_raise(c->err, a, "UnicodeError", "pending buffer overflow");
        e->pending = u + c->inpos;
        e->npending = n - c->inpos;
        return 0;
    }
    if (impl == CODECS_IDNA) {
        if (in->kind != PV_STR)
            return py_raise(c->err, a, "TypeError", "can only concatenate str (not \"%s\") to str",
                            pv_type_name(in));
        size_t n;
        uint32_t *u = with_pending(e, in, &n);
        e->work += n;
        if (e->work > MAX_WORK)
            return py_limit(c->err, a, "incremental encoding re-reads more than %zu characters", MAX_WORK);
        c->u = u, c->ulen = n, c->inpos = n, c->final = final;
        if (codecs_idna_encode_inc(c) < 0)
            return -1;
        e->pending = u + c->inpos;
        e->npending = n - c->inpos;
        return 0;
    }
    if (in->kind != PV_STR)
        return py_raise(c->err, a, "TypeError", "%s() argument 1 must be str, not %s", c_function(e),
                        in->kind == PV_NONE ? "None" : pv_type_name(in));
    if (codecs_check_errors(a, c->errors_obj, c->err) < 0)
        return -1;
    c->u = code_points(a, in->s.p, in->s.len, in->s.ncp);
    c->ulen = in->s.ncp;
    c->src = in->s.p;
    c->srclen = in->s.len;
    bool first = !e->started;
    e->started = true;
    if (!first && impl == CODECS_UTF16)
        impl = CODECS_UTF16LE;
    else if (!first && impl == CODECS_UTF32)
        impl = CODECS_UTF32LE;
    else if (!first && impl == CODECS_UTF8_SIG)
        impl = CODECS_UTF8;
    return codecs_run_encode(c, impl, e->m->index);
}

int codecs_iterencode(arena *a, const pv *chunks, const pv *encoding, const pv *errors, size_t max_bytes,
                      pv **out, py_err *err)
{
    encoder e = {.tmpl = {.a = a, .err = err, .max_bytes = max_bytes, .final = true}};
    if (codecs_stream_open(a, encoding, errors, &e.tmpl, &e.m, err) < 0)
        return -1;
    int impl = e.m->impl;
    if (impl == CODECS_CJK || impl == CODECS_ISO2022 || impl == CODECS_HZ) {
        /* MultibyteIncrementalEncoder(errors): an "s" argument */
        if (codecs_check_errors(a, errors, err) < 0)
            return -1;
        codecs_mb_init(impl, e.m->index, e.mbstate, true);
    }
    pv *list = pv_list(a, 4);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i <= chunks->l.len; i++) {
        bool final = i == chunks->l.len;
        codecs_call c = e.tmpl;
        rc = encode_call(&e, &c, final ? pv_str(a, "", 0) : chunks->l.items[i], final);
        if (rc == 0) {
            e.total += c.out.len;
            if (max_bytes && e.total > max_bytes)
                rc = py_limit(err, a, "result of more than %zu bytes", max_bytes);
        }
        if (rc == 0 && c.out.len)
            pv_list_push(a, list, pv_bytes(a, c.out.data, c.out.len));
        strbuf_free(&c.out);
    }
    if (rc == 0)
        *out = list;
    return rc;
}
