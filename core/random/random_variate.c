/* random.Random's other distributions of 3.11 -- lognormvariate,
 * vonmisesvariate, gammavariate, betavariate, paretovariate, weibullvariate
 * -- with Lib/random.py's exact expressions: the same calls to random() in
 * the same order, the same float operations, the math module's errors
 * ("math domain error", "math range error"), float ** float and float
 * division as CPython evaluates them, and the arguments converted (an int
 * too large for a float: OverflowError) at the point Python converts them.
 *
 * A rejection loop that never accepts (a NaN or infinite parameter makes
 * CPython loop forever) stops when the request's budget runs out. */
#include <errno.h>
#include <math.h>

#include "py/py_num.h"
#include "random/random.h"
#include "random/random_num.h"

/* random.py's constants, as CPython computes them at import. */
#define LOG4 0x1.62e42fefa39efp+0          /* _log(4.0) */
#define SG_MAGICCONST 0x1.40859baee748fp+1 /* 1.0 + _log(4.5) */
#define TWOPI 0x1.921fb54442d18p+2         /* math.tau */
#define PI 0x1.921fb54442d18p+1            /* math.pi */
#define E 0x1.5bf0a8b145769p+1             /* math.e */

/* ---------------------------------------------------------------- Python's float operations */

/* math_1() of mathmodule.c: a NaN from a non-NaN argument is "math domain
 * error"; an infinity from a finite one is "math range error" when the
 * function can overflow (exp), else the domain error. */
static int m1(arena *a, double (*fn)(double), double x, bool can_overflow, double *out, py_err *e)
{
    double r = fn(x);
    if (isnan(r) && !isnan(x))
        return py_raise(e, a, "ValueError", "math domain error");
    if (isinf(r) && isfinite(x))
        return py_raise(e, a, can_overflow ? "OverflowError" : "ValueError",
                        can_overflow ? "math range error" : "math domain error");
    *out = r;
    return 0;
}

static int div_f(arena *a, double x, double y, double *out, py_err *e)
{
    if (y == 0.0)
        return py_raise(e, a, "ZeroDivisionError", "float division by zero");
    *out = x / y;
    return 0;
}

/* x / v for a float x and a number v (float.__truediv__ converts an int). */
static int div_num(arena *a, double x, const pv *v, double *out, py_err *e)
{
    double y = 0.0;
    if (random_num_to_double(a, v, &y, e) < 0)
        return -1;
    return div_f(a, x, y, out, e);
}

static bool odd_integer(double d)
{
    return fmod(fabs(d), 2.0) == 1.0; /* DOUBLE_IS_ODD_INTEGER */
}

/* float_pow() for a base that is not negative (random.py's bases are
 * 1.0 - random(), -log(u) and p >= 0, so never Python's complex case). */
