/* parse_qsl / parse_qs (url_query.h), and the server's reading of a GET
 * query string with them (raw bytes >= 0x80 as Latin-1 code points). */
#include "url/url_query.h"

#include <string.h>

#include "text/utf8.h"
#include "url/url_quote.h"

int url_query_parse_qsl(arena *a, url_str qs, const url_query_opts *o, url_query_pair **out, size_t *n,
                        py_err *err)
{
    url_str sep = o->separator;
    if (!sep.n)
        return py_raise(err, a, "ValueError", "Separator must be of type string or bytes.");
    size_t count = 0;
    if (qs.n) {
        count = 1;
        for (size_t i = url_str_find_str(qs, sep, 0); i != SIZE_MAX; i = url_str_find_str(qs, sep, i + sep.n))
            count++;
    }
    if (o->max_num_fields && pv_int_cmp_si(o->max_num_fields, (long)count) < 0)
        return py_raise(err, a, "ValueError", "Max number of fields exceeded");
    url_query_pair *pairs = arena_alloc(a, (count ? count : 1) * sizeof *pairs);
    size_t np = 0, start = 0;
    url_str enc = url_str_is_none(o->encoding) ? url_str_make("utf-8", 5) : o->encoding;
    url_str errs = url_str_is_none(o->errors) ? url_str_make("replace", 7) : o->errors;
    for (size_t f = 0; f < count; f++) {
        size_t end = url_str_find_str(qs, sep, start);
        if (end == SIZE_MAX)
            end = qs.n;
        url_str field = url_str_sub(qs, start, end);
        start = end + sep.n;
        if (!field.n && !o->strict_parsing)
            continue;
        size_t eq = url_str_find(field, '=', 0);
        url_str name, value;
        if (eq == SIZE_MAX) {
            if (o->strict_parsing)
                return py_raise(err, a, "ValueError", "bad query field: %s", url_str_repr_a(a, field));
            if (!o->keep_blank_values)
                continue;
            name = field;
            value = url_str_make("", 0);
        } else {
            name = url_str_sub(field, 0, eq);
            value = url_str_sub(field, eq + 1, field.n);
        }
        if (value.n || o->keep_blank_values) {
            url_str un, uv;
            if (url_unquote(a, name, enc, errs, true, &un, err) < 0 ||
                url_unquote(a, value, enc, errs, true, &uv, err) < 0)
                return -1;
            pairs[np].name = url_str_pv(a, un);
            pairs[np].value = url_str_pv(a, uv);
            np++;
        }
    }
    *out = pairs;
    *n = np;
    return 0;
}

int url_query_parse_qs(arena *a, url_str qs, const url_query_opts *o, pv **out, py_err *err)
{
    url_query_pair *pairs;
    size_t n;
    if (url_query_parse_qsl(a, qs, o, &pairs, &n, err) < 0)
        return -1;
    pv *d = pv_dict(a, n);
    for (size_t i = 0; i < n; i++) {
        pv *l = pv_dict_get(d, pairs[i].name->s.p, pairs[i].name->s.len);
        if (!l) {
            l = pv_list(a, 1);
            pv_dict_set(a, d, pairs[i].name, l);
        }
        pv_list_push(a, l, pairs[i].value);
    }
    *out = d;
    return 0;
}

/* raw bytes -> str where each byte >= 0x80 is a Latin-1 code point */
static url_str latin1_str(arena *a, const char *s, size_t n)
{
    size_t extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += (unsigned char)s[i] >= 0x80;
    if (!extra)
        return url_str_make(s, n);
    char *p = arena_alloc(a, n + extra + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put((unsigned char)s[i], p + k);
    p[k] = '\0';
    return url_str_make(p, k);
}

pv *url_query_unquote_plus(arena *a, const char *s, size_t n)
{
    url_str r;
    py_err e;
    if (url_unquote(a, latin1_str(a, s, n), URL_STR_NONE, URL_STR_NONE, true, &r, &e) < 0)
        return pv_str(a, "", 0); /* utf-8 with 'replace' cannot fail */
    return url_str_pv(a, r);
}

size_t url_query_parse(arena *a, const char *qs, size_t n, url_query_pair **out)
{
    url_query_opts o = {
        .keep_blank_values = true, .separator = {"&", 1}, .encoding = URL_STR_NONE, .errors = URL_STR_NONE};
    size_t np = 0;
    py_err e;
    if (url_query_parse_qsl(a, latin1_str(a, qs, n), &o, out, &np, &e) < 0) {
        *out = NULL;
        return 0;
    }
    return np;
}
