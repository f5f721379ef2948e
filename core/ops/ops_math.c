/* math functions (CPython 3.11 Modules/mathmodule.c). */
#include "ops/ops_math.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>

#include "ops/ops_int.h"

static pv *domain_error(ops_ctx *x)
{
    return OPS_VALUE_ERR(x, "math domain error");
}

/* is_error(): errno after a libm call with a finite result */
static bool is_error(ops_ctx *x, double r)
{
    if (errno == EDOM) {
        domain_error(x);
        return true;
    }
    if (errno == ERANGE) {
        if (fabs(r) < 1.5) /* underflow: not an error */
            return false;
        py_raise(x->err, x->a, "OverflowError", "math range error");
        return true;
    }
    return false;
}

/* math_1 with a double function */
static pv *math_1(ops_ctx *x, const pv *v, double (*fn)(double), bool can_overflow)
{
    double d;
    if (ops_as_double(x, v, &d) < 0)
        return NULL;
    errno = 0;
    double r = fn(d);
    if (isnan(r) && !isnan(d))
        return domain_error(x);
    if (isinf(r) && isfinite(d)) {
        if (can_overflow)
            return OPS_OVERFLOW_ERR(x, "math range error");
        return domain_error(x);
    }
    if (isfinite(r) && errno && is_error(x, r))
        return NULL;
    return pv_float(x->a, r);
}

pv *ops_math_unary(ops_ctx *x, ops_math_fn1 fn, const pv *v)
{
    switch (fn) {
    case OPS_MATH_SQRT:
        return math_1(x, v, sqrt, false);
    case OPS_MATH_FABS:
        return math_1(x, v, fabs, false);
    case OPS_MATH_EXP:
        return math_1(x, v, exp, true);
    case OPS_MATH_SIN:
        return math_1(x, v, sin, false);
    case OPS_MATH_COS:
        return math_1(x, v, cos, false);
    case OPS_MATH_TAN:
        return math_1(x, v, tan, false);
    }
    return NULL;
}

static pv *floor_ceil(ops_ctx *x, const pv *v, bool is_floor)
{
    if (ops_is_intlike(v))
        return v->kind == PV_BOOL ? pv_int(x->a, v->b) : (pv *)v;
    double d;
    if (ops_as_double(x, v, &d) < 0)
        return NULL;
    return ops_int_from_double(x, is_floor ? floor(d) : ceil(d));
}

pv *ops_math_floor(ops_ctx *x, const pv *v)
{
    return floor_ceil(x, v, true);
}
pv *ops_math_ceil(ops_ctx *x, const pv *v)
{
    return floor_ceil(x, v, false);
}

/* ---------------------------------------------------------------- logarithms */

