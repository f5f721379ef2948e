/* Routing: service endpoints, resource endpoints (jobs), then the op table.
 * Everything here runs on an HTTP thread, so nothing here may block; ops
 * flagged OP_BLOCKING are handed to the offload pool. */
#include "dispatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/taskpool.h"
#include "docs.h"
#include "http.h"
#include "json/json.h"
#include "metrics.h"
#include "openapi.h"
#include "registry.h"
#include "service.h"
#include "text/utf8.h"

enum { S_HEALTHZ, S_READYZ, S_METRICS, S_OPENAPI, S_DOCS, S_V1, NSERVICE };
static const char *const SERVICE_PATHS[NSERVICE] = {"/healthz", "/readyz", "/metrics",
                                                    "/openapi.json", "/docs", "/v1"};
static unsigned service_ids[NSERVICE];
static unsigned *route_ids; /* metrics label of each registry route */

typedef struct resource {
    const char *prefix;
    resource_fn fn;
    unsigned id, sub_id; /* labels: the prefix itself, and the prefix with "/" and a star */
} resource;
static resource resources[8];
static size_t nresources;

static taskpool *offload; /* OP_BLOCKING ops run here */

void dispatch_add_resource(const char *prefix, resource_fn fn)
{
    if (nresources < sizeof resources / sizeof resources[0]) {
        resource *r = &resources[nresources++];
        r->prefix = prefix;
        r->fn = fn;
        r->id = metrics_label(prefix);
        /* The label text must live as long as the process: a static slot. */
        static char subs[8][64];
        snprintf(subs[nresources - 1], sizeof subs[0], "%s/*", prefix);
        r->sub_id = metrics_label(subs[nresources - 1]);
    }
}

int dispatch_init(void)
{
    for (int i = 0; i < NSERVICE; i++)
        service_ids[i] = metrics_label(SERVICE_PATHS[i]);
    size_t n = registry_count();
    route_ids = calloc(n ? n : 1, sizeof *route_ids);
    if (!route_ids)
        return -1;
    for (size_t i = 0; i < n; i++)
        route_ids[i] = metrics_label(registry_at(i)->path);
    metrics_unmatched();
    dispatch_add_resource("/docs", docs_resource); /* its assets; /docs itself is a service path */
    offload = taskpool_new(32, 1024);
    return offload ? 0 : -1;
}

void dispatch_fini(void)
{
    taskpool_free(offload, true, NULL);
    offload = NULL;
    free(route_ids);
    route_ids = NULL;
}

static bool is(const request *rq, const char *p)
{
    size_t n = strlen(p);
    return rq->path_len == n && memcmp(rq->path, p, n) == 0;
}

void dispatch_not_found(request *rq, response *rs)
{
    response_http_error(rs, rq->a, 404, "NotFound", "no such path: %.*s", (int)rq->path_len, rq->path);
}

void dispatch_not_allowed(request *rq, response *rs, const char *allow)
{
    response_http_error(rs, rq->a, 405, "MethodNotAllowed", "%s not allowed on %.*s", rq->method,
                        (int)rq->path_len, rq->path);
    response_header(rs, "Allow", allow);
}

static void service(request *rq, response *rs, int which)
{
    rs->route_id = service_ids[which];
    if (strcmp(rq->method, "GET") != 0) {
        dispatch_not_allowed(rq, rs, "GET");
        return;
    }
    size_t n;
    const char *text;
    switch (which) {
    case S_HEALTHZ:
        response_text(rs, 200, NULL, "{\"status\":\"ok\"}", 15);
        return;
    case S_READYZ:
        if (service_draining())
            response_text(rs, 503, NULL, "{\"status\":\"draining\"}", 21);
        else
            response_text(rs, 200, NULL, "{\"status\":\"ready\"}", 18);
        return;
    case S_METRICS:
        strbuf_clear(&rs->body);
        metrics_render(&rs->body);
        rs->status = 200;
        rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
        return;
    case S_OPENAPI:
        text = openapi_json(&n);
        response_text(rs, 200, NULL, text, n);
        return;
    case S_DOCS:
        text = docs_html(&n);
        response_text(rs, 200, "text/html; charset=utf-8", text, n);
        return;
    case S_V1:
        text = openapi_index_json(&n);
        response_text(rs, 200, NULL, text, n);
        return;
    }
}

