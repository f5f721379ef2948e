/* Lib/re/_parser.py in C: the tree of a pattern.  The structure follows
 * the Python source function by function (_parse_sub, _parse, parse,
 * SubPattern.getwidth) so that errors come out in the same order with the
 * same positions; escapes (re_parse_escape.c), groups (re_parse_group.c)
 * and sets and repeats (re_parse_item.c) have their own files, the
 * Tokenizer is re_lex.c.  Comments name the Python counterpart where it
 * helps. */
#include <string.h>

#include "re/re_parse_int.h"
#include "re/re_util.h"

#define MAXWIDTH (((unsigned __int128)1) << 64)

/* ------------------------------------------------------------ nodes */

re_seq *re_seq_new(arena *a)
{
    re_seq *s = arena_calloc(a, 1, sizeof *s);
    return s;
}

void re_seq_push(arena *a, re_seq *s, re_node *n)
{
    s->items = re_grow(a, s->items, s->len, &s->cap, sizeof(re_node *), 4);
    s->items[s->len++] = n;
}

re_node *re_node_new(arena *a, re_op op)
{
    re_node *n = arena_calloc(a, 1, sizeof *n);
    n->op = (uint8_t)op;
    return n;
}

re_node *re_node_lit(arena *a, uint32_t c)
{
    re_node *n = re_node_new(a, RE_LITERAL);
    n->ch = c;
    return n;
}

/* (op, av) equality as Python compares the items of alternatives: values
 * for literals, sets, anchors and back-references; identity for anything
 * holding a SubPattern. */
static bool node_eq(const re_node *x, const re_node *y)
{
    if (x == y)
        return true;
    if (x->op != y->op)
        return false;
    switch (x->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL:
        return x->ch == y->ch;
    case RE_ANY:
        return true;
    case RE_AT:
        return x->at == y->at;
    case RE_GROUPREF:
        return x->groupref == y->groupref;
    case RE_IN:
        if (x->in.n != y->in.n)
            return false;
        for (size_t i = 0; i < x->in.n; i++)
            if (!re_setitem_eq(&x->in.items[i], &y->in.items[i]))
                return false;
        return true;
    default:
        return false;
    }
}

/* ------------------------------------------------------------ queries */

static bool node_has_groups(const re_node *n)
{
    switch (n->op) {
    case RE_BRANCH:
        for (size_t i = 0; i < n->branch.n; i++)
            if (re_seq_has_groups(n->branch.alts[i]))
                return true;
        return false;
    case RE_SUBPATTERN:
        return n->sub.group || re_seq_has_groups(n->sub.p);
    case RE_ATOMIC_GROUP:
        return re_seq_has_groups(n->atomic);
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT:
        return re_seq_has_groups(n->rep.item);
    case RE_GROUPREF_EXISTS:
        return re_seq_has_groups(n->cond.yes) || (n->cond.no && re_seq_has_groups(n->cond.no));
    case RE_ASSERT:
    case RE_ASSERT_NOT:
        return re_seq_has_groups(n->as.p);
    default:
        return false;
    }
}

bool re_seq_has_groups(const re_seq *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (node_has_groups(s->items[i]))
            return true;
    return false;
}

/* _parser._UNITCODES: one character */
static bool unit(const re_node *n)
{
    return n->op == RE_LITERAL || n->op == RE_NOT_LITERAL || n->op == RE_ANY || n->op == RE_IN;
}

bool re_sre_simple(const re_seq *s)
{
    if (s->len != 1)
        return false;
    const re_node *n = s->items[0];
    if (n->op == RE_SUBPATTERN)
        return !n->sub.group && re_sre_simple(n->sub.p);
    return unit(n);
}

/* ------------------------------------------------------------ widths */

static unsigned __int128 capw(unsigned __int128 v)
{
    return v > MAXWIDTH ? MAXWIDTH : v;
}

