/* A min-heap of deadlines, for the job engine's single timer thread: job
 * timeouts, long-poll deadlines and event-stream keep-alives all live here,
 * so waiting clients cost a heap entry, not a thread.  Not thread-safe on its
 * own: the engine guards it with its lock.  Entries are embedded in their
 * owners (no allocation per timer once the heap has grown). */
#ifndef PYSTD_JOBS_TIMER_H
#define PYSTD_JOBS_TIMER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jobs_timer jobs_timer;
typedef void (*jobs_timer_fn)(jobs_timer *t);

struct jobs_timer {
    double when;            /* monotonic seconds */
    size_t idx;             /* position in the heap; JOBS_TIMER_IDLE when not armed */
    unsigned long long seq; /* ties broken by arming order */
    jobs_timer_fn fn;
};

#define JOBS_TIMER_IDLE ((size_t)-1)

typedef struct jobs_timer_heap {
    jobs_timer **h;
    size_t n, cap;
    unsigned long long seq;
} jobs_timer_heap;

static inline void jobs_timer_init(jobs_timer *t, jobs_timer_fn fn)
{
    t->idx = JOBS_TIMER_IDLE;
    t->fn = fn;
    t->when = 0;
    t->seq = 0;
}
static inline bool jobs_timer_armed(const jobs_timer *t)
{
    return t->idx != JOBS_TIMER_IDLE;
}

/* Arm (or re-arm) t for `when`; -1 when memory ran out (t stays idle). */
int jobs_timer_add(jobs_timer_heap *hp, jobs_timer *t, double when);
/* Disarm t (no-op when idle). */
void jobs_timer_del(jobs_timer_heap *hp, jobs_timer *t);
/* The earliest armed timer, or NULL. */
static inline jobs_timer *jobs_timer_top(const jobs_timer_heap *hp)
{
    return hp->n ? hp->h[0] : NULL;
}
void jobs_timer_heap_free(jobs_timer_heap *hp);

#endif
