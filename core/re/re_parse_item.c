/* The items of a pattern that are not groups: character sets ("[...]",
 * _parse's set handling and _uniq) and repeats ("*", "+", "?", "{m,n}" and
 * their lazy and possessive forms), with CPython's errors and positions. */
#include <string.h>

#include "re/re_parse_int.h"
#include "re/re_util.h"

void re_setv_push(arena *a, re_setv *s, re_setitem it)
{
    s->p = re_grow(a, s->p, s->len, &s->cap, sizeof *s->p, 8);
    s->p[s->len++] = it;
}

bool re_setitem_eq(const re_setitem *x, const re_setitem *y)
{
    return x->op == y->op && x->lo == y->lo && x->hi == y->hi;
}

void re_setv_uniq(re_setv *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->len; i++) {
        bool dup = false;
        for (size_t j = 0; j < o && !dup; j++)
            dup = re_setitem_eq(&s->p[j], &s->p[i]);
        if (!dup)
            s->p[o++] = s->p[i];
    }
    s->len = o;
}

static bool is_repeat_op(uint8_t op)
{
    return op == RE_MAX_REPEAT || op == RE_MIN_REPEAT || op == RE_POSSESSIVE_REPEAT;
}

/* A class item that is not a range: a category or a literal. */
static void push_single(arena *a, re_setv *set, re_code c)
{
    re_setv_push(a, set, (re_setitem){c.kind == RE_C_IN ? RE_SI_CATEGORY : RE_SI_LITERAL, c.v, 0});
}

/* A class item's token as a code. */
static int class_code(re_pstate *st, re_token t, re_code *c)
{
    if (t.len == 2)
        return re_parse_escape(st, t, true, c);
    *c = (re_code){RE_C_LIT, t.c};
    return 0;
}

int re_parse_class(re_pstate *st, long here, re_seq *sub)
{
    re_setv set = {0};
    int negate = re_lex_match(&st->lx, '^');
    if (negate < 0)
        return -1;
    for (;;) {
        re_token t;
        if (re_lex_get(&st->lx, &t) < 0)
            return -1;
        if (t.len == 0)
            return re_lex_error(&st->lx, re_lex_tell(&st->lx) - here, "unterminated character set");
        if (re_token_is(t, ']') && set.len)
            break;
        re_code c1;
        if (class_code(st, t, &c1) < 0)
            return -1;
        int m = re_lex_match(&st->lx, '-');
        if (m < 0)
            return -1;
        if (m) {
            re_token that;
            if (re_lex_get(&st->lx, &that) < 0)
                return -1;
            if (that.len == 0)
                return re_lex_error(&st->lx, re_lex_tell(&st->lx) - here, "unterminated character set");
            if (re_token_is(that, ']')) {
                push_single(st->a, &set, c1);
                re_setv_push(st->a, &set, (re_setitem){RE_SI_LITERAL, '-', 0});
                break;
            }
            re_code c2;
            if (class_code(st, that, &c2) < 0)
                return -1;
            if (c1.kind != RE_C_LIT || c2.kind != RE_C_LIT || c2.v < c1.v) {
                re_u32s a = {0};
                re_u32s_push_token(st->a, &a, t);
                size_t la = a.len;
                re_u32s_push(st->a, &a, '-');
                re_u32s_push_token(st->a, &a, that);
                return re_lex_error(&st->lx, (long)(la + 1 + (size_t)that.len), "bad character range %s",
                                    re_u32s_utf8(st->a, &a));
            }
            re_setv_push(st->a, &set, (re_setitem){RE_SI_RANGE, c1.v, c2.v});
        } else {
            push_single(st->a, &set, c1);
        }
    }
    re_setv_uniq(&set);
    if (set.len == 1 && set.p[0].op == RE_SI_LITERAL) {
        re_node *n = re_node_lit(st->a, set.p[0].lo);
        if (negate)
            n->op = RE_NOT_LITERAL;
        re_seq_push(st->a, sub, n);
        return 0;
    }
    re_node *n = re_node_new(st->a, RE_IN);
    if (negate) {
        re_setitem *items = arena_alloc(st->a, (set.len + 1) * sizeof(re_setitem));
        items[0] = (re_setitem){RE_SI_NEGATE, 0, 0};
        memcpy(items + 1, set.p, set.len * sizeof(re_setitem));
        n->in.items = items;
        n->in.n = set.len + 1;
    } else {
        n->in.items = set.p;
        n->in.n = set.len;
    }
    re_seq_push(st->a, sub, n);
    return 0;
}

