/* Matching: PCRE2 on the subject's code points (re_subject.h), the
 * runaway-backtracking guard, the scanning loops of sre (Python 3.7+ empty-match rules),
 * and the JSON forms of the results. */
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "re/re_callout.h"
#include "re/re_int.h"
#include "re/re_run.h"
#include "re/re_subject.h"
#include "re/re_template.h"

/* ------------------------------------------------------------ matcher */

/* Runaway backtracking.  PCRE2's match limit (re_match_limit) holds at each
 * start position only; a search tries up to n positions.  So a search
 * first runs with the limit lowered to budget / n per position, which
 * bounds the whole scan and costs nothing on ordinary patterns.  When that
 * lowered limit is hit, the matcher turns careful: it repeats the search
 * with the full limit on the variant of the code that calls re_callout
 * at each start position, which ends the request once re_time_limit
 * seconds have passed.  Anchored matches try one position: the full limit.
 *
 * The request's budget (base/budget.h) bounds both phases too: the first
 * scan, which nothing interrupts, gets no more steps than the time left
 * allows (PCRE2_STEPS_PER_SECOND, a low estimate of the JIT's speed), so a
 * short budget (the server's inline slice) turns careful early; the careful
 * phase stops at the budget's deadline as at re_time_limit's. */
#define PHASE1_BUDGET_FACTOR 40 /* scan budget = this many full per-position limits */
#define PHASE1_MIN_LIMIT 100
#define PCRE2_STEPS_PER_SECOND 1e8

typedef struct matcher {
    re_pattern *p;
    re_mode mode;
    pcre2_code *code, *gcode; /* gcode: the guarded search code, once careful */
    bool jit, gjit;
    bool careful;
    uint32_t limit, fast_limit;
    re_callout_state *co;
    bool makes_matches; /* each match makes a Match object (sub: only for a template with groups) */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    re_subject S;
    size_t endpos;
    size_t window; /* exec_windows: start positions per window (0: not yet) */
    PCRE2_SIZE *ov;
    bool mctx_set, set_guarded; /* what exec last set in mctx */
    uint32_t set_limit;
} matcher;

static void md_free(void *md)
{
    pcre2_match_data_free(md);
}

static int matcher_init(matcher *m, re_pattern *p, re_mode mode, const pv *string, bool many, arena *a,
                        py_err *err)
{
    memset(m, 0, sizeof *m);
    m->p = p;
    m->mode = mode;
    m->co = re_callout_new(p, clock_monotonic() + config.re_time_limit, a);
    m->makes_matches = true;
    if (string->s.len > UINT32_MAX)
        return py_limit(err, a, "string too long for the regex engine (more than 4 GiB)");
    m->code = re_pattern_code(p, (int)mode, &m->jit, a, err);
    if (!m->code)
        return -1;
    size_t L = config.re_match_limit;
    m->limit = L == 0 ? 1 : L > UINT32_MAX ? UINT32_MAX : (uint32_t)L;
    double left = budget_remaining(), scan = (double)m->limit * PHASE1_BUDGET_FACTOR;
    if (left * PCRE2_STEPS_PER_SECOND < scan)
        scan = left > 0 ? left * PCRE2_STEPS_PER_SECOND : 0;
    uint64_t fast = (uint64_t)scan / (string->s.ncp + 1);
    if (fast < PHASE1_MIN_LIMIT)
        fast = PHASE1_MIN_LIMIT;
    m->fast_limit = fast > m->limit ? m->limit : (uint32_t)fast;
    /* the careful phase stops at re_time_limit, or at the budget's deadline when that comes first */
    if (left < config.re_time_limit) {
        m->co->deadline = clock_monotonic() + left;
        m->co->budget_deadline = true;
    }
    m->mctx = re_thread_mctx();
    m->md = pcre2_match_data_create((uint32_t)p->groups + 1, NULL);
    if (!m->mctx || !m->md) {
        pcre2_match_data_free(m->md);
        return py_limit(err, a, "out of memory for regular expression matching");
    }
    arena_defer(a, md_free, m->md);
    m->ov = pcre2_get_ovector_pointer(m->md);
    re_subject_init(&m->S, string, many, a);
    m->endpos = m->S.n;
    return 0;
}

