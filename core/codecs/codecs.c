/* Codec lookup, the str.encode / bytes.decode entry points, the error
 * handlers and the exceptions (Python/codecs.c, Objects/unicodeobject.c,
 * Objects/exceptions.c of CPython 3.11). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "codecs/codecs_int.h"
#include "text/unicode.h"

/* ---------------------------------------------------------------- names */

/* _Py_normalize_encoding: ASCII letters and digits (and '.') kept, lowered;
 * every other run of bytes one '_' between them.  false when the result
 * does not fit in outlen bytes (NUL included). */
static bool normalize(const char *s, char *out, size_t outlen)
{
    size_t n = 0;
    bool punct = false;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (alnum || ch == '.') {
            if (punct && n) {
                if (n + 1 >= outlen)
                    return false;
                out[n++] = '_';
            }
            punct = false;
            if (n + 1 >= outlen)
                return false;
            out[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        } else {
            punct = true;
        }
    }
    out[n] = '\0';
    return true;
}

static int cmp_alias(const void *k, const void *e)
{
    return strcmp(k, ((const codecs_alias *)e)->alias);
}
static int cmp_module(const void *k, const void *e)
{
    return strcmp(k, ((const codecs_module *)e)->module);
}

static const codecs_module *find_module(const char *m)
{
    if (!*m || strchr(m, '.'))
        return NULL;
    return bsearch(m, codecs_modules, codecs_nmodules, sizeof *codecs_modules, cmp_module);
}

/* encodings.search_function of the normalized name: an alias (also with
 * '.' read as '_'), else the name itself, as a module of the package. */
static const codecs_module *resolve(const char *encoding, arena *a)
{
    char *norm = arena_alloc(a, strlen(encoding) + 1);
    normalize(encoding, norm, strlen(encoding) + 1);
    const codecs_alias *al =
        bsearch(norm, codecs_aliases, codecs_naliases, sizeof *codecs_aliases, cmp_alias);
    if (!al && strchr(norm, '.')) {
        char *u = arena_strdup(a, norm);
        for (char *p = u; *p; p++)
            if (*p == '.')
                *p = '_';
        al = bsearch(u, codecs_aliases, codecs_naliases, sizeof *codecs_aliases, cmp_alias);
    }
    const codecs_module *m = al ? find_module(al->module) : NULL;
    return m ? m : find_module(norm);
}

/* The shortcuts of PyUnicode_AsEncodedString / PyUnicode_Decode, which
 * bypass the registry (and so its error wrapping): an implementation, or -1. */
static int fast_path(const char *encoding)
{
    char low[11];
    if (!normalize(encoding, low, sizeof low))
        return -1;
    const char *l = low;
    if (l[0] == 'u' && l[1] == 't' && l[2] == 'f') {
        l += 3;
        if (*l == '_')
            l++;
        if (!strcmp(l, "8"))
            return CODECS_UTF8;
        if (!strcmp(l, "16"))
            return CODECS_UTF16;
        if (!strcmp(l, "32"))
            return CODECS_UTF32;
        return -1;
    }
    if (!strcmp(low, "ascii") || !strcmp(low, "us_ascii"))
        return CODECS_ASCII;
    if (!strcmp(low, "latin1") || !strcmp(low, "latin_1") || !strcmp(low, "iso_8859_1") ||
        !strcmp(low, "iso8859_1"))
        return CODECS_LATIN1;
    return -1;
}

static codecs_eh handler_of(const char *e)
{
    static const struct {
        const char *name;
        codecs_eh eh;
    } known[] = {{"strict", CODECS_EH_STRICT},
                 {"ignore", CODECS_EH_IGNORE},
                 {"replace", CODECS_EH_REPLACE},
                 {"backslashreplace", CODECS_EH_BACKSLASHREPLACE},
                 {"xmlcharrefreplace", CODECS_EH_XMLCHARREFREPLACE},
                 {"namereplace", CODECS_EH_NAMEREPLACE},
                 {"surrogateescape", CODECS_EH_SURROGATEESCAPE},
                 {"surrogatepass", CODECS_EH_SURROGATEPASS}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(e, known[i].name))
            return known[i].eh;
    return CODECS_EH_UNKNOWN;
}

/* PyUnicode_FromFormat's "%.400s": 400 bytes at most, decoded with 'replace'. */
char *codecs_trunc400(arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n <= 400)
        return (char *)s;
    strbuf b = STRBUF_INIT;
    utf8_decode_replace(&b, s, 400);
    char *r = arena_strndup(a, b.data, b.len);
    strbuf_free(&b);
    return r;
}

