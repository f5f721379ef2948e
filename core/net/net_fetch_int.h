/* fetch internals shared by net_fetch.c (transport, redirects) and
 * net_request.c (urllib.request.Request and http.client's checks). */
#ifndef PYSTD_NET_FETCH_INT_H
#define PYSTD_NET_FETCH_INT_H

#include "net/net_fetch.h"
#include "base/strbuf.h"

typedef struct hdict {
    fetch_header *v;
    size_t n, cap;
} hdict;

/* dict semantics: an existing key (exact match) keeps its position */
void hd_set(arena *a, hdict *d, url_str name, url_str value);
const fetch_header *hd_get(const hdict *d, const char *name);

typedef struct pyreq {
    url_str base;     /* _full_url (no fragment) */
    url_str fragment; /* .p == NULL: none */
    url_str type;     /* scheme, lower-cased */
    url_str host;     /* unquoted; may be empty */
    url_str selector;
    hdict headers, unredirected;
    bool has_data;
    url_str data;
    url_str method; /* .p == NULL: default */
} pyreq;

/* Request(url, data, headers, method): ValueError for an unknown url type
 * (or from urlparse). */
int pyreq_init(arena *a, pyreq *r, url_str url, bool has_data, url_str data, const fetch_header *h, size_t nh,
               url_str method, py_err *err);
url_str pyreq_full_url(arena *a, const pyreq *r);
url_str pyreq_method(const pyreq *r);

/* What http.client would send: do_request_ + do_open + putrequest/putheader,
 * with their errors.  Fills the request line target, host/port to connect,
 * and the header lines in order. */
typedef struct wire {
    url_str method, target;
    url_str conn_host; /* host to resolve (brackets stripped) */
    url_str port;      /* decimal text for getaddrinfo */
    fetch_header *lines;
    size_t nlines;
    bool has_body;
    url_str body;
} wire;
int pyreq_wire(arena *a, pyreq *r, const char *user_agent, wire *w, py_err *err);

/* urllib.error.HTTPError */
int fetch_http_error(py_err *err, arena *a, int code, url_str msg);

#endif
