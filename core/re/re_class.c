/* Character sets for the translator (re_class.h): code-point range sets,
 * sre's IGNORECASE case tables (built once, thread-safe), the categories
 * \d \w \s with and without ASCII, and a Python set spelled out as explicit
 * ranges for PCRE2. */
#include "re/re_class.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "re/re_util.h"
#include "text/unicode.h"

#define MAXCP 0x10FFFFu

/* ------------------------------------------------------------ range sets */

void re_rset_add(arena *a, re_rset *s, uint32_t lo, uint32_t hi)
{
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        s->r = arena_realloc(a, s->r, s->cap * sizeof *s->r, nc * sizeof *s->r);
        s->cap = nc;
    }
    s->r[s->len][0] = lo;
    s->r[s->len][1] = hi;
    s->len++;
}

static int cmp_range(const void *x, const void *y)
{
    const uint32_t *a = x, *b = y;
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

void re_rset_normalize(re_rset *s)
{
    if (s->len < 2)
        return;
    qsort(s->r, s->len, sizeof *s->r, cmp_range);
    size_t o = 0;
    for (size_t i = 1; i < s->len; i++) {
        if (s->r[i][0] <= s->r[o][1] || s->r[i][0] == s->r[o][1] + 1) {
            if (s->r[i][1] > s->r[o][1])
                s->r[o][1] = s->r[i][1];
        } else {
            o++;
            s->r[o][0] = s->r[i][0];
            s->r[o][1] = s->r[i][1];
        }
    }
    s->len = o + 1;
}

void re_rset_complement(arena *a, const re_rset *in, re_rset *out)
{
    uint32_t next = 0;
    bool done = false;
    for (size_t i = 0; i < in->len && !done; i++) {
        if (in->r[i][0] > next)
            re_rset_add(a, out, next, in->r[i][0] - 1);
        if (in->r[i][1] >= MAXCP)
            done = true;
        else
            next = in->r[i][1] + 1;
    }
    if (!done)
        re_rset_add(a, out, next, MAXCP);
}

/* ------------------------------------------------------------ case data */

static uint32_t *cased;       /* sorted: c != lower(c) or c != upper(c) */
static size_t ncased;
static uint32_t (*inv)[2];    /* sorted (lower(c), c) for c != lower(c) */
static size_t ninv;
static uint32_t *uni;         /* sorted: every code point whose case matters */
static size_t nuni;
static pthread_once_t case_once = PTHREAD_ONCE_INIT;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        abort();
    return q;
}

static void case_build(void)
{
    size_t cap = 4096, ucap = 12288;
    cased = malloc(cap * sizeof *cased);
    inv = malloc(cap * sizeof *inv);
    uni = malloc(ucap * sizeof *uni);
    if (!cased || !inv || !uni)
        abort();
    for (uint32_t c = 0; c <= MAXCP; c++) {
        uint32_t l = unicode_simple_lower(c), u = unicode_simple_upper(c);
        if (l == c && u == c)
            continue;
        if (ncased == cap || nuni + 3 > ucap) {
            cap *= 2;
            ucap *= 2;
            cased = xrealloc(cased, cap * sizeof *cased);
            inv = xrealloc(inv, cap * sizeof *inv);
            uni = xrealloc(uni, ucap * sizeof *uni);
        }
        cased[ncased++] = c;
        if (l != c) {
            inv[ninv][0] = l;
            inv[ninv][1] = c;
            ninv++;
        }
        uni[nuni++] = c;
        uni[nuni++] = l;
        uni[nuni++] = u;
    }
    uni = xrealloc(uni, (nuni + 3 * re_casefixes_n + 1) * sizeof *uni);
    for (size_t i = 0; i < re_casefixes_n; i++) {
        uni[nuni++] = re_casefixes[i].key;
        for (uint32_t k = 0; k < re_casefixes[i].n; k++)
            uni[nuni++] = re_casefixes[i].v[k];
    }
    qsort(inv, ninv, sizeof *inv, cmp_range);
    qsort(uni, nuni, sizeof *uni, cmp_u32);
    size_t o = 0;
    for (size_t i = 0; i < nuni; i++)
        if (!o || uni[o - 1] != uni[i])
            uni[o++] = uni[i];
    nuni = o;
}

