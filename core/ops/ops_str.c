/* str methods (CPython 3.11 Objects/unicodeobject.c, Objects/stringlib). */
#include "ops/ops_str.h"

#include <stdlib.h>
#include <string.h>

#include "base/budget.h"
#include "ops/ops_int.h"
#include "text/unicode.h"
#include "text/utf8.h"

/* The code points of s, malloc'ed (caller frees). */
static uint32_t *decode(const pv *s, size_t *n)
{
    uint32_t *cp = malloc((s->s.ncp + 1) * sizeof(uint32_t));
    size_t k = 0;
    for (size_t i = 0; i < s->s.len;)
        cp[k++] = utf8_next(s->s.p, &i);
    *n = k;
    return cp;
}

static void put(strbuf *sb, uint32_t c)
{
    char b[4];
    strbuf_append(sb, b, (size_t)utf8_put(c, b));
}

static pv *from_sb(ops_ctx *x, strbuf *sb)
{
    pv *r = ops_str_from_sb(x, sb);
    strbuf_free(sb);
    return r;
}

/* ---------------------------------------------------------------- case mappings */

static uint32_t capital_sigma(const uint32_t *d, size_t n, size_t i)
{
    long j;
    uint32_t c = 0;
    for (j = (long)i - 1; j >= 0; j--) {
        c = d[j];
        if (!unicode_iscaseignorable(c))
            break;
    }
    bool final_sigma = j >= 0 && unicode_iscased(c);
    if (final_sigma && i + 1 < n) {
        size_t k;
        for (k = i + 1; k < n; k++) {
            c = d[k];
            if (!unicode_iscaseignorable(c))
                break;
        }
        final_sigma = k == n || !unicode_iscased(c);
    }
    return final_sigma ? 0x3C2 : 0x3C3;
}

static int lower_ucs4(const uint32_t *d, size_t n, size_t i, uint32_t c, uint32_t out[3])
{
    if (c == 0x3A3) {
        out[0] = capital_sigma(d, n, i);
        return 1;
    }
    return unicode_lower(c, out);
}

typedef enum { C_UPPER, C_LOWER, C_CASEFOLD, C_SWAP, C_TITLE, C_CAPITALIZE } casemode;

static pv *case_map(ops_ctx *x, const pv *s, casemode mode)
{
    size_t n;
    uint32_t *d = decode(s, &n);
    strbuf sb = STRBUF_INIT;
    strbuf_reserve(&sb, s->s.len + 8);
    bool prev_cased = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = d[i], m[3];
        int k;
        switch (mode) {
        case C_UPPER:
            k = unicode_upper(c, m);
            break;
        case C_LOWER:
            k = lower_ucs4(d, n, i, c, m);
            break;
        case C_CASEFOLD:
            k = unicode_casefold(c, m);
            break;
        case C_SWAP:
            if (unicode_isupper(c))
                k = lower_ucs4(d, n, i, c, m);
            else if (unicode_islower(c))
                k = unicode_upper(c, m);
            else
                m[0] = c, k = 1;
            break;
        case C_TITLE:
            k = prev_cased ? lower_ucs4(d, n, i, c, m) : unicode_title(c, m);
            prev_cased = unicode_iscased(c);
            break;
        default: /* C_CAPITALIZE */
            k = i == 0 ? unicode_title(c, m) : lower_ucs4(d, n, i, c, m);
            break;
        }
        for (int j = 0; j < k; j++)
            put(&sb, m[j]);
    }
    free(d);
    if (!ops_len_ok(x, utf8_count(sb.data ? sb.data : "", sb.len))) {
        strbuf_free(&sb);
        return OPS_LIMIT_ERR(x, "str result too large");
    }
    return from_sb(x, &sb);
}

pv *ops_str_upper(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_UPPER);
}
pv *ops_str_lower(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_LOWER);
}
pv *ops_str_casefold(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_CASEFOLD);
}
pv *ops_str_swapcase(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_SWAP);
}
pv *ops_str_title(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_TITLE);
}
pv *ops_str_capitalize(ops_ctx *x, const pv *s)
{
    return case_map(x, s, C_CAPITALIZE);
}

/* ---------------------------------------------------------------- strip */

/* Membership in strip's chars: a scan for a few, a binary search in the
 * sorted set beyond (long chars on a long str: O(n log m), not O(n m)). */