static inline int exec(matcher *m, pcre2_code *code, bool jit, size_t start, uint32_t opts, uint32_t limit)
{
    bool guarded = code == m->gcode;
    if (!m->mctx_set || limit != m->set_limit || guarded != m->set_guarded) {
        /* the thread's context is this matcher's until the request ends */
        pcre2_set_match_limit(m->mctx, limit);
        pcre2_set_callout(m->mctx, guarded || m->p->callouts ? re_callout : NULL, m->co);
        m->mctx_set = true;
        m->set_limit = limit;
        m->set_guarded = guarded;
    }
    re_callout_reset(m->co, limit, guarded);
    if (jit)
        return pcre2_jit_match(code, m->S.u, m->endpos, start, opts, m->md, m->mctx);
    return pcre2_match(code, m->S.u, m->endpos, start, opts, m->md, m->mctx);
}

/* Group g's span (PCRE2_UNSET when the group did not match): PCRE2's
 * captures, or sre's marks when the pattern keeps them. */
static void group_span(const matcher *m, int g, PCRE2_SIZE *s, PCRE2_SIZE *e)
{
    if (g && m->p->sre_marks) {
        re_callout_group(m->co, g, s, e);
        return;
    }
    *s = m->ov[2 * g];
    *e = m->ov[2 * g + 1];
}

/* sre 3.11 can report a failed attempt's mark as a group's start after its
 * end; making the Match object then raises this. */
static int check_spans(const matcher *m, arena *a, py_err *err)
{
    for (int g = 1; m->p->sre_marks && g <= m->p->groups; g++) {
        PCRE2_SIZE s, e;
        group_span(m, g, &s, &e);
        if (s != PCRE2_UNSET && s > e)
            return py_raise(err, a, "SystemError",
                            "The span of capturing group is wrong, please report a bug for the re module.");
    }
    return 0;
}

/* The first scan of a search, by windows of start positions.  The match
 * limit counts steps, and one step may scan far (a look-ahead's repeat runs
 * over the rest of the subject at every start position).  So a long subject
 * is searched a window at a time (PCRE2_USE_OFFSET_LIMIT: the first match
 * found is the same) and the clock read between windows: past the deadline
 * the search ends as the careful phase's does.  A window is held to
 * WINDOW_WORK character steps at worst (each position scanning the rest of
 * the subject) and halved after a slow one.  *start and *opts follow it. */
#define WINDOW_MIN 16
#define WINDOW_MAX (1u << 20)
#define WINDOW_WORK ((size_t)1 << 30)
#define WINDOW_SLOW 0.002 /* seconds: a window this slow halves the next */

static int exec_windows(matcher *m, size_t *start, uint32_t *opts)
{
    double t0 = 0; /* the clock is read once a window has failed: not per match of a findall */
    for (;;) {
        size_t rest = m->endpos - *start, w = WINDOW_WORK / (rest ? rest : 1);
        w = w < WINDOW_MIN ? WINDOW_MIN : w > WINDOW_MAX ? WINDOW_MAX : w;
        if (m->window && m->window < w)
            w = m->window;
        bool last = rest <= w;
        pcre2_set_offset_limit(m->mctx, last ? PCRE2_UNSET : *start + w);
        int rc = exec(m, m->code, m->jit, *start, *opts, m->fast_limit);
        if (last || rc != PCRE2_ERROR_NOMATCH) {
            pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
            return rc;
        }
        double t1 = clock_monotonic();
        if (t1 >= m->co->deadline) {
            pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
            m->co->expired = true;
            return PCRE2_ERROR_CALLOUT;
        }
        *start += w + 1; /* positions start .. start + w had no match */
        *opts &= ~(uint32_t)PCRE2_NOTEMPTY_ATSTART; /* it held at the first start only */
        if (t0 > 0 && t1 - t0 > WINDOW_SLOW)
            m->window = w / 2 > WINDOW_MIN ? w / 2 : WINDOW_MIN;
        else if (m->window)
            m->window = w * 2;
        t0 = t1;
    }
}

