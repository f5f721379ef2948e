/* /v1/jobs over HTTP (see jobs_http.h and pyref/modules/py_jobs.py): the
 * requests checked here, the store's calls run inline (memory) or on the
 * I/O pool (redis), Idempotency-Key, long-polls and event streams. */
#include "jobs_http.h"
#include "jobs_http_int.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/taskpool.h"
#include "compute.h"
#include "dispatch.h"
#include "http.h"
#include "jobs/jobs_store.h"
#include "log.h"
#include "metrics.h"
#include "openapi.h"
#include "py/py_num.h"
#include "registry.h"
#include "service.h"
#include "trace.h"

#define PREFIX JOBS_PREFIX

static jobs_store *store;
static taskpool *io; /* the store's calls when they may block (redis) */

/* One exchange's call into the store (arena-allocated; rs->ctx).  fn fills
 * rs; it runs on the HTTP thread for the memory store, on the I/O pool for a
 * blocking one (then the pool task resumes the connection, unless fn's
 * answer comes from a callback: self_resume). */
typedef struct call call;
typedef void (*call_fn)(request *rq, response *rs, call *c);
struct call {
    call_fn fn;
    bool self_resume;
    request *rq;
    response *rs;
    jobs_spec spec; /* submit */
    const pv *one;  /* submit: its one item */
    strbuf existing;
    const char *id; /* get, cancel, wait, events */
    size_t id_len;
    double deadline;  /* wait */
    int state;        /* list */
    const char *tag;  /* list: the tenant's jobs only (auth_request_tag), or NULL */
    jobs_waiter w;    /* wait, events */
    atomic_bool live; /* events: wake-ups reach the stream (not while it is set up) */
};

/* ------------------------------------------------------------ running an op */

/* One item on a worker: the synchronous call's answer, minus the envelope
 * (and minus extra top-level fields such as random's state): the result
 * value, or the error object (also when the result cannot be written). */
static bool write_item(const route *r, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    op_ctx c;
    size_t start = out->len;
    if (registry_call(r, a, args, ctl, &c) < 0) {
        response_write_error(out, a, &c.err);
        return false;
    }
    py_err e;
    int rc = response_write_value(out, a, c.result, &e);
    budget *b = budget_current();
    if (rc == 0 && b && b->tripped == BUDGET_SIZE)
        rc = budget_error(&e, a); /* a value cut short by a cap is no result */
    if (rc < 0) {
        out->len = start; /* drop the partial text */
        if (out->data)
            out->data[start] = '\0';
        response_write_error(out, a, &e);
        return false;
    }
    return true;
}

/* The audit line of a job's item: the outcome is the error object's type. */
static void audit_item(const char *tenant, const route *r, const pv *args, bool ok, const char *text,
                       const char *job_id)
{
    char type[96] = "error";
    const char *t = ok ? NULL : strstr(text, "\"type\":\"");
    if (t) {
        t += 8;
        size_t n = strcspn(t, "\"");
        snprintf(type, sizeof type, "%.*s", (int)(n < sizeof type ? n : sizeof type - 1), t);
    }
    auth_audit(tenant[0] && strcmp(tenant, "_anonymous") != 0 ? tenant : NULL, r, args, ok ? NULL : type,
               ok ? 200 : 422, NULL, job_id);
}

/* The trace context a job carries: "traceparent\ntracestate" of the submitting
 * request's span (its own span is a child of that one), or NULL. */
static const char *submit_trace(request *rq)
{
    if (!rq->trace.valid)
        return NULL;
    char tp[56];
    trace_child(&rq->trace, tp);
    return arena_printf(rq->a, "%s\n%s", tp, rq->trace.state ? rq->trace.state : "");
}

static const trace_ctx *job_trace(const jobs_ctl *ctl, trace_ctx *t, arena *a)
{
    if (!ctl || !ctl->trace)
        return NULL;
    const char *nl = strchr(ctl->trace, '\n');
    char *tp = arena_strndup(a, ctl->trace, nl ? (size_t)(nl - ctl->trace) : strlen(ctl->trace));
    trace_parse(t, tp, nl && nl[1] ? nl + 1 : NULL);
    return t->valid ? t : NULL;
}

