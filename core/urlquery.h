/* Query strings as Python's urllib.parse.parse_qsl(qs, keep_blank_values=True)
 * reads them: '&'-separated, '+' is a space, %XX unquoted and decoded as
 * UTF-8 with errors='replace'.  Bytes >= 0x80 stand for themselves as
 * Latin-1 code points (http.server decodes the request line as ISO-8859-1). */
#ifndef PYSTD_URLQUERY_H
#define PYSTD_URLQUERY_H

#include <stddef.h>

#include "value.h"

typedef struct urlquery_pair {
    pv *name, *value; /* str */
} urlquery_pair;

/* Returns the number of pairs; *out is an arena array. */
size_t urlquery_parse(arena *a, const char *qs, size_t n, urlquery_pair **out);

/* unquote(s) of a Latin-1-read text (see above) into stored-str UTF-8. */
pv *urlquery_unquote_plus(arena *a, const char *s, size_t n);

#endif
