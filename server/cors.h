/* Cross-origin resource sharing (server/cors.c): which browser origins may
 * call pystd (--cors-origins: exact origins, or * for any; none by default),
 * the answer to a preflight, and the headers every response to an allowed
 * origin carries -- errors and refusals included, so that a browser app can
 * read a 413, 429 or 503 and its Retry-After. */
#ifndef PYSTD_CORS_H
#define PYSTD_CORS_H

#include <stdbool.h>

#include "dispatch.h"

/* Parse config.cors_origins; 0, or -1 (logged) when an origin is malformed. */
int cors_init(void);
/* Is CORS configured with a list of origins (then every response varies by
 * Origin)? */
bool cors_varies(void);
/* Is this Origin header value allowed (NULL: no)? */
bool cors_allowed(const char *origin);
/* A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an
 * allowed origin: answered 204 here, before routing and before anything that
 * would look for credentials (a preflight carries none).  False: not one. */
bool cors_preflight(request *rq, response *rs);

/* The headers of a response to origin: add(ctx, name, value) for each (none
 * unless cors_allowed(origin)). */
typedef void (*cors_add_fn)(void *ctx, const char *name, const char *value);
void cors_headers(const char *origin, cors_add_fn add, void *ctx);

#endif
