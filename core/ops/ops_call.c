/* The callable vocabulary of API.md (operator.*, builtins.*, str.*, math.*
 * and functools.partial of them): resolution, pyref's size guards, and each
 * function's CPython 3.11 calling convention and messages. */
#include <string.h>

#include "ops/ops_math.h"
#include "ops/ops_args.h"
#include "ops/ops_str.h"
#include "text/utf8.h"

typedef pv *(*bfn)(pyx *x, pv *const *a, size_t n, const pv *kw);

typedef struct fdef {
    const char *name;
    bfn fn;
    guard_kind guard;
} fdef;

struct pyx_func {
    const fdef *def;
    pv **pargs;
    size_t npargs;
    const pv *kw; /* dict with at least one key, or NULL */
};

/* ---------------------------------------------------------------- operator */

#define OP2(fname, expr)                                                                                     \
    static pv *op_##fname(pyx *x, pv *const *a, size_t n, const pv *kw)                                      \
    {                                                                                                        \
        if (arg_nokw(x, kw, "_operator." #fname "()") || arg_positional(x, #fname, n, 2, 2))                 \
            return NULL;                                                                                     \
        return expr;                                                                                         \
    }
#define OPBIN(fname, op) OP2(fname, pyx_binary(x, op, a[0], a[1]))

OPBIN(add, PYX_ADD)
OPBIN(sub, PYX_SUB)
OPBIN(mul, PYX_MUL)
OPBIN(truediv, PYX_TRUEDIV)
OPBIN(floordiv, PYX_FLOORDIV)
OPBIN(mod, PYX_MOD)
OPBIN(pow, PYX_POW)
OPBIN(and_, PYX_AND)
OPBIN(or_, PYX_OR)
OPBIN(xor, PYX_XOR)
OPBIN(lshift, PYX_LSHIFT)
OPBIN(rshift, PYX_RSHIFT)
OP2(concat, pyx_concat(x, a[0], a[1]))
OP2(getitem, pyx_getitem(x, a[0], a[1]))

static pv *cmp_result(int r)
{
    return r < 0 ? NULL : pv_bool(r);
}
OP2(eq, cmp_result(pyx_compare(x, PYX_EQ, a[0], a[1])))
OP2(ne, cmp_result(pyx_compare(x, PYX_NE, a[0], a[1])))
OP2(lt, cmp_result(pyx_compare(x, PYX_LT, a[0], a[1])))
OP2(le, cmp_result(pyx_compare(x, PYX_LE, a[0], a[1])))
OP2(gt, cmp_result(pyx_compare(x, PYX_GT, a[0], a[1])))
OP2(ge, cmp_result(pyx_compare(x, PYX_GE, a[0], a[1])))
OP2(contains, cmp_result(pyx_contains(x, a[0], a[1])))

/* METH_O functions: funcstr is what _PyObject_FunctionStr prints */
#define FN1(cname, funcstr, expr)                                                                            \
    static pv *cname(pyx *x, pv *const *a, size_t n, const pv *kw)                                           \
    {                                                                                                        \
        if (arg_nokw(x, kw, funcstr) || arg_one(x, n, funcstr))                                              \
            return NULL;                                                                                     \
        return expr;                                                                                         \
    }

FN1(op_neg, "_operator.neg()", pyx_neg(x, a[0]))
FN1(op_pos, "_operator.pos()", pyx_pos(x, a[0]))
FN1(op_abs, "_operator.abs()", pyx_abs(x, a[0]))
FN1(op_not_, "_operator.not_()", pv_bool(!pyx_truth(a[0])))
FN1(op_truth, "_operator.truth()", pv_bool(pyx_truth(a[0])))

/* ---------------------------------------------------------------- builtins */

static pv *len_of(pyx *x, const pv *v)
{
    long n = pyx_len(x, v);
    return n < 0 ? NULL : pv_int(x->a, n);
}

static pv *ord_of(pyx *x, const pv *v)
{
    if (v->kind != PV_STR)
        return TYPE_ERR(x, "ord() expected string of length 1, but %s found", pyx_type_name(v));
    if (v->s.ncp != 1)
        return TYPE_ERR(x, "ord() expected a character, but string of length %zu found", v->s.ncp);
    size_t i = 0;
    return pv_int(x->a, (int64_t)utf8_next(v->s.p, &i));
}

static pv *chr_of(pyx *x, const pv *v)
{
    int i;
    if (arg_c_int(x, v, &i))
        return NULL;
    if (i < 0 || i > 0x10FFFF)
        return VALUE_ERR(x, "chr() arg not in range(0x110000)");
    char b[4];
    int k = utf8_put((uint32_t)i, b);
    return pv_str_take_n(x->a, arena_strndup(x->a, b, (size_t)k), (size_t)k, 1);
}

FN1(bi_abs, "abs()", pyx_abs(x, a[0]))
FN1(bi_len, "len()", len_of(x, a[0]))
FN1(bi_repr, "repr()", pyx_repr(x, a[0]))
FN1(bi_ord, "ord()", ord_of(x, a[0]))
FN1(bi_chr, "chr()", chr_of(x, a[0]))
FN1(bi_hex, "hex()", pyx_int_format(x, a[0], 16))
FN1(bi_oct, "oct()", pyx_int_format(x, a[0], 8))
FN1(bi_bin, "bin()", pyx_int_format(x, a[0], 2))

/* PyUnicode_AsUTF8AndSize of a str with lone surrogates: UnicodeEncodeError. */
static bool utf8_surrogates(pyx *x, const pv *s)
{
    size_t i = 0, cp = 0, start = 0, end = 0;
    bool in = false;
    uint32_t first = 0;
    while (i < s->s.len) {
        uint32_t c = utf8_next(s->s.p, &i);
        bool sur = c >= 0xD800 && c <= 0xDFFF;
        if (sur && !in && end == 0) {
            in = true;
            start = cp;
            first = c;
        }
        if (!sur && in) {
            in = false;
            end = cp;
        }
        cp++;
    }
    if (in)
        end = cp;
    if (end == 0)
        return false;
    if (end - start == 1)
        py_raise(x->err, x->a, "UnicodeEncodeError",
                 "'utf-8' codec can't encode character '\\u%04x' in position %zu: surrogates not allowed",
                 first, start);
    else
        py_raise(x->err, x->a, "UnicodeEncodeError",
                 "'utf-8' codec can't encode characters in position %zu-%zu: surrogates not allowed", start,
                 end - 1);
    py_err_extra(x->err, x->a, "encoding", pv_cstr(x->a, "utf-8"));
    py_err_extra(x->err, x->a, "start", pv_int(x->a, (int64_t)start));
    py_err_extra(x->err, x->a, "end", pv_int(x->a, (int64_t)end));
    py_err_extra(x->err, x->a, "reason", pv_cstr(x->a, "surrogates not allowed"));
    return true;
}

static pv *bi_str(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"object", "encoding", "errors", NULL};
    static const kwparser p = {"str", names, 0, 0, 3};
    pv *b[3];
    if (arg_unpack(x, &p, a, n, kw, b))
        return NULL;
    for (int i = 1; i < 3; i++) {
        if (b[i] && b[i]->kind != PV_STR)
            return TYPE_ERR(x, "str() argument '%s' must be str, not %s", names[i],
                            b[i]->kind == PV_NONE ? "None" : pyx_type_name(b[i]));
        if (b[i] && utf8_surrogates(x, b[i]))
            return NULL;
        if (b[i] && strlen(b[i]->s.p) != b[i]->s.len)
            return VALUE_ERR(x, "embedded null character");
    }
    if (!b[0])
        return pv_str(x->a, "", 0);
    if (!b[1] && !b[2])
        return pyx_str(x, b[0]);
    if (b[0]->kind == PV_STR)
        return TYPE_ERR(x, "decoding str is not supported");
    return TYPE_ERR(x, "decoding to str: need a bytes-like object, %s found", pyx_type_name(b[0]));
}

static pv *bi_int(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"base", NULL};
    static const kwparser p = {"int", names, 1, 0, 2};
    pv *b[2];
    if (arg_unpack(x, &p, a, n, kw, b))
        return NULL;
    if (!b[0]) {
        if (b[1])
            return TYPE_ERR(x, "int() missing string argument");
        return pv_int(x->a, 0);
    }
    return pyx_int(x, b[0], b[1]);
}

