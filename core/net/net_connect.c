/* The connection of one urlopen hop under the network policy (pyref's
 * _policy_create_connection): resolve here, check every address, connect
 * a non-blocking socket to the first allowed one with Python's per-attempt
 * timeout, and keep the address so that libcurl gets exactly that socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "net/net_fetch_int.h"
#include "net/net_policy.h"

/* Non-blocking connect with Python's per-attempt timeout. 0, or an errno
 * (ETIMEDOUT), or -1 when cancelled. */
static int connect_one(const net_fetch_request *rq, const struct addrinfo *ai, int *fd_out)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0)
        return errno;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        *fd_out = fd;
        return 0;
    }
    if (errno != EINPROGRESS) {
        int e = errno;
        close(fd);
        return e;
    }
    double end = clock_monotonic() + rq->timeout;
    for (;;) {
        if (net_fetch_stopped(rq)) {
            close(fd);
            return -1;
        }
        double left = end - clock_monotonic();
        if (left <= 0) {
            close(fd);
            return ETIMEDOUT;
        }
        struct pollfd p = {fd, POLLOUT, 0};
        int ms = left > 0.1 ? 100 : (int)(left * 1000) + 1;
        int n = poll(&p, 1, ms);
        if (n < 0 && errno != EINTR) {
            int e = errno;
            close(fd);
            return e;
        }
        if (n > 0) {
            int e = 0;
            socklen_t el = sizeof e;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
            if (e) {
                close(fd);
                return e;
            }
            *fd_out = fd;
            return 0;
        }
    }
}

int net_conn_open(arena *a, const net_fetch_request *rq, const net_wire *w, net_conn *c, py_err *err)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    char *host = arena_strndup(a, w->conn_host.p, w->conn_host.n);
    char *port = arena_strndup(a, w->port.p, w->port.n);
    if (!url_str_isascii(w->conn_host) || memchr(w->conn_host.p, '\0', w->conn_host.n))
        return net_fetch_url_error(err, a, "[Errno -2] Name or service not known");
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0) {
        if (g == EAI_SYSTEM)
            return net_fetch_os_error(err, a, errno);
        return net_fetch_url_error(err, a, arena_printf(a, "[Errno %d] %s", g, gai_strerror(g)));
    }
    const net_network_list *allow = net_policy_global();
    char refused[INET6_ADDRSTRLEN] = "";
    int last = 0;
    c->fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        net_addr ad;
        if (!net_addr_from_sockaddr(ai->ai_addr, &ad))
            continue;
        if (!net_policy_allowed(allow, &ad)) {
            if (!refused[0]) {
                inet_ntop(ad.v == 4 ? AF_INET : AF_INET6, ad.b, refused, sizeof refused);
            }
            continue;
        }
        int fd = -1;
        int e = connect_one(rq, ai, &fd);
        if (e == 0) {
            c->fd = fd;
            memcpy(&c->peer, ai->ai_addr, ai->ai_addrlen);
            c->peer_len = ai->ai_addrlen;
            c->handed = false;
            freeaddrinfo(res);
            return 0;
        }
        if (e < 0) {
            freeaddrinfo(res);
            return net_fetch_cancelled(err, a);
        }
        last = e;
    }
    freeaddrinfo(res);
    if (last)
        return net_fetch_os_error(err, a, last);
    if (refused[0])
        return net_fetch_url_error(err, a, arena_printf(a, "address %s is not allowed", refused));
    return net_fetch_url_error(err, a, "getaddrinfo returns an empty list");
}
