/* Pattern.match(string, pos, endpos) with pos > endpos.  sre then starts at
 * pos with the end of the string before it: every operation that reads a
 * character fails, but zero-width ones are still evaluated (\b looks at the
 * character before pos, a multi-line $ at the one at pos), so the answer
 * can be an empty match at pos.  PCRE2 cannot start past its subject's end,
 * so this file evaluates the parsed pattern the way sre's opcodes behave
 * there: a backtracking walk where nothing moves. */
#include <string.h>

#include "re/re_int.h"
#include "re/re_parse.h"
#include "re/re_util.h"
#include "text/unicode.h"
#include "text/utf8.h"

typedef struct zctx {
    re_parsed *rp;
    uint32_t before, at; /* the characters at pos - 1 and pos (0 when none) */
    bool has_before, has_at;
    size_t endpos;
    bool *set;     /* groups closed on the current path */
    int lastindex; /* -1: none */
    arena *a;
} zctx;

typedef struct zcont {
    int kind; /* 0: continue a sequence; 1: close a group */
    const re_seq *s;
    size_t i;
    int flags, group;
    const struct zcont *next;
} zcont;

static bool is_word(uint32_t c, bool ascii)
{
    if (ascii)
        return c < 128 && (c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'));
    return c == '_' || unicode_isalnum(c);
}

static int combine(int flags, int add, int del)
{
    if (add & RE_TYPE_FLAGS)
        flags &= ~RE_TYPE_FLAGS;
    return (flags | add) & ~del;
}

static bool at_ok(const zctx *z, uint8_t at, int flags)
{
    bool ml = (flags & RE_F_MULTILINE) != 0, ascii = (flags & RE_F_ASCII) != 0;
    switch (at) {
    case RE_AT_BEGINNING: return ml && z->has_before && z->before == '\n';
    case RE_AT_BEGINNING_STRING: return false;
    case RE_AT_END: return ml && z->has_at && z->at == '\n';
    case RE_AT_END_STRING: return false;
    case RE_AT_BOUNDARY: return z->endpos != 0 && z->has_before && is_word(z->before, ascii);
    case RE_AT_NON_BOUNDARY: return z->endpos != 0 && !(z->has_before && is_word(z->before, ascii));
    default: return false;
    }
}

/* A repeat of one character is sre's REPEAT_ONE: it fails outright here. */
static bool simple(const re_seq *s)
{
    if (s->len != 1)
        return false;
    const re_node *n = s->items[0];
    if (n->op == RE_SUBPATTERN)
        return !n->sub.group && simple(n->sub.p);
    return n->op == RE_LITERAL || n->op == RE_NOT_LITERAL || n->op == RE_ANY || n->op == RE_IN;
}

static int run(zctx *z, const re_seq *s, size_t i, int flags, const zcont *k);

static int cont(zctx *z, const zcont *k)
{
    if (!k)
        return 1;
    if (k->kind == 1) {
        z->set[k->group] = true;
        z->lastindex = k->group;
        return cont(z, k->next);
    }
    return run(z, k->s, k->i, k->flags, k->next);
}

typedef struct saved {
    bool *set;
    int lastindex;
} saved;

static saved save(zctx *z, arena *a)
{
    saved sv = {arena_alloc(a, (size_t)z->rp->groups + 1), z->lastindex};
    memcpy(sv.set, z->set, (size_t)z->rp->groups + 1);
    return sv;
}

static void restore(zctx *z, const saved *sv)
{
    memcpy(z->set, sv->set, (size_t)z->rp->groups + 1);
    z->lastindex = sv->lastindex;
}

static int run(zctx *z, const re_seq *s, size_t i, int flags, const zcont *k)
{
    if (i == s->len)
        return cont(z, k);
    const re_node *n = s->items[i];
    zcont rest = {0, s, i + 1, flags, 0, k};
    switch (n->op) {
    case RE_AT: return at_ok(z, n->at, flags) ? run(z, s, i + 1, flags, k) : 0;
    case RE_SUBPATTERN: {
        zcont close = {1, NULL, 0, 0, n->sub.group, &rest};
        return run(z, n->sub.p, 0, combine(flags, n->sub.add, n->sub.del), n->sub.group ? &close : &rest);
    }
    case RE_BRANCH:
        for (size_t b = 0; b < n->branch.n; b++) {
            saved sv = save(z, z->a);
            if (run(z, n->branch.alts[b], 0, flags, &rest))
                return 1;
            restore(z, &sv);
        }
        return 0;
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT: {
        if (simple(n->rep.item))
            return 0;
        saved sv = save(z, z->a);
        if (n->rep.min > 0 || n->op == RE_POSSESSIVE_REPEAT) {
            if (n->op == RE_POSSESSIVE_REPEAT) { /* commit to what the body does */
                if (run(z, n->rep.item, 0, flags, NULL))
                    return run(z, s, i + 1, flags, k);
                restore(z, &sv);
                return n->rep.min == 0 ? run(z, s, i + 1, flags, k) : 0;
            }
            return run(z, n->rep.item, 0, flags, &rest);
        }
        if (n->op == RE_MAX_REPEAT) {
            if (run(z, n->rep.item, 0, flags, &rest))
                return 1;
            restore(z, &sv);
            return run(z, s, i + 1, flags, k);
        }
        if (run(z, s, i + 1, flags, k))
            return 1;
        restore(z, &sv);
        return run(z, n->rep.item, 0, flags, &rest);
    }
    case RE_ATOMIC_GROUP: {
        saved sv = save(z, z->a);
        if (run(z, n->atomic, 0, flags, NULL))
            return run(z, s, i + 1, flags, k);
        restore(z, &sv);
        return 0;
    }
    case RE_GROUPREF_EXISTS: {
        const re_seq *b = z->set[n->cond.group] ? n->cond.yes : n->cond.no;
        return b ? run(z, b, 0, flags, &rest) : run(z, s, i + 1, flags, k);
    }
    case RE_ASSERT:
    case RE_ASSERT_NOT: {
        bool ok;
        saved sv = save(z, z->a);
        if (n->as.dir < 0) {
            unsigned __int128 lo, hi;
            re_seq_width(z->rp, n->as.p, &lo, &hi);
            ok = lo == 0 && run(z, n->as.p, 0, flags, NULL);
        } else {
            ok = run(z, n->as.p, 0, flags, NULL);
        }
        if (n->op == RE_ASSERT_NOT) {
            restore(z, &sv);
            ok = !ok;
        } else if (!ok) {
            restore(z, &sv);
        }
        return ok ? run(z, s, i + 1, flags, k) : 0;
    }
    default: return 0; /* characters and back-references cannot match past the end */
    }
}

int re_match_past_end(re_pattern *p, const pv *string, size_t pos, size_t endpos, arena *a, pv **out,
                      py_err *err)
{
    size_t n = p->src_ncp;
    uint32_t *u = arena_alloc(a, (n + 1) * sizeof *u);
    size_t k = 0;
    for (size_t i = 0; i < p->src_len;)
        u[k++] = utf8_next(p->src, &i);
    re_parsed rp;
    if (re_parse(a, u, k, p->flags_arg, &rp, err) < 0)
        return -1;
    zctx z = {0};
    z.rp = &rp;
    z.endpos = endpos;
    z.set = arena_calloc(a, (size_t)rp.groups + 1, 1);
    z.lastindex = -1;
    size_t b = utf8_offset(string->s.p, string->s.len, pos - 1), bb = b;
    z.before = utf8_next(string->s.p, &bb);
    z.has_before = true;
    if (pos < string->s.ncp) {
        z.at = utf8_next(string->s.p, &bb);
        z.has_at = true;
    }
    z.a = a;
    *out = pv_none();
    if (!run(&z, rp.p, 0, rp.flags, NULL))
        return 0;
    pv *d = pv_dict(a, 8), *groups = pv_list(a, (size_t)rp.groups), *spans = pv_list(a, (size_t)rp.groups);
    pv *empty = pv_str(a, "", 0);
    pv *sp = pv_list(a, 2);
    pv_list_push(a, sp, pv_int(a, (int64_t)pos));
    pv_list_push(a, sp, pv_int(a, (int64_t)pos));
    for (int g = 1; g <= rp.groups; g++) {
        pv *gs = pv_list(a, 2);
        pv_list_push(a, gs, pv_int(a, z.set[g] ? (int64_t)pos : -1));
        pv_list_push(a, gs, pv_int(a, z.set[g] ? (int64_t)pos : -1));
        pv_list_push(a, groups, z.set[g] ? empty : pv_none());
        pv_list_push(a, spans, gs);
    }
    pv *gd = pv_dict(a, p->nnames);
    for (size_t i = 0; i < p->nnames; i++)
        pv_dict_set(a, gd, pv_str(a, p->names[i].name, p->names[i].len), z.set[p->names[i].gid] ? empty : pv_none());
    pv_dict_setc(a, d, "group", empty);
    pv_dict_setc(a, d, "span", sp);
    pv_dict_setc(a, d, "groups", groups);
    pv_dict_setc(a, d, "spans", spans);
    pv_dict_setc(a, d, "groupdict", gd);
    pv_dict_setc(a, d, "lastindex", z.lastindex >= 0 ? pv_int(a, z.lastindex) : pv_none());
    pv_dict_setc(a, d, "lastgroup", z.lastindex >= 0 && p->groupnames[z.lastindex]
                                        ? pv_str(a, p->groupnames[z.lastindex], p->groupname_len[z.lastindex])
                                        : pv_none());
    *out = d;
    return 0;
}
