/* str() and repr() of pv values, as CPython 3.11 prints them. */
#include <math.h>
#include <string.h>

#include "float_repr.h"
#include "pyops_internal.h"
#include "unicode.h"
#include "utf8.h"

static void put_hex(strbuf *sb, char c, uint32_t cp, int digits)
{
    static const char H[] = "0123456789abcdef";
    char buf[12];
    int n = 0;
    buf[n++] = '\\';
    buf[n++] = c;
    for (int i = digits - 1; i >= 0; i--)
        buf[n++] = H[(cp >> (4 * i)) & 0xF];
    sb_append(sb, buf, (size_t)n);
}

static void str_repr_to(strbuf *sb, const char *s, size_t n)
{
    /* quote: ' unless the text has ' and no " */
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    sb_putc(sb, quote);
    for (size_t i = 0; i < n;) {
        size_t start = i;
        uint32_t ch = utf8_next(s, &i);
        if (ch == (uint32_t)quote || ch == '\\') {
            sb_putc(sb, '\\');
            sb_putc(sb, (char)ch);
        } else if (ch == '\t') {
            sb_append(sb, "\\t", 2);
        } else if (ch == '\n') {
            sb_append(sb, "\\n", 2);
        } else if (ch == '\r') {
            sb_append(sb, "\\r", 2);
        } else if (ch < ' ' || ch == 0x7F) {
            put_hex(sb, 'x', ch, 2);
        } else if (ch < 0x7F) {
            sb_putc(sb, (char)ch);
        } else if (uc_isprintable(ch)) {
            sb_append(sb, s + start, i - start);
        } else if (ch <= 0xFF) {
            put_hex(sb, 'x', ch, 2);
        } else if (ch <= 0xFFFF) {
            put_hex(sb, 'u', ch, 4);
        } else {
            put_hex(sb, 'U', ch, 8);
        }
    }
    sb_putc(sb, quote);
}

static void bytes_repr_to(strbuf *sb, const char *s, size_t n)
{
    bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    sb_putc(sb, 'b');
    sb_putc(sb, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)quote || c == '\\') {
            sb_putc(sb, '\\');
            sb_putc(sb, (char)c);
        } else if (c == '\t') {
            sb_append(sb, "\\t", 2);
        } else if (c == '\n') {
            sb_append(sb, "\\n", 2);
        } else if (c == '\r') {
            sb_append(sb, "\\r", 2);
        } else if (c < ' ' || c >= 0x7F) {
            put_hex(sb, 'x', c, 2);
        } else {
            sb_putc(sb, (char)c);
        }
    }
    sb_putc(sb, quote);
}

static void float_to(strbuf *sb, double d)
{
    char buf[FLOAT_REPR_MAX];
    size_t n = float_repr(d, buf);
    sb_append(sb, buf, n);
}

void pyx_repr_to(strbuf *sb, const pv *v)
{
    switch (v->kind) {
    case PV_NONE: sb_append(sb, "None", 4); return;
    case PV_BOOL:
        if (v->b)
            sb_append(sb, "True", 4);
        else
            sb_append(sb, "False", 5);
        return;
    case PV_INT: pv_int_write(sb, v); return;
    case PV_FLOAT: float_to(sb, v->f); return;
    case PV_STR: str_repr_to(sb, v->s.p, v->s.len); return;
    case PV_BYTES: bytes_repr_to(sb, v->s.p, v->s.len); return;
    case PV_LIST:
        sb_putc(sb, v->tuple ? '(' : '[');
        for (size_t i = 0; i < v->l.len; i++) {
            if (i)
                sb_append(sb, ", ", 2);
            pyx_repr_to(sb, v->l.items[i]);
        }
        if (v->tuple && v->l.len == 1)
            sb_putc(sb, ',');
        sb_putc(sb, v->tuple ? ')' : ']');
        return;
    case PV_DICT:
        sb_putc(sb, '{');
        for (size_t i = 0; i < v->d.len; i++) {
            if (i)
                sb_append(sb, ", ", 2);
            pyx_repr_to(sb, v->d.items[i].key);
            sb_append(sb, ": ", 2);
            pyx_repr_to(sb, v->d.items[i].val);
        }
        sb_putc(sb, '}');
        return;
    case PYX_COMPLEX: {
        const pyx_complex *c = (const pyx_complex *)v;
        complex_repr_to(sb, c->re, c->im);
        return;
    }
    }
}

void pyx_str_to(strbuf *sb, const pv *v)
{
    if (v->kind == PV_STR)
        sb_append(sb, v->s.p, v->s.len);
    else
        pyx_repr_to(sb, v);
}

pv *pyx_str(pyx *x, const pv *v)
{
    if (v->kind == PV_STR)
        return (pv *)v;
    strbuf sb = STRBUF_INIT;
    pyx_repr_to(&sb, v);
    pv *r = str_from_sb(x, &sb);
    sb_free(&sb);
    return r;
}

pv *pyx_repr(pyx *x, const pv *v)
{
    strbuf sb = STRBUF_INIT;
    pyx_repr_to(&sb, v);
    pv *r = str_from_sb(x, &sb);
    sb_free(&sb);
    return r;
}

char *pyx_repr_trunc(pyx *x, const pv *v, size_t maxcp)
{
    strbuf sb = STRBUF_INIT;
    pyx_repr_to(&sb, v);
    size_t n = sb.len;
    if (sb.data) {
        size_t cut = utf8_offset(sb.data, sb.len, maxcp);
        if (cut < n)
            n = cut;
    }
    char *r = arena_strndup(x->a, sb.data ? sb.data : "", n);
    sb_free(&sb);
    return r;
}
