/* urllib.parse: POST /v1/urllib/parse/<fn> (core/url/). */
#include "op.h"

#include "url/url_parse.h"
#include "url/url_query.h"
#include "url/url_quote.h"

static url_str S(const pv *v)
{
    return url_str_make(v->s.p, v->s.len);
}
static url_str SN(const pv *v)
{
    return v->kind == PV_NONE ? URL_STR_NONE : S(v);
}
static pv *opt_str(arena *a, bool has, url_str s)
{
    return has ? url_str_pv(a, s) : pv_none();
}

static int split_result(op_ctx *c, bool params)
{
    url_parts p;
    int rc = params ? url_parse(c->a, S(c->argv[0]), S(c->argv[1]), c->argv[2]->b, &p, &c->err)
                    : url_split(c->a, S(c->argv[0]), S(c->argv[1]), c->argv[2]->b, &p, &c->err);
    if (rc < 0)
        return -1;
    arena *a = c->a;
    pv *d = pv_dict(a, 12);
    pv_dict_setc(a, d, "scheme", url_str_pv(a, p.scheme));
    pv_dict_setc(a, d, "netloc", url_str_pv(a, p.netloc));
    pv_dict_setc(a, d, "path", url_str_pv(a, p.path));
    if (params)
        pv_dict_setc(a, d, "params", url_str_pv(a, p.params));
    pv_dict_setc(a, d, "query", url_str_pv(a, p.query));
    pv_dict_setc(a, d, "fragment", url_str_pv(a, p.fragment));
    url_netloc n;
    url_netloc_parse(a, p.netloc, &n);
    pv_dict_setc(a, d, "username", opt_str(a, n.has_username, n.username));
    pv_dict_setc(a, d, "password", opt_str(a, n.has_password, n.password));
    pv_dict_setc(a, d, "hostname", opt_str(a, n.has_hostname, n.hostname));
    if (n.port_error) {
        pv_dict_setc(a, d, "port", pv_none());
        pv_dict_setc(a, d, "port_error", pv_cstr(a, n.port_error));
    } else {
        pv_dict_setc(a, d, "port", n.has_port ? pv_int(a, n.port) : pv_none());
    }
    c->result = d;
    return 0;
}

static int fn_urlparse(op_ctx *c)
{
    return split_result(c, true);
}
static int fn_urlsplit(op_ctx *c)
{
    return split_result(c, false);
}

static int components(op_ctx *c, size_t n, url_parts *p)
{
    const pv *l = c->argv[0];
    bool ok = l->l.len == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = l->l.items[i]->kind == PV_STR;
    if (!ok)
        return py_bad_request(&c->err, c->a, "argument 'components' must be a list of %zu strings", n);
    size_t k = 0;
    p->scheme = S(l->l.items[k++]);
    p->netloc = S(l->l.items[k++]);
    p->path = S(l->l.items[k++]);
    p->params = n == 6 ? S(l->l.items[k++]) : url_str_make("", 0);
    p->query = S(l->l.items[k++]);
    p->fragment = S(l->l.items[k++]);
    return 0;
}

static int fn_urlunparse(op_ctx *c)
{
    url_parts p;
    if (components(c, 6, &p) < 0)
        return -1;
    c->result = url_str_pv(c->a, url_unparse(c->a, &p));
    return 0;
}

static int fn_urlunsplit(op_ctx *c)
{
    url_parts p;
    if (components(c, 5, &p) < 0)
        return -1;
    c->result = url_str_pv(c->a, url_unsplit(c->a, &p));
    return 0;
}

static int fn_urljoin(op_ctx *c)
{
    url_str r;
    if (url_join(c->a, S(c->argv[0]), S(c->argv[1]), c->argv[2]->b, &r, &c->err) < 0)
        return -1;
    c->result = url_str_pv(c->a, r);
    return 0;
}

static int fn_urldefrag(op_ctx *c)
{
    url_str u, f;
    if (url_defrag(c->a, S(c->argv[0]), &u, &f, &c->err) < 0)
        return -1;
    pv *d = pv_dict(c->a, 2);
    pv_dict_setc(c->a, d, "url", url_str_pv(c->a, u));
    pv_dict_setc(c->a, d, "fragment", url_str_pv(c->a, f));
    c->result = d;
    return 0;
}

static int quote_common(op_ctx *c, bool plus)
{
    url_str r;
    if (url_quote(c->a, S(c->argv[0]), S(c->argv[1]), SN(c->argv[2]), SN(c->argv[3]), plus, &r, &c->err) < 0)
        return -1;
    c->result = url_str_pv(c->a, r);
    return 0;
}
static int fn_quote(op_ctx *c)
{
    return quote_common(c, false);
}
static int fn_quote_plus(op_ctx *c)
{
    return quote_common(c, true);
}

static int unquote_common(op_ctx *c, bool plus)
{
    url_str r;
    if (url_unquote(c->a, S(c->argv[0]), SN(c->argv[1]), SN(c->argv[2]), plus, &r, &c->err) < 0)
        return -1;
    c->result = url_str_pv(c->a, r);
    return 0;
}
static int fn_unquote(op_ctx *c)
{
    return unquote_common(c, false);
}
static int fn_unquote_plus(op_ctx *c)
{
    return unquote_common(c, true);
}

