/* UTF-8, UTF-16 and UTF-32 as Objects/unicodeobject.c (and
 * Objects/stringlib/codecs.h) of CPython 3.11 encode and decode them:
 * the same error ranges, reasons and encoding names in the exceptions. */
#include <string.h>

#include "codecs/codecs_int.h"

static inline bool is_surrogate(uint32_t ch)
{
    return ch >= 0xD800 && ch <= 0xDFFF;
}

/* Append a handler's answer; for a str answer (ASCII), each character
 * through put(). */
static int put_rep(codecs_call *c, codecs_enc_rep *r, void (*put)(codecs_call *, uint32_t))
{
    if (r->bytes || !put)
        strbuf_append(&c->out, r->rep.data ? r->rep.data : "", r->rep.len);
    else
        for (size_t i = 0; i < r->rep.len; i++)
            put(c, (unsigned char)r->rep.data[i]);
    strbuf_free(&r->rep);
    return codecs_check_size(c);
}

/* ---------------------------------------------------------------- UTF-8 */

static void put_utf8(codecs_call *c, uint32_t ch)
{
    char b[4];
    strbuf_append(&c->out, b, (size_t)utf8_put(ch, b));
}

int codecs_utf8_encode(codecs_call *c)
{
    /* no lone surrogate: the stored text is the answer */
    bool surr = false;
    for (size_t i = 0; i + 1 < c->srclen && !surr; i++)
        surr = (unsigned char)c->src[i] == 0xED && (unsigned char)c->src[i + 1] >= 0xA0;
    if (!surr) {
        strbuf_append(&c->out, c->src, c->srclen);
        return 0;
    }
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    while (i < n) {
        if (!is_surrogate(u[i])) {
            put_utf8(c, u[i++]);
            continue;
        }
        size_t start = i, end = i + 1;
        while (end < n && is_surrogate(u[end]))
            end++;
        if (c->eh == CODECS_EH_SURROGATEESCAPE) {
            /* the encoder's own pass: DC80..DCFF become bytes; the handler
             * then sees the rest of the run (and refuses it) */
            while (start < end && u[start] >= 0xDC80 && u[start] <= 0xDCFF)
                strbuf_putc(&c->out, (char)(u[start++] - 0xDC00));
            if (start == end) {
                i = end;
                continue;
            }
        }
        codecs_enc_rep r;
        if (codecs_enc_handler(c, "utf-8", "surrogates not allowed", start, end, &r) < 0)
            return -1;
        if (put_rep(c, &r, NULL) < 0)
            return -1;
        i = r.newpos;
    }
    return 0;
}

int codecs_utf8_decode(codecs_call *c, size_t skip)
{
    const unsigned char *b = c->b;
    size_t n = c->blen, i = skip;
    while (i < n) {
        size_t bad, ncp;
        bool ascii;
        if (utf8_check((const char *)b + i, n - i, &ncp, &ascii, &bad)) {
            strbuf_append(&c->out, b + i, n - i);
            c->ncp += ncp;
            break;
        }
        if (bad) {
            strbuf_append(&c->out, b + i, bad);
            c->ncp += utf8_count((const char *)b + i, bad);
            i += bad;
        }
        size_t errlen;
        const char *reason;
        utf8_valid_at((const char *)b, n, i, &errlen, &reason);
        /* not the last chunk: a sequence cut by its end waits for more, and
           so does a cut surrogate ED A0..BF (surrogatepass may take it) */
        if (!c->final && (!strcmp(reason, "unexpected end of data") ||
                          (b[i] == 0xED && n - i == 2 && b[i + 1] >= 0xA0 && b[i + 1] <= 0xBF))) {
            c->consumed = i;
            return 0;
        }
        size_t newpos;
        if (codecs_dec_handler(c, "utf-8", reason, i, i + errlen, &newpos) < 0 || codecs_check_size(c) < 0)
            return -1;
        i = newpos;
    }
    return 0;
}

/* ---------------------------------------------------------------- UTF-16 */

static void put16(codecs_call *c, uint32_t unit, bool le)
{
    char b[2] = {(char)(le ? unit : unit >> 8), (char)(le ? unit >> 8 : unit)};
    strbuf_append(&c->out, b, 2);
}

static void put16_le(codecs_call *c, uint32_t ch)
{
    put16(c, ch, true);
}
static void put16_be(codecs_call *c, uint32_t ch)
{
    put16(c, ch, false);
}

int codecs_utf16_encode(codecs_call *c, int byteorder)
{
    const char *enc = byteorder < 0 ? "utf-16-le" : byteorder > 0 ? "utf-16-be" : "utf-16";
    bool le = byteorder <= 0;
    if (byteorder == 0)
        put16(c, 0xFEFF, le);
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    while (i < n) {
        uint32_t ch = u[i];
        if (!is_surrogate(ch)) {
            if (ch >= 0x10000) {
                put16(c, 0xD800 | ((ch - 0x10000) >> 10), le);
                put16(c, 0xDC00 | ((ch - 0x10000) & 0x3FF), le);
            } else {
                put16(c, ch, le);
            }
            i++;
            continue;
        }
        codecs_enc_rep r;
        if (codecs_enc_handler(c, enc, "surrogates not allowed", i, i + 1, &r) < 0)
            return -1;
        if (r.bytes && (r.rep.len & 1)) {
            strbuf_free(&r.rep);
            return codecs_raise_encode(c, enc, "surrogates not allowed", r.newpos - 1, r.newpos);
        }
        if (put_rep(c, &r, le ? put16_le : put16_be) < 0)
            return -1;
        i = r.newpos;
    }
    return 0;
}

