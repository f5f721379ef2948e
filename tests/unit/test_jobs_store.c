/* core/jobs/jobs_store.h: the job store interface, the same tests on both
 * stores -- memory, and redis on a redis-server this test starts on a free
 * loopback port (emptied before each test).  Results, map order and
 * return_exceptions, cancel, timeout, long-polls and event streams,
 * Idempotency-Key, the queue bound, many jobs from many threads (on redis:
 * through two stores on one Redis, as two replicas), and on redis a job
 * handed back at shutdown and finished by the other store.  Also built
 * under ThreadSanitizer (-DPYSTD_TSAN=ON). */
#include <check.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/clock.h"
#include "jobs/jobs_store.h"
#include "json/json.h"
#include "op.h"
#include "testkit_jobs.h"

extern char **environ;

/* ------------------------------------------------------------ the fake op */

static const void *resolve(const char *name)
{
    return strcmp(name, "/v1/fake/op") == 0 ? "the fake op" : NULL;
}

/* ------------------------------------------------------------ redis-server */

static int redis_port;
static pid_t redis_pid;
static char redis_url[64];
static const char *backend = "memory"; /* or redis_url */

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof sa;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static redisContext *redis_cmd_conn(void)
{
    struct timeval tv = {2, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", redis_port, tv);
    if (c && c->err) {
        redisFree(c);
        return NULL;
    }
    return c;
}

static int start_redis(void)
{
    redis_port = free_port();
    char port[16];
    snprintf(port, sizeof port, "%d", redis_port);
    char *argv[] = {"redis-server", "--bind", "127.0.0.1",  "--port",  port, "--save", "",
                    "--appendonly", "no",     "--loglevel", "warning", NULL};
    if (posix_spawnp(&redis_pid, "redis-server", NULL, NULL, argv, environ) != 0)
        return -1;
    for (int i = 0; i < 400; i++) {
        redisContext *c = redis_cmd_conn();
        redisReply *r = c ? redisCommand(c, "PING") : NULL;
        bool up = r && r->type == REDIS_REPLY_STATUS;
        if (r)
            freeReplyObject(r);
        if (c)
            redisFree(c);
        if (up) {
            snprintf(redis_url, sizeof redis_url, "redis://127.0.0.1:%d", redis_port);
            return 0;
        }
        usleep(25000);
    }
    return -1;
}

static void stop_redis(void)
{
    if (redis_pid > 0) {
        kill(redis_pid, SIGTERM);
        waitpid(redis_pid, NULL, 0);
    }
}

/* ------------------------------------------------------------ helpers */

static jobs_store *ST;

static jobs_store *open_store(unsigned workers, size_t max_pending)
{
    jobs_limits lim = {.workers = workers,
                       .max_pending = max_pending,
                       .keep_seconds = 600,
                       .max_kept = 100000,
                       .keepalive = 0.05,
                       .claim_seconds = 2};
    char err[256] = "";
    jobs_store *st = jobs_store_open(backend, &lim, fake_run, resolve, err, sizeof err);
    ck_assert_msg(st != NULL, "%s", err);
    for (int i = 0; i < 400; i++) { /* redis: ready once its first PING is answered */
        const char *why;
        if (jobs_store_ready(st, &why))
            return st;
        usleep(10000);
    }
    ck_abort_msg("store %s never ready", backend);
    return NULL;
}

static void setup(void)
{
    if (strcmp(backend, "memory") != 0) {
        redisContext *c = redis_cmd_conn();
        ck_assert_ptr_nonnull(c);
        redisReply *r = redisCommand(c, "FLUSHALL");
        ck_assert_ptr_nonnull(r);
        freeReplyObject(r);
        redisFree(c);
    }
    A = arena_new();
    ST = open_store(2, 64);
}

static void teardown(void)
{
    jobs_store_free(ST);
    arena_free(A);
}

static const char *submit_on(jobs_store *st, const char *items_json, bool map, double timeout, bool rex)
{
    jobs_spec s = fake_spec(items_json, map, timeout, rex);
    char *id = arena_alloc(A, JOBS_ID_LEN + 1);
    ck_assert_int_eq(jobs_store_submit(st, &s, id), JOBS_OK);
    return id;
}

static const char *submit1(const char *args_json, double timeout)
{
    return submit_on(ST, one_item(args_json), false, timeout, false);
}

static pv *get_on(jobs_store *st, const char *id)
{
    strbuf b = STRBUF_INIT;
    ck_assert_int_eq(jobs_store_get(st, id, strlen(id), &b, NULL), JOBS_OK);
    return J_take(&b);
}

static pv *wait_on(jobs_store *st, const char *id, double secs)
{
    waited x = WAITED_INIT;
    jobs_waiter w = waiter_of(&x);
    ck_assert_int_eq(jobs_store_wait(st, id, strlen(id), clock_monotonic() + secs, &w, on_ready), JOBS_OK);
    pv *v = waited_job(&x);
    jobs_store_unsubscribe(st, &w);
    return v;
}

static pv *wait_final(const char *id)
{
    return wait_on(ST, id, 30);
}

static void wait_state(jobs_store *st, const char *id, const char *want)
{
    for (int i = 0; i < 10000; i++) {
        if (strcmp(state(get_on(st, id)), want) == 0)
            return;
        usleep(1000);
    }
    ck_abort_msg("job never became %s", want);
}

/* ------------------------------------------------------------ tests */

START_TEST(t_result)
{
    pv *j = wait_final(submit1("{\"v\": [1, \"two\", 3.5]}", -1));
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[1, \"two\", 3.5]");
    assert_json(pv_dict_getc(j, "progress"), "{\"completed\": 1, \"total\": 1}");
    ck_assert(pv_dict_getc(j, "started_at")->kind == PV_STR);
    j = wait_final(submit1("{\"fail\": \"bad\"}", -1));
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"ValueError\", \"message\": \"bad\"}");
    ck_assert_int_eq(jobs_store_get(ST, "0123456789abcdef0123456789abcdef", 32, NULL, NULL), JOBS_NOT_FOUND);
    ck_assert_int_eq(jobs_store_get(ST, "nope", 4, NULL, NULL), JOBS_NOT_FOUND);
}
END_TEST

