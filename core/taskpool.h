/* A fixed set of worker threads fed by a bounded FIFO queue.  Used for work
 * that must not run on an HTTP thread (sleep, network) and by the job system. */
#ifndef PYSTD_TASKPOOL_H
#define PYSTD_TASKPOOL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct taskpool taskpool;
typedef void (*task_fn)(void *arg);

/* queue_max = 0: unbounded. NULL when threads could not be started. */
taskpool *taskpool_new(unsigned workers, size_t queue_max);
/* 0, or -1 when the queue is full or the pool is shutting down. */
int taskpool_submit(taskpool *p, task_fn fn, void *arg);
/* Tasks queued, not yet started. */
size_t taskpool_queued(taskpool *p);
/* Tasks running right now. */
size_t taskpool_running(taskpool *p);
/* Stop accepting; run what is queued (drain = true) or drop it, calling
 * `dropped(arg)` for each task not run; wait for the workers; free. */
void taskpool_free(taskpool *p, bool drain, task_fn dropped);

#endif
