/* The OSError family (py_oserror.h): the subclass CPython picks for an
 * errno, os.strerror's text, str(exc) with one or two filenames and the
 * errno / strerror / filename extras; and the UnicodeEncodeError of
 * s.encode('utf-8') on a lone surrogate (file names). */
#include "py/py_oserror.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "py/py_repr.h"
#include "text/utf8.h"

const char *py_oserror_type(int errnum)
{
    switch (errnum) {
    case EAGAIN: /* == EWOULDBLOCK */
    case EALREADY:
    case EINPROGRESS:
        return "BlockingIOError";
    case ECHILD:
        return "ChildProcessError";
    case EPIPE:
    case ESHUTDOWN:
        return "BrokenPipeError";
    case ECONNABORTED:
        return "ConnectionAbortedError";
    case ECONNREFUSED:
        return "ConnectionRefusedError";
    case ECONNRESET:
        return "ConnectionResetError";
    case EEXIST:
        return "FileExistsError";
    case ENOENT:
        return "FileNotFoundError";
    case EISDIR:
        return "IsADirectoryError";
    case ENOTDIR:
        return "NotADirectoryError";
    case EINTR:
        return "InterruptedError";
    case EACCES:
    case EPERM:
        return "PermissionError";
    case ESRCH:
        return "ProcessLookupError";
    case ETIMEDOUT:
        return "TimeoutError";
    default:
        return "OSError";
    }
}

const char *py_strerror(arena *a, int errnum)
{
    char buf[256];
    const char *s = strerror_r(errnum, buf, sizeof buf); /* GNU: may return a static string */
    return arena_strdup(a, s);
}

int py_oserror(py_err *e, arena *a, int errnum, const char *fn, size_t fnlen, const char *fn2, size_t fn2len)
{
    const char *se = py_strerror(a, errnum);
    strbuf m = STRBUF_INIT;
    strbuf_printf(&m, "[Errno %d] %s", errnum, se);
    if (fn) {
        strbuf_puts(&m, ": ");
        py_repr_str(&m, fn, fnlen);
        if (fn2) {
            strbuf_puts(&m, " -> ");
            py_repr_str(&m, fn2, fn2len);
        }
    }
    py_raise_msg(e, a, py_oserror_type(errnum), m.data, m.len);
    strbuf_free(&m);
    py_err_extra(e, a, "errno", pv_int(a, errnum));
    py_err_extra(e, a, "strerror", pv_cstr(a, se));
    py_err_extra(e, a, "filename", fn ? pv_str(a, fn, fnlen) : pv_none());
    if (fn && fn2)
        py_err_extra(e, a, "filename2", pv_str(a, fn2, fn2len));
    return -1;
}

int py_utf8_encode_check(py_err *e, arena *a, const char *s, size_t n, size_t base)
{
    size_t i = 0, cp = 0;
    while (i < n) {
        uint32_t c = utf8_next(s, &i);
        if (c >= 0xD800 && c <= 0xDFFF) {
            size_t start = cp, end = cp + 1, j = i;
            while (j < n) {
                size_t k = j;
                uint32_t d = utf8_next(s, &k);
                if (d < 0xD800 || d > 0xDFFF)
                    break;
                j = k;
                end++;
            }
            if (end - start == 1)
                py_raise(e, a, "UnicodeEncodeError",
                         "'utf-8' codec can't encode character '\\u%04x' in position %zu: "
                         "surrogates not allowed",
                         c, base + start);
            else
                py_raise(e, a, "UnicodeEncodeError",
                         "'utf-8' codec can't encode characters in position %zu-%zu: "
                         "surrogates not allowed",
                         base + start, base + end - 1);
            py_err_extra(e, a, "encoding", pv_cstr(a, "utf-8"));
            py_err_extra(e, a, "start", pv_int(a, (int64_t)(base + start)));
            py_err_extra(e, a, "end", pv_int(a, (int64_t)(base + end)));
            py_err_extra(e, a, "reason", pv_cstr(a, "surrogates not allowed"));
            return -1;
        }
        cp++;
    }
    return 0;
}