static int fn_urlencode(op_ctx *c)
{
    const pv *q = c->argv[0];
    bool ok = q->kind == PV_DICT || q->kind == PV_LIST;
    if (q->kind == PV_LIST)
        for (size_t i = 0; ok && i < q->l.len; i++)
            ok = q->l.items[i]->kind == PV_LIST && q->l.items[i]->l.len == 2;
    if (!ok)
        return py_bad_request(&c->err, c->a,
                              "argument 'query' must be an object or a list of [key, value] pairs");
    url_str via = S(c->argv[5]);
    url_quote_via qv;
    if (url_str_eq(via, "quote_plus"))
        qv = URL_QUOTE_PLUS;
    else if (url_str_eq(via, "quote"))
        qv = URL_QUOTE;
    else
        return py_bad_request(&c->err, c->a, "argument 'quote_via' must be 'quote_plus' or 'quote'");
    url_str r;
    if (url_urlencode(c->a, q, c->argv[1]->b, S(c->argv[2]), SN(c->argv[3]), SN(c->argv[4]), qv, &r,
                      &c->err) < 0)
        return -1;
    c->result = url_str_pv(c->a, r);
    return 0;
}

static void qs_opts(op_ctx *c, url_query_opts *o)
{
    o->keep_blank_values = c->argv[1]->b;
    o->strict_parsing = c->argv[2]->b;
    o->max_num_fields = c->argv[3]->kind == PV_NONE ? NULL : c->argv[3];
    o->separator = S(c->argv[4]);
    o->encoding = URL_STR_NONE;
    o->errors = URL_STR_NONE;
}

static int fn_parse_qs(op_ctx *c)
{
    url_query_opts o;
    qs_opts(c, &o);
    return url_query_parse_qs(c->a, S(c->argv[0]), &o, &c->result, &c->err);
}

static int fn_parse_qsl(op_ctx *c)
{
    url_query_opts o;
    qs_opts(c, &o);
    url_query_pair *p;
    size_t n;
    if (url_query_parse_qsl(c->a, S(c->argv[0]), &o, &p, &n, &c->err) < 0)
        return -1;
    pv *l = pv_list(c->a, n);
    for (size_t i = 0; i < n; i++) {
        pv *t = pv_tuple(c->a, 2);
        pv_list_push(c->a, t, p[i].name);
        pv_list_push(c->a, t, p[i].value);
        pv_list_push(c->a, l, t);
    }
    c->result = l;
    return 0;
}

static const op_arg split_args[] = {{"urlstring", A_STR, 0, NULL, "the URL", NULL},
                                    {"scheme", A_STR, 0, "\"\"", "default scheme", NULL},
                                    {"allow_fragments", A_BOOL, 0, "true", "split off the #fragment", NULL},
                                    {0}};
static const op_arg comp_args[] = {
    {"components", A_LIST, 0, NULL, "the 6 (urlunparse) or 5 (urlunsplit) strings", NULL}, {0}};
static const op_arg join_args[] = {{"base", A_STR, 0, NULL, "base URL", NULL},
                                   {"url", A_STR, 0, NULL, "URL to resolve against base", NULL},
                                   {"allow_fragments", A_BOOL, 0, "true", "fragments are recognised", NULL},
                                   {0}};
static const op_arg defrag_args[] = {{"url", A_STR, 0, NULL, "the URL", NULL}, {0}};
static const op_arg quote_args[] = {
    {"string", A_STR, 0, NULL, "text to quote", NULL},
    {"safe", A_STR, 0, "\"/\"", "characters not quoted", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII (utf-8)", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler (strict)", NULL},
    {0}};
static const op_arg quote_plus_args[] = {
    {"string", A_STR, 0, NULL, "text to quote", NULL},
    {"safe", A_STR, 0, "\"\"", "characters not quoted", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII (utf-8)", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler (strict)", NULL},
    {0}};
static const op_arg unquote_args[] = {
    {"string", A_STR, 0, NULL, "text with %XX escapes", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "\"utf-8\"", "codec of the escapes", NULL},
    {"errors", A_STR, ARG_NULLABLE, "\"replace\"", "codec error handler", NULL},
    {0}};
