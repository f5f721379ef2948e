/* The str operations of urllib (url_str.h) on stored-str slices: find,
 * lower() with the final-sigma rule, strip(), isdigit(), int(), repr() of
 * str and bytes, splitlines(), and messages that quote a str. */
#include "url/url_str.h"

#include <stdio.h>
#include <string.h>

#include "py/py_repr.h"
#include "text/unicode.h"
#include "text/utf8.h"

size_t url_str_find(url_str s, char c, size_t from)
{
    if (from >= s.n)
        return SIZE_MAX;
    const char *q = memchr(s.p + from, c, s.n - from);
    return q ? (size_t)(q - s.p) : SIZE_MAX;
}

size_t url_str_rfind(url_str s, char c)
{
    for (size_t i = s.n; i > 0; i--)
        if (s.p[i - 1] == c)
            return i - 1;
    return SIZE_MAX;
}

size_t url_str_find_str(url_str s, url_str needle, size_t from)
{
    if (needle.n == 0)
        return from <= s.n ? from : SIZE_MAX;
    if (from > s.n || s.n - from < needle.n)
        return SIZE_MAX;
    for (size_t i = from; i + needle.n <= s.n; i++) {
        const char *q = memchr(s.p + i, needle.p[0], s.n - needle.n + 1 - i);
        if (!q)
            return SIZE_MAX;
        i = (size_t)(q - s.p);
        if (memcmp(q, needle.p, needle.n) == 0)
            return i;
    }
    return SIZE_MAX;
}

bool url_str_isascii(url_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] >= 0x80)
            return false;
    return true;
}

url_str url_str_dup(arena *a, url_str s)
{
    return url_str_make(arena_strndup(a, s.p ? s.p : "", s.n), s.n);
}

url_str url_str_cat(arena *a, url_str x, url_str y)
{
    char *p = arena_alloc(a, x.n + y.n + 1);
    if (x.n)
        memcpy(p, x.p, x.n);
    if (y.n)
        memcpy(p + x.n, y.p, y.n);
    p[x.n + y.n] = '\0';
    return url_str_make(p, x.n + y.n);
}

pv *url_str_pv(arena *a, url_str s)
{
    return pv_str(a, s.p ? s.p : "", s.n);
}

/* Final sigma (Unicode 3.13 Final_Sigma): cased letter before (skipping
 * case-ignorables), none after. */
static bool final_sigma(url_str s, size_t at, size_t after)
{
    size_t i = at;
    bool before = false;
    while (i > 0) {
        uint32_t c = utf8_prev(s.p, &i);
        if (unicode_iscaseignorable(c))
            continue;
        before = unicode_iscased(c);
        break;
    }
    if (!before)
        return false;
    i = after;
    while (i < s.n) {
        uint32_t c = utf8_next(s.p, &i);
        if (unicode_iscaseignorable(c))
            continue;
        return !unicode_iscased(c);
    }
    return true;
}

void url_str_lower_sb(strbuf *out, url_str s)
{
    size_t i = 0;
    while (i < s.n) {
        unsigned char b = (unsigned char)s.p[i];
        if (b < 0x80) {
            strbuf_putc(out, (char)(b >= 'A' && b <= 'Z' ? b + 32 : b));
            i++;
            continue;
        }
        size_t at = i;
        uint32_t c = utf8_next(s.p, &i);
        char enc[4];
        if (c == 0x3A3) {
            strbuf_append(out, enc, (size_t)utf8_put(final_sigma(s, at, i) ? 0x3C2 : 0x3C3, enc));
            continue;
        }
        uint32_t m[3];
        int k = unicode_lower(c, m);
        for (int j = 0; j < k; j++)
            strbuf_append(out, enc, (size_t)utf8_put(m[j], enc));
    }
}

