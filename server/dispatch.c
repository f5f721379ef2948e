/* Routing: service endpoints, resource endpoints (jobs), then the op table.
 * Everything here runs on an HTTP thread, so nothing here may block; ops
 * flagged OP_BLOCKING are handed to the offload pool. */
#include "dispatch.h"

#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/taskpool.h"
#include "compute.h"
#include "cors.h"
#include "docs.h"
#include "http.h"
#include "http_proxy.h"
#include "json/json.h"
#include "memory.h"
#include "metrics.h"
#include "openapi.h"
#include "registry.h"
#include "service.h"
#include "static_doc.h"
#include "text/utf8.h"

enum { S_HEALTHZ, S_READYZ, S_METRICS, S_OPENAPI, S_DOCS, S_V1, NSERVICE };
static const char *const SERVICE_PATHS[NSERVICE] = {"/healthz",      "/readyz", "/metrics",
                                                    "/openapi.json", "/docs",   "/v1"};
static size_t service_lens[NSERVICE]; /* strlen of each path, made by dispatch_init */
static unsigned service_ids[NSERVICE];
static unsigned *route_ids; /* metrics label of each registry route */
static _Atomic int64_t
    *pool_until_ms; /* per route: its ops go to the compute pool until then (monotonic ms) */

typedef struct resource {
    const char *prefix;
    size_t prefix_len;
    resource_fn fn;
    unsigned scope;      /* what a request needs (auth.h), 0: open */
    unsigned id, sub_id; /* labels: the prefix itself, and the prefix with "/" and a star */
} resource;
static resource resources[8];
static size_t nresources;

static taskpool *offload;                 /* OP_BLOCKING ops run here */
static static_doc openapi_doc, index_doc; /* /openapi.json, /v1 */

void dispatch_add_resource(const char *prefix, resource_fn fn, unsigned scope)
{
    if (nresources < sizeof resources / sizeof resources[0]) {
        resource *r = &resources[nresources++];
        r->prefix = prefix;
        r->prefix_len = strlen(prefix);
        r->fn = fn;
        r->scope = scope;
        r->id = metrics_label(prefix);
        /* The label text must live as long as the process: a static slot. */
        static char subs[8][64];
        snprintf(subs[nresources - 1], sizeof subs[0], "%s/*", prefix);
        r->sub_id = metrics_label(subs[nresources - 1]);
    }
}

int dispatch_init(void)
{
    if (cors_init() < 0 || http_proxy_init() < 0)
        return -1;
    for (int i = 0; i < NSERVICE; i++) {
        service_ids[i] = metrics_label(SERVICE_PATHS[i]);
        service_lens[i] = strlen(SERVICE_PATHS[i]);
    }
    size_t n = registry_count();
    route_ids = calloc(n ? n : 1, sizeof *route_ids);
    pool_until_ms = calloc(n ? n : 1, sizeof *pool_until_ms);
    if (!route_ids || !pool_until_ms)
        return -1;
    for (size_t i = 0; i < n; i++)
        route_ids[i] = metrics_label(registry_at(i)->path);
    metrics_unmatched();
    dispatch_add_resource("/docs", docs_resource, 0); /* its assets; /docs itself is a service path */
    offload = taskpool_new(32, 1024);
    return offload && compute_init() == 0 ? 0 : -1;
}

/* Built on first use, not at start: an idle service keeps only what it has
 * been asked for (the OpenAPI document and /docs take megabytes to make). */
static pthread_once_t docs_once = PTHREAD_ONCE_INIT;

static void build_static_docs(void)
{
    size_t len;
    const char *text = openapi_json(&len);
    static_doc_init(&openapi_doc, text, len, NULL, STATIC_DOC_REVALIDATE);
    text = openapi_index_json(&len);
    static_doc_init(&index_doc, text, len, NULL, STATIC_DOC_REVALIDATE);
    docs_init();
    malloc_trim(0); /* their scratch memory: the heap keeps freed memory (memory_tune_malloc) */
}

void dispatch_static_docs(void)
{
    pthread_once(&docs_once, build_static_docs);
}

void dispatch_stop_compute(void)
{
    compute_close();
}

