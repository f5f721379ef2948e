/* The CJK codecs of Modules/cjkcodecs (CPython 3.11): the decoder steps of
 * _codecs_cn.c, _codecs_tw.c, _codecs_jp.c and _codecs_kr.c with their
 * error sizes ("illegal multibyte sequence" = the first byte only,
 * "incomplete multibyte sequence" = the rest of the input), and
 * multibytecodec.c's error handling.  The mappings are python3's own
 * (tools/gen_codec_tables.py checks this model against it): a class per
 * first byte, a table of two-byte sequences (three-byte for euc_jp's JIS X
 * 0212), the gb18030 four-byte ranges and the euc_kr make-up sequences of KS
 * X 1001:1998 Annex 3.  Each codec's tables are built on its first use and
 * kept for the life of the process. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "codecs/codecs_int.h"

#define CLS_LEAD 0xFFFFFFFFu
#define CLS_INVALID 0xFFFFFFFEu
#define ENC_NONE 0xFFFFFFFFu /* forced: no encoding (an exception entry) */

typedef struct cjk {
    int index;
    uint32_t cls[256];    /* first byte: a code point, CLS_LEAD or CLS_INVALID */
    uint16_t pair[65536]; /* (first << 8 | second) -> code point, 0: none */
    uint16_t *triple;     /* euc_jp: 0x8F (c2 << 8 | c3) -> code point */
    uint32_t enc[65536];  /* BMP code point -> (length << 24) | bytes; 0: by algorithm or none */
} cjk;

static _Atomic(cjk *) built[16];
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---------------------------------------------------------------- tables */

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

static cjk *get_cjk(int index);

static cjk *build(int index)
{
    const codecs_cjk_table *t = &codecs_cjk_tables[index];
    cjk *base = t->base >= 0 ? get_cjk(t->base) : NULL;
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
        k->cls[c] = v == 0 ? CLS_LEAD : v == 1 ? CLS_INVALID : (uint32_t)(v - 2);
    }
    if (base && t->transform) { /* euc_jp: JIS X 0208 from shift_jis, at EUC rows/cells */
        for (unsigned e1 = 0xA1; e1 <= 0xFE; e1++)
            for (unsigned e2 = 0xA1; e2 <= 0xFE; e2++)
                k->pair[e1 << 8 | e2] = base->pair[sjis_of_jis(e1 - 0x80, e2 - 0x80)];
    } else if (base) {
        memcpy(k->pair, base->pair, sizeof k->pair);
    }
    rd_rows(&r, k->pair);
    if (!strcmp(t->name, "euc_jp")) {
        k->triple = calloc(65536, sizeof *k->triple);
        if (!k->triple)
            abort();
        rd_rows(&r, k->triple);
    }
    strbuf_free(&raw);
    /* encoding: the inverse (first seen wins), then python3's exceptions */
    for (size_t e = 0; e < t->nexc; e++)
        if (t->exc[2 * e] < 0x10000)
            k->enc[t->exc[2 * e]] = t->exc[2 * e + 1];
    for (int c = 0; c < 256; c++)
        if (k->cls[c] < CLS_INVALID)
            set_enc(k, k->cls[c], 1u << 24 | (uint32_t)c);
    for (uint32_t p = 0; p < 65536; p++)
        if (k->pair[p])
            set_enc(k, k->pair[p], 2u << 24 | p);
    if (k->triple)
        for (uint32_t p = 0; p < 65536; p++)
            if (k->triple[p])
                set_enc(k, k->triple[p], 3u << 24 | 0x8F0000 | p);
    return k;
}

static cjk *get_cjk(int index)
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
            free(n);
        }
    }
    pthread_mutex_unlock(&build_lock);
    return k;
}

/* ---------------------------------------------------------------- gb18030, euc_kr */

