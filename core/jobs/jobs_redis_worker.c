/* The workers of the redis job store (jobs_redis_int.h): each takes one
 * stream entry at a time -- a new one (XREADGROUP), or now and then one
 * whose worker died (XAUTOCLAIM, idle for claim_seconds) -- moves its job to
 * running (jr_start), runs its items from the first not done, records each
 * (jr_item) and acknowledges the entry.  Writes are retried until Redis
 * answers: a job Redis accepted is never dropped here (if this process dies
 * meanwhile, its entry is reclaimed by another replica). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "jobs/jobs_redis_int.h"
#include "json/json.h"

const char jr_worker_lost[] =
    "{\"type\":\"WorkerLost\",\"message\":\"the replica running this job stopped; its operation writes files "
    "or reaches the network, so it is not run again\"}";
const char jr_shutdown_lost[] = "{\"type\":\"WorkerLost\",\"message\":\"the replica running this job shut "
                                "down; its operation writes files "
                                "or reaches the network, so it is not run again\"}";

typedef struct jr_entry {
    char sid[48];
    char id[JOBS_ID_LEN + 1];
} jr_entry;

static void pause_for(jr_store *rs, double secs)
{
    double end = clock_monotonic() + secs;
    while (!atomic_load(&rs->stop) && clock_monotonic() < end) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

bool jr_ensure_group(redisContext *c)
{
    redisReply *r = redisCommand(c, "XGROUP CREATE " JR_PREFIX "queue " JR_GROUP " 0 MKSTREAM");
    if (!r)
        return false;
    freeReplyObject(r); /* OK, or BUSYGROUP: it exists */
    return true;
}

/* A script run, retried (a fresh connection after an I/O error, a pause
 * after a refusal such as LOADING) until it answers or the store is being
 * freed (NULL: the entry stays pending, for another replica). */
static redisReply *eval_retry(jr_store *rs, redisContext **c, redis_script *s, const rargs *a)
{
    double pause = 0.05;
    while (!atomic_load(&rs->abandon)) {
        if (!*c)
            *c = redis_open(&rs->addr, JR_TIMEOUT);
        redisReply *r = *c ? redis_eval(*c, s, a) : NULL;
        if (r && r->type != REDIS_REPLY_ERROR)
            return r;
        if (r) {
            freeReplyObject(r);
        } else if (*c) {
            redisFree(*c);
            *c = NULL;
        }
        pause_for(rs, pause);
        pause = pause < 1 ? pause * 2 : 1;
    }
    return NULL;
}

/* The first entry of a list of [sid, [field, value, ...]]; false when none. */
static bool first_entry(const redisReply *list, jr_entry *e)
{
    if (!list || list->type != REDIS_REPLY_ARRAY)
        return false;
    for (size_t i = 0; i < list->elements; i++) {
        const redisReply *en = list->element[i];
        size_t n, m;
        const char *sid = reply_at(en, 0, &n);
        const redisReply *kv = en->type == REDIS_REPLY_ARRAY && en->elements > 1 ? en->element[1] : NULL;
        const char *id = reply_at(kv, 1, &m);
        if (n == 0 || n >= sizeof e->sid)
            continue;
        memcpy(e->sid, sid, n);
        e->sid[n] = '\0';
        if (!jr_valid_id(id, m))
            memset(e->id, '0', JOBS_ID_LEN); /* not ours: jr_start skips it */
        else
            memcpy(e->id, id, JOBS_ID_LEN);
        e->id[JOBS_ID_LEN] = '\0';
        return true;
    }
    return false;
}

