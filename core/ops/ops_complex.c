/* Python's complex, only as far as a negative float raised to a fractional
 * power produces one and later operations meet it (Objects/complexobject.c). */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "ops/ops_int.h"
#include "text/float_repr.h"

typedef struct cplx {
    double re, im;
} cplx;

static cplx c_prod(cplx a, cplx b)
{
    cplx r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    return r;
}

static cplx c_quot(cplx a, cplx b)
{
    cplx r;
    const double abs_breal = b.re < 0 ? -b.re : b.re;
    const double abs_bimag = b.im < 0 ? -b.im : b.im;
    if (abs_breal >= abs_bimag) {
        if (abs_breal == 0.0) {
            errno = EDOM;
            r.re = r.im = 0.0;
        } else {
            const double ratio = b.im / b.re;
            const double denom = b.re + b.im * ratio;
            r.re = (a.re + a.im * ratio) / denom;
            r.im = (a.im - a.re * ratio) / denom;
        }
    } else if (abs_bimag >= abs_breal) {
        const double ratio = b.re / b.im;
        const double denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    } else {
        r.re = r.im = NAN;
    }
    return r;
}

static cplx c_pow(cplx a, cplx b)
{
    cplx r;
    if (b.re == 0. && b.im == 0.) {
        r.re = 1.;
        r.im = 0.;
    } else if (a.re == 0. && a.im == 0.) {
        if (b.im != 0. || b.re < 0.)
            errno = EDOM;
        r.re = 0.;
        r.im = 0.;
    } else {
        double vabs = hypot(a.re, a.im);
        double len = pow(vabs, b.re);
        double at = atan2(a.im, a.re);
        double phase = at * b.re;
        if (b.im != 0.0) {
            len /= exp(at * b.im);
            phase += b.im * log(vabs);
        }
        r.re = len * cos(phase);
        r.im = len * sin(phase);
    }
    return r;
}

static cplx c_powu(cplx x, long n)
{
    cplx r = {1., 0.}, p = x;
    long mask = 1;
    while (mask > 0 && n >= mask) {
        if (n & mask)
            r = c_prod(r, p);
        mask <<= 1;
        p = c_prod(p, p);
    }
    return r;
}

static cplx c_powi(cplx x, long n)
{
    cplx one = {1., 0.};
    if (n > 0)
        return c_powu(x, n);
    return c_quot(one, c_powu(x, -n));
}

/* TO_COMPLEX: 1 ok, 0 not a number (NotImplemented), -1 error raised. */
static int to_complex(ops_ctx *x, const pv *v, cplx *c)
{
    c->re = c->im = 0.0;
    if (v->kind == OPS_COMPLEX) {
        const ops_complex *p = (const ops_complex *)v;
        c->re = p->re;
        c->im = p->im;
        return 1;
    }
    if (v->kind == PV_FLOAT || v->kind == PV_INT || v->kind == PV_BOOL)
        return ops_num_to_double(x, v, &c->re) < 0 ? -1 : 1;
    return 0;
}

pv *ops_complex_binary(ops_ctx *x, ops_binop op, const pv *va, const pv *vb)
{
    cplx a, b, r;
    int ka = to_complex(x, va, &a);
    if (ka < 0)
        return NULL;
    int kb = ka ? to_complex(x, vb, &b) : 0;
    if (kb < 0)
        return NULL;
    if (!ka || !kb)
        return OPS_TYPE_ERR(x, "unsupported operand type(s) for %s: '%s' and '%s'", ops_binop_symbol(op),
                            ops_type_name(va), ops_type_name(vb));
    switch (op) {
    case OPS_ADD:
        r.re = a.re + b.re;
        r.im = a.im + b.im;
        break;
    case OPS_SUB:
        r.re = a.re - b.re;
        r.im = a.im - b.im;
        break;
    case OPS_MUL:
        r = c_prod(a, b);
        break;
    case OPS_TRUEDIV:
        errno = 0;
        r = c_quot(a, b);
        if (errno == EDOM)
            return OPS_ZERODIV_ERR(x, "complex division by zero");
        break;
    case OPS_POW:
        errno = 0;
        if (b.im == 0.0 && b.re == floor(b.re) && fabs(b.re) <= 100.0)
            r = c_powi(a, (long)b.re);
        else
            r = c_pow(a, b);
        /* _Py_ADJUST_ERANGE2 */
        if (isinf(r.re) || isinf(r.im)) {
            if (errno == 0)
                errno = ERANGE;
        } else if (errno == ERANGE) {
            errno = 0;
        }
        if (errno == EDOM)
            return OPS_ZERODIV_ERR(x, "0.0 to a negative or complex power");
        if (errno == ERANGE)
            return OPS_OVERFLOW_ERR(x, "complex exponentiation");
        break;
    default:
        return OPS_TYPE_ERR(x, "unsupported operand type(s) for %s: '%s' and '%s'", ops_binop_symbol(op),
                            ops_type_name(va), ops_type_name(vb));
    }
    return ops_complex_new(x->a, r.re, r.im);
}

/* PyOS_double_to_string(d, 'r', 0, flags, NULL): repr digits without the ".0". */
static void part_to(strbuf *sb, double d, bool sign)
{
    char buf[FLOAT_REPR_MAX];
    size_t n = float_repr(d, buf);
    if (n >= 2 && buf[n - 2] == '.' && buf[n - 1] == '0')
        n -= 2;
    if (sign && buf[0] != '-')
        strbuf_putc(sb, '+');
    strbuf_append(sb, buf, n);
}

void ops_complex_repr_to(strbuf *sb, double re, double im)
{
    if (re == 0. && copysign(1.0, re) == 1.0) {
        part_to(sb, im, false);
        strbuf_putc(sb, 'j');
        return;
    }
    strbuf_putc(sb, '(');
    part_to(sb, re, false);
    part_to(sb, im, true);
    strbuf_append(sb, "j)", 2);
}
