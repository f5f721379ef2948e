/* Python object operations on pv values, with CPython 3.11's semantics and
 * error messages: the arithmetic of int (any size), float and bool, str and
 * list concatenation/repetition, rich comparisons, truth, len, `in`,
 * subscription, and the conversions and formatting around them (str(),
 * repr(), int(), float(), str % args).
 *
 * Every function takes an ops_ctx (the request's arena and error slot) and
 * returns a value, or NULL with the error set (a Python exception as
 * py_raise makes it, or a 422 ResourceLimitError when a result would exceed
 * the configured caps).  Arguments are never modified: results are new
 * values (or, where Python returns an operand unchanged, that operand).
 *
 * Values with no pv kind of their own: Python's complex (what a negative
 * float raised to a fractional power gives) is an OPS_COMPLEX value (see
 * below); it takes part in arithmetic and str()/repr() and the handlers turn
 * it into `TypeError: no JSON form for complex` when it reaches a result. */
#ifndef PYSTD_OPS_H
#define PYSTD_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef struct ops_ctx {
    arena *a;
    py_err *err;
    size_t max_int_bits; /* an int result wider than this -> ResourceLimitError */
    size_t max_len;      /* a str (code points) or list result longer than this -> ResourceLimitError */
} ops_ctx;

/* An ops_ctx for arena a and error slot e with the configured limits. */
ops_ctx ops_make(arena *a, py_err *e);

/* ------------------------------------------------------------ complex */

#define OPS_COMPLEX 200 /* pv.kind of a complex value (never seen by the JSON codec) */
typedef struct ops_complex {
    pv base; /* base.kind == OPS_COMPLEX */
    double re, im;
} ops_complex;
pv *ops_complex_new(arena *a, double re, double im);
static inline bool ops_is_complex(const pv *v)
{
    return v->kind == OPS_COMPLEX;
}
/* True when v holds a complex anywhere (the handlers refuse such a result). */
bool ops_has_complex(const pv *v);
/* Deep copy that also knows complex values. */
pv *ops_copy(arena *a, const pv *v);

/* json.loads gives every NaN literal of a document the same float object,
 * and identity makes [nan] == [nan] and nan in [nan] true: make all NaNs
 * of a request's values one pv (*shared, NULL at first).  Returns v or the
 * shared NaN; lists and dicts are updated in place. */
pv *ops_share_nans(pv *v, pv **shared);

/* Python's type name of v (pv_type_name plus 'complex'). */
const char *ops_type_name(const pv *v);

/* ------------------------------------------------------------ operators */

typedef enum ops_binop {
    OPS_ADD,
    OPS_SUB,
    OPS_MUL,
    OPS_TRUEDIV,
    OPS_FLOORDIV,
    OPS_MOD,
    OPS_POW,
    OPS_LSHIFT,
    OPS_RSHIFT,
    OPS_AND,
    OPS_OR,
    OPS_XOR,
} ops_binop;

/* a <op> b as the operator module computes it. */
pv *ops_binary(ops_ctx *x, ops_binop op, const pv *a, const pv *b);
pv *ops_neg(ops_ctx *x, const pv *a);
pv *ops_pos(ops_ctx *x, const pv *a);
pv *ops_abs(ops_ctx *x, const pv *a);
/* operator.concat(a, b); a str or list longer than max_len -> "concat
 * result too large" (ops_concat_as: "<what> result too large"). */
pv *ops_concat(ops_ctx *x, const pv *a, const pv *b);
pv *ops_concat_as(ops_ctx *x, const pv *a, const pv *b, const char *what);

typedef enum ops_cmpop { OPS_LT, OPS_LE, OPS_EQ, OPS_NE, OPS_GT, OPS_GE } ops_cmpop;
/* a <op> b as a bool; -1 with the error set (TypeError for orderings of unorderable types). */
int ops_compare(ops_ctx *x, ops_cmpop op, const pv *a, const pv *b);
/* PyObject_RichCompareBool(a, b, Py_EQ): identity first, then ==. Never fails. */
bool ops_eq(const pv *a, const pv *b);

bool ops_truth(const pv *v);
/* len(v), or -1 with TypeError "object of type 'int' has no len()". */
long ops_len(ops_ctx *x, const pv *v);
/* operator.contains(container, item): 1/0, or -1 with the error set. */
int ops_contains(ops_ctx *x, const pv *container, const pv *item);
/* operator.getitem(obj, key) */
pv *ops_getitem(ops_ctx *x, const pv *obj, const pv *key);

/* iter(v) as a list of items: a list itself, the characters of a str, the
 * keys of a dict; NULL with TypeError "'int' object is not iterable". */
pv *ops_iter_list(ops_ctx *x, const pv *v);

/* ------------------------------------------------------------ conversions */

/* str(v) and repr(v) appended to sb (UTF-8 as stored in pv strs). */
void ops_str_to(strbuf *sb, const pv *v);
void ops_repr_to(strbuf *sb, const pv *v);
pv *ops_str(ops_ctx *x, const pv *v);
pv *ops_repr(ops_ctx *x, const pv *v);
/* repr(v) cut to `maxcp` code points, as CPython's %.200R does (into the arena). */
char *ops_repr_trunc(ops_ctx *x, const pv *v, size_t maxcp);

/* int(v) / int(v, base) (base NULL: not given) and float(v). */
pv *ops_int(ops_ctx *x, const pv *v, const pv *base);
pv *ops_float(ops_ctx *x, const pv *v);
/* round(v) (ndigits NULL or None) and round(v, ndigits). */
pv *ops_round(ops_ctx *x, const pv *v, const pv *ndigits);
/* hex/oct/bin: base 16, 8 or 2. */
pv *ops_int_format(ops_ctx *x, const pv *v, int base);

/* str % args */
pv *ops_str_mod(ops_ctx *x, const pv *fmt, const pv *args);

/* ------------------------------------------------------------ callables */

/* A callable of the API.md vocabulary: "operator.add", "builtins.len",
 * "str.split", "math.log", ... or {"partial": name, "args": [...],
 * "keywords": {...}} (functools.partial). */
typedef struct ops_func ops_func;
/* spec -> callable; NULL with a 400 BadRequest for an unknown name or a
 * malformed partial (pyref's resolve()). */
const ops_func *ops_func_resolve(ops_ctx *x, const pv *spec);
/* f(*args) with Python's argument checking and messages, after pyref's
 * size guards (ResourceLimitError "pow result too large", ...). */
pv *ops_call(ops_ctx *x, const ops_func *f, pv *const *args, size_t nargs);
/* "operator.add" for plain names and partials of it. */
const char *ops_func_name(const ops_func *f);
/* True when f is a plain name (no partial args or keywords). */
bool ops_func_plain(const ops_func *f);

/* Helpers for argument conversion with CPython's messages. */
/* PyNumber_Index + PyLong_AsSsize_t: int or bool; TypeError "'float' object
 * cannot be interpreted as an integer"; OverflowError "Python int too large
 * to convert to C ssize_t". */
int ops_as_ssize(ops_ctx *x, const pv *v, long *out);
/* PyFloat_AsDouble: float, int, bool; TypeError "must be real number, not str". */
int ops_as_double(ops_ctx *x, const pv *v, double *out);
/* v is an int or a bool (Python's isinstance(v, int)). */
static inline bool ops_is_intlike(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_BOOL;
}

#endif
