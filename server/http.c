/* The front end of the HTTP engine (http_conn.h): one conn_ctx per
 * exchange (created when its head is in, freed when it completes), bodies
 * capped before they are read and charged to the memory budget as they
 * arrive, suspend/resume for deferred work and streams, the deadlines of
 * http_guard.h at each step. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/cpus.h"
#include "compute.h"
#include "cors.h"
#include "dispatch.h"
#include "http_body.h"
#include "http_codec.h"
#include "http_conn.h"
#include "http_guard.h"
#include "http_head.h"
#include "http_listen.h"
#include "log.h"
#include "memory.h"
#include "metrics.h"

#define HELD_UNCOUNTED (16 * 1024)

typedef enum {
    ST_HEADERS,
    ST_BODY,
    ST_DISCARD,
    ST_REFUSED,
    ST_INFLATING, /* a compressed body inflating on the compute pool */
    ST_SUSPENDED,
    ST_COMPRESSING, /* the response's body compressing on the compute pool */
    ST_READY,
    ST_SENT
} conn_state;

typedef struct conn_ctx {
    request rq;
    response rs;
    http_body body;
    http_body plain;      /* the inflated body of a compressed request (then `body` is freed) */
    size_t plain_charged; /* of `charged`: what `plain` took (given back if it starts again) */
    codec_coding coding;  /* of the request body (Content-Encoding) */
    int inflated;         /* CODEC_* once inflated; -1 / -2: the compute pool refused the work */
    compute_task task;    /* inflating or compressing on the compute pool */
    strbuf pend;          /* a streamed response's text not yet sent */
    size_t expect;        /* the announced Content-Length, or 0 */
    size_t discarded;     /* bytes of a refused chunked body thrown away */
    size_t received;      /* bytes of body so far */
    size_t charged;       /* on the process memory account (memory.h) until the exchange ends */
    bool body_charged;    /* the declared Content-Length is charged: chunks are not */
    int refusal;          /* ST_DISCARD: the status to answer at the end (413, 429) */
    const char *uri;      /* the request target, in the engine's copy of the head */
    double t0, t_headers;
    conn_state state;
    _Atomic bool resumed;  /* the deferred work finished (or a stream has news) */
    _Atomic bool parked;   /* a stream returned "nothing yet" and is suspended: whoever
                              flips this true -> false owns the one hconn_resume */
    _Atomic bool awaiting; /* suspended for deferred work not answered yet: the first
                              http_resume ends it, even if the work set up a stream */
    hconn *conn;
    const char *origin; /* the Origin header (CORS), or NULL */
    char reqid[HTTP_REQUEST_ID_SIZE];
    char remote[64];
} conn_ctx;

static atomic_long active_requests;

long http_active_requests(void)
{
    return atomic_load(&active_requests);
}

