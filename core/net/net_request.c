/* urllib.request.Request and http.client's request side (net_fetch_int.h):
 * the header dict, Request's URL and method rules, and the request line
 * and header lines http.client would send, with their errors. */
#include <stdio.h>
#include <string.h>

#include "net/net_fetch_int.h"
#include "text/unicode.h"
#include "text/utf8.h"
#include "url/url_codec.h"
#include "url/url_parse.h"
#include "url/url_quote.h"

void net_hdict_set(arena *a, net_hdict *d, url_str name, url_str value)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].name.n == name.n && memcmp(d->v[i].name.p, name.p, name.n) == 0) {
            d->v[i].value = value;
            return;
        }
    if (d->n == d->cap) {
        size_t nc = d->cap ? 2 * d->cap : 8;
        d->v = arena_realloc(a, d->v, d->cap * sizeof *d->v, nc * sizeof *d->v);
        d->cap = nc;
    }
    d->v[d->n].name = name;
    d->v[d->n].value = value;
    d->n++;
}

const net_fetch_header *net_hdict_get(const net_hdict *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++)
        if (url_str_eq(d->v[i].name, name))
            return &d->v[i];
    return NULL;
}

static bool has_header(const net_req *r, const char *name)
{
    return net_hdict_get(&r->headers, name) || net_hdict_get(&r->unredirected, name);
}

/* str.capitalize() */
static url_str capitalize(arena *a, url_str s)
{
    if (!s.n)
        return s;
    strbuf sb = STRBUF_INIT;
    size_t i = 0;
    uint32_t c = utf8_next(s.p, &i), m[3];
    char enc[4];
    int k = unicode_title(c, m);
    for (int j = 0; j < k; j++)
        strbuf_append(&sb, enc, (size_t)utf8_put(m[j], enc));
    url_str_lower_sb(&sb, url_str_sub(s, i, s.n));
    url_str r = url_str_dup(a, url_str_make(sb.data, sb.len));
    strbuf_free(&sb);
    return r;
}

/* str.title() for header names (ASCII letters; others left as they are) */
static url_str title(arena *a, url_str s)
{
    char *p = arena_strndup(a, s.p, s.n);
    bool prev_cased = false;
    for (size_t i = 0; i < s.n; i++) {
        char c = p[i];
        bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
        if (upper || lower) {
            if (prev_cased && upper)
                p[i] = (char)(c + 32);
            else if (!prev_cased && lower)
                p[i] = (char)(c - 32);
            prev_cased = true;
        } else {
            prev_cased = (unsigned char)c >= 0x80 && prev_cased;
        }
    }
    return url_str_make(p, s.n);
}

int net_req_init(arena *a, net_req *r, url_str url, bool has_data, url_str data, const net_fetch_header *h,
                 size_t nh, url_str method, py_err *err)
{
    memset(r, 0, sizeof *r);
    url = url_unwrap(url);
    size_t hash = url_str_rfind(url, '#');
    r->base = url;
    r->fragment = URL_STR_NONE;
    if (hash != SIZE_MAX) {
        r->base = url_str_sub(url, 0, hash);
        r->fragment = url_str_sub(url, hash + 1, url.n);
    }
    /* _splittype: '([^/:]+):(.*)' */
    size_t i = 0;
    while (i < r->base.n && r->base.p[i] != '/' && r->base.p[i] != ':')
        i++;
    if (i == 0 || i >= r->base.n || r->base.p[i] != ':')
        return py_raise(err, a, "ValueError", "unknown url type: %s",
                        url_str_repr_a(a, net_req_full_url(a, r)));
    r->type = url_str_lower(a, url_str_sub(r->base, 0, i));
    url_str rest = url_str_sub(r->base, i + 1, r->base.n);
    /* _splithost: '//([^/#?]*)(.*)' */
    r->host = URL_STR_NONE;
    r->selector = rest;
    if (rest.n >= 2 && rest.p[0] == '/' && rest.p[1] == '/') {
        size_t j = 2;
        while (j < rest.n && rest.p[j] != '/' && rest.p[j] != '#' && rest.p[j] != '?')
            j++;
        r->host = url_str_sub(rest, 2, j);
        url_str path = url_str_sub(rest, j, rest.n);
        if (path.n && path.p[0] != '/')
            path = url_str_cat(a, url_str_make("/", 1), path);
        r->selector = path;
        if (r->host.n && url_unquote(a, r->host, URL_STR_NONE, URL_STR_NONE, false, &r->host, err) < 0)
            return -1;
    }
    r->has_data = has_data;
    r->data = data;
    for (size_t k = 0; k < nh; k++)
        net_hdict_set(a, &r->headers, capitalize(a, h[k].name), h[k].value);
    /* origin_req_host = request_host(self): urlparse may raise */
    url_parts p;
    if (url_parse(a, net_req_full_url(a, r), url_str_make("", 0), true, &p, err) < 0)
        return -1;
    r->method = method.p && method.n ? method : URL_STR_NONE;
    return 0;
}

