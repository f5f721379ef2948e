/* pystd's HTTP/1.1 connections (server/http_conn.c, http_loop.c): epoll
 * workers, each owning its connections from accept to close, reading
 * heads and bodies (http_parse.h), writing responses, over plain TCP or
 * TLS (GnuTLS).  What to answer is the front end's business (http.c),
 * through three callbacks and the calls below.
 *
 * An exchange: `start` once its head is complete, then `request` with no
 * data (the head alone), with each piece of the body, and with no data
 * once the body is complete; a callback answers with hconn_respond, or
 * suspends the connection (hconn_suspend) until another thread calls
 * hconn_resume, which calls `request` with no data again.  `completed`
 * ends every started exchange: sent (ok) or not.  All three run on the
 * connection's worker thread. */
#ifndef PYSTD_HTTP_CONN_H
#define PYSTD_HTTP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "http_parse.h"

typedef struct hconn hconn;

typedef struct http_handlers {
    void *(*start)(hconn *c, const http_req *r);
    /* 0: go on; -1: close the connection.  Sets *n to 0 once it took the data. */
    int (*request)(hconn *c, void *ctx, const char *data, size_t *n);
    void (*completed)(hconn *c, void *ctx, bool ok);
    /* The engine answered a head it could not take (400, 431, 505) itself:
     * no exchange was started. */
    void (*rejected)(hconn *c, int status);
} http_handlers;

/* A response body produced as it goes: > 0 bytes written to buf, 0 for
 * nothing yet (the reader suspended the connection, or will be asked
 * again at once), HCONN_END once it is over. */
#define HCONN_END (-1)
typedef ssize_t (*hconn_reader)(void *cls, char *buf, size_t max);

typedef struct hresp {
    int status;
    const char *(*headers)[2]; /* name, value */
    int nheaders;
    char *body; /* malloc'ed, the connection's from now on (freed once sent) */
    size_t len;
    hconn_reader stream; /* instead of a body: chunked (HTTP/1.1) or until close (1.0) */
    void *stream_cls;
    bool close; /* close the connection after this response */
} hresp;

/* Queues the exchange's response (once: -1 and the body freed after
 * that).  A header with a CR or LF in its name or value is left out. */
int hconn_respond(hconn *c, const hresp *r);

void hconn_suspend(hconn *c);
void hconn_resume(hconn *c); /* any thread; once per hconn_suspend */

/* The exchange's head, and the client. */
const http_req *hconn_req(const hconn *c);
const struct sockaddr *hconn_peer(const hconn *c);

/* http_guard.h's deadline of the connection: monotonic seconds, 0 = none. */
void hconn_deadline(hconn *c, double at);

/* The engine: `threads` workers; each accepted socket goes to hconn_add
 * (which closes it when --max-conns or --max-conns-per-ip says no). */
int hconn_start(unsigned threads, const http_handlers *h);
void hconn_add(int fd, const struct sockaddr *peer, socklen_t len);
/* Closes every connection (`completed` with ok false for unfinished
 * exchanges, suspended ones included) and stops the workers. */
void hconn_stop(void);

#endif
