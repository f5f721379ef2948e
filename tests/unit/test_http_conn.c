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
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "http_conn.h"
#include "http_guard.h"

#define BODY_MAX (1 << 20)
#define PIECES 4
#define RESUMERS 4
#define QUEUE_MAX 4096

/* ------------------------------------------------------------ the front end */

typedef enum { M_HEAD, M_BODY, M_SUSPEND, M_STREAM, M_HOLD, M_CLOSE } mode;

typedef struct ex {
    hconn *c;
    mode m;
    bool head_seen, asked, waiting;
    char target[256];
    char *body; /* malloc'ed, up to BODY_MAX */
    size_t len, cap;
    atomic_int ready; /* set by a resumer before it resumes */
    int pieces;
} ex;

static atomic_int n_started, n_ok, n_failed, n_held, n_spurious;

static void schedule(ex *e);

static void *on_start(hconn *c, const http_req *r)
{
    ex *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    e->c = c;
    snprintf(e->target, sizeof e->target, "%s", r->target);
    static const char *const modes[] = {"/head", "/body", "/suspend", "/stream", "/hold", "/close"};
    for (int i = 0; i < 6; i++)
        if (strncmp(r->target, modes[i], strlen(modes[i])) == 0)
            e->m = (mode)i;
    atomic_fetch_add(&n_started, 1);
    return e;
}

static void answer(ex *e, int status, const char *text, bool close)
{
    static const char *hdr[1][2] = {{"Content-Type", "text/plain"}};
    size_t n = strlen(text);
    char *b = malloc(n + e->len + 1);
    ck_assert_ptr_nonnull(b);
    memcpy(b, text, n + 1);
    if (e->m == M_BODY && e->len) /* echoes the body */
        memcpy(b + n, e->body, e->len);
    hresp r = {.status = status,
               .headers = hdr,
               .nheaders = 1,
               .body = b,
               .len = n + (e->m == M_BODY ? e->len : 0),
               .close = close};
    ck_assert_int_eq(hconn_respond(e->c, &r), 0);
}

static ssize_t stream_read(void *cls, char *buf, size_t max)
{
    ex *e = cls;
    if (e->pieces == PIECES)
        return HCONN_END;
    if (atomic_exchange(&e->ready, 0)) {
        e->waiting = false;
        int n = snprintf(buf, max, "piece %d of %s\n", e->pieces++, e->target);
        return n;
    }
    if (e->waiting)
        atomic_fetch_add(&n_spurious, 1); /* called again while suspended */
    e->waiting = true;
    hconn_suspend(e->c);
    schedule(e);
    return 0;
}

static int on_request(hconn *c, void *ctx, const char *data, size_t *n)
{
    ex *e = ctx;
    ck_assert_ptr_eq(e->c, c);
    if (*n) {
        if (e->len + *n > BODY_MAX)
            return -1;
        if (e->len + *n > e->cap) {
            e->cap = e->len + *n > 2 * e->cap ? e->len + *n : 2 * e->cap;
            e->body = realloc(e->body, e->cap);
            ck_assert_ptr_nonnull(e->body);
        }
        memcpy(e->body + e->len, data, *n);
        e->len += *n;
        *n = 0;
        return 0;
    }
    char text[300];
    if (!e->head_seen) { /* the head alone */
        e->head_seen = true;
        if (e->m == M_HEAD) {
            snprintf(text, sizeof text, "head %s %s", hconn_req(c)->method, e->target);
            answer(e, 200, text, false);
        }
        return 0;
    }
    switch (e->m) { /* the body is in (or the exchange is resumed) */
    case M_HEAD:
        break;
    case M_BODY:
        snprintf(text, sizeof text, "body %zu:", e->len);
        answer(e, 200, text, false);
        break;
    case M_SUSPEND:
        if (!e->asked) {
            e->asked = true;
            hconn_suspend(c);
            schedule(e);
        } else if (!atomic_load(&e->ready)) {
            atomic_fetch_add(&n_spurious, 1);
        } else {
            snprintf(text, sizeof text, "resumed %s", e->target);
            answer(e, 200, text, false);
        }
        break;
    case M_STREAM: {
        static const char *hdr[1][2] = {{"Content-Type", "text/plain"}};
        hresp r = {.status = 200, .headers = hdr, .nheaders = 1, .stream = stream_read, .stream_cls = e};
        ck_assert_int_eq(hconn_respond(c, &r), 0);
        break;
    }
    case M_HOLD:
        if (!e->asked) {
            e->asked = true;
            hconn_suspend(c);
            atomic_fetch_add(&n_held, 1);
        } else {
            atomic_fetch_add(&n_spurious, 1);
        }
        break;
    case M_CLOSE:
        answer(e, 200, "closing", true);
        break;
    }
    return 0;
}