void dispatch_fini(void)
{
    http_proxy_free();
    compute_fini();
    taskpool_free(offload, true, NULL);
    offload = NULL;
    free(route_ids);
    route_ids = NULL;
    free((void *)pool_until_ms);
    pool_until_ms = NULL;
}

static bool is_service(const request *rq, int i)
{
    size_t n = service_lens[i];
    return rq->path_len == n && memcmp(rq->path, SERVICE_PATHS[i], n) == 0;
}

void dispatch_not_found(request *rq, response *rs)
{
    response_http_error(rs, rq->a, 404, "NotFound", "no such path: %.*s", (int)rq->path_len, rq->path);
}

void dispatch_not_allowed(request *rq, response *rs, const char *allow)
{
    response_http_error(rs, rq->a, 405, "MethodNotAllowed", "%s not allowed on %.*s", request_method(rq),
                        (int)rq->path_len, rq->path);
    response_header(rs, "Allow", allow);
}

static void service(request *rq, response *rs, int which)
{
    rs->route_id = service_ids[which];
    if (which == S_METRICS && !auth_allow(rq, rs, AUTH_METRICS))
        return;
    if (strcmp(rq->method, "GET") != 0) {
        dispatch_not_allowed(rq, rs, ALLOW_GET);
        return;
    }
    const char *text;
    switch (which) {
    case S_HEALTHZ:
        response_text(rs, 200, NULL, "{\"status\":\"ok\"}", 15);
        return;
    case S_READYZ:
        if (service_draining()) {
            response_text(rs, 503, NULL, "{\"status\":\"draining\"}", 21);
        } else if (!service_ready(&text)) {
            strbuf_clear(&rs->body);
            strbuf_printf(&rs->body, "{\"status\":\"unavailable\",\"reason\":\"%s\"}", text);
            rs->status = 503;
            response_header(rs, "Retry-After", "1");
        } else
            response_text(rs, 200, NULL, "{\"status\":\"ready\"}", 18);
        return;
    case S_METRICS:
        strbuf_clear(&rs->body);
        metrics_render(&rs->body);
        rs->status = 200;
        rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
        return;
    case S_OPENAPI:
        dispatch_static_docs();
        static_doc_answer(&openapi_doc, rq, rs);
        return;
    case S_DOCS:
        dispatch_static_docs();
        static_doc_answer(docs_page(), rq, rs);
        return;
    case S_V1:
        dispatch_static_docs();
        static_doc_answer(&index_doc, rq, rs);
        return;
    }
}

/* ------------------------------------------------------------ running an op
 *
 * Where an op runs, and under which budget (base/budget.h):
 * - OP_BLOCKING (sleep, network): the offload pool, no deadline of ours (the
 *   op keeps --max-fetch-seconds or its own);
 * - a body over INLINE_BODY_MAX, or an op with side effects (OP_WRITES): the
 *   compute pool, parsing included, under --max-request-seconds;
 * - any other op: inline on the HTTP thread for a slice of INLINE_SLICE
 *   seconds.  Almost every request ends within it (POST /v1/random/random
 *   takes microseconds).  One that runs out of its slice is pure (no
 *   OP_WRITES), so its partial work -- all of it in the request arena -- is
 *   dropped and the request runs again from its parsed arguments on the
 *   compute pool, with the rest of --max-request-seconds.  So a heavy request
 *   holds an HTTP thread for about INLINE_SLICE at most, and nothing needs to
 *   guess the cost of an op in advance. */
#define INLINE_BODY_MAX (64 * 1024)
#define INLINE_SLICE 0.002
/* An op that runs far past its slice without noticing (a loop that does
 * not check the budget) would hold an HTTP thread each time: its route then
 * goes straight to the compute pool for a while.  "Runs" is CPU time: a
 * thread the kernel preempted has not overrun.  Reading a thread's CPU clock
 * is a system call (~0.5 us), so it is sampled at most every SAMPLE_EVERY
 * seconds, before a request starts; the CPU an op burned is then at least
 * the CPU since the sample less SAMPLE_EVERY. */
