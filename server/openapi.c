/* The OpenAPI 3.1 document, built from the operation registry: one POST
 * operation per op (and its GET form for OP_GET ops), the request schema
 * from the op's arguments, the result schema and examples from its
 * declaration, the error responses every call can give, and the paths the
 * resource endpoints add (jobs).  Then one pass over the whole document
 * hoists titled schemas into components and completes what resource
 * endpoints left out (a default error response, declared examples).
 *
 * The text must be byte-identical from run to run (openapi/openapi.json is
 * this text, tests/integration/test_service.py keeps them equal): nothing
 * here depends on time, the environment or hash order. */
#include "openapi.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "openapi_internal.h"
#include "registry.h"

#ifndef PYSTD_VERSION
#define PYSTD_VERSION "dev"
#endif

static openapi_paths_fn extra_paths[16];
static size_t nextra;

void openapi_add_paths(openapi_paths_fn fn)
{
    if (nextra < sizeof extra_paths / sizeof extra_paths[0])
        extra_paths[nextra++] = fn;
}

pv *oa_str(arena *a, const char *s) { return pv_cstr(a, s); }

pv *oa_json(arena *a, const char *text)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    if (json_parse(a, text, strlen(text), &o, &v, &e) < 0)
        return oa_str(a, text);
    return v;
}

pv *oa_obj(arena *a) { return pv_dict(a, 4); }
void oa_put(arena *a, pv *d, const char *k, pv *v) { pv_dict_setc(a, d, k, v); }

pv *oa_ref(arena *a, const char *kind, const char *name)
{
    pv *d = oa_obj(a);
    oa_put(a, d, "$ref", oa_str(a, arena_printf(a, "#/components/%s/%s", kind, name)));
    return d;
}

#define S oa_str
#define J oa_json
#define obj oa_obj
#define put oa_put

static pv *strlist(arena *a, const char *s)
{
    pv *l = pv_list(a, 1);
    pv_list_push(a, l, S(a, s));
    return l;
}

/* ------------------------------------------------------------ the prose */

static const char DESCRIPTION[] =
    "Same input, same output, same exception type, same message as CPython 3.11; no Python inside "
    "(C11). Browse and try every operation at `/docs`; generate a client from `/openapi.json`.\n\n"
    "**Calls.** Every operation is `POST /v1/<module>/<function>` with a JSON object of Python's "
    "argument names; omitted arguments take Python's defaults, unknown ones are refused. Operations "
    "without side effects whose arguments are scalars also answer `GET` with query arguments "
    "(operationId `<module>_<function>_get`); query values that are not plain scalars are JSON text "
    "(`seed=%22abc%22`, `flags=%5B%22I%22%5D`).\n\n"
    "**Values.** Success is `200 {\"result\": ...}`. Ints of any size are exact JSON integers both ways; "
    "floats are written with Python's `repr` digits (`0.1`, `1e+16`, `1.0`); inf and nan travel as the "
    "strings `\"Infinity\"`, `\"-Infinity\"`, `\"NaN\"`; bytes as base64; tuples as arrays; a str "
    "holding a lone surrogate as a `\\uXXXX` escape.\n\n"
    "**Errors** are `{\"error\": {\"type\": ..., \"message\": ..., ...}}`:\n\n"
    "| status | type | when |\n"
    "|---|---|---|\n"
    "| 400 | `BadRequest` | the body is not a JSON object; an unknown, missing or wrongly typed argument |\n"
    "| 404 | `NotFound` | no such path (or job) |\n"
    "| 405 | `MethodNotAllowed` | another method than the path takes (the `Allow` header lists them) |\n"
    "| 413 | `PayloadTooLarge` | the body is larger than the service's limit |\n"
    "| 422 | the Python exception's class (`ValueError`, `re.error`, `json.decoder.JSONDecodeError`, "
    "`UnicodeDecodeError`, `FileNotFoundError`, ...) | the function raised: `message` is `str(exc)` byte "
    "for byte, plus the exception's attributes (`pos`, `lineno`, `start`, `errno`, ...) |\n"
    "| 422 | `ResourceLimitError` | a configured cap stopped the work (sizes, regex backtracking, depth) |\n"
    "| 429 | `Busy` | too much waiting work (`Retry-After`) |\n"
    "| 503 | `Unavailable` | the service is shutting down (`Retry-After`) |\n\n"
    "**Long calls** (sleep, network, big maps) run as jobs: `POST /v1/jobs` with the operation's path "
    "and arguments, then `GET /v1/jobs/{id}?wait=SECS`.";

