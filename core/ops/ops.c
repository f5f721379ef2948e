/* Python object protocol on pv values: comparisons, truth, len, `in`,
 * subscription, iteration, concatenation (CPython 3.11 semantics). */
#include "ops/ops.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#include "base/budget.h"
#include "ops/ops_int.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- complex values */

pv *ops_complex_new(arena *a, double re, double im)
{
    ops_complex *c = arena_alloc(a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->base.kind = OPS_COMPLEX;
    c->re = re;
    c->im = im;
    return &c->base;
}

bool ops_has_complex(const pv *v)
{
    if (v->kind == OPS_COMPLEX)
        return true;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++)
            if (ops_has_complex(v->l.items[i]))
                return true;
    } else if (v->kind == PV_DICT) {
        for (size_t i = 0; i < v->d.len; i++)
            if (ops_has_complex(v->d.items[i].val))
                return true;
    }
    return false;
}

pv *ops_copy(arena *a, const pv *v)
{
    if (v->kind == OPS_COMPLEX) {
        const ops_complex *c = (const ops_complex *)v;
        return ops_complex_new(a, c->re, c->im);
    }
    if (v->kind == PV_LIST) {
        pv *l = pv_list(a, v->l.len);
        l->tuple = v->tuple;
        for (size_t i = 0; i < v->l.len; i++)
            l->l.items[i] = ops_copy(a, v->l.items[i]);
        l->l.len = v->l.len;
        return l;
    }
    if (v->kind == PV_DICT) {
        pv *d = pv_dict(a, v->d.len);
        for (size_t i = 0; i < v->d.len; i++)
            pv_dict_set(a, d, pv_copy(a, v->d.items[i].key), ops_copy(a, v->d.items[i].val));
        return d;
    }
    return pv_copy(a, v);
}

pv *ops_share_nans(pv *v, pv **shared)
{
    if (v->kind == PV_FLOAT && isnan(v->f)) {
        if (!*shared)
            *shared = v;
        return *shared;
    }
    if (v->kind == PV_LIST)
        for (size_t i = 0; i < v->l.len; i++)
            v->l.items[i] = ops_share_nans(v->l.items[i], shared);
    else if (v->kind == PV_DICT)
        for (size_t i = 0; i < v->d.len; i++)
            v->d.items[i].val = ops_share_nans(v->d.items[i].val, shared);
    return v;
}

const char *ops_type_name(const pv *v)
{
    if (v->kind == OPS_COMPLEX)
        return "complex";
    return pv_type_name(v);
}

/* ---------------------------------------------------------------- small helpers */

/* The one-character ASCII strs, shared and never modified (strs are
 * immutable): the 14 million characters a 14 MB str iterates to are then
 * 14 million pointers, not 14 million values. */
static pv ascii_chars[128];
static char ascii_text[128][2];
static pthread_once_t ascii_once = PTHREAD_ONCE_INIT;

static void ascii_init(void)
{
    for (int c = 0; c < 128; c++) {
        ascii_text[c][0] = (char)c;
        ascii_chars[c] = (pv){.kind = PV_STR, .ascii = 1, .s = {ascii_text[c], 1, 1}};
    }
}

pv *ops_str_from(ops_ctx *x, const char *p, size_t n)
{
    if (n == 1 && (unsigned char)p[0] < 0x80) {
        pthread_once(&ascii_once, ascii_init);
        return &ascii_chars[(unsigned char)p[0]];
    }
    return pv_str(x->a, p, n);
}

pv *ops_str_from_sb(ops_ctx *x, strbuf *sb)
{
    pv *r = pv_str(x->a, sb->data ? sb->data : "", sb->len);
    strbuf_clear(sb);
    return r;
}

bool ops_len_ok(const ops_ctx *x, size_t n)
{
    return n <= x->max_len;
}

/* ---------------------------------------------------------------- comparisons */

static bool is_real(const pv *v)
{
    return v->kind == PV_INT || v->kind == PV_BOOL || v->kind == PV_FLOAT;
}

