/* The network policy (net_policy.h): addresses and networks, Python's
 * ipaddress classification (global, private, loopback, ...), and the
 * process's --allow-net list. */
#include "net/net_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

bool net_addr_parse(const char *s, net_addr *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, s, out->b) == 1) {
        out->v = 4;
        return true;
    }
    char buf[64];
    size_t n = strcspn(s, "%");
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (inet_pton(AF_INET6, buf, out->b) == 1) {
        out->v = 6;
        return true;
    }
    return false;
}

static net_network net(const char *cidr)
{
    net_network r;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", cidr);
    char *sl = strchr(buf, '/');
    *sl = '\0';
    net_addr_parse(buf, &r.addr);
    r.prefix = atoi(sl + 1);
    return r;
}

bool net_addr_in_network(const net_addr *a, const net_network *n)
{
    if (a->v != n->addr.v)
        return false;
    int bits = n->prefix;
    for (int i = 0; bits > 0; i++, bits -= 8) {
        uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
        if ((a->b[i] & mask) != (n->addr.b[i] & mask))
            return false;
    }
    return true;
}

static bool in_any(const net_addr *a, const char *const *cidrs)
{
    for (; *cidrs; cidrs++) {
        net_network n = net(*cidrs);
        if (net_addr_in_network(a, &n))
            return true;
    }
    return false;
}

/* CPython 3.11.7 Lib/ipaddress.py: _IPv4Constants / _IPv6Constants */
static const char *const V4_PRIVATE[] = {
    "0.0.0.0/8",       "10.0.0.0/8",     "127.0.0.0/8",  "169.254.0.0/16",     "172.16.0.0/12",
    "192.0.0.0/29",    "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16",     "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",  "255.255.255.255/32", NULL};
static const char *const V6_PRIVATE[] = {
    "::1/128",       "::/128",       "::ffff:0:0/96", "100::/64",  "2001::/23", "2001:2::/48",
    "2001:db8::/32", "2001:10::/28", "fc00::/7",      "fe80::/10", NULL};
static const char *const V6_RESERVED[] = {
    "::/8",     "100::/8",  "200::/7",  "400::/6",  "800::/5",  "1000::/4", "4000::/3", "6000::/3",
    "8000::/3", "a000::/3", "c000::/3", "e000::/4", "f000::/5", "f800::/6", "fe00::/9", NULL};

static bool mapped_v4(const net_addr *a, net_addr *v4)
{
    static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (a->v != 6 || memcmp(a->b, pre, 12) != 0)
        return false;
    memset(v4, 0, sizeof *v4);
    v4->v = 4;
    memcpy(v4->b, a->b + 12, 4);
    return true;
}

bool net_addr_is_private(const net_addr *a)
{
    if (a->v == 4)
        return in_any(a, V4_PRIVATE);
    net_addr v4;
    if (mapped_v4(a, &v4))
        return net_addr_is_private(&v4);
    return in_any(a, V6_PRIVATE);
}

bool net_addr_is_global(const net_addr *a)
{
    if (a->v == 4) {
        net_network cgnat = net("100.64.0.0/10");
        return !net_addr_in_network(a, &cgnat) && !net_addr_is_private(a);
    }
    return !net_addr_is_private(a);
}

bool net_addr_is_reserved(const net_addr *a)
{
    if (a->v == 4) {
        net_network r = net("240.0.0.0/4");
        return net_addr_in_network(a, &r);
    }
    return in_any(a, V6_RESERVED);
}

bool net_addr_is_multicast(const net_addr *a)
{
    net_network m = net(a->v == 4 ? "224.0.0.0/4" : "ff00::/8");
    return net_addr_in_network(a, &m);
}

bool net_addr_is_link_local(const net_addr *a)
{
    net_network m = net(a->v == 4 ? "169.254.0.0/16" : "fe80::/10");
    return net_addr_in_network(a, &m);
}

