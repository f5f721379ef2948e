/* A background thread that calls fn(arg) every `period_ns` nanoseconds
 * until stopped (server/ticker.c): the connection sweeper, the memory
 * trimmer. */
#ifndef PYSTD_TICKER_H
#define PYSTD_TICKER_H

typedef struct ticker ticker;

/* NULL (and a log line naming `what`) when the thread cannot be started. */
ticker *ticker_start(void (*fn)(void *arg), void *arg, long period_ns, const char *what);
/* Wakes the thread, waits for it (fn is not running after this), frees t. */
void ticker_stop(ticker *t);

#endif
