/* Python's int(str) and float(str) (base 10): the text forms a client may
 * send in a GET query, and what builtins.int/float accept. */
#ifndef PYSTD_PYNUM_H
#define PYSTD_PYNUM_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

/* int(s): surrounding whitespace, a sign, digits with single '_' between
 * digits.  NULL when Python would raise ValueError. */
pv *py_int_from_str(arena *a, const char *s, size_t n);
/* float(s): whitespace, sign, decimal or exponent form with '_' between
 * digits, inf/infinity/nan in any case.  false on ValueError. */
bool py_float_from_str(const char *s, size_t n, double *out);

#endif
