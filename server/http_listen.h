/* The listening socket (server/http_listen.c): pystd accepts connections
 * itself and hands them to libmicrohttpd's worker threads in turn (see
 * there why). */
#ifndef PYSTD_HTTP_LISTEN_H
#define PYSTD_HTTP_LISTEN_H

#include <microhttpd.h>
#include <stdbool.h>
#include <sys/socket.h>

/* Bind and listen: 0, or -1 with errno. */
int http_listen_open(const struct sockaddr *sa, socklen_t sl);
/* Start the accept thread handing connections to d's nworkers workers: 0 or -1. */
int http_listen_start(struct MHD_Daemon *d, unsigned nworkers);
/* The bound port, when listening here. */
bool http_listen_port(int *port);
/* Stop accepting (joins the accept thread) and close the socket. */
void http_listen_stop(void);

#endif
