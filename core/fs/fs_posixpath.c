/* posixpath (fs_posixpath.h) on stored-str bytes or bytes: join, split,
 * splitext, basename, dirname, isabs, normpath, abspath, relpath,
 * commonpath and commonprefix, as Lib/posixpath.py of CPython 3.11 computes
 * them.  A result has the kind (str or bytes) of the path it comes from. */
#include "fs/fs_posixpath.h"

#include <string.h>

typedef struct slice {
    const char *p;
    size_t n;
} slice;

/* A str or a bytes (kind) of n bytes at p. */
static pv *mk(arena *a, uint8_t kind, const char *p, size_t n)
{
    return kind == PV_BYTES ? pv_bytes(a, n ? p : "", n) : pv_str(a, n ? p : "", n);
}

/* p.rfind('/') + 1 */
static size_t after_last_sep(const char *p, size_t n)
{
    for (size_t i = n; i > 0; i--)
        if (p[i - 1] == '/')
            return i;
    return 0;
}

static bool all_seps(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != '/')
            return false;
    return true;
}

/* head of split()/dirname(): p[:i], right-stripped of '/' unless it is all '/'. */
static size_t head_len(const char *p, size_t i)
{
    if (i && !all_seps(p, i))
        while (i > 0 && p[i - 1] == '/')
            i--;
    return i;
}

pv *fs_path_join(arena *a, const pv *first, pv *const *rest, size_t n)
{
    strbuf b = STRBUF_INIT;
    strbuf_append(&b, first->s.p, first->s.len);
    for (size_t k = 0; k < n; k++) {
        const pv *s = rest[k];
        if (s->s.len && s->s.p[0] == '/') {
            strbuf_clear(&b);
            strbuf_append(&b, s->s.p, s->s.len);
        } else if (b.len == 0 || b.data[b.len - 1] == '/') {
            strbuf_append(&b, s->s.p, s->s.len);
        } else {
            strbuf_putc(&b, '/');
            strbuf_append(&b, s->s.p, s->s.len);
        }
    }
    pv *r = mk(a, first->kind, b.data, b.len);
    strbuf_free(&b);
    return r;
}

pv *fs_path_split(arena *a, const pv *p)
{
    size_t i = after_last_sep(p->s.p, p->s.len);
    pv *t = pv_tuple(a, 2);
    pv_list_push(a, t, mk(a, p->kind, p->s.p, head_len(p->s.p, i)));
    pv_list_push(a, t, mk(a, p->kind, p->s.p + i, p->s.len - i));
    return t;
}

pv *fs_path_splitext(arena *a, const pv *pv_p)
{
    const char *p = pv_p->s.p;
    size_t n = pv_p->s.len;
    long sep = -1, dot = -1;
    for (size_t i = n; i > 0; i--)
        if (p[i - 1] == '/') {
            sep = (long)i - 1;
            break;
        }
    for (size_t i = n; i > 0; i--)
        if (p[i - 1] == '.') {
            dot = (long)i - 1;
            break;
        }
    size_t cut = n;
    if (dot > sep) {
        for (long f = sep + 1; f < dot; f++)
            if (p[f] != '.') {
                cut = (size_t)dot;
                break;
            }
    }
    pv *t = pv_tuple(a, 2);
    pv_list_push(a, t, mk(a, pv_p->kind, p, cut));
    pv_list_push(a, t, mk(a, pv_p->kind, p + cut, n - cut));
    return t;
}

pv *fs_path_basename(arena *a, const pv *p)
{
    size_t i = after_last_sep(p->s.p, p->s.len);
    return mk(a, p->kind, p->s.p + i, p->s.len - i);
}

pv *fs_path_dirname(arena *a, const pv *p)
{
    size_t i = after_last_sep(p->s.p, p->s.len);
    return mk(a, p->kind, p->s.p, head_len(p->s.p, i));
}

bool fs_path_isabs(const pv *p)
{
    return p->s.len > 0 && p->s.p[0] == '/';
}

/* Components of p split on '/', without '' (and without '.' when drop_dot). */
static size_t split_parts(arena *a, const char *p, size_t n, slice **out, bool drop_dot)
{
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += p[i] == '/';
    slice *c = arena_alloc(a, cap * sizeof *c);
    size_t k = 0, s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '/') {
            size_t len = i - s;
            if (len && !(drop_dot && len == 1 && p[s] == '.'))
                c[k++] = (slice){p + s, len};
            s = i + 1;
        }
    }
    *out = c;
    return k;
}

static size_t components(arena *a, const char *p, size_t n, slice **out)
{
    return split_parts(a, p, n, out, true);
}

static bool is_dotdot(slice s)
{
    return s.n == 2 && s.p[0] == '.' && s.p[1] == '.';
}

static pv *normpath_raw(arena *a, uint8_t kind, const char *p, size_t n)
{
    if (n == 0)
        return mk(a, kind, ".", 1);
    int initial = p[0] == '/';
    if (initial && n >= 2 && p[1] == '/' && !(n >= 3 && p[2] == '/'))
        initial = 2;
    slice *c;
    size_t k = components(a, p, n, &c), m = 0;
    for (size_t i = 0; i < k; i++) {
        if (!is_dotdot(c[i]) || (!initial && m == 0) || (m && is_dotdot(c[m - 1])))
            c[m++] = c[i];
        else if (m)
            m--;
    }
    strbuf b = STRBUF_INIT;
    for (int i = 0; i < initial; i++)
        strbuf_putc(&b, '/');
    for (size_t i = 0; i < m; i++) {
        if (i)
            strbuf_putc(&b, '/');
        strbuf_append(&b, c[i].p, c[i].n);
    }
    pv *r = b.len ? mk(a, kind, b.data, b.len) : mk(a, kind, ".", 1);
    strbuf_free(&b);
    return r;
}

