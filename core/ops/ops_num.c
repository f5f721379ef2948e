/* Numeric operators: int (int64 fast path, GMP beyond), float, bool, as
 * CPython 3.11's Objects/longobject.c and floatobject.c compute them. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "base/config.h"
#include "ops/ops_int.h"
#include "py/py_num.h"

ops_ctx ops_make(arena *a, py_err *e)
{
    ops_ctx x = {a, e, config.max_int_bits, config.max_seq_len};
    return x;
}

/* ---------------------------------------------------------------- int helpers */

void ops_int_set_mpz(const pv *v, mpz_ptr out)
{
    if (v->kind == PV_BOOL)
        mpz_set_si(out, v->b);
    else if (v->i.big)
        mpz_set(out, v->i.big);
    else
        mpz_set_si(out, (long)v->i.v);
}

static void clear_mpz(void *p)
{
    mpz_clear((mpz_ptr)p);
}

/* Moves z into a new pv (no copy of the digits): the arena clears it. */
pv *ops_int_from_mpz_clear(ops_ctx *x, mpz_t z)
{
    if (mpz_fits_slong_p(z) && sizeof(long) == 8) {
        pv *r = pv_int(x->a, mpz_get_si(z));
        mpz_clear(z);
        return r;
    }
    pv *r = pv_int(x->a, 0);
    mpz_ptr big = arena_alloc(x->a, sizeof(__mpz_struct));
    *big = *z; /* take over the limbs */
    arena_defer(x->a, clear_mpz, big);
    arena_account(x->a, (size_t)big->_mp_alloc * sizeof(mp_limb_t));
    r->i.big = big;
    return r;
}

/* Read-only mpz view of an int/bool: the pv's own mpz, or tmp set to it. */
static mpz_srcptr int_src(const pv *v, mpz_ptr tmp)
{
    if (v->kind == PV_INT && v->i.big)
        return v->i.big;
    mpz_set_si(tmp, v->kind == PV_BOOL ? v->b : (long)v->i.v);
    return tmp;
}

int ops_int_sign(const pv *v)
{
    if (v->kind == PV_BOOL)
        return v->b;
    return pv_int_sign(v);
}

size_t ops_int_bit_length(const pv *v)
{
    int64_t s;
    if (ops_int_small(v, &s)) {
        uint64_t u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
        return u ? 64 - (size_t)__builtin_clzll(u) : 0;
    }
    return mpz_sizeinbase(v->i.big, 2);
}

bool ops_int_to_double(const pv *v, double *out)
{
    if (v->kind == PV_BOOL) {
        *out = v->b;
        return true;
    }
    return pv_int_to_double(v, out);
}

int ops_num_to_double(ops_ctx *x, const pv *v, double *out)
{
    if (v->kind == PV_FLOAT) {
        *out = v->f;
        return 0;
    }
    if (!ops_int_to_double(v, out)) {
        py_raise(x->err, x->a, "OverflowError", "int too large to convert to float");
        return -1;
    }
    return 0;
}

pv *ops_int_from_double(ops_ctx *x, double d)
{
    if (isnan(d))
        return OPS_VALUE_ERR(x, "cannot convert float NaN to integer");
    if (isinf(d))
        return OPS_OVERFLOW_ERR(x, "cannot convert float infinity to integer");
    d = trunc(d);
    if (fabs(d) < 9.2e18)
        return pv_int(x->a, (int64_t)d);
    mpz_t z;
    mpz_init_set_d(z, d);
    return ops_int_from_mpz_clear(x, z);
}

const char *ops_binop_symbol(ops_binop op)
{
    static const char *const sym[] = {"+",           "-",  "*",  "/", "//", "%",
                                      "** or pow()", "<<", ">>", "&", "|",  "^"};
    return sym[op];
}

/* ---------------------------------------------------------------- int true division */

/* long_true_divide: a / b correctly rounded (round-half-even), with the
 * same overflow and underflow behaviour. */
