/* The {"$bytes": "<base64>"} wire form of a bytes value (README, "bytes
 * everywhere Python takes bytes"): reading it from a request argument and
 * writing the bytes of a result in it.  Where it is accepted is the
 * registry's business (handlers/op.h, A_STRBYTES); everywhere else such an
 * object is a plain dict. */
#ifndef PYSTD_PY_WIRE_H
#define PYSTD_PY_WIRE_H

#include "base/arena.h"
#include "py/py_value.h"

typedef enum py_wire_read {
    PY_WIRE_BAD_BASE64 = -2, /* {"$bytes": s} where s is not base64 (validate=True) */
    PY_WIRE_BAD_SHAPE = -1,  /* a "$bytes" key with other keys, or a value that is not a str */
    PY_WIRE_NOT_BYTES = 0,   /* any other value: *out = v */
    PY_WIRE_BYTES = 1,       /* *out = the bytes */
} py_wire_read;

/* v as a bytes value of the wire form.  The failure's message belongs to
 * the caller (the argument's name). */
py_wire_read py_wire_bytes_in(arena *a, const pv *v, pv **out);

/* bytes -> {"$bytes": "<base64>"} */
pv *py_wire_bytes_out(arena *a, const pv *b);

/* v with every bytes value inside it (list items, dict values, v itself)
 * in the wire form, changed in place: v is a result the request built
 * (never a value shared beyond it, such as a parsed default), a few
 * levels deep (the recursion follows its nesting). */
pv *py_wire_out(arena *a, pv *v);

#endif