static pv *bi_float(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_nokw(x, kw, "float()") || arg_positional(x, "float", n, 0, 1))
        return NULL;
    return n ? pyx_float(x, a[0]) : pv_float(x->a, 0.0);
}

static pv *bi_bool(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_nokw(x, kw, "bool()") || arg_positional(x, "bool", n, 0, 1))
        return NULL;
    return pv_bool(n && pyx_truth(a[0]));
}

static pv *bi_round(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"number", "ndigits", NULL};
    static const kwparser p = {"round", names, 0, 1, 2};
    pv *b[2];
    if (arg_unpack(x, &p, a, n, kw, b))
        return NULL;
    return pyx_round(x, b[0], b[1]);
}

static pv *not_callable(pyx *x, const pv *f)
{
    return TYPE_ERR(x, "'%s' object is not callable", pyx_type_name(f));
}

static pv *min_max(pyx *x, pv *const *a, size_t n, const pv *kw, bool is_min)
{
    const char *name = is_min ? "min" : "max";
    bool positional = n > 1;
    if (n == 0)
        return TYPE_ERR(x, "%s expected at least 1 argument, got 0", name);
    static const char *const names[] = {"key", "default", NULL};
    kwparser p = {name, names, 0, 0, 0};
    pv *b[2];
    if (arg_unpack(x, &p, NULL, 0, kw, b))
        return NULL;
    const pv *key = b[0] && b[0]->kind != PV_NONE ? b[0] : NULL, *dflt = b[1];
    if (positional && dflt)
        return TYPE_ERR(x, "Cannot specify a default for %s() with multiple positional arguments", name);
    pv *const *items;
    size_t count;
    if (positional) {
        items = a;
        count = n;
    } else {
        pv *l = pyx_iter_list(x, a[0]);
        if (!l)
            return NULL;
        items = l->l.items;
        count = l->l.len;
    }
    pv *best = NULL;
    for (size_t i = 0; i < count; i++) {
        if (key)
            return not_callable(x, key);
        if (!best) {
            best = items[i];
            continue;
        }
        int c = pyx_compare(x, is_min ? PYX_LT : PYX_GT, items[i], best);
        if (c < 0)
            return NULL;
        if (c)
            best = items[i];
    }
    if (!best) {
        if (dflt)
            return (pv *)dflt;
        return VALUE_ERR(x, "%s() arg is an empty sequence", name);
    }
    return best;
}