/* Under a budget whose deadline is the job's own timeout (none without
 * one: a job is not cut by --max-request-seconds, it is what jobs are for;
 * DELETE cancels it), at the compute workers' priority. */
static bool run_item(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    const route *r = op;
    /* the tenant who submitted it: its files, its name in the audit line */
    const char *tenant = auth_job_tenant(ctl ? ctl->job_id : NULL);
    fs_tenant *files = NULL;
    if (!tenant || ((r->op->flags & (OP_READS | OP_WRITES)) && auth_files(tenant, &files) < 0)) {
        strbuf_puts(out, "{\"type\":\"Unavailable\",\"message\":\"the job's tenant is unknown here\"}");
        return false;
    }
    compute_lower_priority();
    double left = 0;
    if (ctl && ctl->deadline > 0) {
        left = ctl->deadline - clock_monotonic();
        if (left < 0.001)
            left = 0.001;
    }
    budget b;
    budget_begin(&b, left);
    fs_tenant_use(files);
    trace_ctx tc;
    trace_set_current(job_trace(ctl, &tc, a)); /* urlopen passes it on, as in the request that submitted it */
    size_t start = out->len;
    bool ok = write_item(op, args, a, ctl, out);
    trace_set_current(NULL);
    fs_tenant_use(NULL);
    budget_end(&b);
    if (auth_audited(r, args))
        audit_item(tenant, r, args, ok, out->data ? out->data + start : "", ctl ? ctl->job_id : NULL);
    return ok;
}

/* The op of a job another replica took in. */
static const void *resolve_op(const char *name)
{
    return registry_find(name, strlen(name));
}

/* ------------------------------------------------------------ running a call */

static void unavailable(request *rq, response *rs)
{
    jh_err(rq, rs, 503, "Unavailable", "the jobs backend cannot be reached; try again");
}

static void io_task(void *arg)
{
    call *c = arg;
    c->fn(c->rq, c->rs, c);
    if (!c->self_resume)
        http_resume(c->rq);
}

/* Deferred (http.c suspended the connection): hand the call to the pool. */
static void io_start(request *rq, response *rs)
{
    call *c = rs->ctx;
    if (taskpool_submit(io, io_task, c) < 0) {
        jh_err(rq, rs, 503, "Unavailable", "too many job requests in flight");
        http_resume(rq);
    }
}

static call *new_call(request *rq, response *rs, call_fn fn)
{
    call *c = arena_calloc(rq->a, 1, sizeof *c);
    c->fn = fn;
    c->rq = rq;
    c->rs = rs;
    c->w.arg = c;
    rs->ctx = c;
    return c;
}

static call *job_call(request *rq, response *rs, call_fn fn, const char *id, size_t n)
{
    call *c = new_call(rq, rs, fn);
    c->id = id;
    c->id_len = n;
    return c;
}

static void run(request *rq, response *rs, call *c)
{
    if (jobs_store_blocking(store))
        rs->deferred = io_start;
    else
        c->fn(rq, rs, c);
}

/* ------------------------------------------------------------ submit */

static void do_submit(request *rq, response *rs, call *c)
{
    char id[JOBS_ID_LEN + 1];
    c->spec.existing = &c->existing;
    int rc = jobs_store_submit(store, &c->spec, id);
    if (rc == JOBS_BUSY) {
        jh_err(rq, rs, 429, "Busy", "job queue is full (%zu jobs pending)", config.job_queue);
    } else if (rc == JOBS_CLOSED) {
        jh_err(rq, rs, 503, "Unavailable", "the service is shutting down");
    } else if (rc == JOBS_UNAVAILABLE) {
        unavailable(rq, rs);
    } else if (rc == JOBS_CONFLICT) {
        jh_err(rq, rs, 409, "Conflict", "this Idempotency-Key was used with another request body");
    } else if (rc == JOBS_EXISTS && c->existing.len) {
        jh_answer(rs, 200, &c->existing); /* the job the key named, as it is now */
        response_header(rs, "Location", arena_printf(rq->a, PREFIX "/%s", id));
    } else if (rc != JOBS_OK && rc != JOBS_EXISTS) {
        jh_err(rq, rs, 503, "Unavailable", "cannot take the job now");
    } else { /* (JOBS_EXISTS without the job: forgotten between two looks; answered as new) */
        strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "{\"id\":\"%s\",\"state\":\"pending\"}", id);
        jh_answer(rs, 202, &b);
        response_header(rs, "Location", arena_printf(rq->a, PREFIX "/%s", id));
    }
    strbuf_free(&c->existing);
}