/* One spare conn_ctx per thread: a conn_ctx is over 1 KiB, which glibc's
 * calloc serves from its bins (consolidating them first), not from the
 * thread's cache: a request would pay that twice. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_key_make(void)
{
    pthread_key_create(&spare_key, free);
}

static conn_ctx *ctx_new(void)
{
    pthread_once(&spare_once, spare_key_make);
    conn_ctx *cx = pthread_getspecific(spare_key);
    if (!cx)
        return calloc(1, sizeof *cx);
    pthread_setspecific(spare_key, NULL);
    memset(cx, 0, sizeof *cx);
    return cx;
}

static void ctx_free(conn_ctx *cx)
{
    pthread_once(&spare_once, spare_key_make);
    if (!pthread_getspecific(spare_key) && pthread_setspecific(spare_key, cx) == 0)
        return;
    free(cx);
}

static void *on_start(hconn *conn, const http_req *r)
{
    conn_ctx *cx = ctx_new();
    if (!cx)
        return NULL;
    cx->t0 = clock_monotonic();
    cx->uri = r->target;
    cx->conn = conn;
    cx->rq.a = arena_new();
    atomic_fetch_add(&active_requests, 1);
    metrics_request_start();
    return cx;
}

static ssize_t stream_reader(void *cls, char *buf, size_t max)
{
    conn_ctx *cx = cls;
    strbuf *pend = &cx->pend;
    if (pend->len == 0) {
        strbuf_clear(pend);
        int end = cx->rs.stream(&cx->rq, &cx->rs, pend);
        if (pend->len == 0) {
            if (end)
                return HCONN_END;
            /* Nothing yet: park the connection until http_resume().  Suspend
             * first, then publish `parked`, then look at `resumed` again:
             * http_resume does the mirror image (publish `resumed`, then
             * look at `parked`), so news arriving at any moment is seen by
             * one side, and only the side that clears `parked` resumes. */
            if (atomic_exchange(&cx->resumed, false))
                return 0; /* news arrived meanwhile: ask again */
            hconn_suspend(cx->conn);
            atomic_store(&cx->parked, true);
            if (atomic_exchange(&cx->resumed, false) && atomic_exchange(&cx->parked, false))
                hconn_resume(cx->conn);
            return 0;
        }
    }
    size_t n = pend->len < max ? pend->len : max;
    memcpy(buf, pend->data, n);
    memmove(pend->data, pend->data + n, pend->len - n);
    pend->len -= n;
    pend->data[pend->len] = '\0';
    return (ssize_t)n;
}

#define MAX_HEADERS 32

typedef struct header_list {
    const char *h[MAX_HEADERS][2];
    int n;
} header_list;

static void add_header(void *r, const char *name, const char *value)
{
    header_list *l = r;
    if (l->n < MAX_HEADERS) {
        l->h[l->n][0] = name;
        l->h[l->n][1] = value;
        l->n++;
    }
}

static int queue(conn_ctx *cx)
{
    response *rs = &cx->rs;
    hresp r = {.status = rs->status};
    /* What the exchange holds until it ends: its values and the response
     * (a small one's few KiB are not worth two atomic operations on the
     * account at 50,000 requests a second). */
    size_t held = arena_used(cx->rq.a) + rs->body.cap;
    if (held >= HELD_UNCOUNTED) {
        memory_take_anyway(held);
        cx->charged += held;
    }
    if (rs->stream) { /* HEAD: the engine sends the stream's headers at once, and no body */
        strbuf_clear(&cx->pend);
        if (!cx->rq.head)
            hconn_deadline(cx->conn, 0); /* streams run as long as their job */
        r.stream = stream_reader;
        r.stream_cls = cx;
    } else {
        r.body = strbuf_detach(&rs->body, &r.len);
        hconn_deadline(cx->conn, clock_monotonic_coarse() + config.conn_timeout + (double)r.len / GUARD_MIN_RATE);
    }
    header_list l = {.n = 0};
    if (rs->status != 204 && rs->status != 304) /* no content */
        add_header(&l, "Content-Type", rs->content_type ? rs->content_type : "application/json");
    add_header(&l, "X-Request-Id", cx->reqid);
    for (int i = 0; i < rs->nheaders; i++)
        add_header(&l, rs->headers[i][0], rs->headers[i][1]);
    if (rs->content_encoding)
        add_header(&l, "Content-Encoding", rs->content_encoding);
    cors_headers(cx->origin, add_header, &l);
    if (cors_varies() || rs->vary_encoding)
        add_header(&l, "Vary",
                   !rs->vary_encoding ? "Origin"
                   : cors_varies()    ? "Origin, Accept-Encoding"
                                      : "Accept-Encoding");
    r.headers = l.h;
    r.nheaders = l.n;
    r.close = cx->state == ST_REFUSED;
    int ret = hconn_respond(cx->conn, &r);
    if (cx->state != ST_REFUSED)
        cx->state = ST_SENT;
    return ret;
}

