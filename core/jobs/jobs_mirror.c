/* Jobs kept by another store, mirrored here for their waiters (jobs.h): a
 * redis-backed service parks its long-polls and event streams on a copy of
 * the job (a snapshot, kept up to date as news arrives), so that waiting
 * still costs a record and a timer entry, not a thread.  A mirrored job is
 * in the table only while someone waits on it, and never runs here. */
#include <stdlib.h>
#include <string.h>

#include "jobs/jobs_int.h"

static void no_timeout(jobs_timer *t)
{
    (void)t;
}

static jobs_job *mirror_new(const jobs_snapshot *s)
{
    jobs_job *j = jobs_job_alloc(s->op_name, s->total);
    if (!j)
        return NULL;
    memcpy(j->id, s->id, JOBS_ID_LEN);
    j->id[JOBS_ID_LEN] = '\0';
    j->map = s->map;
    j->timeout = -1;
    j->external = true;
    jobs_ctl_init(&j->ctl, 0);
    jobs_timer_init(&j->tmo, no_timeout);
    return j;
}

/* Bring j up to s; false when s is not newer (or cannot be applied). */
static bool apply(jobs_job *j, const jobs_snapshot *s, bool fresh)
{
    if (!fresh && s->version <= j->version)
        return false;
    if (s->from > j->completed || s->completed > j->total)
        return false; /* a gap: wait for a snapshot that starts where j ends */
    for (size_t i = j->completed; i < s->completed; i++) {
        size_t k = i - s->from;
        if (k >= s->nitems)
            return false; /* (the caller sends from..completed whole) */
        jobs_slot *sl = &j->slots[i];
        sl->off = j->res.len;
        sl->len = s->items[k].len;
        sl->ok = s->items[k].ok;
        strbuf_append(&j->res, s->items[k].json, s->items[k].len);
    }
    j->completed = s->completed > j->completed ? s->completed : j->completed;
    j->state = s->state;
    j->created = s->created;
    j->started = s->started;
    j->finished = s->finished;
    if (j->exc != jobs_timeout_error)
        free(j->exc);
    j->exc = s->exc ? strdup(s->exc) : NULL;
    j->version = s->version;
    return true;
}

void jobs_render_snapshot(const jobs_snapshot *s, strbuf *out)
{
    jobs_job *j = mirror_new(s);
    if (!j)
        return;
    apply(j, s, true);
    jobs_render(j, out);
    jobs_job_free(j);
}

jobs_job *jobs_mirror_take(jobs *js, const jobs_snapshot *s)
{
    jobs_job *j = jobs_table_find(js, s->id, JOBS_ID_LEN);
    if (j) {
        if (j->external)
            apply(j, s, false);
        return j;
    }
    j = mirror_new(s);
    if (!j)
        return NULL;
    apply(j, s, true);
    j->js = js;
    if (jobs_table_add(js, j) < 0) {
        jobs_job_free(j);
        return NULL;
    }
    j->refs = 1; /* the table's */
    return j;
}

void jobs_mirror_release(jobs *js, jobs_job *j)
{
    if (j->external && j->in_table && !j->waiters) {
        jobs_table_remove(js, j);
        jobs_job_unref(j);
    }
}

void jobs_mirror_update(jobs *js, const jobs_snapshot *s)
{
    pthread_mutex_lock(&js->mu);
    jobs_job *j = jobs_table_find(js, s->id, JOBS_ID_LEN);
    if (j && j->external) {
        size_t by = j->state;
        if (apply(j, s, false)) {
            js->by_state[by]--;
            js->by_state[j->state]++;
            jobs_notify(js, j); /* may release j */
        }
    }
    pthread_mutex_unlock(&js->mu);
}

bool jobs_mirror_known(jobs *js, const char *id, jobs_state *state, size_t *completed,
                       unsigned long long *version)
{
    pthread_mutex_lock(&js->mu);
    jobs_job *j = jobs_table_find(js, id, JOBS_ID_LEN);
    bool known = j && j->external;
    if (known) {
        *state = j->state;
        *completed = j->completed;
        *version = j->version;
    }
    pthread_mutex_unlock(&js->mu);
    return known;
}

void jobs_mirror_each(jobs *js, void (*fn)(void *arg, const char *id, size_t completed), void *arg)
{
    pthread_mutex_lock(&js->mu);
    for (jobs_job *j = js->all_head; j; j = j->all_next)
        if (j->external)
            fn(arg, j->id, j->completed);
    pthread_mutex_unlock(&js->mu);
}

void jobs_mirror_release_all(jobs *js)
{
    pthread_mutex_lock(&js->mu);
    for (jobs_job *j = js->all_head, *next; j; j = next) {
        next = j->all_next;
        if (!j->external)
            continue;
        j->refs++; /* answering may release j: keep it for the loop */
        for (jobs_waiter *w = j->waiters, *wn; w; w = wn) {
            wn = w->next;
            if (w->ready) {
                jobs_waiter_answer(js, w); /* as at its deadline: the job as known */
            } else {
                w->ended = true; /* the stream ends without "done" */
                w->news(w);
            }
        }
        jobs_mirror_release(js, j);
        jobs_job_unref(j);
    }
    pthread_mutex_unlock(&js->mu);
}
