/* Pattern.match(string, pos, endpos) with pos > endpos.  sre then starts at
 * pos with the end of the string before it: every operation that reads a
 * character fails, but zero-width ones are still evaluated (\b looks at the
 * character before pos, a multi-line $ at the one at pos), so the answer
 * can be an empty match at pos.  PCRE2 cannot start past its subject's end,
 * so this file evaluates the parsed pattern the way sre_lib.h's opcodes
 * behave there: a backtracking walk where nothing moves, with sre's marks
 * (set or not, all at pos; saved and restored where sre does), its REPEAT
 * contexts (count, last_ptr) and its possessive and atomic first matches. */
#include <string.h>

#include "base/config.h"
#include "re/re_callout.h"
#include "re/re_int.h"
#include "re/re_parse.h"
#include "re/re_util.h"
#include "text/unicode.h"
#include "text/utf8.h"

typedef struct zrep zrep;

typedef struct zctx {
    re_parsed *rp;
    uint32_t before, at; /* the characters at pos - 1 and pos (0 when none) */
    bool has_before, has_at;
    size_t endpos;
    /* sre's marks: all at pos, so a mark is set or NULL */
    bool *mark;
    int nmarks, lastmark, lastindex;
    zrep *repeat; /* state->repeat */
    int depth;    /* nested iterations of REPEATs */
    bool too_deep;
    size_t steps, max_steps; /* the walk's budget: re_match_limit, as PCRE2's */
    arena *a;
} zctx;

/* What follows: a sequence from item i, the end mark of a group, the
 * UNTIL of a REPEAT, or (NULL) SUCCESS. */
typedef struct zcont {
    int kind; /* K_SEQ, K_MARK, K_UNTIL */
    const re_seq *s;
    size_t i;
    int flags, mark;
    zrep *rep;
    const struct zcont *next;
} zcont;
enum { K_SEQ, K_MARK, K_UNTIL };

/* sre's SRE_REPEAT */
struct zrep {
    int count;
    bool last; /* last_ptr is pos (not NULL) */
    const re_node *n;
    int flags;
    const zcont *tail;
    zrep *prev;
};

/* Nested iterations of a REPEAT whose item holds groups, beyond which the
 * walk answers 422 (each costs C stack; sre's are on its heap). */
#define ZW_MAX_DEPTH 2000
/* Required iterations of a possessive repeat tried before giving up on
 * reaching a state that repeats itself. */
#define ZW_MAX_POSSESSIVE 10000

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
    bool ml = (flags & RE_F_MULTILINE) != 0, ascii = !(flags & RE_F_UNICODE);
    switch (at) {
    case RE_AT_BEGINNING:
        return ml && z->has_before && z->before == '\n';
    case RE_AT_BEGINNING_STRING:
        return false;
    case RE_AT_END:
        return ml && z->has_at && z->at == '\n';
    case RE_AT_END_STRING:
        return false;
    case RE_AT_BOUNDARY:
        return z->endpos != 0 && z->has_before && is_word(z->before, ascii);
    case RE_AT_NON_BOUNDARY:
        return z->endpos != 0 && !(z->has_before && is_word(z->before, ascii));
    default:
        return false;
    }
}

/* ---- sre's marks */

static void mark(zctx *z, int i)
{
    for (int j = re_sre_mark(&z->lastmark, &z->lastindex, i); j < i; j++)
        z->mark[j] = false;
    z->mark[i] = true;
}

static bool group_set(const zctx *z, int g)
{
    int j = 2 * (g - 1);
    return g > 0 && j + 1 < z->nmarks && j < z->lastmark && z->mark[j] && z->mark[j + 1];
}

/* LASTMARK_SAVE, and MARK_PUSH when `marks` */
typedef struct saved {
    bool *mark;
    int lastmark, lastindex;
} saved;

static saved save(zctx *z, bool marks)
{
    saved sv = {NULL, z->lastmark, z->lastindex};
    if (marks && z->lastmark >= 0) {
        sv.mark = arena_alloc(z->a, (size_t)z->lastmark + 1);
        memcpy(sv.mark, z->mark, (size_t)z->lastmark + 1);
    }
    return sv;
}

/* MARK_POP (when saved) and LASTMARK_RESTORE */
static void restore(zctx *z, const saved *sv)
{
    if (sv->mark)
        memcpy(z->mark, sv->mark, (size_t)sv->lastmark + 1);
    z->lastmark = sv->lastmark;
    z->lastindex = sv->lastindex;
}

/* ---- the walk: sre_lib.h's opcodes where nothing can be read */

static int run(zctx *z, const re_seq *s, size_t i, int flags, const zcont *k);
static int until(zctx *z, zrep *rep);

static int cont(zctx *z, const zcont *k)
{
    if (!k)
        return 1; /* SUCCESS */
    switch (k->kind) {
    case K_MARK:
        mark(z, k->mark);
        return cont(z, k->next);
    case K_UNTIL:
        return until(z, k->rep);
    default:
        return run(z, k->s, k->i, k->flags, k->next);
    }
}