#define OVERRUN_SECONDS (4 * INLINE_SLICE)
#define OVERRUN_PENALTY 5.0
#define SAMPLE_EVERY 0.002
static _Thread_local double sample_wall, sample_cpu;

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What every deferred call starts with. */
typedef struct call_head {
    compute_task task;
    taskpool_fn run; /* on the worker, with the call */
    request *rq;
    response *rs;
} call_head;

typedef struct op_call {
    call_head h;
    const route *r;
    pv *args; /* NULL: parse them from the request on the worker */
} op_call;

static int op_args(request *rq, const route *r, pv **args, py_err *e)
{
    if (strcmp(rq->method, "POST") == 0)
        return dispatch_body_object(rq, args, e);
    return registry_query_args(r, rq->a, rq->query, rq->query_len, args, e);
}

/* The JSON of a result may take up to twice --max-result-bytes (base64
 * bytes, escapes): past that the response stops growing, 422. */
size_t dispatch_response_max(void)
{
    size_t m = config.max_result_bytes;
    return m > (SIZE_MAX - 65536) / 2 ? SIZE_MAX : 2 * m + 65536;
}

/* Parse (when needed) and run the op under the current budget, and fill rs.
 * True when the op succeeded.  A result cut short by a size cap (a buffer
 * that stopped growing) never goes out as a success. */
static bool run_op(request *rq, response *rs, const route *r, pv **args, jobs_ctl *job)
{
    op_ctx c;
    bool ok = false;
    fs_tenant *files = NULL;
    if (!*args && op_args(rq, r, args, &c.err) < 0) {
        response_error(rs, rq->a, &c.err);
    } else if (!auth_allow(rq, rs, auth_args_scope(r, *args))) {
        return false; /* an argument reaches the network (robots_url) */
    } else if ((r->op->flags & (OP_READS | OP_WRITES)) && auth_files(auth_tenant(rq), &files) < 0) {
        py_http_error(&c.err, rq->a, 503, "Unavailable", "the files of %s cannot be opened", auth_tenant(rq));
        response_error(rs, rq->a, &c.err);
    } else {
        fs_tenant_use(files);          /* the token's own files (NULL: the data root) */
        trace_set_current(&rq->trace); /* for op_traceparent */
        int rc = registry_call(r, rq->a, *args, job, &c);
        trace_set_current(NULL);
        fs_tenant_use(NULL);
        if (rc < 0) {
            response_error(rs, rq->a, &c.err);
        } else {
            strbuf_free(&rs->body);
            strbuf_init_max(&rs->body, dispatch_response_max(), DISPATCH_RESPONSE_CAP);
            response_result(rs, rq->a, c.result, c.extra);
            ok = rs->status == 200;
        }
    }
    const budget *b = budget_current();
    bool cut = strbuf_overflow(&rs->body);
    if (cut || (ok && b && b->tripped == BUDGET_SIZE)) {
        if (b && b->tripped != BUDGET_OK)
            budget_error(&c.err, rq->a);
        else
            budget_size_error(&c.err, rq->a, DISPATCH_RESPONSE_CAP, dispatch_response_max());
        strbuf_free(&rs->body); /* clears the overflow: the error fits */
        response_error(rs, rq->a, &c.err);
        ok = false;
    }
    if (auth_audited(r, *args))
        auth_audit(rq->who, r, *args, ok ? NULL : c.err.type, rs->status, rq->request_id, NULL);
    return ok;
}

static void answer_busy(request *rq, response *rs, const char *why)
{
    py_err e;
    py_http_error(&e, rq->a, 429, "Busy", "%s; retry later", why);
    e.retry_after = "1";
    response_error(rs, rq->a, &e);
}

/* A compute task that cannot run: the queue is full (429) or the service
 * is shutting down (503). */
static void answer_not_run(call_head *h, int rc)
{
    if (rc == -1) {
        answer_busy(h->rq, h->rs, "the compute queue is full (--compute-queue)");
        return;
    }
    py_err e;
    py_http_error(&e, h->rq->a, 503, "Unavailable", "the service is shutting down");
    e.retry_after = "1";
    response_error(h->rs, h->rq->a, &e);
}