static pv *int_truediv(ops_ctx *x, const pv *va, const pv *vb)
{
    int sa = ops_int_sign(va), sb = ops_int_sign(vb);
    if (sb == 0)
        return OPS_ZERODIV_ERR(x, "division by zero");
    bool negate = (sa < 0) != (sb < 0);
    if (sa == 0)
        return pv_float(x->a, negate ? -0.0 : 0.0);
    int64_t ia, ib;
    const int64_t lim = (int64_t)1 << DBL_MANT_DIG;
    if (ops_int_small(va, &ia) && ops_int_small(vb, &ib) && ia <= lim && ia >= -lim && ib <= lim &&
        ib >= -lim)
        return pv_float(x->a, (double)ia / (double)ib);
    mpz_t a, b, q, r;
    ops_int_to_mpz(va, a);
    ops_int_to_mpz(vb, b);
    mpz_abs(a, a);
    mpz_abs(b, b);
    mpz_init(q);
    mpz_init(r);
    long diff = (long)mpz_sizeinbase(a, 2) - (long)mpz_sizeinbase(b, 2);
    pv *res = NULL;
    if (diff > DBL_MAX_EXP) {
        res = OPS_OVERFLOW_ERR(x, "integer division result too large for a float");
        goto done;
    }
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) {
        res = pv_float(x->a, negate ? -0.0 : 0.0);
        goto done;
    }
    long shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    if (shift >= 0)
        mpz_mul_2exp(b, b, (mp_bitcnt_t)shift);
    else
        mpz_mul_2exp(a, a, (mp_bitcnt_t)-shift);
    mpz_tdiv_qr(q, r, a, b);
    bool inexact = mpz_sgn(r) != 0;
    long x_bits = (long)mpz_sizeinbase(q, 2);
    long extra = (x_bits > DBL_MIN_EXP - shift ? x_bits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    uint64_t low = mpz_get_ui(q); /* q < 2**58 */
    uint64_t mask = (uint64_t)1 << (extra - 1);
    low |= inexact;
    if ((low & mask) && (low & (3 * mask - 1)))
        low += mask;
    low &= ~(2 * mask - 1);
    double dx = (double)low;
    if (shift + x_bits >= DBL_MAX_EXP && (shift + x_bits > DBL_MAX_EXP || dx == ldexp(1.0, (int)x_bits))) {
        res = OPS_OVERFLOW_ERR(x, "integer division result too large for a float");
        goto done;
    }
    double d = ldexp(dx, (int)shift);
    res = pv_float(x->a, negate ? -d : d);
done:
    mpz_clear(a);
    mpz_clear(b);
    mpz_clear(q);
    mpz_clear(r);
    return res;
}

/* ---------------------------------------------------------------- int ops */

static pv *int_pow(ops_ctx *x, const pv *va, const pv *vb)
{
    if (ops_int_sign(vb) < 0) {
        double a, b;
        if (ops_num_to_double(x, va, &a) < 0 || ops_num_to_double(x, vb, &b) < 0)
            return NULL;
        return ops_float_pow(x, a, b, va, vb);
    }
    int64_t ia;
    bool small_a = ops_int_small(va, &ia);
    if (small_a && (ia == 0 || ia == 1)) {
        return pv_int(x->a, ops_int_sign(vb) == 0 ? 1 : ia);
    }
    if (small_a && ia == -1) {
        int64_t ib;
        bool odd = ops_int_small(vb, &ib) ? (ib & 1) : mpz_odd_p(vb->i.big);
        return pv_int(x->a, odd ? -1 : 1);
    }
    /* |a| >= 2: the result has about (bits(a) - 1) * b bits at least */
    int64_t ib;
    size_t abits = ops_int_bit_length(va);
    if (!ops_int_small(vb, &ib) || (uint64_t)ib > x->max_int_bits ||
        (abits - 1) * (uint64_t)ib > x->max_int_bits)
        return OPS_LIMIT_ERR(x, "pow result too large");
    mpz_t a;
    ops_int_to_mpz(va, a);
    mpz_pow_ui(a, a, (unsigned long)ib);
    return ops_int_from_mpz_clear(x, a);
}