/* 1 match (ovector set), 0 none, -1 error */
static int matcher_run(matcher *m, size_t start, uint32_t opts, arena *a, py_err *err)
{
    int rc = 0;
    if (m->mode != RE_MODE_SEARCH) {
        rc = exec(m, m->code, m->jit, start, opts, m->limit);
    } else {
        if (!m->careful) {
            rc = exec_windows(m, &start, &opts);
            if (rc == PCRE2_ERROR_NOMATCH) /* the usual answers first, as below */
                return 0;
            if (rc > 0)
                return m->makes_matches && check_spans(m, a, err) < 0 ? -1 : 1;
            if (rc == PCRE2_ERROR_CALLOUT && m->co->over_budget)
                rc = PCRE2_ERROR_MATCHLIMIT;
            if (rc == PCRE2_ERROR_MATCHLIMIT && m->fast_limit < m->limit)
                m->careful = true;
        }
        if (m->careful) {
            if (!m->gcode && !(m->gcode = re_pattern_code(m->p, RE_CODE_GUARDED, &m->gjit, a, err)))
                return -1;
            rc = exec(m, m->gcode, m->gjit, start, opts, m->limit);
        }
    }
    if (rc == PCRE2_ERROR_CALLOUT && m->co->over_budget)
        rc = PCRE2_ERROR_MATCHLIMIT; /* the callouts spent the match limit */
    if (rc == PCRE2_ERROR_CALLOUT && m->co->expired) {
        if (budget_remaining() <= 0) {
            budget_trip_time();
            return budget_error(err, a);
        }
        re_count_limit_hit();
        return py_limit(err, a,
                        "regular expression matching exceeded its time limit (%g s of heavy backtracking)",
                        config.re_time_limit);
    }
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_CALLOUT && m->co->log_full)
        rc = PCRE2_ERROR_HEAPLIMIT; /* the repeat counters' memory: a backtracking budget */
    if (rc < 0)
        return re_match_error(rc, a, err);
    return m->makes_matches && check_spans(m, a, err) < 0 ? -1 : 1;
}

static long lastindex(const matcher *m)
{
    if (m->p->sre_marks)
        return m->co->lastindex;
    if (!m->p->marks)
        return -1;
    PCRE2_SPTR mark = pcre2_get_mark(m->md);
    if (!mark)
        return -1;
    long v = 0;
    for (; *mark; mark++)
        v = v * 10 + (long)(*mark - '0');
    return v;
}

/* Python's slice bounds: pos/endpos clamped into the string. */
int re_window(const pv *pos, const pv *endpos, size_t n, size_t *start, size_t *end, arena *a, py_err *err)
{
    if (!pv_int_small(pos) || (endpos->kind == PV_INT && !pv_int_small(endpos)))
        return py_raise(err, a, "OverflowError", "Python int too large to convert to C ssize_t");
    int64_t s = pos->i.v, e = endpos->kind == PV_INT ? endpos->i.v : (int64_t)n;
    if (s < 0)
        s = 0;
    else if ((uint64_t)s > n)
        s = (int64_t)n;
    if (e < 0)
        e = 0;
    else if ((uint64_t)e > n)
        e = (int64_t)n;
    *start = (size_t)s;
    *end = (size_t)e;
    return 0;
}

static int ssize_arg(const pv *v, int64_t *out, arena *a, py_err *err)
{
    if (!pv_int_small(v))
        return py_raise(err, a, "OverflowError", "Python int too large to convert to C ssize_t");
    *out = v->i.v;
    return 0;
}

static pv *group_value(matcher *m, int g, arena *a, pv *unset)
{
    PCRE2_SIZE s, e;
    group_span(m, g, &s, &e);
    if (s == PCRE2_UNSET)
        return unset;
    return re_subject_slice(&m->S, s, e, a);
}

