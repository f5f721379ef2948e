/* The client's address behind a balancer (server/http_proxy.c): with
 * --trusted-proxies, a request whose peer is one of those networks names its
 * client in X-Forwarded-For; that address is the request's `remote` (the
 * access and audit logs, the per-address rate limit).  Without the flag, or
 * from any other peer, the header is ignored: the peer is the client. */
#ifndef PYSTD_HTTP_PROXY_H
#define PYSTD_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>

struct sockaddr;
typedef struct hconn hconn;
typedef struct arena arena;

/* Parse --trusted-proxies (a CIDR list, as --allow-net); -1 after logging why. */
int http_proxy_init(void);
void http_proxy_free(void);
/* Any trusted proxies at all (else X-Forwarded-For is never read). */
bool http_proxy_enabled(void);
/* The request's client address into out: the peer's, or behind a trusted
 * proxy the one its X-Forwarded-For values name (scratch from `a`). */
void http_proxy_remote(hconn *conn, const struct sockaddr *peer, char *out, size_t n, arena *a);
/* (exposed for the unit tests) From the X-Forwarded-For values in the order received (joined by ", "):
 * walking from the right, past the trusted proxies, the first other address
 * is the client; every hop trusted: the leftmost; an entry that is not an
 * address stops the walk at the hop before it.  out (the trusted peer's text)
 * is replaced with the client's, written as the address it parses to. */
void http_proxy_client(const char *xff, char *out, size_t n);

#endif
