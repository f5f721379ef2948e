/* A job's control block (jobs_ctl.h): the stop flag, the deadline, and the
 * condition variable that wakes an op sleeping on it (op_sleep) at stop. */
#include "jobs/jobs_ctl.h"

#include "base/clock.h"

void jobs_ctl_init(jobs_ctl *j, double deadline)
{
    atomic_init(&j->stop, false);
    j->deadline = deadline;
    pthread_mutex_init(&j->mu, NULL);
    jobs_cond_init(&j->cv);
    j->on_progress = NULL;
    j->owner = NULL;
    j->job_id = NULL;
    j->trace = NULL;
}

void jobs_cond_init(pthread_cond_t *cv)
{
    pthread_condattr_t at;
    pthread_condattr_init(&at);
    pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
    pthread_cond_init(cv, &at);
    pthread_condattr_destroy(&at);
}

void jobs_ctl_destroy(jobs_ctl *j)
{
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
}

void jobs_ctl_stop(jobs_ctl *j)
{
    pthread_mutex_lock(&j->mu);
    atomic_store(&j->stop, true);
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

bool jobs_ctl_stopped(const jobs_ctl *j)
{
    if (atomic_load(&j->stop))
        return true;
    return j->deadline > 0 && clock_monotonic() >= j->deadline;
}