static pv *span(arena *a, PCRE2_SIZE s, PCRE2_SIZE e)
{
    pv *l = pv_list(a, 2);
    bool unset = s == PCRE2_UNSET;
    pv_list_push(a, l, pv_int(a, unset ? -1 : (int64_t)s));
    pv_list_push(a, l, pv_int(a, unset ? -1 : (int64_t)e));
    return l;
}

/* The Match object as API.md describes it. */
static pv *match_json(matcher *m, arena *a)
{
    re_pattern *p = m->p;
    pv *d = pv_dict(a, 8);
    pv_dict_setc(a, d, "group", group_value(m, 0, a, pv_none()));
    pv_dict_setc(a, d, "span", span(a, m->ov[0], m->ov[1]));
    pv *groups = pv_list(a, (size_t)p->groups), *spans = pv_list(a, (size_t)p->groups);
    for (int g = 1; g <= p->groups; g++) {
        PCRE2_SIZE s, e;
        group_span(m, g, &s, &e);
        pv_list_push(a, groups, group_value(m, g, a, pv_none()));
        pv_list_push(a, spans, span(a, s, e));
    }
    pv_dict_setc(a, d, "groups", groups);
    pv_dict_setc(a, d, "spans", spans);
    pv *gd = pv_dict(a, p->nnames);
    for (size_t i = 0; i < p->nnames; i++)
        pv_dict_set(a, gd, pv_str(a, p->names[i].name, p->names[i].len),
                    group_value(m, p->names[i].gid, a, pv_none()));
    pv_dict_setc(a, d, "groupdict", gd);
    long li = lastindex(m);
    pv_dict_setc(a, d, "lastindex", li >= 0 ? pv_int(a, li) : pv_none());
    pv_dict_setc(a, d, "lastgroup",
                 li >= 0 && p->groupnames[li] ? pv_str(a, p->groupnames[li], p->groupname_len[li])
                                              : pv_none());
    return d;
}

/* ------------------------------------------------------------ operations */

int re_search(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, re_mode mode, arena *a,
              pv **out, py_err *err)
{
    size_t start = 0, end = 0;
    if (re_window(pos, endpos, string->s.ncp, &start, &end, a, err) < 0)
        return -1;
    if (start > end) /* only match() can answer (an empty match), as sre does */
        return mode == RE_MODE_MATCH ? re_match_past_end(p, string, start, end, a, out, err)
                                     : (*out = pv_none(), 0);
    *out = pv_none();
    if (re_run_of(p))
        return re_run_search(re_run_of(p), string, start, end, (int)mode, a, out, err);
    if (re_required_missing(p, string))
        return 0;
    matcher m;
    if (matcher_init(&m, p, mode, string, false, a, err) < 0)
        return -1;
    m.endpos = end;
    int r = matcher_run(&m, start, 0, a, err);
    if (r < 0)
        return -1;
    if (r)
        *out = match_json(&m, a);
    return 0;
}

/* The scan of findall/finditer/sub/split: after an empty match the next
 * search starts at the same place but may not match empty there (sre's
 * must_advance = PCRE2_NOTEMPTY_ATSTART). */
typedef struct scan {
    size_t start;
    bool notempty;
    bool done;
} scan;

static inline int scan_next(matcher *m, scan *sc, arena *a, py_err *err)
{
    if (sc->done || sc->start > m->endpos)
        return 0;
    if (budget_expired())
        return budget_error(err, a);
    int r = matcher_run(m, sc->start, sc->notempty ? PCRE2_NOTEMPTY_ATSTART : 0, a, err);
    if (r <= 0) {
        sc->done = true;
        return r;
    }
    sc->notempty = m->ov[1] == m->ov[0];
    sc->start = m->ov[1];
    return 1;
}

int re_too_many(arena *a, py_err *err)
{
    return py_limit(err, a, "more than %zu results", config.max_items);
}

int re_result_too_large(arena *a, py_err *err)
{
    budget_trip_size("--max-result-bytes", config.max_result_bytes);
    return budget_size_error(err, a, "--max-result-bytes", config.max_result_bytes);
}