START_TEST(t_map)
{
    const char *items = "[{\"v\": 1}, {\"fail\": \"x\"}, {\"v\": 3}]";
    pv *j = wait_final(submit_on(ST, items, true, -1, true));
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[1, {\"type\": \"ValueError\", \"message\": \"x\"}, 3]");
    j = wait_final(submit_on(ST, items, true, -1, false));
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "progress"), "{\"completed\": 2, \"total\": 3}");
    ck_assert(pv_dict_getc(j, "result")->kind == PV_NONE);
    j = wait_final(submit_on(ST, "[]", true, -1, false));
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[]");
}
END_TEST

START_TEST(t_cancel)
{
    const char *a = submit1("{\"sleep\": 30}", -1), *b = submit1("{\"sleep\": 30}", -1);
    wait_state(ST, a, "running");
    wait_state(ST, b, "running");
    const char *p = submit1("{\"v\": 1}", -1); /* both workers busy: it waits */
    strbuf out = STRBUF_INIT;
    ck_assert_int_eq(jobs_store_cancel(ST, p, 32, &out, NULL), JOBS_OK);
    pv *j = J(out.data);
    ck_assert_str_eq(state(j), "cancelled");
    ck_assert(pv_dict_getc(j, "started_at")->kind == PV_NONE);
    strbuf_clear(&out);
    ck_assert_int_eq(jobs_store_cancel(ST, a, 32, &out, NULL), JOBS_OK);
    ck_assert_str_eq(state(J(out.data)), "cancelled");
    jobs_state was = JOBS_PENDING;
    ck_assert_int_eq(jobs_store_cancel(ST, a, 32, NULL, &was), JOBS_FINISHED);
    ck_assert_int_eq(was, JOBS_CANCELLED);
    strbuf_free(&out);
    /* the worker is free again (the sleep stopped): a new job runs */
    ck_assert_str_eq(state(wait_final(submit1("{\"v\": 2}", -1))), "done");
    ck_assert_int_eq(jobs_store_cancel(ST, b, 32, NULL, NULL), JOBS_OK);
}
END_TEST

START_TEST(t_timeout)
{
    pv *j = wait_final(submit1("{\"sleep\": 20}", 0.2));
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"TimeoutError\", \"message\": \"\"}");
    j = wait_final(submit1("{\"v\": 5}", 10));
    ck_assert_str_eq(state(j), "done");
}
END_TEST

START_TEST(t_wait_deadline)
{
    const char *id = submit1("{\"sleep\": 30}", -1);
    wait_state(ST, id, "running");
    pv *j = wait_on(ST, id, 0.2); /* answered at its deadline with the job as it is */
    ck_assert_str_eq(state(j), "running");
    ck_assert_int_eq(jobs_store_cancel(ST, id, 32, NULL, NULL), JOBS_OK);
    waited x = WAITED_INIT;
    jobs_waiter w = waiter_of(&x);
    ck_assert_int_eq(
        jobs_store_wait(ST, "0123456789abcdef0123456789abcdef", 32, clock_monotonic() + 1, &w, on_ready),
        JOBS_NOT_FOUND);
    ck_assert_int_eq(x.calls, 0);
}
END_TEST