/* 1 with an entry, 0 with none (after waiting a little), -1 on I/O error. */
static int take(jr_store *rs, redisContext *c, const jr_slot *slot, jr_entry *e)
{
    double now = clock_monotonic();
    double due = atomic_load(&rs->next_autoclaim);
    if (now >= due &&
        atomic_compare_exchange_strong(&rs->next_autoclaim, &due, now + rs->lim.claim_seconds / 4)) {
        char idle[32];
        snprintf(idle, sizeof idle, "%lld", (long long)(rs->lim.claim_seconds * 1000));
        const char *argv[] = {"XAUTOCLAIM", jr_queue, JR_GROUP, slot->consumer, idle, "0-0", "COUNT", "1"};
        redisReply *r = redisCommandArgv(c, 8, argv, NULL);
        if (!r)
            return -1;
        bool got = r->type == REDIS_REPLY_ARRAY && r->elements >= 2 && first_entry(r->element[1], e);
        freeReplyObject(r);
        if (got) {
            atomic_store(&rs->next_autoclaim, now); /* there may be more */
            return 1;
        }
    }
    const char *argv[] = {"XREADGROUP", "GROUP", JR_GROUP,  slot->consumer, "COUNT", "1",
                          "BLOCK",      "500",   "STREAMS", jr_queue,       ">"};
    redisReply *r = redisCommandArgv(c, 11, argv, NULL);
    if (!r)
        return -1;
    int got = 0;
    if (r->type == REDIS_REPLY_ERROR && strncmp(r->str, "NOGROUP", 7) == 0)
        jr_ensure_group(c); /* Redis lost it (restarted without its data) */
    else if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 && r->element[0]->type == REDIS_REPLY_ARRAY &&
             r->element[0]->elements > 1)
        got = first_entry(r->element[0]->element[1], e);
    else if (r->type == REDIS_REPLY_ERROR)
        pause_for(rs, 0.2); /* LOADING and the like */
    freeReplyObject(r);
    return got;
}

static void ack(jr_store *rs, redisContext **c, const jr_entry *e)
{
    double pause = 0.05;
    while (!atomic_load(&rs->abandon)) {
        if (!*c)
            *c = redis_open(&rs->addr, JR_TIMEOUT);
        if (*c) {
            redisAppendCommand(*c, "XACK " JR_PREFIX "queue " JR_GROUP " %s", e->sid);
            redisAppendCommand(*c, "XDEL " JR_PREFIX "queue %s", e->sid);
            void *r1 = NULL, *r2 = NULL;
            bool ok = redisGetReply(*c, &r1) == REDIS_OK && redisGetReply(*c, &r2) == REDIS_OK;
            if (r1)
                freeReplyObject(r1);
            if (r2)
                freeReplyObject(r2);
            if (ok)
                return;
            redisFree(*c);
            *c = NULL;
        }
        pause_for(rs, pause);
        pause = pause < 1 ? pause * 2 : 1;
    }
}

static void common_args(rargs *a, const char *id)
{
    ra_str(a, JR_PREFIX);
    ra_str(a, id);
}

static void limit_args(rargs *a, const jr_store *rs)
{
    ra_num(a, rs->lim.keep_seconds);
    ra_int(a, (long long)rs->lim.max_kept);
    ra_int(a, (long long)rs->lim.max_kept_bytes);
}

/* The arguments jr_start and jr_requeue end with: now, the limits, the
 * error of a job that cannot run again. */
static void lost_args(rargs *a, const jr_store *rs, const char *lost)
{
    ra_num(a, clock_wall());
    limit_args(a, rs);
    ra_str(a, lost);
}

/* The job's end by this worker (fenced by its attempt): done (an empty
 * map), TimeoutError. */
static void finish_as(jr_store *rs, redisContext **c, jr_slot *slot, const char *state, const char *exc,
                      double started)
{
    rargs a = {0};
    common_args(&a, slot->id);
    ra_str(&a, slot->attempt);
    ra_str(&a, state);
    ra_str(&a, exc);
    double now = clock_wall();
    ra_num(&a, now);
    limit_args(&a, rs);
    redisReply *r = eval_retry(rs, c, &jr_finish, &a);
    if (r && reply_is(r, "ok"))
        jr_count_finished(rs, state, started, now);
    if (r)
        freeReplyObject(r);
}

/* ------------------------------------------------------------ one job */

typedef struct job_run {
    redisReply *start; /* jr_start's answer: the fields below point into it */
    const char *op_name, *args, *trace; /* trace: "" when none */
    size_t args_len;
    bool map, rex;
    double timeout, started;
    size_t total, completed;
} job_run;

static bool slot_flag(jr_store *rs, const bool *flag)
{
    pthread_mutex_lock(&rs->slots_mu);
    bool v = *flag;
    pthread_mutex_unlock(&rs->slots_mu);
    return v;
}