bool dispatch_admit(request *rq, response *rs, double queued_at)
{
    double limit = config.max_request_seconds;
    if (limit > 0 && clock_monotonic() - queued_at > limit) {
        compute_count_queue_timeout();
        answer_busy(rq, rs, "the request waited for a worker longer than --max-request-seconds");
        return false;
    }
    if (!memory_room(MEMORY_ROOM_WAIT)) {
        memory_count_refused();
        answer_busy(rq, rs, "the service is short of memory (--max-memory)");
        return false;
    }
    return true;
}

/* On a compute worker. */
static void compute_run(void *arg)
{
    op_call *oc = arg;
    request *rq = oc->h.rq;
    double limit = config.max_request_seconds;
    if (compute_closing()) {
        answer_not_run(&oc->h, -2);
    } else if (dispatch_admit(rq, oc->h.rs, oc->h.task.queued_at)) {
        budget b;
        budget_begin(&b, limit); /* the slice it may have had inline is not counted: ~INLINE_SLICE */
        if (!run_op(rq, oc->h.rs, oc->r, &oc->args, NULL) && b.tripped == BUDGET_TIME)
            compute_count_deadline();
        budget_end(&b);
    }
    http_resume(rq); /* oc lives in the request's arena: not touched after this */
}

/* http.c calls this once the connection is suspended (rs->ctx: a call
 * that starts with its call_head). */
static void start_call(request *rq, response *rs)
{
    call_head *h = rs->ctx;
    h->rq = rq;
    h->rs = rs;
    int rc = compute_submit(&h->task, h->run, h);
    if (rc < 0) {
        answer_not_run(h, rc);
        http_resume(rq);
    }
}

static void defer_compute(request *rq, response *rs, const route *r, pv *args)
{
    op_call *oc = arena_calloc(rq->a, 1, sizeof *oc);
    oc->r = r;
    oc->args = args;
    oc->h.run = compute_run;
    rs->ctx = oc;
    rs->deferred = start_call;
}

static void blocking_task(void *arg)
{
    op_call *oc = arg;
    compute_lower_priority();
    budget b;
    budget_begin(&b, 0); /* memory and sizes; the op keeps its own time limits */
    run_op(oc->h.rq, oc->h.rs, oc->r, &oc->args, NULL);
    budget_end(&b);
    http_resume(oc->h.rq);
}

static void start_blocking(request *rq, response *rs)
{
    op_call *oc = rs->ctx;
    oc->h.rq = rq;
    oc->h.rs = rs;
    if (taskpool_submit(offload, blocking_task, oc) < 0) {
        answer_busy(rq, rs, "too many blocking calls in progress");
        http_resume(rq);
    }
}

/* A resource's POST with a large body, on a compute worker (a POST never
 * streams; if it defers, its deferred work takes over the resume). */
typedef struct resource_call {
    call_head h;
    resource_fn fn;
} resource_call;

static void resource_run(void *arg)
{
    resource_call *rc = arg;
    request *rq = rc->h.rq;
    response *rs = rc->h.rs;
    if (compute_closing()) {
        answer_not_run(&rc->h, -2);
        http_resume(rq);
        return;
    }
    budget b;
    budget_begin(&b, config.max_request_seconds);
    rc->fn(rq, rs);
    budget_end(&b);
    deferred_fn next = rs->deferred;
    rs->deferred = NULL;
    if (next)
        next(rq, rs);
    else
        http_resume(rq);
}

static void defer_resource(request *rq, response *rs, resource_fn fn)
{
    resource_call *rc = arena_calloc(rq->a, 1, sizeof *rc);
    rc->fn = fn;
    rc->h.run = resource_run;
    rs->ctx = rc;
    rs->deferred = start_call;
}

