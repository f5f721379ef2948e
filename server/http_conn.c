/* One connection's exchanges (http_conn.h): read a head, hand it and its
 * body to the front end, write the response, again while the client keeps
 * the connection; over plain TCP or TLS.  Runs on the connection's worker
 * (http_loop.c), driven by edge-triggered readiness. */
#include "http_conn_int.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "auth.h"
#include "base/clock.h"
#include "base/config.h"

#define RBUF_FIRST 4096
#define RBUF_BODY                                                                                            \
    (16 * 1024) /* a large body is read in pieces this large (libmicrohttpd's pool was as large) */
#define STREAM_PIECE (16 * 1024) /* of a stream's data per chunk */
#define LINGER_SECONDS 2.0

const http_handlers *conn_handlers;

hconn *conn_new(int fd, const struct sockaddr *peer, socklen_t len)
{
    hconn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    if (len > sizeof c->peer)
        len = sizeof c->peer;
    memcpy(&c->peer, peer, len);
    c->guard = guard_open(fd);
    if (!c->guard || (auth_tls_enabled() && auth_tls_session(&c->tls, fd) < 0)) {
        guard_close(c->guard);
        free(c);
        return NULL;
    }
    int one = 1; /* a response goes out in one send: no waiting for an ACK of the last */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->phase = c->tls ? C_HANDSHAKE : C_HEAD;
    return c;
}

static void end_exchange(hconn *c, bool ok)
{
    if (c->started) {
        c->started = false;
        conn_handlers->completed(c, c->ctx, ok);
    }
    c->ctx = NULL;
    free(c->body);
    c->body = NULL;
    c->body_len = c->body_off = 0;
    c->stream = NULL;
    c->responded = false;
}

void conn_free(hconn *c)
{
    end_exchange(c, false);
    loop_forget(c);
    guard_close(c->guard); /* before close: the sweeper never sees a reused descriptor */
    if (c->tls)
        gnutls_deinit(c->tls);
    close(c->fd);
    free(c->rbuf);
    free(c->hbuf);
    free(c->head);
    free(c);
}

/* ------------------------------------------------------------ transport */

/* A transport call's outcome: k as it is, or -1 when it would block (and
 * the readiness it used up is cleared), or -2 on an error. */
static ssize_t io_outcome(ssize_t k, bool would_block, bool *ready)
{
    if (k >= 0)
        return k;
    if (would_block) {
        *ready = false;
        return -1;
    }
    return -2;
}

/* > 0 bytes, 0 end of stream, -1 nothing now (readable cleared), -2 error */
static ssize_t io_recv(hconn *c, char *buf, size_t n)
{
    if (c->tls) {
        ssize_t k = gnutls_record_recv(c->tls, buf, n);
        return io_outcome(k, k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED, &c->readable);
    }
    ssize_t k = recv(c->fd, buf, n, 0);
    if (k > 0 && (size_t)k < n && !c->peer_done) /* a short read: drained (an end comes as EPOLLRDHUP) */
        c->readable = false;
    return io_outcome(k, k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR), &c->readable);
}

/* bytes sent, -1 nothing now (writable cleared), -2 error */
static ssize_t io_send(hconn *c, const struct iovec *iov, int n)
{
    if (c->tls) {
        ssize_t k = gnutls_record_send(c->tls, iov[0].iov_base, iov[0].iov_len);
        return io_outcome(k, k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED, &c->writable);
    }
    struct msghdr m = {.msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)n};
    ssize_t k = sendmsg(c->fd, &m, MSG_NOSIGNAL);
    return io_outcome(k, k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR), &c->writable);
}

/* The engine's own answers: a malformed head, one too large, an unknown
 * version.  The connection closes after them. */
static void answer_self(hconn *c, int status, const char *msg)
{
    char *body = malloc(256);
    int n = body ? snprintf(body, 256, "{\"error\":{\"type\":\"%s\",\"message\":\"%s\"}}",
                            status == 431   ? "RequestHeaderFieldsTooLarge"
                            : status == 505 ? "HTTPVersionNotSupported"
                                            : "BadRequest",
                            msg)
                 : 0;
    static const char *ct[1][2] = {{"Content-Type", "application/json"}};
    if (!c->started && conn_handlers->rejected)
        conn_handlers->rejected(c, status);
    c->req.method = "GET";
    c->req.close = true;
    c->req.minor = 1;
    hresp r = {.status = status, .headers = ct, .nheaders = 1, .body = body, .len = (size_t)n, .close = true};
    hconn_respond(c, &r);
    c->phase = C_SEND;
}

/* ------------------------------------------------------------ the exchange */