/* Every error response shares the error object. */
static const char ERROR_SCHEMA[] =
    "{\"type\": \"object\", \"required\": [\"error\"], \"additionalProperties\": false, \"properties\": {"
    "\"error\": {\"type\": \"object\", \"required\": [\"type\", \"message\"], \"additionalProperties\": true,"
    " \"properties\": {"
    "\"type\": {\"type\": \"string\", \"description\": \"BadRequest, NotFound, MethodNotAllowed, "
    "PayloadTooLarge, ResourceLimitError, Busy, Unavailable, or the Python exception's class as a traceback "
    "names it (ValueError, re.error, json.decoder.JSONDecodeError, ...)\"},"
    "\"message\": {\"type\": \"string\", \"description\": \"str(exc) for a Python exception, byte for byte; "
    "free text otherwise\"},"
    "\"pos\": {\"type\": [\"integer\", \"null\"], \"description\": \"re.error, JSONDecodeError\"},"
    "\"msg\": {\"type\": \"string\", \"description\": \"JSONDecodeError\"},"
    "\"lineno\": {\"type\": \"integer\", \"description\": \"JSONDecodeError\"},"
    "\"colno\": {\"type\": \"integer\", \"description\": \"JSONDecodeError\"},"
    "\"encoding\": {\"type\": \"string\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"start\": {\"type\": \"integer\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"end\": {\"type\": \"integer\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"reason\": {\"description\": \"UnicodeError (str), urllib.error.URLError / HTTPError\"},"
    "\"errno\": {\"type\": [\"integer\", \"null\"], \"description\": \"OSError and its subclasses\"},"
    "\"strerror\": {\"type\": [\"string\", \"null\"], \"description\": \"OSError\"},"
    "\"filename\": {\"description\": \"OSError: the path as the client named it\"},"
    "\"filename2\": {\"description\": \"OSError (rename, replace)\"},"
    "\"code\": {\"type\": \"integer\", \"description\": \"urllib.error.HTTPError\"}}}}}";

typedef struct err_resp {
    const char *name, *description, *examples; /* examples: {"name": body, ...} */
    bool retry_after, allow;
} err_resp;

/* The reusable error responses (components/responses).  The example bodies
 * are what pystd answers, copied from a live server. */
