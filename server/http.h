/* The HTTP front end (libmicrohttpd). */
#ifndef PYSTD_HTTP_H
#define PYSTD_HTTP_H

#include <stdbool.h>

int http_start(bool thread_per_connection); /* listens per config */
int http_port(void);                        /* the bound port (for --port 0) */
long http_active_requests(void);            /* requests received and not yet answered */
void http_stop(void);

#endif
