/* Python's repr(float): the shortest digits that read back to the same
 * double, laid out as CPython does ('0.1', '1e+16', '1.0', '5e-324', '-0.0',
 * 'inf', 'nan'). */
#ifndef PYSTD_FLOAT_REPR_H
#define PYSTD_FLOAT_REPR_H

#include <stddef.h>

#define FLOAT_REPR_MAX 32

/* Writes a NUL-terminated repr into out (FLOAT_REPR_MAX bytes); returns its length. */
size_t float_repr(double x, char *out);

/* The shortest round-trip digits of finite x > 0: digits[] gets ndigits
 * ASCII digits (no trailing zeros) and *decpt the decimal point position
 * (x = 0.d1d2... * 10**decpt). */
void float_shortest(double x, char digits[20], int *ndigits, int *decpt);

#endif
