/* The answer to one HTTP exchange, free of the HTTP engine: dispatch() and the
 * resource endpoints fill a response, http.c sends it.  And the response
 * envelope -- {"result": value, ...extra fields} on success,
 * {"error": {"type", "message", ...attributes}} on failure -- written here
 * (server/response.c) and nowhere else: the jobs keep an item's result value
 * or error object, the OpenAPI document shows example bodies, both with the
 * writers below. */
#ifndef PYSTD_RESPONSE_H
#define PYSTD_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef struct request request; /* dispatch.h */
typedef struct response response;

/* Work that must not run on an HTTP thread: http.c suspends the connection,
 * then calls start(rq, rs); whoever finishes the work fills rs and calls
 * http_resume(rq) (http.h) exactly once. */
typedef void (*deferred_fn)(request *rq, response *rs);

/* Streaming bodies (Server-Sent Events): called whenever the client can take
 * more; append to out and return 0, or return 1 when the stream has ended.
 * Returning 0 with nothing appended means "nothing yet": the connection is
 * parked until http_resume(rq) is called. */
typedef int (*stream_fn)(request *rq, response *rs, strbuf *out);

#define RESPONSE_MAX_HEADERS 8

struct response {
    int status;
    strbuf body;                                  /* malloc'ed; handed to the engine */
    const char *content_type;                     /* static string; NULL = application/json */
    const char *content_encoding;                 /* static string ("gzip"), or NULL: the body as it is */
    bool vary_encoding;                           /* the body depends on Accept-Encoding (Vary) */
    const char *headers[RESPONSE_MAX_HEADERS][2]; /* extra headers (arena or static) */
    int nheaders;
    unsigned route_id;       /* metrics label (metrics.h) */
    deferred_fn deferred;    /* set: suspend, then run it (see above) */
    stream_fn stream;        /* set: the body is streamed */
    deferred_fn stream_done; /* called once when the exchange ends, streamed or not (cleanup) */
    void *ctx;               /* for deferred / stream */
};

void response_header(response *rs, const char *name, const char *value);
/* 200 {"result": value, ...extra} (a value that cannot be written: its error) */
void response_result(response *rs, arena *a, const pv *result, const pv *extra);
/* {"error": {"type", "message", ...extra}} with e->status (Retry-After when e says so) */
void response_error(response *rs, arena *a, const py_err *e);
/* response_error of py_http_error(status, type, fmt, ...) */
void response_http_error(response *rs, arena *a, int status, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void response_json(response *rs, arena *a, int status, const pv *body);
void response_text(response *rs, int status, const char *ctype, const char *text, size_t len);

/* The envelope's parts, appended to any buffer.  The writers that can fail
 * return 0, or -1 with e set and a partial text appended. */
/* {"result": value, ...extra} */
int response_write_result(strbuf *out, arena *a, const pv *result, const pv *extra, py_err *e);
/* A value alone, as the envelope writes it (the "result" of a job's item). */
int response_write_value(strbuf *out, arena *a, const pv *v, py_err *e);
/* The error object {"type": ..., "message": ..., ...extra}: what "error" holds. */
void response_write_error(strbuf *out, arena *a, const py_err *e);

#endif