void re_case_init(void) { pthread_once(&case_once, case_build); }

uint32_t re_lower(uint32_t c, bool ascii)
{
    if (ascii)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return unicode_simple_lower(c);
}

bool re_iscased(uint32_t c, bool ascii)
{
    if (ascii)
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return unicode_simple_lower(c) != c || unicode_simple_upper(c) != c;
}

static const re_casefix *fixes_of(uint32_t lo)
{
    size_t a = 0, b = re_casefixes_n;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (re_casefixes[m].key == lo)
            return &re_casefixes[m];
        if (re_casefixes[m].key < lo)
            a = m + 1;
        else
            b = m;
    }
    return NULL;
}

/* first index in inv with inv[i][0] >= t */
static size_t inv_lower_bound(uint32_t t)
{
    size_t a = 0, b = ninv;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (inv[m][0] < t)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

/* Is there x in [a, b] with lower(x) == t? */
static bool preimage_in(uint32_t t, uint32_t a, uint32_t b, bool ascii)
{
    if (ascii) {
        if (re_lower(t, true) == t && t >= a && t <= b)
            return true;
        if (t >= 'a' && t <= 'z' && t - 32 >= a && t - 32 <= b)
            return true;
        return false;
    }
    if (unicode_simple_lower(t) == t && t >= a && t <= b)
        return true;
    for (size_t i = inv_lower_bound(t); i < ninv && inv[i][0] == t; i++)
        if (inv[i][1] >= a && inv[i][1] <= b)
            return true;
    return false;
}

static void add_preimages(arena *a, uint32_t t, bool ascii, re_rset *out)
{
    if (ascii) {
        if (re_lower(t, true) == t)
            re_rset_add(a, out, t, t);
        if (t >= 'a' && t <= 'z')
            re_rset_add(a, out, t - 32, t - 32);
        return;
    }
    if (unicode_simple_lower(t) == t)
        re_rset_add(a, out, t, t);
    for (size_t i = inv_lower_bound(t); i < ninv && inv[i][0] == t; i++)
        re_rset_add(a, out, inv[i][1], inv[i][1]);
}

void re_case_literal(arena *a, uint32_t c, bool ascii, re_rset *out)
{
    re_case_init();
    uint32_t lo = re_lower(c, ascii);
    add_preimages(a, lo, ascii, out);
    const re_casefix *f = ascii ? NULL : fixes_of(lo);
    for (uint32_t k = 0; f && k < f->n; k++)
        add_preimages(a, f->v[k], ascii, out);
    re_rset_normalize(out);
}

static bool range_has_cased(uint32_t a, uint32_t b, bool ascii)
{
    if (ascii)
        return (a <= 'Z' && b >= 'A') || (a <= 'z' && b >= 'a');
    size_t lo = 0, hi = ncased;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (cased[m] < a)
            lo = m + 1;
        else
            hi = m;
    }
    return lo < ncased && cased[lo] <= b;
}

/* The charset sre builds with _optimize_charset(fixup=lower) tested on the
 * lower-cased character l: the charmap of lower-cased BMP members (plus the
 * _casefix equivalents) and the tail of non-BMP literals (unlowered) and
 * RANGE_UNI_IGNORE ranges. */
static bool py_member(const re_setitem *items, size_t n, uint32_t l, bool ascii)
{
    for (size_t i = 0; i < n; i++) {
        const re_setitem *it = &items[i];
        if (it->op == RE_SI_LITERAL) {
            uint32_t lo = re_lower(it->lo, ascii);
            if (lo < 0x10000) {
                if (l == lo)
                    return true;
                const re_casefix *f = ascii ? NULL : fixes_of(lo);
                for (uint32_t k = 0; f && k < f->n; k++)
                    if (f->v[k] == l)
                        return true;
            } else if (l == it->lo) {
                return true;
            }
        } else if (it->op == RE_SI_RANGE) {
            uint32_t a = it->lo, b = it->hi < 0xFFFF ? it->hi : 0xFFFF;
            if (a <= b) {
                if (preimage_in(l, a, b, ascii))
                    return true;
                if (!ascii)
                    for (size_t k = 0; k < re_casefixes_n; k++)
                        for (uint32_t j = 0; j < re_casefixes[k].n; j++)
                            if (re_casefixes[k].v[j] == l && preimage_in(re_casefixes[k].key, a, b, false))
                                return true;
            }
            if (it->hi >= 0x10000) {
                uint32_t u = unicode_simple_upper(l);
                if ((l >= it->lo && l <= it->hi) || (u >= it->lo && u <= it->hi))
                    return true;
            }
        }
    }
    return false;
}

