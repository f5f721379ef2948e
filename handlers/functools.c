/* Module "functools": reduce(function, iterable[, initializer]) over the
 * callable vocabulary of API.md (core/ops/ops.h). */
#include <string.h>

#include "base/budget.h"
#include "op.h"
#include "ops/ops.h"

/* Intermediate values of a long reduce live in a scratch arena that is
 * swapped for a fresh one (keeping only the accumulator) once it has grown
 * well past what the accumulator needs: memory stays proportional to the
 * live value, as in Python, instead of to everything ever computed. */
#define COMPACT_MIN (1u << 20)

static void free_arena(void *p)
{
    arena_free(p);
}

/* acc += item for a str acc only this reduce holds: Python would copy the
 * whole string at every step (quadratic); the result is the same. */
static void append_str(arena *a, pv *acc, const pv *item, size_t *cap)
{
    size_t len = acc->s.len + item->s.len;
    char *p = (char *)acc->s.p;
    if (len > *cap) {
        size_t nc = *cap * 2 > len ? *cap * 2 : len;
        p = arena_realloc(a, p, *cap + 1, nc + 1);
        *cap = nc;
    }
    memcpy(p + acc->s.len, item->s.p, item->s.len);
    p[len] = '\0';
    acc->s.p = p;
    acc->s.len = len;
    acc->s.ncp += item->s.ncp;
    acc->ascii = acc->s.ncp == len;
}

static int reduce_impl(op_ctx *c, const pv *function, const pv *iterable, const pv *initial)
{
    ops_ctx x = ops_make(c->a, &c->err);
    const ops_func *f = ops_func_resolve(&x, function);
    if (!f)
        return -1;
    if (!iterable) /* required: the registry never leaves it out */
        return py_bad_request(&c->err, c->a, "missing required argument 'iterable'");
    if (iterable->kind != PV_LIST && iterable->kind != PV_STR && iterable->kind != PV_DICT)
        return py_raise(&c->err, c->a, "TypeError", "reduce() arg 2 must support iteration");
    pv *items = ops_iter_list(&x, iterable);
    if (!items)
        return -1;
    arena *tmp = arena_new();
    size_t keep = 0; /* arena bytes right after the last compaction */
    ops_ctx t = x;
    t.a = tmp;
    pv *acc = (pv *)initial;
    int rc = 0;
    /* operator.add/concat: an accumulated str or list grows in place */
    bool accum = ops_func_plain(f) && (strcmp(ops_func_name(f), "operator.add") == 0 ||
                                       strcmp(ops_func_name(f), "operator.concat") == 0);
    bool owned = false;
    size_t cap = 0;
    for (size_t i = 0; i < items->l.len; i++) {
        pv *item = items->l.items[i];
        if (!acc) {
            acc = item;
            continue;
        }
        if ((i & 63) == 0 && op_should_stop(c)) {
            rc = py_raise(&c->err, c->a, "TimeoutError", "%s", "");
            break;
        }
        if (budget_expired()) {
            rc = budget_error(&c->err, c->a);
            break;
        }
        bool str_in_place = owned && acc->kind == item->kind && acc->kind == PV_STR;
        bool list_in_place =
            owned && acc->kind == item->kind && acc->kind == PV_LIST && !acc->tuple && !item->tuple;
        if ((str_in_place && item->s.ncp > x.max_len - acc->s.ncp) ||
            (list_in_place && item->l.len > x.max_len - acc->l.len)) {
            /* what ops_concat would answer (--max-seq-len) */
            rc = py_limit(&c->err, c->a, "%s result too large", ops_func_name(f) + strlen("operator."));
            break;
        }
        if (str_in_place) {
            append_str(tmp, acc, item, &cap);
            continue;
        }
        if (list_in_place) {
            for (size_t j = 0; j < item->l.len; j++)
                pv_list_push(tmp, acc, item->l.items[j]);
            continue;
        }
        pv *args[2] = {acc, item};
        pv *prev = acc;
        acc = ops_call(&t, f, args, 2);
        /* a str/list the add just made (not an operand returned as is) is
         * ours alone: later items can be appended in place */
        owned = accum && acc && acc != prev && acc != item && (acc->kind == PV_STR || acc->kind == PV_LIST);
        if (owned && acc->kind == PV_STR)
            cap = acc->s.len;
        if (!acc) {
            /* the message lives in tmp: move it to the request's arena */
            c->err.msg = arena_strndup(c->a, c->err.msg, c->err.msg_len);
            rc = -1;
            break;
        }
        size_t used = arena_used(tmp);
        if (used > COMPACT_MIN && used > 4 * keep) {
            arena *fresh = arena_new();
            acc = ops_copy(fresh, acc);
            if (acc->kind == PV_STR)
                cap = acc->s.len;
            arena_free(tmp);
            tmp = fresh;
            t.a = tmp;
            keep = arena_used(tmp);
        }
    }
    arena_defer(c->a, free_arena, tmp);
    if (rc < 0)
        return -1;
    if (!acc)
        return py_raise(&c->err, c->a, "TypeError", "reduce() of empty iterable with no initial value");
    if (ops_has_complex(acc))
        return py_raise(&c->err, c->a, "TypeError", "no JSON form for complex");
    c->result = acc;
    return 0;
}

static int fn_reduce(op_ctx *c)
{
    pv *nan = NULL;
    for (int i = 0; i < 3; i++)
        if (c->argv[i])
            c->argv[i] = ops_share_nans(c->argv[i], &nan);
    return reduce_impl(c, c->argv[0], c->argv[1], c->argv[2]);
}

static const op_arg reduce_args[] = {
    {"function", A_ANY, 0, NULL,
     "a function name (\"operator.add\") or {\"partial\": name, \"args\": [...], \"keywords\": {...}}", NULL},
    {"iterable", A_ANY, 0, NULL, "a list, a str (its characters) or an object (its keys)", NULL},
    {"initializer", A_ANY, ARG_OPTIONAL, NULL, "the start value (absent: the first item)", NULL},
    {0}};

static const op_def ops[] = {{"reduce", fn_reduce, reduce_args, 0,
                              "functools.reduce(function, iterable[, initializer])", NULL,
                              "{\"function\": \"operator.mul\", \"iterable\": [1, 2, 3, 4, 5]}"},
                             {0}};

const pystd_module pystd_module_functools = {
    "functools", "functools.reduce over operator/builtins/str/math callables", ops, NULL, NULL, NULL, NULL};
