/* URL splitting and joining (url_parse.h): urlsplit / urlparse with CPython
 * 3.11.7's stripping and netloc checks (brackets, IPv4/IPv6 literals, NFKC),
 * urlunsplit / urlunparse, urljoin, urldefrag, and the netloc attributes
 * (username, password, hostname, port). */
#include "url/url_parse.h"

#include <string.h>

#include "text/utf8.h"
#include "url/url_codec.h"

static const char *const USES_RELATIVE[] = {"",      "ftp",   "http",  "gopher",  "nntp",     "imap", "wais",
                                            "file",  "https", "shttp", "mms",     "prospero", "rtsp", "rtsps",
                                            "rtspu", "sftp",  "svn",   "svn+ssh", "ws",       "wss",  NULL};
static const char *const USES_NETLOC[] = {
    "",    "ftp",     "http",  "gopher", "nntp",     "telnet",  "imap",  "wais",  "file",
    "mms", "https",   "shttp", "snews",  "prospero", "rtsp",    "rtsps", "rtspu", "rsync",
    "svn", "svn+ssh", "sftp",  "nfs",    "git",      "git+ssh", "ws",    "wss",   NULL};
static const char *const USES_PARAMS[] = {"",      "ftp",   "hdl",  "prospero", "http",  "imap",
                                          "https", "shttp", "rtsp", "rtsps",    "rtspu", "sip",
                                          "sips",  "mms",   "sftp", "tel",      NULL};

static bool in_list(url_str s, const char *const *list)
{
    for (; *list; list++)
        if (url_str_eq(s, *list))
            return true;
    return false;
}

static bool scheme_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/* s without the bytes \t \r \n (a copy only when needed) */
static url_str remove_unsafe(arena *a, url_str s)
{
    size_t i = 0;
    while (i < s.n && s.p[i] != '\t' && s.p[i] != '\r' && s.p[i] != '\n')
        i++;
    if (i == s.n)
        return s;
    char *p = arena_alloc(a, s.n + 1);
    size_t k = 0;
    for (i = 0; i < s.n; i++)
        if (s.p[i] != '\t' && s.p[i] != '\r' && s.p[i] != '\n')
            p[k++] = s.p[i];
    p[k] = '\0';
    return url_str_make(p, k);
}

/* ------------------------------------------------------------ ipaddress */

static bool is_ascii_digits(url_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

static bool ipv4_valid(url_str s, uint32_t *out)
{
    if (!s.n || url_str_find(s, '/', 0) != SIZE_MAX)
        return false;
    uint32_t v = 0;
    size_t start = 0, parts = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != '.')
            continue;
        url_str o = url_str_sub(s, start, i);
        if (!o.n || !is_ascii_digits(o) || o.n > 3 || (o.n > 1 && o.p[0] == '0'))
            return false;
        unsigned x = 0;
        for (size_t k = 0; k < o.n; k++)
            x = x * 10 + (unsigned)(o.p[k] - '0');
        if (x > 255)
            return false;
        v = v << 8 | x;
        parts++;
        start = i + 1;
    }
    if (parts != 4)
        return false;
    if (out)
        *out = v;
    return true;
}