static void slot_begin(jr_store *rs, jr_slot *slot, const jr_entry *e, const job_run *j, const char *attempt)
{
    double deadline = 0;
    if (j->timeout >= 0 && j->timeout < 1e9) { /* from started_at, even when another worker started it */
        deadline = clock_monotonic() + (j->started + j->timeout - clock_wall());
        if (deadline <= 0)
            deadline = 1e-9;
    }
    pthread_mutex_lock(&rs->slots_mu);
    memcpy(slot->id, e->id, sizeof slot->id);
    slot->ctl.job_id = slot->id;
    slot->ctl.trace = j->trace && *j->trace ? j->trace : NULL; /* in jr_start's reply: lives for the run */
    memcpy(slot->sid, e->sid, sizeof slot->sid);
    snprintf(slot->attempt, sizeof slot->attempt, "%s", attempt);
    slot->deadline = deadline;
    slot->timed_out = slot->handback = false;
    atomic_store(&slot->ctl.stop, false);
    slot->ctl.deadline = deadline;
    slot->busy = true;
    atomic_fetch_add(&rs->busy, 1);
    if (rs->stopping) { /* r_stop_all has been: this job goes back at once, as if it had been running */
        slot->handback = true;
        jobs_ctl_stop(&slot->ctl);
    }
    pthread_cond_signal(&rs->sweep_cv);
    pthread_mutex_unlock(&rs->slots_mu);
}

static void slot_end(jr_store *rs, jr_slot *slot)
{
    pthread_mutex_lock(&rs->slots_mu);
    slot->ctl.trace = NULL; /* it pointed into jr_start's reply, freed by now */
    slot->busy = false;
    atomic_fetch_sub(&rs->busy, 1);
    pthread_cond_broadcast(&rs->idle_cv);
    pthread_mutex_unlock(&rs->slots_mu);
}

/* The items from the first not done; true when the last one recorded made
 * the job final (jr_item acknowledged its entry then). */
static bool run_items(jr_store *rs, redisContext **c, jr_slot *slot, const void *op, const job_run *j)
{
    bool acked = false;
    arena *a0 = arena_new();
    pv *items = NULL;
    py_err e;
    json_read_opts ro = {.errmode = JSON_ERR_PY, .max_depth = 0, .max_int_digits = 0};
    if (json_parse(a0, j->args, j->args_len, &ro, &items, &e) < 0 || items->kind != PV_LIST)
        items = NULL;
    strbuf out = STRBUF_INIT;
    for (size_t i = j->completed; i < j->total; i++) {
        if (jobs_ctl_stopped(&slot->ctl))
            break;
        const pv *args = items && i < items->l.len ? items->l.items[i] : pv_dict(a0, 0);
        strbuf_clear(&out);
        arena *a = arena_new();
        bool ok = rs->run(op, args, a, &slot->ctl, &out);
        arena_free(a);
        if (atomic_load(&slot->ctl.stop) || jobs_ctl_stopped(&slot->ctl))
            break; /* cancelled, timed out or handed back meanwhile: what it made is discarded */
        rargs ra = {0};
        common_args(&ra, slot->id);
        ra_str(&ra, slot->attempt);
        ra_int(&ra, (long long)i);
        ra_str(&ra, ok ? "1" : "0");
        ra_buf(&ra, out.data ? out.data : "null", out.data ? out.len : 4);
        double now = clock_wall();
        ra_num(&ra, now);
        limit_args(&ra, rs);
        redisReply *r = eval_retry(rs, c, &jr_item, &ra);
        bool more = r && reply_is(r, "ok");
        size_t n;
        if (r && reply_is(r, "final")) {
            jr_count_finished(rs, reply_at(r, 1, &n), j->started, now);
            acked = true;
        }
        if (r)
            freeReplyObject(r);
        if (!more)
            break;
    }
    strbuf_free(&out);
    arena_free(a0);
    return acked;
}

static bool parse_start(redisReply *r, job_run *j, const char **attempt)
{
    size_t n;
    if (!reply_is(r, "run") || r->elements < 10)
        return false;
    j->start = r;
    *attempt = reply_at(r, 1, &n);
    j->op_name = reply_at(r, 2, &n);
    j->map = reply_at(r, 3, &n)[0] == '1';
    j->rex = reply_at(r, 4, &n)[0] == '1';
    const char *t = reply_at(r, 5, &n);
    j->timeout = n ? strtod(t, NULL) : -1;
    j->args = reply_at(r, 6, &j->args_len);
    j->total = strtoull(reply_at(r, 7, &n), NULL, 10);
    j->completed = strtoull(reply_at(r, 8, &n), NULL, 10);
    j->started = strtod(reply_at(r, 9, &n), NULL);
    j->trace = r->elements > 10 ? reply_at(r, 10, &n) : ""; /* a job written by an older replica: none */
    return true;
}