url_str net_req_full_url(arena *a, const net_req *r)
{
    if (r->fragment.p && r->fragment.n)
        return url_str_cat(a, url_str_cat(a, r->base, url_str_make("#", 1)), r->fragment);
    return r->base;
}

url_str net_req_method(const net_req *r)
{
    if (r->method.p)
        return r->method;
    return r->has_data ? url_str_make("POST", 4) : url_str_make("GET", 3);
}

static bool ctl_url(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

/* http.client.InvalidURL "URL can't contain control characters. ..." */
static int invalid_ctl(arena *a, url_str s, py_err *err, bool method)
{
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (method ? c <= 0x1f : ctl_url(c)) {
            const char *what = url_str_repr_a(a, s), *found = url_str_repr_a(a, url_str_make(s.p + i, 1));
            if (method)
                return py_raise(err, a, "ValueError",
                                "method can't contain control characters. %s (found at least %s)", what,
                                found);
            return py_raise(err, a, "http.client.InvalidURL",
                            "URL can't contain control characters. %s (found at least %s)", what, found);
        }
    }
    return 0;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* putheader: the name as ASCII, the value as Latin-1, both checked */
static int put_header(arena *a, net_wire *w, size_t *cap, url_str name, url_str value, py_err *err)
{
    static const url_codec ascii = URL_CODEC("ascii"), latin1 = URL_CODEC("latin-1");
    strbuf nb = STRBUF_INIT, vb = STRBUF_INIT;
    int rc = -1;
    if (url_codec_encode(a, &ascii, name, url_str_make("strict", 6), &nb, err) < 0)
        goto out;
    const unsigned char *n = (const unsigned char *)(nb.data ? nb.data : "");
    bool legal = nb.len > 0 && n[0] != ':' && !is_ws(n[0]);
    for (size_t i = 1; legal && i < nb.len; i++)
        legal = n[i] != ':' && n[i] != '\r' && n[i] != '\n';
    if (!legal) {
        strbuf r = STRBUF_INIT;
        url_str_bytes_repr(&r, n, nb.len);
        py_raise(err, a, "ValueError", "Invalid header name %s", r.data);
        strbuf_free(&r);
        goto out;
    }
    if (url_codec_encode(a, &latin1, value, url_str_make("strict", 6), &vb, err) < 0)
        goto out;
    const unsigned char *v = (const unsigned char *)(vb.data ? vb.data : "");
    for (size_t i = 0; i < vb.len; i++) {
        unsigned char nx = i + 1 < vb.len ? v[i + 1] : 0;
        bool bad = (v[i] == '\n' && !(i + 1 < vb.len && (nx == ' ' || nx == '\t'))) ||
                   (v[i] == '\r' && !(i + 1 < vb.len && (nx == ' ' || nx == '\t' || nx == '\n')));
        if (bad) {
            strbuf r = STRBUF_INIT;
            url_str_bytes_repr(&r, v, vb.len);
            py_raise(err, a, "ValueError", "Invalid header value %s", r.data);
            strbuf_free(&r);
            goto out;
        }
    }
    if (w->nlines == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        w->lines = arena_realloc(a, w->lines, *cap * sizeof *w->lines, nc * sizeof *w->lines);
        *cap = nc;
    }
    /* the wire bytes: kept as byte strings (Latin-1 values) */
    w->lines[w->nlines].name = url_str_dup(a, url_str_make(nb.data ? nb.data : "", nb.len));
    w->lines[w->nlines].value = url_str_dup(a, url_str_make(vb.data ? vb.data : "", vb.len));
    w->nlines++;
    rc = 0;
out:
    strbuf_free(&nb);
    strbuf_free(&vb);
    return rc;
}

static bool lower_in(const net_hdict *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++) {
        const url_str n = d->v[i].name;
        if (n.n != strlen(name))
            continue;
        bool eq = true;
        for (size_t k = 0; k < n.n && eq; k++) {
            char c = n.p[k];
            eq = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c) == name[k];
        }
        if (eq)
            return true;
    }
    return false;
}

