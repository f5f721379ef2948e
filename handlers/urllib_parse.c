/* urllib.parse: POST /v1/urllib/parse/<fn> (core/url/), on str or bytes
 * arguments ({"$bytes": "<base64>"}): bytes arguments are decoded as ASCII,
 * run through the str functions and their results encoded back, as CPython's
 * _coerce_args does; quote/unquote take raw bytes. */
#include "op.h"

#include "base/budget.h"
#include "codecs/codecs.h"
#include "py/py_repr.h"
#include "py/py_wire.h"
#include "url/url_codec.h"
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

static int ascii_codec(op_ctx *c, const pv *v, bool encode, pv **out)
{
    pv *enc = pv_cstr(c->a, "ascii"), *errs = pv_cstr(c->a, "strict");
    return encode ? codecs_encode(c->a, v, enc, errs, config.max_result_bytes, out, &c->err)
                  : codecs_decode(c->a, v, enc, errs, config.max_result_bytes, out, &c->err);
}

/* _coerce_args(*v): the first argument's kind decides; a non-empty argument
 * of the other kind is a TypeError; in bytes mode every bytes argument is
 * decoded as ASCII (strict) in place.  *bytes_mode: results go back as bytes. */
static int coerce(op_ctx *c, pv **v, size_t n, bool *bytes_mode)
{
    *bytes_mode = v[0]->kind == PV_BYTES;
    for (size_t i = 1; i < n; i++)
        if (v[i]->s.len && (v[i]->kind == PV_BYTES) != *bytes_mode)
            return py_raise(&c->err, c->a, "TypeError", "Cannot mix str and non-str arguments");
    for (size_t i = 0; *bytes_mode && i < n; i++)
        if (v[i]->kind == PV_BYTES && ascii_codec(c, v[i], false, &v[i]) < 0)
            return -1;
    return 0;
}

/* _coerce_result in bytes mode: every str inside r (a str, list or dict
 * value, but a dict's "port_error") encoded as ASCII (strict), in order. */
static int encode_result(op_ctx *c, pv **r)
{
    pv *v = *r;
    if (v->kind == PV_STR)
        return ascii_codec(c, v, true, r);
    if (v->kind == PV_LIST)
        for (size_t i = 0; i < v->l.len; i++)
            if (encode_result(c, &v->l.items[i]) < 0)
                return -1;
    if (v->kind == PV_DICT)
        for (size_t i = 0; i < v->d.len; i++)
            if (!(v->d.items[i].key->s.len == 10 && !memcmp(v->d.items[i].key->s.p, "port_error", 10)) &&
                encode_result(c, &v->d.items[i].val) < 0)
                return -1;
    return 0;
}

/* The answer: in bytes mode encoded back and in the {"$bytes"} wire form. */
static int answer(op_ctx *c, bool bytes_mode, pv *r)
{
    if (bytes_mode && encode_result(c, &r) < 0)
        return -1;
    c->result = bytes_mode ? py_wire_out(c->a, r) : r;
    return 0;
}

static int split_result(op_ctx *c, bool params)
{
    pv *v[2] = {c->argv[0], c->argv[1]};
    bool bm = false;
    if (coerce(c, v, 2, &bm) < 0)
        return -1;
    if (!bm && v[1]->kind == PV_BYTES) /* str url, b'' scheme: scheme.strip(<str>) */
        return py_raise(&c->err, c->a, "TypeError", "a bytes-like object is required, not 'str'");
    url_parts p;
    int rc = params ? url_parse(c->a, S(v[0]), S(v[1]), c->argv[2]->b, &p, &c->err)
                    : url_split(c->a, S(v[0]), S(v[1]), c->argv[2]->b, &p, &c->err);
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
        const char *msg = n.port_error;
        if (bm && !strncmp(msg, "Port could not", 14)) { /* the port's repr is a bytes repr */
            strbuf r = STRBUF_INIT;
            py_repr_bytes(&r, n.port_text.p, n.port_text.n);
            msg = arena_printf(a, "Port could not be cast to integer value as %.*s", (int)r.len,
                               r.data ? r.data : "");
            strbuf_free(&r);
        }
        pv_dict_setc(a, d, "port", pv_none());
        pv_dict_setc(a, d, "port_error", pv_cstr(a, msg));
    } else {
        pv_dict_setc(a, d, "port", n.has_port ? pv_int(a, n.port) : pv_none());
    }
    return answer(c, bm, d);
}