/* Exact comparison of two real numbers: -1, 0, 1, or 2 when unordered (NaN). */
static int real_cmp(const pv *a, const pv *b)
{
    if (a->kind == PV_FLOAT && b->kind == PV_FLOAT) {
        if (isnan(a->f) || isnan(b->f))
            return 2;
        return (a->f > b->f) - (a->f < b->f);
    }
    if (a->kind == PV_FLOAT || b->kind == PV_FLOAT) {
        bool swap = b->kind == PV_FLOAT;
        const pv *i = swap ? a : b;
        double f = swap ? b->f : a->f;
        if (isnan(f))
            return 2;
        int c; /* cmp(f, i) */
        int64_t s;
        if (isinf(f)) {
            c = f > 0 ? 1 : -1;
        } else if (ops_int_small(i, &s) && s < ((int64_t)1 << 53) && s > -((int64_t)1 << 53)) {
            double d = (double)s;
            c = (f > d) - (f < d);
        } else {
            mpz_t z;
            ops_int_to_mpz(i, z);
            c = -mpz_cmp_d(z, f);
            c = (c > 0) - (c < 0);
            mpz_clear(z);
        }
        return swap ? -c : c;
    }
    int64_t x, y;
    if (ops_int_small(a, &x) && ops_int_small(b, &y))
        return (x > y) - (x < y);
    mpz_t za, zb;
    ops_int_to_mpz(a, za);
    ops_int_to_mpz(b, zb);
    int c = mpz_cmp(za, zb);
    mpz_clear(za);
    mpz_clear(zb);
    return (c > 0) - (c < 0);
}

static bool cmp_result(ops_cmpop op, int c)
{
    if (c == 2)
        return op == OPS_NE;
    switch (op) {
    case OPS_LT:
        return c < 0;
    case OPS_LE:
        return c <= 0;
    case OPS_EQ:
        return c == 0;
    case OPS_NE:
        return c != 0;
    case OPS_GT:
        return c > 0;
    case OPS_GE:
        return c >= 0;
    }
    return false;
}

static const char *cmp_symbol(ops_cmpop op)
{
    static const char *const s[] = {"<", "<=", "==", "!=", ">", ">="};
    return s[op];
}

static int not_supported(ops_ctx *x, ops_cmpop op, const pv *a, const pv *b)
{
    if (x)
        py_raise(x->err, x->a, "TypeError", "'%s' not supported between instances of '%s' and '%s'",
                 cmp_symbol(op), ops_type_name(a), ops_type_name(b));
    return -1;
}

static bool complex_eq(const pv *a, const pv *b)
{
    const ops_complex *c = (const ops_complex *)a;
    if (b->kind == OPS_COMPLEX) {
        const ops_complex *d = (const ops_complex *)b;
        return c->re == d->re && c->im == d->im;
    }
    if (c->im != 0.0)
        return false;
    pv tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.kind = PV_FLOAT;
    tmp.f = c->re;
    return real_cmp(&tmp, b) == 0;
}

static int dict_eq(const pv *a, const pv *b)
{
    if (a->d.len != b->d.len)
        return 0;
    for (size_t i = 0; i < a->d.len; i++) {
        const pv *k = a->d.items[i].key;
        const pv *o = pv_dict_get(b, k->s.p, k->s.len);
        if (!o || !ops_eq(a->d.items[i].val, o))
            return 0;
    }
    return 1;
}

int ops_compare(ops_ctx *x, ops_cmpop op, const pv *a, const pv *b)
{
    if (is_real(a) && is_real(b))
        return cmp_result(op, real_cmp(a, b));
    if (a->kind == OPS_COMPLEX || b->kind == OPS_COMPLEX) {
        if ((op == OPS_EQ || op == OPS_NE) && (is_real(a) || a->kind == OPS_COMPLEX) &&
            (is_real(b) || b->kind == OPS_COMPLEX)) {
            bool eq = a->kind == OPS_COMPLEX ? complex_eq(a, b) : complex_eq(b, a);
            return op == OPS_EQ ? eq : !eq;
        }
    } else if (a->kind == b->kind) {
        switch ((pv_kind)a->kind) {
        case PV_STR: {
            size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
            int c = memcmp(a->s.p, b->s.p, n);
            if (c == 0)
                c = (a->s.len > b->s.len) - (a->s.len < b->s.len);
            return cmp_result(op, (c > 0) - (c < 0));
        }
        case PV_LIST: {
            if (a->tuple != b->tuple)
                break;
            if ((op == OPS_EQ || op == OPS_NE) && a->l.len != b->l.len)
                return op == OPS_NE;
            size_t i, n = a->l.len < b->l.len ? a->l.len : b->l.len;
            for (i = 0; i < n; i++)
                if (!ops_eq(a->l.items[i], b->l.items[i]))
                    break;
            if (i >= n) {
                int c = (a->l.len > b->l.len) - (a->l.len < b->l.len);
                return cmp_result(op, c);
            }
            if (op == OPS_EQ)
                return 0;
            if (op == OPS_NE)
                return 1;
            return ops_compare(x, op, a->l.items[i], b->l.items[i]);
        }
        case PV_DICT:
            if (op == OPS_EQ || op == OPS_NE) {
                int eq = dict_eq(a, b);
                return op == OPS_EQ ? eq : !eq;
            }
            break;
        case PV_NONE:
            if (op == OPS_EQ || op == OPS_NE)
                return op == OPS_EQ;
            break;
        case PV_BYTES:
            if (op == OPS_EQ || op == OPS_NE) {
                bool eq = a->s.len == b->s.len && memcmp(a->s.p, b->s.p, a->s.len) == 0;
                return op == OPS_EQ ? eq : !eq;
            }
            break;
        default:
            break;
        }
    }
    if (op == OPS_EQ)
        return a == b;
    if (op == OPS_NE)
        return a != b;
    return not_supported(x, op, a, b);
}