static void refuse(conn_ctx *cx, int status, const char *type, const char *msg)
{
    response_http_error(&cx->rs, cx->rq.a, status, type, "%s", msg);
    if (status == 429)
        response_header(&cx->rs, "Retry-After", "1");
    cx->state = ST_REFUSED;
}

static void refuse_body(conn_ctx *cx, int status)
{
    if (status == 429) {
        memory_count_refused();
        refuse(cx, 429, "Busy",
               "the service is short of memory for this request body (--max-memory); retry later");
    } else {
        refuse(cx, 413, "PayloadTooLarge", "request body larger than the limit");
    }
}

/* A chunk of body: kept (and charged), or thrown away once refused. */
static int take_chunk(conn_ctx *cx, const char *data, size_t n)
{
    cx->received += n;
    hconn_deadline(cx->conn, cx->t_headers + config.conn_timeout + (double)cx->received / GUARD_MIN_RATE);
    if (cx->state == ST_BODY) {
        if (http_body_len(&cx->body) + n > config.max_body) {
            /* Only a chunked body gets here (a Content-Length was checked
             * up front).  A response cannot go out in the middle of a
             * body: discard the rest, answer at its end, and cut the
             * connection if the client keeps sending far beyond. */
            cx->refusal = 413;
        } else {
            size_t grown = 0;
            if (http_body_append(&cx->body, data, n, cx->expect, &grown) < 0)
                cx->refusal = 429;
            else if (!cx->body_charged && grown) {
                if (memory_take(grown))
                    cx->charged += grown;
                else
                    cx->refusal = 429;
            }
        }
        if (cx->refusal) {
            http_body_free(&cx->body);
            cx->state = ST_DISCARD;
        }
    }
    if (cx->state == ST_DISCARD) {
        cx->discarded += n;
        if (cx->discarded > 4 * config.max_body + (64u << 20))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ content codings
 *
 * Inflating a request body and compressing a response body are compute
 * work: small ones (CODEC_INLINE_MAX) are done here, larger ones on the
 * compute pool, the connection suspended meanwhile (http_resume wakes it). */

/* Suspend in state st for work on the compute pool, which resumes the
 * connection when done.  When the pool refuses the work (cx->inflated: -1
 * full, -2 closing), the connection is resumed at once, as start_call in
 * dispatch.c does: st's handler then sees that. */
static void on_pool(conn_ctx *cx, taskpool_fn fn, conn_state st)
{
    cx->state = st;
    cx->inflated = 0;
    atomic_store(&cx->resumed, false);
    hconn_suspend(cx->conn);
    atomic_store(&cx->awaiting, true);
    int rc = compute_submit(&cx->task, fn, cx);
    if (rc < 0) {
        cx->inflated = rc;
        http_resume(&cx->rq);
    }
}

static void gzip_body(conn_ctx *cx)
{
    strbuf z = STRBUF_INIT;
    if (codec_gzip(cx->rs.body.data, cx->rs.body.len, CODEC_LEVEL, &z) == 0 && z.len < cx->rs.body.len) {
        strbuf_free(&cx->rs.body);
        cx->rs.body = z;
        cx->rs.content_encoding = "gzip";
    } else {
        strbuf_free(&z);
    }
}

static void gzip_task(void *arg)
{
    conn_ctx *cx = arg;
    compute_count_codec(false);
    gzip_body(cx);
    http_resume(&cx->rq);
}

/* A dispatched answer: compressed when it is worth it and the client takes
 * gzip (Vary: Accept-Encoding whenever it is worth it). */
static int send_response(conn_ctx *cx)
{
    response *rs = &cx->rs;
    if (rs->stream || rs->content_encoding || rs->body.len < CODEC_MIN_SIZE ||
        !codec_compressible(rs->content_type) || rs->status == 204 || rs->status == 304)
        return queue(cx);
    rs->vary_encoding = true;
    if (!cx->rq.accept_gzip)
        return queue(cx);
    if (rs->body.len > CODEC_INLINE_MAX) {
        on_pool(cx, gzip_task, ST_COMPRESSING); /* refused: the body goes as it is */
        return 0;
    }
    gzip_body(cx);
    return queue(cx);
}

/* Route the request and answer it, now or once its deferred work is done. */
static int run(conn_ctx *cx)
{
    cx->rq.body = http_body_data(&cx->body);
    cx->rq.body_len = http_body_len(&cx->body);
    dispatch(&cx->rq, &cx->rs);
    if (cx->rs.deferred) {
        cx->state = ST_SUSPENDED;
        hconn_suspend(cx->conn);
        atomic_store(&cx->awaiting, true);
        cx->rs.deferred(&cx->rq, &cx->rs);
        return 0;
    }
    return send_response(cx);
}

/* Inflated bytes: kept, and charged to the memory account as they grow. */
static int plain_sink(void *ctx, const char *p, size_t n)
{
    conn_ctx *cx = ctx;
    size_t grown = 0;
    if (http_body_append(&cx->plain, p, n, 0, &grown) < 0)
        return -1;
    if (grown && !memory_take(grown))
        return -1;
    cx->charged += grown;
    cx->plain_charged += grown;
    return 0;
}

static int inflate_upto(conn_ctx *cx, size_t max)
{
    http_body_free(&cx->plain); /* an earlier try's (inline, stopped at 64 KiB) */
    memory_give(cx->plain_charged);
    cx->charged -= cx->plain_charged;
    cx->plain_charged = 0;
    return codec_inflate(cx->coding, http_body_data(&cx->body), http_body_len(&cx->body), max, plain_sink,
                         cx);
}

static void inflate_task(void *arg)
{
    conn_ctx *cx = arg;
    compute_count_codec(true);
    cx->inflated = compute_closing() ? -2 : inflate_upto(cx, config.max_body);
    http_resume(&cx->rq);
}

static int inflated(conn_ctx *cx)
{
    switch (cx->inflated) {
    case CODEC_OK:
        http_body_free(&cx->body); /* its charge stays until the exchange ends */
        cx->body = cx->plain;
        memset(&cx->plain, 0, sizeof cx->plain);
        cx->state = ST_BODY;
        return run(cx);
    case CODEC_TOO_LARGE:
        refuse(cx, 413, "PayloadTooLarge",
               "request body larger than the limit once decompressed (--max-body)");
        break;
    case CODEC_BAD:
        refuse(cx, 400, "BadRequest", "the body is not valid data of its Content-Encoding");
        break;
    case CODEC_REFUSED:
        refuse_body(cx, 429);
        break;
    case -1:
        refuse(cx, 429, "Busy", "the compute queue is full (--compute-queue); retry later");
        break;
    default:
        refuse(cx, 503, "Unavailable", "the service is shutting down");
        response_header(&cx->rs, "Retry-After", "1");
        break;
    }
    http_body_free(&cx->plain);
    return queue(cx);
}

/* A body with a Content-Encoding, complete: inflated here when it is small
 * both ways, else on the compute pool (the decompressed size counted
 * against --max-body as it grows). */
static int inflate_body(conn_ctx *cx)
{
    if (http_body_len(&cx->body) <= CODEC_INLINE_MAX) {
        size_t cap = config.max_body < CODEC_INLINE_MAX ? config.max_body : CODEC_INLINE_MAX;
        cx->inflated = inflate_upto(cx, cap);
        if (cx->inflated != CODEC_TOO_LARGE || cap == config.max_body)
            return inflated(cx);
    }
    on_pool(cx, inflate_task, ST_INFLATING);
    return 0;
}

static int on_request(hconn *conn, void *ctx, const char *upload_data, size_t *upload_data_size)
{
    conn_ctx *cx = ctx;
    if (!cx)
        return -1;
    if (cx->state == ST_HEADERS) {
        const char *method = hconn_req(conn)->method;
        cx->rq.head = strcmp(method, "HEAD") == 0; /* answered as GET; the engine sends no body */
        cx->rq.method = cx->rq.head ? "GET" : arena_strdup(cx->rq.a, method);
        char *q = strchr(cx->uri, '?');
        cx->rq.path = cx->uri;
        cx->rq.path_len = q ? (size_t)(q - cx->uri) : strlen(cx->uri);
        cx->rq.query = q ? q + 1 : "";
        cx->rq.query_len = strlen(cx->rq.query);
        http_head h;
        http_head_read(conn, &h);
        http_head_request_id(h.request_id, cx->reqid);
        cx->rq.request_id = cx->reqid;
        cx->origin = h.origin;
        if (http_head_remote(conn, cx->remote, sizeof cx->remote, cx->rq.a))
            cx->rq.remote = cx->remote;
        trace_parse(&cx->rq.trace, h.traceparent, h.tracestate);
        cx->t_headers = clock_monotonic_coarse(); /* deadlines in seconds */
        hconn_deadline(conn, cx->t_headers + config.conn_timeout);
        const char *cl = h.content_length;
        /* Request smuggling's raw material: a body length said two ways
         * (two different Content-Lengths, or one with a Transfer-Encoding),
         * which a proxy in front may read otherwise than we do.  400, and the connection closes (RFC 9112, 6.3). */
        if (cl && (h.transfer_encoding || h.length_conflict)) {
            refuse(cx, 400, "BadRequest", "conflicting Content-Length / Transfer-Encoding headers");
            return queue(cx);
        }
        cx->rq.accept_gzip = codec_accepts_gzip(h.accept_encoding);
        cx->coding = codec_content_coding(h.content_encoding);
        if (cx->coding == CODING_UNSUPPORTED) {
            refuse(cx, 415, "UnsupportedMediaType", "Content-Encoding must be gzip, deflate or identity");
            response_header(&cx->rs, "Accept-Encoding", "gzip, deflate");
            return queue(cx);
        }
        if (cl) {
            char *end;
            unsigned long long n = strtoull(cl, &end, 10);
            if (n > config.max_body) {
                refuse_body(cx, 413);
                return queue(cx);
            }
            /* Admission: a body that would cross --max-memory is refused
             * before it is read. */
            if (n && !memory_take((size_t)n)) {
                refuse_body(cx, 429);
                return queue(cx);
            }
            cx->charged += (size_t)n;
            cx->body_charged = true;
            cx->expect = (size_t)n;
        }
        cx->state = ST_BODY;
        return 0;
    }
    if (*upload_data_size) {
        int ok = take_chunk(cx, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return ok;
    }
    switch (cx->state) {
    case ST_DISCARD:
        refuse_body(cx, cx->refusal);
        return queue(cx);
    case ST_BODY:
        hconn_deadline(conn, 0); /* read: the server's turn */
        if (cx->coding != CODING_IDENTITY && http_body_len(&cx->body))
            return inflate_body(cx);
        return run(cx);
    case ST_INFLATING:
        if (!atomic_exchange(&cx->resumed, false))
            return 0;
        return inflated(cx);
    case ST_SUSPENDED:
        if (!atomic_load(&cx->resumed))
            return 0;
        cx->state = ST_READY;
        return send_response(cx);
    case ST_COMPRESSING:
        if (!atomic_load(&cx->resumed))
            return 0;
        cx->state = ST_READY;
        return queue(cx);
    default:
        return 0;
    }
}

void http_resume(request *rq)
{
    conn_ctx *cx = (conn_ctx *)(void *)((char *)rq - offsetof(conn_ctx, rq));
    if (atomic_exchange(&cx->awaiting, false)) {
        /* the deferred work is done (it may have set up a stream: the
         * stream's own wake-ups come after this one) */
        atomic_store(&cx->resumed, true);
        hconn_resume(cx->conn);
        return;
    }
    if (cx->rs.stream) {
        /* A stream (set before anyone may call this): wake it only if the
         * reader parked it; otherwise the reader sees `resumed` itself. */
        atomic_store(&cx->resumed, true);
        if (atomic_exchange(&cx->parked, false))
            hconn_resume(cx->conn);
        return;
    }
    atomic_store(&cx->resumed, true);
    hconn_resume(cx->conn);
}

const char *request_header(const request *rq, const char *name)
{
    const conn_ctx *cx = (const conn_ctx *)(const void *)((const char *)rq - offsetof(conn_ctx, rq));
    return http_req_field(hconn_req(cx->conn), name);
}

static void on_completed(hconn *conn, void *ctx, bool ok)
{
    conn_ctx *cx = ctx;
    if (!cx)
        return;
    double now = clock_monotonic(), dt = now - cx->t0;
    int status = cx->rs.status ? cx->rs.status : 499;
    if (!ok && cx->state != ST_SENT && cx->state != ST_REFUSED)
        status = 499; /* the client went away first */
    char path[512];
    size_t n = cx->rq.path_len < sizeof path - 1 ? cx->rq.path_len : sizeof path - 1;
    memcpy(path, cx->uri, n);
    path[n] = '\0';
    const char *method = cx->rq.method ? request_method(&cx->rq) : "?";
    metrics_request_done(cx->rs.status ? cx->rs.route_id : metrics_unmatched(), method, status, dt);
    log_request(method, path, status, dt, cx->reqid, cx->remote[0] ? cx->remote : NULL, cx->rq.who,
                cx->rq.trace.valid ? &cx->rq.trace : NULL);
    if (cx->rs.stream_done)
        cx->rs.stream_done(&cx->rq, &cx->rs);
    memory_give(cx->charged);
    hconn_deadline(conn, now + config.conn_timeout); /* the next request's headers */
    http_body_free(&cx->body);
    http_body_free(&cx->plain);
    strbuf_free(&cx->pend);
    strbuf_free(&cx->rs.body);
    arena_free(cx->rq.a);
    ctx_free(cx);
    atomic_fetch_sub(&active_requests, 1);
}

/* A head the engine refused: logged and counted as a request of no route. */
static void on_rejected(hconn *conn, int status)
{
    char reqid[HTTP_REQUEST_ID_SIZE], remote[64] = "";
    http_head_request_id(NULL, reqid);
    bool known = http_head_peer(conn, remote, sizeof remote);
    metrics_request_done(metrics_unmatched(), "-", status, 0);
    log_request("-", "-", status, 0, reqid, known ? remote : NULL, NULL, NULL);
}

static const http_handlers handlers = {on_start, on_request, on_completed, on_rejected};

int http_start(void)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl;
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, config.bind, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)config.port);
        sl = sizeof *s4;
    } else if (inet_pton(AF_INET6, config.bind, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)config.port);
        sl = sizeof *s6;
    } else {
        log_msg(LOG_ERROR, "--bind %s is not an IPv4 or IPv6 address", config.bind);
        return -1;
    }
    unsigned threads = (unsigned)config.threads;
    if (threads == 0)
        threads = cpus_usable();
    if (http_listen_open((struct sockaddr *)&ss, sl) < 0) {
        log_msg(LOG_ERROR, "cannot listen on %s:%d: %s", config.bind, config.port, strerror(errno));
        return -1;
    }
    if (guard_start() < 0) {
        http_listen_stop();
        return -1;
    }
    if (hconn_start(threads, &handlers) < 0) {
        log_msg(LOG_ERROR, "cannot start the HTTP workers");
        http_stop();
        return -1;
    }
    if (http_listen_start() < 0) {
        log_msg(LOG_ERROR, "cannot start the accept thread");
        http_stop();
        return -1;
    }
    return 0;
}

int http_port(void)
{
    int port;
    return http_listen_port(&port) ? port : config.port;
}

void http_stop(void)
{
    http_listen_stop(); /* no new connection after this */
    hconn_stop();
    guard_stop();
}
