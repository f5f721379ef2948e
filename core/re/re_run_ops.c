/* The operations on runs (re_run.h): findall, finditer, search, match,
 * fullmatch, sub with a literal replacement and split, with re_match.c's
 * results, limits and errors. */
#include <string.h>

#include "base/budget.h"
#include "base/config.h"
#include "re/re_int.h"
#include "re/re_run_int.h"
#include "re/re_subject.h"

static pv *slice(re_pool *pl, const pv *s, const re_run_hit *h, arena *a)
{
    size_t n = h->b1 - h->b0;
    char *d = re_pool_room(pl, n, a);
    memcpy(d, s->s.p + h->b0, n);
    return pv_str_take_n(a, d, n, h->cp1 - h->cp0);
}

/* Python's pos/endpos window and the cursor on it: false when there is
 * nothing to scan, with *rc: -1 for an error, 0 with *out = [] for an
 * empty window. */
static bool scan_open(re_run *r, const pv *string, const pv *pos, const pv *endpos, re_run_cursor *k,
                      arena *a, pv **out, py_err *err, int *rc)
{
    size_t start, end;
    *rc = re_window(pos, endpos, string->s.ncp, &start, &end, a, err);
    if (*rc < 0)
        return false;
    if (start > end) {
        *out = pv_list(a, 0);
        return false;
    }
    re_run_cursor_init(k, r, string, start, end);
    return true;
}

/* findall's results, in blocks that never move: the str values, their
 * bytes, and the item pointers, copied once into the list at the end. */
#define FA_CHUNK 4096
typedef struct fa_chunk {
    pv *items[FA_CHUNK];
    struct fa_chunk *next;
} fa_chunk;

int re_run_findall(re_run *r, const pv *string, const pv *pos, const pv *endpos, arena *a, pv **out,
                   py_err *err)
{
    re_run_cursor k;
    int rc;
    if (!scan_open(r, string, pos, endpos, &k, a, out, err, &rc))
        return rc;
    budget_meter bm;
    budget_meter_start(&bm, a);
    re_run_hit hs[64];
    fa_chunk *first = NULL, *last = NULL;
    pv *vals = NULL;
    re_pool pl = {NULL, NULL};
    size_t n = 0, got;
    while ((got = re_run_next_n(&k, hs, 64)) > 0) {
        if (budget_expired())
            return budget_error(err, a);
        for (size_t i = 0; i < got; i++) {
            const re_run_hit *h = &hs[i];
            if (n >= config.max_items)
                return re_too_many(a, err);
            size_t len = h->b1 - h->b0;
            if (!budget_meter_add(&bm, 6 + len))
                return budget_meter_error(&bm, err, a);
            if (n % FA_CHUNK == 0) {
                fa_chunk *c = arena_alloc(a, sizeof *c);
                c->next = NULL;
                if (last)
                    last->next = c;
                else
                    first = c;
                last = c;
                vals = arena_alloc(a, FA_CHUNK * sizeof *vals);
            }
            char *d = re_pool_room(&pl, len < 16 ? 16 : len, a);
            if (len <= 16 && h->b0 + 16 <= string->s.len) /* short: one fixed-size copy (the pool has room) */
                memcpy(d, string->s.p + h->b0, 16);
            else
                memcpy(d, string->s.p + h->b0, len);
            if (len < 16)
                pl.p = d + len + 1; /* the next string starts right after this one's NUL */
            pv *v = &vals[n % FA_CHUNK];
            *v = (pv){.kind = PV_STR};
            pv_str_set(v, d, len, h->cp1 - h->cp0);
            last->items[n % FA_CHUNK] = v;
            n++;
        }
    }
    pv *list = pv_list(a, n);
    for (fa_chunk *c = first; c; c = c->next) {
        size_t m = n - list->l.len < FA_CHUNK ? n - list->l.len : FA_CHUNK;
        memcpy(list->l.items + list->l.len, c->items, m * sizeof(pv *));
        list->l.len += m;
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
static pv *match_obj(re_pool *pl, const pv *string, const re_run_hit *h, arena *a)
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
    re_run_cursor k;
    int rc;
    if (!scan_open(r, string, pos, endpos, &k, a, out, err, &rc))
        return rc;
    pv *list = pv_list(a, 16);
    re_pool pl = {NULL, NULL};
    budget_meter bm;
    budget_meter_start(&bm, a);
    re_run_hit h;
    while (re_run_next(&k, &h)) {
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
    re_run_cursor k;
    re_run_cursor_init(&k, r, string, start, end);
    re_pool pl = {NULL, NULL};
    re_run_hit h = {k.b, 0, k.cp, 0};
    bool found;
    if (mode == RE_MODE_SEARCH) {
        found = re_run_next(&k, &h);
    } else if (mode == RE_MODE_MATCH) {
        uint32_t n = re_run_take(&k, r->want);
        found = n >= r->min && n;
    } else { /* every character a member, as many as the repeat allows (lazy or not) */
        size_t len = end - start;
        found = len >= r->min && len <= r->max && re_run_take(&k, r->max) == len;
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
    re_run_cursor k;
    re_run_cursor_init(&k, r, string, 0, string->s.ncp);
    strbuf *sb = re_result_buf(a);
    size_t last = 0, ncp = 0, lastcp = 0;
    int64_t n = 0;
    re_run_hit h;
    while ((count == 0 || n < count) && re_run_next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        size_t gap = h.b0 - last;
        if (sb->len + gap + lit_len + 1 > sb->cap && !strbuf_grow(sb, gap + lit_len))
            return re_result_too_large(a, err);
        if (gap <= 16 && last + 16 <= string->s.len && sb->cap - sb->len >= 16) /* short: one fixed-size copy */
            memcpy(sb->data + sb->len, string->s.p + last, 16);
        else
            memcpy(sb->data + sb->len, string->s.p + last, gap);
        memcpy(sb->data + sb->len + gap, lit, lit_len);
        sb->len += gap + lit_len;
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
    re_run_cursor k;
    re_run_cursor_init(&k, r, string, 0, string->s.ncp);
    pv *list = pv_list(a, 16);
    re_pool pl = {NULL, NULL};
    budget_meter bm;
    budget_meter_start(&bm, a);
    re_run_hit h, gap = {0, 0, 0, 0};
    int64_t n = 0;
    while ((maxsplit == 0 || n < maxsplit) && re_run_next(&k, &h)) {
        if (budget_expired())
            return budget_error(err, a);
        if (list->l.len + 2 > config.max_items)
            return re_too_many(a, err);
        gap.b1 = h.b0;
        gap.cp1 = h.cp0;
        if (!budget_meter_add(&bm, 3 + (gap.b1 - gap.b0)))
            return budget_meter_error(&bm, err, a);
        pv_list_push(a, list, slice(&pl, string, &gap, a));
        gap = (re_run_hit){h.b1, 0, h.cp1, 0};
        n++;
    }
    gap.b1 = string->s.len;
    gap.cp1 = string->s.ncp;
    pv_list_push(a, list, slice(&pl, string, &gap, a));
    *out = list;
    return 0;
}
