/* int(), float(), round(), hex()/oct()/bin() with CPython 3.11's results
 * and messages. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_int.h"
#include "py/py_num.h"

/* A long literal of plain digits whose value is past --max-int-bits is
 * refused before converting it (millions of digits take seconds, and such
 * an int could never be written back); anything else is converted, so
 * that its errors are Python's. */
static bool literal_too_large(const char *s, size_t n, int base, size_t max_bits)
{
    if (base < 2 || n < 4096)
        return false;
    size_t i = 0, sig = 0;
    while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
        i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : -1;
        if (d < 0 || d >= base)
            break;
        if (d || sig)
            sig++;
    }
    while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
        i++;
    return i == n && sig > 1 && (double)(sig - 1) * log2(base) > (double)max_bits;
}

pv *ops_int(ops_ctx *x, const pv *v, const pv *obase)
{
    long base = -1;
    if (obase) {
        /* PyNumber_AsSsize_t(obase, NULL): clamps on overflow */
        if (!ops_is_intlike(obase))
            return OPS_TYPE_ERR(x, "'%s' object cannot be interpreted as an integer", ops_type_name(obase));
        int64_t b;
        if (!ops_int_small(obase, &b))
            b = ops_int_sign(obase) < 0 ? -1 : 37;
        if ((b != 0 && b < 2) || b > 36)
            return OPS_VALUE_ERR(x, "int() base must be >= 2 and <= 36, or 0");
        if (v->kind != PV_STR)
            return OPS_TYPE_ERR(x, "int() can't convert non-string with explicit base");
        base = (long)b;
    }
    switch (v->kind) {
    case PV_BOOL:
        return pv_int(x->a, v->b);
    case PV_INT:
        return (pv *)v;
    case PV_FLOAT:
        return ops_int_from_double(x, v->f);
    case PV_STR: {
        int b = base < 0 ? 10 : (int)base;
        if (literal_too_large(v->s.p, v->s.len, b, x->max_int_bits))
            return OPS_LIMIT_ERR(x, "int result too large");
        pv *r = py_int_from_str_base(x->a, v->s.p, v->s.len, b);
        if (!r)
            return OPS_VALUE_ERR(x, "invalid literal for int() with base %d: %s", b,
                                 ops_repr_trunc(x, v, 200));
        return r;
    }
    default:
        return OPS_TYPE_ERR(x,
                            "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                            ops_type_name(v));
    }
}

pv *ops_float(ops_ctx *x, const pv *v)
{
    double d;
    switch (v->kind) {
    case PV_FLOAT:
        return (pv *)v;
    case PV_BOOL:
    case PV_INT:
        if (ops_num_to_double(x, v, &d) < 0)
            return NULL;
        return pv_float(x->a, d);
    case PV_STR:
        if (!py_float_from_str(v->s.p, v->s.len, &d)) {
            char *r = ops_repr_trunc(x, v, (size_t)-1);
            return OPS_VALUE_ERR(x, "could not convert string to float: %s", r);
        }
        return pv_float(x->a, d);
    default:
        return OPS_TYPE_ERR(x, "float() argument must be a string or a real number, not '%s'",
                            ops_type_name(v));
    }
}

/* ---------------------------------------------------------------- round */

/* q = round-half-even(num / den) */
static void div_near(mpz_t q, const mpz_t num, const mpz_t den)
{
    mpz_t r, twice;
    mpz_init(r);
    mpz_init(twice);
    mpz_fdiv_qr(q, r, num, den); /* den > 0, so 0 <= r < den */
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, den);
    if (c > 0 || (c == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    mpz_clear(r);
    mpz_clear(twice);
}

/* double_round(x, ndigits): x rounded half-even to ndigits decimal places
 * on its exact binary value (as dtoa mode 3), read back correctly rounded. */
static pv *double_round(ops_ctx *x, double d, int ndigits)
{
    int e;
    double m = frexp(fabs(d), &e); /* |d| = m * 2**e, 0.5 <= m < 1 */
    mpz_t num, den, q, t;
    mpz_init_set_d(num, ldexp(m, 53));
    e -= 53;
    mpz_init_set_ui(den, 1);
    mpz_init(q);
    mpz_init(t);
    if (e >= 0)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    mpz_ui_pow_ui(t, 10, (unsigned long)(ndigits >= 0 ? ndigits : -ndigits));
    if (ndigits >= 0)
        mpz_mul(num, num, t);
    else
        mpz_mul(den, den, t);
    div_near(q, num, den);
    char *digits = mpz_get_str(NULL, 10, q);
    size_t n = strlen(digits);
    char *buf = malloc(n + 32);
    sprintf(buf, "%s%se%d", signbit(d) ? "-" : "", digits, -ndigits);
    free(digits);
    errno = 0;
    double r = strtod(buf, NULL);
    int err = errno;
    free(buf);
    mpz_clear(num);
    mpz_clear(den);
    mpz_clear(q);
    mpz_clear(t);
    if (err == ERANGE && fabs(r) >= 1.)
        return OPS_OVERFLOW_ERR(x, "rounded value too large to represent");
    return pv_float(x->a, r);
}

static pv *float_round(ops_ctx *x, double d, const pv *nd)
{
    if (!nd || nd->kind == PV_NONE) {
        double r = round(d);
        if (fabs(d - r) == 0.5)
            r = 2.0 * round(d / 2.0);
        return ops_int_from_double(x, r);
    }
    /* PyNumber_AsSsize_t(ndigits, NULL): clamps on overflow */
    if (!ops_is_intlike(nd))
        return OPS_TYPE_ERR(x, "'%s' object cannot be interpreted as an integer", ops_type_name(nd));
    int64_t n;
    if (!ops_int_small(nd, &n))
        n = ops_int_sign(nd) < 0 ? INT64_MIN : INT64_MAX;
    if (!isfinite(d))
        return pv_float(x->a, d);
    const int NDIGITS_MAX = (int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103);
    const int NDIGITS_MIN = -(int)((DBL_MAX_EXP + 1) * 0.30103);
    if (n > NDIGITS_MAX)
        return pv_float(x->a, d);
    if (n < NDIGITS_MIN)
        return pv_float(x->a, 0.0 * d);
    if (d == 0.0)
        return pv_float(x->a, d);
    return double_round(x, d, (int)n);
}

static pv *int_round(ops_ctx *x, const pv *v, const pv *nd)
{
    pv *self = v->kind == PV_BOOL ? pv_int(x->a, v->b) : (pv *)v;
    if (!nd || nd->kind == PV_NONE)
        return self;
    if (!ops_is_intlike(nd))
        return OPS_TYPE_ERR(x, "'%s' object cannot be interpreted as an integer", ops_type_name(nd));
    if (ops_int_sign(nd) >= 0)
        return self;
    /* pyref's guard: 10 ** -ndigits would be too large */
    int64_t n;
    if (!ops_int_small(nd, &n) || n < -(int64_t)(x->max_int_bits / 3))
        return OPS_LIMIT_ERR(x, "round result too large");
    uint64_t k = (uint64_t)-n;
    if (pv_int_sign(self) == 0 || k > pv_int_ndigits(self))
        return pv_int(x->a, 0);
    mpz_t z, p, q;
    ops_int_to_mpz(self, z);
    mpz_init(p);
    mpz_init(q);
    mpz_ui_pow_ui(p, 10, (unsigned long)k);
    div_near(q, z, p);
    mpz_mul(z, q, p);
    mpz_clear(p);
    mpz_clear(q);
    return ops_int_from_mpz_clear(x, z);
}

pv *ops_round(ops_ctx *x, const pv *v, const pv *ndigits)
{
    if (v->kind == PV_FLOAT)
        return float_round(x, v->f, ndigits);
    if (ops_is_intlike(v))
        return int_round(x, v, ndigits);
    return OPS_TYPE_ERR(x, "type %s doesn't define __round__ method", ops_type_name(v));
}

/* ---------------------------------------------------------------- hex/oct/bin */

pv *ops_int_format(ops_ctx *x, const pv *v, int base)
{
    if (!ops_is_intlike(v))
        return OPS_TYPE_ERR(x, "'%s' object cannot be interpreted as an integer", ops_type_name(v));
    const char *prefix = base == 16 ? "0x" : base == 8 ? "0o" : "0b";
    mpz_t z;
    ops_int_to_mpz(v, z);
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    size_t cap = mpz_sizeinbase(z, base) + 4;
    char *p = arena_alloc(x->a, cap + 1);
    size_t k = 0;
    if (neg)
        p[k++] = '-';
    p[k++] = prefix[0];
    p[k++] = prefix[1];
    mpz_get_str(p + k, base, z);
    k += strlen(p + k);
    mpz_clear(z);
    return pv_str_take_n(x->a, p, k, k);
}