/* The JSON bytes of group g of the last match, as a str or null, with its
 * separator; with its span ([s, e],) when `spans`. */
static size_t group_json_bytes(const matcher *m, int g, bool spans)
{
    PCRE2_SIZE s, e;
    group_span(m, g, &s, &e);
    size_t n = s == PCRE2_UNSET || e < s ? 5 : 3 + re_subject_slice_bytes(&m->S, s, e);
    return spans ? n + 24 : n;
}

static int scan_init(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, matcher *m, scan *sc,
                     arena *a, py_err *err)
{
    size_t start = 0, end = 0;
    if (re_window(pos, endpos, string->s.ncp, &start, &end, a, err) < 0)
        return -1;
    sc->start = start;
    sc->notempty = false;
    sc->done = start > end || re_required_missing(p, string);
    if (sc->done) { /* no match: scan_next looks no further */
        memset(m, 0, sizeof *m);
        return 0;
    }
    if (matcher_init(m, p, RE_MODE_SEARCH, string, true, a, err) < 0)
        return -1;
    m->endpos = end;
    return 0;
}

int re_findall(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
               py_err *err)
{
    if (re_run_of(p))
        return re_run_findall(re_run_of(p), string, pos, endpos, a, out, err);
    matcher m;
    scan sc;
    if (scan_init(p, string, pos, endpos, &m, &sc, a, err) < 0)
        return -1;
    pv *list = pv_list(a, 16);
    pv *empty = pv_str(a, "", 0);
    budget_meter bm;
    budget_meter_start(&bm, a);
    int r;
    while ((r = scan_next(&m, &sc, a, err)) > 0) {
        if (list->l.len >= config.max_items)
            return re_too_many(a, err);
        size_t bytes = 3;
        if (p->groups == 0) /* group_json_bytes(&m, 0, false), its span known set */
            bytes += 3 + re_subject_slice_bytes(&m.S, m.ov[0], m.ov[1]);
        for (int g = 1; g <= p->groups; g++)
            bytes += group_json_bytes(&m, g, false);
        if (!budget_meter_add(&bm, bytes))
            return budget_meter_error(&bm, err, a);
        pv *item;
        if (p->groups == 0) {
            item = re_subject_slice(&m.S, m.ov[0], m.ov[1], a);
        } else if (p->groups == 1) {
            item = group_value(&m, 1, a, empty);
        } else {
            item = pv_tuple(a, (size_t)p->groups);
            for (int g = 1; g <= p->groups; g++)
                pv_list_push(a, item, group_value(&m, g, a, empty));
        }
        pv_list_push(a, list, item);
    }
    if (r < 0)
        return -1;
    *out = list;
    return 0;
}

int re_finditer(re_pattern *p, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                py_err *err)
{
    if (re_run_of(p))
        return re_run_finditer(re_run_of(p), string, pos, endpos, a, out, err);
    matcher m;
    scan sc;
    if (scan_init(p, string, pos, endpos, &m, &sc, a, err) < 0)
        return -1;
    pv *list = pv_list(a, 16);
    budget_meter bm;
    budget_meter_start(&bm, a);
    int r;
    while ((r = scan_next(&m, &sc, a, err)) > 0) {
        if (list->l.len >= config.max_items)
            return re_too_many(a, err);
        /* the Match object: its keys and the groups, spans and groupdict */
        size_t bytes = 110;
        for (int g = 0; g <= p->groups; g++)
            bytes += group_json_bytes(&m, g, true);
        for (size_t i = 0; i < p->nnames; i++)
            bytes += p->names[i].len + 4 + group_json_bytes(&m, p->names[i].gid, false);
        if (!budget_meter_add(&bm, bytes))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, match_json(&m, a));
    }
    if (r < 0)
        return -1;
    *out = list;
    return 0;
}

