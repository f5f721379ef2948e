/* The callable vocabulary of API.md (operator.*, builtins.*, str.*, math.*
 * and functools.partial of them): resolution, pyref's size guards, and each
 * function's CPython 3.11 calling convention and messages. */
#include <string.h>

#include "ops/ops_args.h"
#include "ops/ops_math.h"
#include "ops/ops_str.h"
#include "text/utf8.h"

typedef pv *(*bfn)(ops_ctx *x, pv *const *a, size_t n, const pv *kw);

typedef struct fdef {
    const char *name;
    bfn fn;
    ops_guard_kind guard;
} fdef;

struct ops_func {
    const fdef *def;
    pv **pargs;
    size_t npargs;
    const pv *kw; /* dict with at least one key, or NULL */
};

/* ---------------------------------------------------------------- operator */

#define OP2(fname, expr)                                                                                     \
    static pv *op_##fname(ops_ctx *x, pv *const *a, size_t n, const pv *kw)                                  \
    {                                                                                                        \
        if (ops_args_nokw(x, kw, "_operator." #fname "()") || ops_args_positional(x, #fname, n, 2, 2))       \
            return NULL;                                                                                     \
        return expr;                                                                                         \
    }
#define OPBIN(fname, op) OP2(fname, ops_binary(x, op, a[0], a[1]))

OPBIN(add, OPS_ADD)
OPBIN(sub, OPS_SUB)
OPBIN(mul, OPS_MUL)
OPBIN(truediv, OPS_TRUEDIV)
OPBIN(floordiv, OPS_FLOORDIV)
OPBIN(mod, OPS_MOD)
OPBIN(pow, OPS_POW)
OPBIN(and_, OPS_AND)
OPBIN(or_, OPS_OR)
OPBIN(xor, OPS_XOR)
OPBIN(lshift, OPS_LSHIFT)
OPBIN(rshift, OPS_RSHIFT)
OP2(concat, ops_concat(x, a[0], a[1]))
OP2(getitem, ops_getitem(x, a[0], a[1]))

static pv *cmp_result(int r)
{
    return r < 0 ? NULL : pv_bool(r);
}
OP2(eq, cmp_result(ops_compare(x, OPS_EQ, a[0], a[1])))
OP2(ne, cmp_result(ops_compare(x, OPS_NE, a[0], a[1])))
OP2(lt, cmp_result(ops_compare(x, OPS_LT, a[0], a[1])))
OP2(le, cmp_result(ops_compare(x, OPS_LE, a[0], a[1])))
OP2(gt, cmp_result(ops_compare(x, OPS_GT, a[0], a[1])))
OP2(ge, cmp_result(ops_compare(x, OPS_GE, a[0], a[1])))
OP2(contains, cmp_result(ops_contains(x, a[0], a[1])))

/* METH_O functions: funcstr is what _PyObject_FunctionStr prints */
#define FN1(cname, funcstr, expr)                                                                            \
    static pv *cname(ops_ctx *x, pv *const *a, size_t n, const pv *kw)                                       \
    {                                                                                                        \
        if (ops_args_nokw(x, kw, funcstr) || ops_args_one(x, n, funcstr))                                    \
            return NULL;                                                                                     \
        return expr;                                                                                         \
    }

FN1(op_neg, "_operator.neg()", ops_neg(x, a[0]))
FN1(op_pos, "_operator.pos()", ops_pos(x, a[0]))
FN1(op_abs, "_operator.abs()", ops_abs(x, a[0]))
FN1(op_not_, "_operator.not_()", pv_bool(!ops_truth(a[0])))
FN1(op_truth, "_operator.truth()", pv_bool(ops_truth(a[0])))

/* ---------------------------------------------------------------- builtins */

static pv *len_of(ops_ctx *x, const pv *v)
{
    long n = ops_len(x, v);
    return n < 0 ? NULL : pv_int(x->a, n);
}

static pv *ord_of(ops_ctx *x, const pv *v)
{
    if (v->kind != PV_STR)
        return OPS_TYPE_ERR(x, "ord() expected string of length 1, but %s found", ops_type_name(v));
    if (v->s.ncp != 1)
        return OPS_TYPE_ERR(x, "ord() expected a character, but string of length %zu found", v->s.ncp);
    size_t i = 0;
    return pv_int(x->a, (int64_t)utf8_next(v->s.p, &i));
}

static pv *chr_of(ops_ctx *x, const pv *v)
{
    int i;
    if (ops_args_c_int(x, v, &i))
        return NULL;
    if (i < 0 || i > 0x10FFFF)
        return OPS_VALUE_ERR(x, "chr() arg not in range(0x110000)");
    char b[4];
    int k = utf8_put((uint32_t)i, b);
    return pv_str_take_n(x->a, arena_strndup(x->a, b, (size_t)k), (size_t)k, 1);
}

FN1(bi_abs, "abs()", ops_abs(x, a[0]))
FN1(bi_len, "len()", len_of(x, a[0]))
FN1(bi_repr, "repr()", ops_repr(x, a[0]))
FN1(bi_ord, "ord()", ord_of(x, a[0]))
FN1(bi_chr, "chr()", chr_of(x, a[0]))
FN1(bi_hex, "hex()", ops_int_format(x, a[0], 16))
FN1(bi_oct, "oct()", ops_int_format(x, a[0], 8))
FN1(bi_bin, "bin()", ops_int_format(x, a[0], 2))

/* PyUnicode_AsUTF8AndSize of a str with lone surrogates: UnicodeEncodeError. */
static bool utf8_surrogates(ops_ctx *x, const pv *s)
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

static pv *bi_str(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"object", "encoding", "errors", NULL};
    static const ops_kwparser p = {"str", names, 0, 0, 3};
    pv *b[3];
    if (ops_args_unpack(x, &p, a, n, kw, b))
        return NULL;
    for (int i = 1; i < 3; i++) {
        if (b[i] && b[i]->kind != PV_STR)
            return OPS_TYPE_ERR(x, "str() argument '%s' must be str, not %s", names[i],
                                b[i]->kind == PV_NONE ? "None" : ops_type_name(b[i]));
        if (b[i] && utf8_surrogates(x, b[i]))
            return NULL;
        if (b[i] && strlen(b[i]->s.p) != b[i]->s.len)
            return OPS_VALUE_ERR(x, "embedded null character");
    }
    if (!b[0])
        return pv_str(x->a, "", 0);
    if (!b[1] && !b[2])
        return ops_str(x, b[0]);
    if (b[0]->kind == PV_STR)
        return OPS_TYPE_ERR(x, "decoding str is not supported");
    return OPS_TYPE_ERR(x, "decoding to str: need a bytes-like object, %s found", ops_type_name(b[0]));
}

static pv *bi_int(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"base", NULL};
    static const ops_kwparser p = {"int", names, 1, 0, 2};
    pv *b[2];
    if (ops_args_unpack(x, &p, a, n, kw, b))
        return NULL;
    if (!b[0]) {
        if (b[1])
            return OPS_TYPE_ERR(x, "int() missing string argument");
        return pv_int(x->a, 0);
    }
    return ops_int(x, b[0], b[1]);
}

