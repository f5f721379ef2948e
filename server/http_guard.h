/* Deadlines for the slow parts of an exchange (server/http_guard.c).
 * libmicrohttpd closes a connection only after --conn-timeout seconds of
 * silence, so a client that trickles a byte now and then -- slowloris
 * headers, a slow body, a slow reader of a large response -- would hold its
 * connection, and the memory of its body or response, for ever.  Every
 * connection is tracked from its start to its close; while it reads a
 * request or takes a response it has a deadline, and a sweeper thread shuts
 * the socket of one past it down (libmicrohttpd then closes the connection
 * as one the peer dropped). */
#ifndef PYSTD_HTTP_GUARD_H
#define PYSTD_HTTP_GUARD_H

#include <microhttpd.h>

/* The slowest average rate accepted for a body or a response, after the
 * first --conn-timeout seconds. */
#define GUARD_MIN_RATE (64 * 1024)

int guard_start(void);
void guard_stop(void);

/* MHD_OPTION_NOTIFY_CONNECTION: tracks the connection (deadline: the first
 * request's headers within --conn-timeout). */
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode toe);

/* The connection must be done with what it is doing (reading a request,
 * taking a response) by `at` (monotonic seconds); 0: no deadline (the
 * server is working on the request, or streams). */
void guard_deadline(struct MHD_Connection *c, double at);

/* Connections shut down for missing their deadline. */
unsigned long long guard_closed(void);

#endif
