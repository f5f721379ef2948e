/* The OpenAPI 3.1 document (openapi.h): its info and prose, the tags (one
 * per module), the service endpoints' paths, the modules' named schemas,
 * and the assembly -- one path item per op (openapi_ops.c), the paths the
 * resource endpoints add (jobs), the error vocabulary (openapi_errors.c) and
 * the pass over the whole document (openapi_pass.c) -- then the rendering,
 * and the /v1 index.  Also the building blocks the other openapi*.c files
 * share (openapi_int.h).
 *
 * The text must be byte-identical from run to run (openapi/openapi.json is
 * this text, tests/integration/test_service.py keeps them equal): nothing
 * here depends on time, the environment or hash order. */
#include "openapi.h"

#include <pthread.h>
#include <string.h>

#include "json/json.h"
#include "openapi_int.h"
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

/* ------------------------------------------------------------ building blocks */

pv *oa_str(arena *a, const char *s)
{
    return pv_cstr(a, s);
}

pv *oa_json(arena *a, const char *text)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    if (json_parse(a, text, strlen(text), &o, &v, &e) < 0)
        return oa_str(a, text);
    return v;
}

pv *oa_obj(arena *a)
{
    return pv_dict(a, 4);
}
void oa_put(arena *a, pv *d, const char *k, pv *v)
{
    pv_dict_setc(a, d, k, v);
}

pv *oa_ref(arena *a, const char *kind, const char *name)
{
    pv *d = oa_obj(a);
    oa_put(a, d, "$ref", oa_str(a, arena_printf(a, "#/components/%s/%s", kind, name)));
    return d;
}

pv *oa_strlist(arena *a, const char *s)
{
    pv *l = pv_list(a, 1);
    pv_list_push(a, l, oa_str(a, s));
    return l;
}

#define S oa_str
#define J oa_json
#define obj oa_obj
#define put oa_put

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
    "| 401 | `Unauthorized` | no bearer token, or one the service does not know (`WWW-Authenticate: Bearer`) "
    "|\n"
    "| 403 | `Forbidden` | the token lacks the operation's scope |\n"
    "| 405 | `MethodNotAllowed` | another method than the path takes (the `Allow` header lists them) |\n"
    "| 413 | `PayloadTooLarge` | the body is larger than the service's limit (once decompressed, for a "
    "compressed one) |\n"
    "| 415 | `UnsupportedMediaType` | a `Content-Encoding` other than gzip, deflate or identity |\n"
    "| 422 | the Python exception's class (`ValueError`, `re.error`, `json.decoder.JSONDecodeError`, "
    "`UnicodeDecodeError`, `FileNotFoundError`, ...) | the function raised: `message` is `str(exc)` byte "
    "for byte, plus the exception's attributes (`pos`, `lineno`, `start`, `errno`, ...) |\n"
    "| 422 | `ResourceLimitError` | a configured cap stopped the work (sizes, regex backtracking, depth) |\n"
    "| 429 | `Busy` | too much waiting work, or over the rate limit (`Retry-After`) |\n"
    "| 503 | `Unavailable` | the service is shutting down (`Retry-After`) |\n\n"
    "**Access.** With the service's --auth-file, requests carry `Authorization: Bearer <token>`; each "
    "operation names the scope it needs (`security`, `x-pystd-scopes`). Each token has its own files "
    "and jobs.\n\n"
    "**Long calls** (sleep, network, big maps) run as jobs: `POST /v1/jobs` with the operation's path "
    "and arguments, then `GET /v1/jobs/{id}?wait=SECS`.\n\n"
    "**HTTP.** `HEAD` is answered wherever `GET` is, `OPTIONS` everywhere (`204` with `Allow`). Answers "
    "over 1 KiB are gzip'ed when `Accept-Encoding` takes it; request bodies may be sent with "
    "`Content-Encoding: gzip`. `/openapi.json`, `/v1` and `/docs` carry a strong `ETag` (`304` on "
    "`If-None-Match`). Browsers on the origins the service allows (`--cors-origins`) may call it "
    "(CORS). A W3C `traceparent` is logged and passed on to urlopen's requests.";