/* Copy code points [i, j) of a scan's subject into room already grown. */
static inline void put_slice(strbuf *sb, const re_subject *S, size_t i, size_t j, size_t *ncp)
{
    if (j <= i)
        return;
    size_t bi = S->off ? S->off[i] : i, n = re_subject_slice_bytes(S, i, j);
    memcpy(sb->data + sb->len, S->s->s.p + bi, n);
    sb->len += n;
    *ncp += j - i;
}

static void append_slice(strbuf *sb, re_subject *S, size_t i, size_t j, size_t *ncp)
{
    if (j <= i)
        return;
    size_t bi = re_subject_byte(S, i), bj = re_subject_byte(S, j);
    strbuf_append(sb, S->s->s.p + bi, bj - bi);
    *ncp += j - i;
}

static void strbuf_free_deferred(void *p)
{
    strbuf_free(p);
}

/* A result buffer in the arena's care, its ceiling --max-result-bytes. */
strbuf *re_result_buf(arena *a)
{
    strbuf *sb = arena_alloc(a, sizeof *sb);
    strbuf_init_max(sb, config.max_result_bytes, "--max-result-bytes");
    arena_defer(a, strbuf_free_deferred, sb);
    return sb;
}

/* The str of sb's bytes (ncp code points): it takes the buffer, no copy. */
pv *re_sb_str(strbuf *sb, size_t ncp, arena *a)
{
    size_t len;
    char *buf = strbuf_detach(sb, &len);
    if (!buf)
        return pv_str(a, "", 0);
    arena_defer(a, free, buf);
    return pv_str_take_n(a, buf, len, ncp);
}

/* expand_template: the template's literals and groups (an unmatched group
 * is ''), sized first -- one check against the ceiling -- then copied. */
static int append_template(strbuf *sb, matcher *m, const re_template *t, size_t *ncp, arena *a, py_err *err)
{
    size_t need = 0;
    for (size_t k = 0; k < t->n; k++) {
        const re_titem *it = &t->items[k];
        PCRE2_SIZE s, e;
        if (it->group < 0) {
            need += it->len;
            continue;
        }
        group_span(m, it->group, &s, &e);
        if (s != PCRE2_UNSET && e > s)
            need += re_subject_slice_bytes(&m->S, s, e);
    }
    if (!strbuf_grow(sb, need))
        return re_result_too_large(a, err);
    for (size_t k = 0; k < t->n; k++) {
        const re_titem *it = &t->items[k];
        if (it->group < 0) {
            memcpy(sb->data + sb->len, it->s, it->len);
            sb->len += it->len;
            *ncp += it->ncp;
        } else {
            PCRE2_SIZE s, e;
            group_span(m, it->group, &s, &e);
            if (s != PCRE2_UNSET)
                put_slice(sb, &m->S, s, e, ncp);
        }
    }
    if (sb->data)
        sb->data[sb->len] = '\0';
    return 0;
}

/* The str itself as a new value (a str is never changed: the bytes are shared). */
static pv *str_same(const pv *string, arena *a)
{
    pv *s = arena_alloc(a, sizeof *s);
    *s = *string;
    return s;
}

/* sub's text from code point i to j, then a literal replacement: -1 past
 * the result's ceiling. */
static int append_gap_literal(strbuf *sb, re_subject *S, size_t i, size_t j, const re_titem *lit, size_t *ncp)
{
    size_t bi = re_subject_byte(S, i), bj = j > i ? re_subject_byte(S, j) : bi;
    if (!strbuf_grow(sb, bj - bi + lit->len))
        return -1;
    memcpy(sb->data + sb->len, S->s->s.p + bi, bj - bi);
    memcpy(sb->data + sb->len + (bj - bi), lit->s, lit->len);
    sb->len += bj - bi + lit->len;
    sb->data[sb->len] = '\0';
    *ncp += (j > i ? j - i : 0) + lit->ncp;
    return 0;
}