static void run_op(request *rq, response *rs, const route *r, const pv *args, jobs_ctl *job)
{
    op_ctx c;
    if (registry_call(r, rq->a, args, job, &c) < 0)
        response_error(rs, rq->a, &c.err);
    else
        response_result(rs, rq->a, c.result, c.extra);
}

typedef struct blocking_call {
    const route *r;
    pv *args;
    request *rq;
    response *rs;
} blocking_call;

static void blocking_task(void *arg)
{
    blocking_call *bc = arg;
    run_op(bc->rq, bc->rs, bc->r, bc->args, NULL);
    http_resume(bc->rq);
}

static void start_blocking(request *rq, response *rs)
{
    blocking_call *bc = rs->ctx;
    bc->rq = rq;
    bc->rs = rs;
    if (taskpool_submit(offload, blocking_task, bc) < 0) {
        py_err e;
        py_http_error(&e, rq->a, 429, "Busy", "too many blocking calls in progress; retry later");
        e.retry_after = "1";
        response_error(rs, rq->a, &e);
        http_resume(rq);
    }
}

int dispatch_body_object(request *rq, pv **out, py_err *e)
{
    const char *text = rq->body_len ? rq->body : "{}";
    size_t len = rq->body_len ? rq->body_len : 2;
    size_t bad;
    if (!utf8_check(text, len, NULL, NULL, &bad))
        return py_bad_request(e, rq->a, "body is not valid JSON: invalid UTF-8 at byte %zu", bad);
    json_read_opts o = {.errmode = JSON_ERR_BODY,
                        .max_depth = config.json_max_depth,
                        .max_int_digits = config.int_max_digits};
    if (json_parse(rq->a, text, len, &o, out, e) < 0)
        return -1;
    if ((*out)->kind != PV_DICT)
        return py_bad_request(e, rq->a, "body must be a JSON object");
    return 0;
}

void dispatch(request *rq, response *rs)
{
    arena *a = rq->a;
    rs->route_id = metrics_unmatched();
    for (int i = 0; i < NSERVICE; i++)
        if (is(rq, SERVICE_PATHS[i])) {
            service(rq, rs, i);
            return;
        }
    for (size_t i = 0; i < nresources; i++) {
        size_t n = strlen(resources[i].prefix);
        if (rq->path_len >= n && memcmp(rq->path, resources[i].prefix, n) == 0 &&
            (rq->path_len == n || rq->path[n] == '/')) {
            rs->route_id = rq->path_len == n ? resources[i].id : resources[i].sub_id;
            resources[i].fn(rq, rs);
            return;
        }
    }
    const route *r = registry_find(rq->path, rq->path_len);
    if (!r) {
        dispatch_not_found(rq, rs);
        return;
    }
    rs->route_id = route_ids[r->id];
    pv *args;
    py_err e;
    bool get_ok = (r->op->flags & OP_GET) != 0;
    if (strcmp(rq->method, "POST") == 0) {
        if (dispatch_body_object(rq, &args, &e) < 0) {
            response_error(rs, a, &e);
            return;
        }
    } else if (get_ok && strcmp(rq->method, "GET") == 0) {
        if (registry_query_args(r, a, rq->query, rq->query_len, &args, &e) < 0) {
            response_error(rs, a, &e);
            return;
        }
    } else {
        dispatch_not_allowed(rq, rs, get_ok ? "GET, POST" : "POST");
        return;
    }
    if (r->op->flags & OP_BLOCKING) {
        blocking_call *bc = arena_alloc(a, sizeof *bc);
        bc->r = r;
        bc->args = args;
        rs->ctx = bc;
        rs->deferred = start_blocking;
        return;
    }
    run_op(rq, rs, r, args, NULL);
}
