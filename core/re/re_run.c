/* Runs (re_run.h): the plan made at compile time, the membership tables,
 * the scan of a str's UTF-8 for the next run, and the operations on it. */
#include "re/re_run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "base/config.h"
#include "re/re_class.h"
#include "re/re_int.h"
#include "text/unicode.h"

#define BMP_WORDS (0x10000 / 64)

struct re_run {
    uint32_t min, want; /* a match needs min members, takes up to want */
    uint32_t (*ranges)[2];
    size_t nranges;
    unsigned native; /* bit per re_cat: \d \D \w \W as Python defines them */
    bool negate;
    bool asc[128];                /* members below 0x80 */
    _Atomic(uint64_t *) bmp;      /* members below 0x10000, built on first use */
    pthread_mutex_t mu;           /* guards building bmp */
};

/* ------------------------------------------------------------ membership */

static pthread_once_t cats_once = PTHREAD_ONCE_INIT;
static uint64_t cat_digit[BMP_WORDS], cat_word[BMP_WORDS]; /* Python's \d and \w on the BMP */

static bool is_word(uint32_t c)
{
    return c == '_' || unicode_isalnum(c);
}

static void cats_build(void)
{
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (unicode_isdecimal(c))
            cat_digit[c >> 6] |= 1ull << (c & 63);
        if (is_word(c))
            cat_word[c >> 6] |= 1ull << (c & 63);
    }
}

static bool native_member(unsigned native, uint32_t c)
{
    if (native & (1u << RE_CAT_DIGIT) && unicode_isdecimal(c))
        return true;
    if (native & (1u << RE_CAT_NOT_DIGIT) && !unicode_isdecimal(c))
        return true;
    if (native & (1u << RE_CAT_WORD) && is_word(c))
        return true;
    return (native & (1u << RE_CAT_NOT_WORD)) && !is_word(c);
}

bool re_run_member(re_run *r, uint32_t c)
{
    size_t lo = 0, hi = r->nranges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->ranges[mid][1] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    bool in = (lo < r->nranges && r->ranges[lo][0] <= c) || native_member(r->native, c);
    return in != r->negate;
}

static uint64_t *bmp_build(re_run *r)
{
    uint64_t *m = calloc(BMP_WORDS, sizeof *m);
    if (!m)
        abort();
    for (size_t i = 0; i < r->nranges && r->ranges[i][0] < 0x10000; i++) {
        uint32_t lo = r->ranges[i][0], hi = r->ranges[i][1] < 0xFFFF ? r->ranges[i][1] : 0xFFFF;
        for (uint32_t c = lo; c <= hi; c++) /* ranges are few; a word at a time is not worth it */
            m[c >> 6] |= 1ull << (c & 63);
    }
    if (r->native) {
        pthread_once(&cats_once, cats_build);
        for (size_t w = 0; w < BMP_WORDS; w++) {
            if (r->native & (1u << RE_CAT_DIGIT))
                m[w] |= cat_digit[w];
            if (r->native & (1u << RE_CAT_NOT_DIGIT))
                m[w] |= ~cat_digit[w];
            if (r->native & (1u << RE_CAT_WORD))
                m[w] |= cat_word[w];
            if (r->native & (1u << RE_CAT_NOT_WORD))
                m[w] |= ~cat_word[w];
        }
    }
    if (r->negate)
        for (size_t w = 0; w < BMP_WORDS; w++)
            m[w] = ~m[w];
    return m;
}

static const uint64_t *bmp_get(re_run *r)
{
    uint64_t *m = atomic_load_explicit(&r->bmp, memory_order_acquire);
    if (m)
        return m;
    pthread_mutex_lock(&r->mu);
    m = atomic_load_explicit(&r->bmp, memory_order_relaxed);
    if (!m) {
        m = bmp_build(r);
        atomic_store_explicit(&r->bmp, m, memory_order_release);
    }
    pthread_mutex_unlock(&r->mu);
    return m;
}

static _Thread_local bool bypass;

void re_run_bypass(bool on) { bypass = on; }

re_run *re_run_of(const re_pattern *p)
{
    return bypass ? NULL : p->run;
}

/* ------------------------------------------------------------ the plan */

