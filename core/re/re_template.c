/* sub() replacement templates: _parser.parse_template and expand_template
 * of CPython 3.11, with the same errors and positions. */
#include "re/re_template.h"

#include <string.h>

#include "re/re_parse.h"
#include "re/re_util.h"
#include "text/utf8.h"

typedef struct tstate {
    arena *a;
    py_err *err;
    const uint32_t *s;
    size_t n, index;
    int next_len;
    uint32_t next;
} tstate;

static int terr(tstate *t, long offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int terr(tstate *t, long offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    re_verror(t->err, t->a, t->s, t->n, (long)t->index - t->next_len - offset, fmt, ap);
    va_end(ap);
    return -1;
}

static int tnext(tstate *t)
{
    size_t i = t->index;
    if (i >= t->n) {
        t->next_len = 0;
        return 0;
    }
    uint32_t c = t->s[i];
    if (c == '\\') {
        i++;
        if (i >= t->n)
            return re_error(t->err, t->a, t->s, t->n, (long)t->n - 1, "bad escape (end of pattern)");
        t->next = t->s[i];
        t->next_len = 2;
    } else {
        t->next = c;
        t->next_len = 1;
    }
    t->index = i + 1;
    return 0;
}

typedef struct lit {
    uint32_t *p;
    size_t len, cap;
} lit;

static void lit_push(arena *a, lit *l, uint32_t c)
{
    if (l->len == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 32;
        l->p = arena_realloc(a, l->p, l->cap * sizeof *l->p, nc * sizeof *l->p);
        l->cap = nc;
    }
    l->p[l->len++] = c;
}

static void add_item(arena *a, re_template *t, size_t *cap, re_titem it)
{
    if (t->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        t->items = arena_realloc(a, t->items, *cap * sizeof *t->items, nc * sizeof *t->items);
        *cap = nc;
    }
    t->items[t->n++] = it;
}

static void flush(arena *a, re_template *t, size_t *cap, lit *l)
{
    if (!l->len)
        return;
    size_t len;
    char *s = re_utf8_a(a, l->p, l->len, &len);
    add_item(a, t, cap, (re_titem){-1, s, len, l->len});
    l->len = 0;
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_oct(uint32_t c) { return c >= '0' && c <= '7'; }

int re_template_parse(arena *a, const pv *repl, const re_pattern *p, re_template *out, py_err *err)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    if (!memchr(repl->s.p, '\\', repl->s.len)) { /* a literal replacement */
        if (repl->s.len)
            add_item(a, out, &cap, (re_titem){-1, repl->s.p, repl->s.len, repl->s.ncp});
        return 0;
    }
    tstate t = {0};
    t.a = a;
    t.err = err;
    uint32_t *u = arena_alloc(a, (repl->s.ncp + 1) * sizeof *u);
    for (size_t i = 0; i < repl->s.len;)
        u[t.n++] = utf8_next(repl->s.p, &i);
    t.s = u;
    if (tnext(&t) < 0)
        return -1;
    lit l = {0};
    for (;;) {
        int tl = t.next_len;
        uint32_t c = t.next;
        if (tl == 0)
            break;
        if (tnext(&t) < 0)
            return -1;
        if (tl == 1) {
            lit_push(a, &l, c);
            continue;
        }
        long index;
        long pos;
        if (c == 'g') {
            if (!(t.next_len == 1 && t.next == '<'))
                return terr(&t, 0, "missing <");
            if (tnext(&t) < 0)
                return -1;
            /* getuntil(">", "group name") */
            lit name = {0};
            for (;;) {
                int nl = t.next_len;
                uint32_t nc = t.next;
                if (tnext(&t) < 0)
                    return -1;
                if (nl == 0) {
                    if (!name.len)
                        return terr(&t, 0, "missing group name");
                    return terr(&t, (long)name.len, "missing >, unterminated name");
                }
                if (nl == 1 && nc == '>') {
                    if (!name.len)
                        return terr(&t, 1, "missing group name");
                    break;
                }
                if (nl == 2)
                    lit_push(a, &name, '\\');
                lit_push(a, &name, nc);
            }
            if (re_isidentifier(name.p, name.len)) {
                index = -1;
                size_t blen;
                char *b = re_utf8_a(a, name.p, name.len, &blen);
                for (size_t i = 0; i < p->nnames; i++)
                    if (p->names[i].len == blen && memcmp(p->names[i].name, b, blen) == 0)
                        index = p->names[i].gid;
                if (index < 0)
                    return py_raise(err, a, "IndexError", "unknown group name %s", re_repr_a(a, name.p, name.len));
            } else {
                bool neg;
                const char *digits;
                if (!re_pyint(a, name.p, name.len, &neg, &digits) || (neg && strcmp(digits, "0") != 0))
                    return terr(&t, (long)name.len + 1, "bad character in group name %s",
                                re_repr_a(a, name.p, name.len));
                uint64_t v = re_digits_value(digits);
                if (v >= RE_MAXGROUPS)
                    return terr(&t, (long)name.len + 1, "invalid group reference %s", digits);
                index = (long)v;
            }
            pos = (long)name.len + 1;
        } else if (c == '0') {
            uint32_t v = 0;
            for (int k = 0; k < 2 && t.next_len == 1 && is_oct(t.next); k++) {
                v = v * 8 + (t.next - '0');
                if (tnext(&t) < 0)
                    return -1;
            }
            lit_push(a, &l, v & 0xff);
            continue;
        } else if (is_digit(c)) {
            uint32_t digs[3] = {c, 0, 0};
            int nd = 1;
            if (t.next_len == 1 && is_digit(t.next)) {
                digs[nd++] = t.next;
                if (tnext(&t) < 0)
                    return -1;
                if (is_oct(c) && is_oct(digs[1]) && t.next_len == 1 && is_oct(t.next)) {
                    digs[nd++] = t.next;
                    if (tnext(&t) < 0)
                        return -1;
                    uint32_t v = (digs[0] - '0') * 64 + (digs[1] - '0') * 8 + (digs[2] - '0');
                    if (v > 0377)
                        return terr(&t, 4, "octal escape value \\%c%c%c outside of range 0-0o377", (char)digs[0],
                                    (char)digs[1], (char)digs[2]);
                    lit_push(a, &l, v);
                    continue;
                }
            }
            index = 0;
            for (int k = 0; k < nd; k++)
                index = index * 10 + (digs[k] - '0');
            pos = nd;
        } else {
            uint32_t v;
            switch (c) {
            case 'a': v = 7; break;
            case 'b': v = 8; break;
            case 'f': v = 12; break;
            case 'n': v = 10; break;
            case 'r': v = 13; break;
            case 't': v = 9; break;
            case 'v': v = 11; break;
            case '\\': v = '\\'; break;
            default:
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                    return terr(&t, 2, "bad escape \\%c", (char)c);
                lit_push(a, &l, '\\');
                lit_push(a, &l, c);
                continue;
            }
            lit_push(a, &l, v);
            continue;
        }
        /* addgroup(index, pos) */
        if (index > p->groups)
            return terr(&t, pos, "invalid group reference %ld", index);
        flush(a, out, &cap, &l);
        add_item(a, out, &cap, (re_titem){(int)index, NULL, 0, 0});
    }
    flush(a, out, &cap, &l);
    return 0;
}
