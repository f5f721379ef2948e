/* urllib.request: POST /v1/urllib/request/<fn> (core/net/net_fetch.c, core/net/net_policy.c). */
#include "op.h"

#include <math.h>
#include <stdio.h>

#include <string.h>
#include <strings.h>

#include "fs/fs_sandbox.h"
#include "net/net_fetch.h"
#include "net/net_policy.h"
#include "url/url_codec.h"
#include "url/url_quote.h"

static bool stop_cb(void *arg)
{
    return op_should_stop((const op_ctx *)arg);
}

static url_str S(const pv *v)
{
    return url_str_make(v->s.p, v->s.len);
}

pv *urllib_headers_pv(arena *a, const net_fetch_response *rs);
pv *urllib_headers_pv(arena *a, const net_fetch_response *rs)
{
    pv *l = pv_list(a, rs->nheaders);
    for (size_t i = 0; i < rs->nheaders; i++) {
        pv *kv = pv_list(a, 2);
        pv_list_push(a, kv, url_str_pv(a, rs->headers[i].name));
        pv_list_push(a, kv, url_str_pv(a, rs->headers[i].value));
        pv_list_push(a, l, kv);
    }
    return l;
}

static int fn_urlopen(op_ctx *c)
{
    arena *a = c->a;
    double timeout;
    const pv *t = c->argv[4];
    if (t->kind == PV_FLOAT)
        timeout = t->f;
    else if (!pv_int_to_double(t, &timeout))
        timeout = pv_int_sign(t) > 0 ? INFINITY : -INFINITY;
    if (!(timeout > 0))
        return py_bad_request(&c->err, a, "argument 'timeout' must be > 0");
    const pv *h = c->argv[2];
    for (size_t i = 0; i < h->d.len; i++)
        if (h->d.items[i].val->kind != PV_STR)
            return py_bad_request(&c->err, a, "argument 'headers' must map names to strings");
    net_fetch_request rq = {0};
    rq.url = S(c->argv[0]);
    if (c->argv[1]->kind == PV_STR) {
        /* data.encode('utf-8') */
        static const url_codec utf8 = URL_CODEC("utf-8");
        strbuf b = STRBUF_INIT;
        if (url_codec_encode(a, &utf8, S(c->argv[1]), url_str_make("strict", 6), &b, &c->err) < 0) {
            strbuf_free(&b);
            return -1;
        }
        rq.has_data = true;
        rq.data = url_str_dup(a, url_str_make(b.data ? b.data : "", b.len));
        strbuf_free(&b);
    }
    net_fetch_header *hs = arena_alloc(a, (h->d.len + 1) * sizeof *hs);
    for (size_t i = 0; i < h->d.len; i++) {
        hs[i].name = S(h->d.items[i].key);
        hs[i].value = S(h->d.items[i].val);
    }
    rq.headers = hs;
    rq.nheaders = h->d.len;
    rq.method = c->argv[3]->kind == PV_STR ? S(c->argv[3]) : URL_STR_NONE;
    rq.timeout = timeout;
    rq.should_stop = stop_cb;
    rq.stop_arg = c;
    rq.traceparent = op_traceparent(c);
    rq.tracestate = op_tracestate(c);
    net_fetch_response rs;
    if (net_fetch_urlopen(a, &rq, &rs, &c->err) < 0)
        return -1;
    pv *d = pv_dict(a, 5);
    pv_dict_setc(a, d, "status", pv_int(a, rs.status));
    pv_dict_setc(a, d, "reason", url_str_pv(a, rs.reason));
    pv_dict_setc(a, d, "url", url_str_pv(a, rs.url));
    pv_dict_setc(a, d, "headers", urllib_headers_pv(a, &rs));
    pv_dict_setc(a, d, "body", pv_bytes(a, rs.body, rs.body_len));
    c->result = d;
    return 0;
}

typedef struct retrieve {
    arena *a;
    url_str filename;
} retrieve;

/* after fp.info(): py_os.check_writable(filename), as open(filename, 'wb') would fail */
static int check_target(void *arg, const net_fetch_response *rs, py_err *err)
{
    (void)rs;
    retrieve *r = arg;
    return fs_check_writable(r->a, r->filename.p, r->filename.n, err);
}