static bool hextet_valid(url_str h)
{
    if (!h.n || h.n > 4)
        return false;
    for (size_t i = 0; i < h.n; i++) {
        char c = h.p[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

static bool ipv6_valid(url_str s)
{
    if (url_str_find(s, '/', 0) != SIZE_MAX)
        return false;
    size_t pct = url_str_find(s, '%', 0);
    if (pct != SIZE_MAX) {
        url_str scope = url_str_sub(s, pct + 1, s.n);
        if (!scope.n || url_str_find(scope, '%', 0) != SIZE_MAX)
            return false;
        s = url_str_sub(s, 0, pct);
    }
    if (!s.n)
        return false;
    url_str parts[16];
    size_t np = 0, start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != ':')
            continue;
        if (np == 12)
            return false;
        parts[np++] = url_str_sub(s, start, i);
        start = i + 1;
    }
    if (np < 3)
        return false;
    bool v4tail = url_str_find(parts[np - 1], '.', 0) != SIZE_MAX;
    if (v4tail) {
        if (!ipv4_valid(parts[np - 1], NULL))
            return false;
        parts[np - 1] = url_str_make("0", 1);
        parts[np++] = url_str_make("0", 1);
    }
    if (np > 9)
        return false;
    size_t skip = SIZE_MAX;
    for (size_t i = 1; i + 1 < np; i++)
        if (!parts[i].n) {
            if (skip != SIZE_MAX)
                return false;
            skip = i;
        }
    size_t hi, lo;
    if (skip != SIZE_MAX) {
        hi = skip;
        lo = np - skip - 1;
        if (!parts[0].n && --hi)
            return false;
        if (!parts[np - 1].n && --lo)
            return false;
        if (8 < hi + lo + 1)
            return false;
    } else {
        if (np != 8)
            return false;
        hi = np;
        lo = 0;
    }
    for (size_t i = 0; i < hi; i++)
        if (!hextet_valid(parts[i]))
            return false;
    for (size_t i = np - lo; i < np; i++)
        if (!hextet_valid(parts[i]))
            return false;
    return true;
}

bool url_ip_address_valid(url_str s)
{
    return ipv4_valid(s, NULL) || ipv6_valid(s);
}

/* _check_bracketed_host */
static int check_bracketed(arena *a, url_str h, py_err *err)
{
    if (h.n && h.p[0] == 'v') {
        size_t i = 1;
        while (i < h.n && strchr("0123456789abcdefABCDEF", h.p[i]) && h.p[i])
            i++;
        bool ok = i > 1 && i < h.n && h.p[i] == '.' && i + 1 < h.n && url_str_find(h, '\n', i) == SIZE_MAX;
        if (!ok)
            return py_raise(err, a, "ValueError", "IPvFuture address is invalid");
        return 0;
    }
    if (ipv4_valid(h, NULL))
        return py_raise(err, a, "ValueError", "An IPv4 address cannot be in brackets");
    if (!ipv6_valid(h))
        return py_raise(err, a, "ValueError", "%s does not appear to be an IPv4 or IPv6 address",
                        url_str_repr_a(a, h));
    return 0;
}

/* _checknetloc: characters whose NFKC form holds one of '/?#@:' */
static int check_netloc(arena *a, url_str netloc, py_err *err)
{
    if (!netloc.n || url_str_isascii(netloc))
        return 0;
    size_t i = 0;
    while (i < netloc.n) {
        uint32_t c = utf8_next(netloc.p, &i);
        if (c < 0x80)
            continue;
        for (size_t k = 0; k < url_parse_nfkc_bad_n; k++)
            if (url_parse_nfkc_bad[k] == c)
                return url_str_raise3(err, a, "ValueError", "netloc '", netloc,
                                      "' contains invalid characters under NFKC normalization");
    }
    return 0;
}

int url_split(arena *a, url_str url, url_str scheme, bool allow_fragments, url_parts *out, py_err *err)
{
    size_t i = 0;
    while (i < url.n && (unsigned char)url.p[i] <= 0x20)
        i++;
    url = url_str_sub(url, i, url.n);
    i = 0;
    size_t j = scheme.n;
    while (i < j && (unsigned char)scheme.p[i] <= 0x20)
        i++;
    while (j > i && (unsigned char)scheme.p[j - 1] <= 0x20)
        j--;
    scheme = url_str_sub(scheme, i, j);
    url = remove_unsafe(a, url);
    scheme = remove_unsafe(a, scheme);

    memset(out, 0, sizeof *out);
    url_str empty = url_str_make("", 0);
    out->netloc = out->query = out->fragment = out->params = empty;
    size_t colon = url_str_find(url, ':', 0);
    if (colon != SIZE_MAX && colon > 0) {
        unsigned char c0 = (unsigned char)url.p[0];
        if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')) {
            bool ok = true;
            for (size_t k = 0; k < colon && ok; k++)
                ok = scheme_char((unsigned char)url.p[k]);
            if (ok) {
                scheme = url_str_lower(a, url_str_sub(url, 0, colon));
                url = url_str_sub(url, colon + 1, url.n);
            }
        }
    }
    out->scheme = scheme;
    if (url.n >= 2 && url.p[0] == '/' && url.p[1] == '/') {
        size_t delim = url.n;
        for (size_t k = 2; k < url.n; k++)
            if (url.p[k] == '/' || url.p[k] == '?' || url.p[k] == '#') {
                delim = k;
                break;
            }
        url_str netloc = url_str_sub(url, 2, delim);
        url = url_str_sub(url, delim, url.n);
        bool ob = url_str_find(netloc, '[', 0) != SIZE_MAX, cb = url_str_find(netloc, ']', 0) != SIZE_MAX;
        if (ob != cb)
            return py_raise(err, a, "ValueError", "Invalid IPv6 URL");
        if (ob && cb) {
            size_t o = url_str_find(netloc, '[', 0);
            url_str after = url_str_sub(netloc, o + 1, netloc.n);
            size_t c = url_str_find(after, ']', 0);
            url_str host = c == SIZE_MAX ? after : url_str_sub(after, 0, c);
            if (check_bracketed(a, host, err) < 0)
                return -1;
        }
        out->netloc = netloc;
    }
    if (allow_fragments) {
        size_t h = url_str_find(url, '#', 0);
        if (h != SIZE_MAX) {
            out->fragment = url_str_sub(url, h + 1, url.n);
            url = url_str_sub(url, 0, h);
        }
    }
    size_t q = url_str_find(url, '?', 0);
    if (q != SIZE_MAX) {
        out->query = url_str_sub(url, q + 1, url.n);
        url = url_str_sub(url, 0, q);
    }
    if (check_netloc(a, out->netloc, err) < 0)
        return -1;
    out->path = url;
    return 0;
}

