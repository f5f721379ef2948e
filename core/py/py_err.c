/* Raising (py_err.h): a Python exception, a 400, a 422 ResourceLimitError
 * or any other status into a py_err, the message formatted into the arena;
 * and its extra fields. */
#include "py/py_err.h"

#include <stdio.h>
#include <string.h>

int py_vraise(py_err *e, arena *a, const char *type, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0)
        n = 0, small[0] = '\0';
    char *m;
    if ((size_t)n < sizeof small) {
        m = arena_strndup(a, small, (size_t)n);
    } else {
        m = arena_alloc(a, (size_t)n + 1);
        vsnprintf(m, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    e->status = 422;
    e->type = type;
    e->msg = m;
    e->msg_len = (size_t)n;
    e->extra = NULL;
    e->retry_after = NULL;
    return -1;
}

int py_raise(py_err *e, arena *a, const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_vraise(e, a, type, fmt, ap);
    va_end(ap);
    return -1;
}

int py_raise_msg(py_err *e, arena *a, const char *type, const char *msg, size_t len)
{
    e->status = 422;
    e->type = type;
    e->msg = arena_strndup(a, msg, len);
    e->msg_len = len;
    e->extra = NULL;
    e->retry_after = NULL;
    return -1;
}

int py_bad_request(py_err *e, arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_vraise(e, a, "BadRequest", fmt, ap);
    va_end(ap);
    e->status = 400;
    return -1;
}

int py_limit(py_err *e, arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_vraise(e, a, "ResourceLimitError", fmt, ap);
    va_end(ap);
    return -1;
}

int py_http_error(py_err *e, arena *a, int status, const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_vraise(e, a, type, fmt, ap);
    va_end(ap);
    e->status = status;
    return -1;
}

void py_err_extra(py_err *e, arena *a, const char *key, pv *val)
{
    if (!e->extra)
        e->extra = pv_dict(a, 4);
    pv_dict_setc(a, e->extra, key, val);
}
