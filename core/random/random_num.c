/* random.py's number operations (random_num.h) on pv values: float() of
 * an int (OverflowError), + and -, int / int correctly rounded, and the
 * comparisons of a float with an int of any size. */
#include "random/random_num.h"

#include <math.h>
#include <stdint.h>

static int overflow(arena *a, py_err *e)
{
    return py_raise(e, a, "OverflowError", "int too large to convert to float");
}

int random_num_to_double(arena *a, const pv *v, double *out, py_err *e)
{
    switch (v->kind) {
    case PV_FLOAT:
        *out = v->f;
        return 0;
    case PV_BOOL:
        *out = v->b ? 1.0 : 0.0;
        return 0;
    case PV_INT:
        if (!pv_int_to_double(v, out))
            return overflow(a, e);
        return 0;
    default:
        return py_raise(e, a, "TypeError", "must be real number, not %s", pv_type_name(v));
    }
}

/* An int or bool as an mpz (out already initialised). */
static void get_mpz(const pv *v, mpz_t out)
{
    if (v->kind == PV_BOOL)
        mpz_set_ui(out, v->b);
    else
        pv_int_get_mpz(v, out);
}

static bool small_int(const pv *v, int64_t *out)
{
    if (v->kind == PV_BOOL) {
        *out = v->b;
        return true;
    }
    if (v->i.big)
        return false;
    *out = v->i.v;
    return true;
}

/* x op y for two ints (or bools): exact. */
static pv *int_addsub(arena *a, const pv *x, const pv *y, bool sub)
{
    int64_t sx, sy, r;
    if (small_int(x, &sx) && small_int(y, &sy) &&
        !(sub ? __builtin_sub_overflow(sx, sy, &r) : __builtin_add_overflow(sx, sy, &r)))
        return pv_int(a, r);
    mpz_t zx, zy;
    mpz_init(zx);
    mpz_init(zy);
    get_mpz(x, zx);
    get_mpz(y, zy);
    if (sub)
        mpz_sub(zx, zx, zy);
    else
        mpz_add(zx, zx, zy);
    pv *out = pv_int_mpz(a, zx);
    mpz_clear(zx);
    mpz_clear(zy);
    return out;
}

static int float_op(arena *a, const pv *x, const pv *y, char op, pv **out, py_err *e)
{
    double dx = 0.0, dy = 0.0;
    if (random_num_to_double(a, x, &dx, e) < 0 || random_num_to_double(a, y, &dy, e) < 0)
        return -1;
    *out = pv_float(a, op == '+' ? dx + dy : dx - dy);
    return 0;
}

int random_num_add(arena *a, const pv *x, const pv *y, pv **out, py_err *e)
{
    if (pv_is_number(x) && pv_is_number(y)) {
        if (x->kind == PV_FLOAT || y->kind == PV_FLOAT)
            return float_op(a, x, y, '+', out, e);
        *out = int_addsub(a, x, y, false);
        return 0;
    }
    if (x->kind == PV_STR || x->kind == PV_LIST) {
        const char *t = x->kind == PV_STR ? "str" : "list";
        if (y->kind == x->kind && y->tuple == x->tuple) {
            *out = (pv *)x;
            return 0;
        }
        return py_raise(e, a, "TypeError", "can only concatenate %s (not \"%s\") to %s", t, pv_type_name(y),
                        t);
    }
    return py_raise(e, a, "TypeError", "unsupported operand type(s) for +: '%s' and '%s'", pv_type_name(x),
                    pv_type_name(y));
}

int random_num_sub(arena *a, const pv *x, const pv *y, pv **out, py_err *e)
{
    if (!pv_is_number(x) || !pv_is_number(y))
        return py_raise(e, a, "TypeError", "unsupported operand type(s) for -: '%s' and '%s'",
                        pv_type_name(x), pv_type_name(y));
    if (x->kind == PV_FLOAT || y->kind == PV_FLOAT)
        return float_op(a, x, y, '-', out, e);
    *out = int_addsub(a, x, y, true);
    return 0;
}