static void on_completed(hconn *c, void *ctx, bool ok)
{
    ex *e = ctx;
    ck_assert_ptr_eq(e->c, c);
    atomic_fetch_add(ok ? &n_ok : &n_failed, 1);
    free(e->body);
    free(e);
}

static const http_handlers HANDLERS = {on_start, on_request, on_completed};

/* ------------------------------------------------------------ the resumers */

/* Threads that resume suspended exchanges a millisecond or two later, in
 * the order they were suspended. */
typedef struct job {
    ex *e;
    hconn *c;
    struct timespec due;
} job;

static pthread_mutex_t q_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cv = PTHREAD_COND_INITIALIZER;
static job queue[QUEUE_MAX];
static size_t q_head, q_len;
static bool q_stop;
static pthread_t resumers[RESUMERS];

static void schedule(ex *e)
{
    job j = {e, e->c, {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &j.due);
    static _Thread_local unsigned seed = 12345;
    seed = seed * 1103515245u + 12345u;
    j.due.tv_nsec += 1000000L + (long)(seed >> 12) % 1000000L; /* 1 to 2 ms from now */
    if (j.due.tv_nsec >= 1000000000L) {
        j.due.tv_sec++;
        j.due.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q_mu);
    ck_assert_uint_lt(q_len, QUEUE_MAX);
    queue[(q_head + q_len++) % QUEUE_MAX] = j;
    pthread_cond_signal(&q_cv);
    pthread_mutex_unlock(&q_mu);
}

static void *resumer(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q_mu);
        while (!q_len && !q_stop)
            pthread_cond_wait(&q_cv, &q_mu);
        if (!q_len) {
            pthread_mutex_unlock(&q_mu);
            return NULL;
        }
        job j = queue[q_head];
        q_head = (q_head + 1) % QUEUE_MAX;
        q_len--;
        pthread_mutex_unlock(&q_mu);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &j.due, NULL) == EINTR)
            ;
        atomic_store(&j.e->ready, 1);
        hconn_resume(j.c); /* e may be gone from here on */
    }
}

/* ------------------------------------------------------------ the server */

static int lfd = -1;
static struct sockaddr_in laddr;
static bool started;

/* The engine's settings are read as connections come: a test changes them first. */
static void server_start(void)
{
    if (started)
        return;
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(lfd, 0);
    memset(&laddr, 0, sizeof laddr);
    laddr.sin_family = AF_INET;
    laddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&laddr, sizeof laddr), 0);
    ck_assert_int_eq(listen(lfd, 256), 0);
    socklen_t l = sizeof laddr;
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&laddr, &l), 0);
    ck_assert_int_eq(guard_start(), 0);
    ck_assert_int_eq(hconn_start(2, &HANDLERS), 0);
    q_stop = false;
    for (int i = 0; i < RESUMERS; i++)
        ck_assert_int_eq(pthread_create(&resumers[i], NULL, resumer, NULL), 0);
    started = true;
}

static void server_stop(void)
{
    if (!started)
        return;
    started = false;
    hconn_stop();
    pthread_mutex_lock(&q_mu);
    q_stop = true;
    pthread_cond_broadcast(&q_cv);
    pthread_mutex_unlock(&q_mu);
    for (int i = 0; i < RESUMERS; i++)
        pthread_join(resumers[i], NULL);
    guard_stop();
    close(lfd);
}

/* A client connection: connected here, accepted here, given to the
 * engine; `first` sent (and the client's side shut when `shut`) before
 * the engine gets it. */
static int dial_with(const char *first, bool shut)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    struct timeval tv = {10, 0}; /* every read bounded */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&laddr, sizeof laddr), 0);
    if (first)
        ck_assert_int_eq(send(fd, first, strlen(first), MSG_NOSIGNAL), (ssize_t)strlen(first));
    if (shut)
        shutdown(fd, SHUT_WR);
    struct sockaddr_storage peer;
    socklen_t pl = sizeof peer;
    int s = accept4(lfd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
    ck_assert_int_ge(s, 0);
    hconn_add(s, (struct sockaddr *)&peer, pl);
    return fd;
}

