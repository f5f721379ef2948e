/* The redis job store's two watchers (jobs_redis_int.h):
 *
 * * the event thread holds a pub/sub connection on P events: a job that
 *   turned final stops here if one of this replica's workers runs it (a
 *   cancel reaches the replica running the job), and news of a job that
 *   someone waits on here is read and handed to the mirror (long-polls and
 *   event streams on any replica see progress and completion).  After a
 *   lost connection every mirrored job is read again (pub/sub forgets).
 * * the sweep thread: PING for readiness, timeouts of the jobs running here
 *   (failed at once with TimeoutError, as the memory engine does), the claim
 *   of each running entry refreshed every claim_seconds / 3 (and a job
 *   moved on elsewhere stopped), keep limits and the shared counters every
 *   second, and consumers of long-dead replicas removed now and then. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "jobs/jobs_redis_int.h"

void jr_stop_local(jr_store *rs, const char *id)
{
    pthread_mutex_lock(&rs->slots_mu);
    for (unsigned i = 0; i < rs->nworkers; i++)
        if (rs->slots[i].busy && memcmp(rs->slots[i].id, id, JOBS_ID_LEN) == 0)
            jobs_ctl_stop(&rs->slots[i].ctl);
    pthread_mutex_unlock(&rs->slots_mu);
}

/* ------------------------------------------------------------ event thread */

typedef struct news {
    char id[JOBS_ID_LEN + 1];
    bool final;
} news;

#define NEWS_MAX 256

typedef struct events {
    jr_store *rs;
    redisContext *sub, *cmd;
    news batch[NEWS_MAX];
    size_t n;
    double last_rx, ping_at;
    bool resync;
} events;

static void add_news(events *ev, const char *msg, size_t len)
{
    if (len < JOBS_ID_LEN + 2 || !jr_valid_id(msg, JOBS_ID_LEN) || msg[JOBS_ID_LEN] != ' ')
        return;
    const char *st = msg + JOBS_ID_LEN + 1;
    size_t stn = strcspn(st, " ");
    int s = jobs_state_parse(st, stn);
    for (size_t i = 0; i < ev->n; i++)
        if (memcmp(ev->batch[i].id, msg, JOBS_ID_LEN) == 0) {
            ev->batch[i].final |= s >= JOBS_DONE;
            return;
        }
    news *nw = &ev->batch[ev->n++];
    memcpy(nw->id, msg, JOBS_ID_LEN);
    nw->id[JOBS_ID_LEN] = '\0';
    nw->final = s >= JOBS_DONE;
}

static redisContext *cmd_conn(events *ev)
{
    if (ev->cmd && ev->cmd->err) {
        redisFree(ev->cmd);
        ev->cmd = NULL;
        ev->resync = true; /* what failed to be read is read again */
    }
    if (!ev->cmd)
        ev->cmd = redis_open(&ev->rs->addr, JR_TIMEOUT);
    return ev->cmd;
}

static void flush_news(events *ev)
{
    for (size_t i = 0; i < ev->n; i++) {
        if (ev->batch[i].final)
            jr_stop_local(ev->rs, ev->batch[i].id);
        redisContext *c = cmd_conn(ev);
        if (c)
            jr_refresh(ev->rs, c, ev->batch[i].id);
        else
            ev->resync = true;
    }
    ev->n = 0;
}

typedef struct id_list {
    char (*ids)[JOBS_ID_LEN + 1];
    size_t n, cap;
} id_list;

static void collect_id(void *arg, const char *id, size_t completed)
{
    (void)completed;
    id_list *l = arg;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        void *p = realloc(l->ids, cap * sizeof *l->ids);
        if (!p)
            return;
        l->ids = p;
        l->cap = cap;
    }
    memcpy(l->ids[l->n++], id, JOBS_ID_LEN + 1);
}

/* Every mirrored job read again (after a lost connection). */
static void resync(events *ev)
{
    id_list l = {0};
    jobs_mirror_each(ev->rs->mirror, collect_id, &l);
    ev->resync = false;
    for (size_t i = 0; i < l.n; i++) {
        redisContext *c = cmd_conn(ev);
        if (!c) {
            ev->resync = true;
            break;
        }
        jr_refresh(ev->rs, c, l.ids[i]);
    }
    free(l.ids);
}

static bool subscribe(events *ev)
{
    ev->sub = redis_open(&ev->rs->addr, JR_TIMEOUT);
    if (!ev->sub)
        return false;
    redisReply *r = redisCommand(ev->sub, "SUBSCRIBE " JR_PREFIX "events");
    if (!r) {
        redisFree(ev->sub);
        ev->sub = NULL;
        return false;
    }
    freeReplyObject(r);
    ev->last_rx = clock_monotonic();
    ev->ping_at = 0;
    resync(ev);
    return true;
}