int url_parse(arena *a, url_str url, url_str scheme, bool allow_fragments, url_parts *out, py_err *err)
{
    if (url_split(a, url, scheme, allow_fragments, out, err) < 0)
        return -1;
    url_str path = out->path;
    if (in_list(out->scheme, USES_PARAMS) && url_str_find(path, ';', 0) != SIZE_MAX) {
        size_t k;
        size_t slash = url_str_rfind(path, '/');
        if (slash != SIZE_MAX) {
            k = url_str_find(path, ';', slash);
            if (k == SIZE_MAX)
                return 0;
        } else {
            k = url_str_find(path, ';', 0);
        }
        out->params = url_str_sub(path, k + 1, path.n);
        out->path = url_str_sub(path, 0, k);
    }
    return 0;
}

url_str url_unsplit(arena *a, const url_parts *p)
{
    strbuf sb = STRBUF_INIT;
    url_str url = p->path;
    bool dslash = url.n >= 2 && url.p[0] == '/' && url.p[1] == '/';
    if (p->netloc.n || (p->scheme.n && in_list(p->scheme, USES_NETLOC) && !dslash)) {
        strbuf_append(&sb, "//", 2);
        strbuf_append(&sb, p->netloc.p, p->netloc.n);
        if (url.n && url.p[0] != '/')
            strbuf_putc(&sb, '/');
    }
    strbuf_append(&sb, url.p, url.n);
    strbuf full = STRBUF_INIT;
    if (p->scheme.n) {
        strbuf_append(&full, p->scheme.p, p->scheme.n);
        strbuf_putc(&full, ':');
    }
    strbuf_append(&full, sb.data ? sb.data : "", sb.len);
    if (p->query.n) {
        strbuf_putc(&full, '?');
        strbuf_append(&full, p->query.p, p->query.n);
    }
    if (p->fragment.n) {
        strbuf_putc(&full, '#');
        strbuf_append(&full, p->fragment.p, p->fragment.n);
    }
    url_str r = url_str_dup(a, url_str_make(full.data ? full.data : "", full.len));
    strbuf_free(&sb);
    strbuf_free(&full);
    return r;
}

