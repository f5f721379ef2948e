/* /v1/jobs over HTTP (see jobs_http.h and pyref/modules/py_jobs.py): the
 * requests checked here, the store's calls run inline (memory) or on the
 * I/O pool (redis), Idempotency-Key, long-polls and event streams. */
#include "jobs_http.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "dispatch.h"
#include "http.h"
#include "base/taskpool.h"
#include "jobs/jobs_store.h"
#include "json/json.h"
#include "log.h"
#include "metrics.h"
#include "openapi.h"
#include "py/py_num.h"
#include "registry.h"
#include "service.h"
#include "url/url_query.h"

#define PREFIX "/v1/jobs"
#define RETRY_AFTER "1"
#define IDEM_MAX 255 /* characters of an Idempotency-Key */

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
    strbuf existing;
    const char *id; /* get, cancel, wait, events */
    size_t id_len;
    double deadline; /* wait */
    int state;       /* list */
    jobs_waiter w;   /* wait, events */
    atomic_bool live; /* events: wake-ups reach the stream (not while it is set up) */
};

/* ------------------------------------------------------------ running an op */

/* One item on a worker: the synchronous call's answer, minus the envelope
 * (and minus extra top-level fields such as random's state): the result
 * value, or the error object (also when the result cannot be written). */
static bool run_item(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    const route *r = op;
    op_ctx c;
    size_t start = out->len;
    if (registry_call(r, a, args, ctl, &c) < 0) {
        response_write_error(out, a, &c.err);
        return false;
    }
    py_err e;
    if (response_write_value(out, a, c.result, &e) < 0) {
        out->len = start; /* drop the partial text */
        if (out->data)
            out->data[start] = '\0';
        response_write_error(out, a, &e);
        return false;
    }
    return true;
}

/* The op of a job another replica took in. */
static const void *resolve_op(const char *name)
{
    return registry_find(name, strlen(name));
}

/* May the op run again when the worker running it died?  Not when it
 * writes files (OP_WRITES) or reaches the network (the blocking ops of
 * urllib: urlopen, urlretrieve, the robots.txt fetches). */
static bool rerunnable(const route *r)
{
    return !(r->op->flags & OP_WRITES) &&
           !((r->op->flags & OP_BLOCKING) && strncmp(r->mod->name, "urllib/", 7) == 0);
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

/* ------------------------------------------------------------ running a call */

static void unavailable(request *rq, response *rs)
{
    http_err(rq, rs, 503, "Unavailable", "the jobs backend cannot be reached; try again");
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
        http_err(rq, rs, 503, "Unavailable", "too many job requests in flight");
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
        http_err(rq, rs, 429, "Busy", "job queue is full (%zu jobs pending)", config.job_queue);
    } else if (rc == JOBS_CLOSED) {
        http_err(rq, rs, 503, "Unavailable", "the service is shutting down");
    } else if (rc == JOBS_UNAVAILABLE) {
        unavailable(rq, rs);
    } else if (rc == JOBS_CONFLICT) {
        http_err(rq, rs, 409, "Conflict", "this Idempotency-Key was used with another request body");
    } else if (rc == JOBS_EXISTS && c->existing.len) {
        json_answer(rs, 200, &c->existing); /* the job the key named, as it is now */
        response_header(rs, "Location", arena_printf(rq->a, PREFIX "/%s", id));
    } else if (rc != JOBS_OK && rc != JOBS_EXISTS) {
        http_err(rq, rs, 503, "Unavailable", "cannot take the job now");
    } else { /* (JOBS_EXISTS without the job: forgotten between two looks; answered as new) */
        strbuf b = STRBUF_INIT;
        strbuf_printf(&b, "{\"id\":\"%s\",\"state\":\"pending\"}", id);
        json_answer(rs, 202, &b);
        response_header(rs, "Location", arena_printf(rq->a, PREFIX "/%s", id));
    }
    strbuf_free(&c->existing);
}

static bool idem_char_ok(const char *k)
{
    size_t n = 0;
    for (; k[n]; n++)
        if ((unsigned char)k[n] < 0x20 || (unsigned char)k[n] > 0x7e)
            return false;
    return n > 0 && n <= IDEM_MAX;
}

/* Idempotency-Key: the key's digest (scoped by tenant: "" until tokens
 * exist) and the digest of this endpoint and body (the body as parsed and
 * written again, so that spacing does not matter).  -1 after a 400. */
