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
static char *trunc400(arena *a, const char *s)
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

/* ---------------------------------------------------------------- exceptions */

static void extras(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end)
{
    py_err_extra(c->err, c->a, "encoding", pv_cstr(c->a, enc));
    py_err_extra(c->err, c->a, "start", pv_int(c->a, (int64_t)start));
    py_err_extra(c->err, c->a, "end", pv_int(c->a, (int64_t)end));
    py_err_extra(c->err, c->a, "reason", pv_cstr(c->a, reason));
}

int codecs_raise_encode(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end)
{
    if (end == start + 1 && start < c->ulen) {
        uint32_t ch = c->u[start];
        const char *fmt = ch <= 0xFF     ? "'%s' codec can't encode character '\\x%02x' in position %zu: %s"
                          : ch <= 0xFFFF ? "'%s' codec can't encode character '\\u%04x' in position %zu: %s"
                                         : "'%s' codec can't encode character '\\U%08x' in position %zu: %s";
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        py_raise(c->err, c->a, "UnicodeEncodeError", fmt, enc, (unsigned)ch, start, reason);
#pragma GCC diagnostic pop
    } else {
        py_raise(c->err, c->a, "UnicodeEncodeError",
                 "'%s' codec can't encode characters in position %zu-%zu: %s", enc, start, end - 1, reason);
    }
    extras(c, enc, reason, start, end);
    return -1;
}

int codecs_raise_decode(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end)
{
    if (end == start + 1 && start < c->blen)
        py_raise(c->err, c->a, "UnicodeDecodeError",
                 "'%s' codec can't decode byte 0x%02x in position %zu: %s", enc, c->b[start], start, reason);
    else
        py_raise(c->err, c->a, "UnicodeDecodeError", "'%s' codec can't decode bytes in position %zu-%zu: %s",
                 enc, start, end - 1, reason);
    extras(c, enc, reason, start, end);
    return -1;
}

static int unknown_handler(codecs_call *c)
{
    return py_raise(c->err, c->a, "LookupError", "unknown error handler name '%s'",
                    trunc400(c->a, c->errors));
}

int codecs_check_size(codecs_call *c)
{
    if (c->max_bytes && (c->out.len > c->max_bytes || strbuf_overflow(&c->out)))
        return py_limit(c->err, c->a, "result of more than %zu bytes", c->max_bytes);
    if (budget_expired())
        return budget_error(c->err, c->a);
    return 0;
}

/* ---------------------------------------------------------------- handlers */

enum { STD_UNKNOWN, STD_UTF8, STD_UTF16LE, STD_UTF16BE, STD_UTF32LE, STD_UTF32BE };

/* get_standard_encoding: which UTF surrogatepass speaks, from the exception's encoding */
static int standard_encoding(const char *e, int *bytelength)
{
    if ((e[0] | 32) == 'u' && (e[1] | 32) == 't' && (e[2] | 32) == 'f') {
        e += 3;
        if (*e == '-' || *e == '_')
            e++;
        if (e[0] == '8' && e[1] == '\0') {
            *bytelength = 3;
            return STD_UTF8;
        }
        bool b16 = e[0] == '1' && e[1] == '6', b32 = e[0] == '3' && e[1] == '2';
        if (b16 || b32) {
            e += 2;
            *bytelength = b16 ? 2 : 4;
            if (*e == '\0')
                return b16 ? STD_UTF16LE : STD_UTF32LE;
            if (*e == '-' || *e == '_')
                e++;
            if (e[0] && (e[1] | 32) == 'e' && e[2] == '\0') {
                if ((e[0] | 32) == 'b')
                    return b16 ? STD_UTF16BE : STD_UTF32BE;
                if ((e[0] | 32) == 'l')
                    return b16 ? STD_UTF16LE : STD_UTF32LE;
            }
        }
    } else if (!strcmp(e, "CP_UTF8")) {
        *bytelength = 3;
        return STD_UTF8;
    }
    return STD_UNKNOWN;
}

static const char HEXD[] = "0123456789abcdef";

static void put_hex(strbuf *o, char kind, uint32_t v, int digits)
{
    char b[12];
    b[0] = '\\';
    b[1] = kind;
    for (int i = 0; i < digits; i++)
        b[2 + i] = HEXD[(v >> (4 * (digits - 1 - i))) & 15];
    strbuf_append(o, b, (size_t)digits + 2);
}

static void backslash_char(strbuf *o, uint32_t ch)
{
    if (ch >= 0x10000)
        put_hex(o, 'U', ch, 8);
    else if (ch >= 0x100)
        put_hex(o, 'u', ch, 4);
    else
        put_hex(o, 'x', ch, 2);
}

static int cmp_pua(const void *k, const void *e)
{
    uint32_t cp = *(const uint32_t *)k, x = ((const codecs_pua_name *)e)->cp;
    return (cp > x) - (cp < x);
}

