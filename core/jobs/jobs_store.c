/* The job store interface (jobs_store.h): choosing a backend by name, and
 * the memory store -- the engine of jobs.h behind the table of functions. */
#include "jobs/jobs_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mem_store {
    jobs_store base;
    jobs *js; /* owned */
} mem_store;

static jobs *E(jobs_store *st)
{
    return ((mem_store *)(void *)st)->js;
}

static int m_submit(jobs_store *st, const jobs_spec *s, char id[JOBS_ID_LEN + 1])
{
    return jobs_submit(E(st), s, id);
}
static int m_get(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *state)
{
    jobs_state here;
    if (jobs_get_state(E(st), id, n, &here) != JOBS_OK)
        return JOBS_NOT_FOUND;
    if (state)
        *state = here;
    return out ? jobs_get(E(st), id, n, out) : JOBS_OK;
}
static int m_cancel(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *final_state)
{
    return jobs_cancel(E(st), id, n, out, final_state);
}
static int m_list(jobs_store *st, int state, const char *tag, strbuf *out)
{
    jobs_list_tagged(E(st), state, tag, out);
    return JOBS_OK;
}
static int m_wait(jobs_store *st, const char *id, size_t n, double deadline, jobs_waiter *w,
                  jobs_ready_fn ready)
{
    return jobs_wait(E(st), id, n, deadline, w, ready);
}
static int m_subscribe(jobs_store *st, const char *id, size_t n, jobs_waiter *w, jobs_news_fn news)
{
    return jobs_subscribe(E(st), id, n, w, news);
}
static int m_next_event(jobs_store *st, jobs_waiter *w, strbuf *data, size_t *event_id)
{
    return jobs_next_event(E(st), w, data, event_id);
}
static void m_unsubscribe(jobs_store *st, jobs_waiter *w)
{
    jobs_unsubscribe(E(st), w);
}
static void m_close(jobs_store *st)
{
    jobs_close(E(st));
}
static bool m_drain(jobs_store *st, double deadline)
{
    return jobs_drain(E(st), deadline);
}
static void m_stop_all(jobs_store *st)
{
    jobs_cancel_all(E(st));
}
static void m_stats(jobs_store *st, jobs_stats *out)
{
    jobs_get_stats(E(st), out);
}
static bool m_ready(jobs_store *st, const char **why)
{
    (void)st;
    (void)why;
    return true;
}
static void m_free(jobs_store *st)
{
    jobs_free(E(st));
    free(st);
}

static const jobs_store_ops MEMORY = {"memory",   false,       m_submit,     m_get,         m_cancel, m_list,
                                      m_wait,     m_subscribe, m_next_event, m_unsubscribe, m_close,  m_drain,
                                      m_stop_all, m_stats,     m_ready,      m_free};

jobs_store *jobs_store_memory(const jobs_limits *lim, jobs_run_fn run)
{
    mem_store *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->base.ops = &MEMORY;
    m->js = jobs_new(lim, run);
    if (!m->js) {
        free(m);
        return NULL;
    }
    return &m->base;
}

jobs_store *jobs_store_open(const char *backend, const jobs_limits *lim, jobs_run_fn run,
                            jobs_resolve_fn resolve, char *err, size_t errlen)
{
    if (!backend || !*backend || strcmp(backend, "memory") == 0) {
        jobs_store *st = jobs_store_memory(lim, run);
        if (!st)
            snprintf(err, errlen, "cannot start the job workers");
        return st;
    }
    if (strncmp(backend, "redis://", 8) == 0)
        return jobs_store_redis(backend, lim, run, resolve, err, errlen);
    snprintf(err, errlen, "unknown jobs backend '%s' (memory or redis://HOST:PORT[/DB])", backend);
    return NULL;
}