/* The four bytes of linear index lseq, first byte from `first`. */
static uint32_t gb_bytes(uint32_t lseq, unsigned first, unsigned char out[4])
{
    out[3] = (unsigned char)(0x30 + lseq % 10);
    lseq /= 10;
    out[2] = (unsigned char)(0x81 + lseq % 126);
    lseq /= 126;
    out[1] = (unsigned char)(0x30 + lseq % 10);
    out[0] = (unsigned char)(first + lseq / 10);
    return 4;
}

static size_t gb18030_encode(uint32_t cp, unsigned char out[4])
{
    if (cp >= 0x10000)
        return gb_bytes(cp - 0x10000, 0x90, out);
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    for (size_t i = 0; i < codecs_gb18030_nranges; i++) {
        uint32_t first = codecs_gb18030_ranges[i][0], base = codecs_gb18030_ranges[i][1];
        uint32_t len = codecs_gb18030_ranges[i + 1][1] - base;
        if (cp >= first && cp < first + len)
            return gb_bytes(cp - first + base, 0x81, out);
    }
    return 0;
}

/* The code point of a four-byte sequence, or 0. */
static uint32_t gb18030_decode4(const unsigned char *p)
{
    unsigned c = p[0], c2 = p[1], c3 = p[2], c4 = p[3];
    if (c < 0x81 || c > 0xFE || c3 < 0x81 || c3 > 0xFE || c4 < 0x30 || c4 > 0x39)
        return 0;
    c -= 0x81, c2 -= 0x30, c3 -= 0x81, c4 -= 0x30;
    if (c < 4) {
        uint32_t lseq = (c * 10 + c2) * 1260 + c3 * 10 + c4;
        if (lseq >= 39420)
            return 0;
        size_t i = 0;
        while (i + 1 < codecs_gb18030_nranges && codecs_gb18030_ranges[i + 1][1] <= lseq)
            i++;
        return codecs_gb18030_ranges[i][0] + lseq - codecs_gb18030_ranges[i][1];
    }
    if (c >= 15) {
        uint32_t cp = 0x10000 + ((c - 15) * 10 + c2) * 1260 + c3 * 10 + c4;
        return cp <= 0x10FFFF ? cp : 0;
    }
    return 0;
}

static uint32_t euckr_makeup(const unsigned char *p)
{
    if (p[2] != 0xA4 || p[4] != 0xA4 || p[6] != 0xA4)
        return 0;
    int cho = codecs_euckr_cho[p[3]], jung = codecs_euckr_jung[p[5]], jong = codecs_euckr_jong[p[7]];
    if (cho < 0 || jung < 0 || jong < 0)
        return 0;
    return 0xAC00 + (uint32_t)(cho * 588 + jung * 28 + jong);
}

static size_t euckr_makeup_encode(uint32_t cp, unsigned char out[8])
{
    int s = (int)(cp - 0xAC00), want[3] = {s / 588, (s / 28) % 21, s % 28};
    const short *t[3] = {codecs_euckr_cho, codecs_euckr_jung, codecs_euckr_jong};
    out[0] = 0xA4, out[1] = 0xD4;
    for (int k = 0; k < 3; k++) {
        int b = 0;
        while (b < 256 && t[k][b] != want[k])
            b++;
        if (b == 256)
            return 0;
        out[2 + 2 * k] = 0xA4;
        out[3 + 2 * k] = (unsigned char)b;
    }
    return 8;
}

/* ---------------------------------------------------------------- codec */

