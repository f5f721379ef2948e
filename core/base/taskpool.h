/* A fixed set of worker threads fed by a bounded FIFO queue.  Used for work
 * that must not run on an HTTP thread (sleep, network) and by the job engine
 * (core/jobs/jobs.h), which needs queued tasks it can take back (future.cancel()). */
#ifndef PYSTD_TASKPOOL_H
#define PYSTD_TASKPOOL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct taskpool taskpool;
typedef void (*taskpool_fn)(void *arg);

/* A queued task.  taskpool_submit allocates its own; taskpool_submit_task
 * takes one the caller owns (embedded in the caller's record), which is
 * what makes taskpool_cancel possible without use-after-free: the node stays
 * valid as long as its owner, whatever the pool did with it. */
typedef struct taskpool_task {
    struct taskpool_task *prev, *next; /* pool-owned links while queued */
    taskpool_fn fn;
    void *arg;
    bool queued; /* guarded by the pool's lock */
    bool owned;  /* allocated by the pool (freed by it) */
} taskpool_task;

/* workers = 0: one per usable CPU, cpus_usable() (started as work arrives, then kept).
 * queue_max = 0: unbounded.
 * NULL when threads could not be started. */
taskpool *taskpool_new(unsigned workers, size_t queue_max);
/* 0, or -1 when the queue is full or the pool is shutting down. */
int taskpool_submit(taskpool *p, taskpool_fn fn, void *arg);
/* Same with a caller-owned node (must not be queued already). */
int taskpool_submit_task(taskpool *p, taskpool_task *t, taskpool_fn fn, void *arg);
/* Take a queued task back: true when it had not started (it never will);
 * false when a worker has taken it already (it runs, or ran). */
bool taskpool_cancel(taskpool *p, taskpool_task *t);
/* Tasks queued, not yet started. */
size_t taskpool_queued(taskpool *p);
/* Tasks running right now. */
size_t taskpool_running(taskpool *p);
/* Worker threads. */
unsigned taskpool_workers(taskpool *p);
/* Stop accepting; run what is queued (drain = true) or drop it, calling
 * `dropped(arg)` for each task not run; wait for the workers; free. */
void taskpool_free(taskpool *p, bool drain, taskpool_fn dropped);

#endif
