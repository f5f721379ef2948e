/* One HTTP exchange as the rest of the server sees it, free of
 * libmicrohttpd: http.c fills a request, dispatch() fills the response. */
#ifndef PYSTD_REQUEST_H
#define PYSTD_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "py/py_err.h"

typedef struct request request;
typedef struct response response;

/* Work that must not run on an HTTP thread: http.c suspends the connection,
 * then calls start(rq, rs); whoever finishes the work fills rs and calls
 * http_resume(rq) exactly once. */
typedef void (*deferred_fn)(request *rq, response *rs);

/* Streaming bodies (Server-Sent Events): called whenever the client can take
 * more; append to out and return 0, or return 1 when the stream has ended.
 * Returning 0 with nothing appended means "nothing yet": the connection is
 * parked until http_resume(rq) is called. */
typedef int (*stream_fn)(request *rq, response *rs, strbuf *out);

struct request {
    arena *a;               /* lives until the response is sent */
    const char *method;
    const char *path;
    size_t path_len;
    const char *query;      /* after '?', or "" */
    size_t query_len;
    const char *body;
    size_t body_len;
    const char *request_id;
    void *conn;             /* the MHD connection (http.c) */
};

#define RESPONSE_MAX_HEADERS 4

struct response {
    int status;
    strbuf body;                /* malloc'ed; handed to MHD */
    const char *content_type;   /* static string; NULL = application/json */
    const char *headers[RESPONSE_MAX_HEADERS][2]; /* extra headers (arena or static) */
    int nheaders;
    unsigned route_id;          /* metrics label (metrics.h) */
    deferred_fn deferred;       /* set: suspend, then run it (see above) */
    stream_fn stream;           /* set: the body is streamed */
    deferred_fn stream_done;    /* called once when the exchange ends, streamed or not (cleanup) */
    void *ctx;                  /* for deferred / stream */
};

void response_header(response *rs, const char *name, const char *value);
/* {"result": value, ...extra} */
void response_result(response *rs, arena *a, const pv *result, const pv *extra);
/* {"error": {"type", "message", ...extra}} with e->status */
void response_error(response *rs, arena *a, const py_err *e);
void response_json(response *rs, arena *a, int status, const pv *body);
void response_text(response *rs, int status, const char *ctype, const char *text, size_t len);

/* Route and answer one request (server/dispatch.c). */
int dispatch_init(void);
void dispatch_fini(void);
void dispatch(request *rq, response *rs);
/* An envelope error that never reached an endpoint (413, malformed request). */
void dispatch_error(response *rs, arena *a, int status, const char *type, const char *msg);

/* Resource-style endpoints outside the op table (the job system): fn gets
 * every request whose path is `prefix` or starts with `prefix/`. */
typedef void (*resource_fn)(request *rq, response *rs);
void dispatch_add_resource(const char *prefix, resource_fn fn);

/* http.c: wake a suspended connection once its response is ready. */
void http_resume(request *rq);

#endif