#define SET_SCAN 16

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static bool in_set(uint32_t c, const uint32_t *set, size_t n)
{
    if (n > SET_SCAN)
        return bsearch(&c, set, n, sizeof *set, cmp_u32) != NULL;
    for (size_t i = 0; i < n; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* Byte offsets of code points of s, walking on from the last one asked:
 * positions asked in increasing order (split's pieces) cost O(len) in all,
 * not O(len) each. */
typedef struct str_cursor {
    size_t cp, b;
} str_cursor;

static size_t cursor_byte(const pv *s, str_cursor *c, size_t i)
{
    if (s->ascii)
        return i;
    if (i < c->cp)
        c->cp = c->b = 0;
    c->b += utf8_offset(s->s.p + c->b, s->s.len - c->b, i - c->cp);
    c->cp = i;
    return c->b;
}

static pv *slice_cp(ops_ctx *x, const pv *s, str_cursor *c, size_t i, size_t j)
{
    if (i == 0 && j == s->s.ncp)
        return (pv *)s;
    size_t a = cursor_byte(s, c, i), b = cursor_byte(s, c, j);
    if (b - a == 1)
        return ops_str_from(x, s->s.p + a, 1); /* a shared ASCII character */
    return pv_str_take_n(x->a, arena_strndup(x->a, s->s.p + a, b - a), b - a, j - i);
}

pv *ops_str_strip(ops_ctx *x, const pv *s, const pv *chars, ops_str_side side, const char *name)
{
    if (chars && chars->kind != PV_NONE && chars->kind != PV_STR)
        return OPS_TYPE_ERR(x, "%s arg must be None or str", name);
    size_t n, ns = 0;
    uint32_t *d = decode(s, &n), *set = NULL;
    bool ws = !chars || chars->kind == PV_NONE;
    if (!ws) {
        set = decode(chars, &ns);
        if (ns > SET_SCAN)
            qsort(set, ns, sizeof *set, cmp_u32);
    }
    size_t i = 0, j = n;
    if (side != OPS_STR_RIGHT)
        while (i < j && (ws ? unicode_isspace(d[i]) : in_set(d[i], set, ns)))
            i++;
    if (side != OPS_STR_LEFT)
        while (j > i && (ws ? unicode_isspace(d[j - 1]) : in_set(d[j - 1], set, ns)))
            j--;
    str_cursor cur = {0, 0};
    pv *r = slice_cp(x, s, &cur, i, j);
    free(d);
    free(set);
    return r;
}

/* ---------------------------------------------------------------- split */

pv *ops_str_split(ops_ctx *x, const pv *s, const pv *sep, long maxsplit)
{
    if (sep && sep->kind != PV_NONE && sep->kind != PV_STR)
        return OPS_TYPE_ERR(x, "must be str or None, not %s", ops_type_name(sep));
    long maxcount = maxsplit < 0 ? LONG_MAX : maxsplit;
    pv *l = pv_list(x->a, 4);
    if (!sep || sep->kind == PV_NONE) {
        size_t n;
        uint32_t *d = decode(s, &n);
        size_t i = 0, j;
        str_cursor cur = {0, 0};
        while (maxcount-- > 0) {
            if (budget_expired()) {
                free(d);
                return budget_error(x->err, x->a), (pv *)NULL;
            }
            while (i < n && unicode_isspace(d[i]))
                i++;
            if (i == n)
                break;
            j = i;
            i++;
            while (i < n && !unicode_isspace(d[i]))
                i++;
            pv_list_push(x->a, l, slice_cp(x, s, &cur, j, i));
        }
        if (i < n) {
            while (i < n && unicode_isspace(d[i]))
                i++;
            if (i != n)
                pv_list_push(x->a, l, slice_cp(x, s, &cur, i, n));
        }
        free(d);
        return l;
    }
    if (sep->s.len == 0)
        return OPS_VALUE_ERR(x, "empty separator");
    /* byte-wise search is exact for UTF-8 (a match can't start mid-character) */
    const char *p = s->s.p;
    size_t len = s->s.len, i = 0;
    while (maxcount-- > 0) {
        if (budget_expired())
            return budget_error(x->err, x->a), (pv *)NULL;
        const char *hit = len - i >= sep->s.len ? memmem(p + i, len - i, sep->s.p, sep->s.len) : NULL;
        if (!hit)
            break;
        size_t j = (size_t)(hit - p);
        pv_list_push(x->a, l, ops_str_from(x, p + i, j - i));
        i = j + sep->s.len;
    }
    if (i == 0 && l->l.len == 0)
        pv_list_push(x->a, l, (pv *)s);
    else
        pv_list_push(x->a, l, ops_str_from(x, p + i, len - i));
    return l;
}

/* ---------------------------------------------------------------- join */

pv *ops_str_join(ops_ctx *x, const pv *sep, const pv *iterable)
{
    if (iterable->kind != PV_LIST && iterable->kind != PV_STR && iterable->kind != PV_DICT)
        return OPS_TYPE_ERR(x, "can only join an iterable");
    pv *items = ops_iter_list(x, iterable);
    if (!items)
        return NULL;
    size_t n = items->l.len;
    if (n == 1 && items->l.items[0]->kind == PV_STR)
        return items->l.items[0];
    size_t total = 0, ncp = 0;
    for (size_t i = 0; i < n; i++) {
        const pv *it = items->l.items[i];
        if (it->kind != PV_STR)
            return OPS_TYPE_ERR(x, "sequence item %zu: expected str instance, %s found", i,
                                ops_type_name(it));
        total += it->s.len;
        ncp += it->s.ncp;
    }
    if (n > 1) {
        if (sep->s.ncp && (n - 1) > x->max_len / sep->s.ncp)
            return OPS_LIMIT_ERR(x, "join result too large");
        total += sep->s.len * (n - 1);
        ncp += sep->s.ncp * (n - 1);
    }
    char *buf = arena_alloc(x->a, total + 1), *o = buf;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(o, sep->s.p, sep->s.len);
            o += sep->s.len;
        }
        memcpy(o, items->l.items[i]->s.p, items->l.items[i]->s.len);
        o += items->l.items[i]->s.len;
    }
    return pv_str_take_n(x->a, buf, total, ncp);
}

/* ---------------------------------------------------------------- replace */

pv *ops_str_replace(ops_ctx *x, const pv *s, const pv *old, const pv *rep, long count)
{
    long maxcount = count < 0 ? LONG_MAX : count;
    if (maxcount == 0)
        return (pv *)s;
    strbuf sb = STRBUF_INIT;
    size_t ncp = 0;
    if (old->s.len == 0) {
        if (rep->s.len == 0)
            return (pv *)s;
        /* interleave: rep before each of the first n characters ... and at the end */
        size_t n = s->s.ncp + 1;
        if ((unsigned long)maxcount < n)
            n = (size_t)maxcount;
        if (s->s.ncp > x->max_len || n > (x->max_len - s->s.ncp) / rep->s.ncp)
            return OPS_LIMIT_ERR(x, "replace result too large");
        size_t i = 0;
        for (size_t done = 0; done < n; done++) {
            strbuf_append(&sb, rep->s.p, rep->s.len);
            if (done + 1 < n) {
                size_t j = i;
                utf8_next(s->s.p, &j);
                strbuf_append(&sb, s->s.p + i, j - i);
                i = j;
            }
        }
        strbuf_append(&sb, s->s.p + i, s->s.len - i);
        ncp = s->s.ncp + n * rep->s.ncp;
        pv *r = pv_str_take_n(x->a, arena_strndup(x->a, sb.data, sb.len), sb.len, ncp);
        strbuf_free(&sb);
        return r;
    }
    const char *p = s->s.p;
    size_t len = s->s.len, i = 0, nrep = 0;
    /* count first, for the size cap */
    for (size_t k = 0; (long)nrep < maxcount;) {
        const char *hit = len - k >= old->s.len ? memmem(p + k, len - k, old->s.p, old->s.len) : NULL;
        if (!hit)
            break;
        nrep++;
        k = (size_t)(hit - p) + old->s.len;
    }
    if (nrep == 0)
        return (pv *)s;
    ncp = s->s.ncp - nrep * old->s.ncp;
    if (rep->s.ncp && nrep > (x->max_len - (ncp < x->max_len ? ncp : x->max_len)) / rep->s.ncp)
        return OPS_LIMIT_ERR(x, "replace result too large");
    ncp += nrep * rep->s.ncp;
    for (size_t done = 0; done < nrep; done++) {
        const char *hit = memmem(p + i, len - i, old->s.p, old->s.len);
        size_t j = (size_t)(hit - p);
        strbuf_append(&sb, p + i, j - i);
        strbuf_append(&sb, rep->s.p, rep->s.len);
        i = j + old->s.len;
    }
    strbuf_append(&sb, p + i, len - i);
    pv *r = pv_str_take_n(x->a, arena_strndup(x->a, sb.data ? sb.data : "", sb.len), sb.len, ncp);
    strbuf_free(&sb);
    return r;
}

/* ---------------------------------------------------------------- find & co */

static void adjust_indices(long *start, long *end, long len)
{
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0)
            *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = 0;
    }
}

