/* int(str) and float(str) as CPython 3.11 parses them (Objects/longobject.c
 * PyLong_FromUnicodeObject / PyLong_FromString, Objects/floatobject.c
 * PyFloat_FromString). */
#include "py/py_num.h"

#include <errno.h>
#include <gmp.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/unicode.h"
#include "text/utf8.h"

/* Py_ISSPACE: ASCII white space only (not \x1c..\x1f). */
static bool py_isspace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* _PyUnicode_TransformDecimalAndSpaceToASCII into a malloc'ed NUL-terminated
 * buffer: ASCII (< 127) kept, other white space -> ' ', other decimal
 * digits -> '0'..'9', anything else -> '?' and the text ends there. */
static char *to_ascii(const char *s, size_t n, size_t *outlen)
{
    char *o = malloc(n + 2);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t ch = utf8_next(s, &i);
        if (ch < 127) {
            o[k++] = (char)ch;
        } else if (unicode_isspace(ch)) {
            o[k++] = ' ';
        } else {
            int d = unicode_decimal(ch);
            if (d < 0) {
                o[k++] = '?';
                break;
            }
            o[k++] = (char)('0' + d);
        }
    }
    o[k] = '\0';
    *outlen = k;
    return o;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 37;
}

/* PyLong_FromString on a NUL-terminated ASCII text of length n; the whole
 * text must be consumed (an embedded NUL fails, as in CPython). */
static pv *parse_int(arena *a, const char *str, size_t n, int base)
{
    const char *end = str + n, *p = str;
    while (p < end && py_isspace(*p))
        p++;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    bool error_if_nonzero = false;
    if (base == 0) {
        if (p[0] != '0')
            base = 10;
        else if (p[1] == 'x' || p[1] == 'X')
            base = 16;
        else if (p[1] == 'o' || p[1] == 'O')
            base = 8;
        else if (p[1] == 'b' || p[1] == 'B')
            base = 2;
        else {
            error_if_nonzero = true;
            base = 10;
        }
    }
    if (p[0] == '0' &&
        ((base == 16 && (p[1] == 'x' || p[1] == 'X')) || (base == 8 && (p[1] == 'o' || p[1] == 'O')) ||
         (base == 2 && (p[1] == 'b' || p[1] == 'B')))) {
        p += 2;
        if (*p == '_')
            p++;
    }
    if (*p == '_')
        return NULL;
    /* digits with single underscores between them */
    char *digits = malloc((size_t)(end - p) + 2);
    if (!digits)
        return NULL;
    size_t nd = 0;
    char prev = 0;
    while (p < end && (digit_value(*p) < base || *p == '_')) {
        if (*p == '_') {
            if (prev == '_')
                goto fail;
        } else {
            digits[nd++] = *p;
        }
        prev = *p++;
    }
    if (prev == '_' || nd == 0)
        goto fail;
    while (p < end && py_isspace(*p))
        p++;
    if (p != end)
        goto fail;
    digits[nd] = '\0';
    pv *r;
    if (base == 10 && nd <= 18) {
        int64_t v = 0;
        for (size_t i = 0; i < nd; i++)
            v = v * 10 + (digits[i] - '0');
        r = pv_int(a, neg ? -v : v);
    } else {
        mpz_t z;
        mpz_init(z);
        mpz_set_str(z, digits, base);
        if (neg)
            mpz_neg(z, z);
        r = pv_int_mpz(a, z);
        mpz_clear(z);
    }
    free(digits);
    if (error_if_nonzero && pv_int_sign(r) != 0)
        return NULL;
    return r;
fail:
    free(digits);
    return NULL;
}

pv *py_int_from_str_base(arena *a, const char *s, size_t n, int base)
{
    size_t len;
    char *buf = to_ascii(s, n, &len);
    if (!buf)
        return NULL;
    pv *r = parse_int(a, buf, len, base);
    free(buf);
    return r;
}

pv *py_int_from_str(arena *a, const char *s, size_t n)
{
    return py_int_from_str_base(a, s, n, 10);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The strict float grammar of PyOS_string_to_double over all of s[0..n). */
static bool parse_float(const char *s, size_t n, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
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
    size_t j = i, ndig = 0;
    while (j < n && is_digit(s[j]))
        j++, ndig++;
    if (j < n && s[j] == '.') {
        j++;
        while (j < n && is_digit(s[j]))
            j++, ndig++;
    }
    if (ndig == 0)
        return false;
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        size_t d0 = k;
        while (k < n && is_digit(s[k]))
            k++;
        if (k == d0)
            return false;
        j = k;
    }
    if (j != n)
        return false;
    *out = strtod(s, NULL); /* s is NUL-terminated and fully valid here */
    return true;
}

bool py_float_from_str(const char *s, size_t n, double *out)
{
    size_t len;
    char *buf = to_ascii(s, n, &len);
    if (!buf)
        return false;
    bool ok = false;
    if (strlen(buf) != len) /* an embedded NUL */
        goto done;
    char *p = buf, *last = buf + len;
    while (p < last && py_isspace(*p))
        p++;
    while (last - p > 1 && py_isspace(last[-1]))
        last--;
    /* _Py_string_to_number_with_underscores */
    char *dup = malloc((size_t)(last - p) + 1), *d = dup;
    if (!dup)
        goto done;
    char prev = '\0';
    bool bad = false;
    for (char *q = p; q < last; q++) {
        if (*q == '_') {
            if (!is_digit(prev))
                bad = true;
        } else {
            *d++ = *q;
            if (prev == '_' && !is_digit(*q))
                bad = true;
        }
        prev = *q;
    }
    if (prev == '_')
        bad = true;
    *d = '\0';
    if (!bad)
        ok = parse_float(dup, (size_t)(d - dup), out);
    free(dup);
done:
    free(buf);
    return ok;
}

int py_float_pow_errno(double x, double y, double *out)
{
    errno = 0;
    double r = pow(x, y);
    int err = errno;
    if (err == 0 && isinf(r))
        err = ERANGE;
    else if (err == ERANGE && r == 0.0)
        err = 0; /* underflow to zero is no error */
    *out = r;
    return err;
}
