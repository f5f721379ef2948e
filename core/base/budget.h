/* What one request may spend, reachable from any depth of core code: a
 * thread-local "current budget" (deadline, bytes charged, the first reason
 * the work must stop), and the process-wide memory account (--max-memory)
 * that arenas and buffers charge as they grow while a budget is current.
 * Outside a request (tools, unit tests, start-up) there is no current budget
 * and everything is unlimited. */
#ifndef PYSTD_BUDGET_H
#define PYSTD_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "py/py_err.h"

typedef enum { BUDGET_OK, BUDGET_TIME, BUDGET_MEMORY, BUDGET_SIZE } budget_trip;

typedef struct budget {
    double deadline;     /* monotonic seconds (clock_monotonic()); 0 = none */
    size_t mem;          /* bytes this request has charged to the process account so far */
    budget_trip tripped; /* sticky: the first reason the work must stop */
    const char *cap;     /* for BUDGET_SIZE: the name of the cap that was hit ("--max-result-bytes") */
    unsigned tick;       /* countdown to the next clock read (budget_expired is cheap) */
    /* beyond the agreed interface (set by budget_begin / the trips): */
    double seconds;       /* as given to budget_begin, for the message */
    size_t cap_limit;     /* for BUDGET_SIZE: the cap's value (bytes, items, code points) */
    unsigned long serial; /* unique per budget_begin: who charged a buffer */
    struct budget *prev;  /* the budget current before this one (budgets nest) */
} budget;

/* Clock reads: one every BUDGET_TICK calls of budget_expired(). */
#define BUDGET_TICK 128u

/* seconds <= 0: no deadline.  Makes b current on this thread (the one
 * current before it comes back at budget_end). */
void budget_begin(budget *b, double seconds);
/* The same with the clock_monotonic() the caller has just read. */
void budget_begin_at(budget *b, double seconds, double now);
/* Releases b->mem from the process account; the previous budget (usually
 * none) becomes current again. */
void budget_end(budget *b);

/* The current budget of this thread; NULL outside a request. */
static inline budget *budget_current(void)
{
    extern _Thread_local budget *budget_tls;
    return budget_tls;
}

bool budget_expired_slow(budget *b);
/* True once the current budget is tripped (time read every BUDGET_TICK
 * calls): CPU-bound loops call it and stop with budget_error(). */
static inline bool budget_expired(void)
{
    budget *b = budget_current();
    return b && (b->tripped != BUDGET_OK || --b->tick == 0) && budget_expired_slow(b);
}

/* Seconds left before the current budget's deadline (<= 0 once passed;
 * HUGE_VAL without a budget or a deadline): a loop that cannot be
 * interrupted sizes its work by it (e.g. the regex engine's first scan). */
double budget_remaining(void);
/* Trip the current budget (if any, and not tripped yet) on its deadline
 * now: work that cannot finish in the time left stops as if it ran out. */
void budget_trip_time(void);

/* Trip the current budget (if any, and not tripped yet) on a size cap:
 * `cap` is the flag's name ("--max-result-bytes"), limit its value. */
void budget_trip_size(const char *cap, size_t limit);

/* -1 with the error for the current budget's trip: 422 ResourceLimitError
 * "request exceeded --max-request-seconds (10 s)" or "result exceeds
 * --max-result-bytes (67108864)", or 429 Busy + Retry-After for
 * BUDGET_MEMORY. */
void budget_error_set(py_err *e, arena *a);
static inline int budget_error(py_err *e, arena *a)
{
    budget_error_set(e, a);
    return -1; /* visibly: callers' `return budget_error(...)` is an error path to the analyzer too */
}
/* The 422 of a size cap, whether or not a budget is current. */
void budget_size_error_set(py_err *e, arena *a, const char *cap, size_t limit);
static inline int budget_size_error(py_err *e, arena *a, const char *cap, size_t limit)
{
    budget_size_error_set(e, a, cap, limit);
    return -1;
}

/* A result built item by item (a list of matches, a map, n draws): its
 * JSON text as the builder counts it, and the arena bytes taken since
 * budget_meter_start.  budget_meter_add returns false, and trips the
 * current budget on --max-result-bytes, once the text passes
 * max_result_bytes or the arena grew by more than BUDGET_METER_ARENA times
 * that (values cost more than their text): the builder stops and answers
 * budget_meter_error. */
#define BUDGET_METER_ARENA 4
#define BUDGET_METER_FLOOR (4u << 20) /* the memory allowed however small the cap */
typedef struct budget_meter {
    const arena *a;
    size_t base;  /* arena_used at the start */
    size_t bytes; /* JSON text so far */
    size_t next;  /* text length at which the next full check runs */
    bool memory;  /* it was the values' memory that passed the cap */
} budget_meter;
void budget_meter_start(budget_meter *m, const arena *a);
bool budget_meter_check(budget_meter *m);
/* The full check (arena, cap) runs every BUDGET_METER_STEP bytes of text
 * (every 1/16 of the cap when that is less). */
#define BUDGET_METER_STEP 16384
static inline bool budget_meter_add(budget_meter *m, size_t n)
{
    m->bytes += n;
    return m->bytes < m->next || budget_meter_check(m);
}
/* "result exceeds --max-result-bytes (N)", or for the memory "result
 * exceeds memory of 4 x --max-result-bytes (N)". */
void budget_meter_error_set(const budget_meter *m, py_err *e, arena *a);
static inline int budget_meter_error(const budget_meter *m, py_err *e, arena *a)
{
    budget_meter_error_set(m, e, a);
    return -1;
}

/* The process memory account (--max-memory, config.max_memory; 0 = off):
 * bytes taken by requests right now.  budget_charge adds n to the current
 * budget (if any) and to the process; it returns false, and trips
 * BUDGET_MEMORY on the current budget, when the process account crosses
 * --max-memory (the bytes stay charged: allocation never fails, the next
 * budget_expired() stops the work).  Charge and release in the same
 * budget context. */
bool budget_charge(size_t n);
void budget_release(size_t n);
size_t budget_process_used(void);
size_t budget_process_max(void);

#endif
