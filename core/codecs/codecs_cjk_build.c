/* The tables of the stateless CJK codecs (core/codecs/codecs_cjk.c), built
 * from the generated streams of core/codecs/codecs_tables.c on a codec's
 * first use and kept for the life of the process: the class of each first
 * byte, the two-byte (and EUC three-byte) sequences, a codec stored as the
 * differences from its base codec, and the inverse for encoding (the first
 * sequence seen wins, then python3's exceptions; code points beyond the
 * BMP from the wide decodings). */
#include <pthread.h>
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
    size_t v = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char b = r->s[r->i++];
        v |= (size_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
}

/* The next table value: a code point, 0 (none) or -1 (the base's). */
static long rd_token(reader *r)
{
    if (r->run) {
        r->run--;
        return r->run_tok ? -1 : 0;
    }
    size_t t = rd_varint(r);
    if (t <= 1) {
        r->run_tok = (int)t;
        r->run = rd_varint(r) - 1;
        return t ? -1 : 0;
    }
    t -= 2;
    r->prev = (uint32_t)((int64_t)r->prev + ((t & 1) ? -(int64_t)(t >> 1) - 1 : (int64_t)(t >> 1)));
    return r->prev;
}

/* 256 rows (lo, count) then their tokens, applied over `table`. */
static void rd_rows(reader *r, uint16_t *table)
{
    size_t lo[256], cnt[256];
    for (int c = 0; c < 256; c++) {
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
    for (int c = 0; c < 256; c++) {
        size_t v = rd_varint(&r);
        k->cls[c] = v == 0 ? CJK_CLS_LEAD : v == 1 ? CJK_CLS_INVALID : (uint32_t)(v - 2);
    }
    if (base && t->transform) { /* euc_jp: JIS X 0208 from shift_jis, at EUC rows/cells */
        for (unsigned e1 = 0xA1; e1 <= 0xFE; e1++)
            for (unsigned e2 = 0xA1; e2 <= 0xFE; e2++)
                k->pair[e1 << 8 | e2] = base->pair[sjis_of_jis(e1 - 0x80, e2 - 0x80)];
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
    /* encoding: the inverse (first seen wins), then python3's exceptions */
    for (size_t e = 0; e < t->nexc; e++)
        if (t->exc[2 * e] < 0x10000)
            k->enc[t->exc[2 * e]] = t->exc[2 * e + 1];
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
    k->smp = calloc(t->nwide ? t->nwide : 1, sizeof *k->smp);
    if (!k->smp)
        abort();
    for (size_t w = 0; w < t->nwide; w++) {
        uint32_t cp = t->wide[3 * w + 1];
        if (cp >= 0x10000 && cp != 0xFFFFFFFFu && !t->wide[3 * w + 2]) {
            size_t j = 0;
            while (j < k->nsmp && k->smp[j].cp != cp)
                j++;
            if (j == k->nsmp)
                k->smp[k->nsmp++] = (cjk_smp){cp, t->wide[3 * w]};
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

const uint32_t *codecs_cjk_wide(const codecs_cjk_table *t, uint32_t key)
{
    return bsearch(&key, t->wide, t->nwide, 3 * sizeof *t->wide, cmp_wide);
}
