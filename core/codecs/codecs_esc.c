/* unicode_escape and raw_unicode_escape (CPython 3.11's
 * PyUnicode_AsUnicodeEscapeString, PyUnicode_AsRawUnicodeEscapeString,
 * _PyUnicode_DecodeUnicodeEscapeInternal and
 * _PyUnicode_DecodeRawUnicodeEscapeStateful, final=True). */
#include <stdio.h>
#include <string.h>

#include "codecs/codecs_int.h"
#include "text/unicode.h"
#include "text/utf8.h"

/* The encoders never fail and never call an error handler. */
int codecs_uescape_encode(codecs_call *c, bool raw)
{
    char tmp[12];
    for (size_t i = 0; i < c->ulen; i++) {
        uint32_t ch = c->u[i];
        if (raw && ch < 0x100) {
            strbuf_putc(&c->out, (char)ch);
        } else if (!raw && ch >= 0x20 && ch < 0x7F) {
            if (ch == '\\')
                strbuf_putc(&c->out, '\\');
            strbuf_putc(&c->out, (char)ch);
        } else if (!raw && ch < 0x100) {
            const char *e = ch == '\t' ? "\\t" : ch == '\n' ? "\\n" : ch == '\r' ? "\\r" : NULL;
            if (e) {
                strbuf_append(&c->out, e, 2);
            } else {
                snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)ch);
                strbuf_append(&c->out, tmp, 4);
            }
        } else if (ch >= 0x10000) {
            snprintf(tmp, sizeof tmp, "\\U%08x", (unsigned)ch);
            strbuf_append(&c->out, tmp, 10);
        } else {
            snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)ch);
            strbuf_append(&c->out, tmp, 6);
        }
        if ((i & 0xFFFF) == 0xFFFF && codecs_check_size(c) < 0)
            return -1;
    }
    return 0;
}

/* The escape after the backslash at b[start]; *s is past the letter.
 * 1: one code point in *ch; 0: nothing to write (\<newline>); 2: write
 * '\\' and the letter (an unknown escape); -1: error with *msg, the bad
 * range ending at *s, and *cut set when the input ended inside the escape
 * (an incremental decoder then waits for more). */
static int escape(const unsigned char *b, size_t n, size_t *s, bool raw, uint32_t *ch, const char **msg,
                  bool *cut)
{
    unsigned x = b[*s - 1];
    int count;
    if (raw) {
        if (x == 'u' || x == 'U') {
            count = x == 'u' ? 4 : 8;
            *msg = x == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
            goto hex;
        }
        return 2;
    }
    switch (x) {
    case '\n':
        return 0;
    case '\\':
    case '\'':
    case '"':
        *ch = x;
        return 1;
    case 'b':
        *ch = '\b';
        return 1;
    case 'f':
        *ch = '\f';
        return 1;
    case 't':
        *ch = '\t';
        return 1;
    case 'n':
        *ch = '\n';
        return 1;
    case 'r':
        *ch = '\r';
        return 1;
    case 'v':
        *ch = '\v';
        return 1;
    case 'a':
        *ch = '\a';
        return 1;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
        *ch = x - '0';
        for (int k = 0; k < 2 && *s < n && b[*s] >= '0' && b[*s] <= '7'; k++)
            *ch = (*ch << 3) + (b[(*s)++] - '0');
        return 1;
    case 'x':
        count = 2;
        *msg = "truncated \\xXX escape";
        goto hex;
    case 'u':
        count = 4;
        *msg = "truncated \\uXXXX escape";
        goto hex;
    case 'U':
        count = 8;
        *msg = "truncated \\UXXXXXXXX escape";
        goto hex;
    case 'N': {
        *msg = "malformed \\N character escape";
        *cut = *s >= n;
        if (*s >= n || b[*s] != '{')
            return -1;
        size_t start = ++*s;
        while (*s < n && b[*s] != '}')
            ++*s;
        *cut = *s >= n;
        if (*s >= n || *s == start)
            return -1;
        long cp = unicode_lookup((const char *)b + start, *s - start);
        ++*s;
        if (cp < 0) {
            *msg = "unknown Unicode character name";
            return -1;
        }
        *ch = (uint32_t)cp;
        return 1;
    }
    default:
        return 2;
    }
hex:
    *ch = 0;
    for (; count; ++*s, --count) {
        *cut = *s >= n;
        int v = *s < n ? utf8_hex_digit(b[*s]) : -1;
        if (v < 0)
            return -1;
        *ch = (*ch << 4) + (uint32_t)v;
    }
    if (*ch > 0x10FFFF) {
        *msg = raw ? "\\Uxxxxxxxx out of range" : "illegal Unicode character";
        return -1;
    }
    return 1;
}

int codecs_uescape_decode(codecs_call *c, bool raw)
{
    const unsigned char *b = c->b;
    size_t n = c->blen, s = 0;
    const char *enc = raw ? "rawunicodeescape" : "unicodeescape";
    while (s < n) {
        unsigned x = b[s++];
        if (x != '\\') {
            codecs_put(c, x); /* bytes are Latin-1 code points */
            continue;
        }
        size_t start = s - 1;
        const char *msg = "\\ at end of string";
        int k = -1;
        uint32_t ch = 0;
        bool cut = true;
        if (s >= n) {
            if (raw && c->final) {
                codecs_put(c, '\\');
                continue;
            }
        } else {
            s++;
            k = escape(b, n, &s, raw, &ch, &msg, &cut);
        }
        if (k < 0 && cut && !c->final) { /* the rest waits for the next chunk */
            c->consumed = start;
            return 0;
        }
        if (k == 1) {
            codecs_put(c, ch);
        } else if (k == 2) {
            codecs_put(c, '\\');
            codecs_put(c, b[s - 1]);
        } else if (k < 0) {
            size_t newpos;
            if (codecs_dec_handler(c, enc, msg, start, s, &newpos) < 0)
                return -1;
            s = newpos;
            if (codecs_check_size(c) < 0)
                return -1;
        }
    }
    return 0;
}