static int dial(void) { return dial_with(NULL, false); }

static void send_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
        ck_assert_int_gt(k, 0);
        s += k;
        n -= (size_t)k;
    }
}

static void send_str(int fd, const char *s)
{
    send_all(fd, s, strlen(s));
}

/* Waits (10 s at most) until *v reaches want; its value then. */
static int wait_for(atomic_int *v, int want)
{
    for (int i = 0; i < 10000 && atomic_load(v) < want; i++)
        usleep(1000);
    return atomic_load(v);
}

static void setup(void)
{
    atomic_store(&n_started, 0);
    atomic_store(&n_ok, 0);
    atomic_store(&n_failed, 0);
    atomic_store(&n_held, 0);
    atomic_store(&n_spurious, 0);
}

static void teardown(void)
{
    server_stop();
}

/* ------------------------------------------------------------ the client's reading */

typedef struct rd {
    int fd;
    char b[1 << 16];
    size_t len, off;
} rd;

typedef struct resp {
    int status;
    char head[4096]; /* the header lines */
    char body[1 << 16];
    size_t len;
    bool chunked;
} resp;

/* More bytes into r; false at the end of the stream, an error or the timeout. */
static bool rd_fill(rd *r)
{
    if (r->off == r->len)
        r->off = r->len = 0;
    if (r->len == sizeof r->b) {
        memmove(r->b, r->b + r->off, r->len - r->off);
        r->len -= r->off;
        r->off = 0;
    }
    ck_assert_uint_lt(r->len, sizeof r->b);
    ssize_t k = recv(r->fd, r->b + r->len, sizeof r->b - r->len, 0);
    if (k <= 0)
        return false;
    r->len += (size_t)k;
    return true;
}

/* A line (without its CRLF) into out; false when the stream ends first. */
static bool rd_line(rd *r, char *out, size_t cap)
{
    for (;;) {
        char *nl = memmem(r->b + r->off, r->len - r->off, "\r\n", 2);
        if (nl) {
            size_t n = (size_t)(nl - (r->b + r->off));
            ck_assert_uint_lt(n, cap);
            memcpy(out, r->b + r->off, n);
            out[n] = '\0';
            r->off += n + 2;
            return true;
        }
        if (!rd_fill(r))
            return false;
    }
}

static bool rd_bytes(rd *r, char *out, size_t n)
{
    while (r->len - r->off < n)
        if (!rd_fill(r))
            return false;
    memcpy(out, r->b + r->off, n);
    r->off += n;
    return true;
}

static const char *header(const resp *p, const char *name)
{
    static _Thread_local char v[256];
    size_t nl = strlen(name);
    for (const char *l = p->head; *l;) {
        const char *e = strchr(l, '\n');
        if (strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
            const char *s = l + nl + 1;
            while (*s == ' ')
                s++;
            size_t n = (size_t)(e - s);
            ck_assert_uint_lt(n, sizeof v);
            memcpy(v, s, n);
            v[n] = '\0';
            return v;
        }
        l = e + 1;
    }
    return NULL;
}

/* One response (head_req: to a HEAD, no body follows); false when the
 * connection ends before it is whole. */
