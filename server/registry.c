/* The operation registry (registry.h): the table of routes built from every
 * module's op_defs, lookup by path, and the argument checking and GET-query
 * coercion that a call goes through before the op runs (pyref's check_args,
 * message for message). */
#include "registry.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "json/json.h"
#include "py/py_num.h"
#include "py/py_wire.h"
#include "url/url_query.h"

static route *routes;
static size_t nroutes;
static arena *defaults_arena; /* the parsed defaults live as long as the process */
/* registry_find's hash index: slot -> route index + 1 (0: free), open
 * addressing, at most half full (malloc, freed by registry_fini) */
static uint32_t *slots;
static size_t slot_mask;

static uint64_t path_hash(const char *p, size_t n)
{
    uint64_t h = n * 0x9E3779B97F4A7C15ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xC2B2AE3D27D4EB4FULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    for (size_t k = 0; i < n; i++, k += 8)
        w |= (uint64_t)(unsigned char)p[i] << k;
    h = (h ^ w) * 0xC2B2AE3D27D4EB4FULL;
    return h ^ (h >> 32);
}

static int index_routes(void)
{
    size_t n = 16;
    while (n < 2 * nroutes)
        n *= 2;
    slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    slot_mask = n - 1;
    for (size_t i = 0; i < nroutes; i++) {
        size_t at = (size_t)path_hash(routes[i].path, routes[i].path_len) & slot_mask;
        while (slots[at])
            at = (at + 1) & slot_mask;
        slots[at] = (uint32_t)i + 1;
    }
    return 0;
}

static int cmp_route(const void *a, const void *b)
{
    return strcmp(((const route *)a)->path, ((const route *)b)->path);
}

int registry_init(void)
{
    defaults_arena = arena_new();
    size_t n = 0;
    for (size_t m = 0; pystd_modules[m]; m++)
        for (const op_def *op = pystd_modules[m]->ops; op && op->name; op++)
            n++;
    routes = calloc(n ? n : 1, sizeof *routes);
    if (!routes)
        return -1;
    for (size_t m = 0; pystd_modules[m]; m++) {
        const pystd_module *mod = pystd_modules[m];
        for (const op_def *op = mod->ops; op && op->name; op++) {
            route *r = &routes[nroutes++];
            r->path = arena_printf(defaults_arena, "/v1/%s/%s", mod->name, op->name);
            r->path_len = strlen(r->path);
            r->mod = mod;
            r->op = op;
            for (const op_arg *arg = op->args; arg && arg->name; arg++) {
                r->nargs++;
                r->net_args = r->net_args || (arg->flags & ARG_NET);
            }
            r->defaults = arena_calloc(defaults_arena, r->nargs ? r->nargs : 1, sizeof(pv *));
            r->arg_lens = arena_calloc(defaults_arena, r->nargs ? r->nargs : 1, sizeof(size_t));
            for (const op_arg *arg = op->args; arg && arg->name; arg++)
                r->arg_lens[arg - op->args] = strlen(arg->name);
            for (size_t i = 0; op->args && i < r->nargs; i++) {
                const char *d = op->args[i].dflt;
                if (!d)
                    continue;
                json_read_opts jo = {.errmode = JSON_ERR_PY, .max_depth = 64};
                py_err e;
                if (json_parse(defaults_arena, d, strlen(d), &jo, &r->defaults[i], &e) < 0) {
                    fprintf(stderr, "pystd: bad default for %s(%s): %s\n", r->path, op->args[i].name, d);
                    return -1;
                }
            }
        }
    }
    qsort(routes, nroutes, sizeof *routes, cmp_route);
    for (size_t i = 0; i < nroutes; i++) {
        routes[i].id = (unsigned)i;
        if (i && strcmp(routes[i - 1].path, routes[i].path) == 0) {
            fprintf(stderr, "pystd: %s is declared twice\n", routes[i].path);
            return -1;
        }
    }
    if (index_routes() < 0)
        return -1;
    for (size_t m = 0; pystd_modules[m]; m++)
        if (pystd_modules[m]->init && pystd_modules[m]->init() != 0) {
            fprintf(stderr, "pystd: module %s failed to start\n", pystd_modules[m]->name);
            return -1;
        }
    return 0;
}

void registry_fini(void)
{
    for (size_t m = 0; pystd_modules[m]; m++)
        if (pystd_modules[m]->fini)
            pystd_modules[m]->fini();
    free(routes);
    routes = NULL;
    nroutes = 0;
    free(slots);
    slots = NULL;
    slot_mask = 0;
    arena_free(defaults_arena);
    defaults_arena = NULL;
}