static int fn_urlparse(op_ctx *c)
{
    return split_result(c, true);
}
static int fn_urlsplit(op_ctx *c)
{
    return split_result(c, false);
}

/* urlunparse / urlunsplit's list: n str or bytes, coerced (*bytes_mode);
 * in str mode the path may be b'' (*bytes_path), which Python's string
 * concatenations meet below. */
static int components(op_ctx *c, size_t n, url_parts *p, bool *bytes_mode, bool *bytes_path)
{
    const pv *l = c->argv[0];
    if (l->l.len != n)
        return py_bad_request(&c->err, c->a, "argument 'components' must be a list of %zu str or bytes", n);
    pv *v[6];
    for (size_t i = 0; i < n; i++) {
        if (op_wire_bytes(c, "components", l->l.items[i], &v[i]) < 0)
            return -1;
        if (v[i]->kind != PV_STR && v[i]->kind != PV_BYTES)
            return py_bad_request(&c->err, c->a, "argument 'components' must be a list of %zu str or bytes",
                                  n);
    }
    if (coerce(c, v, n, bytes_mode) < 0)
        return -1;
    *bytes_path = v[2]->kind == PV_BYTES;
    size_t k = 0;
    p->scheme = S(v[k++]);
    p->netloc = S(v[k++]);
    p->path = S(v[k++]);
    p->params = n == 6 ? S(v[k++]) : url_str_make("", 0);
    p->query = S(v[k++]);
    p->fragment = S(v[k++]);
    return 0;
}

/* urlunsplit in str mode with the path b'': the first str + bytes is a
 * TypeError; with nothing to add, the b'' itself is the answer. */
static int unsplit_bytes_path(op_ctx *c, url_parts *p)
{
    url_parts q = *p;
    q.path = q.query = q.fragment = url_str_make("", 0);
    if (url_unsplit(c->a, &q).n)
        return py_raise(&c->err, c->a, "TypeError", "can only concatenate str (not \"bytes\") to str");
    if (p->query.n || p->fragment.n)
        return py_raise(&c->err, c->a, "TypeError", "can't concat str to bytes");
    c->result = py_wire_bytes_out(c->a, pv_bytes(c->a, "", 0));
    return 0;
}

static int fn_urlunparse(op_ctx *c)
{
    url_parts p;
    bool bm = false, bpath = false;
    if (components(c, 6, &p, &bm, &bpath) < 0)
        return -1;
    if (bpath && p.params.n) { /* "%s;%s" % (b'', params) */
        p.path = url_str_make("b''", 3);
        bpath = false;
    }
    if (bpath)
        return unsplit_bytes_path(c, &p);
    return answer(c, bm, url_str_pv(c->a, url_unparse(c->a, &p)));
}

static int fn_urlunsplit(op_ctx *c)
{
    url_parts p;
    bool bm = false, bpath = false;
    if (components(c, 5, &p, &bm, &bpath) < 0)
        return -1;
    if (bpath)
        return unsplit_bytes_path(c, &p);
    return answer(c, bm, url_str_pv(c->a, url_unsplit(c->a, &p)));
}

static int fn_urljoin(op_ctx *c)
{
    pv *v[2] = {c->argv[0], c->argv[1]};
    if (!v[0]->s.len || !v[1]->s.len) { /* `return url` / `return base`, as given */
        c->result = py_wire_out(c->a, v[0]->s.len ? v[0] : v[1]);
        return 0;
    }
    bool bm = false;
    url_str r;
    if (coerce(c, v, 2, &bm) < 0 || url_join(c->a, S(v[0]), S(v[1]), c->argv[2]->b, &r, &c->err) < 0)
        return -1;
    return answer(c, bm, url_str_pv(c->a, r));
}