static bool read_resp(rd *r, resp *p, bool head_req)
{
    char line[4096];
    memset(p, 0, sizeof *p);
    if (!rd_line(r, line, sizeof line))
        return false;
    ck_assert_msg(sscanf(line, "HTTP/1.1 %d ", &p->status) == 1, "status line: %s", line);
    size_t hl = 0;
    for (;;) {
        ck_assert(rd_line(r, line, sizeof line));
        if (!line[0])
            break;
        hl += (size_t)snprintf(p->head + hl, sizeof p->head - hl, "%s\n", line);
        ck_assert_uint_lt(hl, sizeof p->head);
    }
    if (head_req || p->status < 200 || p->status == 204 || p->status == 304)
        return true;
    const char *te = header(p, "Transfer-Encoding"), *cl = header(p, "Content-Length");
    if (te) {
        ck_assert_str_eq(te, "chunked");
        ck_assert_ptr_null(header(p, "Content-Length"));
        p->chunked = true;
        for (;;) {
            ck_assert(rd_line(r, line, sizeof line));
            size_t k = strtoul(line, NULL, 16);
            if (!k)
                break;
            ck_assert_uint_lt(p->len + k, sizeof p->body);
            ck_assert(rd_bytes(r, p->body + p->len, k));
            p->len += k;
            ck_assert(rd_line(r, line, sizeof line));
            ck_assert_str_eq(line, "");
        }
        ck_assert(rd_line(r, line, sizeof line));
        ck_assert_str_eq(line, ""); /* no trailers */
        return true;
    }
    if (cl) {
        p->len = strtoul(cl, NULL, 10);
        ck_assert_uint_lt(p->len, sizeof p->body);
        return rd_bytes(r, p->body, p->len);
    }
    while (rd_fill(r)) /* until the connection closes */
        ;
    p->len = r->len - r->off;
    ck_assert_uint_lt(p->len, sizeof p->body);
    memcpy(p->body, r->b + r->off, p->len);
    r->off = r->len;
    return true;
}

static void expect_body(const resp *p, int status, const char *body)
{
    ck_assert_int_eq(p->status, status);
    ck_assert_msg(p->len == strlen(body) && memcmp(p->body, body, p->len) == 0, "body %.*s, expected %s",
                  (int)p->len, p->body, body);
}

/* The connection was closed by the server: nothing more comes, and the
 * end (not the read timeout) says so. */
static void expect_eof(rd *r)
{
    ck_assert_uint_eq(r->len - r->off, 0);
    char c;
    errno = 0;
    ssize_t k = recv(r->fd, &c, 1, 0);
    ck_assert_msg(k == 0 || (k < 0 && errno == ECONNRESET), "recv: %zd (%s): the connection is still open", k,
                  k < 0 ? strerror(errno) : "data");
}

static rd *rd_new(int fd)
{
    rd *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->fd = fd;
    return r;
}

static void rd_close(rd *r)
{
    close(r->fd);
    free(r);
}