static double m_log(double x)
{
    if (isfinite(x)) {
        if (x > 0.0)
            return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

static double m_log2(double x)
{
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0)
            return x;
        errno = EDOM;
        return NAN;
    }
    if (x > 0.0)
        return log2(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
}

static double m_log10(double x)
{
    if (isfinite(x)) {
        if (x > 0.0)
            return log10(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : NAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return NAN;
}

/* _PyLong_Frexp: |v| ~= m * 2**e, 0.5 <= m < 1, m rounded half-even to 53 bits */
static double int_frexp(const pv *v, long *e)
{
    mpz_t z, q;
    ops_int_to_mpz(v, z);
    mpz_abs(z, z);
    mpz_init(q);
    long bits = (long)mpz_sizeinbase(z, 2);
    long shift = bits - (DBL_MANT_DIG + 2);
    uint64_t m;
    if (shift <= 0) {
        mpz_mul_2exp(q, z, (mp_bitcnt_t)-shift);
        m = mpz_get_ui(q);
    } else {
        mpz_tdiv_q_2exp(q, z, (mp_bitcnt_t)shift);
        m = mpz_get_ui(q);
        if (mpz_scan1(z, 0) < (mp_bitcnt_t)shift)
            m |= 1; /* sticky */
    }
    static const int half_even_correction[8] = {0, -1, -2, 1, 0, -1, 2, 1};
    m = (uint64_t)((int64_t)m + half_even_correction[m & 7]);
    double dx = ldexp((double)m, -(DBL_MANT_DIG + 2));
    if (dx == 1.0) {
        dx = 0.5;
        bits++;
    }
    mpz_clear(z);
    mpz_clear(q);
    *e = bits;
    return dx;
}

static pv *loghelper(ops_ctx *x, const pv *v, double (*fn)(double))
{
    if (ops_is_intlike(v)) {
        if (ops_int_sign(v) <= 0)
            return domain_error(x);
        double d, r;
        if (ops_int_to_double(v, &d)) {
            r = fn(d);
        } else {
            long e;
            d = int_frexp(v, &e);
            r = fn(d) + fn(2.0) * (double)e;
        }
        return pv_float(x->a, r);
    }
    return math_1(x, v, fn, false);
}

pv *ops_math_log(ops_ctx *x, const pv *v, const pv *base)
{
    pv *num = loghelper(x, v, m_log);
    if (!num || !base)
        return num;
    pv *den = loghelper(x, base, m_log);
    if (!den)
        return NULL;
    return ops_binary(x, OPS_TRUEDIV, num, den);
}

pv *ops_math_log2(ops_ctx *x, const pv *v)
{
    return loghelper(x, v, m_log2);
}
pv *ops_math_log10(ops_ctx *x, const pv *v)
{
    return loghelper(x, v, m_log10);
}

/* ---------------------------------------------------------------- integers */

static bool index_check(ops_ctx *x, const pv *v)
{
    if (ops_is_intlike(v))
        return true;
    py_raise(x->err, x->a, "TypeError", "'%s' object cannot be interpreted as an integer", ops_type_name(v));
    return false;
}

pv *ops_math_gcd(ops_ctx *x, pv *const *args, size_t n)
{
    if (n == 0)
        return pv_int(x->a, 0);
    if (!index_check(x, args[0]))
        return NULL;
    mpz_t r, t;
    ops_int_to_mpz(args[0], r);
    mpz_abs(r, r);
    for (size_t i = 1; i < n; i++) {
        if (!index_check(x, args[i])) {
            mpz_clear(r);
            return NULL;
        }
        if (mpz_cmp_ui(r, 1) == 0)
            continue;
        ops_int_to_mpz(args[i], t);
        mpz_gcd(r, r, t);
        mpz_clear(t);
    }
    return ops_int_from_mpz_clear(x, r);
}

pv *ops_math_lcm(ops_ctx *x, pv *const *args, size_t n)
{
    if (n == 0)
        return pv_int(x->a, 1);
    if (!index_check(x, args[0]))
        return NULL;
    mpz_t r, t;
    ops_int_to_mpz(args[0], r);
    mpz_abs(r, r);
    for (size_t i = 1; i < n; i++) {
        if (!index_check(x, args[i])) {
            mpz_clear(r);
            return NULL;
        }
        if (mpz_sgn(r) == 0)
            continue;
        ops_int_to_mpz(args[i], t);
        mpz_lcm(r, r, t);
        mpz_clear(t);
    }
    return ops_int_from_mpz_clear(x, r);
}

pv *ops_math_factorial(ops_ctx *x, const pv *v)
{
    if (!index_check(x, v))
        return NULL;
    int64_t n;
    if (!ops_int_small(v, &n)) {
        if (ops_int_sign(v) < 0)
            return OPS_VALUE_ERR(x, "factorial() not defined for negative values");
        /* pyref's guard comes first for any n > 50000 */
        return OPS_LIMIT_ERR(x, "factorial result too large");
    }
    if (n < 0)
        return OPS_VALUE_ERR(x, "factorial() not defined for negative values");
    if (n > 50000 || (n > 2 && (double)n * log2((double)n) > (double)x->max_int_bits * 1.5))
        return OPS_LIMIT_ERR(x, "factorial result too large");
    mpz_t z;
    mpz_init(z);
    mpz_fac_ui(z, (unsigned long)n);
    return ops_int_from_mpz_clear(x, z);
}

pv *ops_math_isqrt(ops_ctx *x, const pv *v)
{
    if (!index_check(x, v))
        return NULL;
    if (ops_int_sign(v) < 0)
        return OPS_VALUE_ERR(x, "isqrt() argument must be nonnegative");
    mpz_t z;
    ops_int_to_mpz(v, z);
    mpz_sqrt(z, z);
    return ops_int_from_mpz_clear(x, z);
}