bool ops_eq(const pv *a, const pv *b)
{
    if (a == b)
        return true;
    return ops_compare(NULL, OPS_EQ, a, b) == 1;
}

/* ---------------------------------------------------------------- protocol */

bool ops_truth(const pv *v)
{
    switch (v->kind) {
    case PV_NONE:
        return false;
    case PV_BOOL:
        return v->b;
    case PV_INT:
        return pv_int_sign(v) != 0;
    case PV_FLOAT:
        return v->f != 0.0;
    case PV_STR:
    case PV_BYTES:
        return v->s.len != 0;
    case PV_LIST:
        return v->l.len != 0;
    case PV_DICT:
        return v->d.len != 0;
    case OPS_COMPLEX: {
        const ops_complex *c = (const ops_complex *)v;
        return c->re != 0.0 || c->im != 0.0;
    }
    }
    return true;
}

long ops_len(ops_ctx *x, const pv *v)
{
    switch (v->kind) {
    case PV_STR:
        return (long)v->s.ncp;
    case PV_BYTES:
        return (long)v->s.len;
    case PV_LIST:
        return (long)v->l.len;
    case PV_DICT:
        return (long)v->d.len;
    default:
        py_raise(x->err, x->a, "TypeError", "object of type '%s' has no len()", ops_type_name(v));
        return -1;
    }
}

static bool hashable(const pv *v)
{
    return !(v->kind == PV_LIST && !v->tuple) && v->kind != PV_DICT;
}

/* Find a substring (bytes); returns byte offset or -1. */
static long find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
    if (nn == 0)
        return 0;
    if (nn > hn)
        return -1;
    const char *p = memmem(h, hn, n, nn);
    return p ? (long)(p - h) : -1;
}

int ops_contains(ops_ctx *x, const pv *c, const pv *item)
{
    switch (c->kind) {
    case PV_STR:
        if (item->kind != PV_STR) {
            py_raise(x->err, x->a, "TypeError", "'in <string>' requires string as left operand, not %s",
                     ops_type_name(item));
            return -1;
        }
        return find_bytes(c->s.p, c->s.len, item->s.p, item->s.len) >= 0;
    case PV_LIST:
        for (size_t i = 0; i < c->l.len; i++)
            if (ops_eq(c->l.items[i], item))
                return 1;
        return 0;
    case PV_DICT:
        if (!hashable(item)) {
            py_raise(x->err, x->a, "TypeError", "unhashable type: '%s'", ops_type_name(item));
            return -1;
        }
        return item->kind == PV_STR && pv_dict_get(c, item->s.p, item->s.len) != NULL;
    default:
        py_raise(x->err, x->a, "TypeError", "argument of type '%s' is not iterable", ops_type_name(c));
        return -1;
    }
}

/* A sequence index: 1 ok, 0 out of range (IndexError raised), -1 other error raised. */
static int seq_index(ops_ctx *x, const pv *key, size_t len, const char *what, size_t *out)
{
    int64_t i;
    if (!ops_int_small(key, &i)) {
        py_raise(x->err, x->a, "IndexError", "cannot fit 'int' into an index-sized integer");
        return 0;
    }
    if (i < 0)
        i += (int64_t)len;
    if (i < 0 || (uint64_t)i >= len) {
        py_raise(x->err, x->a, "IndexError", "%s index out of range", what);
        return 0;
    }
    *out = (size_t)i;
    return 1;
}

pv *ops_getitem(ops_ctx *x, const pv *obj, const pv *key)
{
    size_t i;
    switch (obj->kind) {
    case PV_LIST:
        if (!ops_is_intlike(key))
            return OPS_TYPE_ERR(x, "%s indices must be integers or slices, not %s",
                                obj->tuple ? "tuple" : "list", ops_type_name(key));
        if (seq_index(x, key, obj->l.len, obj->tuple ? "tuple" : "list", &i) <= 0)
            return NULL;
        return obj->l.items[i];
    case PV_STR: {
        if (!ops_is_intlike(key))
            return OPS_TYPE_ERR(x, "string indices must be integers, not '%s'", ops_type_name(key));
        if (seq_index(x, key, obj->s.ncp, "string", &i) <= 0)
            return NULL;
        size_t off = obj->ascii ? i : utf8_offset(obj->s.p, obj->s.len, i), end = off;
        utf8_next(obj->s.p, &end);
        return ops_str_from(x, obj->s.p + off, end - off);
    }
    case PV_DICT: {
        if (!hashable(key))
            return OPS_TYPE_ERR(x, "unhashable type: '%s'", ops_type_name(key));
        pv *v = key->kind == PV_STR ? pv_dict_get(obj, key->s.p, key->s.len) : NULL;
        if (!v) {
            strbuf sb = STRBUF_INIT;
            ops_repr_to(&sb, key);
            py_raise_msg(x->err, x->a, "KeyError", sb.data ? sb.data : "", sb.len);
            strbuf_free(&sb);
        }
        return v;
    }
    default:
        return OPS_TYPE_ERR(x, "'%s' object is not subscriptable", ops_type_name(obj));
    }
}

