/* Private helpers shared by the files of core/ops/ (operators, math, str methods). */
#ifndef PYSTD_OPS_INT_H
#define PYSTD_OPS_INT_H

#include <gmp.h>
#include <stdint.h>

#include "ops/ops.h"

#define TYPE_ERR(x, ...) (py_raise((x)->err, (x)->a, "TypeError", __VA_ARGS__), (pv *)NULL)
#define VALUE_ERR(x, ...) (py_raise((x)->err, (x)->a, "ValueError", __VA_ARGS__), (pv *)NULL)
#define OVERFLOW_ERR(x, ...) (py_raise((x)->err, (x)->a, "OverflowError", __VA_ARGS__), (pv *)NULL)
#define ZERODIV_ERR(x, ...) (py_raise((x)->err, (x)->a, "ZeroDivisionError", __VA_ARGS__), (pv *)NULL)
#define LIMIT_ERR(x, ...) (py_limit((x)->err, (x)->a, __VA_ARGS__), (pv *)NULL)

/* ---- ints (bool counts as int) */

/* The value of an int/bool when it fits int64. */
static inline bool int_small(const pv *v, int64_t *out)
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
void int_set_mpz(const pv *v, mpz_ptr out);
/* mpz_init(out) and its value (the caller clears it). */
#define int_to_mpz(v, out) (mpz_init(out), int_set_mpz((v), (out)))
/* A pv for z, then mpz_clear(z). */
pv *int_from_mpz_clear(pyx *x, mpz_t z);
int int_sign(const pv *v);
/* Bits of |v| (0 for 0), as int.bit_length(). */
size_t int_bit_length(const pv *v);
/* int -> double as float(int); false on overflow (the caller raises). */
bool int_to_double(const pv *v, double *out);
/* float(v) for a number kind (float, int, bool); raises OverflowError
 * "int too large to convert to float" and returns -1 when too big. */
int num_to_double(pyx *x, const pv *v, double *out);
/* Python's int(float) (truncation); NaN/inf raise as int() does. */
pv *int_from_double(pyx *x, double d);

/* ---- floats */
pv *float_binary(pyx *x, pyx_binop op, double a, double b);
pv *float_pow(pyx *x, double iv, double iw, const pv *va, const pv *vb);

/* ---- complex (ops_complex.c) */
pv *complex_binary(pyx *x, pyx_binop op, const pv *a, const pv *b);
void complex_repr_to(strbuf *sb, double re, double im);

/* ---- str */
/* A new str of the bytes in sb (copied into the arena); sb is cleared. */
pv *str_from_sb(pyx *x, strbuf *sb);
pv *str_from(pyx *x, const char *p, size_t n);
/* Length check of a str/list result against x->max_len. */
bool len_ok(const pyx *x, size_t n);

/* The operator symbol of a binary op, as in "unsupported operand type(s) for %s". */
const char *binop_symbol(pyx_binop op);

/* pyref's size guard of a function, before it runs: true (ResourceLimitError
 * raised) when the call would make a too large int, str or list. */
typedef enum guard_kind {
    G_NONE,
    G_POW,
    G_LSHIFT,
    G_MUL,
    G_FACTORIAL,
    G_ZFILL,
    G_REPLACE,
    G_JOIN,
    G_ROUND
} guard_kind;
bool pyx_guard(pyx *x, guard_kind g, pv *const *a, size_t n, const pv *kw);

/* list.sort(): CPython's timsort (same comparison sequence, so the same
 * result with NaNs and the same first TypeError); items sorted in place. */
int pyx_sort(pyx *x, pv **items, size_t n, bool reverse);

#endif
