/* The math module functions of the functools/map vocabulary, with CPython
 * 3.11's results and errors (Modules/mathmodule.c): "math domain error",
 * "math range error", big-int logarithms, exact integer functions. */
#ifndef PYSTD_OPS_MATH_H
#define PYSTD_OPS_MATH_H

#include "ops/ops.h"

typedef enum pym_fn1 { PYM_SQRT, PYM_FABS, PYM_EXP, PYM_SIN, PYM_COS, PYM_TAN } pym_fn1;

/* math_1(): float argument, float result */
pv *pym_unary(pyx *x, pym_fn1 fn, const pv *v);
pv *pym_floor(pyx *x, const pv *v);
pv *pym_ceil(pyx *x, const pv *v);
/* log(v) (base NULL), log(v, base); log2, log10 */
pv *pym_log(pyx *x, const pv *v, const pv *base);
pv *pym_log2(pyx *x, const pv *v);
pv *pym_log10(pyx *x, const pv *v);
pv *pym_gcd(pyx *x, pv *const *args, size_t n);
pv *pym_lcm(pyx *x, pv *const *args, size_t n);
pv *pym_factorial(pyx *x, const pv *v);
pv *pym_isqrt(pyx *x, const pv *v);

#endif
