/* The compute pool (server/compute.c): the workers that run heavy ops, away
 * from the HTTP threads.  Bounded: --compute-threads workers (default one per
 * core) at a lower scheduling priority than the HTTP threads, so probes and
 * cheap requests get the CPU first, and a queue of --compute-queue tasks;
 * beyond it a submit fails and the caller answers 429 Busy. */
#ifndef PYSTD_COMPUTE_H
#define PYSTD_COMPUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/taskpool.h"

/* A task the caller owns (in its request arena); fn(arg) runs on a worker. */
typedef struct compute_task {
    taskpool_task node;
    taskpool_fn fn;
    void *arg;
    double queued_at; /* monotonic seconds, set by compute_submit */
} compute_task;

int compute_init(void); /* per config.compute_threads / compute_queue */
/* At shutdown, while the HTTP server still runs: from now on a submit fails
 * (-2) and a task that has not started must answer 503 (compute_closing);
 * returns once nothing is queued or running. */
void compute_close(void);
bool compute_closing(void);
/* After the HTTP server stopped: frees the pool. */
void compute_fini(void);

/* 0; -1 when the queue is full (counted as a rejection, answer 429); -2
 * when closing (answer 503). */
int compute_submit(compute_task *t, taskpool_fn fn, void *arg);

/* The calling thread yields the CPU to the HTTP threads from now on (the
 * compute, offload and job workers call it; once per thread). */
void compute_lower_priority(void);

/* Each idle worker frees a block large enough for glibc to trim the top of
 * its own heap arena (past M_TRIM_THRESHOLD, which the caller has lowered):
 * malloc_trim() leaves those tops alone.  Waits at most ~20 ms. */
void compute_release_heap(void);

size_t compute_queued(void);
size_t compute_running(void);
bool compute_idle(void); /* nothing queued, nothing running */

/* Counters shown in /metrics. */
void compute_count_migrated(void);     /* an inline slice ran out and moved to the pool */
void compute_count_overrun(void);      /* an op ran far past its slice without noticing */
void compute_count_deadline(void);     /* an op stopped at --max-request-seconds */
void compute_count_queue_timeout(void); /* a task waited past --max-request-seconds: 429 */
void compute_count_codec(bool inflate); /* a body inflated (or compressed) on the pool */

#endif