void re_width(unsigned __int128 (*gw)[2], re_seq *s, unsigned __int128 *plo, unsigned __int128 *phi)
{
    if (s->has_width) {
        *plo = s->lo;
        *phi = s->hi;
        return;
    }
    unsigned __int128 lo = 0, hi = 0, i, j, l, h;
    for (size_t k = 0; k < s->len; k++) {
        re_node *n = s->items[k];
        switch (n->op) {
        case RE_BRANCH:
            i = MAXWIDTH;
            j = 0;
            for (size_t b = 0; b < n->branch.n; b++) {
                re_width(gw, n->branch.alts[b], &l, &h);
                if (l < i)
                    i = l;
                if (h > j)
                    j = h;
            }
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_ATOMIC_GROUP:
            re_width(gw, n->atomic, &i, &j);
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_SUBPATTERN:
            re_width(gw, n->sub.p, &i, &j);
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        case RE_MAX_REPEAT:
        case RE_MIN_REPEAT:
        case RE_POSSESSIVE_REPEAT:
            re_width(gw, n->rep.item, &i, &j);
            lo = capw(lo + capw(i * n->rep.min));
            if (n->rep.max == RE_MAXREPEAT && j)
                hi = MAXWIDTH;
            else
                hi = capw(hi + capw(j * n->rep.max));
            break;
        case RE_ANY:
        case RE_IN:
        case RE_LITERAL:
        case RE_NOT_LITERAL:
            lo = capw(lo + 1);
            hi = capw(hi + 1);
            break;
        case RE_GROUPREF:
            lo = capw(lo + gw[n->groupref][0]);
            hi = capw(hi + gw[n->groupref][1]);
            break;
        case RE_GROUPREF_EXISTS:
            re_width(gw, n->cond.yes, &i, &j);
            if (n->cond.no) {
                re_width(gw, n->cond.no, &l, &h);
                if (l < i)
                    i = l;
                if (h > j)
                    j = h;
            } else {
                i = 0;
            }
            lo = capw(lo + i);
            hi = capw(hi + j);
            break;
        default:
            break;
        }
    }
    s->lo = lo;
    s->hi = hi;
    s->has_width = true;
    *plo = lo;
    *phi = hi;
}

/* ------------------------------------------------------------ parser */

int re_parse_sub(re_pstate *st, bool verbose, int nested, re_seq **out)
{
    re_seq **items = NULL;
    size_t nitems = 0, cap = 0;
    for (;;) {
        re_seq *it;
        if (re_parse_seq(st, verbose, nested + 1, !nested && !nitems, &it) < 0)
            return -1;
        items = re_grow(st->a, items, nitems, &cap, sizeof(re_seq *), 4);
        items[nitems++] = it;
        int m = re_lex_match(&st->lx, '|');
        if (m < 0)
            return -1;
        if (!m)
            break;
        if (!nested)
            verbose = (st->flags & RE_F_VERBOSE) != 0;
    }
    if (nitems == 1) {
        *out = items[0];
        return 0;
    }
    re_seq *sub = re_seq_new(st->a);
    /* common prefix of all alternatives */
    for (;;) {
        re_node *prefix = NULL;
        bool all = true;
        for (size_t i = 0; i < nitems && all; i++) {
            if (!items[i]->len)
                all = false;
            else if (!prefix)
                prefix = items[i]->items[0];
            else if (!node_eq(items[i]->items[0], prefix))
                all = false;
        }
        if (!all)
            break;
        for (size_t i = 0; i < nitems; i++) {
            re_seq *s = items[i];
            memmove(s->items, s->items + 1, (s->len - 1) * sizeof(re_node *));
            s->len--;
            s->has_width = false;
        }
        re_seq_push(st->a, sub, prefix);
    }
    /* alternatives of single characters or sets -> one set */
    re_setv set = {0};
    bool ok = true;
    for (size_t i = 0; i < nitems && ok; i++) {
        if (items[i]->len != 1) {
            ok = false;
            break;
        }
        re_node *n = items[i]->items[0];
        if (n->op == RE_LITERAL)
            re_setv_push(st->a, &set, (re_setitem){RE_SI_LITERAL, n->ch, 0});
        else if (n->op == RE_IN && n->in.items[0].op != RE_SI_NEGATE)
            for (size_t k = 0; k < n->in.n; k++)
                re_setv_push(st->a, &set, n->in.items[k]);
        else
            ok = false;
    }
    if (ok) {
        re_setv_uniq(&set);
        re_node *n = re_node_new(st->a, RE_IN);
        n->in.items = set.p;
        n->in.n = set.len;
        re_seq_push(st->a, sub, n);
        *out = sub;
        return 0;
    }
    re_node *b = re_node_new(st->a, RE_BRANCH);
    b->branch.alts = items;
    b->branch.n = nitems;
    re_seq_push(st->a, sub, b);
    *out = sub;
    return 0;
}

static bool is_ws(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 11 || c == 12;
}

/* _parse's last step: non-capturing groups without flags are spliced
 * into their parent. */
static void splice_groups(arena *a, re_seq *sub)
{
    for (size_t i = sub->len; i-- > 0;) {
        re_node *n = sub->items[i];
        if (n->op == RE_SUBPATTERN && !n->sub.group && !n->sub.add && !n->sub.del) {
            re_seq *p = n->sub.p;
            size_t newlen = sub->len - 1 + p->len;
            if (newlen > sub->cap) {
                sub->items =
                    arena_realloc(a, sub->items, sub->cap * sizeof(re_node *), newlen * sizeof(re_node *));
                sub->cap = newlen;
            }
            memmove(sub->items + i + p->len, sub->items + i + 1, (sub->len - i - 1) * sizeof(re_node *));
            if (p->len)
                memcpy(sub->items + i, p->items, p->len * sizeof(re_node *));
            sub->len = newlen;
        }
    }
}

