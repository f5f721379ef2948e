/* urllib.request.urlopen on libcurl, as CPython 3.11's default opener does
 * it (Request parsing, headers sent, redirects, HTTPError/URLError/timeouts),
 * under the network policy (net_policy.h): only http/https; the host is
 * resolved here, every address is checked, and the socket is connected here
 * to a checked address and handed to libcurl (CURLOPT_OPENSOCKETFUNCTION +
 * CURLOPT_SOCKOPTFUNCTION), so no DNS answer can change in between; every
 * redirect hop goes through the same path. */
#ifndef PYSTD_NET_FETCH_H
#define PYSTD_NET_FETCH_H

#include <stdbool.h>

#include "py/py_err.h"
#include "url/url_str.h"

typedef struct net_fetch_header {
    url_str name, value;
} net_fetch_header;

struct net_fetch_response;

typedef struct net_fetch_request {
    url_str url;
    bool has_data;
    url_str data; /* str, sent as UTF-8 */
    const net_fetch_header *headers;
    size_t nheaders;
    url_str method; /* .p == NULL: Python's default (GET, or POST with data) */
    double timeout;
    bool (*should_stop)(void *arg); /* cancellation (jobs); may be NULL */
    void *stop_arg;
    /* Called once the final (2xx) response's headers are in, before its body
     * is read (urlretrieve checks its target there); -1 stops the transfer
     * with that error.  May be NULL. */
    int (*on_headers)(void *arg, const struct net_fetch_response *rs, py_err *err);
    void *hook_arg;
    bool allow_partial; /* a body cut short is returned (rs->partial), not IncompleteRead */
    /* W3C trace context to pass on (NULL: none): sent as traceparent /
     * tracestate on every hop, unless the caller's headers name them. */
    const char *traceparent, *tracestate;
} net_fetch_request;

typedef struct net_fetch_response {
    int status;
    url_str reason, url;
    net_fetch_header *headers;
    size_t nheaders;
    const char *body;
    size_t body_len;
    int http_error; /* when net_fetch_urlopen failed with urllib.error.HTTPError: its code */
    bool partial;   /* allow_partial: the connection closed before Content-Length bytes */
} net_fetch_response;

/* curl_global_init, once per process (idempotent). 0 or -1. */
int net_fetch_global_init(void);
int net_fetch_urlopen(arena *a, const net_fetch_request *rq, net_fetch_response *rs, py_err *err);

/* The raised error, as urllib.error builds it. */
int net_fetch_url_error(py_err *err, arena *a, const char *reason);
int net_fetch_url_error_u(py_err *err, arena *a, url_str reason);

#endif