static void drop_sub(events *ev)
{
    redisFree(ev->sub);
    ev->sub = NULL;
}

/* One round: wait for traffic (or a wake-up), read what came. */
static void listen_once(events *ev)
{
    struct pollfd p[2] = {{.fd = ev->sub->fd, .events = POLLIN}, {.fd = ev->rs->wake[0], .events = POLLIN}};
    int n = poll(p, 2, 1000);
    double now = clock_monotonic();
    if (n > 0 && (p[1].revents & POLLIN)) {
        char buf[64];
        while (read(ev->rs->wake[0], buf, sizeof buf) > 0) {
        }
    }
    if (n > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        if (redisBufferRead(ev->sub) != REDIS_OK) {
            drop_sub(ev);
            return;
        }
        ev->last_rx = now;
        ev->ping_at = 0;
        void *reply = NULL;
        while (redisGetReplyFromReader(ev->sub, &reply) == REDIS_OK && reply) {
            redisReply *r = reply;
            size_t len;
            if (reply_is(r, "message")) {
                const char *msg = reply_at(r, 2, &len);
                add_news(ev, msg, len);
                if (ev->n == NEWS_MAX)
                    flush_news(ev);
            }
            freeReplyObject(r);
            reply = NULL;
        }
    }
    flush_news(ev);
    if (ev->resync)
        resync(ev);
    /* a quiet connection is asked for a PONG; one that stays silent is dead */
    if (ev->ping_at == 0 && now - ev->last_rx > 5) {
        int done = 0;
        redisAppendCommand(ev->sub, "PING");
        while (!done)
            if (redisBufferWrite(ev->sub, &done) != REDIS_OK) {
                drop_sub(ev);
                return;
            }
        ev->ping_at = now;
    } else if (ev->ping_at > 0 && now - ev->ping_at > 5) {
        drop_sub(ev);
    }
}

static void *events_main(void *arg)
{
    events ev = {.rs = arg};
    double pause = 0.05;
    while (!atomic_load(&ev.rs->stop)) {
        if (!ev.sub && !subscribe(&ev)) {
            struct pollfd p = {.fd = ev.rs->wake[0], .events = POLLIN};
            poll(&p, 1, (int)(pause * 1000));
            pause = pause < 1 ? pause * 2 : 1;
            continue;
        }
        pause = 0.05;
        listen_once(&ev);
    }
    if (ev.sub)
        redisFree(ev.sub);
    if (ev.cmd)
        redisFree(ev.cmd);
    return NULL;
}

/* ------------------------------------------------------------ sweep thread */

typedef struct beat {
    char id[JOBS_ID_LEN + 1], sid[48], consumer[96], attempt[24];
    bool expired;
} beat;

typedef struct sweep {
    jr_store *rs;
    redisContext *c;
    double next_ping, next_beat, next_prune, next_gc;
} sweep;

static redisContext *sweep_conn(sweep *sw)
{
    if (sw->c && sw->c->err) {
        redisFree(sw->c);
        sw->c = NULL;
    }
    if (!sw->c)
        sw->c = redis_open(&sw->rs->addr, JR_TIMEOUT);
    return sw->c;
}

static void ping(sweep *sw)
{
    redisContext *c = sweep_conn(sw);
    redisReply *r = c ? redisCommand(c, "PING") : NULL;
    bool up = r && reply_is(r, "PONG");
    if (r)
        freeReplyObject(r);
    atomic_store(&sw->rs->up, up);
}

static void fail_timeout(sweep *sw, const beat *b)
{
    jr_store *rs = sw->rs;
    redisContext *c = sweep_conn(sw);
    if (!c)
        return; /* the worker does it, retrying, once its op returns */
    rargs a = {0};
    ra_str(&a, JR_PREFIX);
    ra_str(&a, b->id);
    ra_str(&a, b->attempt);
    ra_str(&a, "failed");
    ra_str(&a, "{\"type\":\"TimeoutError\",\"message\":\"\"}");
    double now = clock_wall();
    ra_num(&a, now);
    ra_num(&a, rs->lim.keep_seconds);
    ra_int(&a, (long long)rs->lim.max_kept);
    ra_int(&a, (long long)rs->lim.max_kept_bytes);
    redisReply *r = redis_eval(c, &jr_finish, &a);
    if (r && reply_is(r, "ok"))
        jr_count_finished(rs, "failed", 0, 0);
    if (r)
        freeReplyObject(r);
}

/* The claim of a running entry refreshed; false when the job moved on
 * (cancelled, finished, or taken over by another worker). */
