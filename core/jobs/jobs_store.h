/* Where jobs live: one interface, two stores.
 *
 *   memory   the engine of core/jobs/jobs.h, in this process (the default)
 *   redis    core/jobs/jobs_redis*.c: jobs in Redis, shared by every replica
 *            that names the same Redis; any replica answers for any job
 *
 * Same API, same states, same job objects.  The calls are the engine's
 * (jobs.h documents them), through a table of functions.  A store whose
 * calls may wait on the network says so (`blocking`): its callers keep them
 * off threads that must not block (server/jobs_http.c runs them on a pool).
 * jobs_next_event and jobs_unsubscribe never block, in either store.
 *
 * Thread safety: every call may come from any thread. */
#ifndef PYSTD_JOBS_STORE_H
#define PYSTD_JOBS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "jobs/jobs.h"

typedef struct jobs_store jobs_store;

/* The op of a job submitted elsewhere (a redis replica runs what another
 * took in): the `op` handed to the run function, found by its name; NULL
 * when this process has no such op. */
typedef const void *(*jobs_resolve_fn)(const char *op_name);

typedef struct jobs_store_ops {
    const char *name;
    bool blocking;
    int (*submit)(jobs_store *st, const jobs_spec *s, char id[JOBS_ID_LEN + 1]);
    /* The job object appended to out and its state (either may be NULL):
     * JOBS_OK, JOBS_NOT_FOUND, JOBS_UNAVAILABLE. */
    int (*get)(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *state);
    int (*cancel)(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *final_state);
    int (*list)(jobs_store *st, int state, const char *tag, strbuf *out); /* tag: jobs_list_tagged */
    int (*wait)(jobs_store *st, const char *id, size_t n, double deadline, jobs_waiter *w,
                jobs_ready_fn ready);
    int (*subscribe)(jobs_store *st, const char *id, size_t n, jobs_waiter *w, jobs_news_fn news);
    int (*next_event)(jobs_store *st, jobs_waiter *w, strbuf *data, size_t *event_id);
    void (*unsubscribe)(jobs_store *st, jobs_waiter *w);
    /* shutdown: refuse new work; wait for running jobs; then stop what still
     * runs (memory: cancelled; redis: handed back to the other replicas) */
    void (*close)(jobs_store *st);
    bool (*drain)(jobs_store *st, double deadline);
    void (*stop_all)(jobs_store *st);
    void (*stats)(jobs_store *st, jobs_stats *out);
    /* Can the store be reached?  (why: a static text when not.)  Never blocks. */
    bool (*ready)(jobs_store *st, const char **why);
    void (*free)(jobs_store *st);
} jobs_store_ops;

struct jobs_store {
    const jobs_store_ops *ops;
};

/* backend: "memory" or "redis://[:PASSWORD@]HOST:PORT[/DB]".  NULL with a
 * message in err when the backend is unknown or cannot start (an unreachable
 * Redis is not an error: the store waits for it, not ready meanwhile). */
jobs_store *jobs_store_open(const char *backend, const jobs_limits *lim, jobs_run_fn run,
                            jobs_resolve_fn resolve, char *err, size_t errlen);

/* Memory store over an engine it owns. */
jobs_store *jobs_store_memory(const jobs_limits *lim, jobs_run_fn run);
/* Redis store (core/jobs/jobs_redis.c). */
jobs_store *jobs_store_redis(const char *url, const jobs_limits *lim, jobs_run_fn run,
                             jobs_resolve_fn resolve, char *err, size_t errlen);

static inline bool jobs_store_blocking(const jobs_store *st)
{
    return st->ops->blocking;
}
static inline int jobs_store_submit(jobs_store *st, const jobs_spec *s, char id[JOBS_ID_LEN + 1])
{
    return st->ops->submit(st, s, id);
}
static inline int jobs_store_get(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *state)
{
    return st->ops->get(st, id, n, out, state);
}
static inline int jobs_store_cancel(jobs_store *st, const char *id, size_t n, strbuf *out,
                                    jobs_state *final_state)
{
    return st->ops->cancel(st, id, n, out, final_state);
}
static inline int jobs_store_list(jobs_store *st, int state, const char *tag, strbuf *out)
{
    return st->ops->list(st, state, tag, out);
}
static inline int jobs_store_wait(jobs_store *st, const char *id, size_t n, double deadline, jobs_waiter *w,
                                  jobs_ready_fn ready)
{
    return st->ops->wait(st, id, n, deadline, w, ready);
}
static inline int jobs_store_subscribe(jobs_store *st, const char *id, size_t n, jobs_waiter *w,
                                       jobs_news_fn news)
{
    return st->ops->subscribe(st, id, n, w, news);
}
static inline int jobs_store_next_event(jobs_store *st, jobs_waiter *w, strbuf *data, size_t *event_id)
{
    return st->ops->next_event(st, w, data, event_id);
}
static inline void jobs_store_unsubscribe(jobs_store *st, jobs_waiter *w)
{
    st->ops->unsubscribe(st, w);
}
static inline void jobs_store_close(jobs_store *st)
{
    st->ops->close(st);
}
static inline bool jobs_store_drain(jobs_store *st, double deadline)
{
    return st->ops->drain(st, deadline);
}
static inline void jobs_store_stop_all(jobs_store *st)
{
    st->ops->stop_all(st);
}
static inline void jobs_store_stats(jobs_store *st, jobs_stats *out)
{
    st->ops->stats(st, out);
}
static inline bool jobs_store_ready(jobs_store *st, const char **why)
{
    return st->ops->ready(st, why);
}
static inline void jobs_store_free(jobs_store *st)
{
    if (st)
        st->ops->free(st);
}

#endif