int codecs_utf16_decode(codecs_call *c, int *byteorder)
{
    const unsigned char *b = c->b;
    size_t q = 0, e = c->blen;
    int bo = *byteorder;
    if (bo == 0 && e >= 2) {
        uint32_t bom = (uint32_t)b[1] << 8 | b[0];
        if (bom == 0xFEFF)
            q = 2, bo = -1;
        else if (bom == 0xFFFE)
            q = 2, bo = 1;
        *byteorder = bo;
    }
    bool le = bo <= 0;
    const char *enc = le ? "utf-16-le" : "utf-16-be";
#define UNIT(p) (le ? (uint32_t)b[(p) + 1] << 8 | b[p] : (uint32_t)b[p] << 8 | b[(p) + 1])
    while (q < e) {
        const char *reason;
        size_t start, end;
        if (e - q < 2 || (!c->final && e - q < 4 && UNIT(q) >= 0xD800 && UNIT(q) < 0xDC00)) {
            if (!c->final) { /* a cut unit or surrogate pair waits for more */
                c->consumed = q;
                return 0;
            }
            reason = "truncated data";
            start = q, end = e;
        } else {
            uint32_t ch = UNIT(q);
            if (!is_surrogate(ch)) {
                codecs_put(c, ch);
                q += 2;
                continue;
            }
            if (ch >= 0xDC00) {
                reason = "illegal encoding";
                start = q, end = q + 2;
            } else if (e - q < 4) {
                reason = "unexpected end of data";
                start = q, end = e;
            } else {
                uint32_t ch2 = UNIT(q + 2);
                if (ch2 < 0xDC00 || ch2 > 0xDFFF) {
                    reason = "illegal UTF-16 surrogate";
                    start = q, end = q + 2;
                } else {
                    codecs_put(c, 0x10000 + ((ch - 0xD800) << 10) + (ch2 - 0xDC00));
                    q += 4;
                    continue;
                }
            }
        }
        size_t newpos;
        if (codecs_dec_handler(c, enc, reason, start, end, &newpos) < 0 || codecs_check_size(c) < 0)
            return -1;
        q = newpos;
    }
#undef UNIT
    return 0;
}

/* ---------------------------------------------------------------- UTF-32 */

static void put32(codecs_call *c, uint32_t ch, bool le)
{
    char b[4];
    for (int k = 0; k < 4; k++)
        b[le ? k : 3 - k] = (char)(ch >> (8 * k));
    strbuf_append(&c->out, b, 4);
}

static void put32_le(codecs_call *c, uint32_t ch)
{
    put32(c, ch, true);
}
static void put32_be(codecs_call *c, uint32_t ch)
{
    put32(c, ch, false);
}

int codecs_utf32_encode(codecs_call *c, int byteorder)
{
    const char *enc = byteorder < 0 ? "utf-32-le" : byteorder > 0 ? "utf-32-be" : "utf-32";
    bool le = byteorder <= 0;
    if (byteorder == 0)
        put32(c, 0xFEFF, le);
    const uint32_t *u = c->u;
    size_t i = 0, n = c->ulen;
    while (i < n) {
        if (!is_surrogate(u[i])) {
            put32(c, u[i++], le);
            continue;
        }
        codecs_enc_rep r;
        if (codecs_enc_handler(c, enc, "surrogates not allowed", i, i + 1, &r) < 0)
            return -1;
        if (r.bytes && (r.rep.len & 3)) {
            strbuf_free(&r.rep);
            return codecs_raise_encode(c, enc, "surrogates not allowed", r.newpos - 1, r.newpos);
        }
        if (put_rep(c, &r, le ? put32_le : put32_be) < 0)
            return -1;
        i = r.newpos;
    }
    return 0;
}

int codecs_utf32_decode(codecs_call *c, int *byteorder)
{
    const unsigned char *b = c->b;
    size_t q = 0, e = c->blen;
    int bo = *byteorder;
    if (bo == 0 && e >= 4) {
        uint32_t bom = (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
        if (bom == 0x0000FEFF)
            q = 4, bo = -1;
        else if (bom == 0xFFFE0000)
            q = 4, bo = 1;
        *byteorder = bo;
    }
    bool le = bo <= 0;
    const char *enc = le ? "utf-32-le" : "utf-32-be";
    while (q < e) {
        const char *reason;
        size_t start = q, end;
        if (e - q < 4) {
            if (!c->final) {
                c->consumed = q;
                return 0;
            }
            reason = "truncated data";
            end = e;
        } else {
            const unsigned char *p = b + q;
            uint32_t ch = le ? (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]
                             : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
            if (ch < 0x110000 && !is_surrogate(ch)) {
                codecs_put(c, ch);
                q += 4;
                continue;
            }
            reason = is_surrogate(ch) ? "code point in surrogate code point range(0xd800, 0xe000)"
                                      : "code point not in range(0x110000)";
            end = q + 4;
        }
        size_t newpos;
        if (codecs_dec_handler(c, enc, reason, start, end, &newpos) < 0 || codecs_check_size(c) < 0)
            return -1;
        q = newpos;
    }
    return 0;
}
