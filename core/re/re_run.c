/* Runs (re_run.h): the plan made at compile time, membership, and the
 * tables the scans read (re_run_scan.c), built once per pattern on first
 * use. */
#include <stdlib.h>
#include <string.h>

#include "re/re_class.h"
#include "re/re_int.h"
#include "re/re_run_int.h"
#include "text/unicode.h"

/* ------------------------------------------------------------ membership */

static pthread_once_t cats_once = PTHREAD_ONCE_INIT;
static uint64_t cat_digit[RE_RUN_BMP_WORDS], cat_word[RE_RUN_BMP_WORDS]; /* Python's \d and \w on the BMP */

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

/* ------------------------------------------------------------ tables */

static void bmp_build(const re_run *r, uint64_t *m)
{
    for (size_t i = 0; i < r->nranges && r->ranges[i][0] < 0x10000; i++) {
        uint32_t lo = r->ranges[i][0], hi = r->ranges[i][1] < 0xFFFF ? r->ranges[i][1] : 0xFFFF;
        for (uint32_t c = lo; c <= hi; c++)
            m[c >> 6] |= 1ull << (c & 63);
    }
    if (r->native) {
        pthread_once(&cats_once, cats_build);
        for (size_t w = 0; w < RE_RUN_BMP_WORDS; w++) {
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
        for (size_t w = 0; w < RE_RUN_BMP_WORDS; w++)
            m[w] = ~m[w];
}

/* All members, none, or some among the BMP words [w, w + n). */
static uint8_t words_class(const uint64_t *m, size_t w, size_t n)
{
    bool all = true, none = true;
    for (size_t i = w; i < w + n; i++) {
        all &= m[i] == ~0ull;
        none &= m[i] == 0;
    }
    return all ? RUN_MEMBER : none ? RUN_NON : RUN_MIXED;
}

static void classes_build(const re_run *r, re_run_tables *t)
{
    for (unsigned b = 0; b < 256; b++) {
        if (b < 0x80)
            t->cls[b] = r->asc[b] ? RUN_MEMBER : RUN_NON;
        else if (b < 0xC0)
            t->cls[b] = RUN_CONT;
        else if (b >= 0xC2 && b < 0xE0) /* U+0080..U+07FF: 64 code points a lead byte */
            t->cls[b] = words_class(t->bmp, b & 0x1F, 1);
        else if (b == 0xE0) /* U+0800..U+0FFF */
            t->cls[b] = words_class(t->bmp, 32, 32);
        else if (b > 0xE0 && b < 0xF0) /* 4096 code points a lead byte */
            t->cls[b] = words_class(t->bmp, (size_t)(b & 0x0F) * 64, 64);
        else
            t->cls[b] = RUN_MIXED;
    }
}

/* Nibble tables for a set of byte values (rows: the low nibbles of each
 * high nibble), exact when its rows take at most `bits` distinct values;
 * they do here: ASCII has 8 high nibbles, lead bytes 4. */
static void nibbles(const uint16_t row[16], unsigned bit0, unsigned bits, uint8_t hi[16], uint8_t lo[16])
{
    uint16_t seen[8] = {0};
    unsigned n = 0;
    for (unsigned h = 0; h < 16; h++) {
        if (!row[h])
            continue;
        unsigned g = 0;
        while (g < n && seen[g] != row[h])
            g++;
        if (g == n) {
            if (n == bits)
                abort(); /* cannot happen: at most `bits` rows are given */
            seen[n++] = row[h];
        }
        hi[h] |= (uint8_t)(1u << (bit0 + g));
        for (unsigned l = 0; l < 16; l++)
            if (row[h] >> l & 1)
                lo[l] |= (uint8_t)(1u << (bit0 + g));
    }
}

static void nibbles_build(re_run_tables *t)
{
    uint16_t asc[16] = {0}, member[16] = {0}, mixed[16] = {0};
    for (unsigned b = 0; b < 256; b++) {
        if (b < 0x80 && t->cls[b] == RUN_MEMBER)
            asc[b >> 4] |= (uint16_t)(1u << (b & 15));
        if (b >= 0xC0 && t->cls[b] == RUN_MEMBER)
            member[b >> 4] |= (uint16_t)(1u << (b & 15));
        if (b >= 0xC0 && t->cls[b] == RUN_MIXED)
            mixed[b >> 4] |= (uint16_t)(1u << (b & 15));
    }
    nibbles(asc, 0, 8, t->asc_hi, t->asc_lo);
    nibbles(member, 0, 4, t->lead_hi, t->lead_lo);
    nibbles(mixed, 4, 4, t->lead_hi, t->lead_lo);
}

const re_run_tables *re_run_tables_of(re_run *r)
{
    re_run_tables *t = atomic_load_explicit(&r->tables, memory_order_acquire);
    if (t)
        return t;
    pthread_mutex_lock(&r->mu);
    t = atomic_load_explicit(&r->tables, memory_order_relaxed);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            abort();
        bmp_build(r, t->bmp);
        classes_build(r, t);
        nibbles_build(t);
        atomic_store_explicit(&r->tables, t, memory_order_release);
    }
    pthread_mutex_unlock(&r->mu);
    return t;
}

/* ------------------------------------------------------------ the plan */

static _Thread_local bool bypass;

void re_run_bypass(bool on) { bypass = on; }

re_run *re_run_of(const re_pattern *p)
{
    return bypass ? NULL : p->run;
}

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
    uint32_t min = 1, max = 1, want = 1;
    if (n->op == RE_MAX_REPEAT || n->op == RE_MIN_REPEAT || n->op == RE_POSSESSIVE_REPEAT) {
        if (n->rep.min < 1 || !n->rep.item || n->rep.item->len != 1)
            return NULL;
        min = n->rep.min;
        max = n->rep.max;
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
    r->max = max;
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
    free(atomic_load_explicit(&r->tables, memory_order_relaxed));
    pthread_mutex_destroy(&r->mu);
    free(r->ranges);
    free(r);
}
