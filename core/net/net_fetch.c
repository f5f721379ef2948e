#include "net/net_fetch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/config.h"
#include "net/net_curl.h"
#include "net/net_fetch_int.h"
#include "net/net_policy.h"
#include "text/utf8.h"
#include "url/url_parse.h"
#include "url/url_quote.h"

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

/* The wall-clock end of the current net_fetch_urlopen on this thread
 * (config.max_fetch_seconds): a slow-drip upstream cannot hold a worker. */
static _Thread_local double net_fetch_deadline;

static bool past_deadline(void) { return net_fetch_deadline > 0 && clock_monotonic() >= net_fetch_deadline; }

static bool stopped(const net_fetch_request *rq)
{
    return past_deadline() || (rq->should_stop && rq->should_stop(rq->stop_arg));
}

static int cancelled(py_err *err, arena *a)
{
    if (past_deadline())
        return py_raise(err, a, "TimeoutError", "timed out");
    return py_raise(err, a, "TimeoutError", "operation cancelled");
}

static int os_url_error(py_err *err, arena *a, int e)
{
    if (e == ETIMEDOUT)
        return net_fetch_url_error(err, a, "timed out");
    return net_fetch_url_error(err, a, arena_printf(a, "[Errno %d] %s", e, strerror(e)));
}

/* ------------------------------------------------------------ connect (policy) */

typedef struct conn {
    int fd;
    struct sockaddr_storage peer;
    socklen_t peer_len;
    bool handed; /* given to curl, which closes it */
} conn;

/* Non-blocking connect with Python's per-attempt timeout. 0, or an errno
 * (ETIMEDOUT), or -1 when cancelled. */
static int connect_one(const net_fetch_request *rq, const struct addrinfo *ai, int *fd_out)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0)
        return errno;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        *fd_out = fd;
        return 0;
    }
    if (errno != EINPROGRESS) {
        int e = errno;
        close(fd);
        return e;
    }
    double end = clock_monotonic() + rq->timeout;
    for (;;) {
        if (stopped(rq)) {
            close(fd);
            return -1;
        }
        double left = end - clock_monotonic();
        if (left <= 0) {
            close(fd);
            return ETIMEDOUT;
        }
        struct pollfd p = {fd, POLLOUT, 0};
        int ms = left > 0.1 ? 100 : (int)(left * 1000) + 1;
        int n = poll(&p, 1, ms);
        if (n < 0 && errno != EINTR) {
            int e = errno;
            close(fd);
            return e;
        }
        if (n > 0) {
            int e = 0;
            socklen_t el = sizeof e;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
            if (e) {
                close(fd);
                return e;
            }
            *fd_out = fd;
            return 0;
        }
    }
}

/* pyref's _policy_create_connection */
static int policy_connect(arena *a, const net_fetch_request *rq, const net_wire *w, conn *c, py_err *err)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    char *host = arena_strndup(a, w->conn_host.p, w->conn_host.n);
    char *port = arena_strndup(a, w->port.p, w->port.n);
    if (!url_str_isascii(w->conn_host) || memchr(w->conn_host.p, '\0', w->conn_host.n))
        return net_fetch_url_error(err, a, "[Errno -2] Name or service not known");
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0) {
        if (g == EAI_SYSTEM)
            return os_url_error(err, a, errno);
        return net_fetch_url_error(err, a, arena_printf(a, "[Errno %d] %s", g, gai_strerror(g)));
    }
    const net_network_list *allow = net_policy_global();
    char refused[INET6_ADDRSTRLEN] = "";
    int last = 0;
    c->fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        net_addr ad;
        if (!net_addr_from_sockaddr(ai->ai_addr, &ad))
            continue;
        if (!net_policy_allowed(allow, &ad)) {
            if (!refused[0]) {
                inet_ntop(ad.v == 4 ? AF_INET : AF_INET6, ad.b, refused, sizeof refused);
            }
            continue;
        }
        int fd = -1;
        int e = connect_one(rq, ai, &fd);
        if (e == 0) {
            c->fd = fd;
            memcpy(&c->peer, ai->ai_addr, ai->ai_addrlen);
            c->peer_len = ai->ai_addrlen;
            c->handed = false;
            freeaddrinfo(res);
            return 0;
        }
        if (e < 0) {
            freeaddrinfo(res);
            return cancelled(err, a);
        }
        last = e;
    }
    freeaddrinfo(res);
    if (last)
        return os_url_error(err, a, last);
    if (refused[0])
        return net_fetch_url_error(err, a, arena_printf(a, "address %s is not allowed", refused));
    return net_fetch_url_error(err, a, "getaddrinfo returns an empty list");
}

