/* Python's repr() and str() of pystd values, byte for byte as CPython 3.11
 * writes them: what error messages quote ("bad escape \\q", "time data '…'
 * does not match format '…'", filenames in OSError messages). */
#ifndef PYSTD_PY_REPR_H
#define PYSTD_PY_REPR_H

#include <stddef.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "py/py_value.h"

/* repr() of the str s (stored-str UTF-8, n bytes; lone surrogates as 3-byte
 * sequences): quoted with ' unless s holds ' and no ", escapes \\ \n \r \t
 * and the quote, \xhh for controls, \x7f and the non-printable < 0x100,
 * \uXXXX / \UXXXXXXXX for other non-printable code points. */
void py_repr_str(strbuf *out, const char *s, size_t n);
/* The same, NUL-terminated in the arena. */
char *py_repr_cstr(arena *a, const char *s, size_t n);
/* repr() of bytes: b'...' (b"..." when the bytes hold ' and no "). */
void py_repr_bytes(strbuf *out, const void *p, size_t n);

/* repr() of any value: None, True, 12345678901234567890, 0.1, 'x', b'x',
 * [1, 2], (1,), {'a': 1}.  Integers of any size are written in full (CPython
 * would refuse beyond sys.get_int_max_str_digits(): callers that quote
 * client-sized ints must check pv_int_ndigits first). */
void py_repr(strbuf *out, const pv *v);
/* str(): a str as it is, anything else as repr(). */
void py_str(strbuf *out, const pv *v);

#endif
