/* One operation of the registry as an OpenAPI path item: the POST form with
 * the request schema built from the op's arguments, and for an OP_GET op its
 * GET form with query parameters; the 200 response from the declared result
 * schema (and the example, openapi_examples.c), the error responses the call
 * can give (the module's own <Module>Error schema for 422 when it has one). */
#include <stdbool.h>
#include <string.h>

#include "openapi_int.h"

#define S oa_str
#define J oa_json
#define obj oa_obj
#define put oa_put

static const char *type_name(arg_type t)
{
    switch (t) {
    case A_STR:
    case A_BYTES:
        return "string";
    case A_INT:
        return "integer";
    case A_FLOAT:
    case A_NUM:
        return "number";
    case A_BOOL:
        return "boolean";
    case A_LIST:
        return "array";
    case A_DICT:
        return "object";
    case A_ANY:
    case A_STRBYTES: /* a oneOf (type_schema) */
        break;
    }
    return NULL;
}

/* query: the GET form's parameter, where a str-or-bytes value is the str */
static pv *type_schema(arena *a, const op_arg *arg, const pv *dflt, bool query)
{
    pv *s = obj(a);
    /* a str-or-bytes value is the str in a query; a callable's schema says its own oneOf */
    const char *t = query && arg->type == A_STRBYTES ? "string"
                    : (arg->flags & ARG_CALLABLE)    ? NULL
                                                     : type_name(arg->type);
    if (t) {
        if (arg->flags & ARG_NULLABLE) {
            pv *l = oa_strlist(a, t);
            pv_list_push(a, l, S(a, "null"));
            put(a, s, "type", l);
        } else {
            put(a, s, "type", S(a, t));
        }
    }
    if (arg->type == A_BYTES)
        put(a, s, "contentEncoding", S(a, "base64"));
    if (arg->type == A_STRBYTES && !query && !(arg->flags & ARG_CALLABLE)) {
        pv *one = J(a, OP_STR_OR_BYTES_SCHEMA);
        pv *alts = pv_dict_getc(one, "oneOf");
        if (arg->flags & ARG_NULLABLE)
            pv_list_push(a, alts, J(a, "{\"type\": \"null\"}"));
        put(a, s, "oneOf", alts);
    }
    if (arg->doc)
        put(a, s, "description", S(a, arg->doc));
    if (dflt)
        put(a, s, "default", (pv *)dflt);
    if (arg->schema) {
        pv *extra = J(a, arg->schema);
        for (size_t i = 0; extra->kind == PV_DICT && i < extra->d.len; i++)
            pv_dict_set(a, s, extra->d.items[i].key, extra->d.items[i].val);
    }
    return s;
}

char *oa_tag(arena *a, const char *mod)
{
    char *t = arena_strdup(a, mod);
    for (char *p = t; *p; p++)
        if (*p == '/')
            *p = '.';
    return t;
}

static char *op_id(arena *a, const route *r)
{
    char *id = arena_printf(a, "%s_%s", r->mod->name, r->op->name);
    for (char *p = id; *p; p++)
        if (*p == '/' || *p == '.' || *p == '-')
            *p = '_';
    return id;
}

static const op_arg *find_arg(const route *r, const char *name)
{
    for (size_t i = 0; i < r->nargs; i++)
        if (strcmp(r->op->args[i].name, name) == 0)
            return &r->op->args[i];
    return NULL;
}

