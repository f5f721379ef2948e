/* base64 (base64.h): b64encode, and b64decode(validate=True) with its
 * strict alphabet and padding rules. */
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
    /* binascii.a2b_base64(strict_mode=True), which b64decode(validate=True)
     * is in 3.11: data characters, then only '=' ("Only base64 data is
     * allowed", "Discontinuous padding not allowed"), not from the start
     * ("Leading padding not allowed"); a last quad of 2 or 3 characters
     * takes exactly the '=' that complete it ("Incorrect padding", "Excess
     * data after padding"); a full last quad takes any number of them; 1
     * character past a multiple of 4 is never valid. */
    size_t data = 0;
    while (data < n && dec((unsigned char)s[data]) >= 0)
        data++;
    for (size_t i = data; i < n; i++)
        if (s[i] != '=')
            return false;
    size_t pads = n - data;
    size_t rem = data % 4;
    if (pads && !data)
        return false;
    if (rem == 1 || (rem && pads != 4 - rem))
        return false;
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