static pv *bi_float(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_nokw(x, kw, "float()") || ops_args_positional(x, "float", n, 0, 1))
        return NULL;
    return n ? ops_float(x, a[0]) : pv_float(x->a, 0.0);
}

static pv *bi_bool(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_nokw(x, kw, "bool()") || ops_args_positional(x, "bool", n, 0, 1))
        return NULL;
    return pv_bool(n && ops_truth(a[0]));
}

static pv *bi_round(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"number", "ndigits", NULL};
    static const ops_kwparser p = {"round", names, 0, 1, 2};
    pv *b[2];
    if (ops_args_unpack(x, &p, a, n, kw, b))
        return NULL;
    return ops_round(x, b[0], b[1]);
}

static pv *not_callable(ops_ctx *x, const pv *f)
{
    return OPS_TYPE_ERR(x, "'%s' object is not callable", ops_type_name(f));
}

static pv *min_max(ops_ctx *x, pv *const *a, size_t n, const pv *kw, bool is_min)
{
    const char *name = is_min ? "min" : "max";
    bool positional = n > 1;
    if (n == 0)
        return OPS_TYPE_ERR(x, "%s expected at least 1 argument, got 0", name);
    static const char *const names[] = {"key", "default", NULL};
    ops_kwparser p = {name, names, 0, 0, 0};
    pv *b[2];
    if (ops_args_unpack(x, &p, NULL, 0, kw, b))
        return NULL;
    const pv *key = b[0] && b[0]->kind != PV_NONE ? b[0] : NULL, *dflt = b[1];
    if (positional && dflt)
        return OPS_TYPE_ERR(x, "Cannot specify a default for %s() with multiple positional arguments", name);
    pv *const *items;
    size_t count;
    if (positional) {
        items = a;
        count = n;
    } else {
        pv *l = ops_iter_list(x, a[0]);
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
        int c = ops_compare(x, is_min ? OPS_LT : OPS_GT, items[i], best);
        if (c < 0)
            return NULL;
        if (c)
            best = items[i];
    }
    if (!best) {
        if (dflt)
            return (pv *)dflt;
        return OPS_VALUE_ERR(x, "%s() arg is an empty sequence", name);
    }
    return best;
}

