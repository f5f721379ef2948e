/* The tables of the stateless CJK codecs (core/codecs/codecs_cjk.c), built
 * from the generated streams of core/codecs/codecs_tables.c on a codec's
 * first use and kept for the life of the process: the class of each first
 * byte, the two-byte (and EUC three-byte) sequences, a codec stored as the
 * differences from its base codec, and the inverse for encoding (the first
 * sequence seen wins, then python3's exceptions; code points beyond the
 * BMP from the wide decodings). */
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "codecs/codecs_mb.h"

static _Atomic(cjk *) built[32];
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct reader {
    const unsigned char *s;
    size_t i;
    uint32_t prev;
    size_t run; /* tokens left in a run of 0 (none) or 1 (base) */
    int run_tok;
} reader;

static size_t rd_varint(reader *r)
{
    return codecs_varint(r->s, &r->i);
}

/* The next table value: a code point, 0 (none) or -1 (the base's) (tokens: stream.py's Tokens). */
static long rd_token(reader *r)
{
    size_t t;
    if (r->run) {
        r->run--;
        t = (size_t)r->run_tok;
    } else {
        t = rd_varint(r);
        if (t <= 2) {
            r->run_tok = (int)t;
            r->run = rd_varint(r) - 1;
        }
    }
    if (t <= 2)
        return t == 0 ? 0 : t == 1 ? -1 : (long)++r->prev;
    t -= 3;
    r->prev = (uint32_t)((int64_t)r->prev + ((t & 1) ? -(int64_t)(t >> 1) - 1 : (int64_t)(t >> 1)));
    return r->prev;
}

/* The rows (first byte, lo, count) then their tokens, applied over `table`. */
static void rd_rows(reader *r, uint16_t *table)
{
    size_t lo[256] = {0}, cnt[256] = {0};
    size_t rows = rd_varint(r), c = 0;
    for (size_t i = 0; i < rows; i++) {
        c = (c + rd_varint(r)) & 0xFF;
        lo[c] = rd_varint(r);
        cnt[c] = rd_varint(r);
    }
    r->prev = 0;
    r->run = 0;
    for (int c = 0; c < 256; c++)
        for (size_t t = lo[c]; t < lo[c] + cnt[c]; t++) {
            long v = rd_token(r);
            if (v >= 0)
                table[c << 8 | t] = (uint16_t)v;
        }
}

/* The shift_jis bytes of JIS X 0208 row/cell bytes 0x21..0x7e. */
static unsigned sjis_of_jis(unsigned j1, unsigned j2)
{
    unsigned s1 = (j1 - 0x21) >> 1, s2 = (((j1 - 0x21) & 1) ? 0x5E : 0) + (j2 - 0x21);
    return (s1 < 0x1F ? s1 + 0x81 : s1 + 0xC1) << 8 | (s2 < 0x3F ? s2 + 0x40 : s2 + 0x41);
}

static void set_enc(cjk *k, uint32_t cp, uint32_t v)
{
    if (cp < 0x10000 && !k->enc[cp])
        k->enc[cp] = v;
}

static int cmp_smp(const void *x, const void *y)
{
    const cjk_smp *a = x, *b = y;
    return (a->cp > b->cp) - (a->cp < b->cp);
}

/* base's list overlaid with the table's own: rows of `stride` words sorted by the first;
 * a row of the table replaces the base's of the same key, and is dropped (with it) when its
 * word `gone` is 0.  Malloc'ed; *n its rows. */
static uint32_t *overlay(const uint32_t *b, size_t nb, const uint32_t *t, size_t nt, size_t stride,
                         size_t gone, size_t *n)
{
    uint32_t *out = calloc((nb + nt) * stride + 1, sizeof *out);
    if (!out)
        abort();
    size_t i = 0, j = 0;
    *n = 0;
    while (i < nb || j < nt) {
        bool own = j < nt && (i >= nb || t[j * stride] <= b[i * stride]);
        const uint32_t *row = own ? t + j * stride : b + i * stride;
        if (own && i < nb && t[j * stride] == b[i * stride])
            i++; /* replaced */
        own ? j++ : i++;
        if (row[gone]) {
            memcpy(out + *n * stride, row, stride * sizeof *row);
            ++*n;
        }
    }
    return out;
}

