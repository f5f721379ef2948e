/* The redis job store (jobs_store.h, jobs_redis_int.h): opening it, the
 * calls of the interface, and snapshots of a job read from Redis.  Every
 * call here may wait on the network (the store is `blocking`), except
 * next_event and unsubscribe, which only look at the local mirror. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/cpus.h"
#include "jobs/jobs_redis_int.h"
#include "json/json.h"

/* ------------------------------------------------------------ connections */

redisContext *jr_conn_get(jr_store *rs)
{
    pthread_mutex_lock(&rs->pool_mu);
    redisContext *c = rs->npool ? rs->pool[--rs->npool] : NULL;
    pthread_mutex_unlock(&rs->pool_mu);
    return c ? c : redis_open(&rs->addr, JR_TIMEOUT);
}

void jr_conn_put(jr_store *rs, redisContext *c, bool broken)
{
    if (!c)
        return;
    if (!broken && !c->err) {
        pthread_mutex_lock(&rs->pool_mu);
        if (rs->npool < JR_POOL_MAX) {
            rs->pool[rs->npool++] = c;
            c = NULL;
        }
        pthread_mutex_unlock(&rs->pool_mu);
    }
    if (c)
        redisFree(c);
}

/* fn on a pooled connection; JOBS_UNAVAILABLE (an I/O error) once more on a
 * fresh one, since a pooled connection may have died while idle (a Redis
 * restart).  Everything run this way is safe to repeat. */
static int with_conn(jr_store *rs, int (*fn)(jr_store *rs, redisContext *c, void *arg), void *arg)
{
    if (!atomic_load(&rs->up))
        return JOBS_UNAVAILABLE;
    for (int tries = 0; tries < 2; tries++) {
        redisContext *c = jr_conn_get(rs);
        if (!c)
            continue;
        int rc = fn(rs, c, arg);
        jr_conn_put(rs, c, rc == JOBS_UNAVAILABLE);
        if (rc != JOBS_UNAVAILABLE)
            return rc;
    }
    return JOBS_UNAVAILABLE;
}

