/* The periodic background thread of ticker.h. */
#include "ticker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"

struct ticker {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stopping; /* guarded by mu */
    pthread_t thread;
    void (*fn)(void *arg);
    void *arg;
    long period_ns;
};

static void *loop(void *arg)
{
    ticker *t = arg;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += t->period_ns / 1000000000L;
        ts.tv_nsec += t->period_ns % 1000000000L;
        if (ts.tv_nsec >= 1000000000L)
            ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        while (!t->stopping && pthread_cond_timedwait(&t->cv, &t->mu, &ts) != ETIMEDOUT)
            ;
        if (t->stopping)
            break;
        pthread_mutex_unlock(&t->mu);
        t->fn(t->arg);
        pthread_mutex_lock(&t->mu);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

ticker *ticker_start(void (*fn)(void *arg), void *arg, long period_ns, const char *what)
{
    ticker *t = calloc(1, sizeof *t);
    if (!t) {
        log_msg(LOG_ERROR, "cannot start %s", what);
        return NULL;
    }
    t->fn = fn;
    t->arg = arg;
    t->period_ns = period_ns;
    pthread_mutex_init(&t->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 64 * 1024);
    int rc = pthread_create(&t->thread, &at, loop, t);
    pthread_attr_destroy(&at);
    if (rc != 0) {
        log_msg(LOG_ERROR, "cannot start %s", what);
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        free(t);
        return NULL;
    }
    return t;
}

void ticker_stop(ticker *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->stopping = true;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}
