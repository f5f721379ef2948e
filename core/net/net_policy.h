/* The service's outbound network policy (urlopen, urlretrieve, robots_url):
 * which IP addresses may be connected to.  An address is allowed when it is
 * inside the operator's allow-list (--allow-net CIDR,...), or else when it is
 * globally routable in the sense of CPython 3.11.7's ipaddress (is_global and
 * none of loopback, private, link-local, multicast, unspecified, reserved);
 * IPv4 embedded in IPv6 (::ffff:0:0/96 mapped, 64:ff9b::/96 NAT64, 2002::/16
 * 6to4) is judged as that IPv4 address too.  Pure functions: no I/O. */
#ifndef PYSTD_NET_POLICY_H
#define PYSTD_NET_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sockaddr;

typedef struct np_addr {
    int v;         /* 4 or 6 */
    uint8_t b[16]; /* network order; IPv4 in b[0..3] */
} np_addr;

typedef struct np_net {
    np_addr addr; /* host bits cleared */
    int prefix;
} np_net;

typedef struct np_list {
    np_net *nets;
    size_t n;
} np_list;

/* "a.b.c.d" / IPv6 text (a %scope is ignored) -> address. */
bool np_parse_addr(const char *s, np_addr *out);
/* "CIDR,CIDR,..." as ipaddress.ip_network(c.strip(), strict=False) reads each
 * (a bare address is /32 or /128).  The list is malloc'ed (np_list_free).
 * -1 with a message in errbuf on a bad entry. */
int np_list_parse(const char *spec, np_list *out, char *errbuf, size_t errlen);
void np_list_free(np_list *l);

bool np_in_net(const np_addr *a, const np_net *n);
/* ipaddress semantics */
bool np_is_private(const np_addr *a);
bool np_is_global(const np_addr *a);
bool np_is_reserved(const np_addr *a);
bool np_is_multicast(const np_addr *a);
bool np_is_link_local(const np_addr *a);
bool np_is_loopback(const np_addr *a);
bool np_is_unspecified(const np_addr *a);
/* Not to be connected to by default (pyref's _forbidden). */
bool np_forbidden(const np_addr *a);
/* The policy: allow-list first (IPv4-mapped judged as IPv4), else !forbidden. */
bool np_allowed(const np_list *allow, const np_addr *a);

bool np_from_sockaddr(const struct sockaddr *sa, np_addr *out);

/* The process-wide allow-list (from config.allow_net), set once at start-up. */
int np_global_init(const char *spec, char *errbuf, size_t errlen);
const np_list *np_global(void);

#endif
