/* Python object operations on pv values, with CPython 3.11's semantics and
 * error messages: the arithmetic of int (any size), float and bool, str and
 * list concatenation/repetition, rich comparisons, truth, len, `in`,
 * subscription, and the conversions and formatting around them (str(),
 * repr(), int(), float(), str % args).
 *
 * Every function takes a pyx (the request's arena and error slot) and
 * returns a value, or NULL with the error set (a Python exception as
 * py_raise makes it, or a 422 ResourceLimitError when a result would exceed
 * the configured caps).  Arguments are never modified: results are new
 * values (or, where Python returns an operand unchanged, that operand).
 *
 * Values with no pv kind of their own: Python's complex (what a negative
 * float raised to a fractional power gives) is a PYX_COMPLEX value (see
 * below); it takes part in arithmetic and str()/repr() and the handlers turn
 * it into `TypeError: no JSON form for complex` when it reaches a result. */
#ifndef PYSTD_OPS_H
#define PYSTD_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "py/py_err.h"
#include "base/strbuf.h"
#include "py/py_value.h"

typedef struct pyx {
    arena *a;
    py_err *err;
    size_t max_int_bits; /* an int result wider than this -> ResourceLimitError */
    size_t max_len;      /* a str (code points) or list result longer than this -> ResourceLimitError */
} pyx;

/* A pyx for arena a and error slot e with the configured limits. */
pyx pyx_make(arena *a, py_err *e);

/* ------------------------------------------------------------ complex */

#define PYX_COMPLEX 200 /* pv.kind of a complex value (never seen by the JSON codec) */
typedef struct pyx_complex {
    pv base; /* base.kind == PYX_COMPLEX */
    double re, im;
} pyx_complex;
pv *pyx_complex_new(arena *a, double re, double im);
static inline bool pyx_is_complex(const pv *v)
{
    return v->kind == PYX_COMPLEX;
}
/* True when v holds a complex anywhere (the handlers refuse such a result). */
bool pyx_has_complex(const pv *v);
/* Deep copy that also knows complex values. */
pv *pyx_copy(arena *a, const pv *v);

/* json.loads gives every NaN literal of a document the same float object,
 * and identity makes [nan] == [nan] and nan in [nan] true: make all NaNs
 * of a request's values one pv (*shared, NULL at first).  Returns v or the
 * shared NaN; lists and dicts are updated in place. */
pv *pyx_share_nans(pv *v, pv **shared);

/* Python's type name of v (pv_type_name plus 'complex'). */
const char *pyx_type_name(const pv *v);

/* ------------------------------------------------------------ operators */

typedef enum pyx_binop {
    PYX_ADD,
    PYX_SUB,
    PYX_MUL,
    PYX_TRUEDIV,
    PYX_FLOORDIV,
    PYX_MOD,
    PYX_POW,
    PYX_LSHIFT,
    PYX_RSHIFT,
    PYX_AND,
    PYX_OR,
    PYX_XOR,
} pyx_binop;

/* a <op> b as the operator module computes it. */
pv *pyx_binary(pyx *x, pyx_binop op, const pv *a, const pv *b);
pv *pyx_neg(pyx *x, const pv *a);
pv *pyx_pos(pyx *x, const pv *a);
pv *pyx_abs(pyx *x, const pv *a);
/* operator.concat(a, b) */
pv *pyx_concat(pyx *x, const pv *a, const pv *b);

typedef enum pyx_cmpop { PYX_LT, PYX_LE, PYX_EQ, PYX_NE, PYX_GT, PYX_GE } pyx_cmpop;
/* a <op> b as a bool; -1 with the error set (TypeError for orderings of unorderable types). */
int pyx_compare(pyx *x, pyx_cmpop op, const pv *a, const pv *b);
/* PyObject_RichCompareBool(a, b, Py_EQ): identity first, then ==. Never fails. */
bool pyx_eq(const pv *a, const pv *b);

bool pyx_truth(const pv *v);
/* len(v), or -1 with TypeError "object of type 'int' has no len()". */
long pyx_len(pyx *x, const pv *v);
/* operator.contains(container, item): 1/0, or -1 with the error set. */
int pyx_contains(pyx *x, const pv *container, const pv *item);
/* operator.getitem(obj, key) */
pv *pyx_getitem(pyx *x, const pv *obj, const pv *key);

/* iter(v) as a list of items: a list itself, the characters of a str, the
 * keys of a dict; NULL with TypeError "'int' object is not iterable". */
pv *pyx_iter_list(pyx *x, const pv *v);

/* ------------------------------------------------------------ conversions */

/* str(v) and repr(v) appended to sb (UTF-8 as stored in pv strs). */
void pyx_str_to(strbuf *sb, const pv *v);
void pyx_repr_to(strbuf *sb, const pv *v);
pv *pyx_str(pyx *x, const pv *v);
pv *pyx_repr(pyx *x, const pv *v);
/* repr(v) cut to `maxcp` code points, as CPython's %.200R does (into the arena). */
char *pyx_repr_trunc(pyx *x, const pv *v, size_t maxcp);

/* int(v) / int(v, base) (base NULL: not given) and float(v). */
pv *pyx_int(pyx *x, const pv *v, const pv *base);
pv *pyx_float(pyx *x, const pv *v);
/* round(v) (ndigits NULL or None) and round(v, ndigits). */
pv *pyx_round(pyx *x, const pv *v, const pv *ndigits);
/* hex/oct/bin: base 16, 8 or 2. */
pv *pyx_int_format(pyx *x, const pv *v, int base);

/* str % args */
pv *pyx_str_mod(pyx *x, const pv *fmt, const pv *args);

/* ------------------------------------------------------------ callables */

/* A callable of the API.md vocabulary: "operator.add", "builtins.len",
 * "str.split", "math.log", ... or {"partial": name, "args": [...],
 * "keywords": {...}} (functools.partial). */
typedef struct pyx_func pyx_func;
/* spec -> callable; NULL with a 400 BadRequest for an unknown name or a
 * malformed partial (pyref's resolve()). */
const pyx_func *pyx_func_resolve(pyx *x, const pv *spec);
/* f(*args) with Python's argument checking and messages, after pyref's
 * size guards (ResourceLimitError "pow result too large", ...). */
pv *pyx_call(pyx *x, const pyx_func *f, pv *const *args, size_t nargs);
/* "operator.add" for plain names and partials of it. */
const char *pyx_func_name(const pyx_func *f);
/* True when f is a plain name (no partial args or keywords). */
bool pyx_func_plain(const pyx_func *f);

/* Helpers for argument conversion with CPython's messages. */
/* PyNumber_Index + PyLong_AsSsize_t: int or bool; TypeError "'float' object
 * cannot be interpreted as an integer"; OverflowError "Python int too large
 * to convert to C ssize_t". */
int pyx_as_ssize(pyx *x, const pv *v, long *out);
/* PyFloat_AsDouble: float, int, bool; TypeError "must be real number, not str". */
int pyx_as_double(pyx *x, const pv *v, double *out);
/* v is an int or a bool (Python's isinstance(v, int)). */
static inline bool pyx_is_intlike(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_BOOL;
}

#endif
