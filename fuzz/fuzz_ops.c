/* libFuzzer target for core/ops: the input is a JSON array
 * [function spec, arg, arg, ...] (or any JSON: then str % it and repr of it);
 * the call must never crash, hang or leak, whatever it answers.  Sizes are
 * capped low so that a legitimate big result can't look like a hang. */
#include <stddef.h>
#include <stdint.h>

#include "json/json.h"
#include "ops/ops.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t ncp, bad;
    bool ascii;
    if (!utf8_check((const char *)data, size, &ncp, &ascii, &bad))
        return 0; /* the server refuses such a body before any op runs */
    arena *a = arena_new();
    py_err e;
    json_read_opts jo = {.errmode = JSON_ERR_PY, .max_depth = 64, .max_int_digits = 2000};
    pv *v;
    if (json_parse(a, (const char *)data, size, &jo, &v, &e) == 0) {
        ops_ctx x = ops_make(a, &e);
        x.max_int_bits = 1u << 16;
        x.max_len = 1u << 16;
        pv *nan = NULL;
        v = ops_share_nans(v, &nan);
        if (v->kind == PV_LIST && v->l.len >= 1) {
            const ops_func *f = ops_func_resolve(&x, v->l.items[0]);
            if (f)
                (void)ops_call(&x, f, v->l.items + 1, v->l.len - 1);
        } else if (v->kind == PV_DICT && v->d.len == 1 && v->d.items[0].key->kind == PV_STR) {
            /* {"<format>": args} */
            (void)ops_str_mod(&x, v->d.items[0].key, v->d.items[0].val);
        } else {
            (void)ops_repr(&x, v);
            (void)ops_int(&x, v, NULL);
            (void)ops_float(&x, v);
        }
    }
    arena_free(a);
    return 0;
}
