/* Argument-parsing errors of CPython 3.11 (Python/getargs.c,
 * Objects/methodobject.c, Objects/descrobject.c). */
#include <limits.h>
#include <string.h>

#include "ops/ops_args.h"

static bool type_error(ops_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool type_error(ops_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_vraise(x->err, x->a, "TypeError", fmt, ap);
    va_end(ap);
    return true;
}

bool ops_args_nokw(ops_ctx *x, const pv *kw, const char *funcstr)
{
    if (ops_kw_count(kw))
        return type_error(x, "%s takes no keyword arguments", funcstr);
    return false;
}

bool ops_args_one(ops_ctx *x, size_t n, const char *funcstr)
{
    if (n != 1)
        return type_error(x, "%s takes exactly one argument (%zu given)", funcstr, n);
    return false;
}

bool ops_args_positional(ops_ctx *x, const char *name, size_t n, size_t min, size_t max)
{
    if (n < min)
        return type_error(x, "%s expected %s%zu argument%s, got %zu", name, min == max ? "" : "at least ",
                          min, min == 1 ? "" : "s", n);
    if (n > max)
        return type_error(x, "%s expected %s%zu argument%s, got %zu", name, min == max ? "" : "at most ", max,
                          max == 1 ? "" : "s", n);
    return false;
}

bool ops_args_tuple(ops_ctx *x, const char *fname, size_t n, size_t min, size_t max)
{
    if (n < min || n > max) {
        size_t lim = n < min ? min : max;
        return type_error(x, "%s() takes %s %zu argument%s (%zu given)", fname,
                          min == max ? "exactly"
                          : n < min  ? "at least"
                                     : "at most",
                          lim, lim == 1 ? "" : "s", n);
    }
    return false;
}

static const pv *kw_find(const pv *kw, const char *name)
{
    return kw ? pv_dict_getc(kw, name) : NULL;
}

bool ops_args_unpack(ops_ctx *x, const ops_kwparser *p, pv *const *args, size_t nargs, const pv *kw, pv **buf)
{
    int nkwnames = 0;
    while (p->kwnames[nkwnames])
        nkwnames++;
    int posonly = p->posonly, minpos = p->minpos, maxpos = p->maxpos;
    int minposonly = posonly < minpos ? posonly : minpos;
    int maxargs = posonly + nkwnames;
    long nkwargs = (long)ops_kw_count(kw);
    long n = (long)nargs;
    for (int i = 0; i < maxargs; i++)
        buf[i] = NULL;
    if (nkwargs == 0 && minpos <= n && n <= maxpos) {
        for (long i = 0; i < n; i++)
            buf[i] = args[i];
        return false;
    }
    if (n + nkwargs > maxargs)
        return type_error(x, "%s() takes at most %d %sargument%s (%ld given)", p->fname, maxargs,
                          n == 0 ? "keyword " : "", maxargs == 1 ? "" : "s", n + nkwargs);
    if (n > maxpos) {
        if (maxpos == 0)
            return type_error(x, "%s() takes no positional arguments", p->fname);
        return type_error(x, "%s() takes %s %d positional argument%s (%ld given)", p->fname,
                          minpos < maxpos ? "at most" : "exactly", maxpos, maxpos == 1 ? "" : "s", n);
    }
    if (n < minposonly)
        return type_error(x, "%s() takes %s %d positional argument%s (%ld given)", p->fname,
                          minposonly < maxpos ? "at least" : "exactly", minposonly,
                          minposonly == 1 ? "" : "s", n);
    for (long i = 0; i < n; i++)
        buf[i] = args[i];
    int reqlimit = minpos;
    for (int i = (int)n > posonly ? (int)n : posonly; i < maxargs; i++) {
        const pv *cur;
        if (nkwargs)
            cur = kw_find(kw, p->kwnames[i - posonly]);
        else if (i >= reqlimit)
            break;
        else
            cur = NULL;
        buf[i] = (pv *)cur;
        if (cur)
            --nkwargs;
        else if (i < minpos || (maxpos <= i && i < reqlimit))
            return type_error(x, "%s() missing required argument '%s' (pos %d)", p->fname,
                              p->kwnames[i - posonly], i + 1);
    }
    if (nkwargs > 0) {
        for (int i = posonly; i < n; i++) {
            if (kw_find(kw, p->kwnames[i - posonly]))
                return type_error(x, "argument for %s() given by name ('%s') and position (%d)", p->fname,
                                  p->kwnames[i - posonly], i + 1);
        }
        for (size_t j = 0; j < kw->d.len; j++) {
            const char *k = kw->d.items[j].key->s.p;
            bool match = false;
            for (int i = 0; i < nkwnames; i++)
                if (strcmp(k, p->kwnames[i]) == 0 && strlen(k) == kw->d.items[j].key->s.len)
                    match = true;
            if (!match)
                return type_error(x, "'%s' is an invalid keyword argument for %s()", k, p->fname);
        }
        return type_error(x, "invalid keyword argument for %s()", p->fname);
    }
    return false;
}

bool ops_args_method(ops_ctx *x, const char *name, pv *const *args, size_t n, const pv *kw, bool check_kw)
{
    if (n < 1)
        return type_error(x, "unbound method str.%s() needs an argument", name);
    if (args[0]->kind != PV_STR)
        return type_error(x, "descriptor '%s' for 'str' objects doesn't apply to a '%s' object", name,
                          ops_type_name(args[0]));
    if (check_kw && ops_kw_count(kw))
        return type_error(x, "str.%s() takes no keyword arguments", name);
    return false;
}

bool ops_args_slice_index(ops_ctx *x, const pv *v, long *out)
{
    if (v->kind == PV_NONE)
        return false;
    if (!ops_is_intlike(v))
        return type_error(x, "slice indices must be integers or None or have an __index__ method");
    int64_t i;
    if (!ops_int_small(v, &i))
        i = ops_int_sign(v) < 0 ? INT64_MIN : INT64_MAX;
    *out = (long)i;
    return false;
}

bool ops_args_c_int(ops_ctx *x, const pv *v, int *out)
{
    if (!ops_is_intlike(v))
        return type_error(x, "'%s' object cannot be interpreted as an integer", ops_type_name(v));
    int64_t i;
    if (!ops_int_small(v, &i) || i > INT_MAX || i < INT_MIN) {
        py_raise(x->err, x->a, "OverflowError", "Python int too large to convert to C int");
        return true;
    }
    *out = (int)i;
    return false;
}
