/* pyref's size guards (shared/pyref/modules/py_functools.py): they look at
 * a call's arguments before the function runs and only ever raise
 * ResourceLimitError "<what> result too large"; a call they can't bind (a
 * parameter given by position and by name) goes to the function as is. */
#include <string.h>

#include "ops/ops_int.h"

/* ---------------------------------------------------------------- pyref's guards */

/* Bind args/kw to the guard's parameters as Python binds `def g(p0=None,
 * p1=None, ..., *rest, **kw)`; false when Python would raise TypeError
 * (a parameter given by position and by name): the guard is then skipped. */
static bool guard_bind(pv *const *a, size_t n, const pv *kw, const char *const *names, int np, const pv **out)
{
    for (int i = 0; i < np; i++)
        out[i] = (size_t)i < n ? a[i] : NULL;
    for (size_t j = 0; kw && j < kw->d.len; j++)
        for (int i = 0; i < np; i++)
            if (strcmp(kw->d.items[j].key->s.p, names[i]) == 0) {
                if ((size_t)i < n)
                    return false;
                out[i] = kw->d.items[j].val;
            }
    return true;
}

static bool is_int(const pv *v)
{
    return v && ops_is_intlike(v);
}
static bool is_str(const pv *v)
{
    return v && v->kind == PV_STR;
}
static int64_t cmp_si(const pv *v, int64_t c)
{
    int64_t s;
    if (ops_int_small(v, &s))
        return (s > c) - (s < c);
    return ops_int_sign(v);
}

static bool tripped(ops_ctx *x, const char *what)
{
    py_limit(x->err, x->a, "%s result too large", what);
    return true;
}

bool ops_guard(ops_ctx *x, ops_guard_kind g, pv *const *a, size_t n, const pv *kw)
{
    const pv *p[4];
    uint64_t maxbits = x->max_int_bits, maxlen = x->max_len;
    switch (g) {
    case OPS_G_POW: {
        static const char *const nm[] = {"a", "b"};
        if (!guard_bind(a, n, kw, nm, 2, p) || !is_int(p[0]) || !is_int(p[1]) || cmp_si(p[1], 0) <= 0)
            return false;
        size_t abits = ops_int_bit_length(p[0]);
        if (abits < 2) /* abs(a) <= 1 */
            return false;
        int64_t b;
        if (!ops_int_small(p[1], &b) || (uint64_t)b > maxbits || (abits - 1) * (uint64_t)b > maxbits)
            return tripped(x, "pow");
        return false;
    }
    case OPS_G_LSHIFT: {
        static const char *const nm[] = {"a", "b"};
        if (guard_bind(a, n, kw, nm, 2, p) && is_int(p[0]) && is_int(p[1]) && ops_int_sign(p[0]) != 0 &&
            cmp_si(p[1], (int64_t)maxbits) > 0)
            return tripped(x, "lshift");
        return false;
    }
    case OPS_G_MUL: {
        static const char *const nm[] = {"a", "b"};
        if (!guard_bind(a, n, kw, nm, 2, p))
            return false;
        if (is_int(p[0]) && is_int(p[1]) && ops_int_bit_length(p[0]) + ops_int_bit_length(p[1]) > maxbits + 1)
            return tripped(x, "mul");
        for (int k = 0; k < 2; k++) {
            const pv *s = p[k], *m = p[1 - k];
            if (s && (s->kind == PV_STR || (s->kind == PV_LIST && !s->tuple)) && is_int(m) &&
                cmp_si(m, 0) > 0) {
                size_t len = s->kind == PV_STR ? s->s.ncp : s->l.len;
                int64_t k2;
                if (len &&
                    (!ops_int_small(m, &k2) || (uint64_t)k2 > maxlen / len || len * (uint64_t)k2 > maxlen))
                    return tripped(x, "mul");
            }
        }
        return false;
    }
    case OPS_G_FACTORIAL: {
        static const char *const nm[] = {"n"};
        if (guard_bind(a, n, kw, nm, 1, p) && is_int(p[0]) && cmp_si(p[0], 50000) > 0)
            return tripped(x, "factorial");
        return false;
    }
    case OPS_G_ZFILL: {
        static const char *const nm[] = {"s", "width"};
        if (guard_bind(a, n, kw, nm, 2, p) && is_str(p[0]) && is_int(p[1]) &&
            cmp_si(p[1], (int64_t)maxlen) > 0)
            return tripped(x, "zfill");
        return false;
    }
    case OPS_G_REPLACE: {
        static const char *const nm[] = {"s", "old", "new", "count"};
        if (!guard_bind(a, n, kw, nm, 4, p) || !is_str(p[0]) || !is_str(p[1]) || !is_str(p[2]))
            return false;
        const pv *s = p[0], *old = p[1], *rep = p[2];
        uint64_t cnt;
        if (old->s.len == 0) {
            cnt = s->s.ncp + 1;
        } else {
            cnt = 0;
            for (const char *q = s->s.p, *e = s->s.p + s->s.len;
                 (size_t)(e - q) >= old->s.len && (q = memmem(q, (size_t)(e - q), old->s.p, old->s.len));
                 q += old->s.len)
                cnt++;
        }
        if (p[3] && is_int(p[3]) && cmp_si(p[3], 0) >= 0) {
            int64_t c;
            if (ops_int_small(p[3], &c) && (uint64_t)c < cnt)
                cnt = (uint64_t)c;
        }
        if (s->s.ncp > maxlen || (rep->s.ncp && cnt > (maxlen - s->s.ncp) / rep->s.ncp))
            return tripped(x, "replace");
        return false;
    }
    case OPS_G_JOIN: {
        static const char *const nm[] = {"sep", "items"};
        if (!guard_bind(a, n, kw, nm, 2, p) || !is_str(p[0]) || !p[1])
            return false;
        size_t len;
        if (p[1]->kind == PV_STR)
            len = p[1]->s.ncp;
        else if (p[1]->kind == PV_LIST && !p[1]->tuple)
            len = p[1]->l.len;
        else
            return false;
        if (len > 1 && p[0]->s.ncp && (len - 1) > maxlen / p[0]->s.ncp)
            return tripped(x, "join");
        return false;
    }
    case OPS_G_ROUND: {
        static const char *const nm[] = {"x", "ndigits"};
        if (guard_bind(a, n, kw, nm, 2, p) && is_int(p[0]) && is_int(p[1]) &&
            cmp_si(p[1], -(int64_t)(maxbits / 3)) < 0)
            return tripped(x, "round");
        return false;
    }
    case OPS_G_NONE:
        return false;
    }
    return false;
}