bool random_num_mpz_truediv(const mpz_t a, const mpz_t b, double *out)
{
    bool neg = (mpz_sgn(a) < 0) != (mpz_sgn(b) < 0);
    if (mpz_sgn(a) == 0) {
        *out = neg ? -0.0 : 0.0;
        return true;
    }
    mpz_t A, B, q, r;
    mpz_inits(A, B, q, r, NULL);
    mpz_abs(A, a);
    mpz_abs(B, b);
    /* e: 2**e <= A/B < 2**(e+1) */
    long e = (long)mpz_sizeinbase(A, 2) - (long)mpz_sizeinbase(B, 2);
    if (e >= 0)
        mpz_mul_2exp(q, B, (unsigned long)e), mpz_set(r, A);
    else
        mpz_mul_2exp(r, A, (unsigned long)-e), mpz_set(q, B);
    if (mpz_cmp(r, q) < 0)
        e--;
    bool ok = true;
    if (e >= 1024) {
        ok = false;
    } else {
        /* The unit of the last kept bit: 53 significant bits, or the
         * subnormal grid 2**-1074; two more bits for rounding. */
        long lsb = e - 52 > -1074 ? e - 52 : -1074;
        long s = 2 - lsb;
        if (s >= 0)
            mpz_mul_2exp(A, A, (unsigned long)s);
        else
            mpz_mul_2exp(B, B, (unsigned long)-s);
        mpz_tdiv_qr(q, r, A, B);
        uint64_t Q = mpz_get_ui(q); /* at most 56 bits */
        bool sticky = mpz_sgn(r) != 0;
        uint64_t m = Q >> 2;
        bool guard = (Q >> 1) & 1, rest = (Q & 1) || sticky;
        if (guard && (rest || (m & 1)))
            m++;
        double d = ldexp((double)m, (int)lsb);
        if (isinf(d))
            ok = false;
        else
            *out = neg ? -d : d;
    }
    mpz_clears(A, B, q, r, NULL);
    return ok;
}

int random_num_truediv(arena *a, const pv *x, const pv *y, double *out, py_err *e)
{
    if (random_num_is_int(x) && random_num_is_int(y)) {
        int64_t sx, sy;
        bool small = small_int(x, &sx) && small_int(y, &sy);
        if (small ? sy == 0 : pv_int_sign(y) == 0)
            return py_raise(e, a, "ZeroDivisionError", "division by zero");
        const int64_t lim = (int64_t)1 << 53;
        if (small && sx <= lim && sx >= -lim && sy <= lim && sy >= -lim) {
            *out = (double)sx / (double)sy; /* both exact: one correctly rounded division */
            return 0;
        }
        mpz_t zx, zy;
        mpz_init(zx);
        mpz_init(zy);
        get_mpz(x, zx);
        get_mpz(y, zy);
        bool ok = random_num_mpz_truediv(zx, zy, out);
        mpz_clear(zx);
        mpz_clear(zy);
        if (!ok)
            return py_raise(e, a, "OverflowError", "integer division result too large for a float");
        return 0;
    }
    double dx = 0.0, dy = 0.0;
    if (random_num_to_double(a, x, &dx, e) < 0 || random_num_to_double(a, y, &dy, e) < 0)
        return -1;
    if (dy == 0.0)
        return py_raise(e, a, "ZeroDivisionError", "float division by zero");
    *out = dx / dy;
    return 0;
}

int random_num_float_lt(arena *a, double x, const pv *v, bool *lt, py_err *e)
{
    switch (v->kind) {
    case PV_FLOAT:
        *lt = x < v->f;
        return 0;
    case PV_BOOL:
        *lt = x < (v->b ? 1.0 : 0.0);
        return 0;
    case PV_INT:
        if (isnan(x)) {
            *lt = false;
        } else if (isinf(x)) {
            *lt = x < 0;
        } else if (!v->i.big && v->i.v <= ((int64_t)1 << 53) && v->i.v >= -((int64_t)1 << 53)) {
            *lt = x < (double)v->i.v; /* the int is exact as a double */
        } else {
            mpz_t z;
            mpz_init(z);
            pv_int_get_mpz(v, z);
            *lt = mpz_cmp_d(z, x) > 0; /* exact */
            mpz_clear(z);
        }
        return 0;
    default:
        return py_raise(e, a, "TypeError", "'<' not supported between instances of 'float' and '%s'",
                        pv_type_name(v));
    }
}

bool random_num_i64_lt(int64_t x, const pv *v)
{
    if (v->kind == PV_BOOL)
        return x < (int64_t)v->b;
    if (v->i.big)
        return mpz_sgn(v->i.big) > 0;
    return x < v->i.v;
}