static pv *bi_min(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    return min_max(x, a, n, kw, true);
}
static pv *bi_max(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    return min_max(x, a, n, kw, false);
}

static pv *bi_sum(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"start", NULL};
    static const ops_kwparser p = {"sum", names, 1, 1, 2};
    pv *b[2];
    if (ops_args_unpack(x, &p, a, n, kw, b))
        return NULL;
    pv *items = ops_iter_list(x, b[0]);
    if (!items)
        return NULL;
    pv *result = b[1] ? b[1] : pv_int(x->a, 0);
    if (result->kind == PV_STR)
        return OPS_TYPE_ERR(x, "sum() can't sum strings [use ''.join(seq) instead]");
    if (result->kind == PV_BYTES)
        return OPS_TYPE_ERR(x, "sum() can't sum bytes [use b''.join(seq) instead]");
    bool owned = false; /* result is a list this loop made: extend it in place */
    for (size_t i = 0; i < items->l.len; i++) {
        pv *it = items->l.items[i];
        if (owned && result->kind == PV_LIST && it->kind == PV_LIST && !it->tuple) {
            for (size_t j = 0; j < it->l.len; j++)
                pv_list_push(x->a, result, it->l.items[j]);
            continue;
        }
        result = ops_binary(x, OPS_ADD, result, it);
        if (!result)
            return NULL;
        owned = result->kind == PV_LIST;
    }
    return result;
}

static pv *bi_sorted(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_positional(x, "sorted", n, 1, 1))
        return NULL;
    pv *src = ops_iter_list(x, a[0]);
    if (!src)
        return NULL;
    static const char *const names[] = {"key", "reverse", NULL};
    static const ops_kwparser p = {"sort", names, 0, 0, 0};
    pv *b[2];
    if (ops_args_unpack(x, &p, NULL, 0, kw, b))
        return NULL;
    int reverse = 0;
    if (b[1] && ops_args_c_int(x, b[1], &reverse))
        return NULL;
    pv *l = pv_list(x->a, src->l.len);
    if (src->l.len)
        memcpy(l->l.items, src->l.items, src->l.len * sizeof(pv *));
    l->l.len = src->l.len;
    if (b[0] && b[0]->kind != PV_NONE && l->l.len)
        return not_callable(x, b[0]);
    if (ops_sort(x, l->l.items, l->l.len, reverse != 0) < 0)
        return NULL;
    return l;
}

/* ---------------------------------------------------------------- str methods */