bool jr_valid_id(const char *id, size_t n)
{
    if (n != JOBS_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

static void limits_args(rargs *a, const jr_store *rs)
{
    ra_num(a, rs->lim.keep_seconds);
    ra_int(a, (long long)rs->lim.max_kept);
    ra_int(a, (long long)rs->lim.max_kept_bytes);
}

void jr_count_finished(jr_store *rs, const char *state, double started, double finished)
{
    int s = jobs_state_parse(state, strlen(state));
    if (s < JOBS_DONE)
        return;
    pthread_mutex_lock(&rs->stats_mu);
    rs->st.finished_total[s]++;
    if (started > 0 && finished >= started) {
        double d = finished - started;
        unsigned b = 0;
        while (b < JOBS_NBUCKETS && d > jobs_duration_buckets[b])
            b++;
        rs->st.duration_count[b]++;
        rs->st.duration_n++;
        rs->st.duration_sum += d;
    }
    pthread_mutex_unlock(&rs->stats_mu);
}

/* ------------------------------------------------------------ snapshots */

static const char *const SNAP_FIELDS[] = {"op",      "map",     "state",    "total", "completed",
                                          "created", "started", "finished", "exc",   "ver"};
enum { F_OP, F_MAP, F_STATE, F_TOTAL, F_COMPLETED, F_CREATED, F_STARTED, F_FINISHED, F_EXC, F_VER, NFIELDS };

static void snap_append(redisContext *c, const char *id, size_t from)
{
    char key[64], res[64], start[24];
    snprintf(key, sizeof key, JR_PREFIX "job:%s", id);
    snprintf(res, sizeof res, JR_PREFIX "res:%s", id);
    snprintf(start, sizeof start, "%zu", from);
    rargs a = {0};
    ra_str(&a, "HMGET");
    ra_str(&a, key);
    for (int i = 0; i < NFIELDS; i++)
        ra_str(&a, SNAP_FIELDS[i]);
    redisAppendCommandArgv(c, a.n, a.v, a.len);
    a.n = 0;
    ra_str(&a, "LRANGE");
    ra_str(&a, res);
    ra_str(&a, start);
    ra_str(&a, "-1");
    redisAppendCommandArgv(c, a.n, a.v, a.len);
}

static const char *field(const jr_snap *s, int i)
{
    size_t n;
    return reply_at(s->fields, (size_t)i, &n);
}

/* The two replies of snap_append, taken over by s. */
static int snap_parse(jr_snap *s, const char *id, size_t from)
{
    memset(&s->s, 0, sizeof s->s);
    memcpy(s->id, id, JOBS_ID_LEN);
    s->id[JOBS_ID_LEN] = '\0';
    s->s.id = s->id;
    if (!s->fields || s->fields->type != REDIS_REPLY_ARRAY || s->fields->elements != NFIELDS ||
        s->fields->element[F_STATE]->type != REDIS_REPLY_STRING || !s->items ||
        s->items->type != REDIS_REPLY_ARRAY)
        return JOBS_NOT_FOUND;
    int st = jobs_state_parse(field(s, F_STATE), strlen(field(s, F_STATE)));
    if (st < 0)
        return JOBS_NOT_FOUND;
    s->s.state = (jobs_state)st;
    s->s.op_name = field(s, F_OP);
    s->s.map = field(s, F_MAP)[0] == '1';
    s->s.total = strtoull(field(s, F_TOTAL), NULL, 10);
    s->s.completed = strtoull(field(s, F_COMPLETED), NULL, 10);
    s->s.created = strtod(field(s, F_CREATED), NULL);
    s->s.started = strtod(field(s, F_STARTED), NULL);
    s->s.finished = strtod(field(s, F_FINISHED), NULL);
    s->s.exc = s->fields->element[F_EXC]->type == REDIS_REPLY_STRING ? field(s, F_EXC) : NULL;
    s->s.version = strtoull(field(s, F_VER), NULL, 10);
    s->s.from = from < s->s.completed ? from : s->s.completed;
    size_t want = s->s.completed - s->s.from;
    size_t n = s->items->elements < want ? s->items->elements : want;
    s->it = calloc(n ? n : 1, sizeof *s->it);
    if (!s->it)
        return JOBS_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const redisReply *e = s->items->element[i];
        if (e->type != REDIS_REPLY_STRING || e->len < 1)
            return JOBS_NOT_FOUND;
        s->it[i] = (jobs_item){e->str + 1, e->len - 1, e->str[0] == '1'};
    }
    s->s.items = s->it;
    s->s.nitems = n;
    s->s.completed = s->s.from + n; /* the items expired meanwhile: a consistent, earlier view */
    if (s->s.total < s->s.completed)
        return JOBS_NOT_FOUND;
    return JOBS_OK;
}

static int snap_read(redisContext *c, jr_snap *s, const char *id, size_t from)
{
    void *r1 = NULL, *r2 = NULL;
    if (redisGetReply(c, &r1) != REDIS_OK || redisGetReply(c, &r2) != REDIS_OK) {
        if (r1)
            freeReplyObject(r1);
        return JOBS_UNAVAILABLE;
    }
    s->fields = r1;
    s->items = r2;
    return snap_parse(s, id, from);
}

int jr_snap_fetch(redisContext *c, const char *id, size_t from, jr_snap *out)
{
    memset(out, 0, sizeof *out);
    snap_append(c, id, from);
    return snap_read(c, out, id, from);
}

void jr_snap_free(jr_snap *s)
{
    if (s->fields)
        freeReplyObject(s->fields);
    if (s->items)
        freeReplyObject(s->items);
    free(s->it);
    memset(s, 0, sizeof *s);
}

void jr_refresh(jr_store *rs, redisContext *c, const char *id)
{
    jobs_state st;
    size_t completed;
    unsigned long long ver;
    if (!jobs_mirror_known(rs->mirror, id, &st, &completed, &ver))
        return;
    jr_snap s;
    if (jr_snap_fetch(c, id, completed, &s) == JOBS_OK)
        jobs_mirror_update(rs->mirror, &s.s);
    jr_snap_free(&s);
}

/* ------------------------------------------------------------ submit */

typedef struct submit_ctx {
    const jobs_spec *spec;
    const char *args;
    size_t args_len;
    char *id;
} submit_ctx;

static void new_id(char id[JOBS_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[JOBS_ID_LEN / 2];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n > 0)
            got += (size_t)n;
        else if (errno != EINTR)
            abort(); /* no kernel randomness: ids would be guessable */
    }
    for (size_t i = 0; i < sizeof r; i++) {
        id[2 * i] = hex[r[i] >> 4];
        id[2 * i + 1] = hex[r[i] & 15];
    }
    id[JOBS_ID_LEN] = '\0';
}