/* The bytes of one code point, or 0 when it has none. */
static size_t encode_cp(const cjk *k, uint32_t cp, unsigned char out[8])
{
    const codecs_cjk_table *t = &codecs_cjk_tables[k->index];
    uint32_t v = 0;
    if (cp < 0x10000) {
        v = k->enc[cp];
    } else {
        for (size_t e = 0; e < t->nexc; e++)
            if (t->exc[2 * e] == cp)
                v = t->exc[2 * e + 1];
    }
    if (v == ENC_NONE)
        return 0;
    if (v) {
        size_t n = v >> 24;
        for (size_t i = 0; i < n; i++)
            out[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
        return n;
    }
    if (!strcmp(t->name, "gb18030"))
        return gb18030_encode(cp, out);
    if (!strcmp(t->name, "euc_kr") && cp >= 0xAC00 && cp <= 0xD7A3)
        return euckr_makeup_encode(cp, out);
    return 0;
}

int codecs_cjk_encode(codecs_call *c, int index)
{
    const cjk *k = get_cjk(index);
    const char *enc = codecs_cjk_tables[index].name;
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    unsigned char b[8];
    while (i < n) {
        size_t len = encode_cp(k, u[i], b);
        if (len) {
            strbuf_append(&c->out, b, len);
            i++;
            continue;
        }
        /* multibytecodec_encerror: one character, "illegal multibyte sequence" */
        if (c->eh == CODECS_EH_REPLACE || c->eh == CODECS_EH_IGNORE) {
            if (c->eh == CODECS_EH_REPLACE) {
                len = encode_cp(k, '?', b);
                strbuf_append(&c->out, len ? (const char *)b : "?", len ? len : 1);
            }
            i++;
            continue;
        }
        codecs_enc_rep r;
        if (codecs_enc_handler(c, enc, "illegal multibyte sequence", i, i + 1, &r) < 0)
            return -1;
        if (r.bytes) {
            strbuf_append(&c->out, r.rep.data ? r.rep.data : "", r.rep.len);
        } else {
            for (size_t j = 0; j < r.rep.len; j++) { /* ASCII: encodable by every codec here */
                len = encode_cp(k, (unsigned char)r.rep.data[j], b);
                strbuf_append(&c->out, b, len);
            }
        }
        strbuf_free(&r.rep);
        if (codecs_check_size(c) < 0)
            return -1;
        i = r.newpos;
    }
    return 0;
}

int codecs_cjk_decode(codecs_call *c, int index)
{
    const cjk *k = get_cjk(index);
    const char *enc = codecs_cjk_tables[index].name;
    bool gb18030 = !strcmp(enc, "gb18030"), eucjp = !strcmp(enc, "euc_jp"), euckr = !strcmp(enc, "euc_kr");
    const unsigned char *b = c->b;
    size_t i = 0, n = c->blen;
    while (i < n) {
        unsigned ch = b[i];
        size_t left = n - i, esize = 1, need = 0, used = 1;
        uint32_t cls = k->cls[ch], cp = 0;
        bool ok = false;
        if (cls < CLS_INVALID) {
            cp = cls, ok = true;
        } else if (cls == CLS_LEAD) {
            if (left < 2) {
                need = 2;
            } else {
                unsigned c2 = b[i + 1];
                if (gb18030 && c2 >= 0x30 && c2 <= 0x39) {
                    if (left < 4)
                        need = 4;
                    else
                        cp = gb18030_decode4(b + i), used = 4;
                } else if (eucjp && ch == 0x8F) {
                    if (left < 3)
                        need = 3;
                    else
                        cp = k->triple[c2 << 8 | b[i + 2]], used = 3;
                } else if (euckr && ch == 0xA4 && c2 == 0xD4) {
                    if (left < 8)
                        need = 8;
                    else
                        cp = euckr_makeup(b + i), used = 8;
                } else {
                    cp = k->pair[ch << 8 | c2], used = 2;
                }
                ok = cp != 0 && !need; /* no sequence decodes to U+0000 */
            }
        }
        if (ok) {
            codecs_put(c, cp);
            i += used;
            continue;
        }
        const char *reason = "illegal multibyte sequence";
        if (need) { /* MBERR_TOOFEW: the rest of the input */
            reason = "incomplete multibyte sequence";
            esize = left;
        }
        if (c->eh == CODECS_EH_REPLACE || c->eh == CODECS_EH_IGNORE) {
            if (c->eh == CODECS_EH_REPLACE)
                codecs_put(c, 0xFFFD);
            i += esize;
            continue;
        }
        size_t newpos;
        if (codecs_dec_handler(c, enc, reason, i, i + esize, &newpos) < 0 || codecs_check_size(c) < 0)
            return -1;
        i = newpos;
    }
    return 0;
}