static bool refresh_claim(redisContext *c, const beat *b)
{
    const char *xc[] = {"XCLAIM", jr_queue, JR_GROUP, b->consumer, "0", b->sid, "JUSTID"};
    redisAppendCommandArgv(c, 7, xc, NULL);
    redisAppendCommand(c, "HMGET " JR_PREFIX "job:%s state attempt", b->id);
    void *r1 = NULL, *r2 = NULL;
    bool io = redisGetReply(c, &r1) == REDIS_OK && redisGetReply(c, &r2) == REDIS_OK;
    size_t n, m;
    const char *st = reply_at(r2, 0, &n), *att = reply_at(r2, 1, &m);
    bool alive = !io || (n == 7 && memcmp(st, "running", 7) == 0 && m == strlen(b->attempt) &&
                         memcmp(att, b->attempt, m) == 0);
    if (r1)
        freeReplyObject(r1);
    if (r2)
        freeReplyObject(r2);
    return alive;
}

static void stop_if_same(jr_store *rs, const beat *b)
{
    pthread_mutex_lock(&rs->slots_mu);
    for (unsigned i = 0; i < rs->nworkers; i++) {
        jr_slot *s = &rs->slots[i];
        if (s->busy && strcmp(s->id, b->id) == 0 && strcmp(s->attempt, b->attempt) == 0)
            jobs_ctl_stop(&s->ctl);
    }
    pthread_mutex_unlock(&rs->slots_mu);
}

static void prune(sweep *sw)
{
    jr_store *rs = sw->rs;
    redisContext *c = sweep_conn(sw);
    if (!c)
        return;
    rargs a = {0};
    ra_str(&a, JR_PREFIX);
    ra_num(&a, clock_wall());
    ra_num(&a, rs->lim.keep_seconds);
    ra_int(&a, (long long)rs->lim.max_kept);
    ra_int(&a, (long long)rs->lim.max_kept_bytes);
    redisReply *r = redis_eval(c, &jr_prune, &a);
    if (!r || r->type != REDIS_REPLY_ARRAY) {
        if (r)
            freeReplyObject(r);
        return;
    }
    size_t by[JOBS_NSTATES] = {0}, kept = 0, n, m;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        const char *k = reply_at(r, i, &n), *v = reply_at(r, i + 1, &m);
        long long x = strtoll(v, NULL, 10);
        size_t val = x > 0 ? (size_t)x : 0;
        int s = jobs_state_parse(k, n);
        if (s >= 0)
            by[s] = val;
        else if (n == 10 && memcmp(k, "kept_bytes", 10) == 0)
            kept = val;
    }
    freeReplyObject(r);
    pthread_mutex_lock(&rs->stats_mu);
    memcpy(rs->st.by_state, by, sizeof by);
    rs->st.queue_depth = by[JOBS_PENDING];
    rs->st.kept_bytes = kept;
    pthread_mutex_unlock(&rs->stats_mu);
}

/* Consumers of replicas gone for long (nothing pending, idle > 10 claims,
 * at least 10 minutes) are removed from the group. */
static void forget_consumers(sweep *sw)
{
    redisContext *c = sweep_conn(sw);
    redisReply *r = c ? redisCommand(c, "XINFO CONSUMERS " JR_PREFIX "queue " JR_GROUP) : NULL;
    double limit = sw->rs->lim.claim_seconds * 10 > 600 ? sw->rs->lim.claim_seconds * 10 : 600;
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        const redisReply *e = r->element[i];
        const char *name = NULL;
        long long pending = -1, idle = 0;
        for (size_t k = 0; e->type == REDIS_REPLY_ARRAY && k + 1 < e->elements; k += 2) {
            size_t n;
            const char *key = reply_at(e, k, &n);
            const redisReply *v = e->element[k + 1];
            if (n == 4 && memcmp(key, "name", 4) == 0 && v->type == REDIS_REPLY_STRING)
                name = v->str;
            else if (n == 7 && memcmp(key, "pending", 7) == 0 && v->type == REDIS_REPLY_INTEGER)
                pending = v->integer;
            else if (n == 4 && memcmp(key, "idle", 4) == 0 && v->type == REDIS_REPLY_INTEGER)
                idle = v->integer;
        }
        if (name && pending == 0 && (double)idle > limit * 1000 &&
            strncmp(name, sw->rs->name, strlen(sw->rs->name)) != 0) {
            redisReply *d = redisCommand(c, "XGROUP DELCONSUMER " JR_PREFIX "queue " JR_GROUP " %s", name);
            if (d)
                freeReplyObject(d);
        }
    }
    if (r)
        freeReplyObject(r);
}

static struct timespec abs_mono(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    return ts;
}

