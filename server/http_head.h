/* A request's head as the server itself reads it (server/http_head.c): the
 * headers it looks at, collected in one pass over the head's fields
 * instead of one lookup each; the request id (the client's, or made here);
 * the client's address. */
#ifndef PYSTD_HTTP_HEAD_H
#define PYSTD_HTTP_HEAD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hconn hconn;
typedef struct arena arena;

/* The first value of each header (what http_req_field answers), or
 * NULL.  The values live as long as the request. */
typedef struct http_head {
    const char *request_id;       /* X-Request-Id */
    const char *traceparent;      /* traceparent */
    const char *tracestate;       /* tracestate */
    const char *content_length;   /* Content-Length */
    const char *accept_encoding;  /* Accept-Encoding */
    const char *content_encoding; /* Content-Encoding */
    const char *origin;           /* Origin */
    bool transfer_encoding;       /* a Transfer-Encoding header came */
    bool length_conflict;         /* another Content-Length differs from the first */
} http_head;

void http_head_read(hconn *conn, http_head *h);

#define HTTP_REQUEST_ID_SIZE 48
/* The request id into out: the client's X-Request-Id when it is 1 to 47 of
 * [A-Za-z0-9._:-], else 32 hex digits of a per-thread xoshiro256**. */
void http_head_request_id(const char *given, char out[HTTP_REQUEST_ID_SIZE]);

/* The client's address into out (http_proxy.h: behind a trusted proxy, the
 * one X-Forwarded-For names; scratch from `a`); false when unknown. */
bool http_head_remote(hconn *conn, char *out, size_t n, arena *a);
/* The socket's peer alone (no X-Forwarded-For); false when not IP. */
bool http_head_peer(hconn *conn, char *out, size_t n);

#endif
