/* Internals of the redis job store (jobs_store.h), shared by its files:
 *
 *   jobs_redis.c         the store: open/free, the calls (submit, get, cancel,
 *                        list, wait, events, shutdown), snapshots of a job
 *   jobs_redis_worker.c  the workers: take a stream entry (XREADGROUP, or
 *                        XAUTOCLAIM of a dead worker's), run the job, record
 *                        each item, acknowledge
 *   jobs_redis_watch.c   the event thread (pub/sub: cancels reach the worker
 *                        running the job, news reaches this replica's
 *                        waiters) and the sweep thread (readiness, timeouts,
 *                        claim refresh, keep limits, counters)
 *   jobs_redis_lua.c     the scripts, and the keys they use
 *   jobs_redis_conn.c    connections, commands, script calls
 *
 * Design (docs/modules/jobs.md, "Replicas"): a job is a hash, its items'
 * results a list; the queue is one stream read by one consumer group, a
 * consumer per worker.  A worker refreshes the claim of the entry it runs
 * (XCLAIM ... JUSTID) every claim_seconds / 3; an entry idle for
 * claim_seconds belongs to a dead worker and is taken over (XAUTOCLAIM):
 * the job goes on from its next item if its op is rerunnable, else fails
 * with WorkerLost.  `attempt` (a counter in the job) fences writes: a worker
 * whose job was taken over, cancelled or timed out records nothing. */
#ifndef PYSTD_JOBS_REDIS_INT_H
#define PYSTD_JOBS_REDIS_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "jobs/jobs_redis_conn.h"
#include "jobs/jobs_store.h"

#define JR_PREFIX "pystd:"
#define JR_GROUP "workers"
#define JR_TIMEOUT 2.0 /* seconds: connect and command timeout */
#define JR_POOL_MAX 64 /* idle connections kept for the calls */

extern const char jr_queue[]; /* the stream's key */
extern redis_script jr_submit, jr_start, jr_item, jr_finish, jr_requeue, jr_release, jr_prune;
extern const char jr_worker_lost[], jr_shutdown_lost[];

/* A worker's job in progress (one per worker; guarded by slots_mu). */
typedef struct jr_slot {
    struct jr_store *rs;
    bool busy;
    char id[JOBS_ID_LEN + 1];
    char sid[48];      /* its stream entry */
    char consumer[96]; /* the worker's consumer name */
    char attempt[24];
    double deadline; /* monotonic; 0 = none */
    bool timed_out;  /* the sweep thread failed it with TimeoutError */
    bool handback;   /* shutdown: hand it back instead of recording */
    jobs_ctl ctl;    /* what the op sees; stopped by cancel, timeout, handback */
} jr_slot;

typedef struct jr_store {
    jobs_store base;
    redis_addr addr;
    jobs_limits lim;
    jobs_run_fn run;
    jobs_resolve_fn resolve;
    char name[64]; /* this replica: host-pid-random */
    jobs *mirror;  /* waiters park here (jobs_mirror_*) */

    pthread_mutex_t pool_mu;
    redisContext *pool[JR_POOL_MAX];
    int npool;

    atomic_bool up;      /* the last PING answered */
    atomic_bool closed;  /* shutdown began: no new submissions, workers take nothing new */
    atomic_bool stop;    /* threads end */
    atomic_bool abandon; /* give up retrying writes (the store is being freed) */

    unsigned nworkers;
    pthread_t *workers;
    unsigned started;
    jr_slot *slots;
    pthread_mutex_t slots_mu;
    bool stopping;           /* r_stop_all began: a job that starts now is handed back at once (slots_mu) */
    pthread_cond_t sweep_cv; /* the sweep thread sleeps here (CLOCK_MONOTONIC) */
    pthread_cond_t idle_cv;  /* drain waits here */
    atomic_int busy;
    _Atomic double next_autoclaim;

    pthread_t events_thread, sweep_thread;
    bool events_started, sweep_started;
    int wake[2]; /* a pipe: wakes the event thread */

    pthread_mutex_t stats_mu;
    jobs_stats st; /* this replica's counters; the shared gauges from the sweep */
} jr_store;

/* --- jobs_redis.c */
redisContext *jr_conn_get(jr_store *rs);
/* Back to the pool; a connection that failed (broken = true) is freed. */
void jr_conn_put(jr_store *rs, redisContext *c, bool broken);
bool jr_valid_id(const char *id, size_t n);
void jr_count_finished(jr_store *rs, const char *state, double started, double finished);

/* A job as read from Redis: HMGET of its fields and LRANGE of its items
 * from `from`.  JOBS_OK, JOBS_NOT_FOUND, or JOBS_UNAVAILABLE (I/O error). */
typedef struct jr_snap {
    jobs_snapshot s;
    char id[JOBS_ID_LEN + 1];
    redisReply *fields, *items;
    jobs_item *it;
} jr_snap;
int jr_snap_fetch(redisContext *c, const char *id, size_t from, jr_snap *out);
void jr_snap_free(jr_snap *s);
/* If id is mirrored, read what is new and tell its waiters. */
void jr_refresh(jr_store *rs, redisContext *c, const char *id);

/* --- jobs_redis_worker.c */
int jr_workers_start(jr_store *rs);
void jr_workers_join(jr_store *rs);
/* The consumer group exists (created at the stream's start when absent). */
bool jr_ensure_group(redisContext *c);

/* --- jobs_redis_watch.c */
int jr_watch_start(jr_store *rs);
void jr_watch_stop(jr_store *rs);
/* A running job of this replica must stop: its state moved on elsewhere. */
void jr_stop_local(jr_store *rs, const char *id);

#endif