pv *ops_iter_list(ops_ctx *x, const pv *v)
{
    switch (v->kind) {
    case PV_LIST:
        return (pv *)v;
    case PV_STR: {
        pv *l = pv_list(x->a, v->s.ncp);
        for (size_t i = 0; i < v->s.len;) {
            if (budget_expired())
                return budget_error(x->err, x->a), (pv *)NULL;
            size_t j = i;
            utf8_next(v->s.p, &j);
            l->l.items[l->l.len++] = ops_str_from(x, v->s.p + i, j - i);
            i = j;
        }
        return l;
    }
    case PV_DICT: {
        pv *l = pv_list(x->a, v->d.len);
        for (size_t i = 0; i < v->d.len; i++)
            l->l.items[l->l.len++] = v->d.items[i].key;
        return l;
    }
    default:
        return OPS_TYPE_ERR(x, "'%s' object is not iterable", ops_type_name(v));
    }
}

/* --max-seq-len holds for a + b too (pyref has no guard for it: it would
 * build any length). */
static bool concat_fits(const ops_ctx *x, const pv *a, const pv *b)
{
    if (a->kind == PV_STR && b->kind == PV_STR)
        return a->s.ncp <= x->max_len && b->s.ncp <= x->max_len - a->s.ncp;
    if (a->kind == PV_LIST && b->kind == PV_LIST)
        return a->l.len <= x->max_len && b->l.len <= x->max_len - a->l.len;
    return true;
}

pv *ops_concat_as(ops_ctx *x, const pv *a, const pv *b, const char *what)
{
    if (!concat_fits(x, a, b))
        return OPS_LIMIT_ERR(x, "%s result too large", what);
    return ops_concat(x, a, b);
}

pv *ops_concat(ops_ctx *x, const pv *a, const pv *b)
{
    if (!concat_fits(x, a, b))
        return OPS_LIMIT_ERR(x, "concat result too large");
    if (a->kind == PV_STR) {
        if (b->kind != PV_STR)
            return OPS_TYPE_ERR(x, "can only concatenate str (not \"%s\") to str", ops_type_name(b));
        if (b->s.len == 0)
            return (pv *)a;
        if (a->s.len == 0)
            return (pv *)b;
        size_t n = a->s.len + b->s.len;
        char *p = arena_alloc(x->a, n + 1);
        memcpy(p, a->s.p, a->s.len);
        memcpy(p + a->s.len, b->s.p, b->s.len);
        return pv_str_take_n(x->a, p, n, a->s.ncp + b->s.ncp);
    }
    if (a->kind == PV_LIST) {
        const char *t = a->tuple ? "tuple" : "list";
        if (b->kind != PV_LIST || b->tuple != a->tuple)
            return OPS_TYPE_ERR(x, "can only concatenate %s (not \"%s\") to %s", t, ops_type_name(b), t);
        pv *l = pv_list(x->a, a->l.len + b->l.len);
        l->tuple = a->tuple;
        if (a->l.len)
            memcpy(l->l.items, a->l.items, a->l.len * sizeof(pv *));
        if (b->l.len)
            memcpy(l->l.items + a->l.len, b->l.items, b->l.len * sizeof(pv *));
        l->l.len = a->l.len + b->l.len;
        return l;
    }
    return OPS_TYPE_ERR(x, "'%s' object can't be concatenated", ops_type_name(a));
}

/* ---------------------------------------------------------------- argument conversion */

int ops_as_ssize(ops_ctx *x, const pv *v, long *out)
{
    if (!ops_is_intlike(v)) {
        py_raise(x->err, x->a, "TypeError", "'%s' object cannot be interpreted as an integer",
                 ops_type_name(v));
        return -1;
    }
    int64_t i;
    if (!ops_int_small(v, &i)) {
        py_raise(x->err, x->a, "OverflowError", "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (long)i;
    return 0;
}

int ops_as_double(ops_ctx *x, const pv *v, double *out)
{
    if (!is_real(v)) {
        py_raise(x->err, x->a, "TypeError", "must be real number, not %s", ops_type_name(v));
        return -1;
    }
    return ops_num_to_double(x, v, out);
}
