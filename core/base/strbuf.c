/* The growable buffer: growth, its ceiling and its charge to the budget. */
#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/budget.h"

void strbuf_init(strbuf *sb)
{
    *sb = (strbuf)STRBUF_INIT;
}

void strbuf_init_max(strbuf *sb, size_t max, const char *name)
{
    strbuf_init(sb);
    sb->max = max;
    sb->max_name = name;
}

/* Give back what this buffer charged, if the budget that took it is still
 * the current one (a finished budget released all of its bytes). */
static void uncharge(strbuf *sb)
{
    const budget *b = budget_current();
    if (sb->charged && b && b->serial == sb->serial)
        budget_release(sb->charged);
    sb->charged = 0;
}

void strbuf_free(strbuf *sb)
{
    uncharge(sb);
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = sb->charged = 0;
    sb->overflow = false;
}

/* Make the allocation hold `need` bytes (need > cap). */
static void resize(strbuf *sb, size_t need)
{
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need)
        cap *= 2;
    if (sb->max && cap > sb->max + 1 && need <= sb->max + 1)
        cap = sb->max + 1; /* doubling stops at the ceiling */
    char *p = realloc(sb->data, cap);
    if (!p) {
        fputs("pystd: out of memory\n", stderr);
        abort();
    }
    budget *b = budget_current();
    if (b) {
        if (sb->serial != b->serial) { /* bytes of an ended budget were released with it */
            sb->serial = b->serial;
            sb->charged = 0;
        }
        sb->charged += cap - sb->cap;
        if (!budget_charge(cap - sb->cap))
            sb->overflow = true; /* over --max-memory: grow no more (the budget is tripped) */
    }
    sb->data = p;
    sb->cap = cap;
}

static size_t need_of(const strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX / 2 - sb->len) {
        fputs("pystd: buffer too large\n", stderr);
        abort();
    }
    return sb->len + extra + 1;
}

static void set_overflow(strbuf *sb)
{
    if (!sb->overflow) {
        sb->overflow = true;
        budget_trip_size(sb->max_name ? sb->max_name : "a buffer's ceiling", sb->max);
    }
}

bool strbuf_grow(strbuf *sb, size_t extra)
{
    size_t need = need_of(sb, extra);
    if (sb->overflow || (sb->max && need - 1 > sb->max)) {
        set_overflow(sb);
        return false;
    }
    if (need > sb->cap)
        resize(sb, need);
    return true;
}

void strbuf_reserve(strbuf *sb, size_t extra)
{
    size_t need = need_of(sb, extra);
    if (sb->max && need - 1 > sb->max)
        set_overflow(sb);
    if (need > sb->cap)
        resize(sb, need);
}

void strbuf_append(strbuf *sb, const void *p, size_t n)
{
    if (!strbuf_grow(sb, n))
        return;
    if (n)
        memcpy(sb->data + sb->len, p, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    if (!strbuf_grow(sb, 0))
        return;
    va_list ap2;
    va_copy(ap2, ap);
    size_t room = sb->cap - sb->len;
    int n = vsnprintf(sb->data + sb->len, room, fmt, ap);
    if (n >= 0 && (size_t)n >= room) {
        if (strbuf_grow(sb, (size_t)n)) {
            vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap2);
        } else {
            sb->data[sb->len] = '\0';
            n = 0;
        }
    } else if (n > 0 && sb->max && sb->len + (size_t)n > sb->max) {
        set_overflow(sb);
        sb->data[sb->len] = '\0';
        n = 0;
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
    /* the bytes stay charged to the budget: their new owner keeps them */
    size_t max = sb->max;
    const char *name = sb->max_name;
    strbuf_init_max(sb, max, name);
    return p;
}
