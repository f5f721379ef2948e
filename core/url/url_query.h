/* urllib.parse.parse_qsl / parse_qs (CPython 3.11.7), and the server's
 * reading of GET query strings with them: parse_qsl(qs, keep_blank_values=True)
 * where bytes >= 0x80 of the raw query stand for themselves as Latin-1 code
 * points (http.server decodes the request line as ISO-8859-1). */
#ifndef PYSTD_URL_QUERY_H
#define PYSTD_URL_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "py/py_err.h"
#include "py/py_value.h"
#include "url/url_str.h"

typedef struct url_query_pair {
    pv *name, *value; /* str */
} url_query_pair;

typedef struct url_query_opts {
    bool keep_blank_values;
    bool strict_parsing;
    const pv *max_num_fields; /* int, or NULL for None */
    url_str separator;
    url_str encoding, errors; /* "utf-8", "replace" by default */
} url_query_opts;

/* parse_qsl: *out is an arena array of *n pairs. */
int url_query_parse_qsl(arena *a, url_str qs, const url_query_opts *o, url_query_pair **out, size_t *n,
                        py_err *err);
/* parse_qs: a dict of lists. */
int url_query_parse_qs(arena *a, url_str qs, const url_query_opts *o, pv **out, py_err *err);

/* The server's GET query (raw bytes): returns the number of pairs. */
size_t url_query_parse(arena *a, const char *qs, size_t n, url_query_pair **out);

/* unquote_plus(s) of a Latin-1-read text (see above) into stored-str UTF-8. */
pv *url_query_unquote_plus(arena *a, const char *s, size_t n);

#endif