/* The EUC-JIS-2004 code ((length << 24) | bytes) of a Shift_JIS-2004 double-byte pair, or 0. */
static uint32_t euc2004_of_sjis2004(unsigned c, unsigned t)
{
    if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) ||
        !((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC)))
        return 0;
    unsigned c1 = c < 0xE0 ? c - 0x81 : c - 0xC1, c2 = t < 0x80 ? t - 0x40 : t - 0x41;
    c1 = 2 * c1 + (c2 < 0x5E ? 0 : 1);
    c2 = (c2 < 0x5E ? c2 : c2 - 0x5E) + 0x21;
    if (c1 < 0x5E)
        return 2u << 24 | (c1 + 0x21 + 0x80) << 8 | (c2 | 0x80);
    c1 = c1 >= 0x67 ? c1 + 0x07 : c1 >= 0x63 || c1 == 0x5F ? c1 - 0x37 : c1 - 0x3D;
    return 3u << 24 | 0x8F0000 | (c1 | 0x80) << 8 | (c2 | 0x80);
}

/* The inverse: the Shift_JIS-2004 code of an EUC-JIS-2004 JIS X 0213 code, or 0. */
static uint32_t sjis2004_of_euc2004(uint32_t v)
{
    unsigned len = v >> 24, b0 = (v >> 16) & 0xFF, b1 = (v >> 8) & 0xFF, b2 = v & 0xFF;
    int c1;
    unsigned cell;
    if (len == 2 && b1 >= 0xA1 && b2 >= 0xA1) {
        c1 = (int)(b1 & 0x7F) - 0x21, cell = b2 & 0x7F;
    } else if (len == 3 && b0 == 0x8F && b1 >= 0xA1 && b2 >= 0xA1) {
        int r = (int)((b1 & 0x7F) | 0x80);
        c1 = r >= 0xEE ? r - 0x87 : r >= 0xAC || r == 0xA8 ? r - 0x49 : r - 0x43;
        cell = b2 & 0x7F;
    } else {
        return 0;
    }
    unsigned c2 = cell - 0x21 + ((c1 & 1) ? 0x5E : 0);
    c1 >>= 1;
    unsigned s1 = (unsigned)c1 + (c1 < 0x1F ? 0x81 : 0xC1), s2 = c2 + (c2 < 0x3F ? 0x40 : 0x41);
    return euc2004_of_sjis2004(s1, s2) == v ? 2u << 24 | s1 << 8 | s2 : 0;
}

static int cmp_row(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* A base list read through the EUC-JIS-2004 -> Shift_JIS-2004 transform: the word `code`
 * of each row converted (rows with none dropped), sorted again.  Malloc'ed; *n its rows. */
static uint32_t *to_sjis2004(const uint32_t *rows, size_t n, size_t stride, size_t code, size_t *nout)
{
    uint32_t *out = calloc(n * stride + 1, sizeof *out);
    if (!out)
        abort();
    *nout = 0;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *r = rows + i * stride;
        uint32_t v = r[code] == 0xFFFFFFFFu ? r[code] : sjis2004_of_euc2004(r[code]);
        if (!v)
            continue;
        memcpy(out + *nout * stride, r, stride * sizeof *r);
        out[*nout * stride + code] = v;
        ++*nout;
    }
    qsort(out, *nout, stride * sizeof *out, cmp_row);
    return out;
}