static const err_resp ERRORS[] = {
    {"BadRequest",
     "BadRequest: the body is not a JSON object, or an argument is unknown, missing or of the wrong JSON "
     "type (the function never ran)",
     "{\"missing\": {\"value\": {\"error\": {\"type\": \"BadRequest\", \"message\": \"missing required argument "
     "'pattern'\"}}}, \"wrong type\": {\"value\": {\"error\": {\"type\": \"BadRequest\", \"message\": \"argument "
     "'pattern' must be of type str\"}}}, \"not JSON\": {\"value\": {\"error\": {\"type\": \"BadRequest\", "
     "\"message\": \"body is not valid JSON: Expecting value: line 1 column 1 (char 0)\"}}}}",
     false, false},
    {"PayloadTooLarge", "PayloadTooLarge: the body is larger than the service's --max-body",
     "{\"too large\": {\"value\": {\"error\": {\"type\": \"PayloadTooLarge\", \"message\": \"request body larger "
     "than the limit\"}}}}",
     false, false},
    {"PythonError",
     "The Python function raised: `type` is the exception's class as a traceback names it, `message` is "
     "`str(exc)` byte for byte, plus the exception's attributes; or a configured cap stopped the work "
     "(ResourceLimitError)",
     "{\"ValueError\": {\"value\": {\"error\": {\"type\": \"ValueError\", \"message\": \"empty range for "
     "randrange() (10, 5, -5)\"}}}, \"re.error\": {\"value\": {\"error\": {\"type\": \"re.error\", \"message\": "
     "\"missing ), unterminated subpattern at position 0\", \"pos\": 0}}}, \"JSONDecodeError\": {\"value\": "
     "{\"error\": {\"type\": \"json.decoder.JSONDecodeError\", \"message\": \"Expecting value: line 1 column 4 "
     "(char 3)\", \"msg\": \"Expecting value\", \"pos\": 3, \"lineno\": 1, \"colno\": 4}}}, "
     "\"ResourceLimitError\": {\"value\": {\"error\": {\"type\": \"ResourceLimitError\", \"message\": "
     "\"getrandbits(100000000) could exceed the limit of 100000 digits\"}}}}",
     false, false},
    {"Busy", "Busy: too many calls that wait (sleep, network) are in progress; retry after Retry-After seconds",
     "{\"busy\": {\"value\": {\"error\": {\"type\": \"Busy\", \"message\": \"too many blocking calls in progress; "
     "retry later\"}}}}",
     true, false},
    {"OtherError",
     "Another error: 404 NotFound (no such path), 405 MethodNotAllowed (another method; `Allow` lists "
     "the ones the path takes), 429 Busy or 503 Unavailable (`Retry-After`)",
     "{\"NotFound\": {\"value\": {\"error\": {\"type\": \"NotFound\", \"message\": \"no such path: "
     "/v1/nosuch\"}}}, \"MethodNotAllowed\": {\"value\": {\"error\": {\"type\": \"MethodNotAllowed\", "
     "\"message\": \"PUT not allowed on /v1/re/search\"}}}}",
     false, true},
};

static pv *error_response(arena *a, const err_resp *e)
{
    pv *r = obj(a), *c = obj(a), *m = obj(a);
    put(a, r, "description", S(a, e->description));
    if (e->retry_after || e->allow) {
        pv *h = obj(a), *one = obj(a), *sch = obj(a);
        put(a, sch, "type", S(a, e->retry_after ? "integer" : "string"));
        put(a, one, "description", S(a, e->retry_after ? "seconds to wait before retrying"
                                                        : "with 405: the methods the path takes"));
        put(a, one, "schema", sch);
        put(a, h, e->retry_after ? "Retry-After" : "Allow", one);
        put(a, r, "headers", h);
    }
    put(a, m, "schema", oa_ref(a, "schemas", "Error"));
    put(a, m, "examples", J(a, e->examples));
    put(a, c, "application/json", m);
    put(a, r, "content", c);
    return r;
}

/* ------------------------------------------------------------ operations */

static const char *type_name(arg_type t)
{
    switch (t) {
    case A_STR:
    case A_BYTES: return "string";
    case A_INT: return "integer";
    case A_FLOAT:
    case A_NUM: return "number";
    case A_BOOL: return "boolean";
    case A_LIST: return "array";
    case A_DICT: return "object";
    case A_ANY: break;
    }
    return NULL;
}

