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

typedef struct net_addr {
    int v;         /* 4 or 6 */
    uint8_t b[16]; /* network order; IPv4 in b[0..3] */
} net_addr;

typedef struct net_network {
    net_addr addr; /* host bits cleared */
    int prefix;
} net_network;

typedef struct net_network_list {
    net_network *nets;
    size_t n;
} net_network_list;

/* "a.b.c.d" / IPv6 text (a %scope is ignored) -> address. */
bool net_addr_parse(const char *s, net_addr *out);
/* "CIDR,CIDR,..." as ipaddress.ip_network(c.strip(), strict=False) reads each
 * (a bare address is /32 or /128).  The list is malloc'ed (net_network_list_free).
 * -1 with a message in errbuf on a bad entry. */
int net_network_list_parse(const char *spec, net_network_list *out, char *errbuf, size_t errlen);
void net_network_list_free(net_network_list *l);

bool net_addr_in_network(const net_addr *a, const net_network *n);
/* ipaddress semantics */
bool net_addr_is_private(const net_addr *a);
bool net_addr_is_global(const net_addr *a);
bool net_addr_is_reserved(const net_addr *a);
bool net_addr_is_multicast(const net_addr *a);
bool net_addr_is_link_local(const net_addr *a);
bool net_addr_is_loopback(const net_addr *a);
bool net_addr_is_unspecified(const net_addr *a);
/* Not to be connected to by default (pyref's _forbidden). */
bool net_policy_forbidden(const net_addr *a);
/* The policy: allow-list first (IPv4-mapped judged as IPv4), else !forbidden. */
bool net_policy_allowed(const net_network_list *allow, const net_addr *a);

bool net_addr_from_sockaddr(const struct sockaddr *sa, net_addr *out);

/* The process-wide allow-list (from config.allow_net), set once at start-up. */
int net_policy_global_init(const char *spec, char *errbuf, size_t errlen);
const net_network_list *net_policy_global(void);

#endif