static pv *int_shift(ops_ctx *x, ops_binop op, const pv *va, const pv *vb)
{
    if (ops_int_sign(vb) < 0)
        return OPS_VALUE_ERR(x, "negative shift count");
    int sa = ops_int_sign(va);
    if (sa == 0)
        return pv_int(x->a, 0);
    int64_t n;
    bool small_n = ops_int_small(vb, &n);
    if (op == OPS_RSHIFT) {
        if (!small_n || n >= (int64_t)ops_int_bit_length(va))
            return pv_int(x->a, sa < 0 ? -1 : 0);
        int64_t ia;
        if (ops_int_small(va, &ia))
            return pv_int(x->a, ia >> n); /* arithmetic shift floors, as Python */
        mpz_t a;
        ops_int_to_mpz(va, a);
        mpz_fdiv_q_2exp(a, a, (mp_bitcnt_t)n);
        return ops_int_from_mpz_clear(x, a);
    }
    if (!small_n || (uint64_t)n > x->max_int_bits)
        return OPS_LIMIT_ERR(x, "lshift result too large");
    int64_t ia;
    if (ops_int_small(va, &ia) && n < 62 && ia < ((int64_t)1 << (62 - n)) && ia > -((int64_t)1 << (62 - n)))
        return pv_int(x->a, (int64_t)((uint64_t)ia << n));
    mpz_t a;
    ops_int_to_mpz(va, a);
    mpz_mul_2exp(a, a, (mp_bitcnt_t)n);
    return ops_int_from_mpz_clear(x, a);
}

static pv *int_binary(ops_ctx *x, ops_binop op, const pv *va, const pv *vb)
{
    if (op == OPS_TRUEDIV)
        return int_truediv(x, va, vb);
    if (op == OPS_POW)
        return int_pow(x, va, vb);
    if (op == OPS_LSHIFT || op == OPS_RSHIFT)
        return int_shift(x, op, va, vb);
    if (va->kind == PV_BOOL && vb->kind == PV_BOOL) {
        if (op == OPS_AND)
            return pv_bool(va->b & vb->b);
        if (op == OPS_OR)
            return pv_bool(va->b | vb->b);
        if (op == OPS_XOR)
            return pv_bool(va->b ^ vb->b);
    }
    if ((op == OPS_FLOORDIV || op == OPS_MOD) && ops_int_sign(vb) == 0)
        return OPS_ZERODIV_ERR(x, op == OPS_MOD ? "integer modulo by zero"
                                                : "integer division or modulo by zero");
    if (op == OPS_MUL && ops_int_bit_length(va) + ops_int_bit_length(vb) > x->max_int_bits + 1)
        return OPS_LIMIT_ERR(x, "mul result too large");
    int64_t a, b, r;
    if (ops_int_small(va, &a) && ops_int_small(vb, &b)) {
        switch (op) {
        case OPS_ADD:
            if (!__builtin_add_overflow(a, b, &r))
                return pv_int(x->a, r);
            break;
        case OPS_SUB:
            if (!__builtin_sub_overflow(a, b, &r))
                return pv_int(x->a, r);
            break;
        case OPS_MUL:
            if (!__builtin_mul_overflow(a, b, &r))
                return pv_int(x->a, r);
            break;
        case OPS_FLOORDIV:
            if (!(a == INT64_MIN && b == -1)) {
                int64_t q = a / b;
                if ((a % b != 0) && ((a < 0) != (b < 0)))
                    q--;
                return pv_int(x->a, q);
            }
            break;
        case OPS_MOD:
            if (b == -1)
                return pv_int(x->a, 0);
            r = a % b;
            if (r != 0 && ((r < 0) != (b < 0)))
                r += b;
            return pv_int(x->a, r);
        case OPS_AND:
            return pv_int(x->a, a & b);
        case OPS_OR:
            return pv_int(x->a, a | b);
        case OPS_XOR:
            return pv_int(x->a, a ^ b);
        default:
            break;
        }
    }
    mpz_t ta, tb, res;
    mpz_init(ta);
    mpz_init(tb);
    mpz_init(res);
    mpz_srcptr za = int_src(va, ta), zb = int_src(vb, tb);
    switch (op) {
    case OPS_ADD:
        mpz_add(res, za, zb);
        break;
    case OPS_SUB:
        mpz_sub(res, za, zb);
        break;
    case OPS_MUL:
        mpz_mul(res, za, zb);
        break;
    case OPS_FLOORDIV:
        mpz_fdiv_q(res, za, zb);
        break;
    case OPS_MOD:
        mpz_fdiv_r(res, za, zb);
        break;
    case OPS_AND:
        mpz_and(res, za, zb);
        break;
    case OPS_OR:
        mpz_ior(res, za, zb);
        break;
    case OPS_XOR:
        mpz_xor(res, za, zb);
        break;
    default:
        break;
    }
    mpz_clear(ta);
    mpz_clear(tb);
    return ops_int_from_mpz_clear(x, res);
}