static int submit_fn(jr_store *rs, redisContext *c, void *arg)
{
    submit_ctx *x = arg;
    const jobs_spec *s = x->spec;
    char idem_key[16 + JOBS_DIGEST_LEN] = "";
    if (s->idem_key)
        snprintf(idem_key, sizeof idem_key, JR_PREFIX "idem:%s", s->idem_key);
    rargs a = {0};
    ra_str(&a, JR_PREFIX);
    ra_str(&a, x->id);
    ra_num(&a, clock_wall());
    limits_args(&a, rs);
    ra_int(&a, (long long)rs->lim.max_pending);
    ra_str(&a, s->op_name);
    ra_str(&a, s->map ? "1" : "0");
    ra_str(&a, s->return_exceptions ? "1" : "0");
    if (s->timeout >= 0)
        ra_num(&a, s->timeout);
    else
        ra_str(&a, "");
    ra_str(&a, s->rerunnable ? "1" : "0");
    ra_buf(&a, x->args, x->args_len);
    ra_int(&a, (long long)s->nitems);
    ra_str(&a, idem_key);
    ra_str(&a, s->idem_key ? s->body_digest : "");
    ra_str(&a, s->trace ? s->trace : "");
    redisReply *r = redis_eval(c, &jr_submit, &a);
    if (!r)
        return JOBS_UNAVAILABLE;
    int rc = JOBS_UNAVAILABLE; /* a script error: Redis refused (out of memory, read-only replica) */
    size_t n;
    if (reply_is(r, "ok")) {
        rc = JOBS_OK;
    } else if (reply_is(r, "busy")) {
        rc = JOBS_BUSY;
    } else if (reply_is(r, "exists") || reply_is(r, "conflict")) {
        const char *old = reply_at(r, 1, &n);
        if (n == JOBS_ID_LEN) {
            memcpy(x->id, old, JOBS_ID_LEN);
            rc = reply_is(r, "exists") ? JOBS_EXISTS : JOBS_CONFLICT;
        }
    }
    freeReplyObject(r);
    if (rc == JOBS_EXISTS && s->existing) {
        jr_snap snap;
        int g = jr_snap_fetch(c, x->id, 0, &snap);
        if (g == JOBS_OK)
            jobs_render_snapshot(&snap.s, s->existing);
        jr_snap_free(&snap);
        if (g == JOBS_UNAVAILABLE)
            return g;
    }
    return rc;
}

static int r_submit(jobs_store *st, const jobs_spec *s, char id[JOBS_ID_LEN + 1])
{
    jr_store *rs = (jr_store *)(void *)st;
    if (atomic_load(&rs->closed))
        return JOBS_CLOSED;
    /* the items as one JSON array: the worker parses it back */
    strbuf args = STRBUF_INIT;
    json_write_opts wo = {.allow_nan = true, .escape_lone_surrogates = true};
    arena *a = arena_new();
    bool bad = false;
    strbuf_putc(&args, '[');
    for (size_t i = 0; !bad && i < s->nitems; i++) {
        py_err e;
        if (i)
            strbuf_putc(&args, ',');
        bad = json_write(&args, s->items[i], &wo, a, &e) < 0;
    }
    strbuf_putc(&args, ']');
    arena_free(a);
    if (bad || !args.data) {
        strbuf_free(&args);
        return JOBS_NOMEM;
    }
    new_id(id);
    if (s->id_tag)
        memcpy(id, s->id_tag, JOBS_TAG_LEN);
    submit_ctx x = {s, args.data, args.len, id};
    int rc = with_conn(rs, submit_fn, &x);
    strbuf_free(&args);
    pthread_mutex_lock(&rs->stats_mu);
    if (rc == JOBS_OK)
        rs->st.submitted_total++;
    else if (rc == JOBS_BUSY)
        rs->st.refused_total++;
    pthread_mutex_unlock(&rs->stats_mu);
    return rc;
}

/* ------------------------------------------------------------ get, cancel, list */

/* What get and cancel work on: the job, where its object goes, and its
 * state (get) or the state it had finished in (cancel of a finished job). */
typedef struct job_ctx {
    char id[JOBS_ID_LEN + 1]; /* first: on_job fills it */
    strbuf *out;
    jobs_state *state;
} job_ctx;

static int get_fn(jr_store *rs, redisContext *c, void *arg)
{
    (void)rs;
    job_ctx *x = arg;
    jr_snap s;
    int rc = jr_snap_fetch(c, x->id, 0, &s);
    if (rc == JOBS_OK) {
        if (x->state)
            *x->state = s.s.state;
        if (x->out)
            jobs_render_snapshot(&s.s, x->out);
    }
    jr_snap_free(&s);
    return rc;
}