/* Under slots_mu: the running jobs to refresh (all when beating), those
 * past their deadline marked and stopped; the earliest deadline left. */
static size_t gather(jr_store *rs, beat *out, bool beating, double now, double *earliest)
{
    size_t n = 0;
    for (unsigned i = 0; i < rs->nworkers; i++) {
        jr_slot *s = &rs->slots[i];
        if (!s->busy)
            continue;
        bool expired = s->deadline > 0 && !s->timed_out && now >= s->deadline;
        if (expired) {
            s->timed_out = true;
            jobs_ctl_stop(&s->ctl);
        } else if (s->deadline > 0 && !s->timed_out && s->deadline < *earliest) {
            *earliest = s->deadline;
        }
        if (!expired && !beating)
            continue;
        beat *b = &out[n++];
        memcpy(b->id, s->id, sizeof b->id);
        memcpy(b->sid, s->sid, sizeof b->sid);
        memcpy(b->consumer, s->consumer, sizeof b->consumer);
        memcpy(b->attempt, s->attempt, sizeof b->attempt);
        b->expired = expired;
    }
    return n;
}

static void sweep_round(sweep *sw, const beat *beats, size_t n, double now)
{
    jr_store *rs = sw->rs;
    for (size_t i = 0; i < n; i++)
        if (beats[i].expired)
            fail_timeout(sw, &beats[i]);
    if (now >= sw->next_beat) {
        sw->next_beat = now + rs->lim.claim_seconds / 3;
        redisContext *c = sweep_conn(sw);
        for (size_t i = 0; c && i < n; i++)
            if (!beats[i].expired && !refresh_claim(c, &beats[i]))
                stop_if_same(rs, &beats[i]);
    }
    if (now >= sw->next_ping) {
        sw->next_ping = now + 0.5;
        ping(sw);
    }
    if (now >= sw->next_prune) {
        sw->next_prune = now + 1.0;
        prune(sw);
    }
    if (now >= sw->next_gc) {
        sw->next_gc = now + 60;
        forget_consumers(sw);
    }
}

static void *sweep_main(void *arg)
{
    sweep sw = {.rs = arg};
    jr_store *rs = sw.rs;
    beat *beats = calloc(rs->nworkers, sizeof *beats);
    if (!beats)
        return NULL;
    sw.next_gc = clock_monotonic() + 60;
    pthread_mutex_lock(&rs->slots_mu);
    while (!atomic_load(&rs->stop)) {
        double now = clock_monotonic();
        double earliest = sw.next_ping < sw.next_beat ? sw.next_ping : sw.next_beat;
        if (sw.next_prune < earliest)
            earliest = sw.next_prune;
        bool beating = now >= sw.next_beat;
        size_t n = gather(rs, beats, beating, now, &earliest);
        if (n == 0 && now < earliest && now < sw.next_ping && now < sw.next_prune && now < sw.next_gc) {
            struct timespec ts = abs_mono(earliest);
            pthread_cond_timedwait(&rs->sweep_cv, &rs->slots_mu, &ts);
            continue;
        }
        pthread_mutex_unlock(&rs->slots_mu);
        sweep_round(&sw, beats, n, now);
        pthread_mutex_lock(&rs->slots_mu);
    }
    pthread_mutex_unlock(&rs->slots_mu);
    if (sw.c)
        redisFree(sw.c);
    free(beats);
    return NULL;
}

/* ------------------------------------------------------------ start, stop */

int jr_watch_start(jr_store *rs)
{
    if (pipe2(rs->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
        rs->wake[0] = rs->wake[1] = -1;
        return -1;
    }
    rs->events_started = pthread_create(&rs->events_thread, NULL, events_main, rs) == 0;
    rs->sweep_started = pthread_create(&rs->sweep_thread, NULL, sweep_main, rs) == 0;
    return rs->events_started && rs->sweep_started ? 0 : -1;
}

void jr_watch_stop(jr_store *rs)
{
    atomic_store(&rs->stop, true);
    if (rs->wake[1] >= 0 && write(rs->wake[1], "x", 1) < 0) {
        /* full: the thread is awake already */
    }
    pthread_mutex_lock(&rs->slots_mu);
    pthread_cond_broadcast(&rs->sweep_cv);
    pthread_mutex_unlock(&rs->slots_mu);
    if (rs->events_started)
        pthread_join(rs->events_thread, NULL);
    if (rs->sweep_started)
        pthread_join(rs->sweep_thread, NULL);
    rs->events_started = rs->sweep_started = false;
    if (rs->wake[0] >= 0) {
        close(rs->wake[0]);
        close(rs->wake[1]);
        rs->wake[0] = rs->wake[1] = -1;
    }
}
