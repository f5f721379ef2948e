/* What http_conn.c (one connection's exchanges) and http_loop.c (the
 * workers that own connections) share; nothing else includes this. */
#ifndef PYSTD_HTTP_CONN_INT_H
#define PYSTD_HTTP_CONN_INT_H

#include <gnutls/gnutls.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>

#include "http_conn.h"
#include "http_guard.h"

typedef enum {
    C_HANDSHAKE, /* TLS */
    C_HEAD,      /* reading a head */
    C_BODY,      /* reading a body, handing it over piece by piece */
    C_WAIT,      /* the body is in: the front end is working (maybe suspended) */
    C_SEND,      /* writing the response */
    C_LINGER,    /* answered and shut for writing: what still comes is read and dropped */
} conn_phase;

typedef struct hworker hworker;

struct hconn {
    int fd;
    hworker *w;
    gnutls_session_t tls; /* NULL: plain TCP */
    guard_conn *guard;
    struct sockaddr_storage peer;
    conn_phase phase;
    bool readable, writable; /* edge-triggered readiness not yet used up */
    bool peer_done;          /* EPOLLRDHUP came: no more edges; reads go on until they see the end */
    bool suspended;          /* by the front end: no callback until resumed */
    bool resume_queued;      /* on its worker's inbox (guarded by the worker's lock) */
    bool retry;              /* a callback neither answered nor suspended: call it again */
    bool kick;               /* C_WAIT: call the front end (resumed, or to be asked again) */
    bool lingering;          /* shut for writing already */
    bool in_retry;           /* on its worker's retry list */
    bool close_after;        /* close once the response is out */
    bool responded;          /* hconn_respond was called for this exchange */
    bool started;            /* `start` was called: `completed` is owed */
    bool head_only;          /* HEAD */
    /* reading */
    char *rbuf;
    size_t rcap, rlen, roff; /* roff: bytes of rbuf already used (head, body handed over) */
    size_t scan;
    char *hbuf; /* the exchange's head, out of rbuf (req's strings point here) */
    size_t hcap;
    http_req req;
    void *ctx;
    uint64_t body_left; /* of a Content-Length body */
    http_chunked chunk;
    bool chunked;
    /* writing: the head, then the body or the stream's chunks */
    char *head;
    size_t head_cap, head_len, head_off;
    char *body;
    size_t body_len, body_off;
    hconn_reader stream;
    void *stream_cls;
    bool stream_end, stream_chunked;
    hconn *next; /* the worker's list of connections, or its inbox */
    hconn *prev;
    hconn *next_resume;
};

/* http_conn.c */
hconn *conn_new(int fd, const struct sockaddr *peer, socklen_t len);
bool conn_run(hconn *c);  /* does what it can until it must wait; false: c was freed */
void conn_free(hconn *c); /* closes: `completed` (not ok) if owed */
extern const http_handlers *conn_handlers;

/* http_loop.c */
void loop_forget(hconn *c); /* conn_free's: off its worker's list, off the counts */

#endif