/* fn on the job `id` (copied, NUL-terminated, into the first member of
 * ctx); a malformed id is no job. */
static int on_job(jobs_store *st, const char *id, size_t n,
                  int (*fn)(jr_store *rs, redisContext *c, void *arg), void *ctx)
{
    if (!jr_valid_id(id, n))
        return JOBS_NOT_FOUND;
    memcpy(ctx, id, n);
    ((char *)ctx)[n] = '\0';
    return with_conn((jr_store *)(void *)st, fn, ctx);
}

static int r_get(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *state)
{
    job_ctx x = {"", out, state};
    return on_job(st, id, n, get_fn, &x);
}

static int cancel_fn(jr_store *rs, redisContext *c, void *arg)
{
    job_ctx *x = arg;
    rargs a = {0};
    ra_str(&a, JR_PREFIX);
    ra_str(&a, x->id);
    ra_str(&a, "");
    ra_str(&a, "cancelled");
    ra_str(&a, "");
    ra_num(&a, clock_wall());
    limits_args(&a, rs);
    redisReply *r = redis_eval(c, &jr_finish, &a);
    if (!r)
        return JOBS_UNAVAILABLE;
    size_t n;
    int rc = JOBS_UNAVAILABLE;
    if (reply_is(r, "gone")) {
        rc = JOBS_NOT_FOUND;
    } else if (reply_is(r, "final")) {
        const char *s = reply_at(r, 1, &n);
        int fs = jobs_state_parse(s, n);
        if (x->state && fs >= 0)
            *x->state = (jobs_state)fs;
        rc = JOBS_FINISHED;
    } else if (reply_is(r, "ok")) {
        rc = JOBS_OK;
    }
    freeReplyObject(r);
    if (rc != JOBS_OK)
        return rc;
    jr_count_finished(rs, "cancelled", 0, 0);
    job_ctx g = {"", x->out, NULL};
    memcpy(g.id, x->id, sizeof g.id);
    rc = get_fn(rs, c, &g);
    return rc == JOBS_UNAVAILABLE ? rc : JOBS_OK; /* cancelled, even if already forgotten */
}

static int r_cancel(jobs_store *st, const char *id, size_t n, strbuf *out, jobs_state *final_state)
{
    job_ctx x = {"", out, final_state};
    return on_job(st, id, n, cancel_fn, &x);
}

typedef struct list_ctx {
    int state;
    const char *tag;
    strbuf *out;
} list_ctx;

/* Only ids this store wrote are in P all; anything else reads as no job. */
static const char *list_id(const redisReply *ids, size_t i)
{
    size_t len;
    const char *id = reply_at(ids, i, &len);
    return jr_valid_id(id, len) ? id : "00000000000000000000000000000000";
}

static int list_fn(jr_store *rs, redisContext *c, void *arg)
{
    (void)rs;
    list_ctx *x = arg;
    redisReply *ids = redisCommand(c, "ZRANGE " JR_PREFIX "all 0 -1");
    if (!ids)
        return JOBS_UNAVAILABLE;
    size_t n = ids->type == REDIS_REPLY_ARRAY ? ids->elements : 0;
    for (size_t i = 0; i < n; i++)
        snap_append(c, list_id(ids, i), 0);
    size_t mark = x->out->len;
    strbuf_append(x->out, "{\"jobs\":[", 9);
    bool first = true;
    int rc = JOBS_OK;
    for (size_t i = 0; i < n; i++) {
        jr_snap s;
        memset(&s, 0, sizeof s);
        int g = snap_read(c, &s, list_id(ids, i), 0);
        if (g == JOBS_UNAVAILABLE)
            rc = g;
        if (g == JOBS_OK && (x->state < 0 || (int)s.s.state == x->state) &&
            (!x->tag || memcmp(list_id(ids, i), x->tag, JOBS_TAG_LEN) == 0)) {
            if (!first)
                strbuf_putc(x->out, ',');
            first = false;
            jobs_render_snapshot(&s.s, x->out);
        }
        jr_snap_free(&s);
        if (rc == JOBS_UNAVAILABLE)
            break;
    }
    freeReplyObject(ids);
    if (rc != JOBS_OK) {
        x->out->len = mark;
        return rc;
    }
    strbuf_append(x->out, "]}", 2);
    return JOBS_OK;
}

