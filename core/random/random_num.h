/* The few Python number operations random.py performs on its arguments,
 * with CPython's exact semantics on the JSON value kinds: ints are exact and
 * unbounded, int op float converts the int (OverflowError "int too large to
 * convert to float"), int / int is correctly rounded true division, bool is
 * an int, and + on non-numbers raises the TypeError CPython raises. */
#ifndef PYSTD_RANDOM_NUM_H
#define PYSTD_RANDOM_NUM_H

#include <stdbool.h>

#include "py/py_err.h"
#include "py/py_value.h"

/* float(v) for an int, bool or float. */
int random_num_to_double(arena *a, const pv *v, double *out, py_err *e);

/* x + y as itertools.accumulate does it.  Numbers give numbers; str + str
 * and list + list give x itself: only the type of such a sum matters to
 * random (it ends in a TypeError), and building it could be quadratic. */
int random_num_add(arena *a, const pv *x, const pv *y, pv **out, py_err *e);

/* x - y for ints and floats (exact when both are ints). */
int random_num_sub(arena *a, const pv *x, const pv *y, pv **out, py_err *e);

/* x / y for ints and floats: ZeroDivisionError "division by zero" (int / int)
 * or "float division by zero"; OverflowError for a quotient beyond float. */
int random_num_truediv(arena *a, const pv *x, const pv *y, double *out, py_err *e);

/* Python's  x < v  for a float x and any value v (TypeError for non-numbers). */
int random_num_float_lt(arena *a, double x, const pv *v, bool *lt, py_err *e);

/* Python's  x < v  for an int64 x and an int or bool v. */
bool random_num_i64_lt(int64_t x, const pv *v);

/* Correctly rounded a / b (b != 0), as CPython's long_true_divide; false
 * when the quotient is too large for a float. */
bool random_num_mpz_truediv(const mpz_t a, const mpz_t b, double *out);

/* True for an int or a bool (Python's isinstance(v, int)). */
static inline bool random_num_is_int(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_BOOL;
}

#endif
