/* A request's head (http_head.h): the headers the server reads, in one
 * pass; the request id; the client's address. */
#include "http_head.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "http_conn.h"
#include "http_proxy.h"

/* Header names compare without case, as http_req_field does. */
static bool named(const char *key, size_t key_size, const char *name, size_t name_size)
{
    return key_size == name_size && strncasecmp(key, name, name_size) == 0;
}

#define NAMED(k, n, lit) named((k), (n), (lit), sizeof(lit) - 1)

static void first(const char **slot, const char *value)
{
    if (!*slot)
        *slot = value;
}

static bool collect(void *cls, const char *key, size_t key_size, const char *value, size_t value_size)
{
    (void)value_size;
    http_head *h = cls;
    switch (key_size) {
    case 6:
        if (NAMED(key, key_size, "Origin"))
            first(&h->origin, value);
        break;
    case 10:
        if (NAMED(key, key_size, "tracestate"))
            first(&h->tracestate, value);
        break;
    case 11:
        if (NAMED(key, key_size, "traceparent"))
            first(&h->traceparent, value);
        break;
    case 12:
        if (NAMED(key, key_size, "X-Request-Id"))
            first(&h->request_id, value);
        break;
    case 14:
        if (NAMED(key, key_size, "Content-Length")) {
            if (!h->content_length)
                h->content_length = value;
            else if (strcmp(value, h->content_length) != 0)
                h->length_conflict = true;
        }
        break;
    case 15:
        if (NAMED(key, key_size, "Accept-Encoding"))
            first(&h->accept_encoding, value);
        break;
    case 16:
        if (NAMED(key, key_size, "Content-Encoding"))
            first(&h->content_encoding, value);
        break;
    case 17:
        if (NAMED(key, key_size, "Transfer-Encoding"))
            h->transfer_encoding = true;
        break;
    default:
        break;
    }
    return true;
}

void http_head_read(hconn *conn, http_head *h)
{
    memset(h, 0, sizeof *h);
    http_req_fields(hconn_req(conn), collect, h);
}

/* ---------------------------------------------------------------- request id */

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
}

/* 64 bits of a request id: xoshiro256** per thread, seeded once from the
 * OS (an id names a request, it is no secret: no syscall per request). */
static uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t request_id_next(void)
{
    static _Thread_local uint64_t st[4];
    static _Thread_local bool seeded;
    if (!seeded) {
        if (getrandom(st, sizeof st, GRND_NONBLOCK) != (ssize_t)sizeof st)
            for (size_t i = 0; i < 4; i++)
                st[i] = ((uint64_t)rand() << 32) ^ (uint64_t)rand() ^ (uint64_t)(uintptr_t)&st ^ i;
        if (!(st[0] | st[1] | st[2] | st[3]))
            st[0] = 1;
        seeded = true;
    }
    uint64_t r = rotl64(st[1] * 5, 7) * 9, t = st[1] << 17;
    st[2] ^= st[0];
    st[3] ^= st[1];
    st[1] ^= st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl64(st[3], 45);
    return r;
}

void http_head_request_id(const char *given, char out[HTTP_REQUEST_ID_SIZE])
{
    if (given) {
        size_t n = 0;
        while (n < HTTP_REQUEST_ID_SIZE - 1 && given[n] && id_char(given[n]))
            n++;
        if (n > 0 && given[n] == '\0') {
            memcpy(out, given, n);
            out[n] = '\0';
            return;
        }
    }
    static const char HEX[] = "0123456789abcdef";
    for (int half = 0; half < 2; half++) {
        uint64_t x = request_id_next();
        for (int k = 15; k >= 0; k--, x >>= 4) /* the most significant digit first */
            out[16 * half + k] = HEX[x & 15];
    }
    out[32] = '\0';
}

/* ---------------------------------------------------------------- the client's address */

/* a.b.c.d, as inet_ntop writes it (without its sprintf, once per request) */
static void format_ipv4(char out[16], uint32_t ip)
{
    char *o = out;
    for (int k = 3; k >= 0; k--) {
        unsigned v = (ip >> (8 * k)) & 255u;
        if (v >= 100)
            *o++ = (char)('0' + v / 100);
        if (v >= 10)
            *o++ = (char)('0' + v / 10 % 10);
        *o++ = (char)('0' + v % 10);
        if (k)
            *o++ = '.';
    }
    *o = '\0';
}

bool http_head_peer(hconn *conn, char *out, size_t n)
{
    const struct sockaddr *sa = hconn_peer(conn);
    if (sa->sa_family == AF_INET && n >= 16)
        format_ipv4(out, ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
    else
        return false;
    return true;
}

bool http_head_remote(hconn *conn, char *out, size_t n, arena *a)
{
    out[0] = '\0';
    if (http_proxy_enabled())
        http_proxy_remote(conn, hconn_peer(conn), out, n, a);
    else
        http_head_peer(conn, out, n);
    return out[0] != '\0';
}