/* ---------------------------------------------------------------- float ops */

static bool is_odd_integer(double d)
{
    /* DOUBLE_IS_ODD_INTEGER: fmod(fabs(x), 2.0) == 1.0 */
    return fmod(fabs(d), 2.0) == 1.0;
}

static pv *errno_error(ops_ctx *x, int err)
{
    /* PyErr_SetFromErrno: str(exc) is "(errno, 'strerror')" */
    const char *type = err == ERANGE ? "OverflowError" : "ValueError";
    const char *msg = err == ERANGE ? "Numerical result out of range" : "Numerical argument out of domain";
    py_raise(x->err, x->a, type, "(%d, '%s')", err, msg);
    return NULL;
}

pv *ops_float_pow(ops_ctx *x, double iv, double iw, const pv *va, const pv *vb)
{
    bool negate = false;
    if (iw == 0)
        return pv_float(x->a, 1.0);
    if (isnan(iv))
        return pv_float(x->a, iv);
    if (isnan(iw))
        return pv_float(x->a, iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0)
            return pv_float(x->a, 1.0);
        if ((iw > 0.0) == (iv > 1.0))
            return pv_float(x->a, fabs(iw));
        return pv_float(x->a, 0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.)
            return pv_float(x->a, odd ? iv : fabs(iv));
        return pv_float(x->a, odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool odd = is_odd_integer(iw);
        if (iw < 0.0)
            return OPS_ZERODIV_ERR(x, "0.0 cannot be raised to a negative power");
        return pv_float(x->a, odd ? iv : 0.0);
    }
    if (iv < 0.0) {
        if (iw != floor(iw)) {
            /* negative ** fractional: complex */
            pv *ca = ops_complex_new(x->a, iv, 0.0), *cb = ops_complex_new(x->a, iw, 0.0);
            (void)va;
            (void)vb;
            return ops_complex_binary(x, OPS_POW, ca, cb);
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return pv_float(x->a, negate ? -1.0 : 1.0);
    double ix;
    int err = py_float_pow_errno(iv, iw, &ix);
    if (negate)
        ix = -ix;
    if (err != 0)
        return errno_error(x, err);
    return pv_float(x->a, ix);
}

pv *ops_float_binary(ops_ctx *x, ops_binop op, double a, double b)
{
    switch (op) {
    case OPS_ADD:
        return pv_float(x->a, a + b);
    case OPS_SUB:
        return pv_float(x->a, a - b);
    case OPS_MUL:
        return pv_float(x->a, a * b);
    case OPS_TRUEDIV:
        if (b == 0.0)
            return OPS_ZERODIV_ERR(x, "float division by zero");
        return pv_float(x->a, a / b);
    case OPS_MOD: {
        if (b == 0.0)
            return OPS_ZERODIV_ERR(x, "float modulo");
        double mod = fmod(a, b);
        if (mod) {
            if ((b < 0) != (mod < 0))
                mod += b;
        } else {
            mod = copysign(0.0, b);
        }
        return pv_float(x->a, mod);
    }
    case OPS_FLOORDIV: {
        if (b == 0.0)
            return OPS_ZERODIV_ERR(x, "float floor division by zero");
        double mod = fmod(a, b);
        double div = (a - mod) / b, fd;
        if (mod && (b < 0) != (mod < 0))
            div -= 1.0; /* (CPython also moves mod into b's sign here) */
        if (div) {
            fd = floor(div);
            if (div - fd > 0.5)
                fd += 1.0;
        } else {
            fd = copysign(0.0, a / b);
        }
        return pv_float(x->a, fd);
    }
    case OPS_POW:
        return ops_float_pow(x, a, b, NULL, NULL);
    default:
        return NULL;
    }
}

/* ---------------------------------------------------------------- numeric dispatch */

static bool is_num(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_BOOL || v->kind == PV_FLOAT || v->kind == OPS_COMPLEX;
}

/* a <op> b when both are numbers; NULL without an error when the types don't support op. */
static pv *num_binary(ops_ctx *x, ops_binop op, const pv *a, const pv *b, bool *unsupported)
{
    *unsupported = false;
    if (a->kind == OPS_COMPLEX || b->kind == OPS_COMPLEX) {
        if (op == OPS_ADD || op == OPS_SUB || op == OPS_MUL || op == OPS_TRUEDIV || op == OPS_POW)
            return ops_complex_binary(x, op, a, b);
        *unsupported = true;
        return NULL;
    }
    if (a->kind == PV_FLOAT || b->kind == PV_FLOAT) {
        if (op >= OPS_LSHIFT) {
            *unsupported = true;
            return NULL;
        }
        double da, db;
        if (ops_num_to_double(x, a, &da) < 0 || ops_num_to_double(x, b, &db) < 0)
            return NULL;
        return ops_float_binary(x, op, da, db);
    }
    return int_binary(x, op, a, b);
}

static pv *unsupported(ops_ctx *x, ops_binop op, const pv *a, const pv *b)
{
    return OPS_TYPE_ERR(x, "unsupported operand type(s) for %s: '%s' and '%s'", ops_binop_symbol(op),
                        ops_type_name(a), ops_type_name(b));
}

/* seq * n (str or list); n already an int/bool. */
static pv *seq_repeat(ops_ctx *x, const pv *seq, const pv *n)
{
    int64_t k;
    if (!ops_int_small(n, &k))
        return OPS_OVERFLOW_ERR(x, "cannot fit 'int' into an index-sized integer");
    if (k < 0)
        k = 0;
    size_t len = seq->kind == PV_STR ? seq->s.ncp : seq->l.len;
    if (len == 0 || k == 0)
        return seq->kind == PV_STR ? ops_str_from(x, "", 0) : pv_list(x->a, 0);
    if ((uint64_t)k > x->max_len / len)
        return OPS_LIMIT_ERR(x, "mul result too large");
    if (seq->kind == PV_STR) {
        if (k == 1)
            return (pv *)seq;
        size_t nb = seq->s.len * (size_t)k;
        char *p = arena_alloc(x->a, nb + 1);
        for (int64_t i = 0; i < k; i++)
            memcpy(p + (size_t)i * seq->s.len, seq->s.p, seq->s.len);
        return pv_str_take_n(x->a, p, nb, seq->s.ncp * (size_t)k);
    }
    pv *l = pv_list(x->a, len * (size_t)k);
    for (int64_t i = 0; i < k; i++)
        for (size_t j = 0; j < len; j++)
            l->l.items[l->l.len++] = seq->l.items[j];
    return l;
}

static bool is_seq(const pv *v)
{
    return v->kind == PV_STR || v->kind == PV_LIST;
}

pv *ops_binary(ops_ctx *x, ops_binop op, const pv *a, const pv *b)
{
    if (is_num(a) && is_num(b)) {
        bool unsup;
        pv *r = num_binary(x, op, a, b, &unsup);
        if (r || !unsup)
            return r;
        return unsupported(x, op, a, b);
    }
    switch (op) {
    case OPS_ADD:
        if (a->kind == PV_STR) {
            if (b->kind != PV_STR)
                return OPS_TYPE_ERR(x, "can only concatenate str (not \"%s\") to str", ops_type_name(b));
            return ops_concat_as(x, a, b, "add");
        }
        if (a->kind == PV_LIST && !a->tuple) {
            if (b->kind != PV_LIST || b->tuple)
                return OPS_TYPE_ERR(x, "can only concatenate list (not \"%s\") to list", ops_type_name(b));
            return ops_concat_as(x, a, b, "add");
        }
        break;
    case OPS_MUL:
        if (is_seq(a)) {
            if (!ops_is_intlike(b))
                return OPS_TYPE_ERR(x, "can't multiply sequence by non-int of type '%s'", ops_type_name(b));
            return seq_repeat(x, a, b);
        }
        if (is_seq(b)) {
            if (!ops_is_intlike(a))
                return OPS_TYPE_ERR(x, "can't multiply sequence by non-int of type '%s'", ops_type_name(a));
            return seq_repeat(x, b, a);
        }
        break;
    case OPS_MOD:
        if (a->kind == PV_STR)
            return ops_str_mod(x, a, b);
        break;
    case OPS_OR:
        if (a->kind == PV_DICT && b->kind == PV_DICT) {
            pv *d = pv_dict(x->a, a->d.len + b->d.len);
            for (size_t i = 0; i < a->d.len; i++)
                pv_dict_set(x->a, d, a->d.items[i].key, a->d.items[i].val);
            for (size_t i = 0; i < b->d.len; i++)
                pv_dict_set(x->a, d, b->d.items[i].key, b->d.items[i].val);
            return d;
        }
        break;
    default:
        break;
    }
    return unsupported(x, op, a, b);
}

pv *ops_neg(ops_ctx *x, const pv *a)
{
    if (a->kind == PV_FLOAT)
        return pv_float(x->a, -a->f);
    if (a->kind == OPS_COMPLEX) {
        const ops_complex *c = (const ops_complex *)a;
        return ops_complex_new(x->a, -c->re, -c->im);
    }
    if (ops_is_intlike(a)) {
        int64_t v;
        if (ops_int_small(a, &v) && v != INT64_MIN)
            return pv_int(x->a, -v);
        mpz_t z;
        ops_int_to_mpz(a, z);
        mpz_neg(z, z);
        return ops_int_from_mpz_clear(x, z);
    }
    return OPS_TYPE_ERR(x, "bad operand type for unary -: '%s'", ops_type_name(a));
}

pv *ops_pos(ops_ctx *x, const pv *a)
{
    if (a->kind == PV_FLOAT || a->kind == OPS_COMPLEX)
        return (pv *)a;
    if (a->kind == PV_BOOL)
        return pv_int(x->a, a->b);
    if (a->kind == PV_INT)
        return (pv *)a;
    return OPS_TYPE_ERR(x, "bad operand type for unary +: '%s'", ops_type_name(a));
}

pv *ops_abs(ops_ctx *x, const pv *a)
{
    if (a->kind == PV_FLOAT)
        return pv_float(x->a, fabs(a->f));
    if (a->kind == OPS_COMPLEX) {
        const ops_complex *c = (const ops_complex *)a;
        if (isinf(c->re) || isinf(c->im))
            return pv_float(x->a, INFINITY);
        if (isnan(c->re) || isnan(c->im))
            return pv_float(x->a, NAN);
        errno = 0;
        double r = hypot(c->re, c->im);
        if (isinf(r))
            return OPS_OVERFLOW_ERR(x, "absolute value too large");
        return pv_float(x->a, r);
    }
    if (ops_is_intlike(a)) {
        if (ops_int_sign(a) >= 0)
            return a->kind == PV_BOOL ? pv_int(x->a, a->b) : (pv *)a;
        return ops_neg(x, a);
    }
    return OPS_TYPE_ERR(x, "bad operand type for abs(): '%s'", ops_type_name(a));
}
