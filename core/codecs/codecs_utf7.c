/* UTF-7 (RFC 2152) as Objects/unicodeobject.c of CPython 3.11 writes and
 * reads it: the encoder shifts into base64 for every character outside
 * set D, set O and whitespace (and for '+' writes "+-"), never fails and
 * writes lone surrogates as they are; the decoder is liberal, names its
 * errors "utf7" ("unexpected special character", "ill-formed sequence",
 * "partial character in shift sequence", "non-zero padding bits in shift
 * sequence", "unterminated shift sequence") and, when more input may
 * follow, stops before an unfinished shift sequence. */
#include <string.h>

#include "codecs/codecs_int.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static bool is_b64(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

static unsigned from_b64(uint32_t c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
                                  : 63;
}

/* utf7_category != 3: set D, set O, whitespace (encoded as themselves) */
static bool encode_direct(uint32_t c)
{
    if (c == 0 || c >= 128)
        return false;
    if (c == '\t' || c == '\n' || c == '\r' || c == ' ')
        return true;
    if (c < 0x20 || c == 0x7F || c == '+' || c == '\\' || c == '~')
        return false;
    return true;
}

int codecs_utf7_encode(codecs_call *c)
{
    bool shift = false;
    unsigned bits = 0;
    unsigned long buf = 0;
    strbuf *o = &c->out;
    for (size_t i = 0; i < c->ulen; i++) {
        uint32_t ch = c->u[i];
        if (shift && encode_direct(ch)) {
            if (bits) { /* the remaining bits */
                strbuf_putc(o, B64[(buf << (6 - bits)) & 0x3F]);
                buf = 0, bits = 0;
            }
            shift = false;
            /* a character outside base64 ends the shift by itself; '-' is written
               only when the next one is base64 or '-' */
            if (is_b64(ch) || ch == '-')
                strbuf_putc(o, '-');
            strbuf_putc(o, (char)ch);
            continue;
        }
        if (!shift) {
            if (ch == '+') {
                strbuf_append(o, "+-", 2);
                continue;
            }
            if (encode_direct(ch)) {
                strbuf_putc(o, (char)ch);
                continue;
            }
            strbuf_putc(o, '+');
            shift = true;
        }
        if (ch >= 0x10000) {
            bits += 16;
            buf = (buf << 16) | (0xD800 | ((ch - 0x10000) >> 10));
            for (; bits >= 6; bits -= 6)
                strbuf_putc(o, B64[(buf >> (bits - 6)) & 0x3F]);
            ch = 0xDC00 | ((ch - 0x10000) & 0x3FF);
        }
        bits += 16;
        buf = (buf << 16) | ch;
        for (; bits >= 6; bits -= 6)
            strbuf_putc(o, B64[(buf >> (bits - 6)) & 0x3F]);
        buf &= (1UL << bits) - 1;
        if ((i & 0xFFFF) == 0xFFFF && codecs_check_size(c) < 0)
            return -1;
    }
    if (bits)
        strbuf_putc(o, B64[(buf << (6 - bits)) & 0x3F]);
    if (shift)
        strbuf_putc(o, '-');
    return 0;
}

typedef struct utf7_state {
    bool shift;
    size_t shift_out; /* output length when the shift began */
    size_t shift_ncp;
    unsigned bits;
    unsigned long buf;
    uint32_t surrogate; /* a high surrogate waiting for its low one */
    size_t startinpos;  /* the '+' (or the special character) of the last error */
} utf7_state;

/* A base64 character inside a shift sequence. */
static void shift_char(codecs_call *c, utf7_state *st, uint32_t ch)
{
    st->buf = (st->buf << 6) | from_b64(ch);
    st->bits += 6;
    if (st->bits < 16)
        return;
    uint32_t out = (uint32_t)(st->buf >> (st->bits - 16)) & 0xFFFF;
    st->bits -= 16;
    st->buf &= (1UL << st->bits) - 1;
    if (st->surrogate) {
        if (out >= 0xDC00 && out <= 0xDFFF) {
            codecs_put(c, 0x10000 + ((st->surrogate - 0xD800) << 10) + (out - 0xDC00));
            st->surrogate = 0;
            return;
        }
        codecs_put(c, st->surrogate);
        st->surrogate = 0;
    }
    if (out >= 0xD800 && out <= 0xDBFF)
        st->surrogate = out;
    else
        codecs_put(c, out);
}

/* One step at b[*s]: NULL, or the reason of an error ending at *s. */
static const char *step(codecs_call *c, utf7_state *st, size_t *s)
{
    const unsigned char *b = c->b;
    size_t e = c->blen;
    uint32_t ch = b[*s];
    if (st->shift) {
        if (is_b64(ch)) {
            ++*s;
            shift_char(c, st, ch);
            return NULL;
        }
        st->shift = false; /* leaving a base64 section */
        if (st->bits >= 6) {
            ++*s;
            return "partial character in shift sequence";
        }
        if (st->bits > 0 && st->buf != 0) {
            ++*s;
            return "non-zero padding bits in shift sequence";
        }
        if (st->surrogate && ch <= 127 && ch != '+')
            codecs_put(c, st->surrogate);
        st->surrogate = 0;
        if (ch == '-') /* absorbed; other terminators are kept */
            ++*s;
        return NULL;
    }
    if (ch == '+') {
        st->startinpos = (*s)++;
        if (*s < e && b[*s] == '-') {
            ++*s;
            codecs_put(c, '+');
        } else if (*s < e && !is_b64(b[*s])) {
            ++*s;
            return "ill-formed sequence";
        } else {
            st->shift = true;
            st->surrogate = 0;
            st->shift_out = c->out.len;
            st->shift_ncp = c->ncp;
            st->bits = 0;
            st->buf = 0;
        }
        return NULL;
    }
    if (ch <= 127) {
        ++*s;
        codecs_put(c, ch);
        return NULL;
    }
    st->startinpos = (*s)++;
    return "unexpected special character";
}

int codecs_utf7_decode(codecs_call *c)
{
    utf7_state st = {0};
    size_t s = 0, e = c->blen;
    if (e == 0) {
        c->consumed = 0;
        return 0;
    }
    for (;;) {
        while (s < e) {
            const char *reason = step(c, &st, &s);
            if (reason &&
                (codecs_dec_handler(c, "utf7", reason, st.startinpos, s, &s) < 0 || codecs_check_size(c) < 0))
                return -1;
        }
        if (!st.shift || !c->final)
            break;
        /* the end inside a shift sequence: an error when it holds anything */
        st.shift = false;
        if (!st.surrogate && st.bits < 6 && (st.bits == 0 || st.buf == 0))
            break;
        if (codecs_dec_handler(c, "utf7", "unterminated shift sequence", st.startinpos, e, &s) < 0)
            return -1;
        if (s >= e)
            break;
    }
    if (!c->final) {
        if (st.shift) { /* back off to the '+': the sequence is decoded again with more input */
            c->consumed = st.startinpos;
            c->out.len = st.shift_out;
            if (c->out.data)
                c->out.data[c->out.len] = '\0';
            c->ncp = st.shift_ncp;
        } else {
            c->consumed = s;
        }
    }
    return 0;
}