#define STR0(mname, fn)                                                                                      \
    static pv *str_##mname(ops_ctx *x, pv *const *a, size_t n, const pv *kw)                                 \
    {                                                                                                        \
        if (ops_args_method(x, #mname, a, n, kw, true))                                                      \
            return NULL;                                                                                     \
        if (n != 1)                                                                                          \
            return OPS_TYPE_ERR(x, "str." #mname "() takes no arguments (%zu given)", n - 1);                \
        return fn(x, a[0]);                                                                                  \
    }
STR0(upper, ops_str_upper)
STR0(lower, ops_str_lower)
STR0(title, ops_str_title)
STR0(capitalize, ops_str_capitalize)
STR0(casefold, ops_str_casefold)
STR0(swapcase, ops_str_swapcase)

#define STRIP(mname, side)                                                                                   \
    static pv *str_##mname(ops_ctx *x, pv *const *a, size_t n, const pv *kw)                                 \
    {                                                                                                        \
        if (ops_args_method(x, #mname, a, n, kw, true) || ops_args_positional(x, #mname, n - 1, 0, 1))       \
            return NULL;                                                                                     \
        return ops_str_strip(x, a[0], n > 1 ? a[1] : NULL, side, #mname);                                    \
    }
STRIP(strip, OPS_STR_BOTH)
STRIP(lstrip, OPS_STR_LEFT)
STRIP(rstrip, OPS_STR_RIGHT)

static pv *str_split(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    static const ops_kwparser p = {"split", names, 0, 0, 2};
    pv *b[2];
    if (ops_args_method(x, "split", a, n, kw, false) || ops_args_unpack(x, &p, a + 1, n - 1, kw, b))
        return NULL;
    long maxsplit = -1;
    if (b[1] && ops_as_ssize(x, b[1], &maxsplit) < 0)
        return NULL;
    return ops_str_split(x, a[0], b[0], maxsplit);
}

static pv *str_join(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_method(x, "join", a, n, kw, true))
        return NULL;
    if (n != 2)
        return OPS_TYPE_ERR(x, "str.join() takes exactly one argument (%zu given)", n - 1);
    return ops_str_join(x, a[0], a[1]);
}

static pv *str_replace(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_method(x, "replace", a, n, kw, true) || ops_args_positional(x, "replace", n - 1, 2, 3))
        return NULL;
    for (int i = 1; i <= 2; i++)
        if (a[i]->kind != PV_STR)
            return OPS_TYPE_ERR(x, "replace() argument %d must be str, not %s", i, ops_type_name(a[i]));
    long count = -1;
    if (n > 3 && ops_as_ssize(x, a[3], &count) < 0)
        return NULL;
    return ops_str_replace(x, a[0], a[1], a[2], count);
}

/* startswith/endswith/find/count: PyArg_ParseTuple "O|OO:name" + slice indices */
static bool finds_args(ops_ctx *x, const char *name, pv *const *a, size_t n, const pv *kw, long *start,
                       long *end)
{
    if (ops_args_method(x, name, a, n, kw, true) || ops_args_tuple(x, name, n - 1, 1, 3))
        return true;
    *start = 0;
    *end = LONG_MAX;
    return (n > 2 && ops_args_slice_index(x, a[2], start)) || (n > 3 && ops_args_slice_index(x, a[3], end));
}

static pv *str_startswith(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "startswith", a, n, kw, &s, &e)
               ? NULL
               : ops_str_tailmatch(x, a[0], a[1], s, e, false, "startswith");
}
static pv *str_endswith(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "endswith", a, n, kw, &s, &e)
               ? NULL
               : ops_str_tailmatch(x, a[0], a[1], s, e, true, "endswith");
}
static pv *str_find(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "find", a, n, kw, &s, &e) ? NULL : ops_str_find(x, a[0], a[1], s, e);
}
static pv *str_count(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    long s, e;
    return finds_args(x, "count", a, n, kw, &s, &e) ? NULL : ops_str_count(x, a[0], a[1], s, e);
}

static pv *str_zfill(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_method(x, "zfill", a, n, kw, true))
        return NULL;
    if (n != 2)
        return OPS_TYPE_ERR(x, "str.zfill() takes exactly one argument (%zu given)", n - 1);
    long w;
    if (ops_as_ssize(x, a[1], &w) < 0)
        return NULL;
    return ops_str_zfill(x, a[0], w);
}