/* A callable repl's group: its number, or -1 when match.group() would raise. */
static long repl_group(const re_pattern *p, const pv *g)
{
    if (g->kind == PV_INT)
        return !g->i.big && g->i.v >= 0 && g->i.v <= p->groups ? (long)g->i.v : -1;
    for (size_t i = 0; g->kind == PV_STR && i < p->nnames; i++)
        if (p->names[i].len == g->s.len && memcmp(p->names[i].name, g->s.p, g->s.len) == 0)
            return p->names[i].gid;
    return -1;
}

/* The join of sre's list: the index of its first item that is not a str. */
typedef struct join_check {
    size_t items;     /* list items so far */
    long bad;         /* -1, or the index of the first non-str item */
    const char *type; /* its type name */
} join_check;

/* One match replaced by f(match.group(g)). */
static int append_call(strbuf *sb, matcher *m, const re_repl_fn *f, long g, join_check *j, size_t *ncp,
                       arena *a, py_err *err)
{
    if (g < 0)
        return py_raise(err, a, "IndexError", "no such group");
    pv *r = f->call(f->data, group_value(m, (int)g, a, pv_none()), err);
    m->mctx_set = false; /* the call may have matched with this thread's context */
    if (!r)
        return -1;
    if (r->kind == PV_NONE)
        return 0;
    if (r->kind != PV_STR) {
        if (j->bad < 0) {
            j->bad = (long)j->items;
            j->type = f->type_name ? f->type_name(r) : pv_type_name(r);
        }
    } else {
        strbuf_append(sb, r->s.p, r->s.len);
        *ncp += r->s.ncp;
    }
    j->items++;
    return 0;
}

/* sub/subn with a template t or a callable f. */
static int sub_scan(re_pattern *p, const re_template *t, const re_repl_fn *f, const pv *string, int64_t cnt,
                    bool subn, arena *a, pv **out, py_err *err)
{
    const re_titem *lit = t && t->n == 1 && t->items[0].group < 0 ? &t->items[0] : NULL;
    if (re_run_of(p) && t && (lit || t->n == 0))
        return re_run_sub(re_run_of(p), lit ? lit->s : "", lit ? lit->len : 0, lit ? lit->ncp : 0, string, cnt,
                          subn, a, out, err);
    if (re_required_missing(p, string)) { /* no match: the string as it is */
        pv *s = str_same(string, a);
        *out = s;
        if (subn) {
            *out = pv_list(a, 2);
            pv_list_push(a, *out, s);
            pv_list_push(a, *out, pv_int(a, 0));
        }
        return 0;
    }
    matcher m;
    if (matcher_init(&m, p, RE_MODE_SEARCH, string, true, a, err) < 0)
        return -1;
    m.makes_matches = f != NULL; /* sre makes a Match object for a template with groups only */
    for (size_t k = 0; t && k < t->n; k++)
        m.makes_matches |= t->items[k].group >= 0;
    long g = f ? repl_group(p, f->group) : 0;
    join_check j = {0, -1, NULL};
    scan sc = {0, false, false};
    strbuf *sb = re_result_buf(a);
    size_t last = 0, ncp = 0;
    int64_t n = 0;
    int r = 0;
    while (cnt == 0 || n < cnt) {
        r = scan_next(&m, &sc, a, err);
        if (r <= 0)
            break;
        j.items += last < m.ov[0];
        if (lit) { /* the common case: the text before the match and one literal, one growth */
            if (append_gap_literal(sb, &m.S, last, m.ov[0], lit, &ncp) < 0)
                return re_result_too_large(a, err);
            last = m.ov[1];
            n++;
            continue;
        }
        append_slice(sb, &m.S, last, m.ov[0], &ncp);
        if ((f ? append_call(sb, &m, f, g, &j, &ncp, a, err) : append_template(sb, &m, t, &ncp, a, err)) < 0)
            return -1;
        if (strbuf_overflow(sb))
            return re_result_too_large(a, err);
        last = m.ov[1];
        n++;
    }
    if (r < 0)
        return -1;
    if (j.bad >= 0)
        return py_raise(err, a, "TypeError", "sequence item %ld: expected str instance, %s found", j.bad,
                        j.type);
    append_slice(sb, &m.S, last, m.S.n, &ncp);
    if (strbuf_overflow(sb))
        return re_result_too_large(a, err);
    pv *s = re_sb_str(sb, ncp, a);
    if (subn) {
        pv *l = pv_list(a, 2);
        pv_list_push(a, l, s);
        pv_list_push(a, l, pv_int(a, n));
        *out = l;
    } else {
        *out = s;
    }
    return 0;
}