bool net_addr_is_loopback(const net_addr *a)
{
    if (a->v == 4) {
        net_network m = net("127.0.0.0/8");
        return net_addr_in_network(a, &m);
    }
    static const uint8_t one[16] = {[15] = 1};
    return memcmp(a->b, one, 16) == 0;
}

bool net_addr_is_unspecified(const net_addr *a)
{
    static const uint8_t zero[16] = {0};
    return memcmp(a->b, zero, a->v == 4 ? 4 : 16) == 0;
}

bool net_policy_forbidden(const net_addr *a)
{
    if (net_addr_is_loopback(a) || net_addr_is_private(a) || net_addr_is_link_local(a) ||
        net_addr_is_multicast(a) || net_addr_is_unspecified(a) || net_addr_is_reserved(a) ||
        !net_addr_is_global(a))
        return true;
    if (a->v == 6) {
        net_addr v4 = {.v = 4};
        if (a->b[0] == 0x20 && a->b[1] == 0x02) { /* 6to4: 2002:AABB:CCDD::/48 */
            memcpy(v4.b, a->b + 2, 4);
            if (net_policy_forbidden(&v4))
                return true;
        }
        net_network nat64 = net("64:ff9b::/96");
        if (net_addr_in_network(a, &nat64)) {
            memcpy(v4.b, a->b + 12, 4);
            if (net_policy_forbidden(&v4))
                return true;
        }
    }
    return false;
}

bool net_policy_allowed(const net_network_list *allow, const net_addr *addr)
{
    net_addr v4;
    const net_addr *a = mapped_v4(addr, &v4) ? &v4 : addr;
    for (size_t i = 0; allow && i < allow->n; i++)
        if (net_addr_in_network(a, &allow->nets[i]))
            return true;
    return !net_policy_forbidden(a);
}

bool net_addr_from_sockaddr(const struct sockaddr *sa, net_addr *out)
{
    memset(out, 0, sizeof *out);
    if (sa->sa_family == AF_INET) {
        out->v = 4;
        memcpy(out->b, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        out->v = 6;
        memcpy(out->b, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
        return true;
    }
    return false;
}

int net_network_list_parse(const char *spec, net_network_list *out, char *errbuf, size_t errlen)
{
    out->nets = NULL;
    out->n = 0;
    size_t cap = 0;
    const char *p = spec ? spec : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char item[96];
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len) {
            if (len >= sizeof item)
                goto bad;
            memcpy(item, p, len);
            item[len] = '\0';
            net_network n;
            char *sl = strchr(item, '/');
            if (sl)
                *sl = '\0';
            if (!net_addr_parse(item, &n.addr) || strchr(item, '%'))
                goto bad;
            int maxp = n.addr.v == 4 ? 32 : 128;
            n.prefix = maxp;
            if (sl) {
                char *end;
                long x = strtol(sl + 1, &end, 10);
                if (!sl[1] || *end || x < 0 || x > maxp)
                    goto bad;
                n.prefix = (int)x;
            }
            /* strict=False: clear the host bits */
            for (int bit = n.prefix; bit < maxp; bit++)
                n.addr.b[bit / 8] &= (uint8_t) ~(0x80 >> (bit % 8));
            if (out->n == cap) {
                cap = cap ? 2 * cap : 4;
                net_network *nn = realloc(out->nets, cap * sizeof *nn);
                if (!nn)
                    goto bad;
                out->nets = nn;
            }
            out->nets[out->n++] = n;
        }
        p = e ? e + 1 : p + len;
        if (!e)
            break;
        continue;
    bad:
        snprintf(errbuf, errlen, "not an IP network: %.*s", (int)len, p);
        net_network_list_free(out);
        return -1;
    }
    return 0;
}

void net_network_list_free(net_network_list *l)
{
    free(l->nets);
    l->nets = NULL;
    l->n = 0;
}

static net_network_list global_list; /* owned here; set once before any request */

int net_policy_global_init(const char *spec, char *errbuf, size_t errlen)
{
    net_network_list_free(&global_list);
    return net_network_list_parse(spec, &global_list, errbuf, errlen);
}

const net_network_list *net_policy_global(void)
{
    return &global_list;
}
