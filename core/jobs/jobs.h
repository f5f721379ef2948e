/* The job engine: concurrent.futures / asyncio semantics for operations run
 * in the background, free of HTTP (server/jobs_http.c is the front end).
 *
 *   pending -> running -> done | failed | cancelled      (future states)
 *
 * * A fixed pool of workers (core/base/taskpool.h) fed by a bounded queue: at most
 *   max_pending jobs wait for a worker, beyond that submission is refused
 *   (JOBS_BUSY).  A job runs its items one after the other on one worker, in
 *   input order (executor.map); a submit is a map of one item whose result
 *   is that item's result.
 * * Items are run by a caller-supplied function that writes the JSON text of
 *   the result, or of the error object (return false), exactly as the
 *   synchronous call would answer.  With return_exceptions=false the first
 *   failing item fails the job (its error is the job's exception) and the
 *   rest never run; with true the error sits in the item's slot.
 * * timeout counts from the start (asyncio.wait_for): past it the job is
 *   failed with {"type": "TimeoutError", "message": ""} at once, and the
 *   op sees jobs_ctl_stopped() (op_sleep returns early).
 * * cancel (future.cancel() / Task.cancel()): a pending job never starts; a
 *   running one turns cancelled at once, its op is asked to stop and
 *   whatever it still produces is discarded; a map stops before its next
 *   item.  A finished job cannot be cancelled (JOBS_FINISHED).
 * * Finished jobs are kept keep_seconds (and at most max_kept of them and
 *   max_kept_bytes of their results, the oldest finished forgotten first),
 *   then lookups say JOBS_NOT_FOUND.
 * * Waiting costs no thread: a long-poll (jobs_wait) or an event stream
 *   (jobs_subscribe) is a record on the job plus an entry in the engine's
 *   one timer heap; callbacks fire from whichever thread changes the job.
 *
 * Thread safety: every function may be called from any thread.  One lock
 * guards the table; the callbacks of waiters run with it held and must not
 * block or call back into the engine (copy what they need and wake their
 * client).  Memory: the engine owns every job (malloc); results are kept
 * as JSON text, so nothing refers to a request's arena after submission. */
#ifndef PYSTD_JOBS_H
#define PYSTD_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "jobs/jobs_ctl.h"
#include "jobs/jobs_timer.h"
#include "py/py_value.h"

#define JOBS_ID_LEN 32 /* 128 random bits as lowercase hex (96 after a tag) */
#define JOBS_TAG_LEN 8 /* a jobs_spec.id_tag: the first hex digits of an id, set by the caller */

typedef enum jobs_state { JOBS_PENDING, JOBS_RUNNING, JOBS_DONE, JOBS_FAILED, JOBS_CANCELLED } jobs_state;
#define JOBS_NSTATES 5
static inline bool jobs_state_final(jobs_state s)
{
    return s >= JOBS_DONE;
}
const char *jobs_state_name(jobs_state s);
/* The state named by s[0..n), or -1. */
int jobs_state_parse(const char *s, size_t n);

typedef struct jobs_limits {
    unsigned workers;      /* 0: one per usable CPU (cpus_usable) */
    size_t max_pending;    /* jobs waiting for a worker; more -> JOBS_BUSY (0: no limit) */
    double keep_seconds;   /* finished jobs are forgotten after this long */
    size_t max_kept;       /* finished jobs kept at most (oldest finished first out) */
    size_t max_kept_bytes; /* memory of finished jobs' results kept at most (0: no limit) */
    double keepalive;      /* seconds between keep-alives of a quiet event stream (<= 0: 15) */
    double claim_seconds;  /* redis: a dead worker's job is taken over after this long (<= 0: 30) */
} jobs_limits;

/* Run one item on a worker: append to `out` the JSON text of the result and
 * return true, or of the error object ({"type", "message", ...}) and return
 * false.  `op` is the jobs_spec's; `args` the item, rebuilt for this run in
 * `a`, an arena that lives for the call (use it for the op's values). */
typedef bool (*jobs_run_fn)(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out);

typedef struct jobs jobs;
typedef struct jobs_job jobs_job;

/* NULL when the workers or the timer thread could not be started. */
jobs *jobs_new(const jobs_limits *lim, jobs_run_fn run);
/* Stops accepting, cancels what is left, joins the workers (a running op
 * that ignores its jobs_ctl is waited for) and frees everything.  Every
 * subscription must have been released (jobs_unsubscribe) before. */
void jobs_free(jobs *js);

