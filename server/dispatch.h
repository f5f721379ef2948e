/* Routing (server/dispatch.c): one HTTP exchange as the rest of the server
 * sees it -- http.c fills a request, dispatch() answers it (response.h) from
 * the service endpoints, the resource endpoints registered here (the jobs,
 * the /docs assets) or the op table (registry.h). */
#ifndef PYSTD_DISPATCH_H
#define PYSTD_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "py/py_err.h"
#include "py/py_value.h"
#include "response.h"
#include "trace.h"

struct request {
    arena *a; /* lives until the response is sent */
    const char *method;
    const char *path;
    size_t path_len;
    const char *query; /* after '?', or "" */
    size_t query_len;
    const char *body;
    size_t body_len;
    const char *request_id;
    const char *remote; /* the client's address, or NULL */
    /* who is asking (server/auth.c): the token's name (NULL: no token), its
     * scopes, and whether a token was presented that no line matches */
    const char *who;
    unsigned scopes;
    bool auth_bad;
    unsigned who_slot; /* its row in the per-token counters */
    bool head;         /* a HEAD request: routed as GET (method "GET"); http.c sends no body */
    trace_ctx trace;   /* the W3C trace context that came with it (trace.h) */
    bool accept_gzip;  /* Accept-Encoding takes gzip (http_codec.h) */
};

/* The method as the client said it (HEAD is routed as GET). */
static inline const char *request_method(const request *rq)
{
    return rq->head ? "HEAD" : rq->method;
}

/* A request header's value (the first one), or NULL.  On the HTTP thread
 * (server/http.c); copy it into rq->a to keep it for deferred work. */
const char *request_header(const request *rq, const char *name);

int dispatch_init(void);
/* Renders the static documents (/openapi.json, /v1, /docs) the first time
 * one is asked for (every path is registered by then); later calls return
 * at once. */
void dispatch_static_docs(void);
/* Close the compute pool while the HTTP server still runs: what is queued
 * or comes is answered 503, what runs finishes (bounded by
 * --max-request-seconds). */
void dispatch_stop_compute(void);
void dispatch_fini(void);
/* Route and answer one request (maybe deferred or streamed: see response.h). */
void dispatch(request *rq, response *rs);

/* Resource-style endpoints outside the op table (the job system): fn gets
 * every request whose path is `prefix` or starts with `prefix/` and has the
 * scope (auth.h; 0: open to all). */
typedef void (*resource_fn)(request *rq, response *rs);
void dispatch_add_resource(const char *prefix, resource_fn fn, unsigned scope);

/* Answers shared by the routes: 404 "no such path", 405 with an Allow header
 * (allow: the full list, HEAD and OPTIONS included).  An OPTIONS request is
 * routed like any other; the 405 it gets becomes 204 with the same Allow. */
void dispatch_not_found(request *rq, response *rs);
void dispatch_not_allowed(request *rq, response *rs, const char *allow);
#define ALLOW_GET "GET, HEAD, OPTIONS" /* the service paths, the /docs assets */
/* The JSON of a result may take up to twice --max-result-bytes (base64
 * bytes, escapes): the cap of a response's body (past it, 422). */
#define DISPATCH_RESPONSE_CAP "2 x --max-result-bytes"
size_t dispatch_response_max(void);
/* A POST body as the argument object (400 unless a JSON object). */
int dispatch_body_object(request *rq, pv **out, py_err *e);
/* On a worker, before heavy work queued at `queued_at` (clock_monotonic()):
 * false, with rs answered 429 Busy and Retry-After, when it waited longer
 * than --max-request-seconds or memory stays short (memory_room); counted in
 * /metrics. */
bool dispatch_admit(request *rq, response *rs, double queued_at);

#endif
