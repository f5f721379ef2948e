/* json: json.dumps of what json.loads made of the request's "obj", and
 * json.loads.  The codec is core/json/json_read.c / json_write.c. */
#include <stdbool.h>
#include <string.h>

#include "json/json.h"
#include "op.h"
#include "ops/ops.h"

/* indent: int (' ' * n), str, or null; separators: null or [item, key].
   pyref checks both argument types (400) before json.dumps runs. */
static int dumps_layout(op_ctx *c, json_write_opts *o)
{
    const pv *ind = c->argv[4], *sep = c->argv[5];
    if (ind->kind != PV_INT && ind->kind != PV_STR && ind->kind != PV_NONE)
        return py_bad_request(&c->err, c->a, "argument 'indent' must be an int, a str or null");
    if (sep->kind == PV_LIST &&
        (sep->l.len != 2 || sep->l.items[0]->kind != PV_STR || sep->l.items[1]->kind != PV_STR))
        return py_bad_request(&c->err, c->a,
                              "argument 'separators' must be null or [item_separator, key_separator]");
    /* JSONEncoder.encode answers a str at once: its indent is never used */
    bool unused = c->argv[0]->kind == PV_STR;
    if (ind->kind == PV_INT && unused) {
        o->indent = "";
    } else if (ind->kind == PV_INT) {
        if (ind->i.big && !mpz_fits_slong_p(ind->i.big)) {
            /* ' ' * n with n beyond Py_ssize_t, of either sign */
            return py_raise(&c->err, c->a, "OverflowError", "cannot fit 'int' into an index-sized integer");
        }
        if (pv_int_sign(ind) <= 0) {
            o->indent = "";
            o->indent_len = 0;
        } else if (ind->i.big || (uint64_t)ind->i.v > config.max_result_bytes) {
            return py_limit(&c->err, c->a, "indent of more than %zu characters", config.max_result_bytes);
        } else {
            char *sp = arena_alloc(c->a, (size_t)ind->i.v + 1);
            memset(sp, ' ', (size_t)ind->i.v);
            sp[ind->i.v] = '\0';
            o->indent = sp;
            o->indent_len = (size_t)ind->i.v;
        }
    } else if (ind->kind == PV_STR) {
        o->indent = ind->s.p;
        o->indent_len = ind->s.len;
    }
    if (sep->kind == PV_LIST) {
        o->item_sep = sep->l.items[0]->s.p;
        o->item_sep_len = sep->l.items[0]->s.len;
        o->key_sep = sep->l.items[1]->s.p;
        o->key_sep_len = sep->l.items[1]->s.len;
    } else if (o->indent) {
        o->item_sep = ",";
        o->item_sep_len = 1;
    }
    return 0;
}

