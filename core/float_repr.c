#include "float_repr.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add one unit in the last digit of buf = d.ddde[+-]XX (9.99e5 -> 1.00e+06). */
static void bump_last_digit(char *buf)
{
    char *e = strchr(buf, 'e');
    for (char *q = e - 1; q >= buf; q--) {
        if (*q == '.')
            continue;
        if (*q != '9') {
            (*q)++;
            return;
        }
        *q = '0';
    }
    buf[0] = '1'; /* all nines: 10.00 is 1.000 at the next exponent */
    sprintf(e, "e%+03d", atoi(e + 1) + 1);
}

/* Correctly rounded p-digit forms come from printf; the first p whose text
 * reads back to x is the shortest, and of the shortest the nearest: Python's
 * repr.  For a normal double that p is >= 15 unless the %.15g form (trailing
 * zeros dropped) already reads back, since 15 digits never round-trip
 * ambiguously; subnormals have fewer significant digits, so they start at 1.
 * At a power of two the gap above x is twice the gap below, so when the
 * nearest p-digit form falls just below the rounding interval the next
 * p-digit number up may still be inside it. */
void float_shortest(double x, char digits[20], int *ndigits, int *decpt)
{
    char buf[40];
    for (int p = x < DBL_MIN ? 1 : 15;; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        if (p == 17) /* 17 digits always read back */
            break;
        double y = strtod(buf, NULL);
        if (y == x)
            break;
        if (y < x) {
            bump_last_digit(buf);
            if (strtod(buf, NULL) == x)
                break;
        }
    }
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
