#include "pynum.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s))
        (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Copies the digits of s[i..j) into out, dropping '_' that stand between
 * two digits; false if an '_' stands anywhere else. */
static bool digits_with_underscores(const char *s, size_t i, size_t j, char *out, size_t *olen)
{
    if (i == j)
        return false;
    size_t o = *olen;
    for (size_t k = i; k < j; k++) {
        if (s[k] == '_') {
            if (k == i || k + 1 == j || !is_digit(s[k - 1]) || !is_digit(s[k + 1]))
                return false;
            continue;
        }
        if (!is_digit(s[k]))
            return false;
        out[o++] = s[k];
    }
    *olen = o;
    return true;
}

pv *py_int_from_str(arena *a, const char *s, size_t n)
{
    trim(&s, &n);
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i] == '-', i++;
    char *buf = arena_alloc(a, n + 2);
    size_t len = 0;
    if (neg)
        buf[len++] = '-';
    if (!digits_with_underscores(s, i, n, buf, &len))
        return NULL;
    /* strip leading zeros for pv_int_parse's fast path */
    size_t start = neg ? 1 : 0, z = start;
    while (z + 1 < len && buf[z] == '0')
        z++;
    if (z > start) {
        memmove(buf + start, buf + z, len - z);
        len -= z - start;
    }
    if (len == 2 && neg && buf[1] == '0')
        return pv_int(a, 0);
    return pv_int_parse(a, buf, len);
}

bool py_float_from_str(const char *s, size_t n, double *out)
{
    trim(&s, &n);
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i] == '-', i++;
    size_t rest = n - i;
    if ((rest == 3 && strncasecmp(s + i, "inf", 3) == 0) ||
        (rest == 8 && strncasecmp(s + i, "infinity", 8) == 0)) {
        *out = neg ? -__builtin_inf() : __builtin_inf();
        return true;
    }
    if (rest == 3 && strncasecmp(s + i, "nan", 3) == 0) {
        *out = neg ? -__builtin_nan("") : __builtin_nan("");
        return true;
    }
    char small[128];
    char *buf = n + 2 <= sizeof small ? small : malloc(n + 2);
    if (!buf)
        return false;
    size_t len = 0;
    if (neg)
        buf[len++] = '-';
    bool ok = false;
    /* int part */
    size_t j = i;
    while (j < n && (is_digit(s[j]) || s[j] == '_'))
        j++;
    bool have_int = j > i;
    if (have_int && !digits_with_underscores(s, i, j, buf, &len))
        goto done;
    bool have_frac = false;
    if (j < n && s[j] == '.') {
        buf[len++] = '.';
        size_t k = ++j;
        while (j < n && (is_digit(s[j]) || s[j] == '_'))
            j++;
        if (j > k) {
            if (!digits_with_underscores(s, k, j, buf, &len))
                goto done;
            have_frac = true;
        }
    }
    if (!have_int && !have_frac)
        goto done;
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        buf[len++] = 'e';
        j++;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            buf[len++] = s[j++];
        size_t k = j;
        while (j < n && (is_digit(s[j]) || s[j] == '_'))
            j++;
        if (!digits_with_underscores(s, k, j, buf, &len))
            goto done;
    }
    if (j != n)
        goto done;
    buf[len] = '\0';
    *out = strtod(buf, NULL);
    ok = true;
done:
    if (buf != small)
        free(buf);
    return ok;
}