static void run_route(request *rq, response *rs, const route *r)
{
    unsigned flags = r->op->flags;
    if (!auth_allow(rq, rs, auth_op_scope(r->op))) {
        if (auth_audited(r, NULL)) /* a refused write or fetch is audited too */
            auth_audit(rq->who, r, NULL, rs->status == 401 ? "Unauthorized" : "Forbidden", rs->status,
                       rq->request_id, NULL);
        return;
    }
    bool post = strcmp(rq->method, "POST") == 0;
    if (!post && !((flags & OP_GET) && strcmp(rq->method, "GET") == 0)) {
        dispatch_not_allowed(rq, rs, (flags & OP_GET) ? "GET, HEAD, POST, OPTIONS" : "POST, OPTIONS");
        return;
    }
    if (flags & OP_BLOCKING) {
        op_call *oc = arena_calloc(rq->a, 1, sizeof *oc);
        oc->r = r;
        rs->ctx = oc;
        rs->deferred = start_blocking;
        return;
    }
    if ((flags & OP_WRITES) || rq->body_len > INLINE_BODY_MAX ||
        atomic_load_explicit(&pool_until_ms[r->id], memory_order_relaxed) >
            (int64_t)(clock_monotonic_coarse() * 1e3)) {
        defer_compute(rq, rs, r, NULL);
        return;
    }
    pv *args = NULL;
    py_err e;
    if (op_args(rq, r, &args, &e) < 0) {
        response_error(rs, rq->a, &e);
        return;
    }
    double t0 = clock_monotonic(); /* the op's slice and its overrun count from here */
    if (t0 - sample_wall >= SAMPLE_EVERY) {
        sample_wall = t0;
        sample_cpu = thread_cpu();
    }
    budget b;
    budget_begin_at(&b, INLINE_SLICE, t0);
    bool ok = run_op(rq, rs, r, &args, NULL);
    budget_trip trip = b.tripped;
    budget_end(&b);
    double t1 = clock_monotonic();
    if (t1 - t0 > OVERRUN_SECONDS && thread_cpu() - sample_cpu > OVERRUN_SECONDS + SAMPLE_EVERY) {
        atomic_store_explicit(&pool_until_ms[r->id], (int64_t)((t1 + OVERRUN_PENALTY) * 1e3),
                              memory_order_relaxed);
        compute_count_overrun();
    }
    if (!ok && trip == BUDGET_TIME) {
        /* Out of its slice: start again on the compute pool. */
        strbuf_clear(&rs->body);
        rs->status = 0;
        rs->nheaders = 0;
        compute_count_migrated();
        defer_compute(rq, rs, r, args);
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

static void route_request(request *rq, response *rs)
{
    auth_identify(rq);
    for (int i = 0; i < NSERVICE; i++)
        if (is_service(rq, i)) {
            /* the probes are never rate-limited */
            if (i == S_HEALTHZ || i == S_READYZ || auth_rate_admit(rq, rs))
                service(rq, rs, i);
            else
                rs->route_id = service_ids[i];
            return;
        }
    if (!auth_rate_admit(rq, rs))
        return;
    for (size_t i = 0; i < nresources; i++) {
        size_t n = resources[i].prefix_len;
        /* the last byte first: most paths differ there ("/v1/jobs", "/v1/random/random") */
        if (rq->path_len >= n && rq->path[n - 1] == resources[i].prefix[n - 1] &&
            memcmp(rq->path, resources[i].prefix, n) == 0 && (rq->path_len == n || rq->path[n] == '/')) {
            rs->route_id = rq->path_len == n ? resources[i].id : resources[i].sub_id;
            if (resources[i].scope && !auth_allow(rq, rs, resources[i].scope))
                return;
            if (rq->body_len > INLINE_BODY_MAX && strcmp(rq->method, "POST") == 0)
                defer_resource(rq, rs, resources[i].fn); /* parsing a large body is heavy work */
            else
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
    run_route(rq, rs, r);
}

void dispatch(request *rq, response *rs)
{
    rs->route_id = metrics_unmatched();
    if (cors_preflight(rq, rs)) /* first: it carries no credentials */
        return;
    route_request(rq, rs);
    if (rs->status == 405 && strcmp(rq->method, "OPTIONS") == 0) {
        /* Every route answers a method it does not take with 405 and its
         * Allow list, which is what OPTIONS asks for (RFC 9110, 9.3.7). */
        strbuf_clear(&rs->body);
        rs->status = 204;
    }
}