static int fn_urldefrag(op_ctx *c)
{
    pv *v[1] = {c->argv[0]};
    bool bm = false;
    url_str u, f;
    if (coerce(c, v, 1, &bm) < 0 || url_defrag(c->a, S(v[0]), &u, &f, &c->err) < 0)
        return -1;
    pv *d = pv_dict(c->a, 2);
    pv_dict_setc(c->a, d, "url", url_str_pv(c->a, u));
    pv_dict_setc(c->a, d, "fragment", url_str_pv(c->a, f));
    return answer(c, bm, d);
}

/* quote_from_bytes(b, safe) as a str result, built under --max-result-bytes. */
static int quoted_bytes(op_ctx *c, const pv *b, const pv *safe, bool plus)
{
    strbuf q;
    strbuf_init_max(&q, config.max_result_bytes, "--max-result-bytes");
    url_quote_from_bytes(&q, (const unsigned char *)b->s.p, b->s.len, S(safe), plus);
    if (strbuf_overflow(&q)) {
        strbuf_free(&q);
        return budget_size_error(&c->err, c->a, "--max-result-bytes", config.max_result_bytes);
    }
    c->result = pv_str(c->a, q.data ? q.data : "", q.len);
    strbuf_free(&q);
    return 0;
}

/* quote(b, safe, encoding, errors) of bytes: no codec arguments. */
static int bytes_quote(op_ctx *c, const pv *b, const pv *safe, bool plus)
{
    for (int i = 2; i <= 3; i++)
        if (c->argv[i]->kind != PV_NONE)
            return py_raise(&c->err, c->a, "TypeError", "quote() doesn't support '%s' for bytes",
                            i == 2 ? "encoding" : "errors");
    return quoted_bytes(c, b, safe, plus);
}

