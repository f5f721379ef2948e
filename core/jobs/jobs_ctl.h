/* What a running operation can ask of the job that runs it: should it stop
 * (cancelled, timed out), sleep interruptibly, report progress.  A
 * synchronous request has no jobs_ctl (op_ctx.job == NULL).
 *
 * Lives in core/ because the job engine (core/jobs/jobs.c) owns one per job;
 * server/op.c answers handlers/op.h's op_should_stop / op_sleep / op_progress
 * with it. */
#ifndef PYSTD_JOBS_CTL_H
#define PYSTD_JOBS_CTL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct jobs_ctl {
    atomic_bool stop;   /* set by cancel or by the timeout */
    double deadline;    /* monotonic seconds; 0 = none (set before the op runs) */
    pthread_mutex_t mu; /* with cv: wakes sleepers on stop */
    pthread_cond_t cv;
    void (*on_progress)(struct jobs_ctl *j, size_t done, size_t total);
    void *owner;
    const char *job_id; /* the job's id (its tag names its tenant), or NULL */
    const char *trace;  /* the trace context it was submitted with (jobs_spec.trace), or NULL */
};
typedef struct jobs_ctl jobs_ctl;

void jobs_ctl_init(jobs_ctl *j, double deadline);
/* A condition variable whose timed waits count on CLOCK_MONOTONIC (every
 * deadline of the job engines is monotonic). */
void jobs_cond_init(pthread_cond_t *cv);
void jobs_ctl_destroy(jobs_ctl *j);
/* Ask the operation to stop; wakes an op_sleep. */
void jobs_ctl_stop(jobs_ctl *j);
/* Stopped, or past the deadline. */
bool jobs_ctl_stopped(const jobs_ctl *j);

#endif
