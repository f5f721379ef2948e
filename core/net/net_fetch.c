/* urllib.request.urlopen's opener (net_fetch.h): the Request, then hop
 * after hop (connect under the policy, one exchange) until a 2xx answer,
 * following redirects as HTTPRedirectHandler does (its URL rules, its
 * method rules, its loop detection) and raising HTTPError otherwise; and
 * the per-call limits every hop checks (max_fetch_seconds, cancellation). */
#include "net/net_fetch.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/config.h"
#include "net/net_fetch_int.h"
#include "url/url_parse.h"
#include "url/url_quote.h"

/* ------------------------------------------------------------ the call's limits */

/* The wall-clock end of the current net_fetch_urlopen on this thread
 * (config.max_fetch_seconds): a slow-drip upstream cannot hold a worker. */
static _Thread_local double net_fetch_deadline;

static bool past_deadline(void)
{
    return net_fetch_deadline > 0 && clock_monotonic() >= net_fetch_deadline;
}

bool net_fetch_stopped(const net_fetch_request *rq)
{
    return past_deadline() || (rq->should_stop && rq->should_stop(rq->stop_arg));
}

int net_fetch_cancelled(py_err *err, arena *a)
{
    if (past_deadline())
        return py_raise(err, a, "TimeoutError", "timed out");
    return py_raise(err, a, "TimeoutError", "operation cancelled");
}

int net_fetch_os_error(py_err *err, arena *a, int e)
{
    if (e == ETIMEDOUT)
        return net_fetch_url_error(err, a, "timed out");
    return net_fetch_url_error(err, a, arena_printf(a, "[Errno %d] %s", e, strerror(e)));
}

/* ------------------------------------------------------------ redirects */

/* HTTPError(code, msg) for the answer that ends the call */
static int http_error(arena *a, int code, url_str msg, net_fetch_response *rs, py_err *err)
{
    rs->http_error = code;
    net_fetch_http_error(err, a, code, msg);
    return -1;
}

/* HTTPRedirectHandler.http_error_302 and redirect_request: the URL a
 * redirect of r leads to (Location, else URI; absolute, quoted, spaces as
 * %20), or the HTTPError that stops the call. */
static int redirect_url(arena *a, const net_req *r, const net_fetch_response *cur, url_str *out,
                        net_fetch_response *rs, py_err *err)
{
    int code = cur->status;
    bool redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    const net_fetch_header *loc = redirect ? net_resp_header(cur, "location") : NULL;
    if (redirect && !loc)
        loc = net_resp_header(cur, "uri");
    if (!loc)
        return http_error(a, code, cur->reason, rs, err);
    url_str newurl = loc->value;
    url_parts up;
    if (url_parse(a, newurl, url_str_make("", 0), true, &up, err) < 0)
        return -1;
    if (!(url_str_eq(up.scheme, "http") || url_str_eq(up.scheme, "https") || url_str_eq(up.scheme, "ftp") ||
          url_str_eq(up.scheme, "")))
        return http_error(
            a, code,
            url_str_cat(a, url_str_cat(a, cur->reason, url_str_make(" - Redirection to url '", 23)),
                        url_str_cat(a, newurl, url_str_make("' is not allowed", 16))),
            rs, err);
    if (!up.path.n && up.netloc.n)
        up.path = url_str_make("/", 1);
    newurl = url_unparse(a, &up);
    static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    if (url_quote(a, newurl, url_str_make(punct, sizeof punct - 1), url_str_make("iso-8859-1", 10),
                  URL_STR_NONE, false, &newurl, err) < 0)
        return -1;
    if (url_join(a, net_req_full_url(a, r), newurl, true, &newurl, err) < 0)
        return -1;
    url_str m = net_req_method(r);
    bool get_head = url_str_eq(m, "GET") || url_str_eq(m, "HEAD");
    if (!(get_head || ((code == 301 || code == 302 || code == 303) && url_str_eq(m, "POST"))))
        return http_error(a, code, cur->reason, rs, err);
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
    *out = newurl;
    return 0;
}

/* redirect_request's new Request: r's headers but the body's, no data,
 * no method (3.11.7: so a redirected HEAD becomes GET). */
static int redirected(arena *a, const net_req *r, url_str newurl, net_req *next, py_err *err)
{
    net_fetch_header *nh = arena_alloc(a, (r->headers.n + 1) * sizeof *nh);
    size_t nn = 0;
    for (size_t i = 0; i < r->headers.n; i++) {
        url_str ln = url_str_lower(a, r->headers.v[i].name);
        if (!url_str_eq(ln, "content-length") && !url_str_eq(ln, "content-type"))
            nh[nn++] = r->headers.v[i];
    }
    return net_req_init(a, next, newurl, false, url_str_make("", 0), nh, nn, URL_STR_NONE, err);
}

