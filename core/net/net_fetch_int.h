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
void hd_set(arena *a, hdict *d, ustr name, ustr value);
const fetch_header *hd_get(const hdict *d, const char *name);

typedef struct pyreq {
    ustr base;     /* _full_url (no fragment) */
    ustr fragment; /* .p == NULL: none */
    ustr type;     /* scheme, lower-cased */
    ustr host;     /* unquoted; may be empty */
    ustr selector;
    hdict headers, unredirected;
    bool has_data;
    ustr data;
    ustr method; /* .p == NULL: default */
} pyreq;

/* Request(url, data, headers, method): ValueError for an unknown url type
 * (or from urlparse). */
int pyreq_init(arena *a, pyreq *r, ustr url, bool has_data, ustr data, const fetch_header *h, size_t nh,
               ustr method, py_err *err);
ustr pyreq_full_url(arena *a, const pyreq *r);
ustr pyreq_method(const pyreq *r);

/* What http.client would send: do_request_ + do_open + putrequest/putheader,
 * with their errors.  Fills the request line target, host/port to connect,
 * and the header lines in order. */
typedef struct wire {
    ustr method, target;
    ustr conn_host; /* host to resolve (brackets stripped) */
    ustr port;      /* decimal text for getaddrinfo */
    fetch_header *lines;
    size_t nlines;
    bool has_body;
    ustr body;
} wire;
int pyreq_wire(arena *a, pyreq *r, const char *user_agent, wire *w, py_err *err);

/* urllib.error.HTTPError */
int fetch_http_error(py_err *err, arena *a, int code, ustr msg);

#endif