void hconn_suspend(hconn *c)
{
    c->suspended = true;
}

const http_req *hconn_req(const hconn *c)
{
    return &c->req;
}

const struct sockaddr *hconn_peer(const hconn *c)
{
    return (const struct sockaddr *)&c->peer;
}

void hconn_deadline(hconn *c, double at)
{
    guard_set(c->guard, at);
}

/* Calls the front end; false when it wants the connection closed. */
static bool call(hconn *c, const char *data, size_t *n)
{
    size_t zero = 0;
    return conn_handlers->request(c, c->ctx, data, n ? n : &zero) == 0;
}

/* After a callback with the body complete: answered, suspended, or to be
 * asked again. */
static void after_call(hconn *c)
{
    if (c->responded)
        c->phase = C_SEND;
    else if (!c->suspended)
        c->retry = c->kick = true;
}

/* Closes after what was answered, if anything (lingering). */
static void hang_up(hconn *c)
{
    c->close_after = true;
    c->phase = C_LINGER;
}

/* The request is in: the front end's turn. */
static void wait_answer(hconn *c)
{
    c->phase = C_WAIT;
    if (!call(c, NULL, NULL)) {
        hang_up(c);
        return;
    }
    after_call(c);
}

/* Room to read into: rbuf grows up to --max-header for a head; a body
 * reuses it from its start once what it held was handed over. */
static bool room(hconn *c)
{
    if (c->roff == c->rlen)
        c->rlen = c->roff = 0;
    if (c->rlen < c->rcap)
        return true;
    if (c->roff && c->rbuf && c->phase != C_HEAD) {
        memmove(c->rbuf, c->rbuf + c->roff, c->rlen - c->roff);
        c->rlen -= c->roff;
        c->roff = 0;
        return true;
    }
    size_t cap = c->rcap ? c->rcap * 2 : RBUF_FIRST;
    size_t max = c->phase == C_HEAD ? config.max_header : RBUF_BODY; /* every growth has its bound */
    if (cap > max)
        cap = max > c->rcap ? max : 0;
    if (cap <= c->rcap)
        return false;
    char *p = realloc(c->rbuf, cap);
    if (!p)
        return false;
    c->rbuf = p;
    c->rcap = cap;
    return true;
}

/* Reads what is there; false when the connection must close (end, error). */
static bool fill(hconn *c)
{
    if (!room(c)) {
        if (c->phase == C_HEAD)
            answer_self(c, 431, "the request line and headers are larger than the limit (--max-header)");
        return c->phase == C_SEND;
    }
    ssize_t k = io_recv(c, c->rbuf + c->rlen, c->rcap - c->rlen);
    if (k > 0)
        c->rlen += (size_t)k;
    return k > 0 || k == -1;
}

static void begin_body(hconn *c)
{
    static const char CONTINUE[] = "HTTP/1.1 100 Continue\r\n\r\n";
    c->chunked = c->req.chunked;
    c->body_left = c->req.chunked ? 0 : c->req.length;
    memset(&c->chunk, 0, sizeof c->chunk);
    c->phase = C_BODY;
    if ((c->chunked || c->body_left > c->rcap) && c->rcap < RBUF_BODY) {
        char *p = realloc(c->rbuf, RBUF_BODY); /* the head is in hbuf: rbuf may move */
        if (p) {
            c->rbuf = p;
            c->rcap = RBUF_BODY;
        }
    }
    if (c->req.expect_continue && (c->chunked || c->body_left) && c->roff == c->rlen) {
        struct iovec v = {(void *)CONTINUE, sizeof CONTINUE - 1};
        (void)io_send(c, &v, 1); /* a fresh connection takes 25 bytes; if not, the client goes on anyway */
    }
}

/* The head moves out of rbuf, which the body and the next requests reuse:
 * its strings (the front end keeps some for the exchange) stay put. */
static bool keep_head(hconn *c, const char *from, size_t n)
{
    if (n > c->hcap) {
        char *p = realloc(c->hbuf, n);
        if (!p)
            return false;
        c->hbuf = p;
        c->hcap = n;
    }
    memcpy(c->hbuf, from, n);
    c->req.method = c->hbuf + (c->req.method - from);
    c->req.target = c->hbuf + (c->req.target - from);
    c->req.fields = c->hbuf + (c->req.fields - from);
    return true;
}

/* RFC 9112, 3.2: an HTTP/1.1 request has one Host field, and no request
 * has two. */
static bool host_ok(const http_req *r)
{
    return r->hosts == 1 || (r->hosts == 0 && r->minor == 0);
}

