/* Waiting without a thread (jobs.h): long-polls (jobs_wait) and event
 * streams (jobs_subscribe) are records on their job plus an entry in the
 * engine's timer heap; jobs_notify answers or wakes them when the job
 * changes, the timer when a deadline or a keep-alive is due. */
#include <pthread.h>
#include <stddef.h>

#include "base/clock.h"
#include "jobs/jobs_int.h"

void jobs_signal_timer(jobs *js, const jobs_timer *t)
{
    if (jobs_timer_top(&js->timers) == t)
        pthread_cond_signal(&js->timer_cv);
}

static void waiter_unlink(jobs *js, jobs_waiter *w)
{
    jobs_job *j = w->j;
    if (w->prev)
        w->prev->next = w->next;
    else
        j->waiters = w->next;
    if (w->next)
        w->next->prev = w->prev;
    w->prev = w->next = NULL;
    w->linked = false;
    jobs_timer_del(&js->timers, &w->timer);
    if (w->ready)
        js->nwaiters--;
    else
        js->nsubscribers--;
}

void jobs_notify(jobs *js, jobs_job *j)
{
    strbuf json = STRBUF_INIT;
    bool final = jobs_state_final(j->state);
    for (jobs_waiter *w = j->waiters, *next; w; w = next) {
        next = w->next;
        if (w->ready) {
            if (!final)
                continue;
            if (!json.len)
                jobs_render(j, &json);
            waiter_unlink(js, w);
            w->ready(w, json.data, json.len);
            j->refs--; /* the table still holds one: never the last */
        } else {
            w->news(w);
        }
    }
    strbuf_free(&json);
    jobs_mirror_release(js, j); /* the caller must not touch j after this */
}

void jobs_waiter_answer(jobs *js, jobs_waiter *w)
{
    jobs_job *j = w->j;
    strbuf json = STRBUF_INIT;
    jobs_render(j, &json);
    waiter_unlink(js, w);
    w->ready(w, json.data, json.len);
    strbuf_free(&json);
    jobs_mirror_release(js, j);
    jobs_job_unref(j);
}

static void on_waiter_timer(jobs_timer *t)
{
    jobs_waiter *w = (jobs_waiter *)(void *)((char *)t - offsetof(jobs_waiter, timer));
    jobs_job *j = w->j;
    jobs *js = j->js;
    if (w->ready) { /* the long-poll's time is up: answer with the job as it is */
        jobs_waiter_answer(js, w);
    } else { /* a quiet event stream: a keep-alive comment is due */
        w->keepalive_due = true;
        if (jobs_timer_add(&js->timers, &w->timer, clock_monotonic() + js->lim.keepalive) == 0)
            jobs_signal_timer(js, &w->timer);
        w->news(w);
    }
}

static void waiter_link(jobs *js, jobs_job *j, jobs_waiter *w)
{
    w->j = j;
    w->prev = NULL;
    w->next = j->waiters;
    if (j->waiters)
        j->waiters->prev = w;
    j->waiters = w;
    w->linked = true;
    j->refs++;
    if (w->ready)
        js->nwaiters++;
    else
        js->nsubscribers++;
}

/* A new waiter (a long-poll with ready, or a subscriber with news) for the
 * job `id`, or for the mirrored job of `snap` when given: with the lock
 * held, that job; NULL (lock released) when there is no such job. */
static jobs_job *waiter_start(jobs *js, const char *id, size_t id_len, const jobs_snapshot *snap,
                              jobs_waiter *w, jobs_ready_fn ready, jobs_news_fn news)
{
    w->ready = ready;
    w->news = news;
    w->sent = 0;
    w->keepalive_due = w->done_sent = w->ended = false;
    w->linked = false;
    w->j = NULL;
    jobs_timer_init(&w->timer, on_waiter_timer);
    pthread_mutex_lock(&js->mu);
    jobs_job *j;
    if (snap) {
        j = jobs_mirror_take(js, snap);
    } else {
        jobs_table_prune(js);
        j = jobs_table_find(js, id, id_len);
    }
    if (!j)
        pthread_mutex_unlock(&js->mu);
    return j;
}

static int wait_on(jobs *js, jobs_job *j, double deadline, jobs_waiter *w, jobs_ready_fn ready);

