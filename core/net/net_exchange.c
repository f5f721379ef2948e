/* One HTTP exchange of urlopen on libcurl: the request http.client would
 * send (net_wire), over the socket net_conn_open connected (libcurl never
 * resolves or connects by itself), read as http.client reads it (status
 * line, headers without the chunked trailer, body within the limits), and
 * its end turned into the exception urllib would raise.  Each thread keeps
 * its libcurl handles. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/config.h"
#include "net/net_curl.h"
#include "net/net_fetch_int.h"
#include "url/url_parse.h"

/* ------------------------------------------------------------ per-thread handles */

/* Each worker thread keeps one easy and one multi handle and reuses them
 * (curl_easy_reset between transfers): the multi handle caches the loaded CA
 * store, the easy handle its buffers.  Freed by the key's destructor when the
 * thread ends. */
typedef struct handles {
    CURL *easy;
    CURLM *multi;
} handles;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t handles_key;
static int init_rc;

static void free_handles(void *p)
{
    handles *h = p;
    if (h->easy)
        curl_easy_cleanup(h->easy);
    if (h->multi)
        curl_multi_cleanup(h->multi);
    free(h);
}

static void do_init(void)
{
    if (net_curl_load(NULL, 0) < 0) {
        init_rc = -1;
        return;
    }
    init_rc = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
    if (init_rc == 0 && pthread_key_create(&handles_key, free_handles) != 0)
        init_rc = -1;
}

static handles *thread_handles(void)
{
    handles *h = pthread_getspecific(handles_key);
    if (!h) {
        h = calloc(1, sizeof *h);
        if (!h)
            return NULL;
        h->easy = curl_easy_init();
        h->multi = curl_multi_init();
        if (!h->easy || !h->multi || pthread_setspecific(handles_key, h) != 0) {
            free_handles(h);
            return NULL;
        }
    }
    curl_easy_reset(h->easy);
    return h;
}
int net_fetch_global_init(void)
{
    pthread_once(&init_once, do_init);
    return init_rc;
}

/* ------------------------------------------------------------ callbacks */

typedef struct xfer {
    const net_fetch_request *rq;
    arena *a;
    py_err *err;
    bool hook_failed;
    net_conn *c;
    strbuf status_line, hdrs, body;
    bool in_trailers; /* the final response's header block is over: what follows is its trailer */
    strbuf bad_line;  /* what came where a status line should be (http.client refuses it) */
    bool too_big;
    double last; /* last activity */
    curl_off_t dl, ul;
} xfer;

static curl_socket_t open_cb(void *ud, curlsocktype purpose, struct curl_sockaddr *addr)
{
    net_conn *c = ud;
    if (purpose != CURLSOCKTYPE_IPCXN || c->handed || c->fd < 0)
        return CURL_SOCKET_BAD;
    /* only ever the address that was checked and connected */
    if (addr->addrlen != c->peer_len || memcmp(&addr->addr, &c->peer, c->peer_len) != 0)
        return CURL_SOCKET_BAD;
    c->handed = true;
    return c->fd;
}

static int sockopt_cb(void *ud, curl_socket_t fd, curlsocktype purpose)
{
    (void)ud, (void)fd, (void)purpose;
    return CURL_SOCKOPT_ALREADY_CONNECTED;
}

/* a 2xx status line: the response the caller gets (no redirect follows) */
static bool final_status(const strbuf *sl)
{
    const char *p = sl->data ? memchr(sl->data, ' ', sl->len) : NULL;
    return p && p + 1 < sl->data + sl->len && p[1] == '2';
}

/* a 1xx status line: an interim response, another one follows */
static bool interim_status(const strbuf *sl)
{
    const char *p = sl->data ? memchr(sl->data, ' ', sl->len) : NULL;
    return p && p + 1 < sl->data + sl->len && p[1] == '1';
}

/* Keep up to NET_STATUS_LINE_MAX + 1 bytes of what came where a status line
 * should be; true once that line is complete (a newline, or too long). */
