/* The job engine (see jobs.h): the future states and their moves, the
 * worker's map loop, timeouts, cancellation, the timer thread, and the
 * public calls.  The table, the waiters and the JSON live next door
 * (jobs_int.h says which file holds what). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "jobs/jobs_int.h"
#include "json/json.h"

const double jobs_duration_buckets[JOBS_NBUCKETS] = {0.001, 0.005, 0.01, 0.05, 0.1,  0.5,
                                                     1.0,   2.5,   5.0,  10.0, 30.0, 60.0};

const char jobs_timeout_error[] = "{\"type\":\"TimeoutError\",\"message\":\"\"}";

/* ------------------------------------------------------------ state changes */

static void set_state(jobs *js, jobs_job *j, jobs_state s)
{
    if (j->in_table) {
        js->by_state[j->state]--;
        js->by_state[s]++;
    }
    j->state = s;
}

/* Move j to a final state (lock held).  `exc` (malloc'ed JSON text, or
 * jobs_timeout_error) is taken over. */
static void finish(jobs *js, jobs_job *j, jobs_state s, char *exc)
{
    if (jobs_state_final(j->state)) {
        if (exc != jobs_timeout_error)
            free(exc);
        return;
    }
    if (j->state == JOBS_PENDING && taskpool_cancel(js->pool, &j->task)) {
        /* Never started and never will: the task's reference and the
         * arguments go now. */
        jobs_job_drop_args(j);
        j->task_ref = false;
        j->refs--;
    }
    set_state(js, j, s);
    j->exc = exc;
    j->finished = clock_wall();
    j->mono_finished = clock_monotonic();
    js->finished_total[s]++;
    jobs_timer_del(&js->timers, &j->tmo);
    jobs_ctl_stop(&j->ctl);
    if (j->in_table)
        jobs_table_finished(js, j);
    if (j->started) {
        double d = j->mono_finished - j->mono_started;
        unsigned b = 0;
        while (b < JOBS_NBUCKETS && d > jobs_duration_buckets[b])
            b++;
        js->dur_count[b]++;
        js->dur_n++;
        js->dur_sum += d;
    }
    jobs_notify(js, j);
    pthread_cond_broadcast(&js->idle_cv);
}

static bool expired(const jobs_job *j)
{
    return j->ctl.deadline > 0 && clock_monotonic() >= j->ctl.deadline;
}

static void on_timeout(jobs_timer *t)
{
    jobs_job *j = (jobs_job *)(void *)((char *)t - offsetof(jobs_job, tmo));
    if (j->state == JOBS_RUNNING)
        finish(j->js, j, JOBS_FAILED, (char *)jobs_timeout_error);
}

