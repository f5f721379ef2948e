/* quote / quote_plus / unquote / unquote_plus / urlencode of urllib.parse
 * (CPython 3.11.7).  encoding/errors: an empty ustr with .p == NULL stands
 * for Python's None. */
#ifndef PYSTD_URL_QUOTE_H
#define PYSTD_URL_QUOTE_H

#include <stdbool.h>

#include "py/py_err.h"
#include "url/url_str.h"
#include "py/py_value.h"

#define US_NONE ((ustr){NULL, 0})
static inline bool us_is_none(ustr s)
{
    return s.p == NULL;
}

int up_quote(arena *a, ustr s, ustr safe, ustr encoding, ustr errors, bool plus, ustr *out, py_err *err);
/* quote_from_bytes, appended to out */
void up_quote_bytes(strbuf *out, const unsigned char *b, size_t n, ustr safe);
int up_unquote(arena *a, ustr s, ustr encoding, ustr errors, bool plus, ustr *out, py_err *err);

typedef enum { QV_QUOTE_PLUS, QV_QUOTE } quote_via;
/* query: a dict, or a list of 2-item lists; values as Python str() shows them. */
int up_urlencode(arena *a, const pv *query, bool doseq, ustr safe, ustr encoding, ustr errors, quote_via via,
                 ustr *out, py_err *err);
/* Python str(v) of a JSON-born value. */
void up_pystr(strbuf *out, const pv *v);

#endif
