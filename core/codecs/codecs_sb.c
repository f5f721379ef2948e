/* One byte per character: ascii, latin-1 (unicode_encode_ucs1 and the
 * decoders of CPython 3.11) and the 8-bit charmap codecs (charmap_encode /
 * charmap_decode with the tables of encodings/cp1252.py and friends). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "codecs/codecs_int.h"

/* ---------------------------------------------------------------- ascii, latin-1 */

int codecs_ucs1_encode(codecs_call *c, uint32_t limit)
{
    const char *enc = limit == 256 ? "latin-1" : "ascii";
    const char *reason = limit == 256 ? "ordinal not in range(256)" : "ordinal not in range(128)";
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    strbuf_reserve(&c->out, n);
    while (i < n) {
        if (u[i] < limit) {
            c->out.data[c->out.len++] = (char)u[i++];
            continue;
        }
        c->out.data[c->out.len] = '\0';
        size_t start = i, end = i + 1;
        while (end < n && u[end] >= limit)
            end++;
        if (c->eh == CODECS_EH_SURROGATEESCAPE) {
            while (start < end && u[start] >= 0xDC80 && u[start] <= 0xDCFF)
                strbuf_putc(&c->out, (char)(u[start++] - 0xDC00));
            if (start == end) {
                i = end;
                strbuf_reserve(&c->out, n - i);
                continue;
            }
        }
        codecs_enc_rep r;
        if (codecs_enc_handler(c, enc, reason, start, end, &r) < 0)
            return -1;
        if (!r.bytes)
            for (size_t k = 0; k < r.rep.len; k++)
                if ((unsigned char)r.rep.data[k] >= limit) {
                    strbuf_free(&r.rep);
                    return codecs_raise_encode(c, enc, reason, start, start + 1);
                }
        strbuf_append(&c->out, r.rep.data ? r.rep.data : "", r.rep.len);
        strbuf_free(&r.rep);
        if (codecs_check_size(c) < 0)
            return -1;
        i = r.newpos;
        strbuf_reserve(&c->out, n - i);
    }
    c->out.data[c->out.len] = '\0';
    return 0;
}

int codecs_ascii_decode(codecs_call *c)
{
    const unsigned char *b = c->b;
    size_t i = 0, n = c->blen;
    while (i < n) {
        size_t j = i;
        while (j < n && b[j] < 0x80)
            j++;
        strbuf_append(&c->out, b + i, j - i);
        c->ncp += j - i;
        if (j == n)
            break;
        size_t newpos;
        if (codecs_dec_handler(c, "ascii", "ordinal not in range(128)", j, j + 1, &newpos) < 0 ||
            codecs_check_size(c) < 0)
            return -1;
        i = newpos;
    }
    return 0;
}

int codecs_latin1_decode(codecs_call *c)
{
    for (size_t i = 0; i < c->blen; i++)
        codecs_put(c, c->b[i]);
    return 0;
}

/* ---------------------------------------------------------------- charmaps */

typedef struct cm_enc {
    uint16_t cp;
    uint8_t byte;
} cm_enc;

typedef struct charmap {
    uint16_t dec[256]; /* 0xFFFE: undefined */
    cm_enc enc[256];   /* code point -> byte, sorted by code point */
    size_t nenc;
} charmap;

static charmap *charmaps; /* built once, lives as long as the process */
static pthread_once_t charmaps_once = PTHREAD_ONCE_INIT;

static int cmp_enc(const void *x, const void *y)
{
    const cm_enc *a = x, *b = y;
    return (a->cp > b->cp) - (a->cp < b->cp);
}