static int pow_f(arena *a, double iv, double iw, double *out, py_err *e)
{
    if (iw == 0) {
        *out = 1.0;
    } else if (isnan(iv)) {
        *out = iv;
    } else if (isnan(iw)) {
        *out = iv == 1.0 ? 1.0 : iw;
    } else if (isinf(iw)) {
        iv = fabs(iv);
        *out = iv == 1.0 ? 1.0 : (iw > 0.0) == (iv > 1.0) ? fabs(iw) : 0.0;
    } else if (isinf(iv)) {
        *out = iw > 0.0 ? iv : 0.0;
    } else if (iv == 0.0) {
        if (iw < 0.0)
            return py_raise(e, a, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
        *out = odd_integer(iw) ? iv : 0.0; /* (-0.0) ** 1.0 is -0.0 */
    } else if (iv == 1.0) {
        *out = 1.0;
    } else {
        double ix;
        int err = py_float_pow_errno(iv, iw, &ix);
        if (err != 0)
            return py_raise(e, a, err == ERANGE ? "OverflowError" : "ValueError", "(%d, '%s')", err,
                            err == ERANGE ? "Numerical result out of range"
                                          : "Numerical argument out of domain");
        *out = ix;
    }
    return 0;
}

/* Python's exact comparison of a number with a finite float constant:
 * -1, 0 or 1, or 2 when v is a NaN (every comparison false). */
static int cmp_const(const pv *v, double c)
{
    if (v->kind == PV_FLOAT)
        return isnan(v->f) ? 2 : (v->f > c) - (v->f < c);
    if (v->kind == PV_BOOL)
        return (v->b > c) - (v->b < c);
    const int64_t lim = (int64_t)1 << 53;
    if (!v->i.big && v->i.v <= lim && v->i.v >= -lim)
        return ((double)v->i.v > c) - ((double)v->i.v < c); /* the int is exact as a double */
    mpz_t z;
    mpz_init(z);
    pv_int_get_mpz(v, z);
    int r = mpz_cmp_d(z, c);
    mpz_clear(z);
    return (r > 0) - (r < 0);
}

/* Parameters with which random.py's rejection loop never accepts (CPython
 * loops forever): refused at once. */
static int endless(arena *a, py_err *e)
{
    return py_limit(e, a, "the distribution's rejection loop would never end with these parameters");
}

/* Every rejection loop accepts with a probability above 0.3 per round for
 * any other parameters; this cap only bounds the unforeseen. */
#define LOOP_CAP 10000000u

/* ---------------------------------------------------------------- the distributions */

int random_lognormvariate(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e)
{
    /* _exp(self.normalvariate(mu, sigma)) */
    pv *z;
    double x = 0;
    if (random_normalvariate(r, a, mu, sigma, &z, e) < 0 || m1(a, exp, z->f, true, &x, e) < 0)
        return -1;
    *out = pv_float(a, x);
    return 0;
}

int random_vonmisesvariate(random_state *r, arena *a, const pv *mu, const pv *kappa, pv **out, py_err *e)
{
    int c = cmp_const(kappa, 1e-6);
    if (c == -1 || c == 0) {
        *out = pv_float(a, TWOPI * random_random(r));
        return 0;
    }
    double s = 0.0, rr, z = 0.0, d = 0.0, sq = 0.0;
    if (div_num(a, 0.5, kappa, &s, e) < 0 || m1(a, sqrt, 1.0 + s * s, false, &sq, e) < 0)
        return -1;
    rr = s + sq;
    if (isnan(rr)) /* a NaN kappa: d is NaN in every round */
        return endless(a, e);
    for (unsigned i = 0;; i++) {
        if (i == LOOP_CAP)
            return endless(a, e);
        double u1 = random_random(r);
        if (m1(a, cos, PI * u1, false, &z, e) < 0 || div_f(a, z, rr + z, &d, e) < 0)
            return -1;
        double u2 = random_random(r);
        if (u2 < 1.0 - d * d)
            break;
        double ed = 0.0;
        if (m1(a, exp, d, true, &ed, e) < 0)
            return -1;
        if (u2 <= (1.0 - d) * ed)
            break;
    }
    double q = 0.0, f = 0.0, ac = 0.0, m = 0.0;
    if (div_f(a, 1.0, rr, &q, e) < 0 || div_f(a, q + z, 1.0 + q * z, &f, e) < 0)
        return -1;
    double u3 = random_random(r);
    if (m1(a, acos, f, false, &ac, e) < 0 || random_num_to_double(a, mu, &m, e) < 0)
        return -1;
    /* (mu +- _acos(f)) % TWOPI: Python's float modulo */
    double mod = fmod(u3 > 0.5 ? m + ac : m - ac, TWOPI);
    if (mod) {
        if (mod < 0)
            mod += TWOPI;
    } else {
        mod = 0.0;
    }
    *out = pv_float(a, mod);
    return 0;
}

/* gammavariate for alpha > 1.0: R.C.H. Cheng's algorithm; *x before the
 * multiplication by beta. */
static int gamma_cheng(random_state *r, arena *a, const pv *alpha, double *x, py_err *e)
{
    double al = 0.0, ainv = 0.0;
    if (random_num_to_double(a, alpha, &al, e) < 0 || m1(a, sqrt, 2.0 * al - 1.0, false, &ainv, e) < 0)
        return -1;
    if (isinf(ainv)) /* alpha beyond 8.9e307: ccc * v is NaN in every round */
        return endless(a, e);
    double bbb = al - LOG4, ccc = al + ainv;
    for (unsigned i = 0;; i++) {
        if (i == LOOP_CAP)
            return endless(a, e);
        double u1 = random_random(r);
        if (!(1e-7 < u1 && u1 < 0.9999999))
            continue;
        double u2 = 1.0 - random_random(r);
        double lg = 0.0, ev = 0.0, lz = 0.0;
        if (m1(a, log, u1 / (1.0 - u1), false, &lg, e) < 0)
            return -1;
        double v = lg / ainv;
        if (m1(a, exp, v, true, &ev, e) < 0)
            return -1;
        *x = al * ev;
        double z = u1 * u1 * u2;
        double rv = bbb + ccc * v - *x;
        if (rv + SG_MAGICCONST - 4.5 * z >= 0.0)
            return 0;
        if (m1(a, log, z, false, &lz, e) < 0)
            return -1;
        if (rv >= lz)
            return 0;
    }
}

/* gammavariate for 0 < alpha < 1 (a float): algorithm GS of Kennedy & Gentle. */
static int gamma_gs(random_state *r, arena *a, double alpha, double *x, py_err *e)
{
    if (isnan(alpha)) /* p is NaN in every round */
        return endless(a, e);
    for (unsigned i = 0;; i++) {
        if (i == LOOP_CAP)
            return endless(a, e);
        double u = random_random(r), ia = 0.0, t = 0.0;
        double b = (E + alpha) / E;
        double p = b * u;
        if (p <= 1.0) {
            if (div_f(a, 1.0, alpha, &ia, e) < 0 || pow_f(a, p, ia, x, e) < 0)
                return -1;
        } else {
            if (div_f(a, b - p, alpha, &t, e) < 0 || m1(a, log, t, false, &t, e) < 0)
                return -1;
            *x = -t;
        }
        double u1 = random_random(r);
        if (p > 1.0) {
            if (pow_f(a, *x, alpha - 1.0, &t, e) < 0)
                return -1;
            if (u1 <= t)
                return 0;
        } else {
            if (m1(a, exp, -*x, true, &t, e) < 0)
                return -1;
            if (u1 <= t)
                return 0;
        }
    }
}

/* gammavariate(alpha, beta) as a double. */
static int gamma_double(random_state *r, arena *a, const pv *alpha, const pv *beta, double *out, py_err *e)
{
    int ca = cmp_const(alpha, 0.0);
    if (ca == -1 || ca == 0) /* alpha <= 0.0 or beta <= 0.0 */
        return py_raise(e, a, "ValueError", "gammavariate: alpha and beta must be > 0.0");
    int cb = cmp_const(beta, 0.0);
    if (cb == -1 || cb == 0)
        return py_raise(e, a, "ValueError", "gammavariate: alpha and beta must be > 0.0");
    double x = 0.0, b = 0.0;
    int c1 = cmp_const(alpha, 1.0);
    if (c1 == 1) {
        if (gamma_cheng(r, a, alpha, &x, e) < 0)
            return -1;
    } else if (c1 == 0) {
        /* expovariate(1/beta) */
        double l = 0.0;
        if (m1(a, log, 1.0 - random_random(r), false, &l, e) < 0)
            return -1;
        x = -l;
    } else if (gamma_gs(r, a, alpha->f, &x, e) < 0) { /* an int alpha is never below 1 here */
        return -1;
    }
    if (random_num_to_double(a, beta, &b, e) < 0)
        return -1;
    *out = x * b;
    return 0;
}

int random_gammavariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e)
{
    double x = 0.0;
    if (gamma_double(r, a, alpha, beta, &x, e) < 0)
        return -1;
    *out = pv_float(a, x);
    return 0;
}