static int fn_urlretrieve(op_ctx *c)
{
    arena *a = c->a;
    retrieve r = {a, S(c->argv[1])};
    net_fetch_request rq = {0};
    rq.url = S(c->argv[0]);
    rq.method = URL_STR_NONE;
    rq.timeout = 10;
    rq.should_stop = stop_cb;
    rq.stop_arg = c;
    rq.traceparent = op_traceparent(c);
    rq.tracestate = op_tracestate(c);
    rq.on_headers = check_target;
    rq.hook_arg = &r;
    rq.allow_partial = true; /* urlretrieve reads in blocks: a short body is ContentTooShortError */
    net_fetch_response rs;
    if (net_fetch_urlopen(a, &rq, &rs, &c->err) < 0)
        return -1;
    if (fs_write_file(a, r.filename.p, r.filename.n, rs.body, rs.body_len, false, &c->err) < 0)
        return -1;
    pv *res = pv_list(a, 2);
    pv_list_push(a, res, c->argv[1]);
    pv_list_push(a, res, urllib_headers_pv(a, &rs));
    c->result = res;
    for (size_t i = 0; i < rs.nheaders; i++) {
        url_str n = rs.headers[i].name;
        if (n.n != 14 || strncasecmp(n.p, "content-length", 14) != 0)
            continue;
        pv *size = url_str_int(a, rs.headers[i].value);
        if (!size)
            return url_str_int_error(&c->err, a, rs.headers[i].value);
        if (pv_int_sign(size) >= 0 && pv_int_cmp_si(size, (long)rs.body_len) > 0) {
            strbuf sb = STRBUF_INIT;
            pv_int_write(&sb, size);
            char *reason =
                arena_printf(a, "retrieval incomplete: got only %zu out of %s bytes", rs.body_len, sb.data);
            strbuf_free(&sb);
            net_fetch_url_error(&c->err, a, reason);
            c->err.type = "urllib.error.ContentTooShortError";
            return -1;
        }
        break;
    }
    return 0;
}

static int init(void)
{
    char msg[160];
    /* libcurl itself is loaded on the first fetch (core/net/net_curl.h). */
    if (net_policy_global_init(config.allow_net, msg, sizeof msg) < 0) {
        fprintf(stderr, "pystd: --allow-net: %s\n", msg);
        return -1;
    }
    return 0;
}

static const op_arg urlopen_args[] = {
    {"url", A_STR, 0, NULL, "http or https URL", NULL},
    {"data", A_STR, ARG_NULLABLE, "null", "request body (sent as UTF-8); makes the default method POST",
     NULL},
    {"headers", A_DICT, 0, "{}", "request headers (string values)", NULL},
    {"method", A_STR, ARG_NULLABLE, "null", "HTTP method (default GET, or POST with data)", NULL},
    {"timeout", A_NUM, 0, "10", "seconds for each connect / read (> 0)", NULL},
    {0}};

static const op_arg urlretrieve_args[] = {
    {"url", A_STR, 0, NULL, "http or https URL", NULL},
    {"filename", A_STR, 0, NULL, "where to write the body, in the file sandbox", NULL},
    {0}};

static const op_def ops[] = {
    {"urlopen", fn_urlopen, urlopen_args, OP_BLOCKING | OP_NET,
     "urllib.request.urlopen(Request(url, data, headers, method), timeout=timeout) under the network policy",
     "{\"type\": \"object\", \"properties\": {\"status\": {\"type\": \"integer\"}, \"reason\": {\"type\": "
     "\"string\"}, \"url\": {\"type\": \"string\"}, \"headers\": {\"type\": \"array\", \"items\": {\"type\": "
     "\"array\", \"items\": {\"type\": \"string\"}}}, \"body\": {\"type\": \"string\", \"contentEncoding\": "
     "\"base64\"}}}",
     "{\"url\": \"https://example.com/\"}"},
    {"urlretrieve", fn_urlretrieve, urlretrieve_args, OP_BLOCKING | OP_WRITES | OP_NET,
     "urllib.request.urlretrieve(url, filename) into the file sandbox, under the network policy",
     "{\"type\": \"array\", \"prefixItems\": [{\"type\": \"string\"}, {\"type\": \"array\"}]}",
     "{\"url\": \"https://example.com/\", \"filename\": \"/example.html\"}"},
    {0}};

const pystd_module pystd_module_urllib_request = {
    "urllib/request", "HTTP client (urllib.request) under a network policy", ops, NULL, init, NULL, NULL};