static pv *type_schema(arena *a, const op_arg *arg, const pv *dflt)
{
    pv *s = obj(a);
    const char *t = type_name(arg->type);
    if (t) {
        if (arg->flags & ARG_NULLABLE) {
            pv *l = strlist(a, t);
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

static char *tag_of(arena *a, const char *mod)
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
    pv *result = r->op->result_schema ? J(a, r->op->result_schema)
                                      : J(a, "{\"description\": \"any JSON value: what the Python function returns\"}");
    pv *declared = result;
    put(a, sch, "type", S(a, "object"));
    put(a, sch, "required", strlist(a, "result"));
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
        put(a, s, "description", S(a, "the generator's getstate() after the call, when return_state is true "
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
    put(a, res, "description", S(a, arena_printf(a, "The Python function raised (%s, or another exception as "
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
    if (r->op->flags & OP_BLOCKING)
        put(a, res, "429", oa_ref(a, "responses", "Busy"));
    put(a, res, "default", oa_ref(a, "responses", "OtherError"));
    return res;
}

static const char *op_description(arena *a, const route *r, const char *id)
{
    const char *d = "";
    if (r->op->flags & OP_GET)
        d = arena_printf(a, "Also answers `GET %s` with query arguments (operationId `%s_get`).", r->path, id);
    else
        d = "POST only.";
    if (r->op->flags & OP_WRITES)
        d = arena_printf(a, "%s Changes the file sandbox (the service's --data-dir).", d);
    if (r->op->flags & OP_BLOCKING)
        d = arena_printf(a,
                         "%s May wait (sleep, network): runs on a worker thread (429 Busy when they are all "
                         "taken); for long calls submit it as a job: `POST /v1/jobs {\"op\": \"%s\", \"args\": "
                         "{...}}`.",
                         d, r->path);
    return d;
}

static pv *operation(arena *a, const route *r, const pv *schemas)
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
    pv *example = r->op->example ? J(a, r->op->example) : NULL;
    if (example)
        put(a, media, "example", example);
    pv *content = obj(a);
    put(a, content, "application/json", media);
    pv *body = obj(a);
    put(a, body, "required", pv_bool(required->l.len > 0));
    put(a, body, "content", content);

    pv *tags = strlist(a, tag_of(a, r->mod->name));
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
            pv *sch = type_schema(a, arg, r->defaults[i]);
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

/* ------------------------------------------------------------ service endpoints */

typedef struct service_ep {
    const char *path, *id, *summary, *ctype, *schema, *example;
} service_ep;

#define STATUS_SCHEMA "{\"type\": \"object\", \"required\": [\"status\"], \"properties\": {\"status\": {\"type\": \"string\"}}}"
static const service_ep SERVICE[] = {
    {"/healthz", "healthz", "Liveness", "application/json", STATUS_SCHEMA, "{\"status\": \"ok\"}"},
    {"/readyz", "readyz", "Readiness (503 while draining after SIGTERM)", "application/json", STATUS_SCHEMA,
     "{\"status\": \"ready\"}"},
    {"/metrics", "metrics", "Metrics in the Prometheus text format", "text/plain", "{\"type\": \"string\"}",
     "\"# TYPE pystd_http_requests_total counter\\npystd_http_requests_total{route=\\\"/healthz\\\","
     "method=\\\"GET\\\",status=\\\"200\\\"} 1\\n\""},
    {"/openapi.json", "openapi", "This OpenAPI document", "application/json", "{\"type\": \"object\"}", NULL},
    {"/docs", "docs", "Browsable, searchable API page with \"try it\"", "text/html", "{\"type\": \"string\"}",
     NULL},
    {"/v1", "index", "Modules and their functions", "application/json",
     "{\"type\": \"object\", \"required\": [\"modules\"], \"properties\": {\"modules\": {\"type\": \"object\","
     "\"additionalProperties\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}}}",
     "{\"modules\": {\"random\": [\"choice\", \"randint\"], \"re\": [\"search\", \"sub\"]}}"},
};

static pv *service_item(arena *a, const service_ep *ep)
{
    pv *item = obj(a), *get = obj(a), *res = obj(a), *ok = obj(a), *c = obj(a), *m = obj(a);
    put(a, m, "schema", J(a, ep->schema));
    if (ep->example)
        put(a, m, "example", J(a, ep->example));
    put(a, c, ep->ctype, m);
    put(a, ok, "description", S(a, ep->summary));
    put(a, ok, "content", c);
    put(a, res, "200", ok);
    if (strcmp(ep->id, "readyz") == 0) {
        pv *r = obj(a), *rc = obj(a), *rm = obj(a);
        put(a, rm, "schema", J(a, STATUS_SCHEMA));
        put(a, rm, "example", J(a, "{\"status\": \"draining\"}"));
        put(a, rc, "application/json", rm);
        put(a, r, "description", S(a, "draining: the service is shutting down"));
        put(a, r, "content", rc);
        put(a, res, "503", r);
    }
    put(a, res, "default", oa_ref(a, "responses", "OtherError"));
    put(a, get, "operationId", S(a, ep->id));
    put(a, get, "summary", S(a, ep->summary));
    put(a, get, "tags", strlist(a, "service"));
    put(a, get, "responses", res);
    put(a, item, "get", get);
    return item;
}

/* ------------------------------------------------------------ the whole-document pass */

static bool is_value_key(const char *k)
{
    return !strcmp(k, "example") || !strcmp(k, "examples") || !strcmp(k, "default") || !strcmp(k, "const") ||
           !strcmp(k, "enum");
}

static bool says_object(const pv *t)
{
    if (t->kind == PV_STR)
        return strcmp(t->s.p, "object") == 0;
    for (size_t i = 0; t->kind == PV_LIST && i < t->l.len; i++)
        if (t->l.items[i]->kind == PV_STR && strcmp(t->l.items[i]->s.p, "object") == 0)
            return true;
    return false;
}

static void hoist(arena *a, pv *v, pv *schemas, int depth);

/* A schema with a "title" names a type: it moves to components/schemas
 * under that title and a $ref takes its place (the first one wins; an
 * unequal schema with the same title stays where it is). */
static pv *hoisted(arena *a, pv *v, pv *schemas)
{
    pv *t = v->kind == PV_DICT ? pv_dict_getc(v, "title") : NULL;
    if (!t || t->kind != PV_STR || !t->s.len || strchr(t->s.p, '/'))
        return v;
    pv *have = pv_dict_getc(schemas, t->s.p);
    if (!have) {
        pv_dict_setc(a, schemas, t->s.p, v);
        hoist(a, v, schemas, 1);
    } else if (have != v && !pv_eq(have, v)) {
        return v;
    }
    return oa_ref(a, "schemas", t->s.p);
}

static void hoist(arena *a, pv *v, pv *schemas, int depth)
{
    if (depth > 48)
        return;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++) {
            v->l.items[i] = hoisted(a, v->l.items[i], schemas);
            hoist(a, v->l.items[i], schemas, depth + 1);
        }
    } else if (v->kind == PV_DICT) {
        for (size_t i = 0; i < v->d.len; i++) {
            if (is_value_key(v->d.items[i].key->s.p)) /* values, not schemas */
                continue;
            v->d.items[i].val = hoisted(a, v->d.items[i].val, schemas);
            hoist(a, v->d.items[i].val, schemas, depth + 1);
        }
    }
}

/* {"type": "object"} alone means any object; generators read it as an
 * object with no members (openapi-typescript: Record<string, never>), so
 * it gets an explicit "additionalProperties": true. */
static void open_objects(arena *a, pv *v, int depth)
{
    if (depth > 64)
        return;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++)
            open_objects(a, v->l.items[i], depth + 1);
        return;
    }
    if (v->kind != PV_DICT)
        return;
    const pv *t = pv_dict_getc(v, "type");
    if (t && says_object(t) && !pv_dict_getc(v, "properties") && !pv_dict_getc(v, "additionalProperties") &&
        !pv_dict_getc(v, "patternProperties"))
        put(a, v, "additionalProperties", pv_bool(true));
    for (size_t i = 0; i < v->d.len; i++)
        if (!is_value_key(v->d.items[i].key->s.p))
            open_objects(a, v->d.items[i].val, depth + 1);
}

/* Is "#/components/<what>" referred to anywhere under v? */
static bool referred(const pv *v, const char *target, int depth)
{
    if (depth > 64)
        return false;
    if (v->kind == PV_LIST) {
        for (size_t i = 0; i < v->l.len; i++)
            if (referred(v->l.items[i], target, depth + 1))
                return true;
    } else if (v->kind == PV_DICT) {
        for (size_t i = 0; i < v->d.len; i++) {
            const pv *k = v->d.items[i].key, *x = v->d.items[i].val;
            if (strcmp(k->s.p, "$ref") == 0 && x->kind == PV_STR && strcmp(x->s.p, target) == 0)
                return true;
            if (referred(x, target, depth + 1))
                return true;
        }
    }
    return false;
}

static const char *const METHODS[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

/* What resource endpoints may leave out: a default error response, the
 * examples of their JSON responses (from the declared table). */
static void complete_resources(arena *a, pv *paths)
{
    for (size_t i = 0; i < paths->d.len; i++) {
        const char *path = paths->d.items[i].key->s.p;
        pv *item = paths->d.items[i].val;
        for (size_t m = 0; item->kind == PV_DICT && m < sizeof METHODS / sizeof METHODS[0]; m++) {
            pv *op = pv_dict_getc(item, METHODS[m]);
            pv *res = op && op->kind == PV_DICT ? pv_dict_getc(op, "responses") : NULL;
            if (!res || res->kind != PV_DICT)
                continue;
            if (!pv_dict_getc(res, "default"))
                put(a, res, "default", oa_ref(a, "responses", "OtherError"));
            for (size_t s = 0; s < res->d.len; s++) {
                pv *resp = res->d.items[s].val;
                pv *c = resp->kind == PV_DICT ? pv_dict_getc(resp, "content") : NULL;
                pv *mt = c && c->kind == PV_DICT && c->d.len ? c->d.items[0].val : NULL; /* the first media type */
                if (!mt || mt->kind != PV_DICT || pv_dict_getc(mt, "example") || pv_dict_getc(mt, "examples"))
                    continue;
                pv *ex = oa_resource_example(a, METHODS[m], path, res->d.items[s].key->s.p);
                if (ex)
                    put(a, mt, "example", ex);
            }
        }
    }
}

/* Tags that paths use but no module declares (the jobs): described here. */
static const char *const EXTRA_TAGS[][2] = {
    {"service", "Health, readiness, metrics, this document, the /docs page and the index of operations"},
    {"jobs", "concurrent.futures / asyncio-style jobs: submit any operation, map it over a list, wait for it, "
             "cancel it, follow its progress as Server-Sent Events"},
};

static bool has_tag(const pv *tags, const char *name)
{
    for (size_t i = 0; i < tags->l.len; i++)
        if (strcmp(pv_dict_getc(tags->l.items[i], "name")->s.p, name) == 0)
            return true;
    return false;
}

static void add_used_tags(arena *a, pv *tags, const pv *paths)
{
    for (size_t i = 0; i < paths->d.len; i++) {
        const pv *item = paths->d.items[i].val;
        for (size_t m = 0; item->kind == PV_DICT && m < item->d.len; m++) {
            const pv *op = item->d.items[m].val;
            const pv *t = op->kind == PV_DICT ? pv_dict_getc(op, "tags") : NULL;
            for (size_t k = 0; t && t->kind == PV_LIST && k < t->l.len; k++) {
                if (t->l.items[k]->kind != PV_STR || has_tag(tags, t->l.items[k]->s.p))
                    continue;
                pv *d = obj(a);
                put(a, d, "name", t->l.items[k]);
                for (size_t e = 0; e < sizeof EXTRA_TAGS / sizeof EXTRA_TAGS[0]; e++)
                    if (strcmp(EXTRA_TAGS[e][0], t->l.items[k]->s.p) == 0)
                        put(a, d, "description", S(a, EXTRA_TAGS[e][1]));
                pv_list_push(a, tags, d);
            }
        }
    }
}

/* docs.python.org has a page per module; builtins live in functions.html. */
static pv *python_docs(arena *a, const char *tag)
{
    pv *d = obj(a);
    const char *page = strcmp(tag, "builtins") == 0 ? "functions" : tag;
    put(a, d, "description", S(a, arena_printf(a, "Python 3.11: %s", tag)));
    put(a, d, "url", S(a, arena_printf(a, "https://docs.python.org/3.11/library/%s.html", page)));
    return d;
}

/* A module's named schemas (pystd_module.schemas), each under its name; a
 * declaration that is not a JSON object shows under the module's name (the
 * document's tests see it) rather than vanishing. */
static void add_module_schemas(arena *a, pv *schemas, const pystd_module *mod)
{
    if (!mod->schemas)
        return;
    pv *d = J(a, mod->schemas);
    if (d->kind != PV_DICT) {
        put(a, schemas, mod->name, d);
        return;
    }
    for (size_t i = 0; i < d->d.len; i++)
        pv_dict_set(a, schemas, d->d.items[i].key, d->d.items[i].val);
}

static pv *build(arena *a)
{
    pv *doc = obj(a);
    put(a, doc, "openapi", S(a, "3.1.0"));
    pv *info = obj(a);
    put(a, info, "title", S(a, "pystd"));
    put(a, info, "version", S(a, PYSTD_VERSION));
    put(a, info, "summary", S(a, "The Python standard library over HTTP/JSON, with CPython 3.11 semantics."));
    put(a, info, "description", S(a, DESCRIPTION));
    put(a, info, "license", J(a, "{\"name\": \"MIT\", \"identifier\": \"MIT\"}"));
    put(a, doc, "info", info);
    put(a, doc, "servers",
        J(a, "[{\"url\": \"/\", \"description\": \"this service (the origin that serves this document)\"},"
             " {\"url\": \"http://{host}:{port}\", \"description\": \"a pystd elsewhere (scripts/serve.sh, "
             "docker run -p 8080:8080 pystd)\", \"variables\": {\"host\": {\"default\": \"localhost\"}, "
             "\"port\": {\"default\": \"8080\"}}}]"));

    pv *tags = pv_list(a, 16);
    for (size_t m = 0; pystd_modules[m]; m++) {
        pv *t = obj(a);
        char *name = tag_of(a, pystd_modules[m]->name);
        put(a, t, "name", S(a, name));
        if (pystd_modules[m]->doc)
            put(a, t, "description", S(a, pystd_modules[m]->doc));
        put(a, t, "externalDocs", python_docs(a, name));
        pv_list_push(a, tags, t);
    }
    put(a, doc, "tags", tags);

    /* the resource endpoints' paths and the modules' named schemas first
     * (the operations refer to them), the paths in the document after the ops */
    pv *schemas = obj(a), *extra = obj(a), *paths = obj(a);
    put(a, schemas, "Error", J(a, ERROR_SCHEMA));
    for (size_t m = 0; pystd_modules[m]; m++)
        add_module_schemas(a, schemas, pystd_modules[m]);
    for (size_t i = 0; i < nextra; i++)
        extra_paths[i](a, extra, schemas);
    for (size_t i = 0; i < registry_count(); i++)
        put(a, paths, registry_at(i)->path, operation(a, registry_at(i), schemas));
    for (size_t i = 0; i < extra->d.len; i++)
        pv_dict_set(a, paths, extra->d.items[i].key, extra->d.items[i].val);
    for (size_t i = 0; i < sizeof SERVICE / sizeof SERVICE[0]; i++)
        put(a, paths, SERVICE[i].path, service_item(a, &SERVICE[i]));
    put(a, doc, "paths", paths);

    add_used_tags(a, tags, paths);

    complete_resources(a, paths);
    pv *responses = obj(a);
    for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) /* those in use */
        if (referred(paths, arena_printf(a, "#/components/responses/%s", ERRORS[i].name), 0))
            put(a, responses, ERRORS[i].name, error_response(a, &ERRORS[i]));
    hoist(a, paths, schemas, 0);
    open_objects(a, paths, 0);
    open_objects(a, schemas, 0);
    pv *comp = obj(a);
    put(a, comp, "schemas", schemas);
    put(a, comp, "responses", responses);
    put(a, doc, "components", comp);
    return doc;
}

/* ------------------------------------------------------------ rendering */

static pthread_once_t doc_once = PTHREAD_ONCE_INIT, index_once = PTHREAD_ONCE_INIT;
static char *doc_text, *index_text;
static size_t doc_len, index_len;

static void render_doc(void)
{
    arena *a = arena_new();
    json_write_opts o = {.ensure_ascii = false, .allow_nan = false, .indent = "  ", .indent_len = 2,
                         .escape_lone_surrogates = true, .nan_as_string = true, .bytes_base64 = true};
    strbuf sb = STRBUF_INIT;
    py_err e;
    json_write(&sb, build(a), &o, a, &e);
    strbuf_putc(&sb, '\n');
    doc_text = strbuf_detach(&sb, &doc_len);
    arena_free(a);
}

static void render_index(void)
{
    arena *a = arena_new();
    strbuf sb = STRBUF_INIT;
    py_err e;
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
    index_text = strbuf_detach(&sb, &index_len);
    arena_free(a);
}

const char *openapi_json(size_t *len)
{
    pthread_once(&doc_once, render_doc);
    *len = doc_len;
    return doc_text;
}

const char *openapi_index_json(size_t *len)
{
    pthread_once(&index_once, render_index);
    *len = index_len;
    return index_text;
}
