/* CORS (cors.h): the allowed origins, preflights, the response headers. */
#include "cors.h"

#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "log.h"

#define MAX_ORIGINS 64
#define MAX_ORIGIN_LEN 255

/* What a browser app may send and read. */
#define ALLOW_METHODS "GET, HEAD, POST, DELETE, OPTIONS"
#define ALLOW_HEADERS                                                                                        \
    "Content-Type, Content-Encoding, Authorization, Idempotency-Key, X-Request-Id, traceparent, tracestate"
#define EXPOSE_HEADERS "X-Request-Id, Retry-After, Location, WWW-Authenticate, RateLimit, RateLimit-Policy"
#define MAX_AGE "600" /* seconds a browser may keep a preflight's answer */

static bool any_origin;
static char *origins[MAX_ORIGINS]; /* owned for the life of the process */
static size_t norigins;

/* scheme://host[:port], as a browser serializes an Origin: no path, no
 * trailing slash, no user info. */
static bool origin_ok(const char *o, size_t n)
{
    const char *sep = n > 3 ? strstr(o, "://") : NULL;
    if (!sep || sep == o || (size_t)(sep - o) + 3 >= n || n > MAX_ORIGIN_LEN)
        return false;
    for (const char *p = o; p < sep; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
            return false;
    for (const char *p = sep + 3; p < o + n; p++)
        if (*p == '/' || *p == '@' || *p == '?' || *p == '#' || *p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

int cors_init(void)
{
    const char *p = config.cors_origins ? config.cors_origins : "";
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        size_t n = (size_t)(e - p);
        while (n && p[n - 1] == ' ')
            n--;
        if (n == 1 && *p == '*') {
            any_origin = true;
        } else if (n) {
            if (!origin_ok(p, n) || norigins == MAX_ORIGINS) {
                log_msg(LOG_ERROR,
                        "--cors-origins: '%.*s' is not an origin (scheme://host[:port], or *; %d at most)",
                        (int)n, p, MAX_ORIGINS);
                return -1;
            }
            origins[norigins++] = strndup(p, n);
        }
        p = e;
    }
    return 0;
}

bool cors_varies(void)
{
    return norigins > 0 && !any_origin;
}

bool cors_allowed(const char *origin)
{
    if (!origin || (!any_origin && !norigins))
        return false;
    if (any_origin)
        return true;
    for (size_t i = 0; i < norigins; i++)
        if (strcmp(origins[i], origin) == 0)
            return true;
    return false;
}

bool cors_preflight(request *rq, response *rs)
{
    if (strcmp(rq->method, "OPTIONS") != 0 || !request_header(rq, "Access-Control-Request-Method") ||
        !cors_allowed(request_header(rq, "Origin")))
        return false;
    strbuf_clear(&rs->body);
    rs->status = 204;
    response_header(rs, "Access-Control-Allow-Methods", ALLOW_METHODS);
    response_header(rs, "Access-Control-Allow-Headers", ALLOW_HEADERS);
    response_header(rs, "Access-Control-Max-Age", MAX_AGE);
    return true;
}

void cors_headers(const char *origin, cors_add_fn add, void *ctx)
{
    if (!cors_allowed(origin))
        return;
    /* "*" unless a list: the answer then names the one origin (and varies by Origin) */
    add(ctx, "Access-Control-Allow-Origin", any_origin ? "*" : origin);
    add(ctx, "Access-Control-Expose-Headers", EXPOSE_HEADERS);
}
