#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void strbuf_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void strbuf_free(strbuf *sb)
{
    free(sb->data);
    strbuf_init(sb);
}

void strbuf_reserve(strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX / 2 - sb->len) {
        fputs("pystd: buffer too large\n", stderr);
        abort();
    }
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(sb->data, cap);
    if (!p) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    sb->data = p;
    sb->cap = cap;
}

void strbuf_append(strbuf *sb, const void *p, size_t n)
{
    strbuf_reserve(sb, n);
    if (n)
        memcpy(sb->data + sb->len, p, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    strbuf_reserve(sb, 64);
    int n = vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap);
    if (n >= 0 && (size_t)n >= sb->cap - sb->len) {
        strbuf_reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap2);
    }
    va_end(ap2);
    if (n > 0)
        sb->len += (size_t)n;
}

void strbuf_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *strbuf_detach(strbuf *sb, size_t *len)
{
    if (!sb->data) {
        strbuf_reserve(sb, 0);
        if (!sb->data)
            abort();
        sb->data[0] = '\0';
    }
    char *p = sb->data;
    if (len)
        *len = sb->len;
    strbuf_init(sb);
    return p;
}
