/* The translation to PCRE2 (see re_emit.h) of every node but repeats
 * (re_emit_repeat.c). */
#include "re/re_emit_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "re/re_class.h"
#include "re/re_util.h"

#define MAXCODE 0xFFFFFFFFu

void re_ubuf_put(re_estate *e, re_ubuf *b, uint32_t c)
{
    b->p = re_grow(e->a, b->p, b->len, &b->cap, sizeof *b->p, 64);
    b->p[b->len++] = c;
}

void re_ubuf_puts(re_estate *e, re_ubuf *b, const char *s)
{
    for (; *s; s++)
        re_ubuf_put(e, b, (unsigned char)*s);
}

void re_ubuf_putf(re_estate *e, re_ubuf *b, const char *fmt, unsigned long v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, v);
    re_ubuf_puts(e, b, tmp);
}

void re_ubuf_append(re_estate *e, re_ubuf *b, const re_ubuf *x)
{
    for (size_t i = 0; i < x->len; i++)
        re_ubuf_put(e, b, x->p[i]);
}

void re_emit_callout(re_estate *e, re_ubuf *b, bool undoable, const char *fmt, ...)
{
    char text[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (undoable)
        re_ubuf_puts(e, b, "(?:");
    re_ubuf_puts(e, b, "(?C{");
    re_ubuf_puts(e, b, text);
    re_ubuf_puts(e, b, "})");
    if (undoable) {
        re_ubuf_puts(e, b, "|(?C{U})(*F))");
        e->undoable++;
    }
    e->callouts = true;
}

static void put_hex(re_estate *e, re_ubuf *b, uint32_t c)
{
    re_ubuf_putf(e, b, "\\x{%lx}", c);
}

static void put_char(re_estate *e, re_ubuf *b, uint32_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        re_ubuf_put(e, b, c);
    else
        put_hex(e, b, c);
}

static void put_class(re_estate *e, re_ubuf *b, const re_rset *s, unsigned native, bool negate)
{
    if (!native && s->len == 1 && s->r[0][0] == s->r[0][1] && !negate) {
        put_char(e, b, s->r[0][0]);
        return;
    }
    if (!native && s->len == 0) { /* nothing (or, negated, everything) */
        re_ubuf_puts(e, b, negate ? "[\\x{0}-\\x{10ffff}]" : "[^\\x{0}-\\x{10ffff}]");
        return;
    }
    re_ubuf_put(e, b, '[');
    if (negate)
        re_ubuf_put(e, b, '^');
    for (size_t i = 0; i < s->len; i++) {
        put_hex(e, b, s->r[i][0]);
        if (s->r[i][1] != s->r[i][0]) {
            re_ubuf_put(e, b, '-');
            put_hex(e, b, s->r[i][1]);
        }
    }
    static const char *const nat[] = {"\\d", "\\D", "", "", "\\w", "\\W"};
    for (unsigned k = 0; k < 6; k++)
        if (native & (1u << k)) {
            re_ubuf_puts(e, b, nat[k]);
            e->ucp = true;
        }
    re_ubuf_put(e, b, ']');
}

static int combine_flags(int flags, int add, int del)
{
    if (add & RE_TYPE_FLAGS)
        flags &= ~RE_TYPE_FLAGS;
    return (flags | add) & ~del;
}

/* \b and \B in ASCII mode: a word character on one side only, or on both
 * sides or neither (and \B never in an empty string, as in sre). */
#define AW "[0-9A-Z_a-z]"
static const char ASCII_BOUNDARY[] = "(?:(?<=" AW ")(?!" AW ")|(?<!" AW ")(?=" AW "))";
static const char ASCII_NON_BOUNDARY[] = "(?!\\A\\z)(?:(?<=" AW ")(?=" AW ")|(?<!" AW ")(?!" AW "))";
#undef AW

static void emit_at(re_estate *e, re_ubuf *b, uint8_t at, int flags)
{
    bool ascii = !(flags & RE_F_UNICODE), ml = (flags & RE_F_MULTILINE) != 0;
    const char *const text[] = {
        [RE_AT_BEGINNING] = ml ? "(?m:^)" : "\\A",
        [RE_AT_BEGINNING_STRING] = "\\A",
        [RE_AT_BOUNDARY] = ascii ? ASCII_BOUNDARY : "\\b",
        [RE_AT_NON_BOUNDARY] = ascii ? ASCII_NON_BOUNDARY : "(?!\\A\\z)\\B",
        [RE_AT_END] = ml ? "(?m:$)" : "$",
        [RE_AT_END_STRING] = "\\z",
    };
    if (at >= sizeof text / sizeof text[0])
        return;
    re_ubuf_puts(e, b, text[at]);
    if ((at == RE_AT_BOUNDARY || at == RE_AT_NON_BOUNDARY) && !ascii)
        e->ucp = true;
}

static void emit_groupref(re_estate *e, re_ubuf *b, int g, int flags)
{
    bool ic = (flags & RE_F_IGNORECASE) != 0;
    if (e->sre_marks)
        re_emit_marks_groupref(e, b, g, flags);
    else if (ic && (flags & RE_F_UNICODE) && e->behind && e->rp->gwidth[g][0] == e->rp->gwidth[g][1]) {
        /* A look-behind needs a fixed width: the group's own. */
        re_ubuf_putf(e, b, "(?>(?C{%lu})", (unsigned long)g);
        re_ubuf_putf(e, b, "(?s:.){%lu})", (unsigned long)e->rp->gwidth[g][0]);
        e->callouts = true;
    } else if (ic && (flags & RE_F_UNICODE) && !e->behind) {
        /* sre compares lower(c) of each character (GROUPREF_UNI_IGNORE);
         * PCRE2 without UTF folds only ASCII.  The callout checks the
         * text ahead and fixes the end; the lazy dot walks to it. */
        re_ubuf_putf(e, b, "(?>(?C{%lu})(?s:.)*?(?C" RE_CALLOUT_BREF_END_S "))", (unsigned long)g);
        e->callouts = true;
    } else if (ic) {
        re_ubuf_putf(e, b, "(?i:\\g{%lu})", (unsigned long)g);
        e->ucp = true;
    } else {
        re_ubuf_putf(e, b, "\\g{%lu}", (unsigned long)g);
    }
}

/* PCRE2's longest look-behind; beyond, look-behinds nest (see emit_assert) */
#define LB_MAX 65535u
#define LB_MAX_LEVELS 512u /* PCRE2 finds ~700 nested look-behinds "too complicated" */

/* A look-ahead or look-behind (atomic in PCRE2, as in sre).  sre matches a
 * look-behind of width w forward from w characters back; wider than PCRE2
 * allows, that is what is emitted: look-behinds nested `levels` deep that
 * only step back (\C{c} each: one code unit, whatever the flags; a group
 * such as (?s:.){c} would be copied c times), around a look-ahead of the
 * pattern at p - w (the pattern's own width brings it back to p). */
static int emit_assert(re_estate *e, re_ubuf *b, re_node *n, int flags)
{
    bool pos = n->op == RE_ASSERT;
    re_ubuf x = {0};
    unsigned long levels = 0, w = 0;
    if (n->as.dir < 0) {
        unsigned __int128 lo, hi;
        re_seq_width(e->rp, n->as.p, &lo, &hi);
        if (lo > MAXCODE || lo != hi) {
            py_raise(e->err, e->a, "re.error", "%s",
                     lo > MAXCODE ? "looks too much behind" : "look-behind requires fixed-width pattern");
            py_err_extra(e->err, e->a, "pos", pv_none());
            return -1;
        }
        w = (unsigned long)lo;
        levels = w > LB_MAX ? (w + LB_MAX - 1) / LB_MAX : 0;
        if (levels > LB_MAX_LEVELS)
            return py_limit(e->err, e->a,
                            "regular expression not supported by the engine (a look-behind of more than %u "
                            "characters)",
                            LB_MAX * LB_MAX_LEVELS);
        if (!levels)
            re_ubuf_puts(e, &x, pos ? "(?<=" : "(?<!");
    } else {
        re_ubuf_puts(e, &x, pos ? "(?=" : "(?!");
    }
    if (levels) {
        e->no_jit = true;
        re_ubuf_puts(e, &x, pos ? "" : "(?!");
        re_emit_callout(e, &x, false, "%c%lu", RE_CO_BEHIND, w); /* sre's first check, at once */
        for (unsigned long i = 0; i < levels; i++)
            re_ubuf_puts(e, &x, "(?<=");
        re_ubuf_puts(e, &x, "(?=");
    }
    size_t before = e->undoable;
    int saved = e->behind;
    e->behind = levels ? 0 : e->behind + (n->as.dir < 0); /* the long form matches ahead */
    int rc = re_emit_seq(e, &x, n->as.p, flags);
    e->behind = saved;
    if (rc < 0)
        return -1;
    re_ubuf_put(e, &x, ')');
    for (unsigned long i = 0; i < levels; i++)
        re_ubuf_putf(e, &x, "\\C{%lu})", i ? LB_MAX : w - (levels - 1) * (unsigned long)LB_MAX);
    if (levels && !pos)
        re_ubuf_put(e, &x, ')');
    if (!pos && e->sre_marks)
        re_emit_marks_not(e, b, &x, e->undoable != before);
    else
        re_emit_atomic(e, b, &x, e->undoable != before);
    return 0;
}

static int emit_node(re_estate *e, re_ubuf *b, re_node *n, int flags)
{
    bool ic = (flags & RE_F_IGNORECASE) != 0, ascii = !(flags & RE_F_UNICODE);
    switch (n->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL: {
        bool neg = n->op == RE_NOT_LITERAL;
        if (ic && re_iscased(n->ch, ascii)) {
            re_rset s = {0};
            re_case_literal(e->a, n->ch, ascii, &s);
            put_class(e, b, &s, 0, neg);
        } else if (neg) {
            re_ubuf_puts(e, b, "[^");
            put_hex(e, b, n->ch);
            re_ubuf_put(e, b, ']');
        } else {
            put_char(e, b, n->ch);
        }
        return 0;
    }
    case RE_ANY:
        re_ubuf_puts(e, b, (flags & RE_F_DOTALL) ? "." : "\\N");
        return 0;
    case RE_IN: {
        re_rset s;
        unsigned native;
        bool neg;
        re_class_set(e->a, n->in.items, n->in.n, ic, ascii, &s, &native, &neg);
        put_class(e, b, &s, native, neg);
        return 0;
    }
    case RE_AT:
        emit_at(e, b, n->at, flags);
        return 0;
    case RE_BRANCH:
        if (e->sre_marks)
            return re_emit_marks_branch(e, b, n, flags);
        re_ubuf_puts(e, b, "(?:");
        for (size_t i = 0; i < n->branch.n; i++) {
            if (i)
                re_ubuf_put(e, b, '|');
            if (re_emit_seq(e, b, n->branch.alts[i], flags) < 0)
                return -1;
        }
        re_ubuf_put(e, b, ')');
        return 0;
    case RE_SUBPATTERN:
        if (e->sre_marks && n->sub.group)
            return re_emit_marks_group(e, b, n, combine_flags(flags, n->sub.add, n->sub.del));
        re_ubuf_puts(e, b, n->sub.group ? "(" : "(?:");
        if (re_emit_seq(e, b, n->sub.p, combine_flags(flags, n->sub.add, n->sub.del)) < 0)
            return -1;
        re_ubuf_put(e, b, ')');
        if (n->sub.group) {
            re_ubuf_putf(e, b, "(*:%lu)", (unsigned long)n->sub.group);
            e->marks = true;
        }
        return 0;
    case RE_ATOMIC_GROUP: {
        size_t before = e->undoable;
        re_ubuf x = {0};
        re_ubuf_puts(e, &x, "(?>");
        if (re_emit_seq(e, &x, n->atomic, flags) < 0)
            return -1;
        re_ubuf_put(e, &x, ')');
        re_emit_atomic(e, b, &x, e->undoable != before);
        return 0;
    }
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT:
        return re_emit_repeat(e, b, n, flags);
    case RE_GROUPREF:
        emit_groupref(e, b, n->groupref, flags);
        return 0;
    case RE_GROUPREF_EXISTS:
        if (e->sre_marks)
            re_emit_marks_condition(e, b, n->cond.group);
        else
            re_ubuf_putf(e, b, "(?(%lu)", (unsigned long)n->cond.group);
        if (re_emit_seq(e, b, n->cond.yes, flags) < 0)
            return -1;
        if (n->cond.no) {
            re_ubuf_put(e, b, '|');
            if (re_emit_seq(e, b, n->cond.no, flags) < 0)
                return -1;
        }
        re_ubuf_put(e, b, ')');
        return 0;
    case RE_ASSERT:
    case RE_ASSERT_NOT:
        return emit_assert(e, b, n, flags);
    default:
        return 0;
    }
}

int re_emit_seq(re_estate *e, re_ubuf *b, re_seq *s, int flags)
{
    for (size_t i = 0; i < s->len; i++)
        if (emit_node(e, b, s->items[i], flags) < 0)
            return -1;
    return 0;
}

/* The category mode sre compiles a set's \d \w \s with (_compile_charset). */
static int cat_mode(int flags)
{
    return (flags & RE_F_LOCALE) ? 2 : (flags & RE_F_UNICODE) ? 1 : 0;
}

/* sre's search skips every position where the charset of the pattern's INFO
 * block does not match (Lib/re/_compiler.py, _compile_info and
 * _get_charset_prefix): the leading set, found through leading groups, but
 * compiled with the pattern's global flags rather than those of the group
 * that holds it.  The leading IN node when that matters -- it holds a
 * category and its group changes the category mode, as \W in (?a:...) of
 * a str pattern -- else NULL. */
static re_node *info_charset(re_parsed *rp)
{
    unsigned __int128 lo, hi;
    re_seq_width(rp, rp->p, &lo, &hi);
    int flags = rp->flags;
    if (lo == 0 || ((flags & RE_F_IGNORECASE) && (flags & RE_F_LOCALE)))
        return NULL;
    re_seq *s = rp->p;
    re_node *n;
    for (;;) {
        if (s->len == 0)
            return NULL;
        n = s->items[0];
        if (n->op != RE_SUBPATTERN)
            break;
        if (n->sub.add & RE_TYPE_FLAGS)
            flags &= ~RE_TYPE_FLAGS;
        flags = (flags | n->sub.add) & ~n->sub.del;
        if ((flags & RE_F_IGNORECASE) && (flags & RE_F_LOCALE))
            return NULL;
        s = n->sub.p;
    }
    if (n->op != RE_IN || cat_mode(flags) == cat_mode(rp->flags))
        return NULL;
    bool ascii = (flags & RE_F_ASCII) != 0, category = false;
    for (size_t i = 0; i < n->in.n; i++) {
        const re_setitem *it = &n->in.items[i];
        category |= it->op == RE_SI_CATEGORY;
        if (!(flags & RE_F_IGNORECASE))
            continue;
        if (it->op == RE_SI_LITERAL && re_iscased(it->lo, ascii))
            return NULL;
        if (it->op == RE_SI_RANGE) {
            if (it->hi > 0xFFFF)
                return NULL;
            for (uint32_t c = it->lo; c <= it->hi; c++)
                if (re_iscased(c, ascii))
                    return NULL;
        }
    }
    return category ? n : NULL;
}

int re_emit(arena *a, re_parsed *rp, re_emitted *out, py_err *err)
{
    re_estate e = {0};
    e.a = a;
    e.err = err;
    e.rp = rp;
    e.sre_marks = re_marks_needed(rp);
    if (e.sre_marks) /* sre's RESET_CAPTURE_GROUP at each start position */
        re_emit_callout(&e, &e.out, false, "%c", RE_CO_RESET);
    out->info_at = e.out.len;
    out->info = NULL;
    out->info_len = 0;
    re_node *in = info_charset(rp);
    if (in) { /* the set as INFO compiles it: global flags, no case folding */
        re_ubuf info = {0};
        re_ubuf_puts(&e, &info, "(?=");
        if (emit_node(&e, &info, in, rp->flags & ~RE_F_IGNORECASE) < 0)
            return -1;
        re_ubuf_put(&e, &info, ')');
        out->info = info.p;
        out->info_len = info.len;
    }
    if (re_emit_seq(&e, &e.out, rp->p, rp->flags) < 0)
        return -1;
    re_ubuf_put(&e, &e.out, 0);
    out->pat = e.out.p;
    out->len = e.out.len - 1;
    out->ucp = e.ucp;
    out->marks = e.marks;
    out->callouts = e.callouts;
    out->nreps = e.nreps;
    out->sre_marks = e.sre_marks;
    out->no_jit = e.no_jit;
    return 0;
}