static int r_list(jobs_store *st, int state, const char *tag, strbuf *out)
{
    list_ctx x = {state, tag, out};
    return with_conn((jr_store *)(void *)st, list_fn, &x);
}

/* ------------------------------------------------------------ waiting */

typedef struct wait_ctx {
    char id[JOBS_ID_LEN + 1]; /* first: on_job fills it */
    double deadline;
    jobs_waiter *w;
    jobs_ready_fn ready;
    jobs_news_fn news;
} wait_ctx;

/* Park the waiter on the mirror of the job as read now, then read it again:
 * news published between the two reads reached no one (the job was not
 * mirrored yet), the second read has it. */
static int wait_fn(jr_store *rs, redisContext *c, void *arg)
{
    wait_ctx *x = arg;
    jr_snap s;
    int rc = jr_snap_fetch(c, x->id, 0, &s);
    if (rc == JOBS_OK) {
        bool again = x->news || (!jobs_state_final(s.s.state) && x->deadline > clock_monotonic());
        rc = x->news ? jobs_mirror_subscribe(rs->mirror, &s.s, x->w, x->news)
                     : jobs_mirror_wait(rs->mirror, &s.s, x->deadline, x->w, x->ready);
        if (rc == JOBS_OK && again)
            jr_refresh(rs, c, x->id); /* (an I/O error here: the event thread's resync catches up) */
    }
    jr_snap_free(&s);
    return rc;
}

static int r_wait(jobs_store *st, const char *id, size_t n, double deadline, jobs_waiter *w,
                  jobs_ready_fn ready)
{
    wait_ctx x = {"", deadline, w, ready, NULL};
    return on_job(st, id, n, wait_fn, &x);
}

static int r_subscribe(jobs_store *st, const char *id, size_t n, jobs_waiter *w, jobs_news_fn news)
{
    wait_ctx x = {"", 0, w, NULL, news};
    return on_job(st, id, n, wait_fn, &x);
}

static int r_next_event(jobs_store *st, jobs_waiter *w, strbuf *data, size_t *event_id)
{
    return jobs_next_event(((jr_store *)(void *)st)->mirror, w, data, event_id);
}

static void r_unsubscribe(jobs_store *st, jobs_waiter *w)
{
    jobs_unsubscribe(((jr_store *)(void *)st)->mirror, w);
}

/* ------------------------------------------------------------ shutdown */

static void r_close(jobs_store *st)
{
    atomic_store(&((jr_store *)(void *)st)->closed, true);
}

static struct timespec abs_time(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    return ts;
}

/* Until no worker runs a job, or the deadline. */
static bool idle_by(jr_store *rs, double deadline)
{
    pthread_mutex_lock(&rs->slots_mu);
    while (atomic_load(&rs->busy) > 0 && clock_monotonic() < deadline) {
        struct timespec ts = abs_time(deadline);
        pthread_cond_timedwait(&rs->idle_cv, &rs->slots_mu, &ts);
    }
    bool idle = atomic_load(&rs->busy) == 0;
    pthread_mutex_unlock(&rs->slots_mu);
    return idle;
}

static bool r_drain(jobs_store *st, double deadline)
{
    return idle_by((jr_store *)(void *)st, deadline);
}

/* The jobs still running go back to the other replicas (jr_requeue), and
 * every parked client is answered: long-polls with the job as it is now,
 * event streams end (a client reconnects, to another replica). */
static void r_stop_all(jobs_store *st)
{
    jr_store *rs = (jr_store *)(void *)st;
    pthread_mutex_lock(&rs->slots_mu);
    rs->stopping = true; /* a worker between taking an entry and slot_begin sees it there */
    for (unsigned i = 0; i < rs->nworkers; i++)
        if (rs->slots[i].busy) {
            rs->slots[i].handback = true;
            jobs_ctl_stop(&rs->slots[i].ctl);
        }
    pthread_mutex_unlock(&rs->slots_mu);
    idle_by(rs, clock_monotonic() + 1.0); /* cooperative ops stop at once; the rest are waited for at free */
    jobs_mirror_release_all(rs->mirror);
}

static void r_stats(jobs_store *st, jobs_stats *out)
{
    jr_store *rs = (jr_store *)(void *)st;
    jobs_stats m;
    jobs_get_stats(rs->mirror, &m);
    pthread_mutex_lock(&rs->stats_mu);
    *out = rs->st;
    pthread_mutex_unlock(&rs->stats_mu);
    out->waiters = m.waiters;
    out->subscribers = m.subscribers;
    out->workers = rs->nworkers;
    out->workers_busy = (size_t)atomic_load(&rs->busy);
    out->max_pending = rs->lim.max_pending;
}