static int quote_common(op_ctx *c, bool plus)
{
    if (c->argv[0]->kind == PV_BYTES)
        return bytes_quote(c, c->argv[0], c->argv[1], plus);
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

static int fn_quote_from_bytes(op_ctx *c)
{
    if (c->argv[0]->kind != PV_BYTES)
        return py_raise(&c->err, c->a, "TypeError", "quote_from_bytes() expected bytes");
    return quoted_bytes(c, c->argv[0], c->argv[1], false);
}

/* unquote_to_bytes(string): a str is taken as its UTF-8 (strict). */
static int to_bytes(op_ctx *c, const pv *s, strbuf *out)
{
    pv *b = (pv *)s;
    if (s->kind == PV_STR && codecs_encode(c->a, s, pv_cstr(c->a, "utf-8"), pv_cstr(c->a, "strict"),
                                           config.max_result_bytes, &b, &c->err) < 0)
        return -1;
    url_unquote_to_bytes(out, b->s.p, b->s.len);
    return 0;
}

static int fn_unquote_to_bytes(op_ctx *c)
{
    strbuf o = STRBUF_INIT;
    int rc = to_bytes(c, c->argv[0], &o);
    if (rc == 0)
        c->result = py_wire_bytes_out(c->a, pv_bytes(c->a, o.data ? o.data : "", o.len));
    strbuf_free(&o);
    return rc;
}

/* unquote(b, encoding, errors) of bytes: unquote_to_bytes(b).decode(encoding,
 * errors), with bytes.decode's TypeError for a None. */
static int bytes_unquote(op_ctx *c, bool plus)
{
    if (plus) /* string.replace('+', ' ') */
        return py_raise(&c->err, c->a, "TypeError", "a bytes-like object is required, not 'str'");
    for (int i = 1; i <= 2; i++)
        if (c->argv[i]->kind == PV_NONE)
            return py_raise(&c->err, c->a, "TypeError", "decode() argument '%s' must be str, not None",
                            i == 1 ? "encoding" : "errors");
    url_codec codec;
    strbuf b = STRBUF_INIT, o = STRBUF_INIT;
    int rc = to_bytes(c, c->argv[0], &b);
    if (rc == 0)
        rc = url_codec_lookup(c->a, S(c->argv[1]), &codec, &c->err);
    if (rc == 0)
        rc = url_codec_decode(c->a, &codec, (const unsigned char *)(b.data ? b.data : ""), b.len,
                              S(c->argv[2]), &o, &c->err);
    if (rc == 0)
        c->result = pv_str(c->a, o.data ? o.data : "", o.len);
    strbuf_free(&b);
    strbuf_free(&o);
    return rc;
}

static int unquote_common(op_ctx *c, bool plus)
{
    if (c->argv[0]->kind == PV_BYTES)
        return bytes_unquote(c, plus);
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

/* urlencode's bytes: {"$bytes"} keys, values and items of list values. */
static int query_bytes(op_ctx *c, pv **q)
{
    const pv *in = *q;
    size_t n = in->kind == PV_DICT ? in->d.len : in->l.len;
    pv *out = in->kind == PV_DICT ? pv_dict(c->a, n) : pv_list(c->a, n);
    for (size_t i = 0; i < n; i++) {
        pv *k = in->kind == PV_DICT ? in->d.items[i].key : in->l.items[i]->l.items[0];
        pv *v = in->kind == PV_DICT ? in->d.items[i].val : in->l.items[i]->l.items[1];
        if ((in->kind == PV_LIST && op_wire_bytes(c, "query", k, &k) < 0) ||
            op_wire_bytes(c, "query", v, &v) < 0)
            return -1;
        if (v->kind == PV_LIST) {
            pv *l = pv_list(c->a, v->l.len);
            for (size_t j = 0; j < v->l.len; j++) {
                pv *e;
                if (op_wire_bytes(c, "query", v->l.items[j], &e) < 0)
                    return -1;
                pv_list_push(c->a, l, e);
            }
            v = l;
        }
        if (in->kind == PV_DICT) {
            pv_dict_set(c->a, out, k, v);
        } else {
            pv *t = pv_tuple(c->a, 2);
            pv_list_push(c->a, t, k);
            pv_list_push(c->a, t, v);
            pv_list_push(c->a, out, t);
        }
    }
    *q = out;
    return 0;
}

static int fn_urlencode(op_ctx *c)
{
    pv *q = c->argv[0];
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
    if (query_bytes(c, &q) < 0)
        return -1;
    url_str r;
    if (url_urlencode(c->a, q, c->argv[1]->b, S(c->argv[2]), SN(c->argv[3]), SN(c->argv[4]), qv, &r,
                      &c->err) < 0)
        return -1;
    c->result = url_str_pv(c->a, r);
    return 0;
}

/* parse_qs(l)'s options; qs and separator are coerced one by one
 * (*bytes_mode: qs was bytes). */
static int qs_opts(op_ctx *c, url_query_opts *o, url_str *qs, bool *bytes_mode)
{
    pv *q[1] = {c->argv[0]}, *sep[1] = {c->argv[4]};
    bool sep_bytes;
    if (coerce(c, q, 1, bytes_mode) < 0 || coerce(c, sep, 1, &sep_bytes) < 0)
        return -1;
    *qs = S(q[0]);
    o->keep_blank_values = c->argv[1]->b;
    o->strict_parsing = c->argv[2]->b;
    o->max_num_fields = c->argv[3]->kind == PV_NONE ? NULL : c->argv[3];
    o->separator = S(sep[0]);
    o->encoding = URL_STR_NONE;
    o->errors = URL_STR_NONE;
    return 0;
}

/* parse_qsl's pairs, as [name, value] tuples (bytes mode: encoded back). */
static int qsl_pairs(op_ctx *c, pv **out, bool *bytes_mode)
{
    url_query_opts o;
    url_str qs;
    url_query_pair *p;
    size_t n;
    if (qs_opts(c, &o, &qs, bytes_mode) < 0 || url_query_parse_qsl(c->a, qs, &o, &p, &n, &c->err) < 0)
        return -1;
    pv *l = pv_list(c->a, n);
    for (size_t i = 0; i < n; i++) {
        pv *t = pv_tuple(c->a, 2);
        pv_list_push(c->a, t, p[i].name);
        pv_list_push(c->a, t, p[i].value);
        pv_list_push(c->a, l, t);
    }
    *out = l;
    return *bytes_mode ? encode_result(c, out) : 0;
}

static int fn_parse_qs(op_ctx *c)
{
    if (c->argv[0]->kind == PV_STR && c->argv[4]->kind == PV_STR) { /* the str path as it was */
        url_query_opts o;
        url_str qs;
        bool bm = false;
        if (qs_opts(c, &o, &qs, &bm) < 0)
            return -1;
        return url_query_parse_qs(c->a, qs, &o, &c->result, &c->err);
    }
    pv *pairs;
    bool bm = false;
    if (qsl_pairs(c, &pairs, &bm) < 0)
        return -1;
    if (!bm) { /* str keys: the dict of lists */
        pv *d = pv_dict(c->a, pairs->l.len);
        for (size_t i = 0; i < pairs->l.len; i++) {
            pv *k = pairs->l.items[i]->l.items[0], *l = pv_dict_get(d, k->s.p, k->s.len);
            if (!l)
                pv_dict_set(c->a, d, k, l = pv_list(c->a, 1));
            pv_list_push(c->a, l, pairs->l.items[i]->l.items[1]);
        }
        c->result = d;
        return 0;
    }
    /* bytes keys: [[key, [values...]], ...] in first-seen order (d: key -> values) */
    pv *r = pv_list(c->a, pairs->l.len), *d = pv_dict(c->a, pairs->l.len);
    for (size_t i = 0; i < pairs->l.len; i++) {
        pv *k = pairs->l.items[i]->l.items[0], *vals = pv_dict_get(d, k->s.p, k->s.len);
        if (!vals) {
            pv *e = pv_list(c->a, 2);
            pv_list_push(c->a, e, k);
            pv_list_push(c->a, e, vals = pv_list(c->a, 1));
            pv_list_push(c->a, r, e);
            pv_dict_set(c->a, d, pv_str(c->a, k->s.p, k->s.len), vals); /* ASCII: its own str */
        }
        pv_list_push(c->a, vals, pairs->l.items[i]->l.items[1]);
    }
    c->result = py_wire_out(c->a, r);
    return 0;
}

static int fn_parse_qsl(op_ctx *c)
{
    pv *l;
    bool bm = false;
    if (qsl_pairs(c, &l, &bm) < 0)
        return -1;
    c->result = bm ? py_wire_out(c->a, l) : l;
    return 0;
}

#define ITEMS_SB "{\"items\": " OP_STR_OR_BYTES_SCHEMA "}"
static const op_arg split_args[] = {
    {"urlstring", A_STRBYTES, 0, NULL, "the URL (str or bytes)", NULL},
    {"scheme", A_STRBYTES, 0, "\"\"", "default scheme (of the URL's kind, or empty)", NULL},
    {"allow_fragments", A_BOOL, 0, "true", "split off the #fragment", NULL},
    {0}};
static const op_arg comp_args[] = {{"components", A_LIST, 0, NULL,
                                    "the 6 (urlunparse) or 5 (urlunsplit) components, str or bytes",
                                    ITEMS_SB},
                                   {0}};
static const op_arg join_args[] = {{"base", A_STRBYTES, 0, NULL, "base URL", NULL},
                                   {"url", A_STRBYTES, 0, NULL, "URL to resolve against base", NULL},
                                   {"allow_fragments", A_BOOL, 0, "true", "fragments are recognised", NULL},
                                   {0}};
static const op_arg defrag_args[] = {{"url", A_STRBYTES, 0, NULL, "the URL", NULL}, {0}};
static const op_arg quote_args[] = {
    {"string", A_STRBYTES, 0, NULL, "text (or bytes) to quote", NULL},
    {"safe", A_STRBYTES, 0, "\"/\"", "characters not quoted (their ASCII ones)", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII (utf-8)", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler (strict)", NULL},
    {0}};
static const op_arg quote_plus_args[] = {
    {"string", A_STRBYTES, 0, NULL, "text (or bytes) to quote", NULL},
    {"safe", A_STRBYTES, 0, "\"\"", "characters not quoted (their ASCII ones)", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII (utf-8)", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler (strict)", NULL},
    {0}};
static const op_arg unquote_args[] = {
    {"string", A_STRBYTES, 0, NULL, "text (or bytes) with %XX escapes", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "\"utf-8\"", "codec of the escapes", NULL},
    {"errors", A_STR, ARG_NULLABLE, "\"replace\"", "codec error handler", NULL},
    {0}};
static const op_arg urlencode_args[] = {
    {"query", A_ANY, 0, NULL,
     "object, or array of [key, value]; keys, values and items of list values may be bytes", NULL},
    {"doseq", A_BOOL, 0, "false", "sequence values become separate parameters", NULL},
    {"safe", A_STRBYTES, 0, "\"\"", "characters not quoted (their ASCII ones)", NULL},
    {"encoding", A_STR, ARG_NULLABLE, "null", "codec for non-ASCII", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "codec error handler", NULL},
    {"quote_via", A_STR, 0, "\"quote_plus\"", "quote_plus or quote",
     "{\"enum\": [\"quote_plus\", \"quote\"]}"},
    {0}};
static const op_arg qfb_args[] = {
    {"bs", A_STRBYTES, 0, NULL, "the bytes to quote (a str is a TypeError)", NULL},
    {"safe", A_STRBYTES, 0, "\"/\"", "characters not quoted (their ASCII ones)", NULL},
    {0}};
static const op_arg utb_args[] = {
    {"string", A_STRBYTES, 0, NULL, "text (as its UTF-8) or bytes with %XX escapes", NULL}, {0}};
static const op_arg qs_args[] = {
    {"qs", A_STRBYTES, 0, NULL, "the query string", NULL},
    {"keep_blank_values", A_BOOL, 0, "false", "keep fields with empty values", NULL},
    {"strict_parsing", A_BOOL, 0, "false", "ValueError on malformed fields", NULL},
    {"max_num_fields", A_INT, ARG_NULLABLE, "null", "ValueError beyond this many fields", NULL},
    {"separator", A_STRBYTES, 0, "\"&\"", "field separator", NULL},
    {0}};

#define SB OP_STR_OR_BYTES_SCHEMA
#define SBN "{\"oneOf\": [{\"type\": \"string\"}, " OP_BYTES_SCHEMA ", {\"type\": \"null\"}]}"
#define SPLIT_SCHEMA(title, extra)                                                                           \
    "{\"title\": \"" title "\", \"type\": \"object\", \"description\": \"bytes fields for a bytes URL\", "   \
    "\"required\": [\"scheme\", \"netloc\", \"path\", \"query\", \"fragment\", \"username\", \"password\", " \
    "\"hostname\", \"port\"], \"properties\": {\"scheme\": " SB ", \"netloc\": " SB ", \"path\": " SB        \
    ", " extra "\"query\": " SB ", \"fragment\": " SB ", \"username\": " SBN ", \"password\": " SBN          \
    ", \"hostname\": " SBN ", \"port\": {\"type\": [\"integer\", \"null\"]}, \"port_error\": {\"type\": "    \
    "\"string\"}}}"
#define STR_SCHEMA "{\"type\": \"string\"}"
#define QS_SCHEMA                                                                                            \
    "{\"oneOf\": [{\"type\": \"object\", \"additionalProperties\": {\"type\": \"array\", \"items\": "        \
    "{\"type\": \"string\"}}}, {\"type\": \"array\", \"description\": \"for bytes qs: [key, [values]] "      \
    "pairs\", \"items\": {\"type\": \"array\", \"items\": {}}}]}"

static const op_def ops[] = {
    {"urlparse", fn_urlparse, split_args, OP_GET, "urllib.parse.urlparse(urlstring, scheme, allow_fragments)",
     SPLIT_SCHEMA("ParseResult", "\"params\": " SB ", "),
     "{\"urlstring\": \"http://u:p@example.com:8080/a;b?q=1#f\"}"},
    {"urlsplit", fn_urlsplit, split_args, OP_GET, "urllib.parse.urlsplit(urlstring, scheme, allow_fragments)",
     SPLIT_SCHEMA("SplitResult", ""), "{\"urlstring\": \"https://example.com/a/b?q=1#f\"}"},
    {"urlunparse", fn_urlunparse, comp_args, 0, "urllib.parse.urlunparse(components)", SB,
     "{\"components\": [\"http\", \"h\", \"/p\", \"a\", \"q=1\", \"f\"]}"},
    {"urlunsplit", fn_urlunsplit, comp_args, 0, "urllib.parse.urlunsplit(components)", SB,
     "{\"components\": [\"http\", \"h\", \"/p\", \"q=1\", \"f\"]}"},
    {"urljoin", fn_urljoin, join_args, OP_GET, "urllib.parse.urljoin(base, url, allow_fragments)", SB,
     "{\"base\": \"http://a/b/c/d;p?q\", \"url\": \"../g\"}"},
    {"urldefrag", fn_urldefrag, defrag_args, OP_GET, "urllib.parse.urldefrag(url)",
     "{\"type\": \"object\", \"properties\": {\"url\": " SB ", \"fragment\": " SB "}}",
     "{\"url\": \"http://a/b#frag\"}"},
    {"quote", fn_quote, quote_args, OP_GET, "urllib.parse.quote(string, safe, encoding, errors)", STR_SCHEMA,
     "{\"string\": \"a b/\\u00e9\"}"},
    {"quote_plus", fn_quote_plus, quote_plus_args, OP_GET,
     "urllib.parse.quote_plus(string, safe, encoding, errors)", STR_SCHEMA, "{\"string\": \"a b&c\"}"},
    {"quote_from_bytes", fn_quote_from_bytes, qfb_args, 0, "urllib.parse.quote_from_bytes(bs, safe)",
     STR_SCHEMA, "{\"bs\": {\"$bytes\": \"YSBi/w==\"}}"},
    {"unquote", fn_unquote, unquote_args, OP_GET, "urllib.parse.unquote(string, encoding, errors)",
     STR_SCHEMA, "{\"string\": \"a%20b%C3%A9\"}"},
    {"unquote_plus", fn_unquote_plus, unquote_args, OP_GET,
     "urllib.parse.unquote_plus(string, encoding, errors)", STR_SCHEMA, "{\"string\": \"a+b%26c\"}"},
    {"unquote_to_bytes", fn_unquote_to_bytes, utb_args, OP_GET, "urllib.parse.unquote_to_bytes(string)",
     OP_BYTES_SCHEMA, "{\"string\": \"a%20b%FF\"}"},
    {"urlencode", fn_urlencode, urlencode_args, 0,
     "urllib.parse.urlencode(query, doseq, safe, encoding, errors, quote_via)", STR_SCHEMA,
     "{\"query\": {\"a\": 1, \"b\": [\"x\", \"y\"]}, \"doseq\": true}"},
    {"parse_qs", fn_parse_qs, qs_args, OP_GET,
     "urllib.parse.parse_qs(qs, keep_blank_values, strict_parsing, max_num_fields, separator)", QS_SCHEMA,
     "{\"qs\": \"a=1&b=2&a=3\"}"},
    {"parse_qsl", fn_parse_qsl, qs_args, OP_GET,
     "urllib.parse.parse_qsl(qs, keep_blank_values, strict_parsing, max_num_fields, separator)",
     "{\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": " SB "}}",
     "{\"qs\": \"a=1&b=2&a=3\"}"},
    {0}};

const pystd_module pystd_module_urllib_parse = {
    "urllib/parse", "URL parsing and quoting (urllib.parse)", ops, NULL, NULL, NULL, NULL};
