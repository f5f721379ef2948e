/* server/http_conn.c and http_loop.c end to end, in process: the engine
 * started with a tiny front end of its own (answers from the head, after
 * the body, after a suspension resumed from another thread, as a stream
 * suspended between pieces), loopback connections accepted here and given
 * to hconn_add, and real client sockets: keep-alive, pipelining, chunked
 * bodies, 100-continue, HEAD, HTTP/1.0, the head and per-address limits,
 * hconn_stop with suspended exchanges, and many threads resuming many
 * connections at once. */
#include <check.h>

#include "testkit.h"
#include "testkit_http.h"
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/config.h"

/* ------------------------------------------------------------ the tests */

START_TEST(keep_alive_sequence)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    char req[256], want[256], t[64];
    for (int i = 0; i < 30; i++) {
        switch (i % 4) {
        case 0:
            snprintf(req, sizeof req, "GET /head/%d HTTP/1.1\r\nHost: x\r\n\r\n", i);
            snprintf(want, sizeof want, "head GET /head/%d", i);
            break;
        case 1:
            snprintf(req, sizeof req, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc%03d", i);
            snprintf(want, sizeof want, "body 6:abc%03d", i);
            break;
        case 2:
            snprintf(req, sizeof req, "GET /suspend/%d HTTP/1.1\r\nHost: x\r\n\r\n", i);
            snprintf(want, sizeof want, "resumed /suspend/%d", i);
            break;
        default:
            snprintf(t, sizeof t, "/stream/%d", i);
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", t);
            stream_body(want, sizeof want, t);
            break;
        }
        send_str(r->fd, req);
        ck_assert(read_resp(r, p, false));
        expect_body(p, 200, want);
        ck_assert(p->chunked == (i % 4 == 3));
        ck_assert_ptr_null(header(p, "Connection"));
        ck_assert_ptr_nonnull(header(p, "Date"));
    }
    ck_assert_int_eq(wait_for(&n_ok, 30), 30);
    ck_assert_int_eq(atomic_load(&n_failed), 0);
    ck_assert_int_eq(atomic_load(&n_spurious), 0);
    free(p);
    rd_close(r);
}
END_TEST

START_TEST(pipelined_in_one_send)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    send_str(r->fd, "GET /head/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    "GET /suspend/3 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                    "chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n"
                    "GET /stream/5 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "HEAD /head/6 HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /close HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/1");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 5:hello");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "resumed /suspend/3");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 5:abcde");
    ck_assert(read_resp(r, p, false));
    char want[256];
    stream_body(want, sizeof want, "/stream/5");
    expect_body(p, 200, want);
    ck_assert(read_resp(r, p, true));
    ck_assert_int_eq(p->status, 200);
    ck_assert_str_eq(header(p, "Content-Length"), "17"); /* "head HEAD /head/6" */
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "closing");
    ck_assert_str_eq(header(p, "Connection"), "close");
    expect_eof(r); /* the request after the close is not answered */
    ck_assert_int_eq(wait_for(&n_ok, 7), 7);
    ck_assert_int_eq(atomic_load(&n_started), 7);
    free(p);
    rd_close(r);
}
END_TEST