enum {
    JOBS_OK = 0,
    JOBS_BUSY = -1,   /* max_pending jobs wait already */
    JOBS_CLOSED = -2, /* jobs_close() was called: shutting down */
    JOBS_NOMEM = -3,
    JOBS_NOT_FOUND = -4,   /* no such id (never was, or forgotten) */
    JOBS_FINISHED = -5,    /* cancel of a finished job */
    JOBS_EXISTS = -6,      /* submit: the Idempotency-Key names a job of this body (it is in *existing) */
    JOBS_CONFLICT = -7,    /* submit: the Idempotency-Key names a job of another body */
    JOBS_UNAVAILABLE = -8, /* the store cannot be reached (redis): try again later */
};

/* Idempotency (jobs_spec.idem_key, .body_digest): JOBS_DIGEST_LEN hex digits. */
#define JOBS_DIGEST_LEN 64
/* The key under which an Idempotency-Key is kept: a digest of the tenant
 * (the namespace a key belongs to; "" until tokens exist) and the key. */
void jobs_idem_digest(const char *tenant, const char *key, size_t key_len, char out[JOBS_DIGEST_LEN + 1]);
/* The digest a key's request is compared by: the endpoint and the body. */
void jobs_body_digest(const char *endpoint, const char *body, size_t len, char out[JOBS_DIGEST_LEN + 1]);

typedef struct jobs_spec {
    const char *op_name;    /* the job object's "op" (copied) */
    const void *op;         /* handed to the run function; must outlive the engine */
    const pv *const *items; /* argument values, deep-copied at submission */
    size_t nitems;
    bool map;       /* false: one item, result = its result */
    double timeout; /* seconds from start; < 0: none */
    bool return_exceptions;
    bool rerunnable;         /* no side effects: may run again when its worker dies (redis) */
    const char *idem_key;    /* jobs_idem_digest, or NULL: no Idempotency-Key */
    const char *body_digest; /* jobs_body_digest (with idem_key) */
    strbuf *existing;        /* JOBS_EXISTS: the job object is appended here (may be NULL) */
    const char *id_tag;      /* JOBS_TAG_LEN hex digits the id starts with (the tenant's), or NULL */
    const char *trace;       /* opaque text handed to the run as jobs_ctl.trace (copied), or NULL */
} jobs_spec;

/* Queue a job; on JOBS_OK its id (NUL-terminated) is in `id`.  With an
 * idem_key already kept: JOBS_EXISTS (same body_digest; `id` is that job's)
 * or JOBS_CONFLICT. */
int jobs_submit(jobs *js, const jobs_spec *s, char id[JOBS_ID_LEN + 1]);

/* The job object as JSON:
 *   {"id","op","state","done","progress":{"completed","total"},"result",
 *    "exception","created_at","started_at","finished_at"}
 * (times RFC 3339 UTC with milliseconds, or null).  Appended to out. */
int jobs_get(jobs *js, const char *id, size_t id_len, strbuf *out);
/* Just the state (JOBS_OK), or JOBS_NOT_FOUND. */
int jobs_get_state(jobs *js, const char *id, size_t id_len, jobs_state *state);
/* Cancel; JOBS_OK with the job (now cancelled) in out, JOBS_NOT_FOUND, or
 * JOBS_FINISHED with the state it finished in (*final_state). */
int jobs_cancel(jobs *js, const char *id, size_t id_len, strbuf *out, jobs_state *final_state);
/* {"jobs": [...]} oldest first; state < 0: all. */
void jobs_list(jobs *js, int state, strbuf *out);
/* The same, only the jobs whose id starts with tag (JOBS_TAG_LEN; NULL: all). */
void jobs_list_tagged(jobs *js, int state, const char *tag, strbuf *out);

/* --- waiting without a thread ------------------------------------------ */

typedef struct jobs_waiter jobs_waiter;
/* A long-poll is over (the job finished, or the deadline came): the job's
 * JSON at that moment.  Called exactly once per successful jobs_wait, maybe
 * from inside it; the engine lock is held. */
typedef void (*jobs_ready_fn)(jobs_waiter *w, const char *json, size_t len);
/* An event stream has something new (an event, or a keep-alive is due):
 * fetch it with jobs_next_event (not from inside the callback). */
typedef void (*jobs_news_fn)(jobs_waiter *w);

struct jobs_waiter {
    void *arg; /* the caller's */
    /* engine-private */
    jobs_ready_fn ready;
    jobs_news_fn news;
    jobs_job *j;
    jobs_waiter *prev, *next;
    jobs_timer timer;
    size_t sent;
    bool linked, keepalive_due, done_sent, ended;
};

/* Long-poll until the job is final or `deadline` (monotonic seconds). */
int jobs_wait(jobs *js, const char *id, size_t id_len, double deadline, jobs_waiter *w, jobs_ready_fn ready);
/* Follow a job's events (as_completed): every progress event from the
 * first, then done.  Hold until jobs_unsubscribe (the job is kept alive for
 * the subscriber even once forgotten by the table). */
