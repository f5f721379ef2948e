/* The stateless CJK codecs of Modules/cjkcodecs (CPython 3.11): the encoder
 * and decoder steps of _codecs_cn.c, _codecs_tw.c, _codecs_hk.c, _codecs_jp.c
 * and _codecs_kr.c with their error sizes ("illegal multibyte sequence" = the
 * first byte only, both bytes for the sequences JIS X 0213:2000 lacks), the
 * characters that combine with the next one when encoded (JIS X 0213,
 * HKSCS) and the decodings beyond one BMP code point.  The mappings are
 * python3's own (tools/gen_codec_tables.py checks this model against it,
 * core/codecs/codecs_cjk_build.c builds them): a class per first byte, a
 * table of two-byte sequences (three-byte for EUC's 0x8F), the gb18030
 * four-byte ranges and the euc_kr make-up sequences of KS X 1001:1998
 * Annex 3.  multibytecodec.c's driver is core/codecs/codecs_mb.c. */
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs_mb.h"

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

static int cmp_u32(const void *k, const void *e)
{
    uint32_t key = *(const uint32_t *)k, x = *(const uint32_t *)e;
    return (key > x) - (key < x);
}

/* The bytes of one code point, or 0 when it has none. */
static size_t encode_cp(const cjk *k, uint32_t cp, unsigned char out[8])
{
    const codecs_cjk_table *t = &codecs_cjk_tables[k->index];
    uint32_t v = 0;
    if (cp < 0x10000) {
        v = k->enc[cp];
    } else {
        const uint32_t *e = bsearch(&cp, k->exc, k->nexc, 2 * sizeof *k->exc, cmp_u32);
        const cjk_smp *s = bsearch(&cp, k->smp, k->nsmp, sizeof *k->smp, cmp_u32);
        v = e ? e[1] : s ? s->code : 0;
    }
    if (v == CJK_ENC_NONE)
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

static void put_code(strbuf *out, uint32_t v)
{
    size_t n = v >> 24;
    for (size_t i = 0; i < n; i++)
        strbuf_putc(out, (char)(v >> (8 * (n - 1 - i))));
}

int codecs_cjk_encode_step(codecs_call *c, int index, const uint32_t *u, size_t *pi, size_t n, bool flush,
                           strbuf *out)
{
    (void)c;
    const cjk *k = codecs_cjk_get(index);
    unsigned char b[8];
    size_t i = *pi;
    int rc = 0;
    while (i < n) {
        if (k->npairs && codecs_find_pair(k->pairs, k->npairs, u[i], 0, true)) {
            /* a MULTIC character: the next one may combine with it (even U+0000) */
            if (i + 1 >= n && !flush) {
                rc = MBERR_TOOFEW;
                break;
            }
            const uint32_t *p =
                i + 1 < n ? codecs_find_pair(k->pairs, k->npairs, u[i], u[i + 1] & 0xFFFF, false) : NULL;
            if (p) {
                put_code(out, p[2]);
                i += 2;
                continue;
            }
        }
        size_t len = encode_cp(k, u[i], b);
        if (!len) {
            rc = 1;
            break;
        }
        strbuf_append(out, b, len);
        i++;
    }
    *pi = i;
    return rc;
}

int codecs_cjk_decode_step(codecs_call *c, int index, size_t *pi)
{
    const cjk *k = codecs_cjk_get(index);
    const codecs_cjk_table *t = &codecs_cjk_tables[index];
    bool gb18030 = !strcmp(t->name, "gb18030"), euckr = !strcmp(t->name, "euc_kr");
    const unsigned char *b = c->b;
    size_t i = *pi, n = c->blen;
    while (i < n) {
        unsigned ch = b[i];
        size_t left = n - i, used = 1;
        uint32_t cls = k->cls[ch], cp = 0;
        if (cls < CJK_CLS_INVALID) {
            codecs_put(c, cls);
            i++;
            continue;
        }
        if (cls == CJK_CLS_INVALID)
            break;
        if (left < 2) {
            *pi = i;
            return MBERR_TOOFEW;
        }
        unsigned c2 = b[i + 1];
        size_t need = 2;
        if (gb18030 && c2 >= 0x30 && c2 <= 0x39)
            need = 4;
        else if (t->triple && ch == 0x8F)
            need = 3;
        else if (euckr && ch == 0xA4 && c2 == 0xD4)
            need = 8;
        if (left < need) {
            *pi = i;
            return MBERR_TOOFEW;
        }
        if (need == 4)
            cp = gb18030_decode4(b + i);
        else if (need == 3)
            cp = k->triple[c2 << 8 | b[i + 2]];
        else if (need == 8)
            cp = euckr_makeup(b + i);
        else
            cp = k->pair[ch << 8 | c2];
        used = need;
        if (!cp && need <= 3) { /* no sequence decodes to U+0000: look among the wide ones */
            uint32_t key = (uint32_t)need << 24 | ch << 8 * (need - 1) | c2 << 8 * (need - 2);
            if (need == 3)
                key |= b[i + 2];
            const uint32_t *w = codecs_cjk_wide(k, key);
            if (w && w[1] == 0xFFFFFFFFu) { /* JIS X 0213:2000 lacks it: both bytes are the error */
                *pi = i;
                return 2;
            }
            if (w) {
                codecs_put(c, w[1]);
                if (w[2])
                    codecs_put(c, w[2]);
                i += used;
                continue;
            }
        }
        if (!cp)
            break;
        codecs_put(c, cp);
        i += used;
    }
    *pi = i;
    return i < n ? 1 : 0;
}
