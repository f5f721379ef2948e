#include "base/base64.h"

static const char ENC[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(strbuf *out, const void *data, size_t n)
{
    const unsigned char *p = data;
    strbuf_reserve(out, (n + 2) / 3 * 4);
    char *o = out->data + out->len;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        *o++ = ENC[v >> 18];
        *o++ = ENC[(v >> 12) & 63];
        *o++ = ENC[(v >> 6) & 63];
        *o++ = ENC[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
        *o++ = ENC[v >> 18];
        *o++ = ENC[(v >> 12) & 63];
        *o++ = i + 1 < n ? ENC[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
}

static int dec(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool base64_decode(strbuf *out, const char *s, size_t n)
{
    /* validate=True: the text must match [A-Za-z0-9+/]*={0,2} */
    size_t data = n;
    while (data > 0 && s[data - 1] == '=' && n - data < 2)
        data--;
    for (size_t i = 0; i < data; i++)
        if (dec((unsigned char)s[i]) < 0)
            return false;
    size_t pads = n - data;
    size_t rem = data % 4;
    if (rem == 1)
        return false;
    if (rem && rem + pads < 4)
        return false; /* Incorrect padding */
    size_t start = out->len;
    strbuf_reserve(out, data / 4 * 3 + 3);
    unsigned char *o = (unsigned char *)out->data + start;
    size_t i = 0;
    for (; i + 4 <= data; i += 4) {
        unsigned v = (unsigned)dec((unsigned char)s[i]) << 18 | (unsigned)dec((unsigned char)s[i + 1]) << 12 |
                     (unsigned)dec((unsigned char)s[i + 2]) << 6 | (unsigned)dec((unsigned char)s[i + 3]);
        *o++ = (unsigned char)(v >> 16);
        *o++ = (unsigned char)(v >> 8);
        *o++ = (unsigned char)v;
    }
    if (rem) {
        unsigned v = (unsigned)dec((unsigned char)s[i]) << 18 | (unsigned)dec((unsigned char)s[i + 1]) << 12;
        if (rem == 3)
            v |= (unsigned)dec((unsigned char)s[i + 2]) << 6;
        *o++ = (unsigned char)(v >> 16);
        if (rem == 3)
            *o++ = (unsigned char)(v >> 8);
    }
    out->len = (size_t)((char *)o - out->data);
    out->data[out->len] = '\0';
    return true;
}