int jobs_subscribe(jobs *js, const char *id, size_t id_len, jobs_waiter *w, jobs_news_fn news);

enum { JOBS_EV_NONE, JOBS_EV_PROGRESS, JOBS_EV_KEEPALIVE, JOBS_EV_DONE, JOBS_EV_END };
/* The next thing for a subscriber.  PROGRESS: data = {"index","completed",
 * "total","result"|"exception"}, *event_id = 1, 2, ...; DONE: data = the job;
 * KEEPALIVE: nothing to send but a comment; NONE: nothing yet (news will
 * come); END: done was sent. */
int jobs_next_event(jobs *js, jobs_waiter *w, strbuf *data, size_t *event_id);
/* Release a subscription, or a wait that was not answered yet (its ready
 * callback will then never run).  No-op for a waiter already released. */
void jobs_unsubscribe(jobs *js, jobs_waiter *w);

/* --- jobs kept elsewhere, mirrored for waiters (core/jobs/jobs_mirror.c) --
 * A store that keeps jobs out of this process (redis) still parks its
 * long-polls and event streams here: the job is copied in (a snapshot) while
 * someone waits on it, updated as news arrives, and dropped with its last
 * waiter.  Such a job never runs here. */

typedef struct jobs_item {
    const char *json; /* the result, or the error object */
    size_t len;
    bool ok;
} jobs_item;

typedef struct jobs_snapshot {
    const char *id; /* JOBS_ID_LEN hex digits */
    const char *op_name;
    bool map;
    jobs_state state;
    size_t total, completed;
    double created, started, finished; /* wall clock; 0 = null */
    const char *exc;                   /* the exception's JSON text, or NULL */
    size_t from, nitems;               /* items[k] is item from + k (k < nitems) */
    const jobs_item *items;
    unsigned long long version; /* grows with every change: older snapshots are ignored */
} jobs_snapshot;

/* The job object of a snapshot holding every item (from 0 to completed). */
void jobs_render_snapshot(const jobs_snapshot *s, strbuf *out);
/* jobs_wait / jobs_subscribe on a mirrored job, created from s if absent. */
int jobs_mirror_wait(jobs *js, const jobs_snapshot *s, double deadline, jobs_waiter *w, jobs_ready_fn ready);
int jobs_mirror_subscribe(jobs *js, const jobs_snapshot *s, jobs_waiter *w, jobs_news_fn news);
/* News: apply s to the mirrored job (if anyone waits on it) and tell its waiters. */
void jobs_mirror_update(jobs *js, const jobs_snapshot *s);
/* Is `id` mirrored?  Then its state, items known and version. */
bool jobs_mirror_known(jobs *js, const char *id, jobs_state *state, size_t *completed,
                       unsigned long long *version);
/* Every mirrored id (fn runs with the engine lock held: copy, don't block). */
void jobs_mirror_each(jobs *js, void (*fn)(void *arg, const char *id, size_t completed), void *arg);
/* Shutdown: answer every long-poll with the job as known, end every stream. */
void jobs_mirror_release_all(jobs *js);

/* --- shutdown (executor.shutdown(wait=True, cancel_futures=True)) -------- */

/* Refuse new work (JOBS_CLOSED) and cancel every pending job (mirrored
 * jobs are not this engine's to cancel, here and in jobs_cancel_all). */
void jobs_close(jobs *js);
/* Wait until no job runs, or until `deadline` (monotonic); true when idle. */
bool jobs_drain(jobs *js, double deadline);
/* Cancel every job not finished yet (running ones stop cooperatively). */
void jobs_cancel_all(jobs *js);

/* --- numbers for /metrics ----------------------------------------------- */

#define JOBS_NBUCKETS 12
extern const double jobs_duration_buckets[JOBS_NBUCKETS]; /* seconds; + Inf after */

typedef struct jobs_stats {
    size_t by_state[JOBS_NSTATES];                   /* jobs kept, by state */
    unsigned long long finished_total[JOBS_NSTATES]; /* counters (done/failed/cancelled) */
    unsigned long long submitted_total;
    unsigned long long refused_total; /* JOBS_BUSY answers */
    size_t queue_depth;               /* pending jobs (waiting for a worker) */
    size_t max_pending;
    size_t kept_bytes; /* memory held by finished jobs' results */
    unsigned workers;
    size_t workers_busy;                                  /* workers executing an op now */
    size_t waiters, subscribers;                          /* parked long-polls and event streams */
    unsigned long long duration_count[JOBS_NBUCKETS + 1]; /* per bucket (not cumulative) */
    double duration_sum;
    unsigned long long duration_n;
} jobs_stats;
void jobs_get_stats(jobs *js, jobs_stats *st);

#endif
