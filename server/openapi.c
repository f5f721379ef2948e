#include "openapi.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "registry.h"

static openapi_paths_fn extra_paths[8];
static size_t nextra;

void openapi_add_paths(openapi_paths_fn fn)
{
    if (nextra < sizeof extra_paths / sizeof extra_paths[0])
        extra_paths[nextra++] = fn;
}

static pv *S(arena *a, const char *s) { return pv_cstr(a, s); }

/* Parse JSON text that is part of a declaration (schemas, examples). */
static pv *J(arena *a, const char *text)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    if (json_parse(a, text, strlen(text), &o, &v, &e) < 0)
        return S(a, text); /* never silently dropped: the test of the document shows it */
    return v;
}

static pv *obj(arena *a) { return pv_dict(a, 4); }
static void put(arena *a, pv *d, const char *k, pv *v) { pv_dict_setc(a, d, k, v); }

static pv *ref(arena *a, const char *name)
{
    pv *d = obj(a);
    put(a, d, "$ref", pv_str(a, arena_printf(a, "#/components/schemas/%s", name), strlen(name) + 21));
    return d;
}

static pv *type_schema(arena *a, const op_arg *arg, const pv *dflt)
{
    pv *s = obj(a);
    const char *t = NULL;
    switch (arg->type) {
    case A_STR: t = "string"; break;
    case A_INT: t = "integer"; break;
    case A_FLOAT:
    case A_NUM: t = "number"; break;
    case A_BOOL: t = "boolean"; break;
    case A_LIST: t = "array"; break;
    case A_DICT: t = "object"; break;
    case A_BYTES: t = "string"; break;
    case A_ANY: break;
    }
    if (t) {
        if (arg->flags & ARG_NULLABLE) {
            pv *l = pv_list(a, 2);
            pv_list_push(a, l, S(a, t));
            pv_list_push(a, l, S(a, "null"));
            put(a, s, "type", l);
        } else {
            put(a, s, "type", S(a, t));
        }
    }
    if (arg->type == A_BYTES)
        put(a, s, "contentEncoding", S(a, "base64"));
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

static pv *error_response(arena *a, const char *what)
{
    pv *r = obj(a), *c = obj(a), *j = obj(a);
    put(a, r, "description", S(a, what));
    put(a, j, "schema", ref(a, "Error"));
    put(a, c, "application/json", j);
    put(a, r, "content", c);
    return r;
}

static pv *tag_of(arena *a, const char *mod)
{
    char *t = arena_strdup(a, mod);
    for (char *p = t; *p; p++)
        if (*p == '/')
            *p = '.';
    return S(a, t);
}

static char *op_id(arena *a, const route *r)
{
    char *id = arena_printf(a, "%s_%s", r->mod->name, r->op->name);
    for (char *p = id; *p; p++)
        if (*p == '/')
            *p = '_';
    return id;
}

static pv *responses(arena *a, const route *r)
{
    pv *res = obj(a);
    pv *ok = obj(a), *c = obj(a), *j = obj(a), *sch = obj(a), *props = obj(a);
    put(a, sch, "type", S(a, "object"));
    put(a, props, "result", r->op->result_schema ? J(a, r->op->result_schema) : obj(a));
    put(a, sch, "properties", props);
    pv *req = pv_list(a, 1);
    pv_list_push(a, req, S(a, "result"));
    put(a, sch, "required", req);
    put(a, j, "schema", sch);
    put(a, c, "application/json", j);
    put(a, ok, "description", S(a, "the function's result"));
    put(a, ok, "content", c);
    put(a, res, "200", ok);
    put(a, res, "400", error_response(a, "malformed request: unknown, missing or wrongly typed argument"));
    put(a, res, "413", error_response(a, "request body too large"));
    put(a, res, "422", error_response(a, "the Python function raised (type and message as CPython), or a resource limit stopped it"));
    if (r->op->flags & OP_BLOCKING)
        put(a, res, "429", error_response(a, "too many blocking calls in progress (Retry-After)"));
    return res;
}

static pv *operation(arena *a, const route *r)
{
    pv *item = obj(a);
    pv *props = obj(a);
    pv *required = pv_list(a, 2);
    for (size_t i = 0; i < r->nargs; i++) {
        const op_arg *arg = &r->op->args[i];
        put(a, props, arg->name, type_schema(a, arg, r->defaults[i]));
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
    if (r->op->example)
        put(a, media, "example", J(a, r->op->example));
    pv *content = obj(a);
    put(a, content, "application/json", media);
    pv *body = obj(a);
    put(a, body, "required", pv_bool(required->l.len > 0));
    put(a, body, "content", content);

    pv *tags = pv_list(a, 1);
    pv_list_push(a, tags, tag_of(a, r->mod->name));
    char *id = op_id(a, r);
    pv *post = obj(a);
    put(a, post, "operationId", S(a, id));
    put(a, post, "summary", S(a, r->op->summary ? r->op->summary : r->op->name));
    put(a, post, "tags", tags);
    put(a, post, "requestBody", body);
    put(a, post, "responses", responses(a, r));
    put(a, item, "post", post);

    if (r->op->flags & OP_GET) {
        pv *params = pv_list(a, r->nargs);
        for (size_t i = 0; i < r->nargs; i++) {
            const op_arg *arg = &r->op->args[i];
            pv *p = obj(a);
            put(a, p, "name", S(a, arg->name));
            put(a, p, "in", S(a, "query"));
            put(a, p, "required", pv_bool(!arg->dflt && !(arg->flags & ARG_OPTIONAL)));
            pv *sch = type_schema(a, arg, r->defaults[i]);
            if (arg->type == A_ANY || arg->type == A_LIST || arg->type == A_DICT) {
                /* non-scalar query values travel as JSON text */
                pv *c = obj(a), *m = obj(a);
                put(a, m, "schema", sch);
                put(a, c, "application/json", m);
                put(a, p, "content", c);
            } else {
                put(a, p, "schema", sch);
            }
            pv_list_push(a, params, p);
        }
        pv *get = obj(a);
        put(a, get, "operationId", S(a, arena_printf(a, "%s_get", id)));
        put(a, get, "summary", S(a, r->op->summary ? r->op->summary : r->op->name));
        put(a, get, "tags", tags);
        put(a, get, "parameters", params);
        put(a, get, "responses", responses(a, r));
        put(a, item, "get", get);
    }
    return item;
}

static pv *service_item(arena *a, const char *id, const char *summary, const char *ctype,
                        const char *schema, bool can_503)
{
    pv *item = obj(a), *get = obj(a), *res = obj(a), *ok = obj(a), *c = obj(a), *m = obj(a);
    put(a, m, "schema", J(a, schema));
    put(a, c, ctype, m);
    put(a, ok, "description", S(a, summary));
    put(a, ok, "content", c);
    put(a, res, "200", ok);
    if (can_503)
        put(a, res, "503", error_response(a, "draining: the service is shutting down"));
    put(a, get, "operationId", S(a, id));
    put(a, get, "summary", S(a, summary));
    pv *tags = pv_list(a, 1);
    pv_list_push(a, tags, S(a, "service"));
    put(a, get, "tags", tags);
    put(a, get, "responses", res);
    put(a, item, "get", get);
    return item;
}

static pv *build(arena *a)
{
    pv *doc = obj(a);
    put(a, doc, "openapi", S(a, "3.1.0"));
    put(a, doc, "info", J(a, "{\"title\": \"pystd\", \"version\": \"" PYSTD_VERSION "\","
                            "\"summary\": \"The Python standard library over HTTP/JSON, with CPython 3.11 semantics.\","
                            "\"description\": \"Every operation is POST /v1/<module>/<function> with a JSON object of named "
                            "arguments (scalar ones also answer GET with query arguments). Success is {\\\"result\\\": ...}; "
                            "a Python exception is 422 {\\\"error\\\": {\\\"type\\\", \\\"message\\\", ...}} with CPython's type and message.\","
                            "\"license\": {\"name\": \"MIT\", \"identifier\": \"MIT\"}}"));
    put(a, doc, "servers", J(a, "[{\"url\": \"/\", \"description\": \"this service\"}]"));
    pv *paths = obj(a);
    put(a, paths, "/healthz", service_item(a, "healthz", "Liveness", "application/json",
                                           "{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"}}}", false));
    put(a, paths, "/readyz", service_item(a, "readyz", "Readiness (503 while draining)", "application/json",
                                          "{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"}}}", true));
    put(a, paths, "/metrics", service_item(a, "metrics", "Metrics in the Prometheus text format",
                                           "text/plain", "{\"type\":\"string\"}", false));
    put(a, paths, "/openapi.json", service_item(a, "openapi", "This OpenAPI document", "application/json",
                                                "{\"type\":\"object\"}", false));
    put(a, paths, "/docs", service_item(a, "docs", "Browsable API page", "text/html", "{\"type\":\"string\"}", false));
    put(a, paths, "/v1", service_item(a, "index", "Modules and their functions", "application/json",
                                      "{\"type\":\"object\",\"properties\":{\"modules\":{\"type\":\"object\","
                                      "\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}",
                                      false));
    for (size_t i = 0; i < registry_count(); i++)
        put(a, paths, registry_at(i)->path, operation(a, registry_at(i)));

    pv *schemas = obj(a);
    put(a, schemas, "Error", J(a,
        "{\"type\": \"object\", \"required\": [\"error\"], \"properties\": {\"error\": {"
        "\"type\": \"object\", \"required\": [\"type\", \"message\"], \"properties\": {"
        "\"type\": {\"type\": \"string\", \"description\": \"BadRequest, NotFound, MethodNotAllowed, PayloadTooLarge, "
        "ResourceLimitError, Busy, Unavailable, or the Python exception class (ValueError, re.error, ...)\"},"
        "\"message\": {\"type\": \"string\", \"description\": \"str(exc) for a Python exception\"}},"
        "\"additionalProperties\": true}},"
        "\"example\": {\"error\": {\"type\": \"ValueError\", \"message\": \"empty range in randrange(10, 5)\"}}}"));
    for (size_t i = 0; i < nextra; i++)
        extra_paths[i](a, paths, schemas);
    put(a, doc, "paths", paths);

    pv *tags = pv_list(a, 16);
    pv *t = obj(a);
    put(a, t, "name", S(a, "service"));
    put(a, t, "description", S(a, "Health, readiness, metrics and documents"));
    pv_list_push(a, tags, t);
    for (size_t m = 0; pystd_modules[m]; m++) {
        t = obj(a);
        put(a, t, "name", tag_of(a, pystd_modules[m]->name));
        if (pystd_modules[m]->doc)
            put(a, t, "description", S(a, pystd_modules[m]->doc));
        pv_list_push(a, tags, t);
    }
    put(a, doc, "tags", tags);
    pv *comp = obj(a);
    put(a, comp, "schemas", schemas);
    put(a, doc, "components", comp);
    return doc;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *doc_text, *index_text;
static size_t doc_len, index_len;

static void render(void)
{
    arena *a = arena_new();
    json_write_opts o = {.ensure_ascii = false, .allow_nan = false, .indent = "  ", .indent_len = 2,
                         .escape_lone_surrogates = true};
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write(&sb, build(a), &o, a, &e);
    sb_putc(&sb, '\n');
    doc_text = sb_detach(&sb, &doc_len);

    pv *mods = obj(a);
    for (size_t i = 0; i < registry_count(); i++) {
        const route *r = registry_at(i);
        pv *l = pv_dict_getc(mods, r->mod->name);
        if (!l) {
            l = pv_list(a, 8);
            put(a, mods, r->mod->name, l);
        }
        pv_list_push(a, l, S(a, r->op->name));
    }
    pv *idx = obj(a);
    put(a, idx, "modules", mods);
    json_write_opts c = JSON_ENVELOPE;
    json_write(&sb, idx, &c, a, &e);
    index_text = sb_detach(&sb, &index_len);
    arena_free(a);
}

const char *openapi_json(size_t *len)
{
    pthread_once(&once, render);
    *len = doc_len;
    return doc_text;
}

const char *openapi_index_json(size_t *len)
{
    pthread_once(&once, render);
    *len = index_len;
    return index_text;
}