/* A str argument as the C string an "s" converter makes of it. */
static int c_arg(arena *a, const pv *s, const char **out, py_err *err)
{
    /* a lone surrogate has no UTF-8: the strict utf-8 encoder's error,
       raised before the NUL check (PyUnicode_AsUTF8AndSize comes first) */
    for (size_t i = 0; i + 1 < s->s.len; i++) {
        if ((unsigned char)s->s.p[i] == 0xED && (unsigned char)s->s.p[i + 1] >= 0xA0) {
            uint32_t *u = arena_alloc(a, s->s.ncp * sizeof *u);
            size_t n = 0, start = 0, end = 0;
            for (size_t j = 0; j < s->s.len;) {
                u[n] = utf8_next(s->s.p, &j);
                bool surr = u[n] >= 0xD800 && u[n] <= 0xDFFF;
                if (surr && end == 0)
                    start = n, end = n + 1;
                else if (surr && end == n)
                    end = n + 1;
                n++;
            }
            codecs_call c = {.a = a, .err = err, .u = u, .ulen = n};
            codecs_raise_encode(&c, "utf-8", "surrogates not allowed", start, end);
            return -1;
        }
    }
    if (memchr(s->s.p, '\0', s->s.len)) {
        py_raise(err, a, "ValueError", "embedded null character");
        return -1;
    }
    *out = s->s.p;
    return 0;
}

/* ---------------------------------------------------------------- entry points */

int codecs_check_errors(arena *a, const pv *errors, py_err *err)
{
    const char *e;
    return c_arg(a, errors, &e, err);
}

/* An "s" argument for a codec call: the C string, with its handler. */
static void set_errors(codecs_call *c, const pv *errors)
{
    c->errors_obj = errors;
    if (memchr(errors->s.p, '\0', errors->s.len) ||
        (errors->s.len && !errors->ascii && !utf8_check(errors->s.p, errors->s.len, NULL, NULL, NULL))) {
        c->errors = ""; /* refused by the codecs that take it as an "s" argument */
        c->eh = CODECS_EH_UNKNOWN;
        return;
    }
    c->errors = errors->s.p;
    c->eh = handler_of(c->errors);
}

/* utf-7, punycode and idna, in codecs_impl order */
static const struct {
    int (*encode)(codecs_call *c);
    int (*decode)(codecs_call *c);
} PLAIN[] = {{codecs_utf7_encode, codecs_utf7_decode},
             {codecs_punycode_encode, codecs_punycode_decode},
             {codecs_idna_encode, codecs_idna_decode}};

int codecs_run_encode(codecs_call *c, int impl, int index)
{
    switch ((codecs_impl)impl) {
    case CODECS_UTF8:
        return codecs_utf8_encode(c);
    case CODECS_UTF8_SIG:
        strbuf_append(&c->out, "\xEF\xBB\xBF", 3);
        return codecs_utf8_encode(c);
    case CODECS_UTF16:
        return codecs_utf16_encode(c, 0);
    case CODECS_UTF16LE:
        return codecs_utf16_encode(c, -1);
    case CODECS_UTF16BE:
        return codecs_utf16_encode(c, 1);
    case CODECS_UTF32:
        return codecs_utf32_encode(c, 0);
    case CODECS_UTF32LE:
        return codecs_utf32_encode(c, -1);
    case CODECS_UTF32BE:
        return codecs_utf32_encode(c, 1);
    case CODECS_ASCII:
        return codecs_ucs1_encode(c, 128);
    case CODECS_LATIN1:
    case CODECS_CHARMAP_NONE:
        return codecs_ucs1_encode(c, 256);
    case CODECS_UNDEFINED:
        return py_raise(c->err, c->a, "UnicodeError", "undefined encoding");
    case CODECS_CHARMAP:
        return codecs_charmap_encode(c, index);
    case CODECS_CJK:
    case CODECS_ISO2022:
    case CODECS_HZ:
        return codecs_mb_encode_all(c, impl, index);
    case CODECS_UNICODE_ESCAPE:
    case CODECS_RAW_UNICODE_ESCAPE:
        return codecs_uescape_encode(c, impl == CODECS_RAW_UNICODE_ESCAPE);
    case CODECS_UTF7:
    case CODECS_PUNYCODE:
    case CODECS_IDNA:
        return PLAIN[impl - CODECS_UTF7].encode(c);
    case CODECS_NONTEXT:
    case CODECS_UNSUPPORTED:
        break;
    }
    return py_raise(c->err, c->a, "SystemError", "codec without an encoder");
}