/* The 200 response: {"result": <declared schema>} and the example. */
static pv *ok_response(arena *a, const route *r)
{
    pv *sch = obj(a), *props = obj(a);
    pv *result = r->op->result_schema
                     ? J(a, r->op->result_schema)
                     : J(a, "{\"description\": \"any JSON value: what the Python function returns\"}");
    pv *declared = result;
    put(a, sch, "type", S(a, "object"));
    put(a, sch, "required", oa_strlist(a, "result"));
    /* random's repeat convention (API.md: `n` calls the function n times and
     * the result is the list of the n results) */
    const op_arg *n = find_arg(r, "n");
    if (n && (n->flags & ARG_NULLABLE) && find_arg(r, "return_state")) {
        pv *any = pv_list(a, 2), *arr = obj(a), *w = obj(a);
        put(a, arr, "type", S(a, "array"));
        put(a, arr, "items", result);
        put(a, arr, "description", S(a, "with n: the n results"));
        pv_list_push(a, any, result);
        pv_list_push(a, any, arr);
        put(a, w, "anyOf", any);
        result = w;
    }
    put(a, props, "result", result);
    /* An op that can return its generator's state (random) answers with a
     * top-level "state" shaped like its `state` argument. */
    const op_arg *rs = find_arg(r, "return_state"), *st = find_arg(r, "state");
    if (rs && st) {
        pv *s = obj(a);
        if (st->schema) {
            pv *extra = J(a, st->schema);
            for (size_t i = 0; extra->kind == PV_DICT && i < extra->d.len; i++)
                if (strcmp(extra->d.items[i].key->s.p, "default") != 0)
                    pv_dict_set(a, s, extra->d.items[i].key, extra->d.items[i].val);
        }
        put(a, s, "description",
            S(a, "the generator's getstate() after the call, when return_state is true "
                 "(pass it back as `state` to continue the sequence)"));
        put(a, props, "state", s);
    }
    put(a, sch, "properties", props);
    pv *m = obj(a), *c = obj(a), *ok = obj(a);
    put(a, m, "schema", sch);
    pv *ex = oa_result_example(a, r, declared);
    if (ex)
        put(a, m, "example", ex);
    put(a, c, "application/json", m);
    put(a, ok, "description", S(a, "the function's result"));
    put(a, ok, "content", c);
    return ok;
}

/* "urllib/parse" -> "UrllibParse" */
static char *camel(arena *a, const char *mod)
{
    char *c = arena_strdup(a, mod), *o = c;
    bool up = true;
    for (const char *p = mod; *p; p++) {
        if (*p == '/' || *p == '.' || *p == '_') {
            up = true;
            continue;
        }
        *o++ = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = false;
    }
    *o = '\0';
    return c;
}

/* The 422 response: the shared one, or -- when the module added a schema
 * named <Module>Error (re: ReError) for its own exception -- that schema or
 * the shared error object. */
static pv *python_error(arena *a, const route *r, const pv *schemas)
{
    char *name = arena_printf(a, "%sError", camel(a, r->mod->name));
    const pv *own = pv_dict_getc(schemas, name);
    if (!own)
        return oa_ref(a, "responses", "PythonError");
    pv *res = obj(a), *c = obj(a), *m = obj(a), *any = pv_list(a, 2), *sch = obj(a);
    put(a, res, "description",
        S(a, arena_printf(a,
                          "The Python function raised (%s, or another exception as "
                          "its class and str(exc)), or a resource limit stopped it",
                          name)));
    pv_list_push(a, any, oa_ref(a, "schemas", name));
    pv_list_push(a, any, oa_ref(a, "schemas", "Error"));
    put(a, sch, "anyOf", any);
    put(a, m, "schema", sch);
    const pv *ex = own->kind == PV_DICT ? pv_dict_getc(own, "example") : NULL;
    if (ex)
        put(a, m, "example", (pv *)ex);
    put(a, c, "application/json", m);
    put(a, res, "content", c);
    return res;
}

static pv *responses(arena *a, const route *r, pv *ok, bool body, const pv *schemas)
{
    pv *res = obj(a);
    put(a, res, "200", ok);
    put(a, res, "400", oa_ref(a, "responses", "BadRequest"));
    if (body)
        put(a, res, "413", oa_ref(a, "responses", "PayloadTooLarge"));
    put(a, res, "422", python_error(a, r, schemas));
    put(a, res, "429", oa_ref(a, "responses", "Busy")); /* queue, memory, waiting calls */
    put(a, res, "default", oa_ref(a, "responses", "OtherError"));
    return res;
}