/* An entry taken while shutting down goes back, not run. */
static void release(jr_store *rs, redisContext **c, const jr_entry *e)
{
    rargs a = {0};
    common_args(&a, e->id);
    ra_str(&a, e->sid);
    redisReply *r = eval_retry(rs, c, &jr_release, &a);
    if (!r)
        return;
    bool keep = reply_is(r, "keep");
    freeReplyObject(r);
    if (!keep)
        ack(rs, c, e);
}

static void run_entry(jr_store *rs, redisContext **c, jr_slot *slot, const jr_entry *e)
{
    if (atomic_load(&rs->closed)) {
        release(rs, c, e);
        return;
    }
    rargs a = {0};
    common_args(&a, e->id);
    ra_str(&a, e->sid);
    ra_str(&a, slot->consumer);
    lost_args(&a, rs, jr_worker_lost);
    redisReply *r = eval_retry(rs, c, &jr_start, &a);
    if (!r)
        return; /* abandoned: the entry stays pending */
    job_run j = {0};
    const char *attempt = "";
    if (!parse_start(r, &j, &attempt)) {
        if (reply_is(r, "lost"))
            jr_count_finished(rs, "failed", 0, 0);
        freeReplyObject(r);
        ack(rs, c, e);
        return;
    }
    slot_begin(rs, slot, e, &j, attempt);
    bool acked = false;
    const void *op = rs->resolve ? rs->resolve(j.op_name) : NULL;
    if (!op) { /* a replica without this op (another version) */
        char exc[300];
        snprintf(exc, sizeof exc, "{\"type\":\"BadRequest\",\"message\":\"unknown op: %.200s\"}", j.op_name);
        finish_as(rs, c, slot, "failed", exc, j.started);
    } else if (j.total == 0) {
        finish_as(rs, c, slot, "done", "", j.started);
    } else {
        acked = run_items(rs, c, slot, op, &j);
    }
    bool handback = slot_flag(rs, &slot->handback);
    if (!handback && !slot_flag(rs, &slot->timed_out) && slot->deadline > 0 &&
        clock_monotonic() >= slot->deadline)
        finish_as(rs, c, slot, "failed", "{\"type\":\"TimeoutError\",\"message\":\"\"}", j.started);
    if (handback) {
        rargs q = {0};
        common_args(&q, slot->id);
        ra_str(&q, slot->attempt);
        lost_args(&q, rs, jr_shutdown_lost);
        redisReply *qr = eval_retry(rs, c, &jr_requeue, &q);
        if (qr)
            freeReplyObject(qr);
    }
    freeReplyObject(r);
    if (!acked || handback)
        ack(rs, c, e);
    slot_end(rs, slot);
}

/* ------------------------------------------------------------ the threads */

static void *worker_main(void *arg)
{
    jr_slot *slot = arg;
    jr_store *rs = slot->rs;
    redisContext *c = NULL;
    double pause = 0.05;
    while (!atomic_load(&rs->stop) && !atomic_load(&rs->closed)) {
        if (!c) {
            c = redis_open(&rs->addr, JR_TIMEOUT);
            if (!c || !jr_ensure_group(c)) {
                if (c)
                    redisFree(c);
                c = NULL;
                pause_for(rs, pause);
                pause = pause < 1 ? pause * 2 : 1;
                continue;
            }
            pause = 0.05;
        }
        jr_entry e;
        int got = take(rs, c, slot, &e);
        if (got < 0) {
            redisFree(c);
            c = NULL;
        } else if (got > 0) {
            run_entry(rs, &c, slot, &e);
        }
    }
    if (c)
        redisFree(c);
    return NULL;
}

int jr_workers_start(jr_store *rs)
{
    for (unsigned i = 0; i < rs->nworkers; i++) {
        if (pthread_create(&rs->workers[i], NULL, worker_main, &rs->slots[i]) != 0)
            return -1;
        rs->started = i + 1;
    }
    return 0;
}

void jr_workers_join(jr_store *rs)
{
    for (unsigned i = 0; i < rs->started; i++)
        pthread_join(rs->workers[i], NULL);
    rs->started = 0;
}