const route *registry_find(const char *path, size_t len)
{
    if (!slots)
        return NULL;
    for (size_t at = (size_t)path_hash(path, len) & slot_mask; slots[at]; at = (at + 1) & slot_mask) {
        const route *r = &routes[slots[at] - 1];
        if (r->path_len == len && memcmp(r->path, path, len) == 0)
            return r;
    }
    return NULL;
}

size_t registry_count(void)
{
    return nroutes;
}
const route *registry_at(size_t i)
{
    return i < nroutes ? &routes[i] : NULL;
}

static const char *type_word(arg_type t)
{
    switch (t) {
    case A_ANY:
        return "any";
    case A_STR:
        return "str";
    case A_INT:
        return "int";
    case A_FLOAT:
        return "float";
    case A_NUM:
        return "num";
    case A_BOOL:
        return "bool";
    case A_LIST:
        return "list";
    case A_DICT:
        return "dict";
    case A_BYTES:
        return "bytes";
    case A_STRBYTES:
        return "str or bytes";
    }
    return "?";
}

static const op_arg *find_arg(const route *r, const char *name, size_t n, size_t *idx)
{
    for (size_t i = 0; i < r->nargs; i++) {
        const op_arg *a = &r->op->args[i];
        if (r->arg_lens[i] == n && memcmp(a->name, name, n) == 0) {
            if (idx)
                *idx = i;
            return a;
        }
    }
    return NULL;
}

/* A query value -> the parameter's type, as pyref's coerce_query does. */
static int coerce(arena *a, const op_arg *arg, pv *text, pv **out, py_err *err)
{
    const char *s = text->s.p;
    size_t n = text->s.len;
    arg_type t = arg ? arg->type : A_STR;
    const char *name = arg ? arg->name : "";
    switch (t) {
    case A_INT:
        if (!(*out = py_int_from_str(a, s, n)))
            return py_bad_request(err, a, "argument '%s' must be of type int", name);
        return 0;
    case A_FLOAT:
    case A_NUM:
        if (memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n) || memchr(s, 'n', n)) {
            double d;
            if (!py_float_from_str(s, n, &d))
                return py_bad_request(err, a, "argument '%s' must be of type %s", name, type_word(t));
            *out = pv_float(a, d);
        } else if (!(*out = py_int_from_str(a, s, n))) {
            return py_bad_request(err, a, "argument '%s' must be of type %s", name, type_word(t));
        }
        return 0;
    case A_BOOL:
        if (n == 4 && memcmp(s, "true", 4) == 0)
            *out = pv_bool(true);
        else if (n == 5 && memcmp(s, "false", 5) == 0)
            *out = pv_bool(false);
        else
            return py_bad_request(err, a, "argument '%s' must be of type bool", name);
        return 0;
    case A_LIST:
    case A_DICT:
    case A_ANY: {
        json_read_opts jo = {.errmode = JSON_ERR_PY,
                             .max_depth = config.json_max_depth,
                             .max_int_digits = config.int_max_digits};
        if (json_parse(a, s, n, &jo, out, err) < 0) {
            if (strcmp(err->type, "ResourceLimitError") == 0)
                return -1;
            return py_bad_request(err, a, "argument '%s' must be of type %s", name, type_word(t));
        }
        return 0;
    }
    case A_STR:
    case A_BYTES:
    case A_STRBYTES: /* a query value is text: the str (bytes travel only in a JSON body) */
        *out = text;
        return 0;
    }
    return 0;
}

int registry_query_args(const route *r, arena *a, const char *query, size_t len, pv **args, py_err *err)
{
    pv *d = pv_dict(a, 4);
    url_query_pair *pairs;
    size_t n = url_query_parse(a, query, len, &pairs);
    for (size_t i = 0; i < n; i++) {
        const op_arg *arg = find_arg(r, pairs[i].name->s.p, pairs[i].name->s.len, NULL);
        pv *v = NULL;
        if (coerce(a, arg, pairs[i].value, &v, err) < 0)
            return -1;
        pv_dict_set(a, d, pairs[i].name, v);
    }
    *args = d;
    return 0;
}