static pv *bi_min(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    return min_max(x, a, n, kw, true);
}
static pv *bi_max(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    return min_max(x, a, n, kw, false);
}

static pv *bi_sum(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"start", NULL};
    static const kwparser p = {"sum", names, 1, 1, 2};
    pv *b[2];
    if (arg_unpack(x, &p, a, n, kw, b))
        return NULL;
    pv *items = pyx_iter_list(x, b[0]);
    if (!items)
        return NULL;
    pv *result = b[1] ? b[1] : pv_int(x->a, 0);
    if (result->kind == PV_STR)
        return TYPE_ERR(x, "sum() can't sum strings [use ''.join(seq) instead]");
    if (result->kind == PV_BYTES)
        return TYPE_ERR(x, "sum() can't sum bytes [use b''.join(seq) instead]");
    bool owned = false; /* result is a list this loop made: extend it in place */
    for (size_t i = 0; i < items->l.len; i++) {
        pv *it = items->l.items[i];
        if (owned && result->kind == PV_LIST && it->kind == PV_LIST && !it->tuple) {
            for (size_t j = 0; j < it->l.len; j++)
                pv_list_push(x->a, result, it->l.items[j]);
            continue;
        }
        result = pyx_binary(x, PYX_ADD, result, it);
        if (!result)
            return NULL;
        owned = result->kind == PV_LIST;
    }
    return result;
}

static pv *bi_sorted(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_positional(x, "sorted", n, 1, 1))
        return NULL;
    pv *src = pyx_iter_list(x, a[0]);
    if (!src)
        return NULL;
    static const char *const names[] = {"key", "reverse", NULL};
    static const kwparser p = {"sort", names, 0, 0, 0};
    pv *b[2];
    if (arg_unpack(x, &p, NULL, 0, kw, b))
        return NULL;
    int reverse = 0;
    if (b[1] && arg_c_int(x, b[1], &reverse))
        return NULL;
    pv *l = pv_list(x->a, src->l.len);
    if (src->l.len)
        memcpy(l->l.items, src->l.items, src->l.len * sizeof(pv *));
    l->l.len = src->l.len;
    if (b[0] && b[0]->kind != PV_NONE && l->l.len)
        return not_callable(x, b[0]);
    if (pyx_sort(x, l->l.items, l->l.len, reverse != 0) < 0)
        return NULL;
    return l;
}

/* ---------------------------------------------------------------- str methods */

