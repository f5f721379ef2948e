/* fetch internals shared by net_fetch.c (transport, redirects) and
 * net_request.c (urllib.request.Request and http.client's checks). */
#ifndef PYSTD_NET_FETCH_INT_H
#define PYSTD_NET_FETCH_INT_H

#include "base/strbuf.h"
#include "net/net_fetch.h"

typedef struct net_hdict {
    net_fetch_header *v;
    size_t n, cap;
} net_hdict;

/* dict semantics: an existing key (exact match) keeps its position */
void net_hdict_set(arena *a, net_hdict *d, url_str name, url_str value);
const net_fetch_header *net_hdict_get(const net_hdict *d, const char *name);

typedef struct net_req {
    url_str base;     /* _full_url (no fragment) */
    url_str fragment; /* .p == NULL: none */
    url_str type;     /* scheme, lower-cased */
    url_str host;     /* unquoted; may be empty */
    url_str selector;
    net_hdict headers, unredirected;
    bool has_data;
    url_str data;
    url_str method; /* .p == NULL: default */
} net_req;

/* Request(url, data, headers, method): ValueError for an unknown url type
 * (or from urlparse). */
int net_req_init(arena *a, net_req *r, url_str url, bool has_data, url_str data, const net_fetch_header *h,
                 size_t nh, url_str method, py_err *err);
url_str net_req_full_url(arena *a, const net_req *r);
url_str net_req_method(const net_req *r);

/* What http.client would send: do_request_ + do_open + putrequest/putheader,
 * with their errors.  Fills the request line target, host/port to connect,
 * and the header lines in order. */
typedef struct net_wire {
    url_str method, target;
    url_str conn_host; /* host to resolve (brackets stripped) */
    url_str port;      /* decimal text for getaddrinfo */
    net_fetch_header *lines;
    size_t nlines;
    bool has_body;
    url_str body;
} net_wire;
int net_req_wire(arena *a, net_req *r, const char *user_agent, net_wire *w, py_err *err);

/* urllib.error.HTTPError */
int net_fetch_http_error(py_err *err, arena *a, int code, url_str msg);

#endif