url_str url_unparse(arena *a, const url_parts *p)
{
    url_parts q = *p;
    if (p->params.n)
        q.path = url_str_cat(a, url_str_cat(a, p->path, url_str_make(";", 1)), p->params);
    return url_unsplit(a, &q);
}

typedef struct seglist {
    url_str *v;
    size_t n, cap;
} seglist;

static void seg_push(arena *a, seglist *l, url_str s)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 16;
        l->v = arena_realloc(a, l->v, l->cap * sizeof(url_str), nc * sizeof(url_str));
        l->cap = nc;
    }
    l->v[l->n++] = s;
}

static void split_slash(arena *a, url_str s, seglist *l)
{
    size_t start = 0;
    for (size_t i = 0; i <= s.n; i++)
        if (i == s.n || s.p[i] == '/') {
            seg_push(a, l, url_str_sub(s, start, i));
            start = i + 1;
        }
}

int url_join(arena *a, url_str base, url_str url, bool allow_fragments, url_str *out, py_err *err)
{
    if (!base.n) {
        *out = url;
        return 0;
    }
    if (!url.n) {
        *out = base;
        return 0;
    }
    url_parts b, u;
    if (url_parse(a, base, url_str_make("", 0), allow_fragments, &b, err) < 0)
        return -1;
    if (url_parse(a, url, b.scheme, allow_fragments, &u, err) < 0)
        return -1;
    if (!url_str_eq(u.scheme, "") || !url_str_eq(b.scheme, "")) {
        if (u.scheme.n != b.scheme.n || memcmp(u.scheme.p, b.scheme.p, u.scheme.n) != 0 ||
            !in_list(u.scheme, USES_RELATIVE)) {
            *out = url;
            return 0;
        }
    }
    if (in_list(u.scheme, USES_NETLOC)) {
        if (u.netloc.n) {
            *out = url_unparse(a, &u);
            return 0;
        }
        u.netloc = b.netloc;
    }
    if (!u.path.n && !u.params.n) {
        u.path = b.path;
        u.params = b.params;
        if (!u.query.n)
            u.query = b.query;
        *out = url_unparse(a, &u);
        return 0;
    }
    seglist base_parts = {0}, segs = {0};
    split_slash(a, b.path, &base_parts);
    if (base_parts.n && base_parts.v[base_parts.n - 1].n != 0)
        base_parts.n--;
    if (u.path.n && u.path.p[0] == '/') {
        split_slash(a, u.path, &segs);
    } else {
        seglist rel = {0};
        split_slash(a, u.path, &rel);
        for (size_t i = 0; i < base_parts.n; i++)
            seg_push(a, &segs, base_parts.v[i]);
        for (size_t i = 0; i < rel.n; i++)
            seg_push(a, &segs, rel.v[i]);
        /* segments[1:-1] = filter(None, segments[1:-1]) */
        if (segs.n > 2) {
            size_t k = 1;
            for (size_t i = 1; i + 1 < segs.n; i++)
                if (segs.v[i].n)
                    segs.v[k++] = segs.v[i];
            segs.v[k++] = segs.v[segs.n - 1];
            segs.n = k;
        }
    }
    seglist res = {0};
    for (size_t i = 0; i < segs.n; i++) {
        url_str s = segs.v[i];
        if (url_str_eq(s, "..")) {
            if (res.n)
                res.n--;
        } else if (url_str_eq(s, ".")) {
            continue;
        } else {
            seg_push(a, &res, s);
        }
    }
    url_str last = segs.n ? segs.v[segs.n - 1] : url_str_make("", 0);
    if (url_str_eq(last, ".") || url_str_eq(last, ".."))
        seg_push(a, &res, url_str_make("", 0));
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < res.n; i++) {
        if (i)
            strbuf_putc(&sb, '/');
        strbuf_append(&sb, res.v[i].p, res.v[i].n);
    }
    if (!sb.len)
        strbuf_putc(&sb, '/');
    u.path = url_str_dup(a, url_str_make(sb.data, sb.len));
    strbuf_free(&sb);
    *out = url_unparse(a, &u);
    return 0;
}