/* ------------------------------------------------------------ one HTTP exchange */

typedef struct xfer {
    const net_fetch_request *rq;
    arena *a;
    py_err *err;
    bool hook_failed;
    conn *c;
    strbuf status_line, hdrs, body;
    bool in_trailers; /* the final response's header block is over: what follows is its trailer */
    strbuf bad_line;  /* what came where a status line should be (http.client refuses it) */
    bool too_big;
    double last; /* last activity */
    curl_off_t dl, ul;
} xfer;

static curl_socket_t open_cb(void *ud, curlsocktype purpose, struct curl_sockaddr *addr)
{
    conn *c = ud;
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

static void parse_headers(arena *a, const strbuf *raw, net_fetch_response *rs);
static void parse_status(arena *a, const strbuf *sl, net_fetch_response *rs);

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

/* http.client reads at most _MAXLINE + 1 bytes of a status line */
#define STATUS_LINE_MAX 65536

/* Keep up to STATUS_LINE_MAX + 1 bytes of what came where a status line
 * should be; true once that line is complete (a newline, or too long). */
static bool take_bad_line(xfer *x, const char *buf, size_t len)
{
    size_t room = STATUS_LINE_MAX + 1 - x->bad_line.len;
    strbuf_append(&x->bad_line, buf, len < room ? len : room);
    return memchr(x->bad_line.data, '\n', x->bad_line.len) || x->bad_line.len > STATUS_LINE_MAX;
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
            parse_status(x->a, &x->status_line, &tmp);
            parse_headers(x->a, &x->hdrs, &tmp);
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
    return stopped(x->rq) ? 1 : 0;
}

/* Latin-1 bytes -> stored-str UTF-8 in the arena */
static url_str latin1(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, 2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put((unsigned char)s[i], p + k);
    p[k] = '\0';
    return url_str_make(p, k);
}

/* http.client's _read_status on a line that is not a status line:
 * LineTooLong past _MAXLINE, else BadStatusLine(line) (Latin-1). */
static int bad_status_line(arena *a, const strbuf *raw, py_err *err)
{
    const char *nl = memchr(raw->data, '\n', raw->len);
    size_t n = nl ? (size_t)(nl - raw->data) + 1 : raw->len;
    if (n > STATUS_LINE_MAX)
        return py_raise(err, a, "http.client.LineTooLong", "got more than %d bytes when reading status line",
                        STATUS_LINE_MAX);
    url_str line = latin1(a, raw->data, n);
    return py_raise_msg(err, a, "http.client.BadStatusLine", line.p, line.n);
}

/* http.client's header block -> (name, value) pairs as email's compat32 gives them */
static void parse_headers(arena *a, const strbuf *raw, net_fetch_response *rs)
{
    url_str all = latin1(a, raw->data ? raw->data : "", raw->len);
    size_t cap = 0, i = 0;
    rs->headers = NULL;
    rs->nheaders = 0;
    strbuf val = STRBUF_INIT;
    url_str name = {0};
    bool have = false;
    for (;;) {
        size_t e = i < all.n ? url_str_find(all, '\n', i) : SIZE_MAX;
        url_str line = i < all.n ? url_str_sub(all, i, e == SIZE_MAX ? all.n : e + 1) : url_str_make("", 0);
        bool end = !line.n || url_str_eq(line, "\r\n") || url_str_eq(line, "\n");
        bool cont = !end && (line.p[0] == ' ' || line.p[0] == '\t');
        if (have && (end || !cont)) {
            while (val.len && (val.data[val.len - 1] == '\r' || val.data[val.len - 1] == '\n'))
                val.len--;
            if (rs->nheaders == cap) {
                size_t nc = cap ? 2 * cap : 16;
                rs->headers =
                    arena_realloc(a, rs->headers, cap * sizeof *rs->headers, nc * sizeof *rs->headers);
                cap = nc;
            }
            rs->headers[rs->nheaders].name = name;
            rs->headers[rs->nheaders].value = url_str_dup(a, url_str_make(val.data ? val.data : "", val.len));
            rs->nheaders++;
            have = false;
        }
        if (end)
            break;
        i = e == SIZE_MAX ? all.n : e + 1;
        if (cont) {
            if (have)
                strbuf_append(&val, line.p, line.n);
            continue;
        }
        size_t colon = url_str_find(line, ':', 0);
        bool ok = colon != SIZE_MAX;
        for (size_t k = 0; ok && k < colon; k++)
            ok = (unsigned char)line.p[k] >= 0x21 && (unsigned char)line.p[k] <= 0x7e;
        if (!ok)
            break; /* email's feedparser: the header block ends here */
        name = url_str_sub(line, 0, colon);
        strbuf_clear(&val);
        size_t v = colon + 1;
        while (v < line.n && (line.p[v] == ' ' || line.p[v] == '\t'))
            v++;
        strbuf_append(&val, line.p + v, line.n - v);
        have = true;
    }
    strbuf_free(&val);
}

static const net_fetch_header *find_header(const net_fetch_response *rs, const char *lname)
{
    size_t n = strlen(lname);
    for (size_t i = 0; i < rs->nheaders; i++) {
        url_str h = rs->headers[i].name;
        if (h.n != n)
            continue;
        bool eq = true;
        for (size_t k = 0; k < n && eq; k++) {
            char c = h.p[k];
            eq = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c) == lname[k];
        }
        if (eq)
            return &rs->headers[i];
    }
    return NULL;
}