static bool ascii_text(const char *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static int fn_dumps(op_ctx *c)
{
    json_write_opts o = {0};
    o.skipkeys = c->argv[1]->b;
    o.ensure_ascii = c->argv[2]->b;
    o.allow_nan = c->argv[3]->b;
    o.sort_keys = c->argv[6]->b;
    o.max_int_digits = config.int_max_digits;
    o.max_bytes = config.max_result_bytes;
    if (dumps_layout(c, &o) < 0)
        return -1;
    strbuf out = STRBUF_INIT;
    if (json_write(&out, c->argv[0], &o, c->a, &c->err) < 0) {
        strbuf_free(&out);
        return -1;
    }
    /* with ensure_ascii the text is ASCII but for the indent and separators given */
    bool ascii = o.ensure_ascii && ascii_text(o.indent, o.indent_len) &&
                 ascii_text(o.item_sep, o.item_sep_len) && ascii_text(o.key_sep, o.key_sep_len);
    c->result = json_str_result(c->a, &out, ascii);
    return 0;
}

/* json.loads' parse_float, parse_int, parse_constant: callables of the
 * functools/map vocabulary, resolved once per request. */
typedef struct loads_hooks {
    arena *a;
    const ops_func *fn[3]; /* by json_hook_kind bit: int, float, constant */
} loads_hooks;

static int hook_index(json_hook_kind kind)
{
    return kind == JSON_HOOK_INT ? 0 : kind == JSON_HOOK_FLOAT ? 1 : 2;
}

/* CPython's scanner calls the hook with the literal's text as a str. */
static int call_hook(const json_read_opts *o, json_hook_kind kind, const char *text, size_t len, pv **out,
                     py_err *err)
{
    const loads_hooks *h = o->hook_data;
    ops_ctx x = ops_make(h->a, err);
    pv *arg = pv_str(h->a, text, len);
    *out = ops_call(&x, h->fn[hook_index(kind)], &arg, 1);
    return *out ? 0 : -1;
}

/* The hook of argument i (1..3) if one is given; plain builtins.int as
 * parse_int and builtins.float as parse_float are the scanner's own
 * conversions (CPython's scanner checks for exactly these types). */
static int loads_hook(op_ctx *c, int i, json_hook_kind kind, json_read_opts *o, loads_hooks *h)
{
    static const char *const names[] = {NULL, "parse_float", "parse_int", "parse_constant"};
    const pv *spec = c->argv[i];
    if (spec->kind == PV_NONE)
        return 0;
    if (spec->kind != PV_STR && !(spec->kind == PV_DICT && pv_dict_getc(spec, "partial")))
        return py_bad_request(&c->err, c->a, "argument '%s' must be a function name or a partial object",
                              names[i]);
    ops_ctx x = ops_make(c->a, &c->err);
    const ops_func *f = ops_func_resolve(&x, spec);
    if (!f)
        return -1;
    const char *same = kind == JSON_HOOK_INT     ? "builtins.int"
                       : kind == JSON_HOOK_FLOAT ? "builtins.float"
                                                 : NULL;
    if (same && ops_func_plain(f) && strcmp(ops_func_name(f), same) == 0)
        return 0;
    h->fn[hook_index(kind)] = f;
    o->hook_kinds |= (unsigned)kind;
    return 0;
}

static int fn_loads(op_ctx *c)
{
    const pv *s = c->argv[0];
    json_read_opts o = {
        .errmode = JSON_ERR_PY, .max_depth = config.json_max_depth, .max_int_digits = config.int_max_digits};
    loads_hooks h = {.a = c->a};
    if (loads_hook(c, 1, JSON_HOOK_FLOAT, &o, &h) < 0 || loads_hook(c, 2, JSON_HOOK_INT, &o, &h) < 0 ||
        loads_hook(c, 3, JSON_HOOK_CONSTANT, &o, &h) < 0)
        return -1;
    o.hook = call_hook;
    o.hook_data = &h;
    return json_parse(c->a, s->s.p, s->s.len, &o, &c->result, &c->err);
}

static const op_arg dumps_args[] = {
    {"obj", A_ANY, 0, NULL, "the value to serialise (what json.loads makes of this JSON)", NULL},
    {"skipkeys", A_BOOL, 0, "false", "skip keys that are not str, int, float, bool or None", NULL},
    {"ensure_ascii", A_BOOL, 0, "true", "escape every non-ASCII character as \\uXXXX", NULL},
    {"allow_nan", A_BOOL, 0, "true", "write NaN/Infinity (false: ValueError)", NULL},
    {"indent", A_ANY, 0, "null", "int (spaces), str, or null (one line)",
     "{\"type\": [\"integer\", \"string\", \"null\"]}"},
    {"separators", A_LIST, ARG_NULLABLE, "null", "null or [item_separator, key_separator]",
     "{\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"string\"}, \"minItems\": 2, \"maxItems\": "
     "2}"},
    {"sort_keys", A_BOOL, 0, "false", "sort object keys", NULL},
    {0}};

#define LOADS_HOOK_SCHEMA                                                                                    \
    "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"object\", \"required\": [\"partial\"], "              \
    "\"properties\": {"                                                                                      \
    "\"partial\": {\"type\": \"string\"}, \"args\": {\"type\": \"array\"}, \"keywords\": {\"type\": "        \
    "\"object\"}}}, "                                                                                        \
    "{\"type\": \"null\"}]}"
static const op_arg loads_args[] = {
    {"s", A_STR, 0, NULL, "JSON text", NULL},
    {"parse_float", A_ANY, 0, "null",
     "null (float) or a callable of the functools/map vocabulary (\"builtins.str\", a partial, ...) called "
     "with "
     "the text of every number with a fraction or an exponent",
     LOADS_HOOK_SCHEMA},
    {"parse_int", A_ANY, 0, "null", "null (int) or a callable called with the text of every integer literal",
     LOADS_HOOK_SCHEMA},
    {"parse_constant", A_ANY, 0, "null",
     "null (float) or a callable called with \"NaN\", \"Infinity\" or \"-Infinity\"", LOADS_HOOK_SCHEMA},
    {0}};

static const op_def ops[] = {
    {"dumps", fn_dumps, dumps_args, 0,
     "json.dumps(obj, skipkeys, ensure_ascii, allow_nan, indent, separators, sort_keys)",
     "{\"type\": \"string\"}", "{\"obj\": {\"b\": [1, 2.5, null], \"a\": \"\\u00e9\"}, \"indent\": 2}"},
    {"loads", fn_loads, loads_args, OP_GET, "json.loads(s, parse_float, parse_int, parse_constant)", NULL,
     "{\"s\": \"[1, 2.0, {\\\"a\\\": NaN}]\"}"},
    {0}};

const pystd_module pystd_module_json = {
    "json", "JSON encoder and decoder (CPython's json module)", ops, NULL, NULL, NULL, NULL};
