/* Python's OSError family and UnicodeEncodeError('utf-8'), as the envelope
 * reports them: type (the OSError subclass CPython picks for the errno),
 * str(exc), and the extra fields errno, strerror, filename, filename2. */
#ifndef PYSTD_PY_OSERROR_H
#define PYSTD_PY_OSERROR_H

#include <stddef.h>

#include "py/py_err.h"

/* The exception class CPython raises for errno (FileNotFoundError, ...). */
const char *py_oserror_type(int errnum);
/* OSError(errnum, strerror(errnum)[, filename[, None, filename2]]).  A NULL
 * filename is None; the names are stored-str UTF-8 of the given lengths. */
int py_oserror(py_err *e, arena *a, int errnum, const char *fn, size_t fnlen, const char *fn2, size_t fn2len);
/* C library strerror(errnum) as os.strerror() returns it (thread-safe). */
const char *py_strerror(arena *a, int errnum);

/* s.encode('utf-8') in strict mode fails on a lone surrogate: 0 when s has
 * none, else -1 with UnicodeEncodeError for the first run of surrogates
 * (code-point positions offset by `base`). */
int py_utf8_encode_check(py_err *e, arena *a, const char *s, size_t n, size_t base);

#endif