uint32_t *codecs_rows_at(const unsigned char *s, size_t *i, size_t stride, size_t *n)
{
    *n = codecs_varint(s, i);
    uint32_t *rows = calloc(*n * stride + 1, sizeof *rows), prev = 0;
    if (!rows)
        abort();
    for (size_t k = 0; k < *n; k++) {
        prev += (uint32_t)codecs_varint(s, i);
        rows[k * stride] = prev;
        for (size_t j = 1; j < stride; j++)
            rows[k * stride + j] = (uint32_t)codecs_varint(s, i);
    }
    return rows;
}

uint32_t *codecs_read_rows(const char *b64, size_t stride, size_t *n)
{
    strbuf raw = STRBUF_INIT;
    if (!base64_decode(&raw, b64, strlen(b64)))
        abort();
    size_t i = 0;
    uint32_t *rows = codecs_rows_at((const unsigned char *)raw.data, &i, stride, n);
    strbuf_free(&raw);
    return rows;
}

static cjk *build(int index)
{
    const codecs_cjk_table *t = &codecs_cjk_tables[index];
    const cjk *base = t->base >= 0 ? codecs_cjk_get(t->base) : NULL;
    cjk *k = calloc(1, sizeof *k);
    if (!k)
        abort();
    k->index = index;
    strbuf raw = STRBUF_INIT;
    if (!base64_decode(&raw, t->stream, strlen(t->stream)))
        abort();
    reader r = {.s = (const unsigned char *)raw.data};
    size_t ident = rd_varint(&r); /* the first bytes decode to themselves */
    for (size_t c = 0; c < 256; c++) {
        size_t v = c < ident ? c + 2 : rd_varint(&r);
        k->cls[c] = v == 0 ? CJK_CLS_LEAD : v == 1 ? CJK_CLS_INVALID : (uint32_t)(v - 2);
    }
    if (base && t->transform == 1) { /* euc_jp: JIS X 0208 from shift_jis, at EUC rows/cells */
        for (unsigned e1 = 0xA1; e1 <= 0xFE; e1++)
            for (unsigned e2 = 0xA1; e2 <= 0xFE; e2++)
                k->pair[e1 << 8 | e2] = base->pair[sjis_of_jis(e1 - 0x80, e2 - 0x80)];
    } else if (base && t->transform == 2) { /* shift_jis_2004: JIS X 0213 from euc_jis_2004 */
        for (unsigned c = 0x81; c <= 0xFC; c++)
            for (unsigned s2 = 0x40; s2 <= 0xFC; s2++) {
                uint32_t e = euc2004_of_sjis2004(c, s2);
                if (e)
                    k->pair[c << 8 | s2] = e >> 24 == 2 ? base->pair[e & 0xFFFF] : base->triple[e & 0xFFFF];
            }
    } else if (base) {
        memcpy(k->pair, base->pair, sizeof k->pair);
    }
    rd_rows(&r, k->pair);
    if (t->triple) {
        k->triple = calloc(65536, sizeof *k->triple);
        if (!k->triple)
            abort();
        if (base && base->triple)
            memcpy(k->triple, base->triple, 65536 * sizeof *k->triple);
        rd_rows(&r, k->triple);
    }
    strbuf_free(&raw);
    /* the exceptions, wide decodings and pairs: the base's, overlaid (not through EUC rows) */
    bool inherit = base && t->transform != 1;
    const uint32_t *bexc = inherit ? base->exc : NULL, *bwide = inherit ? base->wide : NULL;
    const uint32_t *bpairs = inherit ? base->pairs : NULL;
    size_t nbexc = inherit ? base->nexc : 0, nbwide = inherit ? base->nwide : 0,
           nbpairs = inherit ? base->npairs : 0;
    uint32_t *txwide = NULL;
    if (inherit && t->transform == 2) { /* through the Shift_JIS-2004 layout */
        bexc = NULL, nbexc = 0;         /* euc_jis_2004's are JIS X 0212 characters: none in Shift_JIS-2004 */
        bwide = txwide = to_sjis2004(base->wide, base->nwide, 3, 0, &nbwide);
        bpairs = k->own_pairs = to_sjis2004(base->pairs, base->npairs, 3, 2, &nbpairs);
    }
    strbuf lraw = STRBUF_INIT;
    if (!base64_decode(&lraw, t->lists, strlen(t->lists)))
        abort();
    reader lr = {.s = (const unsigned char *)lraw.data};
    size_t nexc, nwide, npairs;
    uint32_t *exc = codecs_rows_at(lr.s, &lr.i, 2, &nexc), *wide = codecs_rows_at(lr.s, &lr.i, 3, &nwide);
    uint32_t *pairs = codecs_rows_at(lr.s, &lr.i, 3, &npairs);
    strbuf_free(&lraw);
    k->exc = overlay(bexc, nbexc, exc, nexc, 2, 1, &k->nexc);
    k->wide = overlay(bwide, nbwide, wide, nwide, 3, 1, &k->nwide);
    free(exc);
    free(wide);
    free(txwide);
    if (inherit && !npairs) { /* the base's pairs (read through the layout when transformed) */
        free(pairs);
        k->pairs = bpairs, k->npairs = nbpairs;
    } else {
        free(k->own_pairs);
        k->pairs = k->own_pairs = pairs, k->npairs = npairs;
    }
    /* encoding: the inverse (first seen wins), then python3's exceptions */
    for (size_t e = 0; e < k->nexc; e++)
        if (k->exc[2 * e] < 0x10000)
            k->enc[k->exc[2 * e]] = k->exc[2 * e + 1];
    for (int c = 0; c < 256; c++)
        if (k->cls[c] < CJK_CLS_INVALID)
            set_enc(k, k->cls[c], 1u << 24 | (uint32_t)c);
    for (uint32_t p = 0; p < 65536; p++)
        if (k->pair[p])
            set_enc(k, k->pair[p], 2u << 24 | p);
    if (k->triple)
        for (uint32_t p = 0; p < 65536; p++)
            if (k->triple[p])
                set_enc(k, k->triple[p], 3u << 24 | 0x8F0000 | p);
    /* beyond the BMP: the wide single code points, in their (sorted) order */
    k->smp = calloc(k->nwide ? k->nwide : 1, sizeof *k->smp);
    if (!k->smp)
        abort();
    for (size_t w = 0; w < k->nwide; w++) {
        uint32_t cp = k->wide[3 * w + 1];
        if (cp >= 0x10000 && cp != 0xFFFFFFFFu && !k->wide[3 * w + 2]) {
            size_t j = 0;
            while (j < k->nsmp && k->smp[j].cp != cp)
                j++;
            if (j == k->nsmp)
                k->smp[k->nsmp++] = (cjk_smp){cp, k->wide[3 * w]};
        }
    }
    qsort(k->smp, k->nsmp, sizeof *k->smp, cmp_smp);
    return k;
}

const cjk *codecs_cjk_get(int index)
{
    cjk *k = atomic_load_explicit(&built[index], memory_order_acquire);
    if (k)
        return k;
    pthread_mutex_lock(&build_lock);
    k = atomic_load_explicit(&built[index], memory_order_relaxed);
    if (!k) {
        pthread_mutex_unlock(&build_lock); /* build() may need the base codec */
        cjk *n = build(index);
        pthread_mutex_lock(&build_lock);
        k = atomic_load_explicit(&built[index], memory_order_relaxed);
        if (!k) {
            atomic_store_explicit(&built[index], n, memory_order_release);
            k = n;
        } else {
            free(n->triple);
            free(n->smp);
            free(n->exc);
            free(n->wide);
            free(n->own_pairs);
            free(n);
        }
    }
    pthread_mutex_unlock(&build_lock);
    return k;
}

static int cmp_wide(const void *k, const void *e)
{
    uint32_t key = *(const uint32_t *)k, x = *(const uint32_t *)e;
    return (key > x) - (key < x);
}

const uint32_t *codecs_cjk_wide(const cjk *k, uint32_t key)
{
    return bsearch(&key, k->wide, k->nwide, 3 * sizeof *k->wide, cmp_wide);
}
