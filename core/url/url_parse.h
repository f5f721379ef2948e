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
    ustr scheme, netloc, path, params, query, fragment; /* params: urlparse only */
} url_parts;

int up_urlsplit(arena *a, ustr url, ustr scheme, bool allow_fragments, url_parts *out, py_err *err);
int up_urlparse(arena *a, ustr url, ustr scheme, bool allow_fragments, url_parts *out, py_err *err);
ustr up_urlunsplit(arena *a, const url_parts *p);
ustr up_urlunparse(arena *a, const url_parts *p);
int up_urljoin(arena *a, ustr base, ustr url, bool allow_fragments, ustr *out, py_err *err);
int up_urldefrag(arena *a, ustr url, ustr *defrag, ustr *frag, py_err *err);

/* The derived attributes of a SplitResult/ParseResult. */
typedef struct url_netloc {
    bool has_username, has_password, has_hostname, has_port;
    ustr username, password, hostname; /* hostname lower-cased (zone id kept) */
    long port;                         /* when has_port and !port_error */
    const char *port_error;            /* str(ValueError) of .port, or NULL */
} url_netloc;
void up_netloc(arena *a, ustr netloc, url_netloc *out);

/* ipaddress.ip_address(s) would accept s (str form). */
bool up_ip_address_valid(ustr s);

/* urllib.parse.unwrap(url) */
ustr up_unwrap(ustr url);

#endif