int re_sub(re_pattern *p, const pv *repl, const pv *string, const pv *count, bool subn, arena *a, pv **out,
           py_err *err)
{
    int64_t cnt = 0;
    if (ssize_arg(count, &cnt, a, err) < 0)
        return -1;
    re_template t;
    if (re_template_parse(a, repl, p, &t, err) < 0)
        return -1;
    return sub_scan(p, &t, NULL, string, cnt, subn, a, out, err);
}

int re_sub_fn(re_pattern *p, const re_repl_fn *f, const pv *string, const pv *count, bool subn, arena *a,
              pv **out, py_err *err)
{
    int64_t cnt = 0;
    if (ssize_arg(count, &cnt, a, err) < 0)
        return -1;
    return sub_scan(p, NULL, f, string, cnt, subn, a, out, err);
}

int re_expand(re_pattern *p, const pv *tmpl, const pv *string, const pv *pos, const pv *endpos, arena *a,
              pv **out, py_err *err)
{
    size_t start = 0, end = 0;
    if (re_window(pos, endpos, string->s.ncp, &start, &end, a, err) < 0)
        return -1;
    *out = pv_none();
    if (start > end) /* search() finds nothing there */
        return 0;
    matcher m; /* with the offset table: the template copies slices (put_slice) */
    if (matcher_init(&m, p, RE_MODE_SEARCH, string, true, a, err) < 0)
        return -1;
    m.endpos = end;
    int r = matcher_run(&m, start, 0, a, err);
    if (r <= 0)
        return r;
    re_template t;
    if (re_template_parse(a, tmpl, p, &t, err) < 0)
        return -1;
    strbuf *sb = re_result_buf(a);
    size_t ncp = 0;
    if (append_template(sb, &m, &t, &ncp, a, err) < 0)
        return -1;
    *out = re_sb_str(sb, ncp, a);
    return 0;
}

int re_split(re_pattern *p, const pv *string, const pv *maxsplit, arena *a, pv **out, py_err *err)
{
    int64_t maxs = 0;
    if (ssize_arg(maxsplit, &maxs, a, err) < 0)
        return -1;
    if (re_run_of(p))
        return re_run_split(re_run_of(p), string, maxs, a, out, err);
    pv *list = pv_list(a, 16);
    if (re_required_missing(p, string)) { /* no match: the string, whole */
        pv_list_push(a, list, str_same(string, a));
        *out = list;
        return 0;
    }
    matcher m;
    if (matcher_init(&m, p, RE_MODE_SEARCH, string, true, a, err) < 0)
        return -1;
    scan sc = {0, false, false};
    size_t last = 0;
    budget_meter bm;
    budget_meter_start(&bm, a);
    int64_t n = 0;
    int r = 0;
    while (maxs == 0 || n < maxs) {
        r = scan_next(&m, &sc, a, err);
        if (r <= 0)
            break;
        if (list->l.len + (size_t)p->groups + 2 > config.max_items)
            return re_too_many(a, err);
        size_t bytes = 3 + re_subject_slice_bytes(&m.S, last, m.ov[0]);
        for (int g = 1; g <= p->groups; g++)
            bytes += group_json_bytes(&m, g, false);
        if (!budget_meter_add(&bm, bytes))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, re_subject_slice(&m.S, last, m.ov[0], a));
        for (int g = 1; g <= p->groups; g++)
            pv_list_push(a, list, group_value(&m, g, a, pv_none()));
        last = m.ov[1];
        n++;
    }
    if (r < 0)
        return -1;
    pv_list_push(a, list, re_subject_slice(&m.S, last, m.S.n, a));
    *out = list;
    return 0;
}
