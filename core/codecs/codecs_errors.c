/* The exceptions and error handlers of the codecs: UnicodeEncodeError /
 * UnicodeDecodeError as Objects/exceptions.c words them, and the built-in
 * handlers of Python/codecs.c (strict, ignore, replace, backslashreplace,
 * xmlcharrefreplace, namereplace, surrogateescape, surrogatepass), with
 * an unknown handler name refused when an error occurs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "codecs/codecs_int.h"
#include "text/unicode.h"

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
                    codecs_trunc400(c->a, c->errors));
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
    if (c->eh == CODECS_EH_STRICT || c->eh == CODECS_EH_UNKNOWN)
        return c->eh == CODECS_EH_STRICT ? codecs_raise_decode(c, enc, reason, start, end)
                                         : unknown_handler(c);
    switch (c->eh) {
    case CODECS_EH_STRICT:
    case CODECS_EH_UNKNOWN:
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

int codecs_raise_concat(codecs_call *c, const char *type, const char *prefix, const char *s, size_t n)
{
    strbuf m = STRBUF_INIT;
    strbuf_append(&m, prefix, strlen(prefix));
    strbuf_append(&m, s, n);
    py_raise_msg(c->err, c->a, type, m.data, m.len);
    strbuf_free(&m);
    return -1;
}
