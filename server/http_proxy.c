/* --trusted-proxies and X-Forwarded-For (http_proxy.h): the rightmost
 * address not of a trusted proxy is the client, as nginx's realip module
 * with real_ip_recursive on and its set_real_ip_from list.  Addresses are
 * compared parsed (core/net/net_policy.h) and written back in their
 * canonical form, so the logs never carry the header's own text. */
#include "http_proxy.h"

#include "http_conn.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/arena.h"
#include "base/config.h"
#include "log.h"
#include "net/net_policy.h"

static net_network_list trusted;

int http_proxy_init(void)
{
    char msg[160];
    const char *spec = config.trusted_proxies ? config.trusted_proxies : "";
    if (net_network_list_parse(spec, &trusted, msg, sizeof msg) < 0) {
        log_msg(LOG_ERROR, "--trusted-proxies: %s", msg);
        return -1;
    }
    return 0;
}

void http_proxy_free(void) { net_network_list_free(&trusted); }

bool http_proxy_enabled(void) { return trusted.n > 0; }

static bool is_trusted(const net_addr *a)
{
    net_addr v4;
    /* an IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d */
    if (a->v == 6 && !memcmp(a->b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
        v4.v = 4;
        memcpy(v4.b, a->b + 12, 4);
        a = &v4;
    }
    for (size_t i = 0; i < trusted.n; i++)
        if (net_addr_in_network(a, &trusted.nets[i]))
            return true;
    return false;
}

static void addr_text(const net_addr *a, char *out, size_t n)
{
    if (!inet_ntop(a->v == 4 ? AF_INET : AF_INET6, a->b, out, (socklen_t)n) && n)
        out[0] = '\0';
}

static bool peer_text(const struct sockaddr *peer, char *out, size_t n)
{
    net_addr a;
    if (!net_addr_from_sockaddr(peer, &a)) {
        if (n)
            out[0] = '\0';
        return false;
    }
    addr_text(&a, out, n);
    return trusted.n > 0 && is_trusted(&a);
}


/* One entry of the list, trimmed: "a.b.c.d", an IPv6 address, or "[v6]". */
static bool entry_addr(const char *p, size_t len, net_addr *a)
{
    while (len && (*p == ' ' || *p == '\t'))
        p++, len--;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    if (len >= 2 && p[0] == '[' && p[len - 1] == ']')
        p++, len -= 2;
    char buf[64];
    if (len == 0 || len >= sizeof buf || memchr(p, '%', len))
        return false;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return net_addr_parse(buf, a);
}

void http_proxy_client(const char *xff, char *out, size_t n)
{
    if (!xff)
        return;
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',')
            start--;
        net_addr a;
        if (!entry_addr(start, (size_t)(end - start), &a))
            return; /* not an address: the hop we reached is the client */
        addr_text(&a, out, n);
        if (!is_trusted(&a))
            return;
        end = start > xff ? start - 1 : xff;
    }
}

/* Every X-Forwarded-For value, in order, joined by ',' (a second header
 * line continues the list, RFC 9110 5.3). */
typedef struct xff_acc {
    char *buf;
    size_t len, cap; /* cap 0: the first pass, which only measures */
} xff_acc;

static bool xff_each(void *cls, const char *key, size_t key_len, const char *value, size_t k)
{
    xff_acc *x = cls;
    if (key_len != 15 || strcasecmp(key, "X-Forwarded-For") != 0)
        return true;
    size_t sep = x->len ? 1 : 0;
    if (x->cap) { /* the second pass: the same values, in the room the first one measured */
        if (x->len + sep + k + 1 > x->cap)
            return true;
        if (sep)
            x->buf[x->len] = ',';
        memcpy(x->buf + x->len + sep, value, k);
        x->buf[x->len + sep + k] = '\0';
    }
    x->len += sep + k;
    return true;
}

void http_proxy_remote(hconn *conn, const struct sockaddr *peer, char *out, size_t n, arena *a)
{
    if (!peer_text(peer, out, n))
        return;
    xff_acc x = {0};
    http_req_fields(hconn_req(conn), xff_each, &x);
    if (!x.len)
        return;
    x.cap = x.len + 2;
    x.buf = arena_alloc(a, x.cap);
    x.len = 0;
    x.buf[0] = '\0';
    http_req_fields(hconn_req(conn), xff_each, &x);
    http_proxy_client(x.buf, out, n);
}
