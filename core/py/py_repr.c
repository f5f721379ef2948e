/* repr() and str() of pystd values (py_repr.h), byte for byte as CPython
 * 3.11 writes them: str (quotes, escapes, printable code points), bytes,
 * numbers, lists, tuples and dicts. */
#include "py/py_repr.h"

#include <stdbool.h>
#include <string.h>

#include "text/float_repr.h"
#include "text/unicode.h"
#include "text/utf8.h"

static const char hexdigits[] = "0123456789abcdef";

static void put_hex(strbuf *out, char kind, uint32_t v, int digits)
{
    char buf[12];
    int n = 0;
    buf[n++] = '\\';
    buf[n++] = kind;
    for (int k = digits - 1; k >= 0; k--)
        buf[n++] = hexdigits[(v >> (4 * k)) & 0xF];
    strbuf_append(out, buf, (size_t)n);
}

/* CPython's unicode_repr. */
void py_repr_str(strbuf *out, const char *s, size_t n)
{
    bool squote = memchr(s, '\'', n) != NULL, dquote = memchr(s, '"', n) != NULL;
    char quote = squote && !dquote ? '"' : '\'';
    strbuf_reserve(out, n + 2);
    strbuf_putc(out, quote);
    size_t i = 0;
    while (i < n) {
        /* Printable ASCII other than the quote and backslash: copy the run. */
        size_t j = i;
        while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7F && s[j] != quote &&
               s[j] != '\\')
            j++;
        if (j > i) {
            strbuf_append(out, s + i, j - i);
            i = j;
            continue;
        }
        size_t start = i;
        unsigned char lead = (unsigned char)s[i];
        size_t need = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if ((lead & 0xC0) == 0x80 || need > n - i) {
            /* Stray or cut sequence: no str holds one; escape, never read past n. */
            put_hex(out, 'x', lead, 2);
            i++;
            continue;
        }
        uint32_t ch = utf8_next(s, &i);
        if (ch == (uint32_t)quote || ch == '\\') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, (char)ch);
        } else if (ch == '\t') {
            strbuf_append(out, "\\t", 2);
        } else if (ch == '\n') {
            strbuf_append(out, "\\n", 2);
        } else if (ch == '\r') {
            strbuf_append(out, "\\r", 2);
        } else if (ch < 0x20 || ch == 0x7F) {
            put_hex(out, 'x', ch, 2);
        } else if (unicode_isprintable(ch)) {
            strbuf_append(out, s + start, i - start);
        } else if (ch <= 0xFF) {
            put_hex(out, 'x', ch, 2);
        } else if (ch <= 0xFFFF) {
            put_hex(out, 'u', ch, 4);
        } else {
            put_hex(out, 'U', ch, 8);
        }
    }
    strbuf_putc(out, quote);
}

char *py_repr_cstr(arena *a, const char *s, size_t n)
{
    strbuf sb = STRBUF_INIT;
    py_repr_str(&sb, s, n);
    char *r = arena_strndup(a, sb.data, sb.len);
    strbuf_free(&sb);
    return r;
}

/* CPython's PyBytes_Repr with smartquotes. */
void py_repr_bytes(strbuf *out, const void *p, size_t n)
{
    const unsigned char *b = p;
    bool squote = memchr(b, '\'', n) != NULL, dquote = memchr(b, '"', n) != NULL;
    char quote = squote && !dquote ? '"' : '\'';
    strbuf_reserve(out, n + 3);
    strbuf_putc(out, 'b');
    strbuf_putc(out, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c == (unsigned char)quote || c == '\\') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, (char)c);
        } else if (c == '\t') {
            strbuf_append(out, "\\t", 2);
        } else if (c == '\n') {
            strbuf_append(out, "\\n", 2);
        } else if (c == '\r') {
            strbuf_append(out, "\\r", 2);
        } else if (c < 0x20 || c >= 0x7F) {
            put_hex(out, 'x', c, 2);
        } else {
            strbuf_putc(out, (char)c);
        }
    }
    strbuf_putc(out, quote);
}

/* CPython raises RecursionError near 1000 levels; pystd's values are bounded
 * by the JSON depth cap, this only keeps the stack safe. */
#define REPR_MAX_DEPTH 1000

static void repr_depth(strbuf *out, const pv *v, int depth)
{
    if (depth > REPR_MAX_DEPTH) {
        strbuf_append(out, "...", 3);
        return;
    }
    switch ((pv_kind)v->kind) {
    case PV_NONE:
        strbuf_append(out, "None", 4);
        return;
    case PV_BOOL:
        if (v->b)
            strbuf_append(out, "True", 4);
        else
            strbuf_append(out, "False", 5);
        return;
    case PV_INT:
        pv_int_write(out, v);
        return;
    case PV_FLOAT: {
        char buf[FLOAT_REPR_MAX];
        size_t n = float_repr(v->f, buf);
        strbuf_append(out, buf, n);
        return;
    }
    case PV_STR:
        py_repr_str(out, v->s.p, v->s.len);
        return;
    case PV_BYTES:
        py_repr_bytes(out, v->s.p, v->s.len);
        return;
    case PV_LIST:
        strbuf_putc(out, v->tuple ? '(' : '[');
        for (size_t i = 0; i < v->l.len; i++) {
            if (i)
                strbuf_append(out, ", ", 2);
            repr_depth(out, v->l.items[i], depth + 1);
        }
        if (v->tuple && v->l.len == 1)
            strbuf_putc(out, ',');
        strbuf_putc(out, v->tuple ? ')' : ']');
        return;
    case PV_DICT:
        strbuf_putc(out, '{');
        for (size_t i = 0; i < v->d.len; i++) {
            if (i)
                strbuf_append(out, ", ", 2);
            repr_depth(out, v->d.items[i].key, depth + 1);
            strbuf_append(out, ": ", 2);
            repr_depth(out, v->d.items[i].val, depth + 1);
        }
        strbuf_putc(out, '}');
        return;
    }
}

void py_repr(strbuf *out, const pv *v)
{
    repr_depth(out, v, 0);
}

void py_str(strbuf *out, const pv *v)
{
    if (v->kind == PV_STR)
        strbuf_append(out, v->s.p, v->s.len);
    else
        py_repr(out, v);
}