/* The redirect_dict: how often each URL was a redirect's target. */
typedef struct visits {
    struct visit {
        url_str url;
        int count;
    } * v; /* arena */
    size_t n, cap;
} visits;

static const char INF_MSG[] =
    "The HTTP server returned a redirect error that would lead to an infinite loop.\n"
    "The last 30x error message was:\n";

/* Count a redirect to url; false when HTTPRedirectHandler calls it a loop
 * (the 5th time to one URL, or the 11th redirect). */
static bool visit(arena *a, visits *vs, url_str url)
{
    struct visit *seen = NULL;
    for (size_t i = 0; i < vs->n && !seen; i++)
        if (vs->v[i].url.n == url.n && memcmp(vs->v[i].url.p, url.p, url.n) == 0)
            seen = &vs->v[i];
    if (vs->n && ((seen && seen->count >= 4) || vs->n >= 10))
        return false;
    if (seen) {
        seen->count++;
        return true;
    }
    if (vs->n == vs->cap) {
        size_t nc = vs->cap ? 2 * vs->cap : 8;
        vs->v = arena_realloc(a, vs->v, vs->cap * sizeof *vs->v, nc * sizeof *vs->v);
        vs->cap = nc;
    }
    vs->v[vs->n].url = url;
    vs->v[vs->n].count = 1;
    vs->n++;
    return true;
}

/* ------------------------------------------------------------ the opener */

static bool has_line(const net_wire *w, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < w->nlines; i++)
        if (w->lines[i].name.n == n && strncasecmp(w->lines[i].name.p, name, n) == 0)
            return true;
    return false;
}

/* The trace context's headers after the request's own (net_fetch.h). */
static void add_trace(arena *a, const net_fetch_request *rq, net_wire *w)
{
    const char *names[2] = {"traceparent", "tracestate"}, *values[2] = {rq->traceparent, rq->tracestate};
    if (!rq->traceparent || has_line(w, names[0]))
        return;
    net_fetch_header *l = arena_alloc(a, (w->nlines + 2) * sizeof *l);
    if (w->nlines)
        memcpy(l, w->lines, w->nlines * sizeof *l);
    for (int i = 0; i < 2; i++)
        if (values[i] && *values[i] && !has_line(w, names[i]))
            l[w->nlines++] = (net_fetch_header){url_str_make(names[i], strlen(names[i])),
                                                url_str_make(values[i], strlen(values[i]))};
    w->lines = l;
}

int net_fetch_urlopen(arena *a, const net_fetch_request *rq, net_fetch_response *rs, py_err *err)
{
    memset(rs, 0, sizeof *rs);
    if (net_fetch_global_init() < 0)
        return py_raise(err, a, "OSError", "libcurl could not be initialised");
    net_fetch_deadline = config.max_fetch_seconds > 0 ? clock_monotonic() + config.max_fetch_seconds : 0;
    net_req r;
    if (net_req_init(a, &r, rq->url, rq->has_data, rq->data, rq->headers, rq->nheaders, rq->method, err) < 0)
        return -1;
    visits vs = {0};
    for (;;) {
        if (!url_str_eq(r.type, "http") && !url_str_eq(r.type, "https"))
            return net_fetch_url_error_u(err, a,
                                         url_str_cat(a, url_str_make("unknown url type: ", 18), r.type));
        net_wire w;
        if (net_req_wire(a, &r, config.user_agent, &w, err) < 0)
            return -1;
        add_trace(a, rq, &w);
        net_conn c = {.fd = -1};
        if (net_fetch_stopped(rq))
            return net_fetch_cancelled(err, a);
        if (net_conn_open(a, rq, &w, &c, err) < 0)
            return -1;
        net_fetch_response cur;
        memset(&cur, 0, sizeof cur);
        if (net_exchange(a, rq, &r, &w, &c, &cur, err) < 0)
            return -1;
        cur.url = net_req_full_url(a, &r);
        if (cur.status >= 200 && cur.status < 300) {
            *rs = cur;
            return 0;
        }
        url_str newurl;
        net_req next;
        if (redirect_url(a, &r, &cur, &newurl, rs, err) < 0 || redirected(a, &r, newurl, &next, err) < 0)
            return -1;
        if (!visit(a, &vs, newurl))
            return http_error(a, cur.status,
                              url_str_cat(a, url_str_make(INF_MSG, sizeof INF_MSG - 1), cur.reason), rs, err);
        r = next;
    }
}