/* the status line as http.client reads it: version, status, reason.strip() */
static void parse_status(arena *a, const strbuf *sl, net_fetch_response *rs)
{
    url_str line = latin1(a, sl->data ? sl->data : "", sl->len);
    size_t i = 0;
    int field = 0;
    rs->reason = url_str_make("", 0);
    while (i < line.n && field < 2) {
        while (i < line.n &&
               (line.p[i] == ' ' || line.p[i] == '\t' || line.p[i] == '\r' || line.p[i] == '\n'))
            i++;
        size_t s = i;
        while (i < line.n &&
               !(line.p[i] == ' ' || line.p[i] == '\t' || line.p[i] == '\r' || line.p[i] == '\n'))
            i++;
        if (field == 1) {
            int st = 0;
            for (size_t k = s; k < i && k < s + 4; k++)
                st = st * 10 + (line.p[k] - '0');
            rs->status = st;
        }
        field++;
    }
    rs->reason = url_str_strip(url_str_sub(line, i, line.n));
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

/* One request on a connected socket.  0 with rs filled, or -1. */
static int exchange(arena *a, const net_fetch_request *rq, const net_req *r, const net_wire *w, conn *c,
                    net_fetch_response *rs, py_err *err)
{
    xfer x = {.rq = rq, .a = a, .err = err, .c = c, .last = clock_monotonic()};
    handles *th = thread_handles();
    if (!th)
        return py_raise(err, a, "MemoryError", "%s", "");
    CURL *h = th->easy;
    CURLM *m = th->multi;
    bool https = url_str_eq(r->type, "https");
    char ip[INET6_ADDRSTRLEN] = "";
    int port = 0;
    if (c->peer.ss_family == AF_INET) {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&c->peer;
        inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof ip);
        port = ntohs(s4->sin_port);
    } else {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&c->peer;
        inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip);
        port = ntohs(s6->sin6_port);
    }
    bool v6 = c->peer.ss_family == AF_INET6;
    struct curl_slist *resolve = NULL;
    char *url;
    if (https && !url_ip_address_valid(w->conn_host)) {
        /* the real name for SNI and certificate checks, pinned to the checked address */
        url = arena_printf(a, "https://%.*s:%d/", (int)w->conn_host.n, w->conn_host.p, port);
        resolve =
            curl_slist_append(NULL, arena_printf(a, "%.*s:%d:%s%s%s", (int)w->conn_host.n, w->conn_host.p,
                                                 port, v6 ? "[" : "", ip, v6 ? "]" : ""));
        curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
    } else {
        url = arena_printf(a, "%s://%s%s%s:%d/", https ? "https" : "http", v6 ? "[" : "", ip, v6 ? "]" : "",
                           port);
    }
    struct curl_slist *hl = wire_headers(a, w);
    char *target = arena_strndup(a, w->target.p, w->target.n);
    char *method = arena_strndup(a, w->method.p, w->method.n);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_REQUEST_TARGET, target);
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
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (url_str_eq(w->method, "HEAD"))
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (w->has_body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)w->body.n);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, w->body.p);
    }
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_cb);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, c);
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(rq->timeout * 1000) + 1);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_multi_add_handle(m, h);

    CURLcode res = CURLE_OK;
    bool timed_out = false, stop = false;
    for (;;) {
        int running = 0;
        if (curl_multi_perform(m, &running) != CURLM_OK) {
            res = CURLE_FAILED_INIT;
            break;
        }
        if (!running) {
            int q;
            CURLMsg *msg = curl_multi_info_read(m, &q);
            res = msg && msg->msg == CURLMSG_DONE ? msg->data.result : CURLE_OK;
            break;
        }
        if (stopped(rq)) {
            stop = true;
            break;
        }
        double idle = clock_monotonic() - x.last;
        if (idle >= rq->timeout) {
            timed_out = true;
            break;
        }
        double left = rq->timeout - idle;
        int ms = left > 0.1 ? 100 : (int)(left * 1000) + 1;
        curl_multi_poll(m, NULL, 0, ms, NULL);
    }
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    curl_multi_remove_handle(m, h);
    curl_slist_free_all(hl);
    curl_slist_free_all(resolve);
    if (!c->handed && c->fd >= 0)
        close(c->fd);
    c->fd = -1;

    int rc = 0;
    bool got_status = x.status_line.len > 0;
    if (got_status) {
        parse_status(a, &x.status_line, rs);
        parse_headers(a, &x.hdrs, rs);
    }
    if (x.hook_failed) {
        rc = -1;
    } else if (stop || res == CURLE_ABORTED_BY_CALLBACK) {
        rc = cancelled(err, a);
    } else if (x.bad_line.len) {
        rc = bad_status_line(a, &x.bad_line, err);
    } else if (x.too_big) {
        rc = py_limit(err, a, "response body larger than %zu bytes", config.max_response);
    } else if (timed_out || res == CURLE_OPERATION_TIMEDOUT) {
        rc = py_raise(err, a, "TimeoutError", "timed out");
    } else if (res == CURLE_OK) {
        rs->body = arena_strndup(a, x.body.data ? x.body.data : "", x.body.len);
        rs->body_len = x.body.len;
    } else if (res == CURLE_GOT_NOTHING || (!got_status && res == CURLE_RECV_ERROR && os_errno == 0)) {
        rc = py_raise(err, a, "http.client.RemoteDisconnected",
                      "Remote end closed connection without response");
    } else if (res == CURLE_PARTIAL_FILE && rq->allow_partial && got_status && rs->status / 100 == 2) {
        rs->body = arena_strndup(a, x.body.data ? x.body.data : "", x.body.len);
        rs->body_len = x.body.len;
        rs->partial = true;
    } else if (res == CURLE_PARTIAL_FILE) {
        const net_fetch_header *cl = find_header(rs, "content-length");
        long long want = cl ? atoll(arena_strndup(a, cl->value.p, cl->value.n)) : -1;
        if (want >= 0)
            rc = py_raise(err, a, "http.client.IncompleteRead",
                          "IncompleteRead(%zu bytes read, %lld more expected)", x.body.len,
                          want - (long long)x.body.len);
        else
            rc = py_raise(err, a, "http.client.IncompleteRead", "IncompleteRead(%zu bytes read)", x.body.len);
    } else if ((res == CURLE_RECV_ERROR || res == CURLE_SEND_ERROR) && os_errno) {
        if (res == CURLE_SEND_ERROR)
            rc = os_url_error(err, a, (int)os_errno);
        else
            rc = py_raise(err, a, os_errno == ECONNRESET ? "ConnectionResetError" : "OSError",
                          "[Errno %ld] %s", os_errno, strerror((int)os_errno));
    } else if (res == CURLE_WEIRD_SERVER_REPLY || res == CURLE_UNSUPPORTED_PROTOCOL) {
        rc =
            py_raise(err, a, "http.client.BadStatusLine", "%s", errbuf[0] ? errbuf : curl_easy_strerror(res));
    } else {
        rc = net_fetch_url_error(err, a, errbuf[0] ? errbuf : curl_easy_strerror(res));
    }
    strbuf_free(&x.status_line);
    strbuf_free(&x.hdrs);
    strbuf_free(&x.body);
    strbuf_free(&x.bad_line);
    return rc;
}

