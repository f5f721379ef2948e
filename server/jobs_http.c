/* /v1/jobs over HTTP (see jobs_http.h and pyref/modules/py_jobs.py). */
#include "jobs_http.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "compute.h"
#include "dispatch.h"
#include "http.h"
#include "jobs/jobs.h"
#include "log.h"
#include "metrics.h"
#include "openapi.h"
#include "py/py_num.h"
#include "registry.h"
#include "service.h"
#include "url/url_query.h"

#define PREFIX "/v1/jobs"
#define RETRY_AFTER "1"

static jobs *engine;

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

/* Under a budget whose deadline is the job's own timeout (none without
 * one: a job is not cut by --max-request-seconds, it is what jobs are for;
 * DELETE cancels it), at the compute workers' priority. */
static bool run_item(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    compute_lower_priority();
    double left = 0;
    if (ctl && ctl->deadline > 0) {
        left = ctl->deadline - clock_monotonic();
        if (left < 0.001)
            left = 0.001;
    }
    budget b;
    budget_begin(&b, left);
    bool ok = write_item(op, args, a, ctl, out);
    budget_end(&b);
    return ok;
}

/* ------------------------------------------------------------ helpers */

__attribute__((format(printf, 5, 6))) static void http_err(request *rq, response *rs, int status,
                                                           const char *type, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    py_err e;
    py_http_error(&e, rq->a, status, type, "%s", msg);
    if (status == 429 || status == 503)
        e.retry_after = RETRY_AFTER;
    response_error(rs, rq->a, &e);
}

/* 400 BadRequest; always -1 (visible here, so the analyzer knows it too). */
__attribute__((format(printf, 3, 4))) static int refuse(py_err *e, arena *a, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    py_bad_request(e, a, "%s", msg);
    return -1;
}

static void not_allowed(request *rq, response *rs, const char *allow)
{
    http_err(rq, rs, 405, "MethodNotAllowed", "%s not allowed on %.*s", rq->method, (int)rq->path_len,
             rq->path);
    response_header(rs, "Allow", allow);
}

static void not_found(request *rq, response *rs, const char *id, size_t n)
{
    response_http_error(rs, rq->a, 404, "NotFound", "no such job: %.*s", (int)n, id);
}

static void bad(request *rq, response *rs, py_err *e)
{
    response_error(rs, rq->a, e);
}

static void json_answer(response *rs, int status, strbuf *body)
{
    strbuf_free(&rs->body);
    rs->body = *body;
    *body = (strbuf)STRBUF_INIT;
    rs->status = status;
    rs->content_type = NULL;
}

/* The body as a JSON object whose keys are all in `allowed` (pyref _body). */
static int body_object(request *rq, const char *const *allowed, pv **out, py_err *e)
{
    if (dispatch_body_object(rq, out, e) < 0)
        return -1;
    for (size_t i = 0; i < (*out)->d.len; i++) {
        const pv *k = (*out)->d.items[i].key;
        bool known = false;
        for (const char *const *n = allowed; *n && !known; n++)
            known = strlen(*n) == k->s.len && memcmp(*n, k->s.p, k->s.len) == 0;
        if (!known) {
            refuse(e, rq->a, "unknown argument '%s'", k->s.p);
            return -1;
        }
    }
    return 0;
}

static int get_op(request *rq, const pv *obj, const route **r, py_err *e)
{
    const pv *op = pv_dict_getc(obj, "op");
    if (!op) {
        refuse(e, rq->a, "missing required argument 'op'");
        return -1;
    }
    if (op->kind != PV_STR) {
        refuse(e, rq->a, "argument 'op' must be of type str");
        return -1;
    }
    *r = memchr(op->s.p, '\0', op->s.len) ? NULL : registry_find(op->s.p, op->s.len);
    if (!*r) {
        refuse(e, rq->a, "unknown op: %s", op->s.p);
        return -1;
    }
    return 0;
}

