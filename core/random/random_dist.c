/* random.Random's real-valued distributions, with random.py's exact
 * expressions: same operations in the same order, glibc's libm (as CPython
 * uses), Python's int/float arithmetic on the arguments. */
#include <math.h>
#include <string.h>

#include "random/random.h"
#include "random/random_num.h"

/* random.py's constants, as CPython computes them at import. */
#define NV_MAGICCONST 0x1.b72cd3f331398p+0 /* 4 * exp(-0.5) / sqrt(2.0) */
#define TWOPI 0x1.921fb54442d18p+2         /* math.tau */

/* x + y * f for numbers x, y and a float f (how `mu + z * sigma` and
 * `a + (b - a) * random()` evaluate: the ints are converted to float). */
static int add_mul(arena *a, const pv *x, const pv *y, double f, pv **out, py_err *e)
{
    double dx = 0.0, dy = 0.0;
    if (random_num_to_double(a, y, &dy, e) < 0)
        return -1;
    double prod = dy * f;
    if (random_num_to_double(a, x, &dx, e) < 0)
        return -1;
    *out = pv_float(a, dx + prod);
    return 0;
}

int random_uniform(random_state *r, arena *a, const pv *lo, const pv *hi, pv **out, py_err *e)
{
    /* a + (b - a) * self.random() */
    if (lo->kind == PV_FLOAT && hi->kind == PV_FLOAT) {
        *out = pv_float(a, lo->f + (hi->f - lo->f) * random_random(r));
        return 0;
    }
    pv *d;
    if (random_num_sub(a, hi, lo, &d, e) < 0)
        return -1;
    return add_mul(a, lo, d, random_random(r), out, e);
}

static int py_sqrt(arena *a, double x, double *out, py_err *e)
{
    double r = sqrt(x);
    if (isnan(r) && !isnan(x))
        return py_raise(e, a, "ValueError", "math domain error");
    *out = r;
    return 0;
}

int random_triangular(random_state *r, arena *a, const pv *low, const pv *high, const pv *mode, pv **out,
                      py_err *e)
{
    pv zero = {.kind = PV_FLOAT, .f = 0.0}, one = {.kind = PV_FLOAT, .f = 1.0};
    if (!low)
        low = &zero;
    if (!high)
        high = &one;
    double u = random_random(r), c = 0.5;
    if (mode && mode->kind != PV_NONE) {
        pv *num, *den;
        if (random_num_sub(a, mode, low, &num, e) < 0 || random_num_sub(a, high, low, &den, e) < 0)
            return -1;
        if (random_num_truediv(a, num, den, &c, e) < 0) {
            if (strcmp(e->type, "ZeroDivisionError") == 0) { /* caught: return low */
                *out = low == &zero ? pv_float(a, 0.0) : (pv *)low;
                return 0;
            }
            return -1;
        }
    }
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        const pv *t = low;
        low = high;
        high = t;
    }
    /* low + (high - low) * _sqrt(u * c) */
    pv *d;
    double s = 0.0;
    if (random_num_sub(a, high, low, &d, e) < 0 || py_sqrt(a, u * c, &s, e) < 0)
        return -1;
    return add_mul(a, low, d, s, out, e);
}

static double gauss_z(random_state *r)
{
    double z;
    if (r->has_gauss) {
        z = r->gauss_next;
        r->has_gauss = false;
    } else {
        double x2pi = random_random(r) * TWOPI;
        double g2rad = sqrt(-2.0 * log(1.0 - random_random(r)));
        z = cos(x2pi) * g2rad;
        r->gauss_next = sin(x2pi) * g2rad;
        r->has_gauss = true;
    }
    return z;
}

static const pv *or_default(const pv *v, pv *dflt)
{
    return v ? v : dflt;
}

int random_gauss(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e)
{
    pv zero = {.kind = PV_FLOAT, .f = 0.0}, one = {.kind = PV_FLOAT, .f = 1.0};
    double z = gauss_z(r);
    return add_mul(a, or_default(mu, &zero), or_default(sigma, &one), z, out, e);
}

int random_normalvariate(random_state *r, arena *a, const pv *mu, const pv *sigma, pv **out, py_err *e)
{
    /* Kinderman and Monahan */
    pv zero = {.kind = PV_FLOAT, .f = 0.0}, one = {.kind = PV_FLOAT, .f = 1.0};
    double z;
    for (;;) {
        double u1 = random_random(r);
        double u2 = 1.0 - random_random(r);
        z = NV_MAGICCONST * (u1 - 0.5) / u2;
        double zz = z * z / 4.0;
        if (zz <= -log(u2))
            break;
    }
    return add_mul(a, or_default(mu, &zero), or_default(sigma, &one), z, out, e);
}

int random_expovariate(random_state *r, arena *a, const pv *lambd, pv **out, py_err *e)
{
    /* -_log(1.0 - self.random()) / lambd */
    pv num = {.kind = PV_FLOAT, .f = -log(1.0 - random_random(r))};
    double q;
    if (random_num_truediv(a, &num, lambd, &q, e) < 0)
        return -1;
    *out = pv_float(a, q);
    return 0;
}