int codecs_run_decode(codecs_call *c, int impl, int index)
{
    int bo = 0;
    switch ((codecs_impl)impl) {
    case CODECS_UTF8:
        return codecs_utf8_decode(c, 0);
    case CODECS_UTF8_SIG:
        if (c->blen >= 3 && !memcmp(c->b, "\xEF\xBB\xBF", 3)) {
            /* utf_8_sig.decode: positions count from after the BOM */
            c->b += 3;
            c->blen -= 3;
        }
        return codecs_utf8_decode(c, 0);
    case CODECS_UTF16LE:
    case CODECS_UTF32LE:
        bo = -1;
        break;
    case CODECS_UTF16BE:
    case CODECS_UTF32BE:
        bo = 1;
        break;
    case CODECS_UTF16:
    case CODECS_UTF32:
        break;
    case CODECS_ASCII:
        return codecs_ascii_decode(c);
    case CODECS_LATIN1:
    case CODECS_CHARMAP_NONE:
        return codecs_latin1_decode(c);
    case CODECS_UNDEFINED:
        return py_raise(c->err, c->a, "UnicodeError", "undefined encoding");
    case CODECS_CHARMAP:
        return codecs_charmap_decode(c, index);
    case CODECS_CJK:
    case CODECS_ISO2022:
    case CODECS_HZ: {
        unsigned char state[8];
        codecs_mb_init(impl, index, state, false);
        c->mbstate = state;
        int rc = codecs_mb_decode(c, impl, index);
        c->mbstate = NULL;
        return rc;
    }
    case CODECS_UNICODE_ESCAPE:
    case CODECS_RAW_UNICODE_ESCAPE:
        return codecs_uescape_decode(c, impl == CODECS_RAW_UNICODE_ESCAPE);
    case CODECS_UTF7:
    case CODECS_PUNYCODE:
    case CODECS_IDNA:
        return PLAIN[impl - CODECS_UTF7].decode(c);
    case CODECS_NONTEXT:
    case CODECS_UNSUPPORTED:
        return py_raise(c->err, c->a, "SystemError", "codec without a decoder");
    }
    if (impl == CODECS_UTF16 || impl == CODECS_UTF16LE || impl == CODECS_UTF16BE)
        return codecs_utf16_decode(c, &bo);
    return codecs_utf32_decode(c, &bo);
}

/* _PyErr_TrySetFromCause: an exception of a plain type (not the Unicode
 * errors, which carry state) raised inside a registry codec is re-raised as
 * "<op> with '<encoding>' codec failed (<type>: <message>)". */
void codecs_wrap(codecs_call *c, const char *op, const char *encoding)
{
    const char *t = c->err->type;
    if (c->unwrappable)
        return;
    if (strcmp(t, "TypeError") != 0 && strcmp(t, "LookupError") != 0 && strcmp(t, "ValueError") != 0 &&
        strcmp(t, "UnicodeError") != 0)
        return;
    py_err *e = c->err;
    strbuf sb = STRBUF_INIT; /* the inner message may hold NULs */
    strbuf_printf(&sb, "%s with '%s' codec failed (%s: ", op, encoding, t);
    strbuf_append(&sb, e->msg, e->msg_len);
    strbuf_putc(&sb, ')');
    py_raise_msg(e, c->a, t, sb.data, sb.len);
    strbuf_free(&sb);
}

/* The codec for a registry lookup of str.encode / bytes.decode; NULL with the exception. */
static const codecs_module *text_codec(codecs_call *c, const char *encoding, const char *command)
{
    const codecs_module *m = resolve(encoding, c->a);
    if (!m) {
        py_raise(c->err, c->a, "LookupError", "unknown encoding: %s", encoding);
        return NULL;
    }
    if (m->impl == CODECS_NONTEXT) {
        py_raise(c->err, c->a, "LookupError",
                 "'%s' is not a text encoding; use %s() to handle arbitrary codecs",
                 codecs_trunc400(c->a, encoding), command);
        return NULL;
    }
    if (m->impl == CODECS_UNSUPPORTED) {
        py_raise(c->err, c->a, "NotImplementedError", "the '%s' codec is not implemented by pystd", m->name);
        return NULL;
    }
    return m;
}

