/* What an operation can ask of the server while it runs (everything handlers/op.h
 * declares, defined here and nowhere else): should it stop, an interruptible
 * sleep and progress (through the jobs_ctl of the job running it, when there
 * is one), an extra top-level response field, a line in the service's log,
 * the trace context to pass on. */
#include "op.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <time.h>

#include "base/clock.h"
#include "jobs/jobs_ctl.h"
#include "log.h"
#include "registry.h"
#include "trace.h"

bool op_should_stop(const op_ctx *c)
{
    if (!c->job)
        return false;
    return jobs_ctl_stopped(c->job);
}

static struct timespec abs_ts(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)floor(t);
    ts.tv_nsec = (long)((t - floor(t)) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    return ts;
}

static bool sleep_until(double end)
{
    for (;;) {
        double left = end - clock_monotonic();
        if (left <= 0)
            return true;
        struct timespec ts = {(time_t)left, (long)((left - floor(left)) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

bool op_sleep(op_ctx *c, double secs)
{
    double end = clock_monotonic() + (secs > 0 ? secs : 0);
    jobs_ctl *j = c->job;
    if (!j)
        return sleep_until(end);
    bool cut = false;
    double until = end;
    if (j->deadline > 0 && j->deadline < until)
        until = j->deadline, cut = true;
    struct timespec ts = abs_ts(until);
    pthread_mutex_lock(&j->mu);
    while (!atomic_load(&j->stop)) {
        if (pthread_cond_timedwait(&j->cv, &j->mu, &ts) == ETIMEDOUT)
            break;
    }
    bool stopped = atomic_load(&j->stop);
    pthread_mutex_unlock(&j->mu);
    return !stopped && !cut;
}

void op_progress(op_ctx *c, size_t done, size_t total)
{
    if (c->job && c->job->on_progress)
        c->job->on_progress(c->job, done, total);
}

void op_extra(op_ctx *c, const char *key, pv *val)
{
    if (!c->extra)
        c->extra = pv_dict(c->a, 2);
    pv_dict_setc(c->a, c->extra, key, val);
}

void op_log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(LOG_ERROR, fmt, ap);
    va_end(ap);
}

int op_wire_bytes(op_ctx *c, const char *arg, const pv *v, pv **out)
{
    return registry_wire_bytes(c->a, arg, v, out, &c->err);
}

const char *op_traceparent(op_ctx *c)
{
    const trace_ctx *t = trace_current();
    if (!t)
        return NULL;
    char *out = arena_alloc(c->a, 56);
    trace_child(t, out);
    return out;
}

const char *op_tracestate(const op_ctx *c)
{
    (void)c;
    const trace_ctx *t = trace_current();
    return t && t->state && *t->state ? t->state : NULL;
}
