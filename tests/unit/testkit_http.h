/* What test_http_conn.c drives the HTTP engine (server/http_conn.h) with:
 * a tiny front end (answers from the head, after the body, after a
 * suspension resumed from another thread, as a stream suspended between
 * pieces, held until hconn_stop, refused), the resumer threads, the engine
 * on a loopback listener whose connections are accepted here and given to
 * hconn_add, and a client's reading of responses (Content-Length, chunked,
 * until the end). */
#ifndef PYSTD_TESTKIT_HTTP_H
#define PYSTD_TESTKIT_HTTP_H

#include <check.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

typedef enum { M_HEAD, M_BODY, M_SUSPEND, M_STREAM, M_HOLD, M_CLOSE, M_ABORT, M_TWICE, M_BIGHEAD } mode;

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
    static const char *const modes[] = {"/head",  "/body",  "/suspend", "/stream", "/hold",
                                        "/close", "/abort", "/twice",   "/bighead"};
    for (int i = 0; i < (int)(sizeof modes / sizeof *modes); i++)
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
        if (e->len + *n > BODY_MAX || e->m == M_ABORT)
            return -1; /* the front end wants the connection closed */
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
    case M_ABORT:
        break;
    case M_BIGHEAD: { /* a response head over the engine's 64 KiB */
        static char big[70000];
        memset(big, 'v', sizeof big - 1);
        const char *hdr[1][2] = {{"X-Big", big}};
        char *b = strdup("body");
        ck_assert_ptr_nonnull(b);
        hresp r = {.status = 200, .headers = hdr, .nheaders = 1, .body = b, .len = 4};
        ck_assert_int_eq(hconn_respond(c, &r), 0);
        break;
    }
    case M_TWICE: { /* an unfit header is left out; a second answer is refused, its body the engine's */
        static const char *unfit[2][2] = {{"X-Bad", "a\r\nInjected: yes"}, {"Content-Type", "text/plain"}};
        char *b = strdup("first");
        ck_assert_ptr_nonnull(b);
        hresp r = {.status = 200, .headers = unfit, .nheaders = 2, .body = b, .len = 5};
        ck_assert_int_eq(hconn_respond(c, &r), 0);
        b = malloc(8);
        ck_assert_ptr_nonnull(b);
        hresp again = {.status = 500, .body = b, .len = 8};
        ck_assert_int_eq(hconn_respond(c, &again), -1);
        break;
    }
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

static const http_handlers HANDLERS = {on_start, on_request, on_completed, NULL};

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

static int dial(void)
{
    return dial_with(NULL, false);
}

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

#endif