static void build_charmaps(void)
{
    strbuf raw = STRBUF_INIT;
    if (!base64_decode(&raw, codecs_charmap_b64, strlen(codecs_charmap_b64)))
        abort();
    const unsigned char *s = (const unsigned char *)raw.data;
    charmaps = calloc(codecs_ncharmaps, sizeof *charmaps);
    if (!charmaps)
        abort();
    size_t i = 0;
    for (size_t k = 0; k < codecs_ncharmaps; k++) {
        charmap *m = &charmaps[k];
        int b = 0;
        if (codecs_varint(s, &i))
            for (; b < 128; b++)
                m->dec[b] = (uint16_t)b;
        /* tokens: 0 + n = n undefined, 2 + n = n values one more than the one before, else
           zigzag delta + 3 (tools/codec_gen/stream.py) */
        uint32_t prev = 0;
        while (b < 256) {
            size_t t = codecs_varint(s, &i);
            if (t <= 2) {
                for (size_t r = codecs_varint(s, &i); r > 0 && b < 256; r--)
                    m->dec[b++] = t == 2 ? (uint16_t)++prev : 0xFFFE;
                continue;
            }
            t -= 3;
            prev = (uint32_t)((int64_t)prev + ((t & 1) ? -(int64_t)(t >> 1) - 1 : (int64_t)(t >> 1)));
            m->dec[b++] = (uint16_t)prev;
        }
        /* the inverse, the last byte winning (PyUnicode_BuildEncodingMap) */
        for (int x = 0; x < 256; x++) {
            if (m->dec[x] == 0xFFFE)
                continue;
            size_t j = 0;
            while (j < m->nenc && m->enc[j].cp != m->dec[x])
                j++;
            m->enc[j].cp = m->dec[x];
            m->enc[j].byte = (uint8_t)x;
            if (j == m->nenc)
                m->nenc++;
        }
        qsort(m->enc, m->nenc, sizeof *m->enc, cmp_enc);
    }
    strbuf_free(&raw);
}

static const charmap *get_charmap(int index)
{
    pthread_once(&charmaps_once, build_charmaps);
    return &charmaps[index];
}

/* The byte for ch, or -1. */
static int cm_encode(const charmap *m, int index, uint32_t ch)
{
    for (size_t k = 0; k < codecs_ncharmap_excs; k++)
        if (codecs_charmap_excs[k].charmap == index && codecs_charmap_excs[k].cp == ch)
            return codecs_charmap_excs[k].byte;
    if (ch > 0xFFFF)
        return -1;
    cm_enc key = {(uint16_t)ch, 0};
    const cm_enc *e = bsearch(&key, m->enc, m->nenc, sizeof *m->enc, cmp_enc);
    return e ? e->byte : -1;
}

int codecs_charmap_encode(codecs_call *c, int index)
{
    static const char reason[] = "character maps to <undefined>";
    const charmap *m = get_charmap(index);
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    while (i < n) {
        int b = cm_encode(m, index, u[i]);
        if (b >= 0) {
            strbuf_putc(&c->out, (char)b);
            i++;
            continue;
        }
        size_t start = i, end = i + 1;
        while (end < n && cm_encode(m, index, u[end]) < 0)
            end++;
        if (c->eh == CODECS_EH_STRICT)
            return codecs_raise_encode(c, "charmap", reason, start, end);
        if (c->eh == CODECS_EH_IGNORE) {
            i = end;
            continue;
        }
        codecs_enc_rep r = {0};
        if (c->eh == CODECS_EH_REPLACE || c->eh == CODECS_EH_XMLCHARREFREPLACE) {
            /* charmap_encoding_error's own replacements: every character must map */
            strbuf_init(&r.rep);
            for (size_t k = start; k < end; k++) {
                if (c->eh == CODECS_EH_REPLACE)
                    strbuf_putc(&r.rep, '?');
                else
                    strbuf_printf(&r.rep, "&#%u;", (unsigned)u[k]);
            }
            r.newpos = end;
        } else if (codecs_enc_handler(c, "charmap", reason, start, end, &r) < 0) {
            return -1;
        }
        if (r.bytes) {
            strbuf_append(&c->out, r.rep.data ? r.rep.data : "", r.rep.len);
        } else {
            for (size_t k = 0; k < r.rep.len; k++) {
                int x = cm_encode(m, index, (unsigned char)r.rep.data[k]);
                if (x < 0) {
                    strbuf_free(&r.rep);
                    return codecs_raise_encode(c, "charmap", reason, start, end);
                }
                strbuf_putc(&c->out, (char)x);
            }
        }
        strbuf_free(&r.rep);
        if (codecs_check_size(c) < 0)
            return -1;
        i = r.newpos;
    }
    return 0;
}

int codecs_charmap_decode(codecs_call *c, int index)
{
    const charmap *m = get_charmap(index);
    size_t i = 0, n = c->blen;
    while (i < n) {
        uint16_t cp = m->dec[c->b[i]];
        if (cp != 0xFFFE) {
            codecs_put(c, cp);
            i++;
            continue;
        }
        size_t newpos;
        if (codecs_dec_handler(c, "charmap", "character maps to <undefined>", i, i + 1, &newpos) < 0 ||
            codecs_check_size(c) < 0)
            return -1;
        i = newpos;
    }
    return 0;
}