typedef struct news {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int count;
} news;

static void on_news(jobs_waiter *w)
{
    news *n = w->arg;
    pthread_mutex_lock(&n->mu);
    n->count++;
    pthread_cond_broadcast(&n->cv);
    pthread_mutex_unlock(&n->mu);
}

START_TEST(t_events)
{
    const char *id =
        submit_on(ST, "[{\"sleep\": 0.05, \"v\": 1}, {\"fail\": \"f\"}, {\"v\": 3}]", true, -1, true);
    news n = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    w.arg = &n;
    ck_assert_int_eq(jobs_store_subscribe(ST, id, 32, &w, on_news), JOBS_OK);
    int progress = 0, done = 0;
    double end = clock_monotonic() + 30;
    while (!done && clock_monotonic() < end) {
        strbuf data = STRBUF_INIT;
        size_t eid = 0;
        int ev = jobs_store_next_event(ST, &w, &data, &eid);
        if (ev == JOBS_EV_PROGRESS) {
            progress++;
            ck_assert_int_eq((int)eid, progress);
            pv *d = J(data.data);
            ck_assert_int_eq((int)pv_dict_getc(d, "index")->i.v, progress - 1);
            ck_assert(pv_dict_getc(d, progress == 2 ? "exception" : "result") != NULL);
        } else if (ev == JOBS_EV_DONE) {
            ck_assert_str_eq(state(J(data.data)), "done");
            done = 1;
        } else if (ev == JOBS_EV_NONE || ev == JOBS_EV_KEEPALIVE) {
            pthread_mutex_lock(&n.mu);
            int seen = n.count;
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 20 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L)
                ts.tv_sec++, ts.tv_nsec -= 1000000000L;
            while (n.count == seen && pthread_cond_timedwait(&n.cv, &n.mu, &ts) == 0) {
            }
            pthread_mutex_unlock(&n.mu);
        }
        strbuf_free(&data);
    }
    jobs_store_unsubscribe(ST, &w);
    ck_assert_int_eq(progress, 3);
    ck_assert(done);
}
END_TEST

START_TEST(t_idempotency)
{
    char key[JOBS_DIGEST_LEN + 1], body[JOBS_DIGEST_LEN + 1], other[JOBS_DIGEST_LEN + 1];
    jobs_idem_digest("", "k1", 2, key);
    jobs_body_digest("/v1/jobs", "{}", 2, body);
    jobs_body_digest("/v1/jobs", "{ }", 3, other);
    char key2[JOBS_DIGEST_LEN + 1];
    jobs_idem_digest("tenant", "k1", 2, key2); /* another tenant's k1: another key */
    ck_assert_str_ne(key, key2);
    jobs_spec s = fake_spec("[{\"v\": 7}]", false, -1, false);
    s.idem_key = key;
    s.body_digest = body;
    char id1[JOBS_ID_LEN + 1], id2[JOBS_ID_LEN + 1], id3[JOBS_ID_LEN + 1];
    ck_assert_int_eq(jobs_store_submit(ST, &s, id1), JOBS_OK);
    strbuf existing = STRBUF_INIT;
    s.existing = &existing;
    ck_assert_int_eq(jobs_store_submit(ST, &s, id2), JOBS_EXISTS);
    ck_assert_str_eq(id1, id2);
    ck_assert_str_eq(pv_dict_getc(J(existing.data), "id")->s.p, id1);
    strbuf_free(&existing);
    s.body_digest = other;
    ck_assert_int_eq(jobs_store_submit(ST, &s, id3), JOBS_CONFLICT);
    s.idem_key = key2;
    ck_assert_int_eq(jobs_store_submit(ST, &s, id3), JOBS_OK);
    ck_assert_str_ne(id3, id1);
}
END_TEST

START_TEST(t_busy)
{
    jobs_store_free(ST);
    ST = open_store(1, 2);
    const char *a = submit1("{\"sleep\": 30}", -1);
    wait_state(ST, a, "running");
    submit1("{\"v\": 1}", -1);
    submit1("{\"v\": 2}", -1);
    jobs_spec s = fake_spec("[{\"v\": 3}]", false, -1, false);
    char id[JOBS_ID_LEN + 1];
    ck_assert_int_eq(jobs_store_submit(ST, &s, id), JOBS_BUSY);
    jobs_stats st;
    jobs_store_stats(ST, &st);
    ck_assert_int_eq((int)st.refused_total, 1);
    ck_assert_int_eq(jobs_store_cancel(ST, a, 32, NULL, NULL), JOBS_OK);
}
END_TEST

