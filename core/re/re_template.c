/* sub() replacement templates: _parser.parse_template of CPython 3.11 on
 * the parser's own Tokenizer (re_lex.h), with the same errors and
 * positions. */
#include "re/re_template.h"

#include <string.h>

#include "re/re_lex.h"
#include "re/re_parse.h"
#include "re/re_util.h"
#include "text/utf8.h"

typedef struct tstate {
    arena *a;
    re_lexer lx;
    const re_pattern *p;
    re_template *out;
    size_t cap;      /* of out->items */
    re_u32s literal; /* the literal text since the last group */
} tstate;

static void add_item(tstate *t, re_titem it)
{
    re_template *o = t->out;
    o->items = re_grow(t->a, o->items, o->n, &t->cap, sizeof *o->items, 8);
    o->items[o->n++] = it;
}

static void flush(tstate *t)
{
    if (!t->literal.len)
        return;
    size_t len;
    char *s = re_utf8_a(t->a, t->literal.p, t->literal.len, &len);
    add_item(t, (re_titem){-1, s, len, t->literal.len});
    t->literal.len = 0;
}

static void lappend(tstate *t, uint32_t c)
{
    re_u32s_push(t->a, &t->literal, c);
}

/* addgroup(index, pos) */
static int addgroup(tstate *t, long index, long pos)
{
    if (index > t->p->groups)
        return re_lex_error(&t->lx, pos, "invalid group reference %ld", index);
    flush(t);
    add_item(t, (re_titem){(int)index, NULL, 0, 0});
    return 0;
}

/* "\g" read: "<name>" or "<number>". */
static int group_by_name(tstate *t)
{
    if (!re_lex_next_is(&t->lx, '<'))
        return re_lex_error(&t->lx, 0, "missing <");
    if (re_lex_next(&t->lx) < 0)
        return -1;
    re_u32s name;
    if (re_lex_getuntil(&t->lx, '>', "group name", &name) < 0)
        return -1;
    long index = -1;
    if (re_isidentifier(name.p, name.len)) {
        size_t blen;
        char *b = re_utf8_a(t->a, name.p, name.len, &blen);
        for (size_t i = 0; i < t->p->nnames; i++)
            if (t->p->names[i].len == blen && memcmp(t->p->names[i].name, b, blen) == 0)
                index = t->p->names[i].gid;
        if (index < 0)
            return py_raise(t->lx.err, t->a, "IndexError", "unknown group name %s",
                            re_repr_a(t->a, name.p, name.len));
    } else {
        uint64_t v;
        if (re_lex_group_number(&t->lx, &name, &v) < 0)
            return -1;
        index = (long)v;
    }
    return addgroup(t, index, (long)name.len + 1);
}

/* "\d" read (d a digit, not 0): an octal escape of three digits or a group
 * number of one or two. */
static int digits_escape(tstate *t, uint32_t c)
{
    uint32_t digs[3] = {c, 0, 0};
    int nd = 1;
    if (t->lx.next_len == 1 && re_is_digit(t->lx.next)) {
        digs[nd++] = t->lx.next;
        if (re_lex_next(&t->lx) < 0)
            return -1;
        if (re_is_oct(c) && re_is_oct(digs[1]) && t->lx.next_len == 1 && re_is_oct(t->lx.next)) {
            digs[nd++] = t->lx.next;
            if (re_lex_next(&t->lx) < 0)
                return -1;
            uint32_t v = (digs[0] - '0') * 64 + (digs[1] - '0') * 8 + (digs[2] - '0');
            if (v > 0377)
                return re_lex_error(&t->lx, 4, "octal escape value \\%c%c%c outside of range 0-0o377",
                                    (char)digs[0], (char)digs[1], (char)digs[2]);
            lappend(t, v);
            return 0;
        }
    }
    long index = 0;
    for (int k = 0; k < nd; k++)
        index = index * 10 + (digs[k] - '0');
    return addgroup(t, index, nd);
}

/* One escape token "\c" read. */
static int escape(tstate *t, uint32_t c)
{
    if (c == 'g')
        return group_by_name(t);
    if (c == '0') {
        uint32_t v = 0;
        for (int k = 0; k < 2 && t->lx.next_len == 1 && re_is_oct(t->lx.next); k++) {
            v = v * 8 + (t->lx.next - '0');
            if (re_lex_next(&t->lx) < 0)
                return -1;
        }
        lappend(t, v & 0xff);
        return 0;
    }
    if (re_is_digit(c))
        return digits_escape(t, c);
    uint32_t v;
    if (re_lex_simple_escape(c, &v)) {
        lappend(t, v);
        return 0;
    }
    if (re_is_ascii_letter(c))
        return re_lex_error(&t->lx, 2, "bad escape \\%c", (char)c);
    lappend(t, '\\');
    lappend(t, c);
    return 0;
}

int re_template_parse(arena *a, const pv *repl, const re_pattern *p, re_template *out, py_err *err)
{
    memset(out, 0, sizeof *out);
    tstate t = {.a = a, .p = p, .out = out};
    if (!memchr(repl->s.p, '\\', repl->s.len)) { /* a literal replacement */
        if (repl->s.len)
            add_item(&t, (re_titem){-1, repl->s.p, repl->s.len, repl->s.ncp});
        return 0;
    }
    uint32_t *u = arena_alloc(a, (repl->s.ncp + 1) * sizeof *u);
    size_t n = 0;
    for (size_t i = 0; i < repl->s.len;)
        u[n++] = utf8_next(repl->s.p, &i);
    if (re_lex_init(&t.lx, a, err, u, n) < 0)
        return -1;
    for (;;) {
        re_token this;
        if (re_lex_get(&t.lx, &this) < 0)
            return -1;
        if (this.len == 0)
            break;
        if (this.len == 1)
            lappend(&t, this.c);
        else if (escape(&t, this.c) < 0)
            return -1;
    }
    flush(&t);
    return 0;
}