/* What a stream for target t sends. */
static void stream_body(char *out, size_t cap, const char *t)
{
    size_t n = 0;
    for (int i = 0; i < PIECES; i++) {
        int k = snprintf(out + n, cap - n, "piece %d of %s\n", i, t);
        ck_assert(k > 0 && (size_t)k < cap - n);
        n += (size_t)k;
    }
}

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
            snprintf(req, sizeof req, "POST /body HTTP/1.1\r\nContent-Length: 6\r\n\r\nabc%03d", i);
            snprintf(want, sizeof want, "body 6:abc%03d", i);
            break;
        case 2:
            snprintf(req, sizeof req, "GET /suspend/%d HTTP/1.1\r\n\r\n", i);
            snprintf(want, sizeof want, "resumed /suspend/%d", i);
            break;
        default:
            snprintf(t, sizeof t, "/stream/%d", i);
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\n\r\n", t);
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
    send_str(r->fd, "GET /head/1 HTTP/1.1\r\n\r\n"
                    "POST /body HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                    "GET /suspend/3 HTTP/1.1\r\n\r\n"
                    "POST /body HTTP/1.1\r\nTransfer-Encoding: "
                    "chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n"
                    "GET /stream/5 HTTP/1.1\r\n\r\n"
                    "HEAD /head/6 HTTP/1.1\r\n\r\n"
                    "GET /close HTTP/1.1\r\n\r\n"
                    "GET /never HTTP/1.1\r\n\r\n");
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
    static const char req[] = "POST /body HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
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
    size_t n = (size_t)snprintf(big, sizeof big, "POST /body HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    size_t data = 0;
    for (int i = 0; i < 60; i++) {
        n += (size_t)snprintf(big + n, sizeof big - n, "3e8\r\n");
        memset(big + n, 'a' + i % 26, 1000);
        n += 1000;
        data += 1000;
        n += (size_t)snprintf(big + n, sizeof big - n, "\r\n");
    }
    n += (size_t)snprintf(big + n, sizeof big - n, "0\r\n\r\nGET /head/after HTTP/1.1\r\n\r\n");
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
    send_str(r->fd, "POST /body HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
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
    send_str(r->fd, "POST /body HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
    ck_assert(read_resp(r, p, false)); /* the 100 comes before the body is sent */
    ck_assert_int_eq(p->status, 100);
    send_str(r->fd, "hello world");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 11:hello world");
    /* chunked too */
    send_str(r->fd, "POST /body HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    ck_assert_int_eq(p->status, 100);
    send_str(r->fd, "2\r\nok\r\n0\r\n\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:ok");
    /* the body already sent with the head: no 100 */
    send_str(r->fd, "POST /body HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:hi");
    /* answered from the head: no 100, the body is not read, the connection closes */
    send_str(r->fd, "POST /head/early HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n");
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
    send_str(r->fd, "HEAD /head/x HTTP/1.1\r\n\r\n");
    ck_assert(read_resp(r, p, true));
    ck_assert_int_eq(p->status, 200);
    ck_assert_str_eq(header(p, "Content-Length"), "17"); /* "head HEAD /head/x" */
    send_str(
        r->fd,
        "HEAD /suspend/y HTTP/1.1\r\n\r\nHEAD /stream/z HTTP/1.1\r\n\r\nGET /head/next HTTP/1.1\r\n\r\n");
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
    int n = snprintf(big, sizeof big, "GET /head HTTP/1.1\r\nX-Big: ");
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
        {"GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", "400"},
        {"GET / HTTP/2.0\r\n\r\n", "505"},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "400"},
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
    free(p);
}
END_TEST

START_TEST(max_conns_per_ip)
{
    config.max_conns_per_ip = 2;
    server_start();
    resp *p = malloc(sizeof *p);
    rd *a = rd_new(dial()), *b = rd_new(dial());
    send_str(a->fd, "GET /head/a HTTP/1.1\r\n\r\n");
    send_str(b->fd, "GET /head/b HTTP/1.1\r\n\r\n");
    ck_assert(read_resp(a, p, false));
    expect_body(p, 200, "head GET /head/a");
    ck_assert(read_resp(b, p, false));
    expect_body(p, 200, "head GET /head/b");
    rd *c = rd_new(dial()); /* a third from 127.0.0.1: closed at once */
    send(c->fd, "GET /head/c HTTP/1.1\r\n\r\n", 24, MSG_NOSIGNAL);
    ck_assert(!read_resp(c, p, false));
    rd_close(c);
    rd_close(a); /* one goes: room for one more, once the engine saw it go */
    bool served = false;
    for (int i = 0; i < 500 && !served; i++) {
        c = rd_new(dial());
        send(c->fd, "GET /head/d HTTP/1.1\r\n\r\n", 24, MSG_NOSIGNAL);
        served = read_resp(c, p, false);
        rd_close(c);
        if (!served)
            usleep(10000);
    }
    ck_assert(served);
    expect_body(p, 200, "head GET /head/d");
    send_str(b->fd, "GET /head/b2 HTTP/1.1\r\n\r\n"); /* b was not disturbed */
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
                 i % 2 ? "GET /hold HTTP/1.1\r\n\r\n" : "POST /hold HTTP/1.1\r\nContent-Length: 1\r\n\r\nx");
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

/* A client sending an empty line after a body (RFC 9112, 2.2 asks servers
 * to skip it): the next request, sent later, is a request like any other. */
START_TEST(empty_line_between_requests)
{
    server_start();
    rd *r = rd_new(dial());
    resp *p = malloc(sizeof *p);
    send_str(r->fd, "POST /body HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi\r\n");
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "body 2:hi");
    send_str(r->fd, "GET /head/after HTTP/1.1\r\n\r\n");
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
        n += (size_t)snprintf(reqs + n, sizeof reqs - n, "GET /head/%d HTTP/1.1\r\n\r\n", i);
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
    send_str(r->fd, "GET /head/h HTTP/1.1\r\n\r\n");
    shutdown(r->fd, SHUT_WR); /* the end after the request */
    ck_assert(read_resp(r, p, false));
    expect_body(p, 200, "head GET /head/h");
    expect_eof(r); /* within the read timeout (10 s) */
    rd_close(r);
    r = rd_new(dial_with("GET /head/i HTTP/1.1\r\n\r\n", true)); /* the request and the end at once */
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
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\n\r\nGET %s HTTP/1.1\r\n\r\n", t, t);
        else
            snprintf(req, sizeof req, "GET %s HTTP/1.1\r\n\r\n", t);
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
             empty_line_between_requests, long_pipeline, client_half_close, many_threads_resuming)