/* A job also needs its op's scope; a refused write or fetch is audited. */
static bool job_allowed(request *rq, response *rs, const route *r, const pv *args, unsigned need)
{
    if (auth_allow(rq, rs, need))
        return true;
    if (auth_audited(r, args))
        auth_audit(rq->who, r, args, rs->status == 401 ? "Unauthorized" : "Forbidden", rs->status,
                   rq->request_id, NULL);
    return false;
}

static void post_submit(request *rq, response *rs)
{
    static const char *const allowed[] = {"op", "args", "timeout", NULL};
    pv *obj = NULL;
    const route *r = NULL;
    py_err e = {0};
    double timeout = -1;
    if (jh_body_object(rq, allowed, &obj, &e) < 0 || jh_get_op(rq, obj, &r, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    const pv *args = pv_dict_getc(obj, "args");
    if (!args || args->kind == PV_NONE)
        args = pv_dict(rq->a, 0);
    if (args->kind != PV_DICT) {
        jh_refuse(&e, rq->a, "argument 'args' must be of type dict");
        jh_bad(rq, rs, &e);
        return;
    }
    if (!job_allowed(rq, rs, r, args, auth_op_scope(r->op) | auth_args_scope(r, args)))
        return;
    if (jh_get_timeout(rq, obj, &timeout, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    call *c = new_call(rq, rs, do_submit);
    c->one = args;
    c->spec = (jobs_spec){.id_tag = auth_request_tag(rq),
                          .op_name = r->path,
                          .op = r,
                          .items = &c->one,
                          .nitems = 1,
                          .map = false,
                          .timeout = timeout,
                          .return_exceptions = false,
                          .rerunnable = jh_rerunnable(r),
                          .trace = submit_trace(rq)};
    if (jh_idempotency(rq, obj, &c->spec, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    run(rq, rs, c);
}

static void post_map(request *rq, response *rs)
{
    static const char *const allowed[] = {"op", "args_list", "timeout", "return_exceptions", NULL};
    pv *obj = NULL;
    const route *r = NULL;
    py_err e = {0};
    double timeout = -1;
    if (jh_body_object(rq, allowed, &obj, &e) < 0 || jh_get_op(rq, obj, &r, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    const pv *items = pv_dict_getc(obj, "args_list");
    if (!items) {
        jh_refuse(&e, rq->a, "missing required argument 'args_list'");
        jh_bad(rq, rs, &e);
        return;
    }
    if (items->kind != PV_LIST) {
        jh_refuse(&e, rq->a, "argument 'args_list' must be of type list");
        jh_bad(rq, rs, &e);
        return;
    }
    unsigned need = auth_op_scope(r->op);
    for (size_t i = 0; i < items->l.len; i++) {
        if (items->l.items[i]->kind != PV_DICT) {
            jh_refuse(&e, rq->a, "argument 'args_list' must be a list of objects");
            jh_bad(rq, rs, &e);
            return;
        }
        need |= auth_args_scope(r, items->l.items[i]);
    }
    if (!job_allowed(rq, rs, r, NULL, need))
        return;
    const pv *rex = pv_dict_getc(obj, "return_exceptions");
    if (rex && rex->kind != PV_BOOL) {
        jh_refuse(&e, rq->a, "argument 'return_exceptions' must be of type bool");
        jh_bad(rq, rs, &e);
        return;
    }
    if (jh_get_timeout(rq, obj, &timeout, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    call *c = new_call(rq, rs, do_submit);
    c->spec = (jobs_spec){.id_tag = auth_request_tag(rq),
                          .op_name = r->path,
                          .op = r,
                          .items = (const pv *const *)items->l.items,
                          .nitems = items->l.len,
                          .map = true,
                          .timeout = timeout,
                          .return_exceptions = rex && rex->b,
                          .rerunnable = jh_rerunnable(r),
                          .trace = submit_trace(rq)};
    if (jh_idempotency(rq, obj, &c->spec, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    run(rq, rs, c);
}

/* ------------------------------------------------------------ get, long-poll */

static void do_get(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    int rc = jobs_store_get(store, c->id, c->id_len, &b, NULL);
    if (rc == JOBS_OK)
        jh_answer(rs, 200, &b);
    else if (rc == JOBS_UNAVAILABLE)
        unavailable(rq, rs);
    else
        jh_not_found(rq, rs, c->id, c->id_len);
    strbuf_free(&b);
}

static void wait_ready(jobs_waiter *w, const char *json, size_t len)
{
    call *c = w->arg;
    response_text(c->rs, 200, NULL, json, len);
    http_resume(c->rq);
}

/* Park the long-poll (answered by wait_ready, now or later). */
static void do_wait(request *rq, response *rs, call *c)
{
    int rc = jobs_store_wait(store, c->id, c->id_len, c->deadline, &c->w, wait_ready);
    if (rc == JOBS_OK)
        return;
    if (rc == JOBS_UNAVAILABLE)
        unavailable(rq, rs);
    else
        jh_not_found(rq, rs, c->id, c->id_len);
    http_resume(rq);
}

/* The memory store's long-poll: on the HTTP thread, once suspended. */
static void wait_start(request *rq, response *rs)
{
    do_wait(rq, rs, rs->ctx);
}

/* The exchange is over (normally after the answer; defensively if the
 * connection died first): the waiter must not outlive the request arena. */
static void wait_cleanup(request *rq, response *rs)
{
    (void)rq;
    call *c = rs->ctx;
    if (c)
        jobs_store_unsubscribe(store, &c->w);
}

static void get_job(request *rq, response *rs, const char *id, size_t n)
{
    static const char *const allowed[] = {"wait", NULL};
    const pv *q[1] = {NULL};
    py_err e = {0};
    if (jh_query_args(rq, allowed, q, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    double wait = 0;
    if (q[0]) {
        if (!py_float_from_str(q[0]->s.p, q[0]->s.len, &wait)) {
            jh_refuse(&e, rq->a, "argument 'wait' must be of type num");
            jh_bad(rq, rs, &e);
            return;
        }
        if (!isfinite(wait) || wait < 0) {
            jh_refuse(&e, rq->a, "argument 'wait' must be a finite number >= 0");
            jh_bad(rq, rs, &e);
            return;
        }
    }
    if (wait > config.job_max_wait)
        wait = config.job_max_wait;
    /* A finished job is answered at once: nothing is suspended for it (which
     * also means nothing new parks once shutdown has finished every job).
     * (The redis store's wait does the same, off this thread.) */
    jobs_state st;
    if (wait > 0 && !jobs_store_blocking(store) && jobs_store_get(store, id, n, NULL, &st) == JOBS_OK &&
        jobs_state_final(st))
        wait = 0;
    call *c = job_call(rq, rs, wait > 0 ? do_wait : do_get, id, n);
    c->deadline = clock_monotonic() + wait;
    if (wait <= 0) {
        run(rq, rs, c);
        return;
    }
    c->self_resume = true;
    rs->deferred = jobs_store_blocking(store) ? io_start : wait_start;
    rs->stream_done = wait_cleanup;
}

/* ------------------------------------------------------------ events (SSE) */

static void sse_news(jobs_waiter *w)
{
    call *c = w->arg;
    if (atomic_load(&c->live))
        http_resume(c->rq);
}

static int sse_stream(request *rq, response *rs, strbuf *out)
{
    (void)rq;
    call *c = rs->ctx;
    strbuf data = STRBUF_INIT;
    int end = 0;
    while (out->len < 64 * 1024) {
        size_t id = 0;
        strbuf_clear(&data);
        int ev = jobs_store_next_event(store, &c->w, &data, &id);
        if (ev == JOBS_EV_NONE)
            break;
        if (ev == JOBS_EV_END) {
            end = out->len == 0;
            break;
        }
        if (ev == JOBS_EV_KEEPALIVE) {
            strbuf_puts(out, ": keep-alive\n\n");
            continue;
        }
        if (ev == JOBS_EV_PROGRESS)
            strbuf_printf(out, "id: %zu\nevent: progress\ndata: ", id);
        else
            strbuf_puts(out, "event: done\ndata: ");
        strbuf_append(out, data.data, data.len);
        strbuf_append(out, "\n\n", 2);
    }
    strbuf_free(&data);
    return end;
}

/* The stream is declared before subscribing: news may arrive at once (from
 * another thread), and http_resume must then see a stream.  With the redis
 * store this runs on the pool, the connection still suspended: wake-ups
 * wait for `live` (the first read of the stream sees everything anyway). */
static void do_events(request *rq, response *rs, call *c)
{
    rs->stream = sse_stream;
    rs->stream_done = wait_cleanup;
    rs->status = 200;
    rs->content_type = "text/event-stream; charset=utf-8";
    atomic_store(&c->live, !jobs_store_blocking(store));
    int rc = jobs_store_subscribe(store, c->id, c->id_len, &c->w, sse_news);
    if (rc != JOBS_OK) {
        rs->stream = NULL;
        rs->stream_done = NULL;
        rs->ctx = NULL;
        if (rc == JOBS_UNAVAILABLE)
            unavailable(rq, rs);
        else
            jh_not_found(rq, rs, c->id, c->id_len);
        return;
    }
    response_header(rs, "Cache-Control", "no-cache");
    response_header(rs, "X-Accel-Buffering", "no");
    atomic_store(&c->live, true);
}

static void get_events(request *rq, response *rs, const char *id, size_t n)
{
    run(rq, rs, job_call(rq, rs, do_events, id, n));
}

/* ------------------------------------------------------------ the rest */

static void do_cancel(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    jobs_state was = JOBS_DONE;
    int rc = jobs_store_cancel(store, c->id, c->id_len, &b, &was);
    if (rc == JOBS_OK)
        jh_answer(rs, 200, &b);
    else if (rc == JOBS_FINISHED)
        jh_err(rq, rs, 409, "Conflict", "job %.*s is already %s", (int)c->id_len, c->id,
               jobs_state_name(was));
    else if (rc == JOBS_UNAVAILABLE)
        unavailable(rq, rs);
    else
        jh_not_found(rq, rs, c->id, c->id_len);
    strbuf_free(&b);
}

static void cancel(request *rq, response *rs, const char *id, size_t n)
{
    run(rq, rs, job_call(rq, rs, do_cancel, id, n));
}

static void do_list(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    if (jobs_store_list(store, c->state, c->tag, &b) == JOBS_OK)
        jh_answer(rs, 200, &b);
    else
        unavailable(rq, rs);
    strbuf_free(&b);
}

static void list(request *rq, response *rs)
{
    static const char *const allowed[] = {"state", NULL};
    const pv *q[1] = {NULL};
    py_err e = {0};
    if (jh_query_args(rq, allowed, q, &e) < 0) {
        jh_bad(rq, rs, &e);
        return;
    }
    int state = -1;
    if (q[0] && (state = jobs_state_parse(q[0]->s.p, q[0]->s.len)) < 0) {
        jh_refuse(&e, rq->a, "argument 'state' must be one of pending, running, done, failed, cancelled");
        jh_bad(rq, rs, &e);
        return;
    }
    call *c = new_call(rq, rs, do_list);
    c->state = state;
    c->tag = auth_request_tag(rq);
    run(rq, rs, c);
}

static bool is_method(const request *rq, const char *m)
{
    return strcmp(rq->method, m) == 0;
}

static void handle(request *rq, response *rs)
{
    const char *rest = rq->path + strlen(PREFIX);
    size_t n = rq->path_len - strlen(PREFIX);
    if (n == 0) {
        if (is_method(rq, "GET")) {
            list(rq, rs);
            return;
        }
        if (is_method(rq, "POST")) {
            post_submit(rq, rs);
            return;
        }
        jh_not_allowed(rq, rs, "GET, HEAD, POST, OPTIONS");
        return;
    }
    /* rest starts with '/' (dispatch matched the prefix) */
    rest++, n--;
    if (n == 3 && memcmp(rest, "map", 3) == 0) {
        if (is_method(rq, "POST")) {
            post_map(rq, rs);
            return;
        }
        jh_not_allowed(rq, rs, "POST, OPTIONS");
        return;
    }
    const char *slash = memchr(rest, '/', n);
    size_t idn = slash ? (size_t)(slash - rest) : n;
    if (idn && !auth_job_visible(rq, rest, idn)) { /* another tenant's job: as if there were none */
        jh_not_found(rq, rs, rest, idn);
        return;
    }
    if (n > 0 && !slash) {
        if (is_method(rq, "GET")) {
            get_job(rq, rs, rest, n);
            return;
        }
        if (is_method(rq, "DELETE")) {
            cancel(rq, rs, rest, n);
            return;
        }
        jh_not_allowed(rq, rs, "GET, HEAD, DELETE, OPTIONS");
        return;
    }
    if (slash && slash > rest && (size_t)(rest + n - slash) == 7 && memcmp(slash, "/events", 7) == 0) {
        if (is_method(rq, "GET")) {
            get_events(rq, rs, rest, (size_t)(slash - rest));
            return;
        }
        jh_not_allowed(rq, rs, ALLOW_GET);
        return;
    }
    jh_err(rq, rs, 404, "NotFound", "no such path: %.*s", (int)rq->path_len, rq->path);
}

/* ------------------------------------------------------------ metrics, readiness */

static void metrics(strbuf *o)
{
    if (!store)
        return;
    jobs_stats st;
    jobs_store_stats(store, &st);
    jobs_metrics(o, &st);
}

static bool ready(const char **why)
{
    return !store || jobs_store_ready(store, why);
}

/* ------------------------------------------------------------ life cycle */

/* SIGTERM (executor.shutdown(wait=True, cancel_futures=True)): refuse new
 * jobs (503), cancel the pending ones, let running ones finish within the
 * grace period, cancel the rest.  Every job is final afterwards, so every
 * parked long-poll and event stream has been woken: nothing stays suspended
 * when the daemon stops. */
static void on_shutdown(double grace_end)
{
    if (!store)
        return;
    jobs_store_close(store);
    double now = clock_monotonic();
    double left = grace_end - now;
    /* keep a little of the grace for the woken clients to get their answers */
    double reserve = left > 4 ? 1.0 : left / 4;
    if (!jobs_store_drain(store, grace_end - reserve))
        log_msg(LOG_WARN, "jobs: grace period over, stopping the jobs still running");
    jobs_store_stop_all(store);
}

int jobs_http_init(void)
{
    jobs_limits lim = {.workers = config.job_workers,
                       .max_pending = config.job_queue,
                       .keep_seconds = config.job_keep,
                       .max_kept = config.job_max_kept,
                       .max_kept_bytes = config.job_max_kept_bytes,
                       .keepalive = 15.0,
                       .claim_seconds = config.job_claim_seconds};
    char err[256] = "";
    store = jobs_store_open(config.jobs_backend, &lim, run_item, resolve_op, err, sizeof err);
    if (!store) {
        log_msg(LOG_ERROR, "jobs: %s", err);
        return -1;
    }
    if (jobs_store_blocking(store) && !(io = taskpool_new(8, 4096))) {
        log_msg(LOG_ERROR, "jobs: cannot start the I/O threads");
        jobs_store_free(store);
        store = NULL;
        return -1;
    }
    dispatch_add_resource(PREFIX, handle, AUTH_JOBS);
    metrics_add_provider(metrics);
    openapi_add_paths(jobs_openapi_paths);
    service_on_shutdown(on_shutdown);
    service_on_ready_check(ready);
    return 0;
}

void jobs_http_fini(void)
{
    if (io)
        taskpool_free(io, true, NULL);
    io = NULL;
    jobs_store_free(store);
    store = NULL;
}