int random_betavariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e)
{
    pv one = {.kind = PV_FLOAT, .f = 1.0};
    double y = 0.0, g = 0.0, q = 0.0;
    if (gamma_double(r, a, alpha, &one, &y, e) < 0)
        return -1;
    if (y != 0.0) { /* `if y:` -- NaN is true */
        if (gamma_double(r, a, beta, &one, &g, e) < 0 || div_f(a, y, y + g, &q, e) < 0)
            return -1;
    }
    *out = pv_float(a, q);
    return 0;
}

int random_paretovariate(random_state *r, arena *a, const pv *alpha, pv **out, py_err *e)
{
    /* u ** (-1.0 / alpha) */
    double u = 1.0 - random_random(r), w = 0.0, x = 0.0;
    if (div_num(a, -1.0, alpha, &w, e) < 0 || pow_f(a, u, w, &x, e) < 0)
        return -1;
    *out = pv_float(a, x);
    return 0;
}

int random_weibullvariate(random_state *r, arena *a, const pv *alpha, const pv *beta, pv **out, py_err *e)
{
    /* alpha * (-_log(u)) ** (1.0 / beta) */
    double u = 1.0 - random_random(r), l = 0.0, w = 0.0, x = 0.0;
    if (m1(a, log, u, false, &l, e) < 0 || div_num(a, 1.0, beta, &w, e) < 0 || pow_f(a, -l, w, &x, e) < 0)
        return -1;
    double al = 0.0;
    if (random_num_to_double(a, alpha, &al, e) < 0)
        return -1;
    *out = pv_float(a, al * x);
    return 0;
}
