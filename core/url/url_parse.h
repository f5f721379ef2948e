/* urllib.parse's URL splitting and joining, exactly as CPython 3.11.7 does
 * it (including its WHATWG-inspired stripping of leading C0 controls and
 * spaces, removal of tab/CR/LF, bracketed-host and NFKC netloc checks).
 * All strings are stored-str UTF-8 slices (url_str.h); results point
 * into the arena or into the inputs. */
#ifndef PYSTD_URL_PARSE_H
#define PYSTD_URL_PARSE_H

#include <stdbool.h>

#include "py/py_err.h"
#include "url/url_str.h"

typedef struct url_parts {
    url_str scheme, netloc, path, params, query, fragment; /* params: urlparse only */
} url_parts;

int url_split(arena *a, url_str url, url_str scheme, bool allow_fragments, url_parts *out, py_err *err);
int url_parse(arena *a, url_str url, url_str scheme, bool allow_fragments, url_parts *out, py_err *err);
url_str url_unsplit(arena *a, const url_parts *p);
url_str url_unparse(arena *a, const url_parts *p);
int url_join(arena *a, url_str base, url_str url, bool allow_fragments, url_str *out, py_err *err);
int url_defrag(arena *a, url_str url, url_str *defrag, url_str *frag, py_err *err);

/* The derived attributes of a SplitResult/ParseResult. */
typedef struct url_netloc {
    bool has_username, has_password, has_hostname, has_port;
    url_str username, password, hostname; /* hostname lower-cased (zone id kept) */
    long port;                            /* when has_port and !port_error */
    url_str port_text;                    /* the port's text, when has_port */
    const char *port_error;               /* str(ValueError) of .port, or NULL */
} url_netloc;
void url_netloc_parse(arena *a, url_str netloc, url_netloc *out);

/* ipaddress.ip_address(s) would accept s (str form). */
bool url_ip_address_valid(url_str s);

/* urllib.parse.unwrap(url) */
url_str url_unwrap(url_str url);

#endif
