/* The math module functions of the functools/map vocabulary, with CPython
 * 3.11's results and errors (Modules/mathmodule.c): "math domain error",
 * "math range error", big-int logarithms, exact integer functions. */
#ifndef PYSTD_OPS_MATH_H
#define PYSTD_OPS_MATH_H

#include "ops/ops.h"

typedef enum ops_math_fn1 {
    OPS_MATH_SQRT,
    OPS_MATH_FABS,
    OPS_MATH_EXP,
    OPS_MATH_SIN,
    OPS_MATH_COS,
    OPS_MATH_TAN
} ops_math_fn1;

/* math_1(): float argument, float result */
pv *ops_math_unary(ops_ctx *x, ops_math_fn1 fn, const pv *v);
pv *ops_math_floor(ops_ctx *x, const pv *v);
pv *ops_math_ceil(ops_ctx *x, const pv *v);
/* log(v) (base NULL), log(v, base); log2, log10 */
pv *ops_math_log(ops_ctx *x, const pv *v, const pv *base);
pv *ops_math_log2(ops_ctx *x, const pv *v);
pv *ops_math_log10(ops_ctx *x, const pv *v);
pv *ops_math_gcd(ops_ctx *x, pv *const *args, size_t n);
pv *ops_math_lcm(ops_ctx *x, pv *const *args, size_t n);
pv *ops_math_factorial(ops_ctx *x, const pv *v);
pv *ops_math_isqrt(ops_ctx *x, const pv *v);

#endif
