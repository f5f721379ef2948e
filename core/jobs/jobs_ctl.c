#include "jobs/jobs_ctl.h"

#include "base/clock.h"

void job_ctl_init(job_ctl *j, double deadline)
{
    atomic_init(&j->stop, false);
    j->deadline = deadline;
    pthread_mutex_init(&j->mu, NULL);
    pthread_condattr_t at;
    pthread_condattr_init(&at);
    pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
    pthread_cond_init(&j->cv, &at);
    pthread_condattr_destroy(&at);
    j->on_progress = NULL;
    j->owner = NULL;
}

void job_ctl_destroy(job_ctl *j)
{
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
}

void job_ctl_stop(job_ctl *j)
{
    pthread_mutex_lock(&j->mu);
    atomic_store(&j->stop, true);
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

bool job_ctl_stopped(const job_ctl *j)
{
    if (atomic_load(&j->stop))
        return true;
    return j->deadline > 0 && clock_monotonic() >= j->deadline;
}
