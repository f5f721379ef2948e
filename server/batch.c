/* POST /v1/batch {"calls": [{"op": "/v1/<module>/<fn>", "args": {...}}, ...]}
 * -> 200 {"results": [item, ...]} in order, each item the body the single
 * call would have answered ({"result": ..., ...} or {"error": {...}}).
 *
 * The batch runs on a compute worker (server/compute.h) under one budget,
 * refused like a single call (429 Busy) when it waited in the queue longer
 * than --max-request-seconds or memory stays short (server/memory.h):
 * --max-request-seconds, the memory budget and --max-result-bytes (x2, the
 * response's cap) hold for the batch as a whole; a batch that trips one is
 * answered with that error alone.  Its items are module operations only: a
 * /v1/batch, a /v1/jobs... or a service path gets an item error 400, an
 * unknown /v1 path the single call's 404; an op that waits on the outside
 * (the network, time.sleep) is refused with an item error 400 (call it
 * alone or as a job); a batch with other OP_BLOCKING items (the file
 * store's reads and writes) runs on an offload pool of its own instead.  Each item needs its own scope
 * (its 401/403 error object), counts as one request for --rate-limit (the
 * first one rides on the batch's own admission) and in the request metrics
 * under its op's path; items are written straight into the batch's body,
 * with no HTTP exchange, envelope or buffer of their own. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/taskpool.h"
#include "compute.h"
#include "dispatch.h"
#include "http.h"
#include "json/json.h"
#include "metrics.h"
#include "openapi.h"
#include "registry.h"
#include "trace.h"

#define BATCH_PATH "/v1/batch"

static unsigned *item_labels; /* metrics label of each registry route */

static taskpool *offload; /* batches with OP_BLOCKING items (file I/O) run here */

typedef struct batch_call {
    compute_task task;
    bool blocking;    /* an OP_BLOCKING item: on the offload pool */
    double queued_at; /* when batch_start handed it to a pool */
    request *rq;
    response *rs;
    const pv *calls; /* a list */
} batch_call;

static bool has_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0 && (n == k || s[k] == '/' || s[k] == '?');
}

static int item_error(strbuf *out, arena *a, const py_err *e)
{
    strbuf_append(out, "{\"error\":", 9);
    response_write_error(out, a, e);
    strbuf_putc(out, '}');
    return e->status ? e->status : 500;
}

/* An answer of auth.c (written into a response of its own: a rare path). */
static int item_refused(strbuf *out, response *tmp)
{
    strbuf_append(out, tmp->body.data, tmp->body.len);
    strbuf_free(&tmp->body);
    return tmp->status;
}

static bool has_net_arg(const route *r)
{
    for (size_t i = 0; i < r->nargs; i++)
        if (r->op->args[i].flags & ARG_NET)
            return true;
    return false;
}

/* An op that waits on something outside (the network: urlopen, a
 * robots_url; time.sleep), for longer than a batch's deadline could hold:
 * not taken.  The other OP_BLOCKING ops (the file store's reads and
 * writes, robotparser on a given text) run, the batch on the offload pool. */
static bool waits(const route *r, const pv *args)
{
    unsigned f = r->op->flags;
    if (f & OP_NET)
        return true;
    if (has_net_arg(r))
        return (auth_args_scope(r, args) & AUTH_NET) != 0;
    return (f & OP_BLOCKING) && !(f & (OP_READS | OP_WRITES));
}

/* The route of an item's "op", or NULL with the item's error in e. */
static const route *item_route(arena *a, const pv *call, const pv **args, py_err *e)
{
    const pv *op = call->kind == PV_DICT ? pv_dict_getc(call, "op") : NULL;
    *args = call->kind == PV_DICT ? pv_dict_getc(call, "args") : NULL;
    if (!op || op->kind != PV_STR) {
        py_bad_request(e, a, "a call is {\"op\": \"/v1/<module>/<fn>\", \"args\": {...}}");
        return NULL;
    }
    const char *p = op->s.p;
    size_t n = op->s.len;
    if (has_prefix(p, n, BATCH_PATH) || has_prefix(p, n, "/v1/jobs") || !has_prefix(p, n, "/v1") || n == 3) {
        py_bad_request(e, a, "a batch holds module operations only (/v1/<module>/<fn>), not %.*s", (int)n, p);
        return NULL;
    }
    const route *r = registry_find(p, n);
    if (!r) {
        py_http_error(e, a, 404, "NotFound", "no such path: %.*s", (int)n, p);
        return NULL;
    }
    if (*args && (*args)->kind != PV_DICT) {
        py_bad_request(e, a, "body must be a JSON object");
        return NULL;
    }
    if (waits(r, *args)) {
        py_bad_request(e, a,
                       "%s waits (the network, sleep) and is not taken in a batch: call it alone or "
                       "as a job (POST /v1/jobs)",
                       r->path);
        return NULL;
    }
    return r;
}