/* The item's set as re_emit spells it for PCRE2 (emit_node). */
static bool item_set(const re_node *x, int flags, arena *a, re_rset *s, unsigned *native, bool *negate)
{
    bool ic = (flags & RE_F_IGNORECASE) != 0, ascii = !(flags & RE_F_UNICODE);
    *native = 0;
    *negate = false;
    switch (x->op) {
    case RE_LITERAL:
    case RE_NOT_LITERAL:
        *negate = x->op == RE_NOT_LITERAL;
        if (ic && re_iscased(x->ch, ascii))
            re_case_literal(a, x->ch, ascii, s);
        else
            re_rset_add(a, s, x->ch, x->ch);
        return true;
    case RE_ANY: /* \N: all but the newline; with DOTALL, all */
        re_rset_add(a, s, 0, '\n' - 1);
        if (flags & RE_F_DOTALL)
            re_rset_add(a, s, '\n', '\n');
        re_rset_add(a, s, '\n' + 1, 0x10FFFF);
        return true;
    case RE_IN:
        re_class_set(a, x->in.items, x->in.n, ic, ascii, s, native, negate);
        return true;
    default:
        return false;
    }
}

re_run *re_run_plan(const re_parsed *rp, arena *a)
{
    if (rp->groups || (rp->flags & RE_F_LOCALE) || !rp->p || rp->p->len != 1)
        return NULL;
    const re_node *n = rp->p->items[0], *x = n;
    uint32_t min = 1, want = 1;
    if (n->op == RE_MAX_REPEAT || n->op == RE_MIN_REPEAT || n->op == RE_POSSESSIVE_REPEAT) {
        if (n->rep.min < 1 || !n->rep.item || n->rep.item->len != 1)
            return NULL;
        min = n->rep.min;
        want = n->op == RE_MIN_REPEAT ? n->rep.min : n->rep.max;
        x = n->rep.item->items[0];
    }
    re_rset s = {0};
    unsigned native;
    bool negate;
    if (!item_set(x, rp->flags, a, &s, &native, &negate))
        return NULL;
    re_rset_normalize(&s);
    re_run *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->min = min;
    r->want = want;
    r->native = native;
    r->negate = negate;
    r->nranges = s.len;
    r->ranges = malloc((s.len ? s.len : 1) * sizeof *r->ranges);
    if (!r->ranges)
        abort();
    if (s.len)
        memcpy(r->ranges, s.r, s.len * sizeof *r->ranges);
    pthread_mutex_init(&r->mu, NULL);
    for (uint32_t c = 0; c < 128; c++)
        r->asc[c] = re_run_member(r, c);
    return r;
}

void re_run_free(re_run *r)
{
    if (!r)
        return;
    free(atomic_load_explicit(&r->bmp, memory_order_relaxed));
    pthread_mutex_destroy(&r->mu);
    free(r->ranges);
    free(r);
}

/* ------------------------------------------------------------ the scan */

typedef struct cursor {
    re_run *r;
    const uint64_t *bmp;
    const unsigned char *p; /* the str's UTF-8 (stored form: a lone surrogate is its 3-byte sequence) */
    size_t b, e;            /* next byte, end byte */
    size_t cp;              /* code point index of b */
} cursor;