static int idempotency(request *rq, const pv *body, jobs_spec *spec, py_err *e)
{
    const char *key = request_header(rq, "Idempotency-Key");
    if (!key)
        return 0;
    if (!idem_char_ok(key))
        return refuse(e, rq->a, "Idempotency-Key must be 1 to %d printable ASCII characters", IDEM_MAX);
    char *k = arena_alloc(rq->a, JOBS_DIGEST_LEN + 1), *d = arena_alloc(rq->a, JOBS_DIGEST_LEN + 1);
    jobs_idem_digest("", key, strlen(key), k);
    strbuf text = STRBUF_INIT;
    py_err we;
    json_write(&text, body, &JSON_ENVELOPE, rq->a, &we); /* a body just parsed: it writes */
    jobs_body_digest(rq->path, text.data ? text.data : "", text.len, d);
    strbuf_free(&text);
    spec->idem_key = k;
    spec->body_digest = d;
    return 0;
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
    call *c = new_call(rq, rs, do_submit);
    pv **items = arena_alloc(rq->a, sizeof *items);
    items[0] = (pv *)args;
    c->spec = (jobs_spec){.op_name = r->path,
                          .op = r,
                          .items = (const pv *const *)items,
                          .nitems = 1,
                          .map = false,
                          .timeout = timeout,
                          .return_exceptions = false,
                          .rerunnable = rerunnable(r)};
    if (idempotency(rq, obj, &c->spec, &e) < 0) {
        bad(rq, rs, &e);
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
    call *c = new_call(rq, rs, do_submit);
    c->spec = (jobs_spec){.op_name = r->path,
                          .op = r,
                          .items = (const pv *const *)items->l.items,
                          .nitems = items->l.len,
                          .map = true,
                          .timeout = timeout,
                          .return_exceptions = rex && rex->b,
                          .rerunnable = rerunnable(r)};
    if (idempotency(rq, obj, &c->spec, &e) < 0) {
        bad(rq, rs, &e);
        return;
    }
    run(rq, rs, c);
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

/* ------------------------------------------------------------ get, long-poll */

static void do_get(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    int rc = jobs_store_get(store, c->id, c->id_len, &b, NULL);
    if (rc == JOBS_OK)
        json_answer(rs, 200, &b);
    else if (rc == JOBS_UNAVAILABLE)
        unavailable(rq, rs);
    else
        not_found(rq, rs, c->id, c->id_len);
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
        not_found(rq, rs, c->id, c->id_len);
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
     * also means nothing new parks once shutdown has finished every job).
     * (The redis store's wait does the same, off this thread.) */
    jobs_state st;
    if (wait > 0 && !jobs_store_blocking(store) && jobs_store_get(store, id, n, NULL, &st) == JOBS_OK &&
        jobs_state_final(st))
        wait = 0;
    call *c = new_call(rq, rs, wait > 0 ? do_wait : do_get);
    c->id = id;
    c->id_len = n;
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
            not_found(rq, rs, c->id, c->id_len);
        return;
    }
    response_header(rs, "Cache-Control", "no-cache");
    response_header(rs, "X-Accel-Buffering", "no");
    atomic_store(&c->live, true);
}

static void get_events(request *rq, response *rs, const char *id, size_t n)
{
    call *c = new_call(rq, rs, do_events);
    c->id = id;
    c->id_len = n;
    run(rq, rs, c);
}

/* ------------------------------------------------------------ the rest */

static void do_cancel(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    jobs_state was = JOBS_DONE;
    int rc = jobs_store_cancel(store, c->id, c->id_len, &b, &was);
    if (rc == JOBS_OK)
        json_answer(rs, 200, &b);
    else if (rc == JOBS_FINISHED)
        http_err(rq, rs, 409, "Conflict", "job %.*s is already %s", (int)c->id_len, c->id, jobs_state_name(was));
    else if (rc == JOBS_UNAVAILABLE)
        unavailable(rq, rs);
    else
        not_found(rq, rs, c->id, c->id_len);
    strbuf_free(&b);
}

static void cancel(request *rq, response *rs, const char *id, size_t n)
{
    call *c = new_call(rq, rs, do_cancel);
    c->id = id;
    c->id_len = n;
    run(rq, rs, c);
}

static void do_list(request *rq, response *rs, call *c)
{
    strbuf b = STRBUF_INIT;
    if (jobs_store_list(store, c->state, &b) == JOBS_OK)
        json_answer(rs, 200, &b);
    else
        unavailable(rq, rs);
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
    call *c = new_call(rq, rs, do_list);
    c->state = state;
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
    dispatch_add_resource(PREFIX, handle);
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