static bool take_bad_line(xfer *x, const char *buf, size_t len)
{
    size_t room = NET_STATUS_LINE_MAX + 1 - x->bad_line.len;
    strbuf_append(&x->bad_line, buf, len < room ? len : room);
    return memchr(x->bad_line.data, '\n', x->bad_line.len) || x->bad_line.len > NET_STATUS_LINE_MAX;
}

static size_t header_cb(char *buf, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    x->last = clock_monotonic();
    if (x->in_trailers) /* http.client reads and drops a chunked body's trailer */
        return len;
    if (!x->status_line.len) {
        /* libcurl also takes "http/1.0 ..." (any case); http.client wants "HTTP/" */
        if (len < 5 || memcmp(buf, "HTTP/", 5) != 0) {
            take_bad_line(x, buf, len);
            return 0;
        }
        strbuf_clear(&x->hdrs);
        strbuf_append(&x->status_line, buf, len);
        return len;
    }
    if (x->hdrs.len + len > (1u << 20)) /* http.client: 100 headers of 64 KiB at most */
        return 0;
    if ((len == 2 && buf[0] == '\r' && buf[1] == '\n') || (len == 1 && buf[0] == '\n')) {
        if (interim_status(&x->status_line)) { /* 1xx: the real status line comes next */
            strbuf_clear(&x->status_line);
            return len;
        }
        x->in_trailers = true;
        if (x->rq->on_headers && final_status(&x->status_line)) {
            net_fetch_response tmp;
            memset(&tmp, 0, sizeof tmp);
            net_resp_status(x->a, &x->status_line, &tmp);
            net_resp_headers(x->a, &x->hdrs, &tmp);
            if (x->rq->on_headers(x->rq->hook_arg, &tmp, x->err) < 0) {
                x->hook_failed = true;
                return 0;
            }
        }
        return len;
    }
    strbuf_append(&x->hdrs, buf, len);
    return len;
}

static size_t write_cb(char *buf, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    x->last = clock_monotonic();
    if (!x->status_line.len) /* HTTP/0.9 to libcurl: http.client reads its first line as a status line */
        return take_bad_line(x, buf, len) ? 0 : len;
    if (x->body.len + len > config.max_response) {
        x->too_big = true;
        return 0;
    }
    strbuf_append(&x->body, buf, len);
    return len;
}

static int progress_cb(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)ut;
    xfer *x = ud;
    if (dn != x->dl || un != x->ul) {
        x->dl = dn;
        x->ul = un;
        x->last = clock_monotonic();
    }
    return net_fetch_stopped(x->rq) ? 1 : 0;
}

static struct curl_slist *wire_headers(arena *a, const net_wire *w)
{
    struct curl_slist *l = NULL;
    bool accept = false, expect = false;
    for (size_t i = 0; i < w->nlines; i++) {
        url_str n = w->lines[i].name, v = w->lines[i].value;
        if (n.n == 6 && strncasecmp(n.p, "accept", 6) == 0)
            accept = true;
        if (n.n == 6 && strncasecmp(n.p, "expect", 6) == 0)
            expect = true;
        /* "Name;" sends an empty value ("Name:" would remove the header) */
        char *line = v.n ? arena_printf(a, "%.*s: %.*s", (int)n.n, n.p, (int)v.n, v.p)
                         : arena_printf(a, "%.*s;", (int)n.n, n.p);
        l = curl_slist_append(l, line);
    }
    if (!accept)
        l = curl_slist_append(l, "Accept:");
    if (!expect)
        l = curl_slist_append(l, "Expect:");
    return l;
}

/* ------------------------------------------------------------ the exchange */

/* The URL libcurl connects to: the checked peer address, or for https to a
 * name the name itself (SNI and certificate checks) pinned to that address
 * by *resolve (a curl_slist the caller frees). */