/* ------------------------------------------------------------ service endpoints */

typedef struct service_ep {
    const char *path, *id, *summary, *ctype, *schema, *example;
} service_ep;

#define STATUS_SCHEMA                                                                                        \
    "{\"type\": \"object\", \"required\": [\"status\"], \"properties\": {\"status\": {\"type\": "            \
    "\"string\"}}}"
static const service_ep SERVICE[] = {
    {"/healthz", "healthz", "Liveness", "application/json", STATUS_SCHEMA, "{\"status\": \"ok\"}"},
    {"/readyz", "readyz", "Readiness (503 while draining after SIGTERM, or while the jobs backend is unreachable)",
     "application/json", STATUS_SCHEMA,
     "{\"status\": \"ready\"}"},
    {"/metrics", "metrics", "Metrics in the Prometheus text format", "text/plain", "{\"type\": \"string\"}",
     "\"# TYPE pystd_http_requests_total counter\\npystd_http_requests_total{route=\\\"/healthz\\\","
     "method=\\\"GET\\\",status=\\\"200\\\"} 1\\n\""},
    {"/openapi.json", "openapi", "This OpenAPI document", "application/json", "{\"type\": \"object\"}", NULL},
    {"/docs", "docs", "Browsable, searchable API page with \"try it\"", "text/html", "{\"type\": \"string\"}",
     NULL},
    {"/v1", "index", "Modules and their functions", "application/json",
     "{\"type\": \"object\", \"required\": [\"modules\"], \"properties\": {\"modules\": {\"type\": "
     "\"object\","
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
        put(a, r, "description",
            S(a, "draining: the service is shutting down; unavailable (with a reason and Retry-After): the "
                 "jobs backend (redis) cannot be reached"));
        put(a, r, "content", rc);
        put(a, res, "503", r);
    }
    put(a, res, "default", oa_ref(a, "responses", "OtherError"));
    put(a, get, "operationId", S(a, ep->id));
    put(a, get, "summary", S(a, ep->summary));
    put(a, get, "tags", oa_strlist(a, "service"));
    put(a, get, "responses", res);
    put(a, item, "get", get);
    return item;
}

/* ------------------------------------------------------------ the document */

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
        char *name = oa_tag(a, pystd_modules[m]->name);
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
    put(a, schemas, "Error", oa_error_schema(a));
    for (size_t m = 0; pystd_modules[m]; m++)
        add_module_schemas(a, schemas, pystd_modules[m]);
    for (size_t i = 0; i < nextra; i++)
        extra_paths[i](a, extra, schemas);
    for (size_t i = 0; i < registry_count(); i++)
        put(a, paths, registry_at(i)->path, oa_operation(a, registry_at(i), schemas));
    for (size_t i = 0; i < extra->d.len; i++)
        pv_dict_set(a, paths, extra->d.items[i].key, extra->d.items[i].val);
    for (size_t i = 0; i < sizeof SERVICE / sizeof SERVICE[0]; i++)
        put(a, paths, SERVICE[i].path, service_item(a, &SERVICE[i]));
    put(a, doc, "paths", paths);

    oa_add_used_tags(a, tags, paths);

    pv *comp = obj(a), *security = obj(a);
    auth_openapi(a, paths, security);
    oa_complete_resources(a, paths);
    pv *responses = oa_error_responses(a, paths);
    oa_hoist_titled(a, paths, schemas);
    oa_open_objects(a, paths);
    oa_open_objects(a, schemas);
    put(a, comp, "schemas", schemas);
    put(a, comp, "responses", responses);
    put(a, comp, "securitySchemes", pv_dict_getc(security, "securitySchemes"));
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
    json_write_opts o = {.ensure_ascii = false,
                         .allow_nan = false,
                         .indent = "  ",
                         .indent_len = 2,
                         .escape_lone_surrogates = true,
                         .nan_as_string = true,
                         .bytes_base64 = true};
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