int re_parse_seq(re_pstate *st, bool verbose, int nested, bool first, re_seq **out)
{
    if (nested > 2 * RE_MAX_NESTING) {
        py_limit(st->err, st->a, "pattern nested too deeply (more than %d levels of groups)", RE_MAX_NESTING);
        return -1;
    }
    re_seq *sub = re_seq_new(st->a);
    for (;;) {
        re_token this = re_lex_peek(&st->lx);
        if (this.len == 0)
            break;
        if (re_token_is(this, '|') || re_token_is(this, ')'))
            break;
        if (re_lex_next(&st->lx) < 0)
            return -1;
        if (verbose) {
            if (this.len == 1 && is_ws(this.c))
                continue;
            if (re_token_is(this, '#')) {
                for (;;) {
                    if (re_lex_get(&st->lx, &this) < 0)
                        return -1;
                    if (this.len == 0 || re_token_is(this, '\n'))
                        break;
                }
                continue;
            }
        }
        if (this.len == 2) {
            re_code c;
            if (re_parse_escape(st, this, false, &c) < 0)
                return -1;
            re_seq_push(st->a, sub, re_code_node(st->a, c));
            continue;
        }
        switch (this.c) {
        case '[':
            if (re_parse_class(st, re_lex_tell(&st->lx) - 1, sub) < 0)
                return -1;
            break;
        case '*':
        case '+':
        case '?':
        case '{': {
            bool brace;
            if (re_parse_repeat(st, this, sub, &brace) < 0)
                return -1;
            if (brace)
                re_seq_push(st->a, sub, re_node_lit(st->a, '{'));
            break;
        }
        case '.':
            re_seq_push(st->a, sub, re_node_new(st->a, RE_ANY));
            break;
        case '(':
            if (re_parse_group(st, &verbose, nested, first, sub) < 0)
                return -1;
            break;
        case '^': {
            re_node *n = re_node_new(st->a, RE_AT);
            n->at = RE_AT_BEGINNING;
            re_seq_push(st->a, sub, n);
            break;
        }
        case '$': {
            re_node *n = re_node_new(st->a, RE_AT);
            n->at = RE_AT_END;
            re_seq_push(st->a, sub, n);
            break;
        }
        default:
            re_seq_push(st->a, sub, re_node_lit(st->a, this.c));
            break;
        }
    }
    splice_groups(st->a, sub);
    *out = sub;
    return 0;
}

int re_parse(arena *a, const uint32_t *pat, size_t n, int flags, re_parsed *out, py_err *err)
{
    re_pstate st = {0};
    st.a = a;
    st.err = err;
    st.flags = flags;
    st.gw_cap = 8;
    st.gw = arena_calloc(a, st.gw_cap, sizeof *st.gw);
    st.gw_set = arena_calloc(a, st.gw_cap, 1);
    st.ngroups = 1;
    st.gw_set[0] = false;
    st.lookbehindgroups = -1;
    if (re_lex_init(&st.lx, a, err, pat, n) < 0)
        return -1;
    re_seq *p;
    if (re_parse_sub(&st, (flags & RE_F_VERBOSE) != 0, 0, &p) < 0)
        return -1;
    /* fix_flags */
    int f = st.flags & ~RE_F_BYTES;
    if (st.flags & RE_F_BYTES) {
        if (f & RE_F_UNICODE)
            return py_raise(err, a, "ValueError", "cannot use UNICODE flag with a bytes pattern");
        if ((f & RE_F_LOCALE) && (f & RE_F_ASCII))
            return py_raise(err, a, "ValueError", "ASCII and LOCALE flags are incompatible");
    } else if (f & RE_F_LOCALE) {
        return py_raise(err, a, "ValueError", "cannot use LOCALE flag with a str pattern");
    } else if (!(f & RE_F_ASCII)) {
        f |= RE_F_UNICODE;
    } else if (f & RE_F_UNICODE) {
        return py_raise(err, a, "ValueError", "ASCII and UNICODE flags are incompatible");
    }
    if (st.lx.next_len != 0)
        return re_lex_error(&st.lx, 0, "unbalanced parenthesis");
    for (size_t i = 0; i < st.ngrefs; i++)
        if (st.grefs[i].g >= st.ngroups)
            return re_error(err, a, pat, n, st.grefs[i].pos, "invalid group reference %u", st.grefs[i].g);
    out->p = p;
    out->flags = f;
    out->groups = (int)st.ngroups - 1;
    out->names = st.names;
    out->nnames = st.nnames;
    out->gwidth = st.gw;
    out->groupnames = arena_calloc(a, st.ngroups, sizeof(char *));
    for (size_t i = 0; i < st.nnames; i++)
        out->groupnames[st.names[i].gid] = re_utf8_a(a, st.names[i].name, st.names[i].len, NULL);
    return 0;
}

void re_seq_width(re_parsed *rp, re_seq *s, unsigned __int128 *lo, unsigned __int128 *hi)
{
    re_width(rp->gwidth, s, lo, hi);
}
