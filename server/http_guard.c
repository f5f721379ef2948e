/* The connection deadlines of http_guard.h: the table of open connections
 * and the sweeper thread. */
#include "http_guard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "base/config.h"
#include "metrics.h"
#include "ticker.h"

#define SWEEP_NS 500000000L /* a sweep every half second */

typedef struct guard_conn {
    struct guard_conn *prev, *next; /* guarded by mu */
    int fd;
    _Atomic int64_t deadline_ms; /* monotonic milliseconds; 0 = none */
} guard_conn;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static guard_conn *head; /* guarded by mu */
static ticker *sweeper;
static _Atomic unsigned long long closed;

static int64_t to_ms(double at) { return at > 0 ? (int64_t)(at * 1000.0) + 1 : 0; }

guard_conn *guard_open(int fd)
{
    guard_conn *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->fd = fd;
    atomic_store(&g->deadline_ms, to_ms(clock_monotonic() + config.conn_timeout));
    pthread_mutex_lock(&mu);
    g->next = head;
    if (head)
        head->prev = g;
    head = g;
    pthread_mutex_unlock(&mu);
    return g;
}

void guard_close(guard_conn *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&mu);
    if (g->prev)
        g->prev->next = g->next;
    else
        head = g->next;
    if (g->next)
        g->next->prev = g->prev;
    pthread_mutex_unlock(&mu);
    free(g);
}

void guard_set(guard_conn *g, double at)
{
    if (g)
        atomic_store_explicit(&g->deadline_ms, to_ms(at), memory_order_relaxed);
}

/* Every SWEEP_NS: shut down the sockets past their deadline. */
static void sweep(void *arg)
{
    (void)arg;
    int64_t now_ms = to_ms(clock_monotonic());
    pthread_mutex_lock(&mu);
    for (guard_conn *g = head; g; g = g->next) {
        int64_t d = atomic_load_explicit(&g->deadline_ms, memory_order_relaxed);
        if (d && d < now_ms) {
            atomic_store(&g->deadline_ms, 0);
            shutdown(g->fd, SHUT_RDWR);
            atomic_fetch_add(&closed, 1);
        }
    }
    pthread_mutex_unlock(&mu);
}

static void metrics_guard(strbuf *o)
{
    strbuf_printf(o,
                  "# HELP pystd_http_slow_clients_closed_total Connections shut down for reading a request "
                  "or taking a response too slowly.\n"
                  "# TYPE pystd_http_slow_clients_closed_total counter\n"
                  "pystd_http_slow_clients_closed_total %llu\n",
                  (unsigned long long)atomic_load(&closed));
}

int guard_start(void)
{
    static bool registered;
    if (!registered)
        metrics_add_provider(metrics_guard);
    registered = true;
    sweeper = ticker_start(sweep, NULL, SWEEP_NS, "the connection sweeper");
    return sweeper ? 0 : -1;
}

void guard_stop(void)
{
    ticker_stop(sweeper);
    sweeper = NULL;
}

unsigned long long guard_closed(void) { return atomic_load(&closed); }
