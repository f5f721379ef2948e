/* Deadlines for the slow parts of an exchange (server/http_guard.c).
 * A client that trickles a byte now and then -- slowloris headers, a slow
 * body, a slow reader of a large response -- would hold its connection,
 * and the memory of its body or response, for ever.  Every connection is
 * tracked from its start to its close; while it reads a request or takes a
 * response it has a deadline, and a sweeper thread shuts the socket of one
 * past it down (its worker then sees it as one the peer dropped). */
#ifndef PYSTD_HTTP_GUARD_H
#define PYSTD_HTTP_GUARD_H

/* The slowest average rate accepted for a body or a response, after the
 * first --conn-timeout seconds. */
#define GUARD_MIN_RATE (64 * 1024)

typedef struct guard_conn guard_conn;

int guard_start(void);
void guard_stop(void);

/* Tracks a new connection's socket (deadline: its first head within
 * --conn-timeout); NULL when out of memory.  guard_close before the
 * socket is closed: the sweeper never shuts a reused descriptor down. */
guard_conn *guard_open(int fd);
void guard_close(guard_conn *g);

/* The connection must be done with what it is doing (reading a request,
 * taking a response) by `at` (monotonic seconds); 0: no deadline (the
 * server is working on the request, or streams). */
void guard_set(guard_conn *g, double at);

/* Connections shut down for missing their deadline. */
unsigned long long guard_closed(void);

#endif