static int get_timeout(request *rq, const pv *obj, double *t, py_err *e)
{
    const pv *v = pv_dict_getc(obj, "timeout");
    *t = -1;
    if (!v || v->kind == PV_NONE)
        return 0;
    if (v->kind == PV_INT) {
        if (pv_int_sign(v) < 0) {
            refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
            return -1;
        }
        if (!pv_int_to_double(v, t)) {
            refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
            return -1;
        }
        return 0;
    }
    if (v->kind != PV_FLOAT) {
        refuse(e, rq->a, "argument 'timeout' must be of type num");
        return -1;
    }
    if (!isfinite(v->f) || v->f < 0) {
        refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
        return -1;
    }
    *t = v->f;
    return 0;
}

static void submit(request *rq, response *rs, const jobs_spec *spec)
{
    char id[JOBS_ID_LEN + 1];
    int rc = jobs_submit(engine, spec, id);
    if (rc == JOBS_BUSY) {
        http_err(rq, rs, 429, "Busy", "job queue is full (%zu jobs pending)", config.job_queue);
        return;
    }
    if (rc == JOBS_CLOSED) {
        http_err(rq, rs, 503, "Unavailable", "the service is shutting down");
        return;
    }
    if (rc != JOBS_OK) {
        http_err(rq, rs, 503, "Unavailable", "cannot take the job now");
        return;
    }
    strbuf b = STRBUF_INIT;
    strbuf_printf(&b, "{\"id\":\"%s\",\"state\":\"pending\"}", id);
    json_answer(rs, 202, &b);
    response_header(rs, "Location", arena_printf(rq->a, PREFIX "/%s", id));
}