/* An iteration of rep's item, then its UNTIL again. */
static int iterate(zctx *z, zrep *rep)
{
    if (z->depth >= ZW_MAX_DEPTH) {
        z->too_deep = true;
        return 0;
    }
    zcont k = {K_UNTIL, NULL, 0, 0, 0, rep, NULL};
    z->depth++;
    int r = run(z, rep->n->rep.item, 0, rep->flags, &k);
    z->depth--;
    return r;
}

/* MAX_UNTIL / MIN_UNTIL.  Every iteration here is empty: beyond the
 * minimum, only the first is tried (last_ptr was NULL). */
static int until(zctx *z, zrep *rep)
{
    z->repeat = rep;
    int count = rep->count + 1, min = (int)rep->n->rep.min;
    uint32_t max = rep->n->rep.max;
    bool more = (max == RE_MAXREPEAT || (uint32_t)count < max) && !rep->last;
    if (count < min) {
        rep->count = count;
        if (iterate(z, rep))
            return 1;
        rep->count = count - 1;
        return 0;
    }
    if (rep->n->op == RE_MAX_REPEAT) {
        if (more) {
            rep->count = count;
            saved sv = save(z, true);
            rep->last = true;
            int r = iterate(z, rep);
            rep->last = false;
            if (r)
                return 1;
            restore(z, &sv);
            rep->count = count - 1;
        }
        z->repeat = rep->prev;
        int r = cont(z, rep->tail);
        z->repeat = rep;
        return r;
    }
    z->repeat = rep->prev;
    saved sv = save(z, rep->prev != NULL);
    int r = cont(z, rep->tail);
    z->repeat = rep;
    if (r)
        return 1;
    restore(z, &sv);
    if (!more)
        return 0;
    rep->count = count;
    rep->last = true;
    r = iterate(z, rep);
    rep->last = false;
    if (r)
        return 1;
    rep->count = count - 1;
    return 0;
}

static bool same_state(const zctx *z, const saved *sv)
{
    return z->lastmark == sv->lastmark && z->lastindex == sv->lastindex &&
           (z->lastmark < 0 || memcmp(z->mark, sv->mark, (size_t)z->lastmark + 1) == 0);
}

/* POSSESSIVE_REPEAT of a non-simple item: each iteration its first match,
 * the required ones then at most one more; what follows in this context. */
static int possessive(zctx *z, const re_node *n, int flags, const zcont *rest)
{
    uint32_t count = 0;
    while (count < n->rep.min) {
        saved sv = save(z, true);
        if (!run(z, n->rep.item, 0, flags, NULL))
            return 0;
        count++;
        if (same_state(z, &sv)) /* the next ones go the same way */
            count = n->rep.min;
        else if (count >= ZW_MAX_POSSESSIVE) {
            z->too_deep = true;
            return 0;
        }
    }
    if (n->rep.max == RE_MAXREPEAT || count < n->rep.max) {
        saved sv = save(z, true);
        if (!run(z, n->rep.item, 0, flags, NULL))
            restore(z, &sv);
    }
    return cont(z, rest);
}

/* A REPEAT of an item without groups: no iteration changes the marks, so
 * only whether the item can match here matters. */
static int repeat_plain(zctx *z, const re_node *n, int flags, const zcont *rest)
{
    if (n->op == RE_MIN_REPEAT && n->rep.min == 0 && cont(z, rest))
        return 1;
    if (run(z, n->rep.item, 0, flags, NULL))
        return cont(z, rest);
    return n->op == RE_MAX_REPEAT && n->rep.min == 0 ? cont(z, rest) : 0;
}

static int repeat(zctx *z, const re_node *n, int flags, const zcont *rest)
{
    if (re_sre_simple(n->rep.item)) /* REPEAT_ONE (MIN_, POSSESSIVE_) checks min > end - ptr: < 0 here */
        return 0;
    if (n->op == RE_POSSESSIVE_REPEAT)
        return possessive(z, n, flags, rest);
    if (!re_seq_has_groups(n->rep.item))
        return repeat_plain(z, n, flags, rest);
    zrep rep = {-1, false, n, flags, rest, z->repeat};
    int r = until(z, &rep);
    z->repeat = rep.prev;
    return r;
}

static int branch(zctx *z, const re_node *n, int flags, const zcont *rest)
{
    saved sv = save(z, z->repeat != NULL);
    for (size_t b = 0; b < n->branch.n; b++) {
        if (run(z, n->branch.alts[b], 0, flags, rest))
            return 1;
        restore(z, &sv);
    }
    return 0;
}

/* ASSERT, ASSERT_NOT (a look-behind of width > 0 reads a character) */
static int assertion(zctx *z, const re_node *n, int flags, const zcont *rest)
{
    unsigned __int128 lo = 0, hi;
    if (n->as.dir < 0)
        re_seq_width(z->rp, n->as.p, &lo, &hi);
    if (n->op == RE_ASSERT)
        return lo == 0 && run(z, n->as.p, 0, flags, NULL) ? cont(z, rest) : 0;
    saved sv = save(z, z->repeat != NULL);
    if (lo == 0 && run(z, n->as.p, 0, flags, NULL))
        return 0;
    restore(z, &sv);
    return cont(z, rest);
}