/* A complete head at rbuf[roff..]: start the exchange. */
static void on_head(hconn *c, size_t head_len)
{
    if (!host_ok(&c->req)) {
        answer_self(c, 400, "an HTTP/1.1 request has one Host header");
        return;
    }
    if (!keep_head(c, c->rbuf + c->roff, head_len)) {
        answer_self(c, 503, "out of memory");
        return;
    }
    c->roff += head_len;
    c->scan = 0;
    c->started = true;
    c->ctx = conn_handlers->start(c, &c->req);
    if (!c->ctx) {
        c->started = false;
        answer_self(c, 503, "out of memory");
        return;
    }
    if (!call(c, NULL, NULL)) {
        hang_up(c);
        return;
    }
    if (c->responded) { /* answered from the head alone: a body, if any, is not read */
        if (c->req.chunked || c->req.length)
            c->close_after = true;
        c->phase = C_SEND;
        return;
    }
    if (c->req.chunked || c->req.length) {
        begin_body(c);
        return;
    }
    wait_answer(c);
}

static void read_head(hconn *c)
{
    for (;;) {
        size_t head_len = 0;
        if (c->rlen > c->roff) {
            http_parse_rc rc =
                http_parse_head(c->rbuf + c->roff, c->rlen - c->roff, &c->scan, &head_len, &c->req);
            if (rc == HP_OK) {
                on_head(c, head_len);
                return;
            }
            if (rc != HP_INCOMPLETE) {
                answer_self(c, rc == HP_VERSION ? 505 : 400,
                            rc == HP_CODING    ? "Transfer-Encoding must be chunked"
                            : rc == HP_VERSION ? "the HTTP version must be 1.0 or 1.1"
                                               : "malformed request");
                return;
            }
        }
        if (!c->readable)
            return;
        if (c->roff && c->roff == c->rlen)
            c->rlen = c->roff = 0;
        else if (c->roff && c->rbuf) { /* a pipelined head's first bytes: to the front */
            memmove(c->rbuf, c->rbuf + c->roff, c->rlen - c->roff);
            c->rlen -= c->roff;
            c->roff = 0;
        }
        if (!fill(c)) {
            hang_up(c);
            c->readable = false;
            return;
        }
        if (c->phase == C_SEND)
            return;
    }
}

enum { FED_BAD = 1, FED_REFUSED = 2 }; /* why feed failed: a malformed body, the front end's -1 */

/* Hands the body bytes in rbuf over; true once the body is complete. */
static bool feed(hconn *c, int *fail)
{
    size_t avail = c->rlen - c->roff;
    if (c->chunked) {
        size_t out = 0;
        bool done = false;
        long used = http_chunked_decode(&c->chunk, c->rbuf + c->roff, avail, &out, &done);
        if (used < 0) {
            *fail = FED_BAD;
            return false;
        }
        size_t n = out;
        if (n && !call(c, c->rbuf + c->roff, &n)) {
            *fail = FED_REFUSED;
            return false;
        }
        c->roff += (size_t)used;
        return done;
    }
    size_t take = avail < c->body_left ? avail : (size_t)c->body_left;
    if (take) {
        size_t n = take;
        if (!call(c, c->rbuf + c->roff, &n)) {
            *fail = FED_REFUSED;
            return false;
        }
        c->roff += take;
        c->body_left -= take;
    }
    return c->body_left == 0;
}

static void read_body(hconn *c)
{
    for (;;) {
        int fail = 0;
        if (feed(c, &fail)) {
            wait_answer(c);
            return;
        }
        if (fail) {
            if (fail == FED_BAD && !c->responded && c->started) /* a malformed chunked body */
                answer_self(c, 400, "malformed chunked body");
            else
                hang_up(c);
            return;
        }
        if (!c->readable)
            return;
        if (!fill(c)) {
            hang_up(c);
            c->readable = false;
            return;
        }
    }
}

/* The next piece of a stream into body (with its chunk framing); false
 * when there is nothing now. */
static bool stream_more(hconn *c)
{
    if (!c->body) {
        c->body = malloc(STREAM_PIECE + 32);
        if (!c->body)
            return false;
    }
    size_t pre = c->stream_chunked ? 18 : 0; /* room for "%zx\r\n" */
    ssize_t k = c->stream(c->stream_cls, c->body + pre, STREAM_PIECE);
    if (k == HCONN_END || k < 0) {
        c->stream_end = true;
        if (c->stream_chunked) {
            memcpy(c->body, "0\r\n\r\n", 5);
            c->body_off = 0;
            c->body_len = 5;
            return true;
        }
        c->body_len = c->body_off = 0;
        return false;
    }
    if (k == 0)
        return false;
    if (!c->stream_chunked) {
        c->body_off = 0;
        c->body_len = (size_t)k;
        return true;
    }
    char size[20];
    int n = snprintf(size, sizeof size, "%zx\r\n", (size_t)k);
    memcpy(c->body + pre - (size_t)n, size, (size_t)n);
    memcpy(c->body + pre + (size_t)k, "\r\n", 2);
    c->body_off = pre - (size_t)n;
    c->body_len = pre + (size_t)k + 2;
    return true;
}

