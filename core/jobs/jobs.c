/* The job engine (see jobs.h): the table, the future states, the map loop,
 * timeouts, cancellation, waiters and the timer thread. */
#include "jobs/jobs.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/taskpool.h"
#include "json/json.h"

static const char *const STATE_NAMES[JOBS_NSTATES] = {"pending", "running", "done", "failed", "cancelled"};
const double jobs_duration_buckets[JOBS_NBUCKETS] = {0.001, 0.005, 0.01, 0.05, 0.1,  0.5,
                                                     1.0,   2.5,   5.0,  10.0, 30.0, 60.0};

static const char TIMEOUT_ERROR[] = "{\"type\":\"TimeoutError\",\"message\":\"\"}";

const char *jobs_state_name(jobs_state s)
{
    return (unsigned)s < JOBS_NSTATES ? STATE_NAMES[s] : "?";
}

int jobs_state_parse(const char *s, size_t n)
{
    for (int i = 0; i < JOBS_NSTATES; i++)
        if (strlen(STATE_NAMES[i]) == n && memcmp(STATE_NAMES[i], s, n) == 0)
            return i;
    return -1;
}

typedef struct slot {
    size_t off, len; /* in job->res */
    bool ok;
} slot;

struct jobs_job {
    char id[JOBS_ID_LEN + 1];
    char *op_name; /* malloc */
    const void *op;
    bool map, rex;
    double timeout; /* < 0: none */
    jobs_state state;
    size_t total, completed;
    char *args;       /* the items as JSON text, back to back (malloc); freed by whoever is last
                         to need them (the worker, or the cancel of a queued task) */
    size_t *args_off; /* total + 1 offsets into args */
    strbuf res;       /* the slots' JSON texts, back to back */
    slot *slots;      /* total entries (malloc) */
    char *exc;        /* the exception's JSON text (malloc, or TIMEOUT_ERROR), or NULL */
    double created, started, finished; /* wall clock; 0 = null */
    double mono_started, mono_finished;
    size_t bytes; /* memory counted against max_kept_bytes once finished */
    jobs_ctl ctl;
    taskpool_task task;
    jobs_timer tmo;       /* the timeout */
    jobs_waiter *waiters; /* long-polls and subscribers (doubly linked) */
    unsigned refs;       /* table + queued/running task + each waiter */
    bool in_table, in_fin, task_ref;
    jobs_job *all_prev, *all_next; /* submission order */
    jobs_job *fin_prev, *fin_next; /* finishing order (for forgetting) */
    jobs_job *hnext;               /* hash chain */
    struct jobs *js;
};

struct jobs {
    pthread_mutex_t mu;
    pthread_cond_t timer_cv; /* the timer thread sleeps here (CLOCK_MONOTONIC) */
    pthread_cond_t idle_cv;  /* jobs_drain sleeps here */
    jobs_limits lim;
    jobs_run_fn run;
    taskpool *pool;
    pthread_t timer_thread;
    bool timer_started, timer_stop, closed;
    jobs_timer_heap timers;
    jobs_job **buckets;
    size_t nbuckets, njobs;
    jobs_job *all_head, *all_tail;
    jobs_job *fin_head, *fin_tail;
    size_t nfinished;
    size_t kept_bytes; /* memory of the finished jobs in the table (results, errors) */
    size_t by_state[JOBS_NSTATES];
    unsigned long long finished_total[JOBS_NSTATES], submitted, refused;
    unsigned long long dur_count[JOBS_NBUCKETS + 1], dur_n;
    double dur_sum;
    size_t nwaiters, nsubscribers;
    unsigned char rnd[4096]; /* kernel randomness for ids, drawn in bulk */
    size_t rnd_left;
};

/* ------------------------------------------------------------ rendering */

static void put_uint(strbuf *o, unsigned long long v)
{
    char buf[24];
    size_t i = sizeof buf;
    do
        buf[--i] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    strbuf_append(o, buf + i, sizeof buf - i);
}

