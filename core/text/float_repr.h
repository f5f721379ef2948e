/* Python's repr(float): the shortest digits that read back to the same
 * double, laid out as CPython does ('0.1', '1e+16', '1.0', '5e-324', '-0.0',
 * 'inf', 'nan'); and the reverse, decimal text -> the correctly rounded
 * double, as float() / json.loads read it. */
#ifndef PYSTD_FLOAT_REPR_H
#define PYSTD_FLOAT_REPR_H

#include <stddef.h>

#define FLOAT_REPR_MAX 32

/* Writes a NUL-terminated repr into out (FLOAT_REPR_MAX bytes); returns its length. */
size_t float_repr(double x, char *out);

/* The shortest round-trip digits of finite x > 0: digits[] gets ndigits
 * ASCII digits (no trailing zeros) and *decpt the decimal point position
 * (x = 0.d1d2... * 10**decpt).  Of several shortest forms, the nearest to x
 * (ties: even last digit), as CPython's repr (dtoa mode 0) picks. */
void float_repr_shortest(double x, char digits[20], int *ndigits, int *decpt);

/* The correctly rounded double of s[0..n), a number in JSON's grammar
 * (-?int(.frac)?([eE][+-]?digits)?; beyond the range: +-inf or +-0.0). */
double float_repr_parse(const char *s, size_t n);

#endif
