/* The error half of every core call: functions return 0, or -1 with a
 * py_err filled in.  A py_err is what the envelope turns into
 * {"error": {"type", "message", ...extra}} with its HTTP status. */
#ifndef PYSTD_PY_ERR_H
#define PYSTD_PY_ERR_H

#include <stdarg.h>
#include <stddef.h>

#include "base/arena.h"
#include "py/py_value.h"

typedef struct py_err {
    int status;       /* 422 for a Python exception; 400, 404, ... for the envelope */
    const char *type; /* "ValueError", "re.error", "BadRequest", "ResourceLimitError" */
    char *msg;        /* str(exc), arena-owned, NUL-terminated */
    size_t msg_len;   /* a message may hold NULs */
    pv *extra;        /* dict of extra fields (pos, lineno, errno, ...) or NULL */
    const char *retry_after; /* header value for 429/503, or NULL */
} py_err;

/* All return -1 so that `return py_raise(...)` reads naturally.
 * `type` must outlive the request (a string literal). */
int py_raise(py_err *e, arena *a, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int py_vraise(py_err *e, arena *a, const char *type, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Message given as bytes (may contain NULs). */
int py_raise_msg(py_err *e, arena *a, const char *type, const char *msg, size_t len);
/* 400 BadRequest: the request is malformed, the Python function never ran. */
int py_bad_request(py_err *e, arena *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 422 ResourceLimitError: a configured limit stopped the work. */
int py_limit(py_err *e, arena *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Any status and type (404 NotFound, 405, 409 Conflict, 429 Busy, ...). */
int py_http_error(py_err *e, arena *a, int status, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Extra fields, in the order added. */
void py_err_extra(py_err *e, arena *a, const char *key, pv *val);

#endif
