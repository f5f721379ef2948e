/* Module "builtins": map(function, *iterables) over the callable
 * vocabulary of API.md (core/ops/ops.h); results as a list. */
#include "base/budget.h"
#include "json/json.h"
#include "op.h"
#include "ops/ops.h"

static int fn_map(op_ctx *c)
{
    ops_ctx x = ops_make(c->a, &c->err);
    pv *nan = NULL;
    for (int i = 0; i < 2; i++)
        c->argv[i] = ops_share_nans(c->argv[i], &nan);
    const ops_func *f = ops_func_resolve(&x, c->argv[0]);
    if (!f)
        return -1;
    const pv *its = c->argv[1];
    size_t k = its->l.len;
    if (k == 0)
        return py_raise(&c->err, c->a, "TypeError", "map() must have at least two arguments.");
    pv **lists = arena_alloc(c->a, k * sizeof(pv *));
    size_t n = (size_t)-1;
    for (size_t j = 0; j < k; j++) {
        if (!(lists[j] = ops_iter_list(&x, its->l.items[j])))
            return -1;
        if (lists[j]->l.len < n)
            n = lists[j]->l.len;
    }
    pv *out = pv_list(c->a, n);
    pv **args = arena_alloc(c->a, k * sizeof(pv *));
    /* each item is capped by pyref's guards, their sum (the result's text,
     * the values' memory) by the meter: a map must not take the process
     * down (pyref would just run out) */
    budget_meter bm;
    budget_meter_start(&bm, c->a);
    for (size_t i = 0; i < n; i++) {
        if (op_should_stop(c))
            return py_raise(&c->err, c->a, "TimeoutError", "%s", "");
        if (budget_expired())
            return budget_error(&c->err, c->a);
        for (size_t j = 0; j < k; j++)
            args[j] = lists[j]->l.items[i];
        pv *r = ops_call(&x, f, args, k);
        if (!r)
            return -1;
        out->l.items[out->l.len++] = r;
        if (!budget_meter_add(&bm, json_size_estimate(r, config.max_result_bytes) + 1))
            return budget_meter_error(&bm, &c->err, c->a);
        if (out->l.len > x.max_len)
            return py_limit(&c->err, c->a, "map result too large");
        if ((i & 255) == 255 || i + 1 == n)
            op_progress(c, i + 1, n);
    }
    /* a complex (negative ** fractional) is refused only when the result is written */
    if (ops_has_complex(out))
        return py_raise(&c->err, c->a, "TypeError", "no JSON form for complex");
    c->result = out;
    return 0;
}

static const op_arg map_args[] = {
    {"function", A_ANY, 0, NULL,
     "a function name (\"str.upper\") or {\"partial\": name, \"args\": [...], \"keywords\": {...}}", NULL},
    {"iterables", A_LIST, 0, NULL,
     "one iterable per function argument (lists, strs, objects); stops at the shortest", NULL},
    {0}};

static const op_def ops[] = {{"map", fn_map, map_args, 0, "list(map(function, *iterables))",
                              "{\"type\": \"array\"}",
                              "{\"function\": \"operator.add\", \"iterables\": [[1, 2, 3], [10, 20, 30]]}"},
                             {0}};

const pystd_module pystd_module_builtins = {
    "builtins", "map over operator/builtins/str/math callables", ops, NULL, NULL, NULL, NULL};
