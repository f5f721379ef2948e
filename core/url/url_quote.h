/* quote / quote_plus / unquote / unquote_plus / urlencode of urllib.parse
 * (CPython 3.11.7).  encoding/errors: an empty url_str with .p == NULL stands
 * for Python's None. */
#ifndef PYSTD_URL_QUOTE_H
#define PYSTD_URL_QUOTE_H

#include <stdbool.h>

#include "py/py_err.h"
#include "py/py_value.h"
#include "url/url_str.h"

#define URL_STR_NONE ((url_str){NULL, 0})
static inline bool url_str_is_none(url_str s)
{
    return s.p == NULL;
}

int url_quote(arena *a, url_str s, url_str safe, url_str encoding, url_str errors, bool plus, url_str *out,
              py_err *err);
/* quote_from_bytes, appended to out */
void url_quote_bytes(strbuf *out, const unsigned char *b, size_t n, url_str safe);
/* quote(b, safe) / quote_plus(b, safe) of bytes (no codec), appended to
 * out; safe may be a str or bytes (only its ASCII characters count). */
void url_quote_from_bytes(strbuf *out, const unsigned char *b, size_t n, url_str safe, bool plus);
/* unquote_to_bytes of bytes (or of a str's UTF-8), appended to out. */
void url_unquote_to_bytes(strbuf *out, const char *s, size_t n);
int url_unquote(arena *a, url_str s, url_str encoding, url_str errors, bool plus, url_str *out, py_err *err);

typedef enum { URL_QUOTE_PLUS, URL_QUOTE } url_quote_via;
/* query: a dict, or a list of 2-item lists; values as Python str() shows them,
 * bytes keys and values (and bytes items of a doseq sequence) quoted as
 * they are, without the codec. */
int url_urlencode(arena *a, const pv *query, bool doseq, url_str safe, url_str encoding, url_str errors,
                  url_quote_via via, url_str *out, py_err *err);
/* Python str(v) of a JSON-born value. */
void url_pystr(strbuf *out, const pv *v);

#endif