static void post_submit(request *rq, response *rs)
{
    static const char *const allowed[] = {"op", "args", "timeout", NULL};
    pv *obj = NULL;
    const route *r = NULL;
    py_err e = {0};
    double timeout = -1;
    if (body_object(rq, allowed, &obj, &e) < 0 || get_op(rq, obj, &r, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    const pv *args = pv_dict_getc(obj, "args");
    if (!args || args->kind == PV_NONE)
        args = pv_dict(rq->a, 0);
    if (args->kind != PV_DICT) {
        refuse(&e, rq->a, "argument 'args' must be of type dict");
        bad(rq, rs, &e);
        return;
    }
    if (get_timeout(rq, obj, &timeout, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    jobs_spec spec = {.op_name = r->path,
                      .op = r,
                      .items = &args,
                      .nitems = 1,
                      .map = false,
                      .timeout = timeout,
                      .return_exceptions = false};
    submit(rq, rs, &spec);
}

static void post_map(request *rq, response *rs)
{
    static const char *const allowed[] = {"op", "args_list", "timeout", "return_exceptions", NULL};
    pv *obj = NULL;
    const route *r = NULL;
    py_err e = {0};
    double timeout = -1;
    if (body_object(rq, allowed, &obj, &e) < 0 || get_op(rq, obj, &r, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    const pv *items = pv_dict_getc(obj, "args_list");
    if (!items) {
        refuse(&e, rq->a, "missing required argument 'args_list'");
        bad(rq, rs, &e);
        return;
    }
    if (items->kind != PV_LIST) {
        refuse(&e, rq->a, "argument 'args_list' must be of type list");
        bad(rq, rs, &e);
        return;
    }
    for (size_t i = 0; i < items->l.len; i++)
        if (items->l.items[i]->kind != PV_DICT) {
            refuse(&e, rq->a, "argument 'args_list' must be a list of objects");
            bad(rq, rs, &e);
            return;
        }
    const pv *rex = pv_dict_getc(obj, "return_exceptions");
    if (rex && rex->kind != PV_BOOL) {
        refuse(&e, rq->a, "argument 'return_exceptions' must be of type bool");
        bad(rq, rs, &e);
        return;
    }
    if (get_timeout(rq, obj, &timeout, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    jobs_spec spec = {.op_name = r->path,
                      .op = r,
                      .items = (const pv *const *)items->l.items,
                      .nitems = items->l.len,
                      .map = true,
                      .timeout = timeout,
                      .return_exceptions = rex && rex->b};
    submit(rq, rs, &spec);
}

/* Query arguments, each name in `allowed` (last value wins); 400 otherwise. */
static int query_args(request *rq, const char *const *allowed, const pv **values, py_err *e)
{
    url_query_pair *pairs;
    size_t n = url_query_parse(rq->a, rq->query, rq->query_len, &pairs);
    for (size_t i = 0; i < n; i++) {
        const pv *k = pairs[i].name;
        size_t which = 0;
        bool known = false;
        for (; allowed[which]; which++)
            if (strlen(allowed[which]) == k->s.len && memcmp(allowed[which], k->s.p, k->s.len) == 0) {
                known = true;
                break;
            }
        if (!known) {
            refuse(e, rq->a, "unknown argument '%s'", k->s.p);
            return -1;
        }
        values[which] = pairs[i].value;
    }
    return 0;
}

/* ------------------------------------------------------------ long-poll */

typedef struct wait_ctx {
    jobs_waiter w;
    request *rq;
    response *rs;
    const char *id;
    size_t id_len;
    double deadline;
} wait_ctx;

static void wait_ready(jobs_waiter *w, const char *json, size_t len)
{
    wait_ctx *c = w->arg;
    response_text(c->rs, 200, NULL, json, len);
    http_resume(c->rq);
}

/* On the HTTP thread, once the connection is suspended. */
static void wait_start(request *rq, response *rs)
{
    wait_ctx *c = rs->ctx;
    c->rq = rq;
    c->rs = rs;
    c->w.arg = c;
    if (jobs_wait(engine, c->id, c->id_len, c->deadline, &c->w, wait_ready) != JOBS_OK) {
        not_found(rq, rs, c->id, c->id_len);
        http_resume(rq);
    }
}

/* The exchange is over (normally after the answer; defensively if the
 * connection died first): the waiter must not outlive the request arena. */
static void wait_cleanup(request *rq, response *rs)
{
    (void)rq;
    wait_ctx *c = rs->ctx;
    if (c)
        jobs_unsubscribe(engine, &c->w);
}

static void get_job(request *rq, response *rs, const char *id, size_t n)
{
    static const char *const allowed[] = {"wait", NULL};
    const pv *q[1] = {NULL};
    py_err e = {0};
    if (query_args(rq, allowed, q, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    double wait = 0;
    if (q[0]) {
        if (!py_float_from_str(q[0]->s.p, q[0]->s.len, &wait)) {
            refuse(&e, rq->a, "argument 'wait' must be of type num");
            bad(rq, rs, &e);
            return;
        }
        if (!isfinite(wait) || wait < 0) {
            refuse(&e, rq->a, "argument 'wait' must be a finite number >= 0");
            bad(rq, rs, &e);
            return;
        }
    }
    if (wait > config.job_max_wait)
        wait = config.job_max_wait;
    /* A finished job is answered at once: nothing is suspended for it (which
     * also means nothing new parks once shutdown has finished every job). */
    jobs_state st;
    if (wait > 0 && jobs_get_state(engine, id, n, &st) == JOBS_OK && jobs_state_final(st))
        wait = 0;
    if (wait <= 0) {
        strbuf b = STRBUF_INIT;
        if (jobs_get(engine, id, n, &b) == JOBS_OK)
            json_answer(rs, 200, &b);
        else
            not_found(rq, rs, id, n);
        strbuf_free(&b);
        return;
    }
    wait_ctx *c = arena_calloc(rq->a, 1, sizeof *c);
    c->id = id;
    c->id_len = n;
    c->deadline = clock_monotonic() + wait;
    rs->ctx = c;
    rs->deferred = wait_start;
    rs->stream_done = wait_cleanup;
}

/* ------------------------------------------------------------ events (SSE) */

typedef struct sse_ctx {
    jobs_waiter w;
    request *rq;
} sse_ctx;

static void sse_news(jobs_waiter *w)
{
    sse_ctx *c = w->arg;
    http_resume(c->rq);
}

static int sse_stream(request *rq, response *rs, strbuf *out)
{
    (void)rq;
    sse_ctx *c = rs->ctx;
    strbuf data = STRBUF_INIT;
    int end = 0;
    while (out->len < 64 * 1024) {
        size_t id = 0;
        strbuf_clear(&data);
        int ev = jobs_next_event(engine, &c->w, &data, &id);
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

static void sse_cleanup(request *rq, response *rs)
{
    (void)rq;
    sse_ctx *c = rs->ctx;
    jobs_unsubscribe(engine, &c->w);
}

static void get_events(request *rq, response *rs, const char *id, size_t n)
{
    sse_ctx *c = arena_calloc(rq->a, 1, sizeof *c);
    c->rq = rq;
    c->w.arg = c;
    /* The stream is declared before subscribing: news may arrive at once
     * (from another thread), and http_resume must then see a stream. */
    rs->ctx = c;
    rs->stream = sse_stream;
    rs->stream_done = sse_cleanup;
    rs->status = 200;
    rs->content_type = "text/event-stream; charset=utf-8";
    if (jobs_subscribe(engine, id, n, &c->w, sse_news) != JOBS_OK) {
        rs->stream = NULL;
        rs->stream_done = NULL;
        rs->ctx = NULL;
        not_found(rq, rs, id, n);
        return;
    }
    response_header(rs, "Cache-Control", "no-cache");
    response_header(rs, "X-Accel-Buffering", "no");
}

/* ------------------------------------------------------------ the rest */

static void cancel(request *rq, response *rs, const char *id, size_t n)
{
    strbuf b = STRBUF_INIT;
    jobs_state was = JOBS_DONE;
    int rc = jobs_cancel(engine, id, n, &b, &was);
    if (rc == JOBS_OK)
        json_answer(rs, 200, &b);
    else if (rc == JOBS_FINISHED)
        http_err(rq, rs, 409, "Conflict", "job %.*s is already %s", (int)n, id, jobs_state_name(was));
    else
        not_found(rq, rs, id, n);
    strbuf_free(&b);
}

static void list(request *rq, response *rs)
{
    static const char *const allowed[] = {"state", NULL};
    const pv *q[1] = {NULL};
    py_err e = {0};
    if (query_args(rq, allowed, q, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    int state = -1;
    if (q[0] && (state = jobs_state_parse(q[0]->s.p, q[0]->s.len)) < 0) {
        refuse(&e, rq->a, "argument 'state' must be one of pending, running, done, failed, cancelled");
        bad(rq, rs, &e);
        return;
    }
    strbuf b = STRBUF_INIT;
    jobs_list(engine, state, &b);
    json_answer(rs, 200, &b);
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
        not_allowed(rq, rs, "GET, POST");
        return;
    }
    /* rest starts with '/' (dispatch matched the prefix) */
    rest++, n--;
    if (n == 3 && memcmp(rest, "map", 3) == 0) {
        if (is_method(rq, "POST")) {
            post_map(rq, rs);
            return;
        }
        not_allowed(rq, rs, "POST");
        return;
    }
    const char *slash = memchr(rest, '/', n);
    if (n > 0 && !slash) {
        if (is_method(rq, "GET")) {
            get_job(rq, rs, rest, n);
            return;
        }
        if (is_method(rq, "DELETE")) {
            cancel(rq, rs, rest, n);
            return;
        }
        not_allowed(rq, rs, "GET, DELETE");
        return;
    }
    if (slash && slash > rest && (size_t)(rest + n - slash) == 7 && memcmp(slash, "/events", 7) == 0) {
        if (is_method(rq, "GET")) {
            get_events(rq, rs, rest, (size_t)(slash - rest));
            return;
        }
        not_allowed(rq, rs, "GET");
        return;
    }
    http_err(rq, rs, 404, "NotFound", "no such path: %.*s", (int)rq->path_len, rq->path);
}

/* ------------------------------------------------------------ metrics */

static void metrics(strbuf *o)
{
    if (!engine)
        return;
    jobs_stats st;
    jobs_get_stats(engine, &st);
    strbuf_puts(o, "# HELP pystd_jobs Jobs kept by the service, by state.\n# TYPE pystd_jobs gauge\n");
    for (int s = 0; s < JOBS_NSTATES; s++)
        strbuf_printf(o, "pystd_jobs{state=\"%s\"} %zu\n", jobs_state_name((jobs_state)s), st.by_state[s]);
    strbuf_puts(o, "# HELP pystd_jobs_finished_total Jobs finished since start, by final state.\n"
                   "# TYPE pystd_jobs_finished_total counter\n");
    for (int s = JOBS_DONE; s < JOBS_NSTATES; s++)
        strbuf_printf(o, "pystd_jobs_finished_total{state=\"%s\"} %llu\n", jobs_state_name((jobs_state)s),
                      st.finished_total[s]);
    strbuf_printf(o,
                  "# HELP pystd_jobs_submitted_total Jobs accepted since start.\n"
                  "# TYPE pystd_jobs_submitted_total counter\npystd_jobs_submitted_total %llu\n"
                  "# HELP pystd_jobs_refused_total Submissions refused with 429 (queue full).\n"
                  "# TYPE pystd_jobs_refused_total counter\npystd_jobs_refused_total %llu\n"
                  "# HELP pystd_job_queue_depth Jobs waiting for a worker.\n"
                  "# TYPE pystd_job_queue_depth gauge\npystd_job_queue_depth %zu\n"
                  "# HELP pystd_job_queue_capacity Jobs that may wait for a worker before 429.\n"
                  "# TYPE pystd_job_queue_capacity gauge\npystd_job_queue_capacity %zu\n"
                  "# HELP pystd_job_kept_bytes Memory held by the results of finished jobs.\n"
                  "# TYPE pystd_job_kept_bytes gauge\npystd_job_kept_bytes %zu\n"
                  "# HELP pystd_job_workers Worker threads of the job pool.\n"
                  "# TYPE pystd_job_workers gauge\npystd_job_workers %u\n"
                  "# HELP pystd_job_workers_busy Job workers running an operation now.\n"
                  "# TYPE pystd_job_workers_busy gauge\npystd_job_workers_busy %zu\n"
                  "# HELP pystd_job_waiting_clients Clients parked on a job (no thread each).\n"
                  "# TYPE pystd_job_waiting_clients gauge\n"
                  "pystd_job_waiting_clients{kind=\"long_poll\"} %zu\n"
                  "pystd_job_waiting_clients{kind=\"events\"} %zu\n",
                  st.submitted_total, st.refused_total, st.queue_depth, st.max_pending, st.kept_bytes,
                  st.workers, st.workers_busy, st.waiters, st.subscribers);
    strbuf_puts(o, "# HELP pystd_job_duration_seconds Time jobs ran, from started_at to finished_at.\n"
                   "# TYPE pystd_job_duration_seconds histogram\n");
    unsigned long long acc = 0;
    for (int b = 0; b < JOBS_NBUCKETS; b++) {
        acc += st.duration_count[b];
        strbuf_printf(o, "pystd_job_duration_seconds_bucket{le=\"%g\"} %llu\n", jobs_duration_buckets[b],
                      acc);
    }
    acc += st.duration_count[JOBS_NBUCKETS];
    strbuf_printf(o, "pystd_job_duration_seconds_bucket{le=\"+Inf\"} %llu\n", acc);
    strbuf_printf(o, "pystd_job_duration_seconds_sum %.6f\npystd_job_duration_seconds_count %llu\n",
                  st.duration_sum, st.duration_n);
}

/* ------------------------------------------------------------ life cycle */

/* SIGTERM (executor.shutdown(wait=True, cancel_futures=True)): refuse new
 * jobs (503), cancel the pending ones, let running ones finish within the
 * grace period, cancel the rest.  Every job is final afterwards, so every
 * parked long-poll and event stream has been woken: nothing stays suspended
 * when the daemon stops. */
static void on_shutdown(double grace_end)
{
    if (!engine)
        return;
    jobs_close(engine);
    double now = clock_monotonic();
    double left = grace_end - now;
    /* keep a little of the grace for the woken clients to get their answers */
    double reserve = left > 4 ? 1.0 : left / 4;
    if (!jobs_drain(engine, grace_end - reserve))
        log_msg(LOG_WARN, "jobs: grace period over, cancelling the jobs still running");
    jobs_cancel_all(engine);
}

int jobs_http_init(void)
{
    jobs_limits lim = {.workers = config.job_workers,
                       .max_pending = config.job_queue,
                       .keep_seconds = config.job_keep,
                       .max_kept = config.job_max_kept,
                       .max_kept_bytes = config.job_max_kept_bytes,
                       .keepalive = 15.0};
    engine = jobs_new(&lim, run_item);
    if (!engine) {
        log_msg(LOG_ERROR, "jobs: cannot start the worker threads");
        return -1;
    }
    dispatch_add_resource(PREFIX, handle);
    metrics_add_provider(metrics);
    openapi_add_paths(jobs_openapi_paths);
    service_on_shutdown(on_shutdown);
    return 0;
}

void jobs_http_fini(void)
{
    jobs_free(engine);
    engine = NULL;
}