static int run(zctx *z, const re_seq *s, size_t i, int flags, const zcont *k)
{
    if (++z->steps > z->max_steps) /* fails all the way out */
        return 0;
    if (i == s->len)
        return cont(z, k);
    const re_node *n = s->items[i];
    zcont rest = {K_SEQ, s, i + 1, flags, 0, NULL, k};
    switch (n->op) {
    case RE_AT: /* (not through `rest`: a long run of them must not grow the stack) */
        return at_ok(z, n->at, flags) ? run(z, s, i + 1, flags, k) : 0;
    case RE_SUBPATTERN: {
        int f = combine(flags, n->sub.add, n->sub.del);
        if (!n->sub.group)
            return run(z, n->sub.p, 0, f, &rest);
        zcont close = {K_MARK, NULL, 0, 0, 2 * (n->sub.group - 1) + 1, NULL, &rest};
        mark(z, 2 * (n->sub.group - 1));
        return run(z, n->sub.p, 0, f, &close);
    }
    case RE_BRANCH:
        return branch(z, n, flags, &rest);
    case RE_MAX_REPEAT:
    case RE_MIN_REPEAT:
    case RE_POSSESSIVE_REPEAT:
        return repeat(z, n, flags, &rest);
    case RE_ATOMIC_GROUP:
        return run(z, n->atomic, 0, flags, NULL) ? cont(z, &rest) : 0;
    case RE_GROUPREF_EXISTS: {
        const re_seq *b = group_set(z, n->cond.group) ? n->cond.yes : n->cond.no;
        return b ? run(z, b, 0, flags, &rest) : cont(z, &rest);
    }
    case RE_GROUPREF: /* an empty group matches */
        return group_set(z, n->groupref) ? run(z, s, i + 1, flags, k) : 0;
    case RE_ASSERT:
    case RE_ASSERT_NOT:
        return assertion(z, n, flags, &rest);
    default:
        return 0; /* a character cannot match past the end */
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
    z.nmarks = 2 * rp.groups;
    z.mark = arena_calloc(a, (size_t)z.nmarks + 1, 1);
    z.lastmark = z.lastindex = -1;
    z.max_steps = config.re_match_limit ? config.re_match_limit : 1;
    size_t b = utf8_offset(string->s.p, string->s.len, pos - 1), bb = b;
    z.before = utf8_next(string->s.p, &bb);
    z.has_before = true;
    if (pos < string->s.ncp) {
        z.at = utf8_next(string->s.p, &bb);
        z.has_at = true;
    }
    z.a = a;
    *out = pv_none();
    int r = run(&z, rp.p, 0, rp.flags, NULL);
    if (z.steps > z.max_steps)
        return re_match_error(PCRE2_ERROR_MATCHLIMIT, a, err);
    if (z.too_deep)
        return py_limit(err, a, "match() past endpos: zero-width repeats of groups nested deeper than %d",
                        ZW_MAX_DEPTH);
    if (!r)
        return 0;
    pv *d = pv_dict(a, 8), *groups = pv_list(a, (size_t)rp.groups), *spans = pv_list(a, (size_t)rp.groups);
    pv *empty = pv_str(a, "", 0);
    pv *sp = pv_list(a, 2);
    pv_list_push(a, sp, pv_int(a, (int64_t)pos));
    pv_list_push(a, sp, pv_int(a, (int64_t)pos));
    for (int g = 1; g <= rp.groups; g++) {
        pv *gs = pv_list(a, 2);
        bool set = group_set(&z, g);
        pv_list_push(a, gs, pv_int(a, set ? (int64_t)pos : -1));
        pv_list_push(a, gs, pv_int(a, set ? (int64_t)pos : -1));
        pv_list_push(a, groups, set ? empty : pv_none());
        pv_list_push(a, spans, gs);
    }
    pv *gd = pv_dict(a, p->nnames);
    for (size_t i = 0; i < p->nnames; i++)
        pv_dict_set(a, gd, pv_str(a, p->names[i].name, p->names[i].len),
                    group_set(&z, p->names[i].gid) ? empty : pv_none());
    pv_dict_setc(a, d, "group", empty);
    pv_dict_setc(a, d, "span", sp);
    pv_dict_setc(a, d, "groups", groups);
    pv_dict_setc(a, d, "spans", spans);
    pv_dict_setc(a, d, "groupdict", gd);
    pv_dict_setc(a, d, "lastindex", z.lastindex >= 0 ? pv_int(a, z.lastindex) : pv_none());
    pv_dict_setc(a, d, "lastgroup",
                 z.lastindex >= 0 && p->groupnames[z.lastindex]
                     ? pv_str(a, p->groupnames[z.lastindex], p->groupname_len[z.lastindex])
                     : pv_none());
    *out = d;
    return 0;
}