/* ---------------------------------------------------------------- math */

FN1(m_sqrt, "math.sqrt()", ops_math_unary(x, OPS_MATH_SQRT, a[0]))
FN1(m_fabs, "math.fabs()", ops_math_unary(x, OPS_MATH_FABS, a[0]))
FN1(m_exp, "math.exp()", ops_math_unary(x, OPS_MATH_EXP, a[0]))
FN1(m_sin, "math.sin()", ops_math_unary(x, OPS_MATH_SIN, a[0]))
FN1(m_cos, "math.cos()", ops_math_unary(x, OPS_MATH_COS, a[0]))
FN1(m_tan, "math.tan()", ops_math_unary(x, OPS_MATH_TAN, a[0]))
FN1(m_floor, "math.floor()", ops_math_floor(x, a[0]))
FN1(m_ceil, "math.ceil()", ops_math_ceil(x, a[0]))
FN1(m_log2, "math.log2()", ops_math_log2(x, a[0]))
FN1(m_log10, "math.log10()", ops_math_log10(x, a[0]))
FN1(m_factorial, "math.factorial()", ops_math_factorial(x, a[0]))
FN1(m_isqrt, "math.isqrt()", ops_math_isqrt(x, a[0]))

static pv *m_gcd(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    return ops_args_nokw(x, kw, "math.gcd()") ? NULL : ops_math_gcd(x, a, n);
}
static pv *m_lcm(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    return ops_args_nokw(x, kw, "math.lcm()") ? NULL : ops_math_lcm(x, a, n);
}
static pv *m_log(ops_ctx *x, pv *const *a, size_t n, const pv *kw)
{
    if (ops_args_nokw(x, kw, "log()"))
        return NULL;
    if (n < 1 || n > 2)
        return OPS_TYPE_ERR(x, "math.log requires 1 to 2 arguments");
    return ops_math_log(x, a[0], n > 1 ? a[1] : NULL);
}

/* ---------------------------------------------------------------- the table */