#define STR0(mname, fn)                                                                                      \
    static pv *str_##mname(pyx *x, pv *const *a, size_t n, const pv *kw)                                     \
    {                                                                                                        \
        if (arg_method(x, #mname, a, n, kw, true))                                                           \
            return NULL;                                                                                     \
        if (n != 1)                                                                                          \
            return TYPE_ERR(x, "str." #mname "() takes no arguments (%zu given)", n - 1);                    \
        return fn(x, a[0]);                                                                                  \
    }
STR0(upper, pys_upper)
STR0(lower, pys_lower)
STR0(title, pys_title)
STR0(capitalize, pys_capitalize)
STR0(casefold, pys_casefold)
STR0(swapcase, pys_swapcase)

#define STRIP(mname, side)                                                                                   \
    static pv *str_##mname(pyx *x, pv *const *a, size_t n, const pv *kw)                                     \
    {                                                                                                        \
        if (arg_method(x, #mname, a, n, kw, true) || arg_positional(x, #mname, n - 1, 0, 1))                 \
            return NULL;                                                                                     \
        return pys_strip(x, a[0], n > 1 ? a[1] : NULL, side, #mname);                                        \
    }
STRIP(strip, PYS_BOTH)
STRIP(lstrip, PYS_LEFT)
STRIP(rstrip, PYS_RIGHT)

static pv *str_split(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    static const kwparser p = {"split", names, 0, 0, 2};
    pv *b[2];
    if (arg_method(x, "split", a, n, kw, false) || arg_unpack(x, &p, a + 1, n - 1, kw, b))
        return NULL;
    long maxsplit = -1;
    if (b[1] && pyx_as_ssize(x, b[1], &maxsplit) < 0)
        return NULL;
    return pys_split(x, a[0], b[0], maxsplit);
}

static pv *str_join(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_method(x, "join", a, n, kw, true))
        return NULL;
    if (n != 2)
        return TYPE_ERR(x, "str.join() takes exactly one argument (%zu given)", n - 1);
    return pys_join(x, a[0], a[1]);
}

static pv *str_replace(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_method(x, "replace", a, n, kw, true) || arg_positional(x, "replace", n - 1, 2, 3))
        return NULL;
    for (int i = 1; i <= 2; i++)
        if (a[i]->kind != PV_STR)
            return TYPE_ERR(x, "replace() argument %d must be str, not %s", i, pyx_type_name(a[i]));
    long count = -1;
    if (n > 3 && pyx_as_ssize(x, a[3], &count) < 0)
        return NULL;
    return pys_replace(x, a[0], a[1], a[2], count);
}

/* startswith/endswith/find/count: PyArg_ParseTuple "O|OO:name" + slice indices */
static bool finds_args(pyx *x, const char *name, pv *const *a, size_t n, const pv *kw, long *start, long *end)
{
    if (arg_method(x, name, a, n, kw, true) || arg_tuple(x, name, n - 1, 1, 3))
        return true;
    *start = 0;
    *end = LONG_MAX;
    return (n > 2 && arg_slice_index(x, a[2], start)) || (n > 3 && arg_slice_index(x, a[3], end));
}

static pv *str_startswith(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "startswith", a, n, kw, &s, &e)
               ? NULL
               : pys_tailmatch(x, a[0], a[1], s, e, false, "startswith");
}
static pv *str_endswith(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "endswith", a, n, kw, &s, &e) ? NULL
                                                       : pys_tailmatch(x, a[0], a[1], s, e, true, "endswith");
}
static pv *str_find(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "find", a, n, kw, &s, &e) ? NULL : pys_find(x, a[0], a[1], s, e);
}
static pv *str_count(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "count", a, n, kw, &s, &e) ? NULL : pys_count(x, a[0], a[1], s, e);
}

static pv *str_zfill(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_method(x, "zfill", a, n, kw, true))
        return NULL;
    if (n != 2)
        return TYPE_ERR(x, "str.zfill() takes exactly one argument (%zu given)", n - 1);
    long w;
    if (pyx_as_ssize(x, a[1], &w) < 0)
        return NULL;
    return pys_zfill(x, a[0], w);
}

/* ---------------------------------------------------------------- math */

