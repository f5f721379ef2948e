/* CPython 3.11's argument parsing, as far as the function vocabulary needs
 * it: each helper raises exactly the TypeError the corresponding CPython
 * code path (METH_O, _PyArg_CheckPositional, PyArg_ParseTuple,
 * _PyArg_UnpackKeywords, method descriptors) raises, and returns true when
 * it did. */
#ifndef PYSTD_OPS_ARGS_H
#define PYSTD_OPS_ARGS_H

#include "ops/ops_int.h"

static inline size_t ops_kw_count(const pv *kw)
{
    return kw ? kw->d.len : 0;
}

/* "%s takes no keyword arguments" (funcstr like "_operator.add()") */
bool ops_args_nokw(ops_ctx *x, const pv *kw, const char *funcstr);
/* METH_O: "%s takes exactly one argument (%zu given)" */
bool ops_args_one(ops_ctx *x, size_t n, const char *funcstr);
/* _PyArg_CheckPositional: "add expected 2 arguments, got 1" */
bool ops_args_positional(ops_ctx *x, const char *name, size_t n, size_t min, size_t max);
/* PyArg_ParseTuple's count check: "find() takes at least 1 argument (0 given)" */
bool ops_args_tuple(ops_ctx *x, const char *fname, size_t n, size_t min, size_t max);

/* _PyArg_UnpackKeywords: positional-only names first (posonly of them),
 * then keyword-capable names kwnames[]; buf[i] gets each parameter or NULL. */
typedef struct ops_kwparser {
    const char *fname;
    const char *const *kwnames; /* NULL-terminated */
    int posonly, minpos, maxpos;
} ops_kwparser;
bool ops_args_unpack(ops_ctx *x, const ops_kwparser *p, pv *const *args, size_t n, const pv *kw, pv **buf);

/* Method descriptor of str: "unbound method str.upper() needs an argument",
 * "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object",
 * and (check_kw) "str.upper() takes no keyword arguments". */
bool ops_args_method(ops_ctx *x, const char *name, pv *const *args, size_t n, const pv *kw, bool check_kw);

/* _PyEval_SliceIndex: None keeps *out, an int is clamped to ssize_t, else
 * TypeError "slice indices must be integers or None or have an __index__ method". */
bool ops_args_slice_index(ops_ctx *x, const pv *v, long *out);
/* _PyLong_AsInt: TypeError for non-ints, OverflowError "Python int too large to convert to C int". */
bool ops_args_c_int(ops_ctx *x, const pv *v, int *out);

#endif