START_TEST(chunked_body_trickled)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    static const char req[] = "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "4;ext\r\nWiki\r\n5\r\npedia\r\ne\r\n in\r\n\r\nchunks.\r\n0\r\nX: y\r\n\r\n";
    for (size_t i = 0; i < sizeof req - 1; i++) { /* a byte at a time, each its own segment */
        send_all(r->fd, req + i, 1);
        if (i % 7 == 0)
            usleep(200);
    }
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 23:Wikipedia in\r\n\r\nchunks.");
    /* a large chunked body, then a request on the same connection */
    static char big[300000];
    size_t n = (size_t)snprintf(big, sizeof big, "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    size_t data = 0;
    for (int i = 0; i < 60; i++) {
        n += (size_t)snprintf(big + n, sizeof big - n, "3e8\r\n");
        memset(big + n, 'a' + i % 26, 1000);
        n += 1000;
        data += 1000;
        n += (size_t)snprintf(big + n, sizeof big - n, "\r\n");
    }
    n += (size_t)snprintf(big + n, sizeof big - n, "0\r\n\r\nGET /head/after HTTP/1.1\r\nHost: x\r\n\r\n");
    send_all(r->fd, big, n);
    ck_assert(read_resp(r, p, false));
    ck_assert_int_eq(p->status, 200);
    char want[32];
    snprintf(want, sizeof want, "body %zu:", data);
    ck_assert_uint_eq(p->len, strlen(want) + data);
    ck_assert(memcmp(p->body, want, strlen(want)) == 0);
    ck_assert_int_eq(p->body[strlen(want) + 59 * 1000], 'a' + 59 % 26);
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/after");
    /* a malformed chunked body: 400, and the connection closes */
    send_str(r->fd, "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    ck_assert(read_resp(r, p, false));
    ck_assert_int_eq(p->status, 400);
    expect_eof(r);
    free(p);
    rd_close(r);
}
END_TEST

START_TEST(expect_100_continue)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    send_str(r->fd, "POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
    ck_assert(read_resp(r, p, false)); /* the 100 comes before the body is sent */
    ck_assert_int_eq(p->status, 100);
    send_str(r->fd, "hello world");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 11:hello world");
    /* chunked too */
    send_str(r->fd, "POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    ck_assert_int_eq(p->status, 100);
    send_str(r->fd, "2\r\nok\r\n0\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:ok");
    /* the body already sent with the head: no 100 */
    send_str(r->fd, "POST /body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:hi");
    /* answered from the head: no 100, the body is not read, the connection closes */
    send_str(r->fd, "POST /head/early HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head POST /head/early");
    ck_assert_str_eq(header(p, "Connection"), "close");
    expect_eof(r);
    free(p);
    rd_close(r);
}
END_TEST

START_TEST(head_method)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    send_str(r->fd, "HEAD /head/x HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, true));
    ck_assert_int_eq(p->status, 200);
    ck_assert_str_eq(header(p, "Content-Length"), "17"); /* "head HEAD /head/x" */
    send_str(
        r->fd,
        "HEAD /suspend/y HTTP/1.1\r\nHost: x\r\n\r\nHEAD /stream/z HTTP/1.1\r\nHost: x\r\n\r\nGET /head/next HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, true));
    ck_assert_int_eq(p->status, 200);
    ck_assert_str_eq(header(p, "Content-Length"), "18"); /* "resumed /suspend/y" */
    ck_assert(read_resp(r, p, true));
    ck_assert_int_eq(p->status, 200);
    ck_assert(read_resp(r, p, false)); /* the next response starts right away: no body bytes came */
    expect_body(p, 200, "head GET /head/next");
    ck_assert_int_eq(wait_for(&n_ok, 4), 4);
    free(p);
    rd_close(r);
}
END_TEST

START_TEST(http_1_0)
{
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "GET /head/a HTTP/1.0\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/a");
    ck_assert_str_eq(header(p, "Connection"), "close");
    expect_eof(r);
    rd_close(r);

    r = rd_new(dial());
    send_str(r->fd, "POST /body HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 3:abc");
    ck_assert_str_eq(header(p, "Connection"), "keep-alive");
    send_str(r->fd, "GET /stream/s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ck_assert(read_resp(r, p, false)); /* not chunked: the body ends with the connection */
    ck_assert(!p->chunked);
    ck_assert_ptr_null(header(p, "Content-Length"));
    ck_assert_str_eq(header(p, "Connection"), "close");
    char want[256];
    stream_body(want, sizeof want, "/stream/s");
    expect_body(p, 200, want);
    rd_close(r);
    free(p);
}
END_TEST

START_TEST(engine_refusals)
{
    config.max_header = 4096;
    server_start();
    resp *p = malloc(sizeof *p);
    static char big[8192];
    int n = snprintf(big, sizeof big, "GET /head HTTP/1.1\r\nHost: x\r\nX-Big: ");
    memset(big + n, 'b', 6000);
    memcpy(big + n + 6000, "\r\n\r\n", 5);
    rd *r = rd_new(dial());
    send_str(r->fd, big);
    ck_assert(read_resp(r, p, false));
    ck_assert_int_eq(p->status, 431);
    expect_eof(r);
    rd_close(r);
    static const char *const bad[][2] = {
        {"GET / HTTP/1.1\nHost: x\r\n\r\n", "400"},
        {"GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n", "400"},
        {"GET / HTTP/2.0\r\n\r\n", "505"},
        {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "400"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = rd_new(dial());
        send_str(r->fd, bad[i][0]);
        ck_assert(read_resp(r, p, false));
        ck_assert_int_eq(p->status, atoi(bad[i][1]));
        ck_assert_str_eq(header(p, "Connection"), "close");
        expect_eof(r);
        rd_close(r);
    }
    ck_assert_int_eq(atomic_load(&n_started), 0); /* the front end saw none of them */
    /* a head of exactly --max-header bytes is taken; one byte more is not */
    for (size_t size = 4095; size <= 4097; size++) {
        n = snprintf(big, sizeof big, "GET /head/x HTTP/1.1\r\nHost: x\r\nX-Big: ");
        memset(big + n, 'b', size - (size_t)n - 4);
        memcpy(big + size - 4, "\r\n\r\n", 5);
        ck_assert_uint_eq(strlen(big), size);
        r = rd_new(dial());
        send_str(r->fd, big);
        ck_assert(read_resp(r, p, false));
        ck_assert_msg(p->status == (size <= 4096 ? 200 : 431), "a head of %zu bytes: %d", size, p->status);
        rd_close(r);
    }
    free(p);
}
END_TEST

START_TEST(max_conns_per_ip)
{
    config.max_conns_per_ip = 2;
    server_start();
    resp *p = malloc(sizeof *p);
    rd *a = rd_new(dial()), *b = rd_new(dial());
    send_str(a->fd, "GET /head/a HTTP/1.1\r\nHost: x\r\n\r\n");
    send_str(b->fd, "GET /head/b HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(a, p, false));
    expect_body(p, 200, "head GET /head/a");
    ck_assert(read_resp(b, p, false));
    expect_body(p, 200, "head GET /head/b");
    rd *c = rd_new(dial()); /* a third from 127.0.0.1: closed at once */
    send(c->fd, "GET /head/c HTTP/1.1\r\nHost: x\r\n\r\n", 33, MSG_NOSIGNAL);
    ck_assert(!read_resp(c, p, false));
    rd_close(c);
    rd_close(a); /* one goes: room for one more, once the engine saw it go */
    bool served = false;
    for (int i = 0; i < 500 && !served; i++) {
        c = rd_new(dial());
        send(c->fd, "GET /head/d HTTP/1.1\r\nHost: x\r\n\r\n", 33, MSG_NOSIGNAL);
        served = read_resp(c, p, false);
        rd_close(c);
        if (!served)
            usleep(10000);
    }
    ck_assert(served);
    expect_body(p, 200, "head GET /head/d");
    send_str(b->fd, "GET /head/b2 HTTP/1.1\r\nHost: x\r\n\r\n"); /* b was not disturbed */
    ck_assert(read_resp(b, p, false));
    expect_body(p, 200, "head GET /head/b2");
    rd_close(b);
    free(p);
}
END_TEST

START_TEST(stop_with_suspended)
{
    server_start();
    enum { N = 6 };
    rd *r[N];
    for (int i = 0; i < N; i++) {
        r[i] = rd_new(dial());
        send_str(r[i]->fd,
                 i % 2 ? "GET /hold HTTP/1.1\r\nHost: x\r\n\r\n" : "POST /hold HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
    }
    ck_assert_int_eq(wait_for(&n_held, N), N);
    server_stop(); /* hconn_stop: every suspended exchange completes, not ok */
    ck_assert_int_eq(atomic_load(&n_failed), N);
    ck_assert_int_eq(atomic_load(&n_ok), 0);
    for (int i = 0; i < N; i++) {
        expect_eof(r[i]);
        rd_close(r[i]);
    }
}
END_TEST

/* A second hconn_respond is refused, and its body taken like the first's
 * (ASan's leak check runs at the test's end); so is one with an unfit
 * header. */
START_TEST(second_respond_refused)
{
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "POST /twice HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "first");
    ck_assert_ptr_null(header(p, "X-Bad"));
    ck_assert_ptr_null(header(p, "Injected"));
    rd_close(r);
    free(p);
}
END_TEST

/* A response head over the engine's limit (64 KiB): a bare 500 instead,
 * and the connection closes. */
START_TEST(response_head_too_large)
{
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "GET /bighead HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 500, "");
    ck_assert_str_eq(header(p, "Content-Length"), "0");
    ck_assert_str_eq(header(p, "Connection"), "close");
    ck_assert_ptr_null(header(p, "X-Big"));
    expect_eof(r);
    rd_close(r);
    free(p);
}
END_TEST

/* A front end's -1 on a piece of body closes the connection (http_conn.h):
 * no answer in its name, Content-Length or chunked. */
START_TEST(front_end_abort)
{
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
    ck_assert_msg(!read_resp(r, p, false), "answered %d: %.*s", p->status, (int)p->len, p->body);
    rd_close(r);
    r = rd_new(dial());
    send_str(r->fd, "POST /abort HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    ck_assert_msg(!read_resp(r, p, false), "answered %d: %.*s", p->status, (int)p->len, p->body);
    rd_close(r);
    ck_assert_int_eq(wait_for(&n_failed, 2), 2); /* the two aborted exchanges: not ok */
    free(p);
}
END_TEST

/* A head that never ends: the sweeper (http_guard.c) cuts the connection
 * once --conn-timeout is past; an idle keep-alive connection too. */
START_TEST(slow_head_cut)
{
    config.conn_timeout = 1;
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "GET /head/slow HTTP/1.1\r\nHost: x\r\nHost: x");
    expect_eof(r); /* within the read timeout (10 s) */
    rd_close(r);
    r = rd_new(dial());
    send_str(r->fd, "GET /head/idle HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/idle");
    expect_eof(r);
    rd_close(r);
    for (int i = 0; i < 1000 && guard_closed() < 2; i++) /* counted just after the shutdown */
        usleep(1000);
    ck_assert_uint_eq(guard_closed(), 2);
    ck_assert_int_eq(atomic_load(&n_started), 1);
    free(p);
}
END_TEST

/* A client sending an empty line after a body (RFC 9112, 2.2 asks servers
 * to skip it): the next request, sent later, is a request like any other. */
START_TEST(empty_line_between_requests)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    send_str(r->fd, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:hi");
    send_str(r->fd, "GET /head/after HTTP/1.1\r\nHost: x\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/after");
    free(p);
    rd_close(r);
}
END_TEST

/* More pipelined requests than one run of a connection handles (16
 * rounds): the rest must not wait for more bytes from the client. */
START_TEST(long_pipeline)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    enum { N = 40 };
    static char reqs[N * 64];
    size_t n = 0;
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(reqs + n, sizeof reqs - n, "GET /head/%d HTTP/1.1\r\nHost: x\r\n\r\n", i);
    send_all(r->fd, reqs, n);
    for (int i = 0; i < N; i++) {
        char want[64];
        snprintf(want, sizeof want, "head GET /head/%d", i);
        ck_assert_msg(read_resp(r, p, false), "response %d did not come", i);
        expect_body(p, 200, want);
    }
    free(p);
    rd_close(r);
}
END_TEST

/* A client that sends its request and shuts its side: answered, then the
 * connection closes (not left open until --conn-timeout). */
START_TEST(client_half_close)
{
    config.conn_timeout = 60;
    server_start();
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    send_str(r->fd, "GET /head/h HTTP/1.1\r\nHost: x\r\n\r\n");
    shutdown(r->fd, SHUT_WR); /* the end after the request */
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/h");
    expect_eof(r); /* within the read timeout (10 s) */
    rd_close(r);
    r = rd_new(dial_with("GET /head/i HTTP/1.1\r\nHost: x\r\n\r\n", true)); /* the request and the end at once */
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/i");
    expect_eof(r);
    rd_close(r);
    free(p);
}
END_TEST

/* ------------------------------------------------------------ many at once */

#define CLIENTS 8
#define REQUESTS 200

static atomic_int bad_answers;

static void *client(void *arg)
{
    int id = *(const int *)arg;
    resp *p = malloc(sizeof *p);
    rd *r = rd_new(dial());
    char req[256], want[512], t[64];
    for (int i = 0; i < REQUESTS; i++) {
        bool stream = i % 3 == 2;
        snprintf(t, sizeof t, "/%s/%d/%d", stream ? "stream" : "suspend", id, i);
        if (i % 5 == 4) /* now and then two at once */
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\nGET %s HTTP/1.1\r\nHost: x\r\n\r\n", t, t);
        else
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", t);
        if (stream)
            stream_body(want, sizeof want, t);
        else
            snprintf(want, sizeof want, "resumed %s", t);
        send_str(r->fd, req);
        for (int k = 0; k < (i % 5 == 4 ? 2 : 1); k++)
            if (!read_resp(r, p, false) || p->status != 200 || p->len != strlen(want) ||
                memcmp(p->body, want, p->len) != 0)
                atomic_fetch_add(&bad_answers, 1);
        if (i % 50 == 49) { /* a new connection now and then */
            rd_close(r);
            r = rd_new(dial());
        }
    }
    rd_close(r);
    free(p);
    return NULL;
}

START_TEST(many_threads_resuming)
{
    server_start();
    pthread_t th[CLIENTS];
    static int ids[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        ids[i] = i;
        ck_assert_int_eq(pthread_create(&th[i], NULL, client, &ids[i]), 0);
    }
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(th[i], NULL);
    int total = CLIENTS * (REQUESTS + REQUESTS / 5);
    ck_assert_int_eq(atomic_load(&bad_answers), 0);
    ck_assert_int_eq(wait_for(&n_ok, total), total);
    ck_assert_int_eq(atomic_load(&n_failed), 0);
    ck_assert_int_eq(atomic_load(&n_spurious), 0);
    ck_assert_int_eq(atomic_load(&n_started), total);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "http_conn", .timeout = 120, .setup = setup, .teardown = teardown}),
             keep_alive_sequence, pipelined_in_one_send, chunked_body_trickled, expect_100_continue,
             head_method, http_1_0, engine_refusals, max_conns_per_ip, stop_with_suspended,
             second_respond_refused, front_end_abort, response_head_too_large, slow_head_cut,
             empty_line_between_requests, long_pipeline, client_half_close, many_threads_resuming)