/* Many jobs from 4 threads, alternately on two stores (on redis: two
 * replicas sharing the queue; on memory: the same store twice): every job
 * done once. */
#define STRESS_N 400
static jobs_store *PAIR[2];
static char stress_ids[STRESS_N][JOBS_ID_LEN + 1];

static void *stress_thread(void *arg)
{
    int t = (int)(intptr_t)arg;
    arena *a = arena_new();
    for (int i = t; i < STRESS_N; i += 4) {
        char text[64];
        snprintf(text, sizeof text, "{\"n\": %d}", i);
        json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 8};
        py_err e;
        pv *v;
        json_parse(a, text, strlen(text), &o, &v, &e);
        jobs_spec s = {.op_name = "/v1/fake/op",
                       .op = "the fake op",
                       .items = (const pv *const *)&v,
                       .nitems = 1,
                       .timeout = -1,
                       .rerunnable = true};
        int rc;
        while ((rc = jobs_store_submit(PAIR[i % 2], &s, stress_ids[i])) == JOBS_BUSY)
            usleep(1000);
        if (rc != JOBS_OK)
            stress_ids[i][0] = '\0';
    }
    arena_free(a);
    return NULL;
}

START_TEST(t_stress)
{
    bool redis = strcmp(backend, "memory") != 0;
    PAIR[0] = ST;
    PAIR[1] = redis ? open_store(2, 64) : ST;
    pthread_t th[4];
    for (int t = 0; t < 4; t++)
        pthread_create(&th[t], NULL, stress_thread, (void *)(intptr_t)t);
    for (int t = 0; t < 4; t++)
        pthread_join(th[t], NULL);
    for (int i = 0; i < STRESS_N; i++) {
        ck_assert_msg(stress_ids[i][0], "job %d not submitted", i);
        pv *j = wait_on(PAIR[(i + 1) % 2], stress_ids[i], 60);
        ck_assert_str_eq(state(j), "done");
        ck_assert_int_eq((int)pv_dict_getc(j, "result")->i.v, i);
    }
    for (int i = 0; i < STRESS_N; i++)
        ck_assert_msg(atomic_load(&executions[i]) == 1, "job %d ran %d times", i,
                      atomic_load(&executions[i]));
    if (redis)
        jobs_store_free(PAIR[1]);
}
END_TEST

/* redis: a replica shutting down hands its running job back; the other
 * store takes it and finishes it. */
START_TEST(t_handback)
{
    jobs_store *leaving = ST; /* the only store open: only `leaving` may take the job (a second
                                 store open at submission could take it first and, freed,
                                 leave it to be claimed and run again from its first item) */
    const char *id = submit_on(leaving, "[{\"n\": 6}, {\"sleep\": 1, \"n\": 7}]", true, -1, false);
    for (int i = 0; i < 5000 && atomic_load(&executions[7]) == 0; i++)
        usleep(1000); /* its second item runs */
    jobs_store_close(leaving);
    ck_assert(!jobs_store_drain(leaving, clock_monotonic() + 0.1));
    jobs_store_stop_all(leaving);
    ck_assert_str_eq(state(get_on(leaving, id)), "pending");
    jobs_store *other = open_store(1, 64);
    pv *j = wait_on(other, id, 60);
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[6, 7]");
    /* it went on from its second item: the first ran once, the second twice */
    ck_assert_int_eq(atomic_load(&executions[6]), 1);
    ck_assert_int_eq(atomic_load(&executions[7]), 2);
    jobs_store_free(other);
}
END_TEST

static Suite *suite(const char *name, bool redis)
{
    Suite *s = suite_create(name);
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, t_result);
    tcase_add_test(tc, t_map);
    tcase_add_test(tc, t_cancel);
    tcase_add_test(tc, t_timeout);
    tcase_add_test(tc, t_wait_deadline);
    tcase_add_test(tc, t_events);
    tcase_add_test(tc, t_idempotency);
    tcase_add_test(tc, t_busy);
    tcase_add_test(tc, t_stress);
    if (redis)
        tcase_add_test(tc, t_handback);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = 0;
    SRunner *sr = srunner_create(suite("memory", false));
    srunner_run_all(sr, CK_NORMAL);
    failed += srunner_ntests_failed(sr);
    srunner_free(sr);
    if (start_redis() < 0) {
        fprintf(stderr, "cannot start redis-server (scripts/deps.sh test installs it)\n");
        stop_redis();
        return EXIT_FAILURE;
    }
    backend = redis_url;
    sr = srunner_create(suite("redis", true));
    srunner_run_all(sr, CK_NORMAL);
    failed += srunner_ntests_failed(sr);
    srunner_free(sr);
    stop_redis();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