int url_defrag(arena *a, url_str url, url_str *defrag, url_str *frag, py_err *err)
{
    if (url_str_find(url, '#', 0) == SIZE_MAX) {
        *defrag = url;
        *frag = url_str_make("", 0);
        return 0;
    }
    url_parts p;
    if (url_parse(a, url, url_str_make("", 0), true, &p, err) < 0)
        return -1;
    *frag = p.fragment;
    p.fragment = url_str_make("", 0);
    *defrag = url_unparse(a, &p);
    return 0;
}

void url_netloc_parse(arena *a, url_str netloc, url_netloc *o)
{
    memset(o, 0, sizeof *o);
    size_t at = url_str_rfind(netloc, '@');
    url_str hostinfo = netloc;
    if (at != SIZE_MAX) {
        url_str userinfo = url_str_sub(netloc, 0, at);
        hostinfo = url_str_sub(netloc, at + 1, netloc.n);
        size_t c = url_str_find(userinfo, ':', 0);
        o->has_username = true;
        if (c != SIZE_MAX) {
            o->username = url_str_sub(userinfo, 0, c);
            o->password = url_str_sub(userinfo, c + 1, userinfo.n);
            o->has_password = true;
        } else {
            o->username = userinfo;
        }
    }
    url_str hostname, port;
    size_t ob = url_str_find(hostinfo, '[', 0);
    if (ob != SIZE_MAX) {
        url_str br = url_str_sub(hostinfo, ob + 1, hostinfo.n);
        size_t cb = url_str_find(br, ']', 0);
        if (cb == SIZE_MAX) {
            hostname = br;
            port = url_str_make("", 0);
        } else {
            hostname = url_str_sub(br, 0, cb);
            url_str rest = url_str_sub(br, cb + 1, br.n);
            size_t c = url_str_find(rest, ':', 0);
            port = c == SIZE_MAX ? url_str_make("", 0) : url_str_sub(rest, c + 1, rest.n);
        }
    } else {
        size_t c = url_str_find(hostinfo, ':', 0);
        hostname = c == SIZE_MAX ? hostinfo : url_str_sub(hostinfo, 0, c);
        port = c == SIZE_MAX ? url_str_make("", 0) : url_str_sub(hostinfo, c + 1, hostinfo.n);
    }
    if (hostname.n) {
        o->has_hostname = true;
        size_t pct = url_str_find(hostname, '%', 0);
        if (pct == SIZE_MAX)
            o->hostname = url_str_lower(a, hostname);
        else
            o->hostname = url_str_cat(a, url_str_lower(a, url_str_sub(hostname, 0, pct)),
                                      url_str_sub(hostname, pct, hostname.n));
    }
    if (port.n) {
        o->has_port = true;
        o->port_text = port;
        if (!(url_str_isdigit(port) && url_str_isascii(port))) {
            o->port_error =
                arena_printf(a, "Port could not be cast to integer value as %s", url_str_repr_a(a, port));
            return;
        }
        long v = 0;
        for (size_t i = 0; i < port.n; i++) {
            v = v * 10 + (port.p[i] - '0');
            if (v > 65535) {
                o->port_error = "Port out of range 0-65535";
                return;
            }
        }
        o->port = v;
    }
}

url_str url_unwrap(url_str url)
{
    url = url_str_strip(url);
    if (url.n >= 1 && url.p[0] == '<' && url.p[url.n - 1] == '>')
        url = url_str_strip(url_str_sub(url, 1, url.n - 1));
    if (url.n >= 4 && memcmp(url.p, "URL:", 4) == 0)
        url = url_str_strip(url_str_sub(url, 4, url.n));
    return url;
}