FN1(m_sqrt, "math.sqrt()", pym_unary(x, PYM_SQRT, a[0]))
FN1(m_fabs, "math.fabs()", pym_unary(x, PYM_FABS, a[0]))
FN1(m_exp, "math.exp()", pym_unary(x, PYM_EXP, a[0]))
FN1(m_sin, "math.sin()", pym_unary(x, PYM_SIN, a[0]))
FN1(m_cos, "math.cos()", pym_unary(x, PYM_COS, a[0]))
FN1(m_tan, "math.tan()", pym_unary(x, PYM_TAN, a[0]))
FN1(m_floor, "math.floor()", pym_floor(x, a[0]))
FN1(m_ceil, "math.ceil()", pym_ceil(x, a[0]))
FN1(m_log2, "math.log2()", pym_log2(x, a[0]))
FN1(m_log10, "math.log10()", pym_log10(x, a[0]))
FN1(m_factorial, "math.factorial()", pym_factorial(x, a[0]))
FN1(m_isqrt, "math.isqrt()", pym_isqrt(x, a[0]))

static pv *m_gcd(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    return arg_nokw(x, kw, "math.gcd()") ? NULL : pym_gcd(x, a, n);
}
static pv *m_lcm(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    return arg_nokw(x, kw, "math.lcm()") ? NULL : pym_lcm(x, a, n);
}
static pv *m_log(pyx *x, pv *const *a, size_t n, const pv *kw)
{
    if (arg_nokw(x, kw, "log()"))
        return NULL;
    if (n < 1 || n > 2)
        return TYPE_ERR(x, "math.log requires 1 to 2 arguments");
    return pym_log(x, a[0], n > 1 ? a[1] : NULL);
}

/* ---------------------------------------------------------------- the table */

static const fdef FUNCS[] = {
    {"operator.add", op_add, G_NONE},
    {"operator.sub", op_sub, G_NONE},
    {"operator.mul", op_mul, G_MUL},
    {"operator.truediv", op_truediv, G_NONE},
    {"operator.floordiv", op_floordiv, G_NONE},
    {"operator.mod", op_mod, G_NONE},
    {"operator.pow", op_pow, G_POW},
    {"operator.neg", op_neg, G_NONE},
    {"operator.pos", op_pos, G_NONE},
    {"operator.abs", op_abs, G_NONE},
    {"operator.and_", op_and_, G_NONE},
    {"operator.or_", op_or_, G_NONE},
    {"operator.xor", op_xor, G_NONE},
    {"operator.lshift", op_lshift, G_LSHIFT},
    {"operator.rshift", op_rshift, G_NONE},
    {"operator.concat", op_concat, G_NONE},
    {"operator.eq", op_eq, G_NONE},
    {"operator.ne", op_ne, G_NONE},
    {"operator.lt", op_lt, G_NONE},
    {"operator.le", op_le, G_NONE},
    {"operator.gt", op_gt, G_NONE},
    {"operator.ge", op_ge, G_NONE},
    {"operator.not_", op_not_, G_NONE},
    {"operator.truth", op_truth, G_NONE},
    {"operator.contains", op_contains, G_NONE},
    {"operator.getitem", op_getitem, G_NONE},
    {"builtins.abs", bi_abs, G_NONE},
    {"builtins.len", bi_len, G_NONE},
    {"builtins.str", bi_str, G_NONE},
    {"builtins.int", bi_int, G_NONE},
    {"builtins.float", bi_float, G_NONE},
    {"builtins.bool", bi_bool, G_NONE},
    {"builtins.repr", bi_repr, G_NONE},
    {"builtins.ord", bi_ord, G_NONE},
    {"builtins.chr", bi_chr, G_NONE},
    {"builtins.hex", bi_hex, G_NONE},
    {"builtins.bin", bi_bin, G_NONE},
    {"builtins.oct", bi_oct, G_NONE},
    {"builtins.round", bi_round, G_ROUND},
    {"builtins.min", bi_min, G_NONE},
    {"builtins.max", bi_max, G_NONE},
    {"builtins.sum", bi_sum, G_NONE},
    {"builtins.sorted", bi_sorted, G_NONE},
    {"str.upper", str_upper, G_NONE},
    {"str.lower", str_lower, G_NONE},
    {"str.strip", str_strip, G_NONE},
    {"str.lstrip", str_lstrip, G_NONE},
    {"str.rstrip", str_rstrip, G_NONE},
    {"str.title", str_title, G_NONE},
    {"str.capitalize", str_capitalize, G_NONE},
    {"str.casefold", str_casefold, G_NONE},
    {"str.swapcase", str_swapcase, G_NONE},
    {"str.split", str_split, G_NONE},
    {"str.join", str_join, G_JOIN},
    {"str.replace", str_replace, G_REPLACE},
    {"str.startswith", str_startswith, G_NONE},
    {"str.endswith", str_endswith, G_NONE},
    {"str.find", str_find, G_NONE},
    {"str.count", str_count, G_NONE},
    {"str.zfill", str_zfill, G_ZFILL},
    {"math.sqrt", m_sqrt, G_NONE},
    {"math.floor", m_floor, G_NONE},
    {"math.ceil", m_ceil, G_NONE},
    {"math.gcd", m_gcd, G_NONE},
    {"math.lcm", m_lcm, G_NONE},
    {"math.factorial", m_factorial, G_FACTORIAL},
    {"math.isqrt", m_isqrt, G_NONE},
    {"math.fabs", m_fabs, G_NONE},
    {"math.exp", m_exp, G_NONE},
    {"math.log", m_log, G_NONE},
    {"math.log2", m_log2, G_NONE},
    {"math.log10", m_log10, G_NONE},
    {"math.sin", m_sin, G_NONE},
    {"math.cos", m_cos, G_NONE},
    {"math.tan", m_tan, G_NONE},
    {NULL, NULL, G_NONE},
};

