/* A min-heap of deadlines, for the job engine's single timer thread: job
 * timeouts, long-poll deadlines and event-stream keep-alives all live here,
 * so waiting clients cost a heap entry, not a thread.  Not thread-safe on its
 * own: the engine guards it with its lock.  Entries are embedded in their
 * owners (no allocation per timer once the heap has grown). */
#ifndef PYSTD_JOBS_TIMER_H
#define PYSTD_JOBS_TIMER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jtimer jtimer;
typedef void (*jtimer_fn)(jtimer *t);

struct jtimer {
    double when;            /* monotonic seconds */
    size_t idx;             /* position in the heap; JTIMER_IDLE when not armed */
    unsigned long long seq; /* ties broken by arming order */
    jtimer_fn fn;
};

#define JTIMER_IDLE ((size_t)-1)

typedef struct jtimer_heap {
    jtimer **h;
    size_t n, cap;
    unsigned long long seq;
} jtimer_heap;

static inline void jtimer_init(jtimer *t, jtimer_fn fn)
{
    t->idx = JTIMER_IDLE;
    t->fn = fn;
    t->when = 0;
    t->seq = 0;
}
static inline bool jtimer_armed(const jtimer *t)
{
    return t->idx != JTIMER_IDLE;
}

/* Arm (or re-arm) t for `when`; -1 when memory ran out (t stays idle). */
int jtimer_add(jtimer_heap *hp, jtimer *t, double when);
/* Disarm t (no-op when idle). */
void jtimer_del(jtimer_heap *hp, jtimer *t);
/* The earliest armed timer, or NULL. */
static inline jtimer *jtimer_top(const jtimer_heap *hp)
{
    return hp->n ? hp->h[0] : NULL;
}
void jtimer_heap_free(jtimer_heap *hp);

#endif