int codecs_encode(arena *a, const pv *str, const pv *encoding, const pv *errors, size_t max_bytes, pv **out,
                  py_err *err)
{
    const char *enc = NULL, *errs = NULL;
    if (c_arg(a, encoding, &enc, err) < 0 || c_arg(a, errors, &errs, err) < 0)
        return -1;
    codecs_call c = {.a = a, .err = err, .max_bytes = max_bytes, .final = true};
    set_errors(&c, errors);
    strbuf_init_max(&c.out, max_bytes, "--max-result-bytes");
    uint32_t *u = arena_alloc(a, (str->s.ncp ? str->s.ncp : 1) * sizeof *u);
    for (size_t i = 0, k = 0; i < str->s.len; k++)
        u[k] = utf8_next(str->s.p, &i);
    c.u = u;
    c.ulen = str->s.ncp;
    c.src = str->s.p;
    c.srclen = str->s.len;
    int impl = fast_path(enc), rc;
    if (impl >= 0) {
        rc = codecs_run_encode(&c, impl, 0);
    } else {
        const codecs_module *m = text_codec(&c, enc, "codecs.encode");
        if (!m)
            return -1;
        rc = codecs_run_encode(&c, m->impl, m->index);
        if (rc < 0)
            codecs_wrap(&c, "encoding", enc);
    }
    if (rc == 0)
        rc = codecs_check_size(&c);
    if (rc == 0)
        *out = pv_bytes(a, c.out.data ? c.out.data : "", c.out.len);
    strbuf_free(&c.out);
    return rc;
}

int codecs_decode(arena *a, const pv *data, const pv *encoding, const pv *errors, size_t max_bytes, pv **out,
                  py_err *err)
{
    const char *enc = NULL, *errs = NULL;
    if (c_arg(a, encoding, &enc, err) < 0 || c_arg(a, errors, &errs, err) < 0)
        return -1;
    if (data->s.len == 0) { /* PyUnicode_Decode answers '' before any lookup */
        *out = pv_str(a, "", 0);
        return 0;
    }
    codecs_call c = {.a = a,
                     .err = err,
                     .max_bytes = max_bytes,
                     .b = (const unsigned char *)data->s.p,
                     .blen = data->s.len,
                     .final = true};
    set_errors(&c, errors);
    strbuf_init_max(&c.out, max_bytes, "--max-result-bytes");
    strbuf_reserve(&c.out, max_bytes && data->s.len + 16 > max_bytes ? max_bytes : data->s.len + 16);
    int impl = fast_path(enc), rc;
    if (impl >= 0) {
        rc = codecs_run_decode(&c, impl, 0);
    } else {
        const codecs_module *m = text_codec(&c, enc, "codecs.decode");
        if (!m) {
            strbuf_free(&c.out);
            return -1;
        }
        rc = codecs_run_decode(&c, m->impl, m->index);
        if (rc < 0)
            codecs_wrap(&c, "decoding", enc);
    }
    if (rc == 0)
        rc = codecs_check_size(&c);
    if (rc == 0) {
        size_t n;
        char *p = strbuf_detach(&c.out, &n);
        arena_defer(a, free, p);
        *out = pv_str_take_n(a, p, n, c.ncp);
    }
    strbuf_free(&c.out);
    return rc;
}

int codecs_lookup(arena *a, const pv *encoding, const char **name, py_err *err)
{
    const char *enc = NULL;
    if (c_arg(a, encoding, &enc, err) < 0)
        return -1;
    const codecs_module *m = resolve(enc, a);
    if (!m)
        return py_raise(err, a, "LookupError", "unknown encoding: %s", enc);
    *name = m->name;
    return 0;
}

int codecs_stream_open(arena *a, const pv *encoding, const pv *errors, codecs_call *tmpl,
                       const codecs_module **m, py_err *err)
{
    const char *enc = NULL;
    if (c_arg(a, encoding, &enc, err) < 0)
        return -1;
    *m = resolve(enc, a);
    if (!*m)
        return py_raise(err, a, "LookupError", "unknown encoding: %s", enc);
    if ((*m)->impl == CODECS_NONTEXT)
        return py_raise(err, a, "NotImplementedError",
                        "the '%s' codec is not a text encoding: pystd does not implement it incrementally",
                        (*m)->name);
    if ((*m)->impl == CODECS_UNSUPPORTED)
        return py_raise(err, a, "NotImplementedError", "the '%s' codec is not implemented by pystd",
                        (*m)->name);
    set_errors(tmpl, errors);
    return 0;
}