/* Decode the code point at *i, step past it, and say whether it is a member. */
static inline __attribute__((always_inline)) bool step(const cursor *k, size_t *i)
{
    const unsigned char *p = k->p + *i;
    unsigned c0 = p[0];
    uint32_t c;
    if (c0 < 0x80) {
        *i += 1;
        return k->r->asc[c0];
    }
    if (c0 < 0xE0) {
        c = (c0 & 0x1Fu) << 6 | (p[1] & 0x3Fu);
        *i += 2;
    } else if (c0 < 0xF0) {
        c = (c0 & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
        *i += 3;
    } else {
        *i += 4;
        return re_run_member(k->r, (c0 & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 |
                                       (p[3] & 0x3Fu));
    }
    return (k->bmp[c >> 6] >> (c & 63)) & 1;
}

/* From the cursor, at most `want` members: how many, the cursor after them. */
static inline uint32_t take(cursor *k, uint32_t want)
{
    uint32_t n = 0;
    size_t b = k->b;
    while (n < want && b < k->e) {
        size_t j = b;
        if (!step(k, &j))
            break;
        b = j;
        n++;
    }
    k->b = b;
    k->cp += n;
    return n;
}

typedef struct hit {
    size_t b0, b1;   /* bytes */
    size_t cp0, cp1; /* code points */
} hit;

/* The next match at or after the cursor (search): true with it in *h and
 * the cursor at its end.  Non-members are skipped in a loop of their own,
 * each decoded once. */
static bool next(cursor *k, hit *h)
{
    const size_t e = k->e;
    const uint32_t min = k->r->min, want = k->r->want;
    size_t b = k->b, cp = k->cp;
    for (;;) {
        size_t b0;
        do {
            if (b >= e) {
                k->b = b;
                k->cp = cp;
                return false;
            }
            b0 = b;
            cp++;
        } while (!step(k, &b));
        size_t cp0 = cp - 1;
        uint32_t n = 1;
        while (n < want && b < e) {
            size_t j = b;
            if (!step(k, &j))
                break;
            b = j;
            n++;
        }
        cp += n - 1;
        if (n >= min) {
            *h = (hit){b0, b, cp0, cp};
            k->b = b;
            k->cp = cp;
            return true;
        }
        /* a run too short: no position inside it starts a match */
    }
}

/* Byte offset of code point cp, walking from (b, from). */
static size_t byte_of(const pv *s, size_t b, size_t from, size_t cp)
{
    static const unsigned char LEN[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    if (s->ascii)
        return cp;
    if (cp >= s->s.ncp)
        return s->s.len;
    const unsigned char *p = (const unsigned char *)s->s.p;
    for (; from < cp; from++)
        b += LEN[p[b] >> 4];
    return b;
}

static void cursor_init(cursor *k, re_run *r, const pv *s, size_t start, size_t end)
{
    k->r = r;
    k->p = (const unsigned char *)s->s.p;
    k->bmp = s->ascii ? NULL : bmp_get(r); /* ASCII text never reads it */
    k->b = byte_of(s, 0, 0, start);
    k->e = byte_of(s, k->b, start, end);
    k->cp = start;
}

/* ------------------------------------------------------------ results */

/* Room for n + 1 bytes: small strings share 16 KiB blocks. */
typedef struct pool {
    char *p, *end;
} pool;

static pv *slice(pool *pl, const pv *s, const hit *h, arena *a)
{
    size_t n = h->b1 - h->b0;
    char *d;
    if (n >= 256) {
        d = arena_alloc(a, n + 1);
    } else {
        if ((size_t)(pl->end - pl->p) < n + 1) {
            pl->p = arena_alloc(a, 16384);
            pl->end = pl->p + 16384;
        }
        d = pl->p;
        pl->p += n + 1;
    }
    memcpy(d, s->s.p + h->b0, n);
    return pv_str_take_n(a, d, n, h->cp1 - h->cp0);
}

/* Python's pos/endpos window: false (with *out = []) when it is empty. */
static bool window_of(const pv *string, const pv *pos, const pv *endpos, size_t *start, size_t *end, arena *a,
                      pv **out, py_err *err, int *rc)
{
    *rc = re_window(pos, endpos, string->s.ncp, start, end, a, err);
    if (*rc < 0)
        return false;
    if (*start > *end) {
        *out = pv_list(a, 0);
        return false;
    }
    return true;
}

int re_run_findall(re_run *r, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                   py_err *err)
{
    size_t start, end;
    int rc;
    if (!window_of(string, pos, endpos, &start, &end, a, out, err, &rc))
        return rc;
    cursor k;
    cursor_init(&k, r, string, start, end);
    pv *list = pv_list(a, 16);
    pool pl = {NULL, NULL};
    budget_meter bm;
    budget_meter_start(&bm, a);
    hit h;
    while (next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        if (list->l.len >= config.max_items)
            return re_too_many(a, err);
        if (!budget_meter_add(&bm, 6 + (h.b1 - h.b0)))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, slice(&pl, string, &h, a));
    }
    *out = list;
    return 0;
}

static pv *span(arena *a, size_t s, size_t e)
{
    pv *l = pv_list(a, 2);
    pv_list_push(a, l, pv_int(a, (int64_t)s));
    pv_list_push(a, l, pv_int(a, (int64_t)e));
    return l;
}

/* The Match object of a pattern without groups (re_match.c's match_json). */
static pv *match_obj(pool *pl, const pv *string, const hit *h, arena *a)
{
    pv *d = pv_dict(a, 8);
    pv_dict_setc(a, d, "group", slice(pl, string, h, a));
    pv_dict_setc(a, d, "span", span(a, h->cp0, h->cp1));
    pv_dict_setc(a, d, "groups", pv_list(a, 0));
    pv_dict_setc(a, d, "spans", pv_list(a, 0));
    pv_dict_setc(a, d, "groupdict", pv_dict(a, 0));
    pv_dict_setc(a, d, "lastindex", pv_none());
    pv_dict_setc(a, d, "lastgroup", pv_none());
    return d;
}

int re_run_finditer(re_run *r, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                    py_err *err)
{
    size_t start, end;
    int rc;
    if (!window_of(string, pos, endpos, &start, &end, a, out, err, &rc))
        return rc;
    cursor k;
    cursor_init(&k, r, string, start, end);
    pv *list = pv_list(a, 16);
    pool pl = {NULL, NULL};
    budget_meter bm;
    budget_meter_start(&bm, a);
    hit h;
    while (next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        if (list->l.len >= config.max_items)
            return re_too_many(a, err);
        if (!budget_meter_add(&bm, 110 + 27 + (h.b1 - h.b0)))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, match_obj(&pl, string, &h, a));
    }
    *out = list;
    return 0;
}

int re_run_search(re_run *r, const pv *string, size_t start, size_t end, int mode, arena *a, pv **out,
                  py_err *err)
{
    (void)err;
    cursor k;
    cursor_init(&k, r, string, start, end);
    pool pl = {NULL, NULL};
    hit h = {k.b, 0, k.cp, 0};
    bool found;
    if (mode == RE_MODE_SEARCH) {
        found = next(&k, &h);
    } else if (mode == RE_MODE_MATCH) {
        uint32_t n = take(&k, r->want);
        found = n >= r->min && n;
    } else { /* every character a member, and as many as the repeat allows */
        size_t len = end - start;
        found = len >= r->min && len <= r->want && take(&k, r->want) == len;
    }
    if (mode != RE_MODE_SEARCH) {
        h.b1 = k.b;
        h.cp1 = k.cp;
    }
    *out = found ? match_obj(&pl, string, &h, a) : pv_none();
    return 0;
}

int re_run_sub(re_run *r, const char *lit, size_t lit_len, size_t lit_ncp, const pv *string, int64_t count,
               bool subn, arena *a, pv **out, py_err *err)
{
    cursor k;
    cursor_init(&k, r, string, 0, string->s.ncp);
    strbuf *sb = re_result_buf(a);
    size_t last = 0, ncp = 0, lastcp = 0;
    int64_t n = 0;
    hit h;
    while ((count == 0 || n < count) && next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        if (!strbuf_grow(sb, h.b0 - last + lit_len))
            return re_result_too_large(a, err);
        memcpy(sb->data + sb->len, string->s.p + last, h.b0 - last);
        memcpy(sb->data + sb->len + (h.b0 - last), lit, lit_len);
        sb->len += h.b0 - last + lit_len;
        ncp += h.cp0 - lastcp + lit_ncp;
        last = h.b1;
        lastcp = h.cp1;
        n++;
    }
    strbuf_append(sb, string->s.p + last, string->s.len - last);
    if (strbuf_overflow(sb))
        return re_result_too_large(a, err);
    ncp += string->s.ncp - lastcp;
    pv *s = re_sb_str(sb, ncp, a);
    if (subn) {
        *out = pv_list(a, 2);
        pv_list_push(a, *out, s);
        pv_list_push(a, *out, pv_int(a, n));
    } else {
        *out = s;
    }
    return 0;
}

int re_run_split(re_run *r, const pv *string, int64_t maxsplit, arena *a, pv **out, py_err *err)
{
    cursor k;
    cursor_init(&k, r, string, 0, string->s.ncp);
    pv *list = pv_list(a, 16);
    pool pl = {NULL, NULL};
    budget_meter bm;
    budget_meter_start(&bm, a);
    hit h, gap = {0, 0, 0, 0};
    int64_t n = 0;
    while ((maxsplit == 0 || n < maxsplit) && next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        if (list->l.len + 2 > config.max_items)
            return re_too_many(a, err);
        gap.b1 = h.b0;
        gap.cp1 = h.cp0;
        if (!budget_meter_add(&bm, 3 + (gap.b1 - gap.b0)))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, slice(&pl, string, &gap, a));
        gap = (hit){h.b1, 0, h.cp1, 0};
        n++;
    }
    gap.b1 = string->s.len;
    gap.cp1 = string->s.ncp;
    pv_list_push(a, list, slice(&pl, string, &gap, a));
    *out = list;
    return 0;
}