static void put_digits(char *p, int v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

static void put_time(strbuf *o, double t)
{
    if (t == 0) {
        strbuf_append(o, "null", 4);
        return;
    }
    /* datetime.fromtimestamp rounds to microseconds; isoformat(timespec=
     * 'milliseconds') then truncates. */
    long long us = llround(t * 1e6);
    long long secs = us / 1000000, rem = us % 1000000;
    if (rem < 0)
        rem += 1000000, secs--;
    time_t tt = (time_t)secs;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char b[26] = "\"0000-00-00T00:00:00.000Z\"";
    put_digits(b + 1, tm.tm_year + 1900, 4);
    put_digits(b + 6, tm.tm_mon + 1, 2);
    put_digits(b + 9, tm.tm_mday, 2);
    put_digits(b + 12, tm.tm_hour, 2);
    put_digits(b + 15, tm.tm_min, 2);
    put_digits(b + 18, tm.tm_sec, 2);
    put_digits(b + 21, (int)(rem / 1000), 3);
    strbuf_append(o, b, 26);
}

static void put_slot(strbuf *o, const jobs_job *j, size_t i)
{
    strbuf_append(o, j->res.data + j->slots[i].off, j->slots[i].len);
}

static void render(const jobs_job *j, strbuf *o)
{
    strbuf_append(o, "{\"id\":\"", 7);
    strbuf_append(o, j->id, JOBS_ID_LEN);
    strbuf_append(o, "\",\"op\":", 7);
    json_write_str(o, j->op_name, strlen(j->op_name), false, true);
    strbuf_puts(o, ",\"state\":\"");
    strbuf_puts(o, STATE_NAMES[j->state]);
    strbuf_puts(o, jobs_state_final(j->state) ? "\",\"done\":true" : "\",\"done\":false");
    strbuf_puts(o, ",\"progress\":{\"completed\":");
    put_uint(o, j->completed);
    strbuf_puts(o, ",\"total\":");
    put_uint(o, j->total);
    strbuf_puts(o, "},\"result\":");
    if (j->state == JOBS_DONE && j->map) {
        strbuf_putc(o, '[');
        for (size_t i = 0; i < j->completed; i++) {
            if (i)
                strbuf_putc(o, ',');
            put_slot(o, j, i);
        }
        strbuf_putc(o, ']');
    } else if (j->state == JOBS_DONE && j->completed == 1) {
        put_slot(o, j, 0);
    } else {
        strbuf_append(o, "null", 4);
    }
    strbuf_append(o, ",\"exception\":", 13);
    if (j->exc)
        strbuf_puts(o, j->exc);
    else
        strbuf_append(o, "null", 4);
    strbuf_append(o, ",\"created_at\":", 14);
    put_time(o, j->created);
    strbuf_append(o, ",\"started_at\":", 14);
    put_time(o, j->started);
    strbuf_append(o, ",\"finished_at\":", 15);
    put_time(o, j->finished);
    strbuf_putc(o, '}');
}

/* ------------------------------------------------------------ table */

static uint64_t id_hash(const char *id)
{
    uint64_t h = 0;
    for (int i = 0; i < 16; i++) {
        char c = id[i];
        h = h << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return h;
}

static bool valid_id(const char *id, size_t n)
{
    if (n != JOBS_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

static jobs_job *find(jobs *js, const char *id, size_t n)
{
    if (!valid_id(id, n) || !js->nbuckets)
        return NULL;
    for (jobs_job *j = js->buckets[id_hash(id) & (js->nbuckets - 1)]; j; j = j->hnext)
        if (memcmp(j->id, id, JOBS_ID_LEN) == 0)
            return j;
    return NULL;
}

static int grow(jobs *js)
{
    size_t n = js->nbuckets ? js->nbuckets * 2 : 1024;
    jobs_job **b = calloc(n, sizeof(jobs_job *));
    if (!b)
        return -1;
    for (size_t i = 0; i < js->nbuckets; i++)
        for (jobs_job *j = js->buckets[i], *next; j; j = next) {
            next = j->hnext;
            size_t k = id_hash(j->id) & (n - 1);
            j->hnext = b[k];
            b[k] = j;
        }
    free(js->buckets);
    js->buckets = b;
    js->nbuckets = n;
    return 0;
}

static int table_add(jobs *js, jobs_job *j)
{
    if (js->njobs + 1 > js->nbuckets && grow(js) < 0)
        return -1;
    size_t k = id_hash(j->id) & (js->nbuckets - 1);
    j->hnext = js->buckets[k];
    js->buckets[k] = j;
    js->njobs++;
    j->all_prev = js->all_tail;
    j->all_next = NULL;
    if (js->all_tail)
        js->all_tail->all_next = j;
    else
        js->all_head = j;
    js->all_tail = j;
    j->in_table = true;
    js->by_state[j->state]++;
    return 0;
}

static void job_free(jobs_job *j)
{
    jobs_ctl_destroy(&j->ctl);
    free(j->args);
    free(j->args_off);
    strbuf_free(&j->res);
    free(j->slots);
    if (j->exc != TIMEOUT_ERROR)
        free(j->exc);
    free(j->op_name);
    free(j);
}

static void drop_args(jobs_job *j)
{
    free(j->args);
    free(j->args_off);
    j->args = NULL;
    j->args_off = NULL;
}

static void unref(jobs_job *j)
{
    if (--j->refs == 0)
        job_free(j);
}

static void fin_unlink(jobs *js, jobs_job *j)
{
    if (j->fin_prev)
        j->fin_prev->fin_next = j->fin_next;
    else
        js->fin_head = j->fin_next;
    if (j->fin_next)
        j->fin_next->fin_prev = j->fin_prev;
    else
        js->fin_tail = j->fin_prev;
    j->fin_prev = j->fin_next = NULL;
    j->in_fin = false;
    js->nfinished--;
    js->kept_bytes -= j->bytes;
}

/* Take j out of the table (its reference is the caller's to drop). */
static void table_remove(jobs *js, jobs_job *j)
{
    jobs_job **pp = &js->buckets[id_hash(j->id) & (js->nbuckets - 1)];
    while (*pp != j)
        pp = &(*pp)->hnext;
    *pp = j->hnext;
    js->njobs--;
    if (j->all_prev)
        j->all_prev->all_next = j->all_next;
    else
        js->all_head = j->all_next;
    if (j->all_next)
        j->all_next->all_prev = j->all_prev;
    else
        js->all_tail = j->all_prev;
    if (j->in_fin)
        fin_unlink(js, j);
    js->by_state[j->state]--;
    j->in_table = false;
}

static void table_del(jobs *js, jobs_job *j)
{
    table_remove(js, j);
    unref(j);
}

/* Forget finished jobs past their keep time, and the oldest beyond max_kept
 * jobs or max_kept_bytes of results (the newest finished one is kept). */
static void prune(jobs *js)
{
    double limit = clock_monotonic() - js->lim.keep_seconds;
    while (js->fin_head &&
           (js->fin_head->mono_finished <= limit || js->nfinished > js->lim.max_kept ||
            (js->lim.max_kept_bytes && js->kept_bytes > js->lim.max_kept_bytes && js->nfinished > 1))) {
        jobs_job *j = js->fin_head; /* the head: no fin_prev */
        js->fin_head = j->fin_next;
        if (js->fin_head)
            js->fin_head->fin_prev = NULL;
        else
            js->fin_tail = NULL;
        j->fin_next = NULL;
        j->in_fin = false;
        js->nfinished--;
        js->kept_bytes -= j->bytes;
        table_del(js, j);
    }
}

/* ------------------------------------------------------------ state changes */

static void signal_timer(jobs *js, const jobs_timer *t)
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

/* Tell the waiters of j: long-polls are answered (when final) and released;
 * subscribers are told there is news. */
static void notify(jobs *js, jobs_job *j)
{
    strbuf json = STRBUF_INIT;
    bool final = jobs_state_final(j->state);
    for (jobs_waiter *w = j->waiters, *next; w; w = next) {
        next = w->next;
        if (w->ready) {
            if (!final)
                continue;
            if (!json.len)
                render(j, &json);
            waiter_unlink(js, w);
            w->ready(w, json.data, json.len);
            j->refs--; /* the table still holds one: never the last */
        } else {
            w->news(w);
        }
    }
    strbuf_free(&json);
}

static void set_state(jobs *js, jobs_job *j, jobs_state s)
{
    if (j->in_table) {
        js->by_state[j->state]--;
        js->by_state[s]++;
    }
    j->state = s;
}

/* Move j to a final state (lock held).  `exc` (malloc'ed JSON text, or
 * TIMEOUT_ERROR) is taken over. */
static void finish(jobs *js, jobs_job *j, jobs_state s, char *exc)
{
    if (jobs_state_final(j->state)) {
        if (exc != TIMEOUT_ERROR)
            free(exc);
        return;
    }
    if (j->state == JOBS_PENDING && taskpool_cancel(js->pool, &j->task)) {
        /* Never started and never will: the task's reference and the
         * arguments go now. */
        drop_args(j);
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
    if (j->in_table) {
        j->fin_prev = js->fin_tail;
        j->fin_next = NULL;
        if (js->fin_tail)
            js->fin_tail->fin_next = j;
        else
            js->fin_head = j;
        js->fin_tail = j;
        j->in_fin = true;
        js->nfinished++;
        /* the results are final: give back the strbuf's spare room */
        if (j->res.data && j->res.cap > j->res.len + 1) {
            char *p = realloc(j->res.data, j->res.len + 1);
            if (p) {
                j->res.data = p;
                j->res.cap = j->res.len + 1;
            }
        }
        j->bytes = sizeof *j + j->res.cap + j->total * sizeof(slot) +
                   (j->exc && j->exc != TIMEOUT_ERROR ? strlen(j->exc) + 1 : 0);
        js->kept_bytes += j->bytes;
    }
    if (j->started) {
        double d = j->mono_finished - j->mono_started;
        unsigned b = 0;
        while (b < JOBS_NBUCKETS && d > jobs_duration_buckets[b])
            b++;
        js->dur_count[b]++;
        js->dur_n++;
        js->dur_sum += d;
    }
    notify(js, j);
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
        finish(j->js, j, JOBS_FAILED, (char *)TIMEOUT_ERROR);
}

/* The worker's side: one job, item after item. */
static void job_task(void *arg)
{
    jobs_job *j = arg;
    jobs *js = j->js;
    pthread_mutex_lock(&js->mu);
    if (j->state != JOBS_PENDING) { /* cancelled after a worker took the task */
        drop_args(j);
        j->task_ref = false;
        unref(j);
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
            signal_timer(js, &j->tmo);
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
            finish(js, j, JOBS_FAILED, (char *)TIMEOUT_ERROR);
            pthread_mutex_unlock(&js->mu);
            break;
        }
        slot *sl = &j->slots[j->completed];
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
        notify(js, j);
        pthread_mutex_unlock(&js->mu);
    }
    strbuf_free(&out);
    pthread_mutex_lock(&js->mu);
    if (j->state == JOBS_RUNNING)
        finish(js, j, JOBS_DONE, NULL);
    drop_args(j);
    j->task_ref = false;
    unref(j);
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
    pthread_condattr_t at;
    pthread_condattr_init(&at);
    pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
    pthread_cond_init(&js->timer_cv, &at);
    pthread_cond_init(&js->idle_cv, &at);
    pthread_condattr_destroy(&at);
    js->pool = taskpool_new(lim->workers, 0); /* the bound is max_pending, checked here */
    if (!js->pool || grow(js) < 0 || pthread_create(&js->timer_thread, NULL, timer_main, js) != 0) {
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
    while (js->all_head)
        table_del(js, js->all_head);
    jobs_timer_heap_free(&js->timers);
    free(js->buckets);
    pthread_cond_destroy(&js->timer_cv);
    pthread_cond_destroy(&js->idle_cv);
    pthread_mutex_destroy(&js->mu);
    free(js);
}

/* 128 bits from the kernel's CSPRNG (drawn 4 KiB at a time: one syscall
 * per 256 ids), as lowercase hex.  Lock held. */
static void new_id(jobs *js, char out[JOBS_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    enum { N = JOBS_ID_LEN / 2 };
    if (js->rnd_left < N) {
        size_t got = 0;
        while (got < sizeof js->rnd) {
            ssize_t n = getrandom(js->rnd + got, sizeof js->rnd - got, 0);
            if (n > 0)
                got += (size_t)n;
            else if (errno != EINTR)
                abort(); /* no kernel randomness: ids would be guessable */
        }
        js->rnd_left = sizeof js->rnd;
    }
    unsigned char *r = js->rnd + js->rnd_left - N;
    for (size_t i = 0; i < N; i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    memset(r, 0, N); /* used once */
    js->rnd_left -= N;
    out[JOBS_ID_LEN] = '\0';
}

int jobs_submit(jobs *js, const jobs_spec *s, char id[JOBS_ID_LEN + 1])
{
    jobs_job *j = calloc(1, sizeof *j);
    if (!j)
        return JOBS_NOMEM;
    j->js = js;
    j->op_name = strdup(s->op_name);
    j->slots = calloc(s->nitems ? s->nitems : 1, sizeof *j->slots);
    if (!j->op_name || !j->slots) {
        free(j->op_name);
        free(j->slots);
        free(j);
        return JOBS_NOMEM;
    }
    j->op = s->op;
    j->map = s->map;
    j->rex = s->return_exceptions;
    j->timeout = s->timeout;
    j->total = s->nitems;
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
    jobs_timer_init(&j->tmo, on_timeout);
    j->created = clock_wall();

    pthread_mutex_lock(&js->mu);
    prune(js);
    int rc = JOBS_OK;
    if (js->closed) {
        rc = JOBS_CLOSED;
    } else if (js->lim.max_pending && js->by_state[JOBS_PENDING] >= js->lim.max_pending) {
        rc = JOBS_BUSY;
        js->refused++;
    } else {
        do
            new_id(js, j->id);
        while (find(js, j->id, JOBS_ID_LEN));
        if (table_add(js, j) < 0) {
            rc = JOBS_NOMEM;
        } else {
            j->refs = 2; /* the table and the task */
            j->task_ref = true;
            if (taskpool_submit_task(js->pool, &j->task, job_task, j) < 0) {
                /* only when the pool is stopping (it has no bound of its own) */
                table_remove(js, j);
                pthread_mutex_unlock(&js->mu);
                job_free(j);
                return JOBS_CLOSED;
            }
            memcpy(id, j->id, JOBS_ID_LEN + 1);
            js->submitted++;
            pthread_mutex_unlock(&js->mu);
            return JOBS_OK;
        }
    }
    pthread_mutex_unlock(&js->mu);
    job_free(j);
    return rc;
}

int jobs_get(jobs *js, const char *id, size_t id_len, strbuf *out)
{
    pthread_mutex_lock(&js->mu);
    prune(js);
    jobs_job *j = find(js, id, id_len);
    if (j)
        render(j, out);
    pthread_mutex_unlock(&js->mu);
    return j ? JOBS_OK : JOBS_NOT_FOUND;
}

int jobs_get_state(jobs *js, const char *id, size_t id_len, jobs_state *state)
{
    pthread_mutex_lock(&js->mu);
    prune(js);
    jobs_job *j = find(js, id, id_len);
    if (j)
        *state = j->state;
    pthread_mutex_unlock(&js->mu);
    return j ? JOBS_OK : JOBS_NOT_FOUND;
}

int jobs_cancel(jobs *js, const char *id, size_t id_len, strbuf *out, jobs_state *final_state)
{
    pthread_mutex_lock(&js->mu);
    prune(js);
    jobs_job *j = find(js, id, id_len);
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
            render(j, out);
    }
    pthread_mutex_unlock(&js->mu);
    return rc;
}

void jobs_list(jobs *js, int state, strbuf *out)
{
    strbuf_append(out, "{\"jobs\":[", 9);
    pthread_mutex_lock(&js->mu);
    prune(js);
    bool first = true;
    for (jobs_job *j = js->all_head; j; j = j->all_next) {
        if (state >= 0 && (int)j->state != state)
            continue;
        if (!first)
            strbuf_putc(out, ',');
        first = false;
        render(j, out);
    }
    pthread_mutex_unlock(&js->mu);
    strbuf_append(out, "]}", 2);
}

static void on_waiter_timer(jobs_timer *t)
{
    jobs_waiter *w = (jobs_waiter *)(void *)((char *)t - offsetof(jobs_waiter, timer));
    jobs_job *j = w->j;
    jobs *js = j->js;
    if (w->ready) { /* the long-poll's time is up: answer with the job as it is */
        strbuf json = STRBUF_INIT;
        render(j, &json);
        waiter_unlink(js, w);
        w->ready(w, json.data, json.len);
        strbuf_free(&json);
        unref(j);
    } else { /* a quiet event stream: a keep-alive comment is due */
        w->keepalive_due = true;
        if (jobs_timer_add(&js->timers, &w->timer, clock_monotonic() + js->lim.keepalive) == 0)
            signal_timer(js, &w->timer);
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

int jobs_wait(jobs *js, const char *id, size_t id_len, double deadline, jobs_waiter *w, jobs_ready_fn ready)
{
    w->ready = ready;
    w->news = NULL;
    w->linked = false;
    w->j = NULL;
    jobs_timer_init(&w->timer, on_waiter_timer);
    pthread_mutex_lock(&js->mu);
    prune(js);
    jobs_job *j = find(js, id, id_len);
    if (!j) {
        pthread_mutex_unlock(&js->mu);
        return JOBS_NOT_FOUND;
    }
    if (!jobs_state_final(j->state) && deadline > clock_monotonic()) {
        waiter_link(js, j, w);
        if (jobs_timer_add(&js->timers, &w->timer, deadline) == 0) {
            signal_timer(js, &w->timer);
            pthread_mutex_unlock(&js->mu);
            return JOBS_OK;
        }
        waiter_unlink(js, w); /* no memory for the timer: answer now */
        j->refs--;
    }
    strbuf json = STRBUF_INIT;
    render(j, &json);
    w->j = j;
    ready(w, json.data, json.len);
    strbuf_free(&json);
    pthread_mutex_unlock(&js->mu);
    return JOBS_OK;
}

int jobs_subscribe(jobs *js, const char *id, size_t id_len, jobs_waiter *w, jobs_news_fn news)
{
    w->ready = NULL;
    w->news = news;
    w->sent = 0;
    w->keepalive_due = w->done_sent = false;
    w->linked = false;
    w->j = NULL;
    jobs_timer_init(&w->timer, on_waiter_timer);
    pthread_mutex_lock(&js->mu);
    prune(js);
    jobs_job *j = find(js, id, id_len);
    if (!j) {
        pthread_mutex_unlock(&js->mu);
        return JOBS_NOT_FOUND;
    }
    waiter_link(js, j, w);
    if (jobs_timer_add(&js->timers, &w->timer, clock_monotonic() + js->lim.keepalive) == 0)
        signal_timer(js, &w->timer);
    pthread_mutex_unlock(&js->mu);
    return JOBS_OK;
}

int jobs_next_event(jobs *js, jobs_waiter *w, strbuf *data, size_t *event_id)
{
    pthread_mutex_lock(&js->mu);
    jobs_job *j = w->j;
    int ev = JOBS_EV_NONE;
    if (!j || w->done_sent) {
        ev = JOBS_EV_END;
    } else if (w->sent < j->completed) {
        size_t i = w->sent++;
        strbuf_printf(data, "{\"index\":%zu,\"completed\":%zu,\"total\":%zu,\"%s\":", i, i + 1, j->total,
                      j->slots[i].ok ? "result" : "exception");
        put_slot(data, j, i);
        strbuf_putc(data, '}');
        *event_id = w->sent;
        ev = JOBS_EV_PROGRESS;
    } else if (jobs_state_final(j->state)) {
        render(j, data);
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
        unref(j);
    }
    w->j = NULL;
    pthread_mutex_unlock(&js->mu);
}

void jobs_close(jobs *js)
{
    pthread_mutex_lock(&js->mu);
    js->closed = true;
    for (jobs_job *j = js->all_head; j; j = j->all_next)
        if (j->state == JOBS_PENDING)
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
        if (!jobs_state_final(j->state))
            finish(js, j, JOBS_CANCELLED, NULL);
    pthread_mutex_unlock(&js->mu);
}

void jobs_get_stats(jobs *js, jobs_stats *st)
{
    memset(st, 0, sizeof *st);
    pthread_mutex_lock(&js->mu);
    prune(js);
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