pv *fs_path_normpath(arena *a, const pv *p)
{
    return normpath_raw(a, p->kind, p->s.p, p->s.len);
}

pv *fs_path_abspath(arena *a, const pv *p, const pv *cwd)
{
    if (fs_path_isabs(p))
        return fs_path_normpath(a, p);
    pv *rest[1] = {(pv *)p};
    return fs_path_normpath(a, fs_path_join(a, cwd, rest, 1));
}

static int slice_cmp(slice x, slice y)
{
    size_t n = x.n < y.n ? x.n : y.n;
    int c = memcmp(x.p, y.p, n);
    if (c)
        return c;
    return x.n < y.n ? -1 : x.n > y.n;
}

static bool slice_eq(slice x, slice y)
{
    return x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
}

int fs_path_relpath(arena *a, const pv *path, const pv *start, const pv *cwd, pv **out, py_err *e)
{
    if (path->s.len == 0)
        return py_raise(e, a, "ValueError", "no path specified");
    pv dot = {.kind = path->kind, .ascii = 1, .s = {".", 1, 1}};
    if (!start)
        start = &dot;
    pv *sa = fs_path_abspath(a, start, cwd), *pa = fs_path_abspath(a, path, cwd);
    slice *sl, *pl;
    /* pyref drops only '' parts (abspath of a relative cwd can be '.') */
    size_t ns = split_parts(a, sa->s.p, sa->s.len, &sl, false);
    size_t np = split_parts(a, pa->s.p, pa->s.len, &pl, false);
    size_t i = 0;
    while (i < ns && i < np && slice_eq(sl[i], pl[i]))
        i++;
    strbuf b = STRBUF_INIT;
    for (size_t k = i; k < ns; k++) {
        if (b.len)
            strbuf_putc(&b, '/');
        strbuf_append(&b, "..", 2);
    }
    for (size_t k = i; k < np; k++) {
        if (b.len && b.data[b.len - 1] != '/')
            strbuf_putc(&b, '/');
        strbuf_append(&b, pl[k].p, pl[k].n);
    }
    *out = b.len ? mk(a, path->kind, b.data, b.len) : mk(a, path->kind, ".", 1);
    strbuf_free(&b);
    return 0;
}

int fs_path_commonpath(arena *a, pv *const *paths, size_t n, pv **out, py_err *e)
{
    if (n == 0)
        return py_raise(e, a, "ValueError", "commonpath() arg is an empty sequence");
    bool abs0 = fs_path_isabs(paths[0]);
    for (size_t i = 1; i < n; i++)
        if (fs_path_isabs(paths[i]) != abs0)
            return py_raise(e, a, "ValueError", "Can't mix absolute and relative paths");
    slice **comps = arena_alloc(a, n * sizeof(slice *));
    size_t *nc = arena_alloc(a, n * sizeof *nc);
    for (size_t i = 0; i < n; i++)
        nc[i] = components(a, paths[i]->s.p, paths[i]->s.len, &comps[i]);
    /* min and max of the component lists, compared as Python compares lists of str */
    size_t lo = 0, hi = 0;
    for (size_t i = 1; i < n; i++) {
        int c = 0;
        size_t m = nc[i] < nc[lo] ? nc[i] : nc[lo];
        for (size_t k = 0; k < m && !c; k++)
            c = slice_cmp(comps[i][k], comps[lo][k]);
        if (!c)
            c = nc[i] < nc[lo] ? -1 : nc[i] > nc[lo];
        if (c < 0)
            lo = i;
        c = 0;
        m = nc[i] < nc[hi] ? nc[i] : nc[hi];
        for (size_t k = 0; k < m && !c; k++)
            c = slice_cmp(comps[i][k], comps[hi][k]);
        if (!c)
            c = nc[i] < nc[hi] ? -1 : nc[i] > nc[hi];
        if (c > 0)
            hi = i;
    }
    size_t common = nc[lo];
    for (size_t k = 0; k < nc[lo]; k++)
        if (!slice_eq(comps[lo][k], comps[hi][k])) {
            common = k;
            break;
        }
    strbuf b = STRBUF_INIT;
    if (abs0)
        strbuf_putc(&b, '/');
    for (size_t k = 0; k < common; k++) {
        if (k)
            strbuf_putc(&b, '/');
        strbuf_append(&b, comps[lo][k].p, comps[lo][k].n);
    }
    *out = mk(a, paths[0]->kind, b.data, b.len);
    strbuf_free(&b);
    return 0;
}

pv *fs_path_commonprefix(arena *a, pv *const *items, size_t n)
{
    if (n == 0)
        return pv_str(a, "", 0);
    size_t lo = 0, hi = 0;
    for (size_t i = 1; i < n; i++) {
        slice x = {items[i]->s.p, items[i]->s.len};
        if (slice_cmp(x, (slice){items[lo]->s.p, items[lo]->s.len}) < 0)
            lo = i;
        if (slice_cmp(x, (slice){items[hi]->s.p, items[hi]->s.len}) > 0)
            hi = i;
    }
    const char *s1 = items[lo]->s.p, *s2 = items[hi]->s.p;
    size_t n1 = items[lo]->s.len, n2 = items[hi]->s.len, i = 0;
    while (i < n1 && i < n2 && s1[i] == s2[i])
        i++;
    /* stored-str UTF-8 compares like code points; cut at a code-point boundary */
    if (i < n1 && items[lo]->kind == PV_STR)
        while (i > 0 && ((unsigned char)s1[i] & 0xC0) == 0x80)
            i--;
    return mk(a, items[lo]->kind, s1, i);
}