static char *peer_url(arena *a, bool https, const net_wire *w, const net_conn *c, struct curl_slist **resolve)
{
    char ip[INET6_ADDRSTRLEN] = "";
    int port = 0;
    bool v6 = c->peer.ss_family == AF_INET6;
    if (!v6) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)&c->peer;
        inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip);
        port = ntohs(s4->sin_port);
    } else {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&c->peer;
        inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip);
        port = ntohs(s6->sin6_port);
    }
    *resolve = NULL;
    if (https && !url_ip_address_valid(w->conn_host)) {
        *resolve =
            curl_slist_append(NULL, arena_printf(a, "%.*s:%d:%s%s%s", (int)w->conn_host.n, w->conn_host.p,
                                                 port, v6 ? "[" : "", ip, v6 ? "]" : ""));
        return arena_printf(a, "https://%.*s:%d/", (int)w->conn_host.n, w->conn_host.p, port);
    }
    return arena_printf(a, "%s://%s%s%s:%d/", https ? "https" : "http", v6 ? "[" : "", ip, v6 ? "]" : "",
                        port);
}

/* Everything libcurl is told for one request: what http.client would send,
 * on our socket, no redirects, no proxy, HTTP/1.1, our callbacks. */
static void set_options(CURL *h, arena *a, const net_fetch_request *rq, const net_wire *w, xfer *x,
                        struct curl_slist *hl, const char *url, char *errbuf)
{
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_REQUEST_TARGET, arena_strndup(a, w->target.p, w->target.n));
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    /* no status line: the bytes come to write_cb, which makes http.client's BadStatusLine of them */
    curl_easy_setopt(h, CURLOPT_HTTP09_ALLOWED, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, arena_strndup(a, w->method.p, w->method.n));
    if (url_str_eq(w->method, "HEAD"))
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (w->has_body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)w->body.n);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, w->body.p);
    }
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_cb);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x->c);
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(rq->timeout * 1000) + 1);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
}

typedef enum { RUN_DONE, RUN_STOPPED, RUN_TIMED_OUT } run_end;

/* Drive the transfer until it ends, the call is stopped, or nothing moved
 * for rq->timeout seconds (Python's socket timeout); *res is libcurl's
 * result when it ended. */
static run_end run(CURLM *m, const net_fetch_request *rq, const xfer *x, CURLcode *res)
{
    *res = CURLE_OK;
    for (;;) {
        int running = 0;
        if (curl_multi_perform(m, &running) != CURLM_OK) {
            *res = CURLE_FAILED_INIT;
            return RUN_DONE;
        }
        if (!running) {
            int q;
            CURLMsg *msg = curl_multi_info_read(m, &q);
            *res = msg && msg->msg == CURLMSG_DONE ? msg->data.result : CURLE_OK;
            return RUN_DONE;
        }
        if (net_fetch_stopped(rq))
            return RUN_STOPPED;
        double idle = clock_monotonic() - x->last;
        if (idle >= rq->timeout)
            return RUN_TIMED_OUT;
        double left = rq->timeout - idle;
        int ms = left > 0.1 ? 100 : (int)(left * 1000) + 1;
        curl_multi_poll(m, NULL, 0, ms, NULL);
    }
}

static void take_body(arena *a, const xfer *x, net_fetch_response *rs)
{
    rs->body = arena_strndup(a, x->body.data ? x->body.data : "", x->body.len);
    rs->body_len = x->body.len;
}

/* http.client.IncompleteRead: the body ended before Content-Length */
static int incomplete_read(arena *a, const xfer *x, const net_fetch_response *rs, py_err *err)
{
    const net_fetch_header *cl = net_resp_header(rs, "content-length");
    long long want = cl ? atoll(arena_strndup(a, cl->value.p, cl->value.n)) : -1;
    if (want >= 0)
        return py_raise(err, a, "http.client.IncompleteRead",
                        "IncompleteRead(%zu bytes read, %lld more expected)", x->body.len,
                        want - (long long)x->body.len);
    return py_raise(err, a, "http.client.IncompleteRead", "IncompleteRead(%zu bytes read)", x->body.len);
}

