/* Internals of the job engine shared by core/jobs/jobs*.c: the job record,
 * the engine, and the calls between its parts.
 *
 *   jobs.c         the future states (finish), the worker loop, the timer
 *                  thread, and the public calls that change jobs
 *   jobs_table.c   the id table (hash + submission order), ids, the
 *                  finished list and forgetting, job memory and references
 *   jobs_wait.c    long-polls and event streams (waiters), notification
 *   jobs_render.c  the job object as JSON, state names
 *   jobs_idem.c    Idempotency-Key digests
 *   jobs_mirror.c  jobs kept by another store, mirrored for their waiters
 *
 * Every function here is called with the engine lock (jobs.mu) held. */
#ifndef PYSTD_JOBS_INT_H
#define PYSTD_JOBS_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "base/taskpool.h"
#include "jobs/jobs.h"

/* The exception of a job past its timeout: a static text, never freed. */
extern const char jobs_timeout_error[];

typedef struct jobs_slot {
    size_t off, len; /* in job->res */
    bool ok;
} jobs_slot;

struct jobs_job {
    char id[JOBS_ID_LEN + 1];
    char *op_name; /* malloc */
    char *trace;   /* malloc, or NULL: jobs_spec.trace, the run's ctl.trace */
    const void *op;
    bool map, rex;
    double timeout; /* < 0: none */
    jobs_state state;
    size_t total, completed;
    char *args;       /* the items as JSON text, back to back (malloc); freed by whoever is last
                         to need them (the worker, or the cancel of a queued task) */
    size_t *args_off; /* total + 1 offsets into args */
    strbuf res;       /* the slots' JSON texts, back to back */
    jobs_slot *slots; /* total entries (malloc) */
    char *exc;        /* the exception's JSON text (malloc, or jobs_timeout_error), or NULL */
    double created, started, finished; /* wall clock; 0 = null */
    double mono_started, mono_finished;
    size_t bytes; /* memory counted against max_kept_bytes once finished */
    jobs_ctl ctl;
    taskpool_task task;
    jobs_timer tmo;       /* the timeout */
    jobs_waiter *waiters; /* long-polls and subscribers (doubly linked) */
    unsigned refs;        /* table + queued/running task + each waiter */
    bool in_table, in_fin, task_ref;
    jobs_job *all_prev, *all_next;  /* submission order */
    jobs_job *fin_prev, *fin_next;  /* finishing order (for forgetting) */
    jobs_job *hnext[2];             /* hash chains: by id, by idem */
    char idem[JOBS_DIGEST_LEN + 1]; /* Idempotency-Key digest, or "" */
    char body[JOBS_DIGEST_LEN + 1]; /* the digest its request is compared by */
    bool external;                  /* mirrored (jobs_mirror.c): never runs here */
    unsigned long long version;     /* of the last snapshot applied (mirrored) */
    struct jobs *js;
};

/* A hash index of jobs by a hex key (the id, or the Idempotency-Key digest). */
enum { JOBS_BY_ID, JOBS_BY_IDEM };
typedef struct jobs_index {
    jobs_job **buckets;
    size_t nbuckets, n;
} jobs_index;

struct jobs {
    pthread_mutex_t mu;
    pthread_cond_t timer_cv; /* the timer thread sleeps here (CLOCK_MONOTONIC) */
    pthread_cond_t idle_cv;  /* jobs_drain sleeps here */
    jobs_limits lim;
    jobs_run_fn run;
    taskpool *pool;
    pthread_t timer_thread;
    bool timer_started, timer_stop, closed;
    jobs_timer_heap timers;
    jobs_index ids, idems; /* every job by id; those with an Idempotency-Key by it */
    jobs_job *all_head, *all_tail;
    jobs_job *fin_head, *fin_tail;
    size_t nfinished;
    size_t kept_bytes; /* memory of the finished jobs in the table (results, errors) */
    size_t by_state[JOBS_NSTATES];
    unsigned long long finished_total[JOBS_NSTATES], submitted, refused;
    unsigned long long dur_count[JOBS_NBUCKETS + 1], dur_n;
    double dur_sum;
    size_t nwaiters, nsubscribers;
    unsigned char rnd[4096]; /* kernel randomness for ids, drawn in bulk */
    size_t rnd_left;
};

/* --- jobs_render.c */

/* The job object (jobs.h, jobs_get) appended to o. */
void jobs_render(const jobs_job *j, strbuf *o);
/* The JSON text of item i's result or error. */
void jobs_render_slot(strbuf *o, const jobs_job *j, size_t i);

/* --- jobs_table.c */

/* The first buckets (jobs_new); -1 without memory. */
int jobs_table_init(jobs *js);
/* Drop every job of the table and the buckets (jobs_free). */
void jobs_table_free(jobs *js);
/* The job with this id, or NULL (a malformed id is no job). */
jobs_job *jobs_table_find(jobs *js, const char *id, size_t n);
/* Add under j->id, last in submission order; -1 without memory. */
int jobs_table_add(jobs *js, jobs_job *j);
/* The job whose Idempotency-Key digest is `key` (64 hex digits), or NULL. */
jobs_job *jobs_table_find_idem(jobs *js, const char *key);
/* Take j out of the table (its reference is the caller's to drop). */
void jobs_table_remove(jobs *js, jobs_job *j);
/* A fresh random id (JOBS_ID_LEN hex digits and a NUL). */
void jobs_table_new_id(jobs *js, char out[JOBS_ID_LEN + 1]);
/* j just finished: last in the finished list, its memory counted. */
void jobs_table_finished(jobs *js, jobs_job *j);
/* Forget finished jobs past keep_seconds, max_kept or max_kept_bytes. */
void jobs_table_prune(jobs *js);
/* A new job record: its op name (copied) and room for nitems results;
 * NULL without memory. */
jobs_job *jobs_job_alloc(const char *op_name, size_t nitems);
/* The memory of a job (its refs are 0, or it was never shared). */
void jobs_job_free(jobs_job *j);
/* Drop one reference; the last one frees the job. */
void jobs_job_unref(jobs_job *j);
/* The items' text is no longer needed (ran, or will never run). */
void jobs_job_drop_args(jobs_job *j);

/* --- jobs_mirror.c */

/* The mirrored job for s: found (and brought up to date) or created and
 * added to the table; NULL without memory. */
jobs_job *jobs_mirror_take(jobs *js, const jobs_snapshot *s);
/* A mirrored job nobody waits on any more leaves the table (maybe freed). */
void jobs_mirror_release(jobs *js, jobs_job *j);

/* --- jobs_wait.c */

/* Tell the waiters of j: long-polls are answered (when final) and
 * released; subscribers are told there is news. */
void jobs_notify(jobs *js, jobs_job *j);
/* Answer a parked long-poll now with the job as it is, and release it. */
void jobs_waiter_answer(jobs *js, jobs_waiter *w);
/* Wake the timer thread when t is now the earliest deadline. */
void jobs_signal_timer(jobs *js, const jobs_timer *t);

#endif