static bool r_ready(jobs_store *st, const char **why)
{
    if (atomic_load(&((jr_store *)(void *)st)->up))
        return true;
    *why = "jobs backend (redis) unreachable";
    return false;
}

static void r_free(jobs_store *st)
{
    jr_store *rs = (jr_store *)(void *)st;
    atomic_store(&rs->closed, true);
    atomic_store(&rs->abandon, true);
    atomic_store(&rs->stop, true);
    jr_workers_join(rs);
    jr_watch_stop(rs);
    jobs_free(rs->mirror);
    for (int i = 0; i < rs->npool; i++)
        redisFree(rs->pool[i]);
    for (unsigned i = 0; rs->slots && i < rs->nworkers; i++)
        jobs_ctl_destroy(&rs->slots[i].ctl);
    free(rs->slots);
    free(rs->workers);
    pthread_mutex_destroy(&rs->pool_mu);
    pthread_mutex_destroy(&rs->slots_mu);
    pthread_mutex_destroy(&rs->stats_mu);
    pthread_cond_destroy(&rs->sweep_cv);
    pthread_cond_destroy(&rs->idle_cv);
    free(rs);
}

static const jobs_store_ops REDIS = {"redis",    true,        r_submit,     r_get,         r_cancel, r_list,
                                     r_wait,     r_subscribe, r_next_event, r_unsubscribe, r_close,  r_drain,
                                     r_stop_all, r_stats,     r_ready,      r_free};

/* ------------------------------------------------------------ open */

static void replica_name(char *out, size_t n)
{
    char host[64] = "pystd";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    unsigned r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
        r = (unsigned)clock_monotonic();
    snprintf(out, n, "%.40s-%d-%08x", host, (int)getpid(), r);
}

jobs_store *jobs_store_redis(const char *url, const jobs_limits *lim, jobs_run_fn run,
                             jobs_resolve_fn resolve, char *err, size_t errlen)
{
    jr_store *rs = calloc(1, sizeof *rs);
    if (!rs) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (redis_parse_url(url, &rs->addr, err, errlen) < 0) {
        free(rs);
        return NULL;
    }
    rs->base.ops = &REDIS;
    rs->lim = *lim;
    if (rs->lim.claim_seconds <= 0)
        rs->lim.claim_seconds = 30;
    if (rs->lim.keepalive <= 0)
        rs->lim.keepalive = 15;
    rs->run = run;
    rs->resolve = resolve;
    replica_name(rs->name, sizeof rs->name);
    rs->nworkers = lim->workers ? lim->workers : cpus_usable();
    pthread_mutex_init(&rs->pool_mu, NULL);
    pthread_mutex_init(&rs->slots_mu, NULL);
    pthread_mutex_init(&rs->stats_mu, NULL);
    jobs_cond_init(&rs->sweep_cv);
    jobs_cond_init(&rs->idle_cv);
    rs->slots = calloc(rs->nworkers, sizeof *rs->slots);
    rs->workers = calloc(rs->nworkers, sizeof *rs->workers);
    jobs_limits ml = {.workers = 1, .keep_seconds = 0, .max_kept = 0, .keepalive = rs->lim.keepalive};
    rs->mirror = rs->slots && rs->workers ? jobs_new(&ml, run) : NULL;
    for (unsigned i = 0; rs->slots && i < rs->nworkers; i++) {
        jobs_ctl_init(&rs->slots[i].ctl, 0);
        rs->slots[i].rs = rs;
        snprintf(rs->slots[i].consumer, sizeof rs->slots[i].consumer, "%s-w%u", rs->name, i);
    }
    /* ready from the start when Redis answers now (the sweep thread keeps
     * `up` from then on; an unreachable Redis is waited for, not an error) */
    redisContext *c = rs->mirror ? redis_open(&rs->addr, 1.0) : NULL;
    redisReply *pong = c ? redisCommand(c, "PING") : NULL;
    atomic_store(&rs->up, pong && reply_is(pong, "PONG"));
    if (pong)
        freeReplyObject(pong);
    jr_conn_put(rs, c, !atomic_load(&rs->up));
    if (!rs->mirror || jr_watch_start(rs) < 0 || jr_workers_start(rs) < 0) {
        snprintf(err, errlen, "cannot start the redis job store's threads");
        r_free(&rs->base);
        return NULL;
    }
    return &rs->base;
}