static const op_arg urlencode_args[] = {
    {"query", A_ANY, 0, NULL, "object, or array of [key, value]", NULL},
    {"doseq", A_BOOL, 0, "false", "sequence values become separate parameters", NULL},
    {"safe", A_STR, 0, "\"\"", "characters not quoted", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler", NULL},
    {"quote_via", A_STR, 0, "\"quote_plus\"", "quote_plus or quote",
     "{\"enum\": [\"quote_plus\", \"quote\"]}"},
    {0}};
static const op_arg qs_args[] = {
    {"qs", A_STR, 0, NULL, "the query string", NULL},
    {"keep_blank_values", A_BOOL, 0, "false", "keep fields with empty values", NULL},
    {"strict_parsing", A_BOOL, 0, "false", "ValueError on malformed fields", NULL},
    {"max_num_fields", A_INT, ARG_NULLABLE, "null", "ValueError beyond this many fields", NULL},
    {"separator", A_STR, 0, "\"&\"", "field separator", NULL},
    {0}};

#define SPLIT_SCHEMA(title, extra)                                                                           \
    "{\"title\": \"" title "\", \"type\": \"object\", \"required\": [\"scheme\", \"netloc\", \"path\", \"query\", "  \
    "\"fragment\", \"username\", \"password\", \"hostname\", \"port\"], "                                    \
    "\"properties\": {\"scheme\": {\"type\": \"string\"}, \"netloc\": {\"type\": "                          \
    "\"string\"}, \"path\": {\"type\": \"string\"}, " extra                                                  \
    "\"query\": {\"type\": \"string\"}, \"fragment\": "                                                      \
    "{\"type\": \"string\"}, \"username\": {\"type\": [\"string\", \"null\"]}, \"password\": {\"type\": "    \
    "[\"string\", \"null\"]}, \"hostname\": {\"type\": [\"string\", \"null\"]}, \"port\": {\"type\": "       \
    "[\"integer\", \"null\"]}, \"port_error\": {\"type\": \"string\"}}}"
#define STR_SCHEMA "{\"type\": \"string\"}"

static const op_def ops[] = {
    {"urlparse", fn_urlparse, split_args, OP_GET, "urllib.parse.urlparse(urlstring, scheme, allow_fragments)",
     SPLIT_SCHEMA("ParseResult", "\"params\": {\"type\": \"string\"}, "),
     "{\"urlstring\": \"http://u:p@example.com:8080/a;b?q=1#f\"}"},
    {"urlsplit", fn_urlsplit, split_args, OP_GET, "urllib.parse.urlsplit(urlstring, scheme, allow_fragments)",
     SPLIT_SCHEMA("SplitResult", ""), "{\"urlstring\": \"https://example.com/a/b?q=1#f\"}"},
    {"urlunparse", fn_urlunparse, comp_args, 0, "urllib.parse.urlunparse(components)", STR_SCHEMA,
     "{\"components\": [\"http\", \"h\", \"/p\", \"a\", \"q=1\", \"f\"]}"},
    {"urlunsplit", fn_urlunsplit, comp_args, 0, "urllib.parse.urlunsplit(components)", STR_SCHEMA,
     "{\"components\": [\"http\", \"h\", \"/p\", \"q=1\", \"f\"]}"},
    {"urljoin", fn_urljoin, join_args, OP_GET, "urllib.parse.urljoin(base, url, allow_fragments)", STR_SCHEMA,
     "{\"base\": \"http://a/b/c/d;p?q\", \"url\": \"../g\"}"},
    {"urldefrag", fn_urldefrag, defrag_args, OP_GET, "urllib.parse.urldefrag(url)",
     "{\"type\": \"object\", \"properties\": {\"url\": {\"type\": \"string\"}, \"fragment\": {\"type\": "
     "\"string\"}}}",
     "{\"url\": \"http://a/b#frag\"}"},
    {"quote", fn_quote, quote_args, OP_GET, "urllib.parse.quote(string, safe, encoding, errors)", STR_SCHEMA,
     "{\"string\": \"a b/\\u00e9\"}"},
    {"quote_plus", fn_quote_plus, quote_plus_args, OP_GET,
     "urllib.parse.quote_plus(string, safe, encoding, errors)", STR_SCHEMA, "{\"string\": \"a b&c\"}"},
    {"unquote", fn_unquote, unquote_args, OP_GET, "urllib.parse.unquote(string, encoding, errors)",
     STR_SCHEMA, "{\"string\": \"a%20b%C3%A9\"}"},
    {"unquote_plus", fn_unquote_plus, unquote_args, OP_GET,
     "urllib.parse.unquote_plus(string, encoding, errors)", STR_SCHEMA, "{\"string\": \"a+b%26c\"}"},
    {"urlencode", fn_urlencode, urlencode_args, 0,
     "urllib.parse.urlencode(query, doseq, safe, encoding, errors, quote_via)", STR_SCHEMA,
     "{\"query\": {\"a\": 1, \"b\": [\"x\", \"y\"]}, \"doseq\": true}"},
    {"parse_qs", fn_parse_qs, qs_args, OP_GET,
     "urllib.parse.parse_qs(qs, keep_blank_values, strict_parsing, max_num_fields, separator)",
     "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"array\", \"items\": {\"type\": "
     "\"string\"}}}",
     "{\"qs\": \"a=1&b=2&a=3\"}"},
    {"parse_qsl", fn_parse_qsl, qs_args, OP_GET,
     "urllib.parse.parse_qsl(qs, keep_blank_values, strict_parsing, max_num_fields, separator)",
     "{\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}",
     "{\"qs\": \"a=1&b=2&a=3\"}"},
    {0}};

const pystd_module pystd_module_urllib_parse = {
    "urllib/parse", "URL parsing and quoting (urllib.parse)", ops, NULL, NULL, NULL, NULL};