/* unicodedata's getname with aliases and named sequences, as namereplace asks */
static const char *char_name(uint32_t ch, char buf[UNICODE_NAME_MAX])
{
    if (ch >= 0xF0000 && ch < 0xF0400) {
        const codecs_pua_name *p =
            bsearch(&ch, codecs_pua_names, codecs_npua_names, sizeof *codecs_pua_names, cmp_pua);
        return p ? p->name : NULL;
    }
    return unicode_name(ch, buf) ? buf : NULL;
}

static int enc_handler(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end,
                       codecs_enc_rep *r)
{
    r->bytes = false;
    /* a replacement never takes more than the room left in the output (+1,
     * to tell "exactly fits" from "too long"): a long run stops early */
    size_t room = c->out.len < c->max_bytes ? c->max_bytes - c->out.len : 0;
    strbuf_init_max(&r->rep, c->max_bytes ? room + 1 : 0, "--max-result-bytes");
    r->newpos = end;
    switch (c->eh) {
    case CODECS_EH_UNKNOWN:
        return unknown_handler(c);
    case CODECS_EH_STRICT:
        return codecs_raise_encode(c, enc, reason, start, end);
    case CODECS_EH_IGNORE:
        return 0;
    case CODECS_EH_REPLACE:
        for (size_t i = start; i < end && !strbuf_overflow(&r->rep); i++)
            strbuf_putc(&r->rep, '?');
        return 0;
    case CODECS_EH_BACKSLASHREPLACE:
        for (size_t i = start; i < end && !strbuf_overflow(&r->rep); i++)
            backslash_char(&r->rep, c->u[i]);
        return 0;
    case CODECS_EH_XMLCHARREFREPLACE:
        for (size_t i = start; i < end && !strbuf_overflow(&r->rep); i++)
            strbuf_printf(&r->rep, "&#%u;", (unsigned)c->u[i]);
        return 0;
    case CODECS_EH_NAMEREPLACE:
        for (size_t i = start; i < end && !strbuf_overflow(&r->rep); i++) {
            char buf[UNICODE_NAME_MAX];
            const char *name = char_name(c->u[i], buf);
            if (name)
                strbuf_printf(&r->rep, "\\N{%s}", name);
            else
                backslash_char(&r->rep, c->u[i]);
        }
        return 0;
    case CODECS_EH_SURROGATEESCAPE:
        r->bytes = true;
        for (size_t i = start; i < end; i++) {
            if (c->u[i] < 0xDC80 || c->u[i] > 0xDCFF) {
                strbuf_free(&r->rep);
                return codecs_raise_encode(c, enc, reason, start, end);
            }
            strbuf_putc(&r->rep, (char)(c->u[i] - 0xDC00));
        }
        return 0;
    case CODECS_EH_SURROGATEPASS: {
        int len = 0, code = standard_encoding(enc, &len);
        r->bytes = true;
        if (code == STD_UNKNOWN)
            return codecs_raise_encode(c, enc, reason, start, end);
        for (size_t i = start; i < end; i++) {
            uint32_t ch = c->u[i];
            if (ch < 0xD800 || ch > 0xDFFF) {
                strbuf_free(&r->rep);
                return codecs_raise_encode(c, enc, reason, start, end);
            }
            unsigned char o[4];
            switch (code) {
            case STD_UTF8:
                o[0] = (unsigned char)(0xE0 | (ch >> 12));
                o[1] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
                o[2] = (unsigned char)(0x80 | (ch & 0x3F));
                break;
            case STD_UTF16LE:
                o[0] = (unsigned char)ch, o[1] = (unsigned char)(ch >> 8);
                break;
            case STD_UTF16BE:
                o[0] = (unsigned char)(ch >> 8), o[1] = (unsigned char)ch;
                break;
            case STD_UTF32LE:
                o[0] = (unsigned char)ch, o[1] = (unsigned char)(ch >> 8), o[2] = 0, o[3] = 0;
                break;
            default:
                o[0] = 0, o[1] = 0, o[2] = (unsigned char)(ch >> 8), o[3] = (unsigned char)ch;
                break;
            }
            strbuf_append(&r->rep, o, (size_t)len);
        }
        return 0;
    }
    }
    return unknown_handler(c);
}

int codecs_enc_handler(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end,
                       codecs_enc_rep *r)
{
    int rc = enc_handler(c, enc, reason, start, end, r);
    if (rc == 0 && c->max_bytes && (strbuf_overflow(&r->rep) || c->out.len + r->rep.len > c->max_bytes)) {
        strbuf_free(&r->rep);
        return py_limit(c->err, c->a, "result of more than %zu bytes", c->max_bytes);
    }
    return rc;
}

