/* str() and repr() of pv values (core/py/py_repr.c), and of the complex values
 * only ops/ makes. */
#include <math.h>
#include <string.h>

#include "ops/ops_int.h"
#include "py/py_repr.h"
#include "text/utf8.h"

void ops_repr_to(strbuf *sb, const pv *v)
{
    if (!ops_has_complex(v)) {
        py_repr(sb, v);
        return;
    }
    /* containers holding a complex (which py_repr.c does not know) */
    switch (v->kind) {
    case PV_LIST:
        strbuf_putc(sb, v->tuple ? '(' : '[');
        for (size_t i = 0; i < v->l.len; i++) {
            if (i)
                strbuf_append(sb, ", ", 2);
            ops_repr_to(sb, v->l.items[i]);
        }
        if (v->tuple && v->l.len == 1)
            strbuf_putc(sb, ',');
        strbuf_putc(sb, v->tuple ? ')' : ']');
        return;
    case PV_DICT:
        strbuf_putc(sb, '{');
        for (size_t i = 0; i < v->d.len; i++) {
            if (i)
                strbuf_append(sb, ", ", 2);
            ops_repr_to(sb, v->d.items[i].key);
            strbuf_append(sb, ": ", 2);
            ops_repr_to(sb, v->d.items[i].val);
        }
        strbuf_putc(sb, '}');
        return;
    default: {
        const ops_complex *c = (const ops_complex *)v;
        ops_complex_repr_to(sb, c->re, c->im);
        return;
    }
    }
}

void ops_str_to(strbuf *sb, const pv *v)
{
    if (v->kind == PV_STR)
        strbuf_append(sb, v->s.p, v->s.len);
    else
        ops_repr_to(sb, v);
}

pv *ops_str(ops_ctx *x, const pv *v)
{
    if (v->kind == PV_STR)
        return (pv *)v;
    strbuf sb = STRBUF_INIT;
    ops_repr_to(&sb, v);
    pv *r = ops_str_from_sb(x, &sb);
    strbuf_free(&sb);
    return r;
}

pv *ops_repr(ops_ctx *x, const pv *v)
{
    strbuf sb = STRBUF_INIT;
    ops_repr_to(&sb, v);
    pv *r = ops_str_from_sb(x, &sb);
    strbuf_free(&sb);
    return r;
}

char *ops_repr_trunc(ops_ctx *x, const pv *v, size_t maxcp)
{
    strbuf sb = STRBUF_INIT;
    ops_repr_to(&sb, v);
    size_t n = sb.len;
    if (sb.data) {
        size_t cut = utf8_offset(sb.data, sb.len, maxcp);
        if (cut < n)
            n = cut;
    }
    char *r = arena_strndup(x->a, sb.data ? sb.data : "", n);
    strbuf_free(&sb);
    return r;
}