/* byte offset of code point i in s */
static size_t off(const pv *s, long i)
{
    return s->ascii ? (size_t)i : utf8_offset(s->s.p, s->s.len, (size_t)i);
}

pv *ops_str_tailmatch(ops_ctx *x, const pv *s, const pv *sub, long start, long end, bool at_end,
                      const char *name)
{
    if (sub->kind == PV_LIST && sub->tuple) {
        for (size_t i = 0; i < sub->l.len; i++) {
            const pv *it = sub->l.items[i];
            if (it->kind != PV_STR)
                return OPS_TYPE_ERR(x, "tuple for %s must only contain str, not %s", name, ops_type_name(it));
            pv *r = ops_str_tailmatch(x, s, it, start, end, at_end, name);
            if (!r || r->b)
                return r;
        }
        return pv_bool(false);
    }
    if (sub->kind != PV_STR)
        return OPS_TYPE_ERR(x, "%s first arg must be str or a tuple of str, not %s", name,
                            ops_type_name(sub));
    long len = (long)s->s.ncp, slen = (long)sub->s.ncp;
    adjust_indices(&start, &end, len);
    end -= slen;
    if (end < start)
        return pv_bool(false);
    if (slen == 0)
        return pv_bool(true);
    long at = at_end ? end : start;
    size_t b = off(s, at);
    return pv_bool(s->s.len - b >= sub->s.len && memcmp(s->s.p + b, sub->s.p, sub->s.len) == 0);
}

