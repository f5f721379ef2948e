/* urlopen's internals, shared by its parts:
 *
 *   net_fetch.c     the opener: hops, redirects, the call's limits
 *   net_request.c   urllib.request.Request and what http.client would send
 *   net_connect.c   the connection under the network policy
 *   net_exchange.c  one request and its answer on libcurl
 *   net_response.c  the answer's status line and headers as http.client reads them */
#ifndef PYSTD_NET_FETCH_INT_H
#define PYSTD_NET_FETCH_INT_H

#include <stdbool.h>
#include <sys/socket.h>

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

/* --- net_fetch.c: the limits of the current urlopen on this thread */

/* Past config.max_fetch_seconds, or the caller asked to stop (rq->should_stop). */
bool net_fetch_stopped(const net_fetch_request *rq);
/* The TimeoutError of a stopped call ("timed out", or "operation cancelled"). */
int net_fetch_cancelled(py_err *err, arena *a);
/* URLError of an errno ("timed out" for ETIMEDOUT, else "[Errno n] text"). */
int net_fetch_os_error(py_err *err, arena *a, int e);

/* --- net_connect.c */

typedef struct net_conn {
    int fd; /* connected, non-blocking; -1: none */
    struct sockaddr_storage peer;
    socklen_t peer_len;
    bool handed; /* given to libcurl, which closes it */
} net_conn;

/* pyref's _policy_create_connection: resolve w->conn_host, skip the
 * addresses the policy refuses, connect to the first that answers (each
 * attempt bounded by rq->timeout).  URLError as urllib words it. */
int net_conn_open(arena *a, const net_fetch_request *rq, const net_wire *w, net_conn *c, py_err *err);

/* --- net_exchange.c */

/* One request on c (closed afterwards): 0 with rs filled (status, reason,
 * headers, body), or -1 with http.client's / urllib's exception. */
int net_exchange(arena *a, const net_fetch_request *rq, const net_req *r, const net_wire *w, net_conn *c,
                 net_fetch_response *rs, py_err *err);

/* --- net_response.c */

/* http.client reads at most _MAXLINE + 1 bytes of a status line. */
#define NET_STATUS_LINE_MAX 65536

/* The status line as http.client reads it: version, status, reason.strip(). */
void net_resp_status(arena *a, const strbuf *line, net_fetch_response *rs);
/* The header block -> rs->headers, (name, value) pairs as email's compat32 gives them. */
void net_resp_headers(arena *a, const strbuf *raw, net_fetch_response *rs);
/* The first header of that name (ASCII lower-case), or NULL. */
const net_fetch_header *net_resp_header(const net_fetch_response *rs, const char *lname);
/* http.client's _read_status on what is not a status line: LineTooLong
 * past _MAXLINE, else BadStatusLine(the first line, Latin-1). */
int net_resp_bad_status_line(arena *a, const strbuf *raw, py_err *err);

#endif