int codecs_dec_handler(codecs_call *c, const char *enc, const char *reason, size_t start, size_t end,
                       size_t *newpos)
{
    *newpos = end;
    switch (c->eh) {
    case CODECS_EH_UNKNOWN:
        return unknown_handler(c);
    case CODECS_EH_STRICT:
        return codecs_raise_decode(c, enc, reason, start, end);
    case CODECS_EH_IGNORE:
        return 0;
    case CODECS_EH_REPLACE:
        codecs_put(c, 0xFFFD);
        return 0;
    case CODECS_EH_BACKSLASHREPLACE:
        for (size_t i = start; i < end; i++) {
            put_hex(&c->out, 'x', c->b[i], 2);
            c->ncp += 4;
        }
        return 0;
    case CODECS_EH_XMLCHARREFREPLACE:
    case CODECS_EH_NAMEREPLACE:
        return py_raise(c->err, c->a, "TypeError",
                        "don't know how to handle UnicodeDecodeError in error callback");
    case CODECS_EH_SURROGATEESCAPE: {
        size_t i = start;
        for (; i < end && c->b[i] >= 128; i++)
            codecs_put(c, 0xDC00 + c->b[i]);
        if (i == start)
            return codecs_raise_decode(c, enc, reason, start, end);
        *newpos = i;
        return 0;
    }
    case CODECS_EH_SURROGATEPASS: {
        int len = 0, code = standard_encoding(enc, &len);
        uint32_t ch = 0;
        const unsigned char *p = c->b + start;
        if (code != STD_UNKNOWN && c->blen - start >= (size_t)len) {
            switch (code) {
            case STD_UTF8:
                if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
                    ch = ((uint32_t)(p[0] & 0x0F) << 12) + ((uint32_t)(p[1] & 0x3F) << 6) + (p[2] & 0x3F);
                break;
            case STD_UTF16LE:
                ch = (uint32_t)p[1] << 8 | p[0];
                break;
            case STD_UTF16BE:
                ch = (uint32_t)p[0] << 8 | p[1];
                break;
            case STD_UTF32LE:
                ch = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
                break;
            default:
                ch = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
                break;
            }
        }
        if (ch < 0xD800 || ch > 0xDFFF)
            return codecs_raise_decode(c, enc, reason, start, end);
        codecs_put(c, ch);
        *newpos = start + (size_t)len;
        return 0;
    }
    }
    return unknown_handler(c);
}

/* ---------------------------------------------------------------- entry points */

static int run_encode(codecs_call *c, int impl, int index)
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
        return codecs_cjk_encode(c, index);
    case CODECS_UNICODE_ESCAPE:
    case CODECS_RAW_UNICODE_ESCAPE:
        return codecs_uescape_encode(c, impl == CODECS_RAW_UNICODE_ESCAPE);
    case CODECS_NONTEXT:
    case CODECS_UNSUPPORTED:
        break;
    }
    return py_raise(c->err, c->a, "SystemError", "codec without an encoder");
}

static int run_decode(codecs_call *c, int impl, int index)
{
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
    case CODECS_UTF16:
        return codecs_utf16_decode(c, 0);
    case CODECS_UTF16LE:
        return codecs_utf16_decode(c, -1);
    case CODECS_UTF16BE:
        return codecs_utf16_decode(c, 1);
    case CODECS_UTF32:
        return codecs_utf32_decode(c, 0);
    case CODECS_UTF32LE:
        return codecs_utf32_decode(c, -1);
    case CODECS_UTF32BE:
        return codecs_utf32_decode(c, 1);
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
        return codecs_cjk_decode(c, index);
    case CODECS_UNICODE_ESCAPE:
    case CODECS_RAW_UNICODE_ESCAPE:
        return codecs_uescape_decode(c, impl == CODECS_RAW_UNICODE_ESCAPE);
    case CODECS_NONTEXT:
    case CODECS_UNSUPPORTED:
        break;
    }
    return py_raise(c->err, c->a, "SystemError", "codec without a decoder");
}

/* _PyErr_TrySetFromCause: an exception of a plain type (not the Unicode
 * errors, which carry state) raised inside a registry codec is re-raised as
 * "<op> with '<encoding>' codec failed (<type>: <message>)". */
static void wrap(codecs_call *c, const char *op, const char *encoding)
{
    const char *t = c->err->type;
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
                 "'%s' is not a text encoding; use %s() to handle arbitrary codecs", trunc400(c->a, encoding),
                 command);
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
    codecs_call c = {.a = a, .err = err, .errors = errs, .eh = handler_of(errs), .max_bytes = max_bytes};
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
        rc = run_encode(&c, impl, 0);
    } else {
        const codecs_module *m = text_codec(&c, enc, "codecs.encode");
        if (!m)
            return -1;
        rc = run_encode(&c, m->impl, m->index);
        if (rc < 0)
            wrap(&c, "encoding", enc);
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
                     .errors = errs,
                     .eh = handler_of(errs),
                     .max_bytes = max_bytes,
                     .b = (const unsigned char *)data->s.p,
                     .blen = data->s.len};
    strbuf_init_max(&c.out, max_bytes, "--max-result-bytes");
    strbuf_reserve(&c.out, max_bytes && data->s.len + 16 > max_bytes ? max_bytes : data->s.len + 16);
    int impl = fast_path(enc), rc;
    if (impl >= 0) {
        rc = run_decode(&c, impl, 0);
    } else {
        const codecs_module *m = text_codec(&c, enc, "codecs.decode");
        if (!m) {
            strbuf_free(&c.out);
            return -1;
        }
        rc = run_decode(&c, m->impl, m->index);
        if (rc < 0)
            wrap(&c, "decoding", enc);
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