/* One item, appended to out; its HTTP status. */
static int run_item(request *rq, const pv *call, size_t index, strbuf *out, unsigned *label)
{
    arena *a = rq->a;
    op_ctx c;
    const pv *given;
    const route *r = item_route(a, call, &given, &c.err);
    *label = metrics_unmatched();
    if (!r)
        return item_error(out, a, &c.err);
    *label = item_labels[r->id];
    request irq = *rq; /* the item as its own request, for auth.c's answers */
    irq.path = r->path;
    irq.path_len = strlen(r->path);
    response tmp = {0};
    if (index > 0 && !auth_rate_admit(&irq, &tmp))
        return item_refused(out, &tmp);
    if (!auth_allow(&irq, &tmp, auth_op_scope(r->op))) {
        if (auth_audited(r, NULL))
            auth_audit(rq->who, r, NULL, tmp.status == 401 ? "Unauthorized" : "Forbidden", tmp.status,
                       rq->request_id, NULL);
        return item_refused(out, &tmp);
    }
    const pv *args = given ? given : pv_dict(a, 0);
    if (!auth_allow(&irq, &tmp, auth_args_scope(r, args)))
        return item_refused(out, &tmp);
    fs_tenant *files = NULL;
    if ((r->op->flags & (OP_READS | OP_WRITES)) && auth_files(auth_tenant(rq), &files) < 0) {
        py_http_error(&c.err, a, 503, "Unavailable", "the files of %s cannot be opened", auth_tenant(rq));
        return item_error(out, a, &c.err);
    }
    fs_tenant_use(files);
    trace_set_current(&rq->trace);
    int rc = registry_call(r, a, args, NULL, &c);
    trace_set_current(NULL);
    fs_tenant_use(NULL);
    size_t start = out->len;
    int status = 200;
    if (rc < 0) {
        status = item_error(out, a, &c.err);
    } else if (response_write_result(out, a, c.result, c.extra, &c.err) < 0) {
        out->len = start; /* a value that cannot be written: its error, as response_result does */
        out->data[start] = '\0';
        status = item_error(out, a, &c.err);
    }
    if (auth_audited(r, args))
        auth_audit(rq->who, r, args, status == 200 ? NULL : c.err.type, status, rq->request_id, NULL);
    return status;
}

/* On a compute worker: every item, then the batch's answer. */
static void batch_run(void *arg)
{
    batch_call *bc = arg;
    request *rq = bc->rq;
    response *rs = bc->rs;
    if (!bc->blocking && compute_closing()) {
        response_http_error(rs, rq->a, 503, "Unavailable", "the service is shutting down");
        response_header(rs, "Retry-After", "1");
        http_resume(rq);
        return;
    }
    if (!dispatch_admit(rq, rs, bc->queued_at)) { /* as a single call: too long in the queue, or no memory */
        http_resume(rq);
        return;
    }
    compute_lower_priority();
    budget b;
    budget_begin(&b, config.max_request_seconds);
    strbuf_free(&rs->body);
    strbuf_init_max(&rs->body, dispatch_response_max(), DISPATCH_RESPONSE_CAP);
    strbuf *out = &rs->body;
    strbuf_append(out, "{\"results\":[", 12);
    bool cut = false;
    for (size_t i = 0; i < bc->calls->l.len && !cut; i++) {
        if (i)
            strbuf_putc(out, ',');
        double t0 = clock_monotonic();
        unsigned label;
        metrics_request_start();
        int status = run_item(rq, bc->calls->l.items[i], i, out, &label);
        metrics_request_done(label, "POST", status, clock_monotonic() - t0);
        cut = b.tripped != BUDGET_OK || strbuf_overflow(out);
    }
    strbuf_append(out, "]}", 2);
    rs->status = 200;
    rs->content_type = NULL;
    if (cut || strbuf_overflow(out)) { /* the batch as a whole is over its budget */
        py_err e;
        if (b.tripped != BUDGET_OK)
            budget_error(&e, rq->a);
        else
            budget_size_error(&e, rq->a, DISPATCH_RESPONSE_CAP, dispatch_response_max());
        strbuf_free(out);
        response_error(rs, rq->a, &e);
    }
    budget_end(&b);
    http_resume(rq); /* bc lives in the request's arena: not touched after this */
}

/* http.c suspended the connection. */
static void batch_start(request *rq, response *rs)
{
    batch_call *bc = rs->ctx;
    bc->rq = rq;
    bc->rs = rs;
    bc->queued_at = clock_monotonic();
    int rc = bc->blocking ? (taskpool_submit(offload, batch_run, bc) < 0 ? -1 : 0)
                          : compute_submit(&bc->task, batch_run, bc);
    if (rc < 0) {
        if (rc == -1)
            response_http_error(rs, rq->a, 429, "Busy",
                                "the compute queue is full (--compute-queue); retry later");
        else
            response_http_error(rs, rq->a, 503, "Unavailable", "the service is shutting down");
        response_header(rs, "Retry-After", "1");
        http_resume(rq);
    }
}