pv *ops_str_find(ops_ctx *x, const pv *s, const pv *sub, long start, long end)
{
    if (sub->kind != PV_STR)
        return OPS_TYPE_ERR(x, "must be str, not %s", ops_type_name(sub));
    long len = (long)s->s.ncp, slen = (long)sub->s.ncp;
    adjust_indices(&start, &end, len);
    if (end - start < slen)
        return pv_int(x->a, -1);
    if (slen == 0)
        return pv_int(x->a, start);
    size_t a = off(s, start), b = off(s, end);
    const char *hit = memmem(s->s.p + a, b - a, sub->s.p, sub->s.len);
    if (!hit)
        return pv_int(x->a, -1);
    size_t byte = (size_t)(hit - s->s.p);
    return pv_int(x->a, s->ascii ? (int64_t)byte : (int64_t)utf8_count(s->s.p, byte));
}

pv *ops_str_count(ops_ctx *x, const pv *s, const pv *sub, long start, long end)
{
    if (sub->kind != PV_STR)
        return OPS_TYPE_ERR(x, "must be str, not %s", ops_type_name(sub));
    long len = (long)s->s.ncp, slen = (long)sub->s.ncp;
    adjust_indices(&start, &end, len);
    if (end - start < slen)
        return pv_int(x->a, 0);
    if (slen == 0)
        return pv_int(x->a, end - start + 1);
    size_t a = off(s, start), b = off(s, end);
    int64_t n = 0;
    while (b - a >= sub->s.len) {
        const char *hit = memmem(s->s.p + a, b - a, sub->s.p, sub->s.len);
        if (!hit)
            break;
        n++;
        a = (size_t)(hit - s->s.p) + sub->s.len;
    }
    return pv_int(x->a, n);
}

pv *ops_str_zfill(ops_ctx *x, const pv *s, long width)
{
    long len = (long)s->s.ncp;
    if (len >= width)
        return (pv *)s;
    if ((unsigned long)width > x->max_len)
        return OPS_LIMIT_ERR(x, "zfill result too large");
    size_t fill = (size_t)(width - len);
    char *buf = arena_alloc(x->a, fill + s->s.len + 1);
    memset(buf, '0', fill);
    memcpy(buf + fill, s->s.p, s->s.len);
    if (s->s.len && (s->s.p[0] == '+' || s->s.p[0] == '-')) {
        buf[0] = s->s.p[0];
        buf[fill] = '0';
    }
    return pv_str_take_n(x->a, buf, fill + s->s.len, fill + s->s.ncp);
}
