/* Python's int(str, base) and float(str): what builtins.int/float accept,
 * and how a GET query's text becomes a number (pyref's coerce_query calls
 * int(v) / float(v)).  Input is a stored str (UTF-8, see utf8.h). */
#ifndef PYSTD_PY_NUM_H
#define PYSTD_PY_NUM_H

#include <stdbool.h>
#include <stddef.h>

#include "py/py_value.h"

/* int(s, base) for base 0 or 2..36 (PyLong_FromUnicodeObject): Unicode
 * decimal digits and white space, a sign, the 0x/0o/0b prefixes, single
 * '_' between digits.  NULL when Python would raise ValueError. */
pv *py_int_from_str_base(arena *a, const char *s, size_t n, int base);
/* int(s) (base 10). */
pv *py_int_from_str(arena *a, const char *s, size_t n);
/* float(s) (PyFloat_FromString): white space, sign, decimal or exponent
 * form with '_' between digits, inf/infinity/nan in any case, Unicode
 * decimal digits.  false on ValueError. */
bool py_float_from_str(const char *s, size_t n, double *out);
/* pow(x, y) for finite x > 0, y as float_pow() (Objects/floatobject.c) judges
 * libm's answer: the errno it would raise -- ERANGE for an overflow to inf
 * (an underflow to 0 is none), EDOM -- or 0. */
int py_float_pow_errno(double x, double y, double *out);

#endif
