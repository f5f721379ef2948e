#include "re/re_emit.h"

#include <stdio.h>
#include <string.h>

#include "re/re_class.h"

#define MAXCODE 0xFFFFFFFFu
#define PCRE2_MAX_REPEAT 65535u

typedef struct ubuf {
    uint32_t *p;
    size_t len, cap;
} ubuf;

typedef struct estate {
    arena *a;
    py_err *err;
    re_parsed *rp;
    ubuf out;
    bool ucp;
    bool marks;
    bool callouts;
    int behind; /* depth of look-behinds being emitted */
} estate;

static void put(estate *e, ubuf *b, uint32_t c)
{
    if (b->len == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        b->p = arena_realloc(e->a, b->p, b->cap * sizeof *b->p, nc * sizeof *b->p);
        b->cap = nc;
    }
    b->p[b->len++] = c;
}

static void puts_(estate *e, ubuf *b, const char *s)
{
    for (; *s; s++)
        put(e, b, (unsigned char)*s);
}

static void putf(estate *e, ubuf *b, const char *fmt, unsigned long v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, v);
    puts_(e, b, tmp);
}

static void put_hex(estate *e, ubuf *b, uint32_t c) { putf(e, b, "\\x{%lx}", c); }

static void put_char(estate *e, ubuf *b, uint32_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        put(e, b, c);
    else
        put_hex(e, b, c);
}

static void put_class(estate *e, ubuf *b, const re_rset *s, unsigned native, bool negate)
{
    if (!native && s->len == 1 && s->r[0][0] == s->r[0][1] && !negate) {
        put_char(e, b, s->r[0][0]);
        return;
    }
    if (!native && s->len == 0) { /* nothing (or, negated, everything) */
        puts_(e, b, negate ? "[\\x{0}-\\x{10ffff}]" : "[^\\x{0}-\\x{10ffff}]");
        return;
    }
    put(e, b, '[');
    if (negate)
        put(e, b, '^');
    for (size_t i = 0; i < s->len; i++) {
        put_hex(e, b, s->r[i][0]);
        if (s->r[i][1] != s->r[i][0]) {
            put(e, b, '-');
            put_hex(e, b, s->r[i][1]);
        }
    }
    static const char *const nat[] = {"\\d", "\\D", "", "", "\\w", "\\W"};
    for (unsigned k = 0; k < 6; k++)
        if (native & (1u << k)) {
            puts_(e, b, nat[k]);
            e->ucp = true;
        }
    put(e, b, ']');
}

static int combine_flags(int flags, int add, int del)
{
    if (add & RE_TYPE_FLAGS)
        flags &= ~RE_TYPE_FLAGS;
    return (flags | add) & ~del;
}

static const char ASCII_WORD[] = "[0-9A-Z_a-z]";

static int emit_seq(estate *e, ubuf *b, re_seq *s, int flags);

static bool seq_has_groups(const re_seq *s);

static bool node_has_groups(const re_node *n)
{
    switch (n->op) {
    case RE_BRANCH:
        for (size_t i = 0; i < n->branch.n; i++)
            if (seq_has_groups(n->branch.alts[i]))
                return true;
        return false;
    case RE_SUBPATTERN: return n->sub.group || seq_has_groups(n->sub.p);
    case RE_ATOMIC_GROUP: return seq_has_groups(n->atomic);
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT: return seq_has_groups(n->rep.item);
    case RE_GROUPREF_EXISTS: return seq_has_groups(n->cond.yes) || (n->cond.no && seq_has_groups(n->cond.no));
    case RE_ASSERT:
    case RE_ASSERT_NOT: return seq_has_groups(n->as.p);
    default: return false;
    }
}

static bool seq_has_groups(const re_seq *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (node_has_groups(s->items[i]))
            return true;
    return false;
}

/* One character-sized item that PCRE2 can quantify as it stands. */
static bool is_atom(const re_seq *s, int flags)
{
    if (s->len != 1)
        return false;
    const re_node *n = s->items[0];
    switch (n->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL:
    case RE_ANY:
    case RE_IN: return true;
    case RE_GROUPREF: return !(flags & RE_F_IGNORECASE);
    default: return false;
    }
}