url_str url_str_lower(arena *a, url_str s)
{
    if (url_str_isascii(s)) {
        char *p = arena_alloc(a, s.n + 1);
        for (size_t i = 0; i < s.n; i++) {
            char c = s.p[i];
            p[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        p[s.n] = '\0';
        return url_str_make(p, s.n);
    }
    strbuf sb = STRBUF_INIT;
    url_str_lower_sb(&sb, s);
    url_str r = url_str_dup(a, url_str_make(sb.data, sb.len));
    strbuf_free(&sb);
    return r;
}

url_str url_str_strip(url_str s)
{
    size_t i = 0, j = s.n;
    while (i < j) {
        size_t k = i;
        if (!unicode_isspace(utf8_next(s.p, &k)))
            break;
        i = k;
    }
    while (j > i) {
        size_t k = j;
        if (!unicode_isspace(utf8_prev(s.p, &k)))
            break;
        j = k;
    }
    return url_str_sub(s, i, j);
}

bool url_str_isdigit(url_str s)
{
    if (!s.n)
        return false;
    size_t i = 0;
    while (i < s.n)
        if (!unicode_isdigit(utf8_next(s.p, &i)))
            return false;
    return true;
}

pv *url_str_int(arena *a, url_str s)
{
    url_str t = url_str_strip(s);
    strbuf d = STRBUF_INIT;
    size_t i = 0;
    bool neg = false, prev_digit = false, any = false;
    if (t.n && (t.p[0] == '+' || t.p[0] == '-'))
        neg = t.p[0] == '-', i = 1;
    while (i < t.n) {
        uint32_t c = utf8_next(t.p, &i);
        if (c == '_') {
            if (!prev_digit || i >= t.n)
                goto bad;
            prev_digit = false;
            continue;
        }
        int v = unicode_decimal(c);
        if (v < 0)
            goto bad;
        strbuf_putc(&d, (char)('0' + v));
        prev_digit = any = true;
    }
    if (!any || !prev_digit)
        goto bad;
    /* Python: no leading zeros unless the number is zero ("007" is fine for int()) */
    strbuf full = STRBUF_INIT;
    if (neg)
        strbuf_putc(&full, '-');
    strbuf_append(&full, d.data, d.len);
    pv *r = pv_int_parse(a, full.data, full.len);
    strbuf_free(&full);
    strbuf_free(&d);
    return r;
bad:
    strbuf_free(&d);
    return NULL;
}

int url_str_int_error(py_err *e, arena *a, url_str s)
{
    return py_raise(e, a, "ValueError", "invalid literal for int() with base 10: %s", url_str_repr_a(a, s));
}

void url_str_repr(strbuf *out, url_str s)
{
    py_repr_str(out, s.p, s.n);
}

const char *url_str_repr_a(arena *a, url_str s)
{
    strbuf sb = STRBUF_INIT;
    url_str_repr(&sb, s);
    char *r = arena_strndup(a, sb.data, sb.len);
    strbuf_free(&sb);
    return r;
}

void url_str_bytes_repr(strbuf *out, const unsigned char *b, size_t n)
{
    py_repr_bytes(out, b, n);
}

size_t url_str_splitlines(arena *a, url_str s, url_str **out)
{
    size_t cap = 8, n = 0;
    url_str *v = arena_alloc(a, cap * sizeof *v);
    size_t i = 0, start = 0;
    while (i < s.n) {
        size_t at = i;
        uint32_t c = utf8_next(s.p, &i);
        bool br = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e) || c == 0x85 ||
                  c == 0x2028 || c == 0x2029;
        if (!br)
            continue;
        if (c == '\r' && i < s.n && s.p[i] == '\n')
            i++;
        if (n == cap) {
            v = arena_realloc(a, v, cap * sizeof *v, 2 * cap * sizeof *v);
            cap *= 2;
        }
        v[n++] = url_str_sub(s, start, at);
        start = i;
    }
    if (start < s.n) {
        if (n == cap)
            v = arena_realloc(a, v, cap * sizeof *v, (cap + 1) * sizeof *v);
        v[n++] = url_str_sub(s, start, s.n);
    }
    *out = v;
    return n;
}

int url_str_raise3(py_err *e, arena *a, const char *type, const char *prefix, url_str s, const char *suffix)
{
    strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, prefix);
    strbuf_append(&sb, s.p, s.n);
    strbuf_puts(&sb, suffix);
    py_raise_msg(e, a, type, sb.data, sb.len);
    strbuf_free(&sb);
    return -1;
}