/* ------------------------------------------------------------ the opener */

typedef struct visit {
    url_str url;
    int count;
} visit;

static const char INF_MSG[] =
    "The HTTP server returned a redirect error that would lead to an infinite loop.\n"
    "The last 30x error message was:\n";

int net_fetch_urlopen(arena *a, const net_fetch_request *rq, net_fetch_response *rs, py_err *err)
{
    memset(rs, 0, sizeof *rs);
    if (net_fetch_global_init() < 0)
        return py_raise(err, a, "OSError", "libcurl could not be initialised");
    net_fetch_deadline = config.max_fetch_seconds > 0 ? clock_monotonic() + config.max_fetch_seconds : 0;
    net_req r;
    if (net_req_init(a, &r, rq->url, rq->has_data, rq->data, rq->headers, rq->nheaders, rq->method, err) < 0)
        return -1;
    visit *visited = NULL;
    size_t nvisited = 0, cap = 0;
    for (;;) {
        if (!url_str_eq(r.type, "http") && !url_str_eq(r.type, "https"))
            return net_fetch_url_error_u(err, a,
                                         url_str_cat(a, url_str_make("unknown url type: ", 18), r.type));
        net_wire w;
        if (net_req_wire(a, &r, config.user_agent, &w, err) < 0)
            return -1;
        conn c = {.fd = -1};
        if (stopped(rq))
            return cancelled(err, a);
        if (policy_connect(a, rq, &w, &c, err) < 0)
            return -1;
        net_fetch_response cur;
        memset(&cur, 0, sizeof cur);
        if (exchange(a, rq, &r, &w, &c, &cur, err) < 0)
            return -1;
        cur.url = net_req_full_url(a, &r);
        int code = cur.status;
        if (code >= 200 && code < 300) {
            *rs = cur;
            return 0;
        }
        bool redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
        const net_fetch_header *loc = redirect ? find_header(&cur, "location") : NULL;
        if (redirect && !loc)
            loc = find_header(&cur, "uri");
        if (!loc) {
            rs->http_error = code;
            return net_fetch_http_error(err, a, code, cur.reason);
        }
        /* HTTPRedirectHandler.http_error_302 */
        url_str newurl = loc->value;
        url_parts up;
        if (url_parse(a, newurl, url_str_make("", 0), true, &up, err) < 0)
            return -1;
        if (!(url_str_eq(up.scheme, "http") || url_str_eq(up.scheme, "https") ||
              url_str_eq(up.scheme, "ftp") || url_str_eq(up.scheme, ""))) {
            rs->http_error = code;
            url_str msg =
                url_str_cat(a, url_str_cat(a, cur.reason, url_str_make(" - Redirection to url '", 23)),
                            url_str_cat(a, newurl, url_str_make("' is not allowed", 16)));
            return net_fetch_http_error(err, a, code, msg);
        }
        if (!up.path.n && up.netloc.n)
            up.path = url_str_make("/", 1);
        newurl = url_unparse(a, &up);
        static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        if (url_quote(a, newurl, url_str_make(punct, sizeof punct - 1), url_str_make("iso-8859-1", 10),
                      URL_STR_NONE, false, &newurl, err) < 0)
            return -1;
        if (url_join(a, net_req_full_url(a, &r), newurl, true, &newurl, err) < 0)
            return -1;
        /* redirect_request */
        url_str m = net_req_method(&r);
        bool get_head = url_str_eq(m, "GET") || url_str_eq(m, "HEAD");
        if (!(get_head || ((code == 301 || code == 302 || code == 303) && url_str_eq(m, "POST")))) {
            rs->http_error = code;
            return net_fetch_http_error(err, a, code, cur.reason);
        }
        if (memchr(newurl.p, ' ', newurl.n)) {
            strbuf sb = STRBUF_INIT;
            for (size_t i = 0; i < newurl.n; i++)
                if (newurl.p[i] == ' ')
                    strbuf_puts(&sb, "%20");
                else
                    strbuf_putc(&sb, newurl.p[i]);
            newurl = url_str_dup(a, url_str_make(sb.data, sb.len));
            strbuf_free(&sb);
        }
        net_fetch_header *nh = arena_alloc(a, (r.headers.n + 1) * sizeof *nh);
        size_t nn = 0;
        for (size_t i = 0; i < r.headers.n; i++) {
            url_str ln = url_str_lower(a, r.headers.v[i].name);
            if (!url_str_eq(ln, "content-length") && !url_str_eq(ln, "content-type"))
                nh[nn++] = r.headers.v[i];
        }
        net_req next;
        /* 3.11.7: the new Request has no method, so a redirected HEAD becomes GET */
        if (net_req_init(a, &next, newurl, false, url_str_make("", 0), nh, nn, URL_STR_NONE, err) < 0)
            return -1;
        /* loop detection */
        int seen = 0;
        for (size_t i = 0; i < nvisited; i++)
            if (visited[i].url.n == newurl.n && memcmp(visited[i].url.p, newurl.p, newurl.n) == 0)
                seen = visited[i].count;
        if (nvisited && (seen >= 4 || nvisited >= 10)) {
            rs->http_error = code;
            url_str msg = url_str_cat(a, url_str_make(INF_MSG, sizeof INF_MSG - 1), cur.reason);
            return net_fetch_http_error(err, a, code, msg);
        }
        bool found = false;
        for (size_t i = 0; i < nvisited; i++)
            if (visited[i].url.n == newurl.n && memcmp(visited[i].url.p, newurl.p, newurl.n) == 0)
                visited[i].count++, found = true;
        if (!found) {
            if (nvisited == cap) {
                size_t nc = cap ? 2 * cap : 8;
                visited = arena_realloc(a, visited, cap * sizeof *visited, nc * sizeof *visited);
                cap = nc;
            }
            visited[nvisited].url = newurl;
            visited[nvisited].count = 1;
            nvisited++;
        }
        r = next;
    }
}