/* The worker's side: one job, item after item. */
static void job_task(void *arg)
{
    jobs_job *j = arg;
    jobs *js = j->js;
    pthread_mutex_lock(&js->mu);
    if (j->state != JOBS_PENDING) { /* cancelled after a worker took the task */
        jobs_job_drop_args(j);
        j->task_ref = false;
        jobs_job_unref(j);
        pthread_mutex_unlock(&js->mu);
        return;
    }
    set_state(js, j, JOBS_RUNNING);
    j->started = clock_wall();
    j->mono_started = clock_monotonic();
    if (j->timeout >= 0 && j->timeout < 1e9) { /* longer: never, in practice */
        j->ctl.deadline = j->mono_started + j->timeout;
        if (j->ctl.deadline <= 0) /* 0 means "none" to jobs_ctl */
            j->ctl.deadline = 1e-9;
        if (jobs_timer_add(&js->timers, &j->tmo, j->ctl.deadline) == 0)
            jobs_signal_timer(js, &j->tmo);
    }
    pthread_mutex_unlock(&js->mu);

    strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < j->total; i++) {
        if (atomic_load(&j->ctl.stop))
            break;
        bool ok = false;
        if (!expired(j)) {
            strbuf_clear(&out);
            arena *a = arena_new();
            pv *args;
            py_err e;
            json_read_opts ro = {.errmode = JSON_ERR_PY, .max_depth = 0, .max_int_digits = 0};
            if (json_parse(a, j->args + j->args_off[i], j->args_off[i + 1] - j->args_off[i], &ro, &args, &e) <
                0)
                args = pv_dict(a, 0); /* cannot happen: the text is our own */
            ok = js->run(j->op, args, a, &j->ctl, &out);
            arena_free(a);
        }
        pthread_mutex_lock(&js->mu);
        if (j->state != JOBS_RUNNING) { /* cancelled or timed out meanwhile: discard */
            pthread_mutex_unlock(&js->mu);
            break;
        }
        if (expired(j)) { /* the deadline came first (the timer may not have run yet) */
            finish(js, j, JOBS_FAILED, (char *)jobs_timeout_error);
            pthread_mutex_unlock(&js->mu);
            break;
        }
        jobs_slot *sl = &j->slots[j->completed];
        sl->off = j->res.len;
        sl->len = out.len;
        sl->ok = ok;
        strbuf_append(&j->res, out.data ? out.data : "null", out.data ? out.len : 4);
        if (!out.data)
            sl->len = 4;
        j->completed++;
        if (!ok && !(j->map && j->rex)) {
            char *exc = malloc(sl->len + 1);
            if (exc) {
                memcpy(exc, j->res.data + sl->off, sl->len);
                exc[sl->len] = '\0';
            }
            finish(js, j, JOBS_FAILED, exc);
            pthread_mutex_unlock(&js->mu);
            break;
        }
        jobs_notify(js, j);
        pthread_mutex_unlock(&js->mu);
    }
    strbuf_free(&out);
    pthread_mutex_lock(&js->mu);
    if (j->state == JOBS_RUNNING)
        finish(js, j, JOBS_DONE, NULL);
    jobs_job_drop_args(j);
    j->task_ref = false;
    jobs_job_unref(j);
    pthread_mutex_unlock(&js->mu);
}

/* ------------------------------------------------------------ timer thread */

