#include "float_repr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Correctly rounded p-digit forms come from printf; the first p in 15..17
 * whose text reads back to x is the shortest (every double with a <=15-digit
 * form prints as that form at %.15g, since 15 digits never round-trip
 * ambiguously), and of the shortest the nearest: Python's repr. */
void float_shortest(double x, char digits[20], int *ndigits, int *decpt)
{
    char buf[40];
    int p;
    /* A subnormal has fewer significant digits: its shortest form may be
     * shorter than its 15-digit one (5e-324), so search from 1 digit. */
    for (p = x < 2.2250738585072014e-308 ? 1 : 15; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (p == 17)
        snprintf(buf, sizeof buf, "%.16e", x);
    /* buf = d.ddddde[+-]XX */
    int n = 0;
    const char *s = buf;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[n++] = *s;
    int exp10 = atoi(s + 1);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    *ndigits = n;
    *decpt = exp10 + 1;
}

size_t float_repr(double x, char *out)
{
    if (isnan(x))
        return (size_t)sprintf(out, "nan");
    if (isinf(x))
        return (size_t)sprintf(out, x > 0 ? "inf" : "-inf");
    char *o = out;
    if (signbit(x))
        *o++ = '-', x = -x;
    if (x == 0) {
        memcpy(o, "0.0", 4);
        return (size_t)(o + 3 - out);
    }
    char d[20];
    int n, decpt;
    float_shortest(x, d, &n, &decpt);
    if (decpt <= -4 || decpt > 16) {
        *o++ = d[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)n - 1);
            o += n - 1;
        }
        int e = decpt - 1;
        o += sprintf(o, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = decpt; i < 0; i++)
            *o++ = '0';
        memcpy(o, d, (size_t)n);
        o += n;
    } else if (decpt >= n) {
        memcpy(o, d, (size_t)n);
        o += n;
        for (int i = n; i < decpt; i++)
            *o++ = '0';
        *o++ = '.';
        *o++ = '0';
    } else {
        memcpy(o, d, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, d + decpt, (size_t)(n - decpt));
        o += n - decpt;
    }
    *o = '\0';
    return (size_t)(o - out);
}
