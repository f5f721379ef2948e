/* Private helpers shared by the files of core/ops/ (operators, math, str methods). */
#ifndef PYSTD_OPS_INT_H
#define PYSTD_OPS_INT_H

#include <gmp.h>
#include <stdint.h>

#include "ops/ops.h"

#define OPS_TYPE_ERR(x, ...) (py_raise((x)->err, (x)->a, "TypeError", __VA_ARGS__), (pv *)NULL)
#define OPS_VALUE_ERR(x, ...) (py_raise((x)->err, (x)->a, "ValueError", __VA_ARGS__), (pv *)NULL)
#define OPS_OVERFLOW_ERR(x, ...) (py_raise((x)->err, (x)->a, "OverflowError", __VA_ARGS__), (pv *)NULL)
#define OPS_ZERODIV_ERR(x, ...) (py_raise((x)->err, (x)->a, "ZeroDivisionError", __VA_ARGS__), (pv *)NULL)
#define OPS_LIMIT_ERR(x, ...) (py_limit((x)->err, (x)->a, __VA_ARGS__), (pv *)NULL)

/* ---- ints (bool counts as int) */

/* The value of an int/bool when it fits int64. */
static inline bool ops_int_small(const pv *v, int64_t *out)
{
    if (v->kind == PV_BOOL) {
        *out = v->b;
        return true;
    }
    if (!v->i.big) {
        *out = v->i.v;
        return true;
    }
    return false;
}
/* The value of an int/bool into an initialised mpz. */
void ops_int_set_mpz(const pv *v, mpz_ptr out);
/* mpz_init(out) and its value (the caller clears it). */
#define ops_int_to_mpz(v, out) (mpz_init(out), ops_int_set_mpz((v), (out)))
/* A pv for z, then mpz_clear(z). */
pv *ops_int_from_mpz_clear(ops_ctx *x, mpz_t z);
int ops_int_sign(const pv *v);
/* Bits of |v| (0 for 0), as int.bit_length(). */
size_t ops_int_bit_length(const pv *v);
/* int -> double as float(int); false on overflow (the caller raises). */
bool ops_int_to_double(const pv *v, double *out);
/* float(v) for a number kind (float, int, bool); raises OverflowError
 * "int too large to convert to float" and returns -1 when too big. */
int ops_num_to_double(ops_ctx *x, const pv *v, double *out);
/* Python's int(float) (truncation); NaN/inf raise as int() does. */
pv *ops_int_from_double(ops_ctx *x, double d);

/* ---- floats */
pv *ops_float_binary(ops_ctx *x, ops_binop op, double a, double b);
pv *ops_float_pow(ops_ctx *x, double iv, double iw, const pv *va, const pv *vb);

/* ---- complex (ops_complex.c) */
pv *ops_complex_binary(ops_ctx *x, ops_binop op, const pv *a, const pv *b);
void ops_complex_repr_to(strbuf *sb, double re, double im);

/* ---- str */
/* A new str of the bytes in sb (copied into the arena); sb is cleared. */
pv *ops_str_from_sb(ops_ctx *x, strbuf *sb);
pv *ops_str_from(ops_ctx *x, const char *p, size_t n);
/* Length check of a str/list result against x->max_len. */
bool ops_len_ok(const ops_ctx *x, size_t n);

/* The operator symbol of a binary op, as in "unsupported operand type(s) for %s". */
const char *ops_binop_symbol(ops_binop op);

/* pyref's size guard of a function, before it runs: true (ResourceLimitError
 * raised) when the call would make a too large int, str or list. */
typedef enum ops_guard_kind {
    OPS_G_NONE,
    OPS_G_POW,
    OPS_G_LSHIFT,
    OPS_G_MUL,
    OPS_G_FACTORIAL,
    OPS_G_ZFILL,
    OPS_G_REPLACE,
    OPS_G_JOIN,
    OPS_G_ROUND
} ops_guard_kind;
bool ops_guard(ops_ctx *x, ops_guard_kind g, pv *const *a, size_t n, const pv *kw);

/* list.sort(): CPython's timsort (same comparison sequence, so the same
 * result with NaNs and the same first TypeError); items sorted in place. */
int ops_sort(ops_ctx *x, pv **items, size_t n, bool reverse);

#endif