static void put_quant(estate *e, ubuf *b, uint32_t min, uint32_t max, const char *sfx)
{
    if (min == 0 && max == RE_MAXREPEAT)
        put(e, b, '*');
    else if (min == 1 && max == RE_MAXREPEAT)
        put(e, b, '+');
    else if (min == 0 && max == 1)
        put(e, b, '?');
    else if (max == RE_MAXREPEAT)
        putf(e, b, "{%lu,}", min);
    else if (min == max)
        putf(e, b, "{%lu}", min);
    else {
        putf(e, b, "{%lu,", min);
        putf(e, b, "%lu}", max);
    }
    puts_(e, b, sfx);
}

static void put_buf(estate *e, ubuf *b, const ubuf *x)
{
    for (size_t i = 0; i < x->len; i++)
        put(e, b, x->p[i]);
}

/* X exactly c times, for counts beyond PCRE2's 65535 (X holds no group). */
static void put_exact(estate *e, ubuf *b, const ubuf *x, uint64_t c)
{
    if (c == 0)
        return;
    if (c <= PCRE2_MAX_REPEAT) {
        put_buf(e, b, x);
        putf(e, b, "{%lu}", (unsigned long)c);
        return;
    }
    ubuf y = {0};
    puts_(e, &y, "(?:");
    put_buf(e, &y, x);
    putf(e, &y, "{%lu})", PCRE2_MAX_REPEAT);
    put_exact(e, b, &y, c / PCRE2_MAX_REPEAT);
    put_exact(e, b, x, c % PCRE2_MAX_REPEAT);
}

/* X from 0 to c times. */
static void put_upto(estate *e, ubuf *b, const ubuf *x, uint64_t c, const char *sfx)
{
    if (c == 0)
        return;
    if (c <= PCRE2_MAX_REPEAT) {
        put_buf(e, b, x);
        putf(e, b, "{0,%lu}", (unsigned long)c);
        puts_(e, b, sfx);
        return;
    }
    ubuf y = {0};
    puts_(e, &y, "(?:");
    put_buf(e, &y, x);
    putf(e, &y, "{0,%lu}", PCRE2_MAX_REPEAT);
    puts_(e, &y, sfx);
    put(e, &y, ')');
    put_upto(e, b, &y, c / PCRE2_MAX_REPEAT, sfx);
    put_upto(e, b, x, c % PCRE2_MAX_REPEAT, sfx);
}

static const char *const REPEAT_NAMES[] = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"};

static int emit_repeat(estate *e, ubuf *b, re_node *n, int flags)
{
    if (flags & RE_F_TEMPLATE) {
        py_raise(e->err, e->a, "re.error", "internal: unsupported template operator %s",
                 REPEAT_NAMES[n->op - RE_MAX_REPEAT]);
        py_err_extra(e->err, e->a, "pos", pv_none());
        return -1;
    }
    const char *sfx = n->op == RE_MIN_REPEAT ? "?" : n->op == RE_POSSESSIVE_REPEAT ? "+" : "";
    uint32_t min = n->rep.min, max = n->rep.max;
    ubuf x = {0};
    bool atom = is_atom(n->rep.item, flags);
    if (!atom)
        puts_(e, &x, "(?:");
    if (emit_seq(e, &x, n->rep.item, flags) < 0)
        return -1;
    if (!atom)
        put(e, &x, ')');
    unsigned __int128 wlo, whi;
    re_seq_width(e->rp, n->rep.item, &wlo, &whi);
    if (whi == 0 && max > 0) {
        /* A zero-width item matches at most once in sre (a repeat stops
         * when an iteration did not advance): X{m,n} is X, X{0,n} is X or
         * nothing.  Spelt without a quantifier, which PCRE2 also accepts
         * inside look-behinds. */
        if (min > 0) {
            put_buf(e, b, &x);
        } else {
            puts_(e, b, n->op == RE_POSSESSIVE_REPEAT ? "(?>" : "(?:");
            if (n->op == RE_MIN_REPEAT)
                put(e, b, '|');
            put_buf(e, b, &x);
            if (n->op != RE_MIN_REPEAT)
                put(e, b, '|');
            put(e, b, ')');
        }
        return 0;
    }
    bool big = min > PCRE2_MAX_REPEAT || (max != RE_MAXREPEAT && max > PCRE2_MAX_REPEAT);
    if (!big) {
        put_buf(e, b, &x);
        put_quant(e, b, min, max, sfx);
        return 0;
    }
    if (seq_has_groups(n->rep.item))
        return py_limit(e->err, e->a, "repetition count above %u of a group with captures is not supported",
                        PCRE2_MAX_REPEAT);
    bool poss = n->op == RE_POSSESSIVE_REPEAT;
    if (poss)
        puts_(e, b, "(?>");
    const char *osfx = n->op == RE_MIN_REPEAT ? "?" : "";
    put_exact(e, b, &x, min);
    if (max == RE_MAXREPEAT) {
        put_buf(e, b, &x);
        put(e, b, '*');
        puts_(e, b, osfx);
    } else {
        put_upto(e, b, &x, (uint64_t)max - min, osfx);
    }
    if (poss)
        put(e, b, ')');
    return 0;
}