int jobs_wait(jobs *js, const char *id, size_t id_len, double deadline, jobs_waiter *w, jobs_ready_fn ready)
{
    jobs_job *j = waiter_start(js, id, id_len, NULL, w, ready, NULL);
    return j ? wait_on(js, j, deadline, w, ready) : JOBS_NOT_FOUND;
}

int jobs_mirror_wait(jobs *js, const jobs_snapshot *s, double deadline, jobs_waiter *w, jobs_ready_fn ready)
{
    jobs_job *j = waiter_start(js, NULL, 0, s, w, ready, NULL);
    return j ? wait_on(js, j, deadline, w, ready) : JOBS_NOMEM;
}

/* The lock is held (waiter_start); released here. */
static int wait_on(jobs *js, jobs_job *j, double deadline, jobs_waiter *w, jobs_ready_fn ready)
{
    if (!jobs_state_final(j->state) && deadline > clock_monotonic()) {
        waiter_link(js, j, w);
        if (jobs_timer_add(&js->timers, &w->timer, deadline) == 0) {
            jobs_signal_timer(js, &w->timer);
            pthread_mutex_unlock(&js->mu);
            return JOBS_OK;
        }
        waiter_unlink(js, w); /* no memory for the timer: answer now */
        j->refs--;
    }
    strbuf json = STRBUF_INIT;
    jobs_render(j, &json);
    w->j = NULL; /* answered: nothing to release */
    ready(w, json.data, json.len);
    strbuf_free(&json);
    jobs_mirror_release(js, j);
    pthread_mutex_unlock(&js->mu);
    return JOBS_OK;
}

static void subscribe_to(jobs *js, jobs_job *j, jobs_waiter *w)
{
    waiter_link(js, j, w);
    if (jobs_timer_add(&js->timers, &w->timer, clock_monotonic() + js->lim.keepalive) == 0)
        jobs_signal_timer(js, &w->timer);
    pthread_mutex_unlock(&js->mu);
}

int jobs_subscribe(jobs *js, const char *id, size_t id_len, jobs_waiter *w, jobs_news_fn news)
{
    jobs_job *j = waiter_start(js, id, id_len, NULL, w, NULL, news);
    if (!j)
        return JOBS_NOT_FOUND;
    subscribe_to(js, j, w);
    return JOBS_OK;
}

int jobs_mirror_subscribe(jobs *js, const jobs_snapshot *s, jobs_waiter *w, jobs_news_fn news)
{
    jobs_job *j = waiter_start(js, NULL, 0, s, w, NULL, news);
    if (!j)
        return JOBS_NOMEM;
    subscribe_to(js, j, w);
    return JOBS_OK;
}

int jobs_next_event(jobs *js, jobs_waiter *w, strbuf *data, size_t *event_id)
{
    pthread_mutex_lock(&js->mu);
    jobs_job *j = w->j;
    int ev = JOBS_EV_NONE;
    if (!j || w->done_sent || w->ended) {
        ev = JOBS_EV_END;
    } else if (w->sent < j->completed) {
        size_t i = w->sent++;
        strbuf_printf(data, "{\"index\":%zu,\"completed\":%zu,\"total\":%zu,\"%s\":", i, i + 1, j->total,
                      j->slots[i].ok ? "result" : "exception");
        jobs_render_slot(data, j, i);
        strbuf_putc(data, '}');
        *event_id = w->sent;
        ev = JOBS_EV_PROGRESS;
    } else if (jobs_state_final(j->state)) {
        jobs_render(j, data);
        w->done_sent = true;
        ev = JOBS_EV_DONE;
    } else if (w->keepalive_due) {
        w->keepalive_due = false;
        ev = JOBS_EV_KEEPALIVE;
    }
    pthread_mutex_unlock(&js->mu);
    return ev;
}

void jobs_unsubscribe(jobs *js, jobs_waiter *w)
{
    pthread_mutex_lock(&js->mu);
    if (w->linked) {
        jobs_job *j = w->j;
        waiter_unlink(js, w);
        jobs_mirror_release(js, j);
        jobs_job_unref(j);
    }
    w->j = NULL;
    pthread_mutex_unlock(&js->mu);
}