/* Digits of a {m,n} bound -> value; OverflowError when >= MAXREPEAT. */
static int repeat_bound(re_pstate *st, const re_u32s *d, uint32_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < d->len; i++) {
        x = x * 10 + (d->p[i] - '0');
        if (x >= RE_MAXREPEAT) {
            py_raise(st->err, st->a, "OverflowError", "the repetition number is too large");
            return -1;
        }
    }
    *v = (uint32_t)x;
    return 0;
}

int re_parse_repeat(re_pstate *st, re_token this, re_seq *sub, bool *literal_brace)
{
    *literal_brace = false;
    long here = re_lex_tell(&st->lx);
    uint32_t min, max;
    if (re_token_is(this, '?'))
        min = 0, max = 1;
    else if (re_token_is(this, '*'))
        min = 0, max = RE_MAXREPEAT;
    else if (re_token_is(this, '+'))
        min = 1, max = RE_MAXREPEAT;
    else {
        if (re_lex_next_is(&st->lx, '}')) {
            *literal_brace = true;
            return 0;
        }
        min = 0, max = RE_MAXREPEAT;
        re_u32s lo = {0}, hi = {0};
        while (st->lx.next_len == 1 && re_is_digit(st->lx.next)) {
            re_u32s_push(st->a, &lo, st->lx.next);
            if (re_lex_next(&st->lx) < 0)
                return -1;
        }
        int m = re_lex_match(&st->lx, ',');
        if (m < 0)
            return -1;
        if (m) {
            while (st->lx.next_len == 1 && re_is_digit(st->lx.next)) {
                re_u32s_push(st->a, &hi, st->lx.next);
                if (re_lex_next(&st->lx) < 0)
                    return -1;
            }
        } else {
            hi = lo;
        }
        m = re_lex_match(&st->lx, '}');
        if (m < 0)
            return -1;
        if (!m) {
            *literal_brace = true;
            return re_lex_seek(&st->lx, (size_t)here);
        }
        if (lo.len && repeat_bound(st, &lo, &min) < 0)
            return -1;
        if (hi.len) {
            if (repeat_bound(st, &hi, &max) < 0)
                return -1;
            if (max < min)
                return re_lex_error(&st->lx, re_lex_tell(&st->lx) - here,
                                    "min repeat greater than max repeat");
        }
    }
    re_node *last = sub->len ? sub->items[sub->len - 1] : NULL;
    if (!last || last->op == RE_AT)
        return re_lex_error(&st->lx, re_lex_tell(&st->lx) - here + this.len, "nothing to repeat");
    if (is_repeat_op(last->op))
        return re_lex_error(&st->lx, re_lex_tell(&st->lx) - here + this.len, "multiple repeat");
    re_seq *item;
    if (last->op == RE_SUBPATTERN && !last->sub.group && !last->sub.add && !last->sub.del) {
        item = last->sub.p;
    } else {
        item = re_seq_new(st->a);
        re_seq_push(st->a, item, last);
    }
    re_op op = RE_MAX_REPEAT;
    int m = re_lex_match(&st->lx, '?');
    if (m < 0)
        return -1;
    if (m) {
        op = RE_MIN_REPEAT;
    } else {
        m = re_lex_match(&st->lx, '+');
        if (m < 0)
            return -1;
        if (m)
            op = RE_POSSESSIVE_REPEAT;
    }
    re_node *r = re_node_new(st->a, op);
    r->rep.min = min;
    r->rep.max = max;
    r->rep.item = item;
    sub->items[sub->len - 1] = r;
    return 0;
}
