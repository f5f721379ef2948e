/* The listening socket (server/http_listen.c): one thread accepts
 * connections and hands them to the HTTP workers in turn (hconn_add). */
#ifndef PYSTD_HTTP_LISTEN_H
#define PYSTD_HTTP_LISTEN_H

#include <stdbool.h>
#include <sys/socket.h>

/* Bind and listen: 0, or -1 with errno. */
int http_listen_open(const struct sockaddr *sa, socklen_t sl);
/* Start the accept thread: 0 or -1. */
int http_listen_start(void);
/* The bound port, when listening here. */
bool http_listen_port(int *port);
/* Stop accepting (joins the accept thread) and close the socket. */
void http_listen_stop(void);

#endif