int registry_wire_bytes(arena *a, const char *name, const pv *v, pv **out, py_err *err)
{
    switch (py_wire_bytes_in(a, v, out)) {
    case PY_WIRE_BYTES:
        return 1;
    case PY_WIRE_NOT_BYTES:
        return 0;
    case PY_WIRE_BAD_SHAPE:
        return py_bad_request(err, a, "argument '%s': a bytes value is {\"$bytes\": \"<base64>\"}", name);
    case PY_WIRE_BAD_BASE64:
        break;
    }
    return py_bad_request(err, a, "argument '%s': \"$bytes\" must be base64", name);
}

/* The value for one declared argument, checked as pyref's check_args does. */
static int check_one(const op_arg *arg, arena *a, pv *v, pv **out, py_err *err)
{
    if (v->kind == PV_NONE) {
        if (!(arg->flags & ARG_NULLABLE) && arg->type != A_ANY)
            return py_bad_request(err, a, "argument '%s' must not be null", arg->name);
        *out = v;
        return 0;
    }
    bool ok;
    switch (arg->type) {
    case A_ANY:
        ok = true;
        break;
    case A_STR:
        ok = v->kind == PV_STR || (v->kind == PV_DICT && (arg->flags & ARG_CALLABLE));
        break;
    case A_BYTES:
        ok = v->kind == PV_STR;
        break;
    case A_STRBYTES:
        ok = v->kind == PV_STR || v->kind == PV_DICT;
        break;
    case A_INT:
        ok = v->kind == PV_INT;
        break;
    case A_FLOAT:
    case A_NUM:
        ok = v->kind == PV_INT || v->kind == PV_FLOAT;
        break;
    case A_BOOL:
        ok = v->kind == PV_BOOL;
        break;
    case A_LIST:
        ok = v->kind == PV_LIST;
        break;
    case A_DICT:
        ok = v->kind == PV_DICT;
        break;
    default:
        ok = false;
        break;
    }
    if (!ok)
        return py_bad_request(err, a, "argument '%s' must be of type %s", arg->name, type_word(arg->type));
    if (arg->type == A_STRBYTES && v->kind == PV_DICT) {
        int r = registry_wire_bytes(a, arg->name, v, out, err);
        if (r == 0 && (arg->flags & ARG_CALLABLE)) { /* not {"$bytes"}: the op reads the callable */
            *out = v;
            return 0;
        }
        if (r == 0)
            return py_bad_request(err, a, "argument '%s' must be of type %s", arg->name,
                                  type_word(arg->type));
        return r < 0 ? -1 : 0;
    }
    if (arg->type == A_BYTES) {
        strbuf b = STRBUF_INIT;
        if (!base64_decode(&b, v->s.p, v->s.len)) {
            strbuf_free(&b);
            return py_bad_request(err, a, "argument '%s' must be base64", arg->name);
        }
        *out = pv_bytes(a, b.data ? b.data : "", b.len);
        strbuf_free(&b);
        return 0;
    }
    if (arg->type == A_FLOAT && v->kind == PV_INT) {
        double d;
        if (!pv_int_to_double(v, &d))
            return py_raise(err, a, "OverflowError", "int too large to convert to float");
        *out = pv_float(a, d);
        return 0;
    }
    *out = v;
    return 0;
}

int registry_call(const route *r, arena *a, const pv *args, jobs_ctl *job, op_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->op = r->op;
    c->job = job;
    c->argv = arena_calloc(a, r->nargs ? r->nargs : 1, sizeof(pv *));
    /* each given value into its argument's slot (a dict's keys are unique) */
    for (size_t i = 0; i < args->d.len; i++) {
        const pv *k = args->d.items[i].key;
        size_t at;
        if (!find_arg(r, k->s.p, k->s.len, &at))
            return py_bad_request(&c->err, a, "unknown argument '%s'", k->s.p);
        c->argv[at] = args->d.items[i].val;
    }
    for (size_t i = 0; i < r->nargs; i++) {
        const op_arg *arg = &r->op->args[i];
        pv *v = c->argv[i];
        if (!v) {
            if (!arg->dflt && !(arg->flags & ARG_OPTIONAL))
                return py_bad_request(&c->err, a, "missing required argument '%s'", arg->name);
            c->argv[i] = r->defaults[i];
            continue;
        }
        if (check_one(arg, a, v, &c->argv[i], &c->err) < 0)
            return -1;
    }
    if (r->op->fn(c) < 0) {
        if (!c->err.type) /* an op must say why it failed */
            py_http_error(&c->err, a, 500, "InternalError", "%s failed without an error", r->path);
        return -1;
    }
    if (!c->result)
        c->result = pv_none();
    return 0;
}
