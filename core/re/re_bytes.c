/* re on bytes (re.h, "bytes"): a bytes pattern or subject is matched as its
 * Latin-1 text (one code point per byte, so offsets are byte offsets) with
 * RE_COMPILE_BYTES set, which gives sre's bytes rules (fix_flags, no \u \U
 * \N, ASCII classes and case folding); results go back to bytes here.  And
 * what sub() does when repl and string differ in kind: the join's TypeError. */
#include <string.h>

#include "re/re.h"
#include "re/re_template.h"
#include "text/utf8.h"

pv *re_bytes_text(arena *a, const pv *b)
{
    size_t n = b->s.len, hi = 0;
    for (size_t i = 0; i < n; i++)
        hi += (unsigned char)b->s.p[i] >= 0x80;
    char *out = arena_alloc(a, n + hi + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)utf8_put((unsigned char)b->s.p[i], out + o);
    out[o] = '\0';
    return pv_str_take_n(a, out, o, n);
}

/* str -> bytes of its code points (all below 256: Latin-1 text of bytes). */
static pv *text_bytes(arena *a, const pv *s)
{
    char *out = arena_alloc(a, s->s.len + 1);
    size_t o = 0;
    for (size_t i = 0; i < s->s.len;)
        out[o++] = (char)(utf8_next(s->s.p, &i) & 0xff);
    return pv_bytes(a, out, o);
}

pv *re_text_bytes(arena *a, pv *v)
{
    if (v->kind == PV_STR)
        return text_bytes(a, v);
    if (v->kind == PV_LIST)
        for (size_t i = 0; i < v->l.len; i++)
            v->l.items[i] = re_text_bytes(a, v->l.items[i]);
    return v;
}

pv *re_match_bytes(arena *a, pv *m)
{
    if (m->kind != PV_DICT)
        return m;
    for (size_t i = 0; i < m->d.len; i++) {
        const pv *k = m->d.items[i].key;
        pv **val = &m->d.items[i].val;
        if (k->s.len == 5 && !memcmp(k->s.p, "group", 5))
            *val = re_text_bytes(a, *val);
        else if (k->s.len == 6 && !memcmp(k->s.p, "groups", 6))
            *val = re_text_bytes(a, *val);
        else if (k->s.len == 9 && !memcmp(k->s.p, "groupdict", 9))
            for (size_t j = 0; j < (*val)->d.len; j++)
                (*val)->d.items[j].val = re_text_bytes(a, (*val)->d.items[j].val);
    }
    return m;
}

int re_sub_kinds(re_pattern *p, bool pattern_bytes, const pv *repl, bool repl_bytes, const pv *string,
                 bool string_bytes, const pv *count, arena *a, py_err *err)
{
    if (count->kind == PV_INT && !pv_int_small(count))
        return 0; /* re_sub's OverflowError comes first: the argument */
    re_template t = {0};
    bool literal = !memchr(repl->s.p, '\\', repl->s.len);
    if (!literal && re_template_parse(a, repl, p, &t, err) < 0) /* _subx compiles the template first */
        return -1;
    if (pattern_bytes != string_bytes)
        return py_raise(err, a, "TypeError",
                        pattern_bytes ? "cannot use a bytes pattern on a string-like object"
                                      : "cannot use a string pattern on a bytes-like object");
    if (repl_bytes == string_bytes || (count->kind == PV_INT && pv_int_sign(count) < 0))
        return 0;
    /* the first item of the wrong kind in the list the join sees */
    long k = -1;
    bool groups = false;
    for (size_t i = 0; i < t.n; i++)
        groups |= t.items[i].group >= 0;
    if (groups) { /* expand_template: [literal?, group, literal?, ...] */
        long idx = 0;
        for (size_t i = 0; i < t.n && k < 0; i++) {
            if (t.items[i].group >= 0)
                idx++;
            else if (t.items[i].len)
                k = idx;
        }
        if (k < 0)
            return 0; /* only groups: the string's kind throughout */
    }
    pv *m;
    if (re_search(p, string, pv_int(a, 0), pv_none(), RE_MODE_SEARCH, a, &m, err) < 0)
        return -1;
    if (m->kind == PV_NONE)
        return 0;
    if (!groups) { /* a literal: [slice before the first match if any, repl, ...] */
        const pv *sp = pv_dict_getc(m, "span");
        k = pv_int_sign(sp->l.items[0]) > 0 ? 1 : 0;
    }
    return py_raise(err, a, "TypeError",
                    string_bytes ? "sequence item %ld: expected a bytes-like object, str found"
                                 : "sequence item %ld: expected str instance, bytes found",
                    k);
}

void re_error_ascii(arena *a, py_err *err)
{
    if (!err->type || strcmp(err->type, "re.error") != 0)
        return;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < err->msg_len;) {
        uint32_t c = utf8_next(err->msg, &i);
        if (c < 0x80)
            strbuf_putc(&sb, (char)c);
        else
            strbuf_printf(&sb, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
    }
    err->msg = arena_strndup(a, sb.data ? sb.data : "", sb.len); /* pos and the rest stay */
    err->msg_len = sb.len;
    strbuf_free(&sb);
}
