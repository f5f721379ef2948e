/* What a running operation can ask of the job that runs it: should it stop
 * (cancelled, timed out), sleep interruptibly, report progress.  A
 * synchronous request has no job_ctl (op_ctx.job == NULL). */
#ifndef PYSTD_JOBCTL_H
#define PYSTD_JOBCTL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct job_ctl {
    atomic_bool stop;       /* set by cancel or by the timeout */
    double deadline;        /* monotonic seconds; 0 = none */
    pthread_mutex_t mu;     /* with cv: wakes sleepers on stop */
    pthread_cond_t cv;
    void (*on_progress)(struct job_ctl *j, size_t done, size_t total);
    void *owner;
};

void job_ctl_init(struct job_ctl *j, double deadline);
void job_ctl_destroy(struct job_ctl *j);
/* Ask the operation to stop; wakes an op_sleep. */
void job_ctl_stop(struct job_ctl *j);

double monotonic_now(void);

#endif
