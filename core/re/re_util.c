/* The small pieces of Python re needs (re_util.h): lookups in the generated
 * range tables, repr() of a run of code points, str.isidentifier(), int() of a
 * group number, re.escape(), and the growth of the re module's arena arrays. */
#include "re/re_util.h"

#include <string.h>

#include "py/py_repr.h"
#include "text/unicode.h"
#include "text/utf8.h"

void *re_grow(arena *a, void *p, size_t len, size_t *cap, size_t size, size_t first)
{
    if (len < *cap)
        return p;
    size_t nc = *cap ? *cap * 2 : first;
    p = arena_realloc(a, p, *cap * size, nc * size);
    *cap = nc;
    return p;
}

bool re_in_ranges(const re_range32 *r, size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (c < r[m].lo)
            hi = m;
        else if (c > r[m].hi)
            lo = m + 1;
        else
            return true;
    }
    return false;
}

char *re_repr_a(arena *a, const uint32_t *s, size_t n)
{
    size_t len;
    char *u = re_utf8_a(a, s, n, &len);
    return py_repr_cstr(a, u, len);
}

bool re_isidentifier(const uint32_t *s, size_t n)
{
    if (n == 0 || !re_in_ranges(re_xid_start, re_xid_start_n, s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!re_in_ranges(re_xid_continue, re_xid_continue_n, s[i]))
            return false;
    return true;
}

bool re_pyint(arena *a, const uint32_t *s, size_t n, bool *neg, const char **digits)
{
    size_t i = 0, j = n;
    while (i < j && unicode_isspace(s[i]))
        i++;
    while (j > i && unicode_isspace(s[j - 1]))
        j--;
    *neg = false;
    if (i < j && (s[i] == '+' || s[i] == '-'))
        *neg = s[i++] == '-';
    if (i == j)
        return false;
    char *out = arena_alloc(a, j - i + 2);
    size_t o = 0;
    bool prev_digit = false;
    for (size_t k = i; k < j; k++) {
        if (s[k] == '_') {
            if (!prev_digit || k + 1 == j)
                return false;
            prev_digit = false;
            continue;
        }
        int d = unicode_decimal(s[k]);
        if (d < 0)
            return false;
        prev_digit = true;
        if (o == 0 && d == 0)
            continue; /* leading zeros */
        out[o++] = (char)('0' + d);
    }
    if (!prev_digit)
        return false;
    if (o == 0)
        out[o++] = '0';
    out[o] = '\0';
    *digits = out;
    return true;
}

uint64_t re_digits_value(const char *d)
{
    uint64_t v = 0;
    for (; *d; d++) {
        unsigned x = (unsigned)(*d - '0');
        if (v > (UINT64_MAX - x) / 10)
            return UINT64_MAX;
        v = v * 10 + x;
    }
    return v;
}

char *re_utf8_a(arena *a, const uint32_t *s, size_t n, size_t *len)
{
    char *out = arena_alloc(a, n * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)utf8_put(s[i], out + o);
    out[o] = '\0';
    if (len)
        *len = o;
    return out;
}

/* re._special_chars_map: ()[]{}?*+-|^$\.&~# and the ASCII whitespace */
static bool escape_special(unsigned char c)
{
    switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case '?': case '*':
    case '+': case '-': case '|': case '^': case '$': case '\\': case '.': case '&':
    case '~': case '#': case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
        return true;
    default:
        return false;
    }
}

pv *re_escape(arena *a, const pv *s)
{
    size_t extra = 0;
    for (size_t i = 0; i < s->s.len; i++)
        extra += escape_special((unsigned char)s->s.p[i]);
    char *out = arena_alloc(a, s->s.len + extra + 1);
    size_t o = 0;
    for (size_t i = 0; i < s->s.len; i++) {
        unsigned char c = (unsigned char)s->s.p[i];
        if (escape_special(c))
            out[o++] = '\\';
        out[o++] = (char)c;
    }
    return pv_str_take_n(a, out, o, s->s.ncp + extra);
}