/* ---------------------------------------------------------------- resolve & call */

static const fdef *lookup(const pv *name)
{
    if (!name || name->kind != PV_STR || strlen(name->s.p) != name->s.len)
        return NULL;
    for (const fdef *d = FUNCS; d->name; d++)
        if (strcmp(d->name, name->s.p) == 0)
            return d;
    return NULL;
}

static const pyx_func *bad_name(pyx *x, const pv *name)
{
    strbuf sb = STRBUF_INIT;
    pyx_repr_to(&sb, name);
    py_bad_request(x->err, x->a, "unknown function %s", sb.data ? sb.data : "");
    strbuf_free(&sb);
    return NULL;
}

const pyx_func *pyx_func_resolve(pyx *x, const pv *spec)
{
    pyx_func *f = arena_calloc(x->a, 1, sizeof *f);
    if (spec->kind == PV_STR) {
        if (!(f->def = lookup(spec)))
            return bad_name(x, spec);
        return f;
    }
    if (spec->kind == PV_DICT && pv_dict_getc(spec, "partial")) {
        for (size_t i = 0; i < spec->d.len; i++) {
            const char *k = spec->d.items[i].key->s.p;
            if (strcmp(k, "partial") != 0 && strcmp(k, "args") != 0 && strcmp(k, "keywords") != 0) {
                py_bad_request(x->err, x->a,
                               "a partial is {\"partial\": name, \"args\": [...], \"keywords\": {...}}");
                return NULL;
            }
        }
        const pv *args = pv_dict_getc(spec, "args"), *kw = pv_dict_getc(spec, "keywords");
        if ((args && (args->kind != PV_LIST || args->tuple)) || (kw && kw->kind != PV_DICT)) {
            py_bad_request(x->err, x->a, "a partial's 'args' must be a list and its 'keywords' an object");
            return NULL;
        }
        const pv *name = pv_dict_getc(spec, "partial");
        if (!(f->def = lookup(name)))
            return bad_name(x, name);
        if (args) {
            f->pargs = args->l.items;
            f->npargs = args->l.len;
        }
        if (kw && kw->d.len)
            f->kw = kw;
        return f;
    }
    py_bad_request(x->err, x->a, "argument 'function' must be a function name or a partial object");
    return NULL;
}

pv *pyx_call(pyx *x, const pyx_func *f, pv *const *args, size_t nargs)
{
    pv *const *all = args;
    size_t n = nargs;
    if (f->npargs) {
        pv **v = arena_alloc(x->a, (f->npargs + nargs + 1) * sizeof(pv *));
        memcpy(v, f->pargs, f->npargs * sizeof(pv *));
        if (nargs)
            memcpy(v + f->npargs, args, nargs * sizeof(pv *));
        all = v;
        n = f->npargs + nargs;
    }
    if (f->def->guard != G_NONE && pyx_guard(x, f->def->guard, all, n, f->kw))
        return NULL;
    return f->def->fn(x, all, n, f->kw);
}

const char *pyx_func_name(const pyx_func *f)
{
    return f->def->name;
}
bool pyx_func_plain(const pyx_func *f)
{
    return f->npargs == 0 && !f->kw;
}