/* What the transfer's end means to urlopen: rs filled (0), or the
 * exception http.client / urllib would raise (-1). */
static int outcome(arena *a, const net_fetch_request *rq, const xfer *x, run_end end, CURLcode res,
                   long os_errno, const char *errbuf, net_fetch_response *rs, py_err *err)
{
    bool got_status = x->status_line.len > 0;
    if (got_status) {
        net_resp_status(a, &x->status_line, rs);
        net_resp_headers(a, &x->hdrs, rs);
    }
    if (x->hook_failed)
        return -1;
    if (end == RUN_STOPPED || res == CURLE_ABORTED_BY_CALLBACK)
        return net_fetch_cancelled(err, a);
    if (x->bad_line.len)
        return net_resp_bad_status_line(a, &x->bad_line, err);
    if (x->too_big)
        return py_limit(err, a, "response body larger than %zu bytes", config.max_response);
    if (end == RUN_TIMED_OUT || res == CURLE_OPERATION_TIMEDOUT)
        return py_raise(err, a, "TimeoutError", "timed out");
    if (res == CURLE_OK) {
        take_body(a, x, rs);
        return 0;
    }
    if (res == CURLE_GOT_NOTHING || (!got_status && res == CURLE_RECV_ERROR && os_errno == 0))
        return py_raise(err, a, "http.client.RemoteDisconnected",
                        "Remote end closed connection without response");
    if (res == CURLE_PARTIAL_FILE && rq->allow_partial && got_status && rs->status / 100 == 2) {
        take_body(a, x, rs);
        rs->partial = true;
        return 0;
    }
    if (res == CURLE_PARTIAL_FILE)
        return incomplete_read(a, x, rs, err);
    if (res == CURLE_SEND_ERROR && os_errno)
        return net_fetch_os_error(err, a, (int)os_errno);
    if (res == CURLE_RECV_ERROR && os_errno)
        return py_raise(err, a, os_errno == ECONNRESET ? "ConnectionResetError" : "OSError", "[Errno %ld] %s",
                        os_errno, strerror((int)os_errno));
    if (res == CURLE_WEIRD_SERVER_REPLY || res == CURLE_UNSUPPORTED_PROTOCOL)
        return py_raise(err, a, "http.client.BadStatusLine", "%s",
                        errbuf[0] ? errbuf : curl_easy_strerror(res));
    return net_fetch_url_error(err, a, errbuf[0] ? errbuf : curl_easy_strerror(res));
}

int net_exchange(arena *a, const net_fetch_request *rq, const net_req *r, const net_wire *w, net_conn *c,
                 net_fetch_response *rs, py_err *err)
{
    handles *th = thread_handles();
    if (!th)
        return py_raise(err, a, "MemoryError", "%s", "");
    xfer x = {.rq = rq, .a = a, .err = err, .c = c, .last = clock_monotonic()};
    struct curl_slist *resolve, *hl = wire_headers(a, w);
    char *url = peer_url(a, url_str_eq(r->type, "https"), w, c, &resolve);
    char errbuf[CURL_ERROR_SIZE] = "";
    if (resolve)
        curl_easy_setopt(th->easy, CURLOPT_RESOLVE, resolve);
    set_options(th->easy, a, rq, w, &x, hl, url, errbuf);
    curl_multi_add_handle(th->multi, th->easy);
    CURLcode res;
    run_end end = run(th->multi, rq, &x, &res);
    long os_errno = 0;
    curl_easy_getinfo(th->easy, CURLINFO_OS_ERRNO, &os_errno);
    curl_multi_remove_handle(th->multi, th->easy);
    curl_slist_free_all(hl);
    curl_slist_free_all(resolve);
    if (!c->handed && c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    int rc = outcome(a, rq, &x, end, res, os_errno, errbuf, rs, err);
    strbuf_free(&x.status_line);
    strbuf_free(&x.hdrs);
    strbuf_free(&x.body);
    strbuf_free(&x.bad_line);
    return rc;
}
