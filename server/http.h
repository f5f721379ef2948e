/* The HTTP front end (server/http.c over the engine of http_conn.h):
 * accepts connections, reads requests into a request (dispatch.h) and
 * sends the response. */
#ifndef PYSTD_HTTP_H
#define PYSTD_HTTP_H

#include <stdbool.h>

typedef struct request request; /* dispatch.h */

int http_start(void); /* listens per config */
int http_port(void);                        /* the bound port (for --port 0) */
long http_active_requests(void);            /* requests received and not yet answered */
void http_stop(void);

/* Wake a suspended connection once its response is ready (deferred work), or
 * a parked stream once it has news (response.h). */
void http_resume(request *rq);

#endif