static void emit_at(estate *e, ubuf *b, uint8_t at, int flags)
{
    bool ascii = (flags & RE_F_ASCII) != 0;
    switch (at) {
    case RE_AT_BEGINNING: puts_(e, b, (flags & RE_F_MULTILINE) ? "(?m:^)" : "\\A"); break;
    case RE_AT_BEGINNING_STRING: puts_(e, b, "\\A"); break;
    case RE_AT_END: puts_(e, b, (flags & RE_F_MULTILINE) ? "(?m:$)" : "$"); break;
    case RE_AT_END_STRING: puts_(e, b, "\\z"); break;
    case RE_AT_BOUNDARY:
        if (ascii) {
            puts_(e, b, "(?:(?<=");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")(?!");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")|(?<!");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")(?=");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, "))");
        } else {
            puts_(e, b, "\\b");
            e->ucp = true;
        }
        break;
    case RE_AT_NON_BOUNDARY:
        /* sre: \B never matches in an empty string */
        if (ascii) {
            puts_(e, b, "(?!\\A\\z)(?:(?<=");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")(?=");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")|(?<!");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, ")(?!");
            puts_(e, b, ASCII_WORD);
            puts_(e, b, "))");
        } else {
            puts_(e, b, "(?!\\A\\z)\\B");
            e->ucp = true;
        }
        break;
    default: break;
    }
}

