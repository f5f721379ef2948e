/* os.path.realpath in the sandbox: CPython 3.11's posixpath.realpath and
 * _joinrealpath with the store as '/' and '/' as the current directory.
 * Each part is lstat'ed as posixpath does, the lstat being the sandbox's
 * (fs_stat_path: no symlink is ever followed, one on the path is OSError
 * ELOOP, which realpath raises even when not strict).  When not strict, the
 * other OSErrors only say "not a link"; so once a part is missing, the parts
 * below it are not looked at again (they would fail the same way), and
 * lstat sees the path without the leading '..' parts that the root absorbs
 * (an error that is raised names the path as posixpath spells it). */
#include <errno.h>
#include <string.h>

#include "base/strbuf.h"
#include "fs/fs_posixpath.h"
#include "fs/fs_sandbox.h"
#include "text/utf8.h"

/* Path parts the lstats of one realpath may walk in all (each lstat walks
 * its path from the root): beyond it, 422 ResourceLimitError. */
#define REALPATH_BUDGET (1u << 18)

/* What os.lstat raises before looking at the file system: a NUL
 * (ValueError) or a surrogate that the file system encoding refuses. */
static bool raises_at_once(const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return true;
    for (size_t i = 0; i < n;) {
        uint32_t c = utf8_next(s, &i);
        if (c >= 0xD800 && c <= 0xDFFF && !(c >= 0xDC80 && c <= 0xDCFF))
            return true;
    }
    return false;
}

static size_t count_parts(const char *s, size_t n)
{
    size_t k = 1;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '/';
    return k;
}

typedef struct walk {
    arena *a;
    bool strict;
    strbuf path;       /* posixpath's `path` */
    size_t missing;    /* path.len at which an lstat failed (not strict); SIZE_MAX: none */
    size_t budget;     /* parts left to walk */
    size_t dotdot_end; /* bytes of leading "../" parts of path ('..' absorbed by the root) */
} walk;

/* posixpath.split(path)[0] (path is never empty here). */
static void path_pop(walk *w)
{
    char *s = w->path.data;
    size_t n = w->path.len, i = n;
    while (i > 0 && s[i - 1] != '/')
        i--;
    bool was_dotdot = n - i == 2 && s[i] == '.' && s[i + 1] == '.';
    size_t h = i;
    bool all_slash = true;
    for (size_t k = 0; k < h && all_slash; k++)
        all_slash = s[k] == '/';
    if (h && !all_slash)
        while (h > 0 && s[h - 1] == '/')
            h--;
    w->path.len = h;
    if (was_dotdot) { /* join(head, '..', '..') */
        if (h && s[h - 1] != '/')
            strbuf_putc(&w->path, '/');
        strbuf_append(&w->path, "../..", 5);
        w->dotdot_end = w->path.len;
    }
}

/* The lstat of newpath = path[:len], the join just made; 0 (or a swallowed
 * OSError), -1 raised. */
static int lstat_part(walk *w, size_t len, const char *name, size_t nlen, py_err *e)
{
    const char *np = w->path.data;
    bool at_once = raises_at_once(name, nlen);
    if (!at_once && !w->strict && w->missing <= len)
        return 0;                                          /* a part above is missing: this lstat fails too */
    size_t skip = w->dotdot_end < len ? w->dotdot_end : 0; /* "../../a" is "a" under the root */
    size_t parts = count_parts(np + skip, len - skip);
    if (parts > w->budget)
        return py_limit(e, w->a, "realpath walks more than %u path parts", REALPATH_BUDGET);
    w->budget -= parts;
    fs_stat st;
    py_err err;
    if (fs_stat_path(w->a, np + skip, len - skip, &st, &err) == 0)
        return 0; /* never a link: the sandbox refuses them */
    const pv *no = err.extra ? pv_dict_getc(err.extra, "errno") : NULL;
    bool oserror = no != NULL;
    if (oserror && !w->strict && !(no->kind == PV_INT && no->i.v == ELOOP)) {
        w->missing = len;
        return 0;
    }
    if (skip == 0) {
        *e = err;
        return -1;
    }
    if (fs_stat_path(w->a, np, len, &st, e) == 0) /* the error as posixpath names it */
        *e = err;
    return -1;
}

int fs_realpath(arena *a, const pv *path, bool strict, pv **out, py_err *e)
{
    walk w = {a, strict, STRBUF_INIT, SIZE_MAX, REALPATH_BUDGET, 0};
    const char *rest = path->s.p, *end = rest + path->s.len;
    if (rest < end && *rest == '/') {
        strbuf_putc(&w.path, '/');
        rest++;
    }
    int rc = 0;
    while (rest < end) {
        const char *slash = memchr(rest, '/', (size_t)(end - rest));
        const char *name = rest;
        size_t nlen = (size_t)((slash ? slash : end) - rest);
        rest = slash ? slash + 1 : end;
        if (nlen == 0 || (nlen == 1 && name[0] == '.'))
            continue;
        if (nlen == 2 && name[0] == '.' && name[1] == '.') {
            if (w.path.len) {
                path_pop(&w);
            } else {
                strbuf_append(&w.path, "..", 2);
                w.dotdot_end = 2;
            }
            if (w.path.len < w.missing)
                w.missing = SIZE_MAX;
            if (w.path.len < w.dotdot_end)
                w.dotdot_end = w.path.len;
            continue;
        }
        if (w.path.len && w.path.data[w.path.len - 1] != '/')
            strbuf_putc(&w.path, '/');
        strbuf_append(&w.path, name, nlen);
        if ((rc = lstat_part(&w, w.path.len, name, nlen, e)) < 0)
            break;
    }
    if (rc == 0) {
        size_t n = w.path.len;
        pv *p = pv_str(a, n ? w.path.data : "", n);
        *out = fs_path_abspath(a, p, pv_str(a, "/", 1));
    }
    strbuf_free(&w.path);
    return rc;
}