void re_cat_ranges(arena *a, re_cat cat, bool ascii, re_rset *out)
{
    re_rset pos = {0};
    re_cat base = (re_cat)(cat & ~1u);
    if (base == RE_CAT_SPACE) {
        if (ascii) {
            re_rset_add(a, &pos, '\t', '\r');
            re_rset_add(a, &pos, ' ', ' ');
        } else {
            for (size_t i = 0; i < re_space_n; i++)
                re_rset_add(a, &pos, re_space[i].lo, re_space[i].hi);
        }
    } else if (base == RE_CAT_DIGIT) {
        re_rset_add(a, &pos, '0', '9');
    } else {
        re_rset_add(a, &pos, '0', '9');
        re_rset_add(a, &pos, 'A', 'Z');
        re_rset_add(a, &pos, '_', '_');
        re_rset_add(a, &pos, 'a', 'z');
    }
    re_rset_normalize(&pos);
    if (cat & 1u) {
        re_rset_complement(a, &pos, out);
    } else {
        for (size_t i = 0; i < pos.len; i++)
            re_rset_add(a, out, pos.r[i][0], pos.r[i][1]);
    }
}

void re_class_set(arena *a, const re_setitem *items, size_t n, bool ignorecase, bool ascii,
                  re_rset *out, unsigned *native, bool *negate)
{
    re_case_init();
    *native = 0;
    *negate = false;
    re_rset plain = {0}, cats = {0};
    bool hascased = false;
    for (size_t i = 0; i < n; i++) {
        const re_setitem *it = &items[i];
        switch (it->op) {
        case RE_SI_NEGATE: *negate = true; break;
        case RE_SI_LITERAL:
            re_rset_add(a, &plain, it->lo, it->lo);
            if (ignorecase && !hascased)
                hascased = re_lower(it->lo, ascii) >= 0x10000 || re_iscased(it->lo, ascii);
            break;
        case RE_SI_RANGE:
            re_rset_add(a, &plain, it->lo, it->hi);
            if (ignorecase && !hascased)
                hascased = it->hi >= 0x10000 || range_has_cased(it->lo, it->hi, ascii);
            break;
        case RE_SI_CATEGORY:
            if (!ascii && it->lo != RE_CAT_SPACE && it->lo != RE_CAT_NOT_SPACE)
                *native |= 1u << it->lo;
            else
                re_cat_ranges(a, (re_cat)it->lo, ascii, &cats);
            break;
        default: break;
        }
    }
    re_rset_normalize(&plain);
    if (hascased) {
        /* outside the case-sensitive universe the set matches as written;
         * inside it, each character is decided the way sre decides it */
        re_rset m = {0};
        for (size_t i = 0; i < plain.len; i++) {
            uint32_t lo = plain.r[i][0], hi = plain.r[i][1];
            size_t k = 0, e = nuni;
            while (k < e) { /* first uni >= lo */
                size_t mid = (k + e) / 2;
                if (uni[mid] < lo)
                    k = mid + 1;
                else
                    e = mid;
            }
            uint32_t from = lo;
            for (; k < nuni && uni[k] <= hi; k++) {
                if (uni[k] > from)
                    re_rset_add(a, &m, from, uni[k] - 1);
                from = uni[k] + 1;
            }
            if (from <= hi)
                re_rset_add(a, &m, from, hi);
        }
        for (size_t k = 0; k < nuni; k++)
            if (py_member(items, n, re_lower(uni[k], ascii), ascii))
                re_rset_add(a, &m, uni[k], uni[k]);
        plain = m;
    }
    for (size_t i = 0; i < cats.len; i++)
        re_rset_add(a, &plain, cats.r[i][0], cats.r[i][1]);
    re_rset_normalize(&plain);
    *out = plain;
}