/* Writes what it can; true once the whole response is out. */
static bool write_out(hconn *c, bool *fail)
{
    for (;;) {
        struct iovec v[2];
        int n = 0;
        if (c->head_off < c->head_len)
            v[n++] = (struct iovec){c->head + c->head_off, c->head_len - c->head_off};
        if (c->body_off < c->body_len)
            v[n++] = (struct iovec){c->body + c->body_off, c->body_len - c->body_off};
        if (n == 0) {
            if (!c->stream || c->stream_end)
                return true;
            if (!stream_more(c)) {
                if (c->stream_end)
                    return true;
                if (!c->suspended)
                    c->retry = true;
                return false;
            }
            continue;
        }
        if (!c->writable)
            return false;
        ssize_t k = io_send(c, v, n);
        if (k == -1)
            return false;
        if (k < 0) {
            *fail = true;
            return false;
        }
        size_t left = (size_t)k;
        size_t h = c->head_len - c->head_off;
        if (left >= h) {
            c->head_off = c->head_len;
            left -= h;
            c->body_off += left;
        } else {
            c->head_off += left;
        }
    }
}

/* The response is out: the next exchange, or the end. */
static void exchange_done(hconn *c)
{
    end_exchange(c, true);
    c->head_len = c->head_off = 0;
    if (c->close_after) {
        c->phase = C_LINGER;
        return;
    }
    hconn_deadline(c, clock_monotonic_coarse() + config.conn_timeout); /* the next head */
    c->phase = C_HEAD;
    if (c->roff == c->rlen)
        c->rlen = c->roff = 0;
    if (c->rcap > RBUF_FIRST && c->rlen == 0) { /* a large head's buffer goes back */
        free(c->rbuf);
        c->rbuf = NULL;
        c->rcap = 0;
    }
}

static bool handshake(hconn *c)
{
    int rc = gnutls_handshake(c->tls);
    if (rc == GNUTLS_E_SUCCESS) {
        c->phase = C_HEAD;
        c->readable = true; /* data may wait in GnuTLS's buffers */
        return true;
    }
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
        if (gnutls_record_get_direction(c->tls))
            c->writable = false;
        else
            c->readable = false;
        return true;
    }
    return false;
}

/* Answered with Connection: close: shut for writing, read and drop what
 * the client still sends (so that closing does not reset the connection
 * before the client read the answer), close at its end or deadline. */
static bool linger(hconn *c)
{
    if (!c->close_after || c->tls)
        return false;
    if (!c->lingering) {
        c->lingering = true;
        shutdown(c->fd, SHUT_WR);
        hconn_deadline(c, clock_monotonic_coarse() + LINGER_SECONDS);
    }
    char junk[4096];
    for (;;) {
        ssize_t k = recv(c->fd, junk, sizeof junk, 0);
        if (k > 0)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return true;
        return false;
    }
}

bool conn_run(hconn *c)
{
    for (int rounds = 0; rounds < 16; rounds++) {
        if (c->suspended)
            return true;
        c->retry = false;
        switch (c->phase) {
        case C_HANDSHAKE:
            if (!handshake(c)) {
                conn_free(c);
                return false;
            }
            if (c->phase == C_HANDSHAKE)
                return true;
            break;
        case C_HEAD:
            read_head(c);
            if (c->phase == C_HEAD)
                return true;
            break;
        case C_BODY:
            read_body(c);
            if (c->phase == C_BODY)
                return true;
            break;
        case C_WAIT:
            if (!c->kick)
                return true;
            c->kick = false;
            if (!call(c, NULL, NULL)) {
                hang_up(c);
                break;
            }
            after_call(c);
            if (c->phase == C_WAIT && !c->retry)
                return true;
            break;
        case C_SEND: {
            bool fail = false;
            if (write_out(c, &fail)) {
                exchange_done(c);
                break;
            }
            if (fail) {
                conn_free(c);
                return false;
            }
            if (!c->retry)
                return true;
            break;
        }
        case C_LINGER:
            if (!linger(c)) {
                conn_free(c);
                return false;
            }
            return true;
        }
    }
    c->retry = true; /* its share of this round is used up (pipelined requests): more soon */
    return true;
}