static const char *op_description(arena *a, const route *r, const char *id)
{
    const char *d = "";
    if (r->op->flags & OP_GET)
        d = arena_printf(a, "Also answers `GET %s` with query arguments (operationId `%s_get`).", r->path,
                         id);
    else
        d = "POST only.";
    if (r->op->flags & OP_WRITES)
        d = arena_printf(a, "%s Changes the file sandbox (the service's --data-dir).", d);
    if (r->op->flags & OP_BLOCKING)
        d = arena_printf(
            a,
            "%s May wait (sleep, network): runs on a worker thread (429 Busy when they are all "
            "taken); for long calls submit it as a job: `POST /v1/jobs {\"op\": \"%s\", \"args\": "
            "{...}}`.",
            d, r->path);
    return d;
}

pv *oa_operation(arena *a, const route *r, const pv *schemas)
{
    pv *item = obj(a);
    pv *props = obj(a);
    pv *required = pv_list(a, 2);
    for (size_t i = 0; i < r->nargs; i++) {
        const op_arg *arg = &r->op->args[i];
        put(a, props, arg->name, type_schema(a, arg, r->defaults[i], false));
        if (!arg->dflt && !(arg->flags & ARG_OPTIONAL))
            pv_list_push(a, required, S(a, arg->name));
    }
    pv *schema = obj(a);
    put(a, schema, "type", S(a, "object"));
    put(a, schema, "properties", props);
    put(a, schema, "additionalProperties", pv_bool(false));
    if (required->l.len)
        put(a, schema, "required", required);
    pv *media = obj(a);
    put(a, media, "schema", schema);
    pv *example = r->op->example ? J(a, r->op->example) : NULL;
    if (example)
        put(a, media, "example", example);
    pv *content = obj(a);
    put(a, content, "application/json", media);
    pv *body = obj(a);
    put(a, body, "required", pv_bool(required->l.len > 0));
    put(a, body, "content", content);

    pv *tags = oa_strlist(a, oa_tag(a, r->mod->name));
    const char *summary = r->op->summary ? r->op->summary : r->op->name;
    char *id = op_id(a, r);
    pv *ok = ok_response(a, r);
    pv *post = obj(a);
    put(a, post, "operationId", S(a, id));
    put(a, post, "summary", S(a, summary));
    put(a, post, "description", S(a, op_description(a, r, id)));
    put(a, post, "tags", tags);
    put(a, post, "requestBody", body);
    if (r->op->flags & OP_WRITES)
        put(a, post, "x-pystd-writes", pv_bool(true));
    if (r->op->flags & OP_BLOCKING)
        put(a, post, "x-pystd-blocking", pv_bool(true));
    put(a, post, "responses", responses(a, r, ok, true, schemas));
    put(a, item, "post", post);

    if (r->op->flags & OP_GET) {
        pv *params = pv_list(a, r->nargs);
        for (size_t i = 0; i < r->nargs; i++) {
            const op_arg *arg = &r->op->args[i];
            pv *p = obj(a);
            put(a, p, "name", S(a, arg->name));
            put(a, p, "in", S(a, "query"));
            put(a, p, "required", pv_bool(!arg->dflt && !(arg->flags & ARG_OPTIONAL)));
            pv *sch = type_schema(a, arg, r->defaults[i], true);
            pv *ex = example && example->kind == PV_DICT ? pv_dict_getc(example, arg->name) : NULL;
            if (arg->type == A_ANY || arg->type == A_LIST || arg->type == A_DICT) {
                /* non-scalar query values travel as JSON text */
                pv *c = obj(a), *m = obj(a);
                put(a, m, "schema", sch);
                if (ex)
                    put(a, m, "example", ex);
                put(a, c, "application/json", m);
                put(a, p, "content", c);
            } else {
                put(a, p, "schema", sch);
                if (ex)
                    put(a, p, "example", ex);
            }
            pv_list_push(a, params, p);
        }
        pv *get = obj(a);
        put(a, get, "operationId", S(a, arena_printf(a, "%s_get", id)));
        put(a, get, "summary", S(a, summary));
        put(a, get, "description",
            S(a, arena_printf(a, "The GET form of `%s` (POST %s): the same call with query arguments.", id,
                              r->path)));
        put(a, get, "tags", tags);
        put(a, get, "x-pystd-get-form-of", S(a, id));
        put(a, get, "parameters", params);
        put(a, get, "responses", responses(a, r, ok, false, schemas));
        put(a, item, "get", get);
    }
    return item;
}