static const fdef FUNCS[] = {
    {"operator.add", op_add, OPS_G_NONE},
    {"operator.sub", op_sub, OPS_G_NONE},
    {"operator.mul", op_mul, OPS_G_MUL},
    {"operator.truediv", op_truediv, OPS_G_NONE},
    {"operator.floordiv", op_floordiv, OPS_G_NONE},
    {"operator.mod", op_mod, OPS_G_NONE},
    {"operator.pow", op_pow, OPS_G_POW},
    {"operator.neg", op_neg, OPS_G_NONE},
    {"operator.pos", op_pos, OPS_G_NONE},
    {"operator.abs", op_abs, OPS_G_NONE},
    {"operator.and_", op_and_, OPS_G_NONE},
    {"operator.or_", op_or_, OPS_G_NONE},
    {"operator.xor", op_xor, OPS_G_NONE},
    {"operator.lshift", op_lshift, OPS_G_LSHIFT},
    {"operator.rshift", op_rshift, OPS_G_NONE},
    {"operator.concat", op_concat, OPS_G_NONE},
    {"operator.eq", op_eq, OPS_G_NONE},
    {"operator.ne", op_ne, OPS_G_NONE},
    {"operator.lt", op_lt, OPS_G_NONE},
    {"operator.le", op_le, OPS_G_NONE},
    {"operator.gt", op_gt, OPS_G_NONE},
    {"operator.ge", op_ge, OPS_G_NONE},
    {"operator.not_", op_not_, OPS_G_NONE},
    {"operator.truth", op_truth, OPS_G_NONE},
    {"operator.contains", op_contains, OPS_G_NONE},
    {"operator.getitem", op_getitem, OPS_G_NONE},
    {"builtins.abs", bi_abs, OPS_G_NONE},
    {"builtins.len", bi_len, OPS_G_NONE},
    {"builtins.str", bi_str, OPS_G_NONE},
    {"builtins.int", bi_int, OPS_G_NONE},
    {"builtins.float", bi_float, OPS_G_NONE},
    {"builtins.bool", bi_bool, OPS_G_NONE},
    {"builtins.repr", bi_repr, OPS_G_NONE},
    {"builtins.ord", bi_ord, OPS_G_NONE},
    {"builtins.chr", bi_chr, OPS_G_NONE},
    {"builtins.hex", bi_hex, OPS_G_NONE},
    {"builtins.bin", bi_bin, OPS_G_NONE},
    {"builtins.oct", bi_oct, OPS_G_NONE},
    {"builtins.round", bi_round, OPS_G_ROUND},
    {"builtins.min", bi_min, OPS_G_NONE},
    {"builtins.max", bi_max, OPS_G_NONE},
    {"builtins.sum", bi_sum, OPS_G_NONE},
    {"builtins.sorted", bi_sorted, OPS_G_NONE},
    {"str.upper", str_upper, OPS_G_NONE},
    {"str.lower", str_lower, OPS_G_NONE},
    {"str.strip", str_strip, OPS_G_NONE},
    {"str.lstrip", str_lstrip, OPS_G_NONE},
    {"str.rstrip", str_rstrip, OPS_G_NONE},
    {"str.title", str_title, OPS_G_NONE},
    {"str.capitalize", str_capitalize, OPS_G_NONE},
    {"str.casefold", str_casefold, OPS_G_NONE},
    {"str.swapcase", str_swapcase, OPS_G_NONE},
    {"str.split", str_split, OPS_G_NONE},
    {"str.join", str_join, OPS_G_JOIN},
    {"str.replace", str_replace, OPS_G_REPLACE},
    {"str.startswith", str_startswith, OPS_G_NONE},
    {"str.endswith", str_endswith, OPS_G_NONE},
    {"str.find", str_find, OPS_G_NONE},
    {"str.count", str_count, OPS_G_NONE},
    {"str.zfill", str_zfill, OPS_G_ZFILL},
    {"math.sqrt", m_sqrt, OPS_G_NONE},
    {"math.floor", m_floor, OPS_G_NONE},
    {"math.ceil", m_ceil, OPS_G_NONE},
    {"math.gcd", m_gcd, OPS_G_NONE},
    {"math.lcm", m_lcm, OPS_G_NONE},
    {"math.factorial", m_factorial, OPS_G_FACTORIAL},
    {"math.isqrt", m_isqrt, OPS_G_NONE},
    {"math.fabs", m_fabs, OPS_G_NONE},
    {"math.exp", m_exp, OPS_G_NONE},
    {"math.log", m_log, OPS_G_NONE},
    {"math.log2", m_log2, OPS_G_NONE},
    {"math.log10", m_log10, OPS_G_NONE},
    {"math.sin", m_sin, OPS_G_NONE},
    {"math.cos", m_cos, OPS_G_NONE},
    {"math.tan", m_tan, OPS_G_NONE},
    {NULL, NULL, OPS_G_NONE},
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

static const ops_func *bad_name(ops_ctx *x, const pv *name)
{
    strbuf sb = STRBUF_INIT;
    ops_repr_to(&sb, name);
    py_bad_request(x->err, x->a, "unknown function %s", sb.data ? sb.data : "");
    strbuf_free(&sb);
    return NULL;
}

const ops_func *ops_func_resolve(ops_ctx *x, const pv *spec)
{
    ops_func *f = arena_calloc(x->a, 1, sizeof *f);
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

pv *ops_call(ops_ctx *x, const ops_func *f, pv *const *args, size_t nargs)
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
    if (f->def->guard != OPS_G_NONE && ops_guard(x, f->def->guard, all, n, f->kw))
        return NULL;
    return f->def->fn(x, all, n, f->kw);
}

const char *ops_func_name(const ops_func *f)
{
    return f->def->name;
}
bool ops_func_plain(const ops_func *f)
{
    return f->npargs == 0 && !f->kw;
}