static int emit_node(estate *e, ubuf *b, re_node *n, int flags)
{
    bool ic = (flags & RE_F_IGNORECASE) != 0, ascii = (flags & RE_F_ASCII) != 0;
    switch (n->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL: {
        bool neg = n->op == RE_NOT_LITERAL;
        if (ic && re_iscased(n->ch, ascii)) {
            re_rset s = {0};
            re_case_literal(e->a, n->ch, ascii, &s);
            put_class(e, b, &s, 0, neg);
        } else if (neg) {
            puts_(e, b, "[^");
            put_hex(e, b, n->ch);
            put(e, b, ']');
        } else {
            put_char(e, b, n->ch);
        }
        return 0;
    }
    case RE_ANY: puts_(e, b, (flags & RE_F_DOTALL) ? "." : "\\N"); return 0;
    case RE_IN: {
        re_rset s;
        unsigned native;
        bool neg;
        re_class_set(e->a, n->in.items, n->in.n, ic, ascii, &s, &native, &neg);
        put_class(e, b, &s, native, neg);
        return 0;
    }
    case RE_AT: emit_at(e, b, n->at, flags); return 0;
    case RE_BRANCH:
        puts_(e, b, "(?:");
        for (size_t i = 0; i < n->branch.n; i++) {
            if (i)
                put(e, b, '|');
            if (emit_seq(e, b, n->branch.alts[i], flags) < 0)
                return -1;
        }
        put(e, b, ')');
        return 0;
    case RE_SUBPATTERN:
        puts_(e, b, n->sub.group ? "(" : "(?:");
        if (emit_seq(e, b, n->sub.p, combine_flags(flags, n->sub.add, n->sub.del)) < 0)
            return -1;
        put(e, b, ')');
        if (n->sub.group) {
            putf(e, b, "(*:%lu)", (unsigned long)n->sub.group);
            e->marks = true;
        }
        return 0;
    case RE_ATOMIC_GROUP:
        puts_(e, b, "(?>");
        if (emit_seq(e, b, n->atomic, flags) < 0)
            return -1;
        put(e, b, ')');
        return 0;
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT: return emit_repeat(e, b, n, flags);
    case RE_GROUPREF:
        if (ic && !(flags & RE_F_ASCII) && e->behind && e->rp->gwidth[n->groupref][0] == e->rp->gwidth[n->groupref][1]) {
            /* A look-behind needs a fixed width: the group's own. */
            putf(e, b, "(?>(?C{%lu})", (unsigned long)n->groupref);
            putf(e, b, "(?s:.){%lu})", (unsigned long)e->rp->gwidth[n->groupref][0]);
            e->callouts = true;
        } else if (ic && !(flags & RE_F_ASCII) && !e->behind) {
            /* sre compares lower(c) of each character (GROUPREF_UNI_IGNORE);
             * PCRE2 without UTF folds only ASCII.  The callout checks the
             * text ahead and fixes the end; the lazy dot walks to it. */
            putf(e, b, "(?>(?C{%lu})(?s:.)*?(?C" RE_CALLOUT_BREF_END_S "))", (unsigned long)n->groupref);
            e->callouts = true;
        } else if (ic) {
            putf(e, b, "(?i:\\g{%lu})", (unsigned long)n->groupref);
            e->ucp = true;
        } else {
            putf(e, b, "\\g{%lu}", (unsigned long)n->groupref);
        }
        return 0;
    case RE_GROUPREF_EXISTS:
        putf(e, b, "(?(%lu)", (unsigned long)n->cond.group);
        if (emit_seq(e, b, n->cond.yes, flags) < 0)
            return -1;
        if (n->cond.no) {
            put(e, b, '|');
            if (emit_seq(e, b, n->cond.no, flags) < 0)
                return -1;
        }
        put(e, b, ')');
        return 0;
    case RE_ASSERT:
    case RE_ASSERT_NOT: {
        bool pos = n->op == RE_ASSERT;
        if (n->as.dir < 0) {
            unsigned __int128 lo, hi;
            re_seq_width(e->rp, n->as.p, &lo, &hi);
            if (lo > MAXCODE || lo != hi) {
                py_raise(e->err, e->a, "re.error", "%s",
                         lo > MAXCODE ? "looks too much behind" : "look-behind requires fixed-width pattern");
                py_err_extra(e->err, e->a, "pos", pv_none());
                return -1;
            }
            puts_(e, b, pos ? "(?<=" : "(?<!");
        } else {
            puts_(e, b, pos ? "(?=" : "(?!");
        }
        e->behind += n->as.dir < 0;
        int rc = emit_seq(e, b, n->as.p, flags);
        e->behind -= n->as.dir < 0;
        if (rc < 0)
            return -1;
        put(e, b, ')');
        return 0;
    }
    default: return 0;
    }
}

static int emit_seq(estate *e, ubuf *b, re_seq *s, int flags)
{
    for (size_t i = 0; i < s->len; i++)
        if (emit_node(e, b, s->items[i], flags) < 0)
            return -1;
    return 0;
}

int re_emit(arena *a, re_parsed *rp, re_emitted *out, py_err *err)
{
    estate e = {0};
    e.a = a;
    e.err = err;
    e.rp = rp;
    if (emit_seq(&e, &e.out, rp->p, rp->flags) < 0)
        return -1;
    put(&e, &e.out, 0);
    out->pat = e.out.p;
    out->len = e.out.len - 1;
    out->ucp = e.ucp;
    out->marks = e.marks;
    out->callouts = e.callouts;
    return 0;
}