static struct timespec abs_mono(double t)
{
    struct timespec ts;
    if (t > 1e12) /* far enough: keeps the conversion defined */
        t = 1e12;
    double f = floor(t);
    ts.tv_sec = (time_t)f;
    ts.tv_nsec = (long)((t - f) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    return ts;
}

static void *timer_main(void *arg)
{
    jobs *js = arg;
    pthread_mutex_lock(&js->mu);
    while (!js->timer_stop) {
        jobs_timer *t = jobs_timer_top(&js->timers);
        if (!t) {
            pthread_cond_wait(&js->timer_cv, &js->mu);
            continue;
        }
        if (t->when <= clock_monotonic()) {
            jobs_timer_del(&js->timers, t);
            t->fn(t);
            continue;
        }
        struct timespec ts = abs_mono(t->when);
        pthread_cond_timedwait(&js->timer_cv, &js->mu, &ts);
    }
    pthread_mutex_unlock(&js->mu);
    return NULL;
}

/* ------------------------------------------------------------ public API */

jobs *jobs_new(const jobs_limits *lim, jobs_run_fn run)
{
    jobs *js = calloc(1, sizeof *js);
    if (!js)
        return NULL;
    js->lim = *lim;
    if (js->lim.keepalive <= 0)
        js->lim.keepalive = 15.0;
    js->run = run;
    pthread_mutex_init(&js->mu, NULL);
    jobs_cond_init(&js->timer_cv);
    jobs_cond_init(&js->idle_cv);
    js->pool = taskpool_new(lim->workers, 0); /* the bound is max_pending, checked here */
    if (!js->pool || jobs_table_init(js) < 0 ||
        pthread_create(&js->timer_thread, NULL, timer_main, js) != 0) {
        jobs_free(js);
        return NULL;
    }
    js->timer_started = true;
    return js;
}

void jobs_free(jobs *js)
{
    if (!js)
        return;
    jobs_close(js);
    jobs_cancel_all(js);
    pthread_mutex_lock(&js->mu);
    js->timer_stop = true;
    pthread_cond_broadcast(&js->timer_cv);
    pthread_mutex_unlock(&js->mu);
    if (js->timer_started)
        pthread_join(js->timer_thread, NULL);
    if (js->pool)
        taskpool_free(js->pool, true, NULL); /* workers finish what they hold */
    jobs_table_free(js);
    jobs_timer_heap_free(&js->timers);
    pthread_cond_destroy(&js->timer_cv);
    pthread_cond_destroy(&js->idle_cv);
    pthread_mutex_destroy(&js->mu);
    free(js);
}

int jobs_submit(jobs *js, const jobs_spec *s, char id[JOBS_ID_LEN + 1])
{
    jobs_job *j = jobs_job_alloc(s->op_name, s->nitems);
    if (!j)
        return JOBS_NOMEM;
    j->js = js;
    j->op = s->op;
    j->map = s->map;
    j->rex = s->return_exceptions;
    j->timeout = s->timeout;
    j->state = JOBS_PENDING;
    /* The arguments as JSON text: a pending job costs its bytes, not an
     * arena; each item is parsed again into the arena it runs in. */
    strbuf args = STRBUF_INIT;
    j->args_off = malloc((s->nitems + 1) * sizeof *j->args_off);
    json_write_opts wo = {.allow_nan = true, .escape_lone_surrogates = true};
    arena *a = arena_new();
    bool bad = !j->args_off;
    for (size_t i = 0; !bad && i < s->nitems; i++) {
        py_err e;
        j->args_off[i] = args.len;
        bad = json_write(&args, s->items[i], &wo, a, &e) < 0;
    }
    arena_free(a);
    if (bad) {
        strbuf_free(&args);
        free(j->args_off);
        free(j->op_name);
        free(j->slots);
        free(j);
        return JOBS_NOMEM;
    }
    j->args_off[s->nitems] = args.len;
    j->args = args.data ? args.data : strdup("");
    jobs_ctl_init(&j->ctl, 0);
    j->ctl.owner = j;
    j->trace = s->trace && *s->trace ? strdup(s->trace) : NULL; /* none, when out of memory */
    j->ctl.trace = j->trace;
    jobs_timer_init(&j->tmo, on_timeout);
    j->created = clock_wall();
    if (s->idem_key) {
        memcpy(j->idem, s->idem_key, JOBS_DIGEST_LEN);
        memcpy(j->body, s->body_digest, JOBS_DIGEST_LEN);
    }

    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    int rc = JOBS_OK;
    jobs_job *same = s->idem_key ? jobs_table_find_idem(js, s->idem_key) : NULL;
    if (same) {
        rc = memcmp(same->body, j->body, JOBS_DIGEST_LEN) == 0 ? JOBS_EXISTS : JOBS_CONFLICT;
        memcpy(id, same->id, JOBS_ID_LEN + 1);
        if (rc == JOBS_EXISTS && s->existing)
            jobs_render(same, s->existing);
    } else if (js->closed) {
        rc = JOBS_CLOSED;
    } else if (js->lim.max_pending && js->by_state[JOBS_PENDING] >= js->lim.max_pending) {
        rc = JOBS_BUSY;
        js->refused++;
    } else {
        do {
            jobs_table_new_id(js, j->id);
            if (s->id_tag)
                memcpy(j->id, s->id_tag, JOBS_TAG_LEN);
        } while (jobs_table_find(js, j->id, JOBS_ID_LEN));
        j->ctl.job_id = j->id;
        if (jobs_table_add(js, j) < 0) {
            rc = JOBS_NOMEM;
        } else {
            j->refs = 2; /* the table and the task */
            j->task_ref = true;
            if (taskpool_submit_task(js->pool, &j->task, job_task, j) < 0) {
                /* only when the pool is stopping (it has no bound of its own) */
                jobs_table_remove(js, j);
                pthread_mutex_unlock(&js->mu);
                jobs_job_free(j);
                return JOBS_CLOSED;
            }
            memcpy(id, j->id, JOBS_ID_LEN + 1);
            js->submitted++;
            pthread_mutex_unlock(&js->mu);
            return JOBS_OK;
        }
    }
    pthread_mutex_unlock(&js->mu);
    jobs_job_free(j);
    return rc;
}

int jobs_get(jobs *js, const char *id, size_t id_len, strbuf *out)
{
    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    jobs_job *j = jobs_table_find(js, id, id_len);
    if (j)
        jobs_render(j, out);
    pthread_mutex_unlock(&js->mu);
    return j ? JOBS_OK : JOBS_NOT_FOUND;
}

int jobs_get_state(jobs *js, const char *id, size_t id_len, jobs_state *state)
{
    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    jobs_job *j = jobs_table_find(js, id, id_len);
    if (j)
        *state = j->state;
    pthread_mutex_unlock(&js->mu);
    return j ? JOBS_OK : JOBS_NOT_FOUND;
}

int jobs_cancel(jobs *js, const char *id, size_t id_len, strbuf *out, jobs_state *final_state)
{
    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    jobs_job *j = jobs_table_find(js, id, id_len);
    int rc = JOBS_OK;
    if (!j) {
        rc = JOBS_NOT_FOUND;
    } else if (jobs_state_final(j->state)) {
        rc = JOBS_FINISHED;
        if (final_state)
            *final_state = j->state;
    } else {
        finish(js, j, JOBS_CANCELLED, NULL);
        if (out)
            jobs_render(j, out);
    }
    pthread_mutex_unlock(&js->mu);
    return rc;
}

void jobs_list(jobs *js, int state, strbuf *out)
{
    jobs_list_tagged(js, state, NULL, out);
}

void jobs_list_tagged(jobs *js, int state, const char *tag, strbuf *out)
{
    strbuf_append(out, "{\"jobs\":[", 9);
    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    bool first = true;
    for (jobs_job *j = js->all_head; j; j = j->all_next) {
        if ((state >= 0 && (int)j->state != state) || (tag && memcmp(j->id, tag, JOBS_TAG_LEN) != 0))
            continue;
        if (!first)
            strbuf_putc(out, ',');
        first = false;
        jobs_render(j, out);
    }
    pthread_mutex_unlock(&js->mu);
    strbuf_append(out, "]}", 2);
}

void jobs_close(jobs *js)
{
    pthread_mutex_lock(&js->mu);
    js->closed = true;
    for (jobs_job *j = js->all_head; j; j = j->all_next)
        if (j->state == JOBS_PENDING && !j->external)
            finish(js, j, JOBS_CANCELLED, NULL);
    pthread_mutex_unlock(&js->mu);
}

bool jobs_drain(jobs *js, double deadline)
{
    pthread_mutex_lock(&js->mu);
    struct timespec ts = abs_mono(deadline);
    while (js->by_state[JOBS_RUNNING] > 0 && clock_monotonic() < deadline)
        pthread_cond_timedwait(&js->idle_cv, &js->mu, &ts);
    bool idle = js->by_state[JOBS_RUNNING] == 0;
    pthread_mutex_unlock(&js->mu);
    return idle;
}

void jobs_cancel_all(jobs *js)
{
    pthread_mutex_lock(&js->mu);
    for (jobs_job *j = js->all_head; j; j = j->all_next)
        if (!jobs_state_final(j->state) && !j->external)
            finish(js, j, JOBS_CANCELLED, NULL);
    pthread_mutex_unlock(&js->mu);
}

void jobs_get_stats(jobs *js, jobs_stats *st)
{
    memset(st, 0, sizeof *st);
    pthread_mutex_lock(&js->mu);
    jobs_table_prune(js);
    memcpy(st->by_state, js->by_state, sizeof st->by_state);
    memcpy(st->finished_total, js->finished_total, sizeof st->finished_total);
    st->submitted_total = js->submitted;
    st->refused_total = js->refused;
    st->queue_depth = js->by_state[JOBS_PENDING];
    st->max_pending = js->lim.max_pending;
    st->kept_bytes = js->kept_bytes;
    st->waiters = js->nwaiters;
    st->subscribers = js->nsubscribers;
    memcpy(st->duration_count, js->dur_count, sizeof st->duration_count);
    st->duration_sum = js->dur_sum;
    st->duration_n = js->dur_n;
    pthread_mutex_unlock(&js->mu);
    st->workers = taskpool_workers(js->pool);
    st->workers_busy = taskpool_running(js->pool);
}