int net_req_wire(arena *a, net_req *r, const char *user_agent, net_wire *w, py_err *err)
{
    memset(w, 0, sizeof *w);
    /* do_request_ */
    if (!r->host.p || !r->host.n)
        return net_fetch_url_error(err, a, "no host given");
    if (r->has_data) {
        if (!has_header(r, "Content-type"))
            net_hdict_set(a, &r->unredirected, url_str_make("Content-type", 12),
                          url_str_make("application/x-www-form-urlencoded", 33));
        if (!has_header(r, "Content-length") && !has_header(r, "Transfer-encoding"))
            net_hdict_set(a, &r->unredirected, url_str_make("Content-length", 14),
                          url_str_dup(a, url_str_make(arena_printf(a, "%zu", r->data.n),
                                                      strlen(arena_printf(a, "%zu", r->data.n)))));
    }
    if (!has_header(r, "Host"))
        net_hdict_set(a, &r->unredirected, url_str_make("Host", 4), r->host);
    if (!has_header(r, "User-agent"))
        net_hdict_set(a, &r->unredirected, url_str_make("User-agent", 10),
                      url_str_make(user_agent, strlen(user_agent)));
    /* do_open: HTTPConnection(host) */
    url_str host = r->host;
    size_t colon = url_str_rfind(host, ':'), br = url_str_rfind(host, ']');
    w->port = url_str_make(r->type.n == 5 ? "443" : "80", r->type.n == 5 ? 3 : 2);
    if (colon != SIZE_MAX && (br == SIZE_MAX || colon > br)) {
        url_str ps = url_str_sub(host, colon + 1, host.n);
        pv *port = url_str_int(a, ps);
        if (port) {
            strbuf sb = STRBUF_INIT;
            pv_int_write(&sb, port);
            w->port = url_str_dup(a, url_str_make(sb.data, sb.len));
            strbuf_free(&sb);
        } else if (ps.n) {
            return url_str_raise3(err, a, "http.client.InvalidURL", "nonnumeric port: '", ps, "'");
        }
        host = url_str_sub(host, 0, colon);
    }
    if (host.n >= 2 && host.p[0] == '[' && host.p[host.n - 1] == ']')
        host = url_str_sub(host, 1, host.n - 1);
    if (invalid_ctl(a, host, err, false) < 0)
        return -1;
    w->conn_host = host;
    net_hdict hd = {0};
    for (size_t i = 0; i < r->unredirected.n; i++)
        net_hdict_set(a, &hd, r->unredirected.v[i].name, r->unredirected.v[i].value);
    for (size_t i = 0; i < r->headers.n; i++)
        if (!net_hdict_get(&r->unredirected, r->headers.v[i].name.p ? arena_strndup(a, r->headers.v[i].name.p,
                                                                                    r->headers.v[i].name.n)
                                                                    : ""))
            net_hdict_set(a, &hd, r->headers.v[i].name, r->headers.v[i].value);
    net_hdict_set(a, &hd, url_str_make("Connection", 10), url_str_make("close", 5));
    net_hdict th = {0};
    for (size_t i = 0; i < hd.n; i++)
        net_hdict_set(a, &th, title(a, hd.v[i].name), hd.v[i].value);
    /* h.request -> putrequest */
    url_str method = net_req_method(r);
    if (invalid_ctl(a, method, err, true) < 0)
        return -1;
    url_str target = r->selector.n ? r->selector : url_str_make("/", 1);
    if (invalid_ctl(a, target, err, false) < 0)
        return -1;
    {
        static const url_codec ascii = URL_CODEC("ascii");
        strbuf line = STRBUF_INIT, enc = STRBUF_INIT;
        strbuf_append(&line, method.p, method.n);
        strbuf_putc(&line, ' ');
        strbuf_append(&line, target.p, target.n);
        strbuf_puts(&line, " HTTP/1.1");
        int rc = url_codec_encode(a, &ascii, url_str_make(line.data, line.len), url_str_make("strict", 6),
                                  &enc, err);
        strbuf_free(&line);
        strbuf_free(&enc);
        if (rc < 0)
            return -1;
    }
    w->method = method;
    w->target = target;
    size_t cap = 0;
    if (!lower_in(&th, "accept-encoding") &&
        put_header(a, w, &cap, url_str_make("Accept-Encoding", 15), url_str_make("identity", 8), err) < 0)
        return -1;
    if (!lower_in(&th, "content-length") && !lower_in(&th, "transfer-encoding")) {
        url_str up = url_str_lower(a, method);
        bool expects = url_str_eq(up, "patch") || url_str_eq(up, "post") || url_str_eq(up, "put");
        if (r->has_data)
            expects = true;
        if (expects) {
            char *n = arena_printf(a, "%zu", r->has_data ? r->data.n : 0);
            if (put_header(a, w, &cap, url_str_make("Content-Length", 14), url_str_make(n, strlen(n)), err) <
                0)
                return -1;
        }
    }
    for (size_t i = 0; i < th.n; i++)
        if (put_header(a, w, &cap, th.v[i].name, th.v[i].value, err) < 0)
            return -1;
    w->has_body = r->has_data;
    w->body = r->data;
    return 0;
}

int net_fetch_url_error(py_err *err, arena *a, const char *reason)
{
    return net_fetch_url_error_u(err, a, url_str_make(reason, strlen(reason)));
}

int net_fetch_url_error_u(py_err *err, arena *a, url_str reason)
{
    url_str_raise3(err, a, "urllib.error.URLError", "<urlopen error ", reason, ">");
    py_err_extra(err, a, "reason", url_str_pv(a, reason));
    return -1;
}

int net_fetch_http_error(py_err *err, arena *a, int code, url_str msg)
{
    url_str_raise3(err, a, "urllib.error.HTTPError", arena_printf(a, "HTTP Error %d: ", code), msg, "");
    py_err_extra(err, a, "code", pv_int(a, code));
    py_err_extra(err, a, "reason", url_str_pv(a, msg));
    return -1;
}