static void batch_handle(request *rq, response *rs)
{
    if (rq->path_len != strlen(BATCH_PATH)) {
        dispatch_not_found(rq, rs);
        return;
    }
    if (strcmp(rq->method, "POST") != 0) {
        dispatch_not_allowed(rq, rs, "POST, OPTIONS");
        return;
    }
    pv *body;
    py_err e;
    if (dispatch_body_object(rq, &body, &e) < 0) {
        response_error(rs, rq->a, &e);
        return;
    }
    const pv *calls = pv_dict_getc(body, "calls");
    if (!calls || calls->kind != PV_LIST || body->d.len != 1) {
        response_http_error(
            rs, rq->a, 400, "BadRequest",
            "a batch is {\"calls\": [{\"op\": \"/v1/<module>/<fn>\", \"args\": {...}}, ...]}");
        return;
    }
    if (calls->l.len > config.batch_max_calls) {
        response_http_error(rs, rq->a, 400, "BadRequest",
                            "%zu calls in a batch, more than --batch-max-calls %zu", calls->l.len,
                            config.batch_max_calls);
        return;
    }
    batch_call *bc = arena_calloc(rq->a, 1, sizeof *bc);
    bc->calls = calls;
    for (size_t i = 0; i < calls->l.len && !bc->blocking; i++) {
        const pv *op = calls->l.items[i]->kind == PV_DICT ? pv_dict_getc(calls->l.items[i], "op") : NULL;
        const route *r = op && op->kind == PV_STR ? registry_find(op->s.p, op->s.len) : NULL;
        bc->blocking = r && (r->op->flags & OP_BLOCKING);
    }
    rs->ctx = bc;
    rs->deferred = batch_start;
}

static const char BATCH_OPENAPI[] =
    "{\"/v1/batch\": {\"post\": {\"operationId\": \"batch\", \"tags\": [\"batch\"],"
    " \"summary\": \"Several operations in one request, answered in order\","
    " \"description\": \"Each item of results is the body the single call would have answered: "
    "{\\\"result\\\": ...} or {\\\"error\\\": {...}}. Items are module operations only (a /v1/batch or "
    "/v1/jobs item gets an error 400; an operation that waits -- the network, sleep -- too: call it alone "
    "or as a job). Each item needs its own scope and counts as one request for the rate limit; "
    "--max-request-seconds, the memory budget and the result caps hold for the batch as a whole.\","
    " \"requestBody\": {\"required\": true, \"content\": {\"application/json\": {\"schema\": {"
    "\"type\": \"object\", \"required\": [\"calls\"], \"additionalProperties\": false, \"properties\": {"
    "\"calls\": {\"type\": \"array\", \"description\": \"at most --batch-max-calls (default 1000)\","
    " \"items\": {\"type\": \"object\", \"required\": [\"op\"], \"properties\": {"
    "\"op\": {\"type\": \"string\", \"description\": \"an operation path, e.g. /v1/random/random\"},"
    "\"args\": {\"type\": \"object\", \"default\": {}}}}}}},"
    " \"example\": {\"calls\": [{\"op\": \"/v1/random/random\", \"args\": {\"seed\": 1}},"
    " {\"op\": \"/v1/re/search\", \"args\": {\"pattern\": \"\\\\d+\", \"string\": \"42 apples\"}}]}}}},"
    " \"responses\": {\"200\": {\"description\": \"the items' answers, in order\", \"content\": "
    "{\"application/json\": {\"schema\": {\"type\": \"object\", \"properties\": {\"results\": "
    "{\"type\": \"array\", \"items\": {\"type\": \"object\", \"description\": \"{\\\"result\\\": ...} or "
    "{\\\"error\\\": {...}}\"}}}}}}},"
    " \"400\": {\"description\": \"not a batch, or more calls than --batch-max-calls\", \"content\": "
    "{\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}},"
    " \"413\": {\"description\": \"body over --max-body\", \"content\": "
    "{\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}},"
    " \"422\": {\"description\": \"the batch as a whole over --max-request-seconds or a size cap\","
    " \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}},"
    " \"429\": {\"description\": \"Busy: the compute queue is full, the batch waited in it longer than "
    "--max-request-seconds, or memory is short\", \"content\": "
    "{\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}}}}}";

static void batch_openapi(arena *a, pv *paths, pv *schemas)
{
    (void)schemas;
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    if (json_parse(a, BATCH_OPENAPI, strlen(BATCH_OPENAPI), &o, &v, &e) < 0)
        v = pv_cstr(a, BATCH_OPENAPI); /* visible in the document, caught by its test */
    for (size_t i = 0; v->kind == PV_DICT && i < v->d.len; i++)
        pv_dict_set(a, paths, v->d.items[i].key, v->d.items[i].val);
}

int batch_init(void)
{
    size_t n = registry_count();
    item_labels = calloc(n ? n : 1, sizeof *item_labels);
    if (!item_labels)
        return -1;
    for (size_t i = 0; i < n; i++)
        item_labels[i] = metrics_label(registry_at(i)->path);
    offload = taskpool_new(8, 256);
    if (!offload)
        return -1;
    dispatch_add_resource(BATCH_PATH, batch_handle, 0);
    openapi_add_paths(batch_openapi);
    return 0;
}

void batch_fini(void)
{
    if (offload)
        taskpool_free(offload, true, NULL);
    offload = NULL;
    free(item_labels);
    item_labels = NULL;
}
