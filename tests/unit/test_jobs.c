/* core/jobs/: the job engine without HTTP.  Future states, map order and
 * return_exceptions, timeouts, cancellation (pending, running, finished),
 * the bounded queue, keep time, long-poll waiters, event subscribers,
 * shutdown, and a stress run (10,000 short jobs + 100 cancels from 8 client
 * threads: every job final, none lost, none run twice).  Also built under
 * ThreadSanitizer (-DPYSTD_TSAN=ON). */
#include <check.h>

#include "base/clock.h"
#include "testkit.h"
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/jobs.h"
#include "json/json.h"
#include "op.h"
#include "testkit_jobs.h"

/* ------------------------------------------------------------ helpers */

static jobs *JS;

static jobs *engine(unsigned workers, size_t max_pending, double keep, size_t max_kept)
{
    jobs_limits lim = {.workers = workers,
                       .max_pending = max_pending,
                       .keep_seconds = keep,
                       .max_kept = max_kept,
                       .keepalive = 0.05};
    jobs *js = jobs_new(&lim, fake_run);
    ck_assert_ptr_nonnull(js);
    return js;
}

static void setup(void)
{
    A = arena_new();
    JS = engine(2, 64, 600, 100000);
}

static void teardown(void)
{
    jobs_free(JS);
    arena_free(A);
}

static const char *submit_map(const char *items_json, bool map, double timeout, bool rex)
{
    jobs_spec s = fake_spec(items_json, map, timeout, rex);
    char *id = arena_alloc(A, JOBS_ID_LEN + 1);
    ck_assert_int_eq(jobs_submit(JS, &s, id), JOBS_OK);
    return id;
}

static const char *submit1(const char *args_json, double timeout)
{
    return submit_map(one_item(args_json), false, timeout, false);
}

static pv *get(const char *id)
{
    strbuf b = STRBUF_INIT;
    ck_assert_int_eq(jobs_get(JS, id, strlen(id), &b), JOBS_OK);
    return J_take(&b);
}

static pv *wait_final(const char *id, double secs)
{
    waited x = WAITED_INIT;
    jobs_waiter w = waiter_of(&x);
    ck_assert_int_eq(jobs_wait(JS, id, strlen(id), clock_monotonic() + secs, &w, on_ready), JOBS_OK);
    pv *v = waited_job(&x);
    jobs_unsubscribe(JS, &w); /* a no-op once answered */
    return v;
}

static void wait_state(const char *id, const char *want)
{
    for (int i = 0; i < 5000; i++) {
        if (strcmp(state(get(id)), want) == 0)
            return;
        usleep(1000);
    }
    ck_abort_msg("job never became %s", want);
}

/* ------------------------------------------------------------ tests */

START_TEST(submit_runs_to_done)
{
    const char *id = submit1("{\"v\": [1, \"x\", null, 2.5]}", -1);
    ck_assert_uint_eq(strlen(id), JOBS_ID_LEN);
    pv *j = wait_final(id, 10);
    ck_assert_str_eq(state(j), "done");
    ck_assert(pv_dict_getc(j, "done")->b);
    assert_json(pv_dict_getc(j, "result"), "[1, \"x\", null, 2.5]");
    ck_assert_int_eq(pv_dict_getc(j, "exception")->kind, PV_NONE);
    assert_json(pv_dict_getc(j, "progress"), "{\"completed\": 1, \"total\": 1}");
    ck_assert_str_eq(pv_dict_getc(j, "op")->s.p, "/v1/fake/op");
    /* key order of the job object */
    const char *keys[] = {"id",     "op",        "state",      "done",       "progress",
                          "result", "exception", "created_at", "started_at", "finished_at"};
    ck_assert_uint_eq(j->d.len, 10);
    for (int i = 0; i < 10; i++)
        ck_assert_str_eq(j->d.items[i].key->s.p, keys[i]);
    const char *c = pv_dict_getc(j, "created_at")->s.p;
    ck_assert_uint_eq(strlen(c), 24); /* 2024-05-01T12:00:00.123Z */
    ck_assert(c[4] == '-' && c[10] == 'T' && c[19] == '.' && c[23] == 'Z');
    ck_assert(strcmp(c, pv_dict_getc(j, "started_at")->s.p) <= 0);
    ck_assert(strcmp(pv_dict_getc(j, "started_at")->s.p, pv_dict_getc(j, "finished_at")->s.p) <= 0);
}
END_TEST

START_TEST(failing_submit)
{
    pv *j = wait_final(submit1("{\"fail\": \"boom\"}", -1), 10);
    ck_assert_str_eq(state(j), "failed");
    ck_assert(pv_dict_getc(j, "done")->b);
    ck_assert_int_eq(pv_dict_getc(j, "result")->kind, PV_NONE);
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"ValueError\", \"message\": \"boom\"}");
}
END_TEST

START_TEST(map_in_input_order)
{
    /* later items are quicker: the order is still the input's */
    pv *j = wait_final(submit_map("[{\"v\": 0, \"sleep\": 0.03}, {\"v\": 1, \"sleep\": 0.02}, {\"v\": 2}, "
                                  "{\"v\": 3, \"sleep\": 0.01}]",
                                  true, -1, false),
                       10);
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[0, 1, 2, 3]");
    assert_json(pv_dict_getc(j, "progress"), "{\"completed\": 4, \"total\": 4}");
    pv *e = wait_final(submit_map("[]", true, -1, false), 10);
    ck_assert_str_eq(state(e), "done");
    assert_json(pv_dict_getc(e, "result"), "[]");
    assert_json(pv_dict_getc(e, "progress"), "{\"completed\": 0, \"total\": 0}");
}
END_TEST

START_TEST(map_return_exceptions)
{
    atomic_store(&executions[7], 0);
    pv *j = wait_final(submit_map("[{\"v\": 1}, {\"fail\": \"second\"}, {\"fail\": \"third\"}, {\"n\": 7}]",
                                  true, -1, false),
                       10);
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"ValueError\", \"message\": \"second\"}");
    ck_assert_int_eq(pv_dict_getc(j, "result")->kind, PV_NONE);
    assert_json(pv_dict_getc(j, "progress"), "{\"completed\": 2, \"total\": 4}");
    ck_assert_int_eq(atomic_load(&executions[7]), 0); /* the rest never ran */

    j = wait_final(submit_map("[{\"v\": 1}, {\"fail\": \"second\"}, {\"v\": 3}]", true, -1, true), 10);
    ck_assert_str_eq(state(j), "done");
    assert_json(pv_dict_getc(j, "result"), "[1, {\"type\": \"ValueError\", \"message\": \"second\"}, 3]");
    ck_assert_int_eq(pv_dict_getc(j, "exception")->kind, PV_NONE);
}
END_TEST

START_TEST(timeout_fails_with_timeout_error)
{
    /* a 30 s sleep with a 0.1 s timeout: failed long before the sleep ends (wait_final gives up at 20 s) */
    pv *j = wait_final(submit1("{\"sleep\": 30}", 0.1), 20);
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"TimeoutError\", \"message\": \"\"}");
    /* a map over the limit stops between items too */
    j = wait_final(submit_map("[{\"sleep\": 0.06}, {\"sleep\": 0.06}, {\"sleep\": 0.06}, {\"sleep\": 0.06}]",
                              true, 0.1, false),
                   20);
    ck_assert_str_eq(state(j), "failed");
    assert_json(pv_dict_getc(j, "exception"), "{\"type\": \"TimeoutError\", \"message\": \"\"}");
    /* even an op that ignores cancellation fails at its deadline (its result is discarded) */
    j = wait_final(submit1("{\"spin\": 0.5, \"v\": 1}", 0.05), 20);
    ck_assert_str_eq(state(j), "failed");
    /* timeout 0: wait_for(timeout=0) of anything not done yet */
    j = wait_final(submit1("{\"v\": 1}", 0), 20);
    ck_assert_str_eq(state(j), "failed");
    /* a generous timeout does not matter */
    j = wait_final(submit1("{\"v\": 1}", 30), 20);
    ck_assert_str_eq(state(j), "done");
}
END_TEST

START_TEST(cancel_pending_running_finished)
{
    /* occupy both workers */
    const char *b1 = submit1("{\"sleep\": 30}", -1), *b2 = submit1("{\"sleep\": 30}", -1);
    wait_state(b1, "running");
    wait_state(b2, "running");
    atomic_store(&executions[3], 0);
    const char *p = submit1("{\"n\": 3}", -1);
    ck_assert_str_eq(state(get(p)), "pending");
    strbuf b = STRBUF_INIT;
    jobs_state was;
    ck_assert_int_eq(jobs_cancel(JS, p, strlen(p), &b, &was), JOBS_OK);
    pv *j = J(b.data);
    strbuf_clear(&b);
    ck_assert_str_eq(state(j), "cancelled");
    ck_assert(pv_dict_getc(j, "done")->b);
    ck_assert_int_eq(pv_dict_getc(j, "started_at")->kind, PV_NONE);
    ck_assert_int_eq(pv_dict_getc(j, "finished_at")->kind, PV_STR);

    /* running sleeps stop at once */
    double t0 = clock_monotonic();
    ck_assert_int_eq(jobs_cancel(JS, b1, strlen(b1), &b, &was), JOBS_OK);
    strbuf_clear(&b);
    ck_assert_int_eq(jobs_cancel(JS, b2, strlen(b2), NULL, &was), JOBS_OK);
    ck_assert_str_eq(state(get(b1)), "cancelled");
    ck_assert_int_eq(pv_dict_getc(get(b1), "started_at")->kind, PV_STR);
    while (atomic_load(&running_now) > 0 && clock_monotonic() - t0 < 10)
        usleep(1000);
    ck_assert_int_eq(atomic_load(&running_now), 0);

    /* the pending one never ran, even once workers were free */
    pv *q = wait_final(submit1("{\"v\": 1}", -1), 10);
    ck_assert_str_eq(state(q), "done");
    ck_assert_int_eq(atomic_load(&executions[3]), 0);
    ck_assert_int_eq(pv_dict_getc(get(p), "started_at")->kind, PV_NONE);

    /* finished: refused, with the state it finished in */
    const char *qid = pv_dict_getc(q, "id")->s.p;
    ck_assert_int_eq(jobs_cancel(JS, qid, strlen(qid), &b, &was), JOBS_FINISHED);
    ck_assert_int_eq(was, JOBS_DONE);
    ck_assert_int_eq(jobs_cancel(JS, p, strlen(p), &b, &was), JOBS_FINISHED);
    ck_assert_int_eq(was, JOBS_CANCELLED);
    ck_assert_str_eq(state(get(qid)), "done");
    strbuf_free(&b);
}
END_TEST

START_TEST(cancel_map_between_items)
{
    atomic_store(&executions[11], 0);
    const char *id = submit_map("[{\"sleep\": 0.05}, {\"spin\": 0.2}, {\"n\": 11}]", true, -1, false);
    wait_state(id, "running");
    usleep(100 * 1000); /* inside the spin (non-cooperative) */
    ck_assert_int_eq(jobs_cancel(JS, id, strlen(id), NULL, NULL), JOBS_OK);
    ck_assert_str_eq(state(get(id)), "cancelled"); /* at once, though the op still runs */
    while (atomic_load(&running_now) > 0)
        usleep(1000);
    usleep(20 * 1000);
    ck_assert_int_eq(atomic_load(&executions[11]), 0); /* stopped before the next item */
    pv *j = get(id);
    ck_assert_str_eq(state(j), "cancelled");
    ck_assert_int_eq(pv_dict_getc(j, "result")->kind, PV_NONE);
}
END_TEST

START_TEST(unknown_ids)
{
    strbuf b = STRBUF_INIT;
    const char *ids[] = {"00000000000000000000000000000000", "no-such-job", "",
                         "0123456789ABCDEF0123456789ABCDEF"};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(jobs_get(JS, ids[i], strlen(ids[i]), &b), JOBS_NOT_FOUND);
        ck_assert_int_eq(jobs_cancel(JS, ids[i], strlen(ids[i]), &b, NULL), JOBS_NOT_FOUND);
        jobs_waiter w;
        memset(&w, 0, sizeof w);
        ck_assert_int_eq(jobs_wait(JS, ids[i], strlen(ids[i]), clock_monotonic() + 1, &w, on_ready),
                         JOBS_NOT_FOUND);
        ck_assert_int_eq(jobs_subscribe(JS, ids[i], strlen(ids[i]), &w, NULL), JOBS_NOT_FOUND);
    }
    ck_assert_uint_eq(b.len, 0);
    strbuf_free(&b);
}
END_TEST

START_TEST(queue_full_is_busy)
{
    jobs_free(JS);
    JS = engine(1, 3, 600, 1000);
    const char *first = submit1("{\"sleep\": 30}", -1);
    wait_state(first, "running");
    const char *q[3];
    for (int i = 0; i < 3; i++)
        q[i] = submit1("{\"v\": 1}", -1);
    pv *items = J("[{\"v\": 1}]");
    jobs_spec s = {.op_name = "x", .items = (const pv *const *)items->l.items, .nitems = 1, .timeout = -1};
    char id[JOBS_ID_LEN + 1];
    ck_assert_int_eq(jobs_submit(JS, &s, id), JOBS_BUSY);
    /* only pending jobs count: cancelling one makes room */
    ck_assert_int_eq(jobs_cancel(JS, q[1], JOBS_ID_LEN, NULL, NULL), JOBS_OK);
    ck_assert_int_eq(jobs_submit(JS, &s, id), JOBS_OK);
    jobs_stats st;
    jobs_get_stats(JS, &st);
    ck_assert_uint_eq(st.queue_depth, 3);
    ck_assert_uint_eq(st.by_state[JOBS_RUNNING], 1);
    ck_assert_uint_eq(st.refused_total, 1);
    ck_assert_uint_eq(st.workers, 1);
    jobs_cancel(JS, first, JOBS_ID_LEN, NULL, NULL);
    ck_assert_str_eq(state(wait_final(id, 10)), "done");
}
END_TEST

START_TEST(finished_jobs_are_forgotten)
{
    jobs_free(JS);
    JS = engine(2, 64, 0.2, 3);
    const char *ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = submit1("{\"v\": 1}", -1);
    jobs_stats st;
    do {
        usleep(1000);
        jobs_get_stats(JS, &st);
    } while (st.finished_total[JOBS_DONE] < 5);
    /* at most 3 kept: the two that finished first are gone */
    strbuf b = STRBUF_INIT;
    jobs_list(JS, -1, &b);
    pv *l = pv_dict_getc(J(b.data), "jobs");
    ck_assert_uint_eq(l->l.len, 3);
    strbuf_clear(&b);
    usleep(300 * 1000);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(jobs_get(JS, ids[i], JOBS_ID_LEN, &b), JOBS_NOT_FOUND);
    /* unfinished jobs are never forgotten */
    const char *r = submit1("{\"sleep\": 30}", -1);
    usleep(300 * 1000);
    ck_assert_int_eq(jobs_get(JS, r, JOBS_ID_LEN, &b), JOBS_OK);
    jobs_cancel(JS, r, JOBS_ID_LEN, NULL, NULL);
    strbuf_free(&b);
}
END_TEST

START_TEST(kept_bytes_bound)
{
    jobs_free(JS);
    jobs_limits lim = {
        .workers = 1, .max_pending = 64, .keep_seconds = 600, .max_kept = 1000, .max_kept_bytes = 3 * 20000};
    JS = jobs_new(&lim, fake_run);
    /* each result is a ~17 KB string: at most 3 fit */
    char *big = arena_alloc(A, 17000 + 64);
    strcpy(big, "[{\"v\": \"");
    memset(big + 8, 'x', 17000);
    strcpy(big + 8 + 17000, "\"}]");
    const char *ids[5];
    for (int i = 0; i < 5; i++)
        ids[i] = submit_map(big, false, -1, false);
    jobs_stats st;
    do {
        usleep(1000);
        jobs_get_stats(JS, &st);
    } while (st.finished_total[JOBS_DONE] < 5);
    ck_assert_uint_le(st.kept_bytes, 3 * 20000);
    strbuf b = STRBUF_INIT;
    ck_assert_int_eq(jobs_get(JS, ids[0], JOBS_ID_LEN, &b), JOBS_NOT_FOUND);
    ck_assert_int_eq(jobs_get(JS, ids[4], JOBS_ID_LEN, &b), JOBS_OK);
    strbuf_free(&b);
    /* one result larger than the bound is still kept while it is the newest */
    jobs_free(JS);
    lim.max_kept_bytes = 1000;
    JS = jobs_new(&lim, fake_run);
    const char *one = submit_map(big, false, -1, false);
    ck_assert_str_eq(state(wait_final(one, 10)), "done");
    ck_assert_str_eq(state(get(one)), "done");
}
END_TEST

START_TEST(list_by_state_oldest_first)
{
    const char *a = submit1("{\"v\": 1}", -1);
    wait_final(a, 10);
    const char *r = submit1("{\"sleep\": 30}", -1);
    wait_state(r, "running");
    strbuf b = STRBUF_INIT;
    jobs_list(JS, -1, &b);
    pv *l = pv_dict_getc(J(b.data), "jobs");
    ck_assert_uint_eq(l->l.len, 2);
    ck_assert_str_eq(pv_dict_getc(l->l.items[0], "id")->s.p, a);
    ck_assert_str_eq(pv_dict_getc(l->l.items[1], "id")->s.p, r);
    strbuf_clear(&b);
    jobs_list(JS, JOBS_RUNNING, &b);
    l = pv_dict_getc(J(b.data), "jobs");
    ck_assert_uint_eq(l->l.len, 1);
    ck_assert_str_eq(pv_dict_getc(l->l.items[0], "id")->s.p, r);
    strbuf_clear(&b);
    jobs_list(JS, JOBS_FAILED, &b);
    ck_assert_str_eq(b.data, "{\"jobs\":[]}");
    strbuf_free(&b);
    jobs_cancel(JS, r, JOBS_ID_LEN, NULL, NULL);
    ck_assert_int_eq(jobs_state_parse("cancelled", 9), JOBS_CANCELLED);
    ck_assert_int_eq(jobs_state_parse("cancel", 6), -1);
}
END_TEST

START_TEST(long_poll_deadline_and_release)
{
    const char *r = submit1("{\"sleep\": 30}", -1);
    /* deadline first: answered with the unfinished job, once */
    pv *j = wait_final(r, 0.1);
    ck_assert(!pv_dict_getc(j, "done")->b);
    /* a released waiter is never called */
    waited x = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL};
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    w.arg = &x;
    ck_assert_int_eq(jobs_wait(JS, r, JOBS_ID_LEN, clock_monotonic() + 0.05, &w, on_ready), JOBS_OK);
    jobs_unsubscribe(JS, &w);
    usleep(100 * 1000);
    jobs_cancel(JS, r, JOBS_ID_LEN, NULL, NULL);
    ck_assert_int_eq(x.calls, 0);
    /* many waiters on one job: all answered when it finishes */
    const char *s = submit1("{\"sleep\": 0.1, \"v\": 5}", -1);
    enum { NW = 300 };
    static waited xs[NW];
    static jobs_waiter ws[NW];
    for (int i = 0; i < NW; i++) {
        xs[i] = (waited){PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL};
        memset(&ws[i], 0, sizeof ws[i]);
        ws[i].arg = &xs[i];
        ck_assert_int_eq(jobs_wait(JS, s, JOBS_ID_LEN, clock_monotonic() + 30, &ws[i], on_ready), JOBS_OK);
    }
    jobs_stats st;
    jobs_get_stats(JS, &st);
    ck_assert_uint_ge(st.waiters, 1);
    wait_final(s, 10);
    for (int i = 0; i < NW; i++) {
        pthread_mutex_lock(&xs[i].mu);
        while (!xs[i].calls)
            pthread_cond_wait(&xs[i].cv, &xs[i].mu);
        pthread_mutex_unlock(&xs[i].mu);
        ck_assert_int_eq(xs[i].calls, 1);
        assert_json(pv_dict_getc(J(xs[i].json), "result"), "5");
        free(xs[i].json);
    }
    jobs_get_stats(JS, &st);
    ck_assert_uint_eq(st.waiters, 0);
}
END_TEST

static atomic_int news_count;
static void on_news(jobs_waiter *w)
{
    (void)w;
    atomic_fetch_add(&news_count, 1);
}

START_TEST(events_replayed_then_done)
{
    const char *id = submit_map(
        "[{\"v\": 1, \"sleep\": 0.02}, {\"fail\": \"x\"}, {\"v\": 3, \"sleep\": 0.15}]", true, -1, true);
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    atomic_store(&news_count, 0);
    ck_assert_int_eq(jobs_subscribe(JS, id, JOBS_ID_LEN, &w, on_news), JOBS_OK);
    strbuf d = STRBUF_INIT;
    size_t eid = 0, progress = 0, keepalives = 0;
    int ev;
    double end = clock_monotonic() + 10;
    while ((ev = jobs_next_event(JS, &w, &d, &eid)) != JOBS_EV_END && clock_monotonic() < end) {
        if (ev == JOBS_EV_PROGRESS) {
            pv *e = J(d.data);
            ck_assert_uint_eq(eid, progress + 1);
            ck_assert_int_eq(pv_dict_getc(e, "index")->i.v, (int64_t)progress);
            ck_assert_int_eq(pv_dict_getc(e, "completed")->i.v, (int64_t)progress + 1);
            ck_assert_int_eq(pv_dict_getc(e, "total")->i.v, 3);
            ck_assert_ptr_nonnull(pv_dict_getc(e, progress == 1 ? "exception" : "result"));
            progress++;
        } else if (ev == JOBS_EV_DONE) {
            ck_assert_uint_eq(progress, 3);
            ck_assert_str_eq(state(J(d.data)), "done");
        } else if (ev == JOBS_EV_KEEPALIVE) {
            keepalives++;
        } else {
            usleep(5000);
        }
        strbuf_clear(&d);
    }
    ck_assert_int_eq(ev, JOBS_EV_END);
    ck_assert_int_gt(atomic_load(&news_count), 0);
    ck_assert_uint_gt(keepalives, 0); /* keepalive is 50 ms here and the job ran ~170 ms */
    jobs_unsubscribe(JS, &w);
    /* a late subscriber gets everything replayed */
    ck_assert_int_eq(jobs_subscribe(JS, id, JOBS_ID_LEN, &w, on_news), JOBS_OK);
    int n = 0;
    while ((ev = jobs_next_event(JS, &w, &d, &eid)) != JOBS_EV_END) {
        ck_assert(ev == JOBS_EV_PROGRESS || ev == JOBS_EV_DONE || ev == JOBS_EV_KEEPALIVE);
        n += ev != JOBS_EV_KEEPALIVE;
        strbuf_clear(&d);
    }
    ck_assert_int_eq(n, 4);
    jobs_unsubscribe(JS, &w);
    jobs_unsubscribe(JS, &w); /* twice is harmless */
    strbuf_free(&d);
}
END_TEST

START_TEST(subscriber_keeps_forgotten_job)
{
    jobs_free(JS);
    JS = engine(1, 64, 0.05, 100);
    const char *id = submit1("{\"v\": 1}", -1);
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    ck_assert_int_eq(jobs_subscribe(JS, id, JOBS_ID_LEN, &w, on_news), JOBS_OK);
    wait_final(id, 10);
    usleep(100 * 1000);
    strbuf d = STRBUF_INIT;
    ck_assert_int_eq(jobs_get(JS, id, JOBS_ID_LEN, &d), JOBS_NOT_FOUND);
    size_t eid;
    int ev, seen = 0;
    while ((ev = jobs_next_event(JS, &w, &d, &eid)) != JOBS_EV_END) {
        seen += ev == JOBS_EV_DONE;
        strbuf_clear(&d);
    }
    ck_assert_int_eq(seen, 1);
    jobs_unsubscribe(JS, &w);
    strbuf_free(&d);
}
END_TEST

START_TEST(shutdown_semantics)
{
    jobs_free(JS);
    JS = engine(1, 64, 600, 1000);
    const char *r = submit1("{\"sleep\": 0.2, \"v\": 1}", -1);
    wait_state(r, "running");
    const char *p = submit1("{\"v\": 2}", -1);
    /* a long-poll parked on the pending job */
    waited x = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL};
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    w.arg = &x;
    ck_assert_int_eq(jobs_wait(JS, p, JOBS_ID_LEN, clock_monotonic() + 60, &w, on_ready), JOBS_OK);
    jobs_close(JS);
    /* stop accepting, cancel what waits, answer its waiters */
    ck_assert_str_eq(state(get(p)), "cancelled");
    ck_assert_int_eq(x.calls, 1);
    free(x.json);
    pv *items = J("[{\"v\": 1}]");
    jobs_spec s = {.op_name = "x", .items = (const pv *const *)items->l.items, .nitems = 1, .timeout = -1};
    char id[JOBS_ID_LEN + 1];
    ck_assert_int_eq(jobs_submit(JS, &s, id), JOBS_CLOSED);
    /* the running one finishes within the grace */
    ck_assert(jobs_drain(JS, clock_monotonic() + 10));
    ck_assert_str_eq(state(get(r)), "done");
    /* one that outlives the grace is cancelled */
    jobs_free(JS);
    JS = engine(1, 64, 600, 1000);
    r = submit1("{\"sleep\": 30}", -1);
    wait_state(r, "running");
    jobs_close(JS);
    ck_assert(!jobs_drain(JS, clock_monotonic() + 0.1));
    jobs_cancel_all(JS);
    ck_assert_str_eq(state(get(r)), "cancelled");
}
END_TEST

/* ------------------------------------------------------------ stress */

#define STRESS_JOBS 10000
#define STRESS_CLIENTS 8
#define STRESS_CANCELS 100
static char stress_ids[STRESS_JOBS][JOBS_ID_LEN + 1];
static atomic_int stress_published[STRESS_JOBS];
static atomic_int stress_next, stress_cancels, stress_busy;

static void *stress_client(void *arg)
{
    (void)arg;
    arena *a = arena_new();
    for (;;) {
        int i = atomic_fetch_add(&stress_next, 1);
        if (i >= STRESS_JOBS)
            break;
        pv *args = pv_dict(a, 2);
        pv_dict_setc(a, args, "n", pv_int(a, i));
        const pv *items[1] = {args};
        jobs_spec s = {.op_name = "/v1/fake/op", .items = items, .nitems = 1, .timeout = -1};
        int rc;
        while ((rc = jobs_submit(JS, &s, stress_ids[i])) == JOBS_BUSY) {
            atomic_fetch_add(&stress_busy, 1);
            sched_yield();
        }
        ck_assert_int_eq(rc, JOBS_OK);
        atomic_store(&stress_published[i], 1);
        /* every 100th submission cancels a recent job (maybe pending, running or done) */
        if (i % (STRESS_JOBS / STRESS_CANCELS) == 0) {
            int k = i >= 5 ? i - 5 : i;
            while (!atomic_load(&stress_published[k])) /* another client's, not published yet */
                sched_yield();
            int c = jobs_cancel(JS, stress_ids[k], JOBS_ID_LEN, NULL, NULL);
            ck_assert(c == JOBS_OK || c == JOBS_FINISHED);
            atomic_fetch_add(&stress_cancels, 1);
        }
    }
    arena_free(a);
    return NULL;
}

START_TEST(stress_10000_jobs_100_cancels_8_clients)
{
    jobs_free(JS);
    JS = engine(4, 256, 600, STRESS_JOBS * 2);
    memset(stress_ids, 0, sizeof stress_ids);
    for (int i = 0; i < STRESS_JOBS; i++) {
        atomic_store(&executions[i], 0);
        atomic_store(&stress_published[i], 0);
    }
    atomic_store(&stress_next, 0);
    atomic_store(&stress_cancels, 0);
    pthread_t th[STRESS_CLIENTS];
    for (int k = 0; k < STRESS_CLIENTS; k++)
        pthread_create(&th[k], NULL, stress_client, NULL);
    for (int k = 0; k < STRESS_CLIENTS; k++)
        pthread_join(th[k], NULL);
    ck_assert_int_eq(atomic_load(&stress_cancels), STRESS_CANCELS);
    /* wait for all (a long-poll on the last one is not enough: check each) */
    size_t by[JOBS_NSTATES] = {0};
    for (int i = 0; i < STRESS_JOBS; i++) {
        pv *j = wait_final(stress_ids[i], 60);
        int s = jobs_state_parse(state(j), strlen(state(j)));
        ck_assert_msg(s >= JOBS_DONE, "job %d is %s", i, state(j));
        by[s]++;
        int ex = atomic_load(&executions[i]);
        if (s == JOBS_DONE) {
            ck_assert_int_eq(ex, 1);
            ck_assert_int_eq(pv_dict_getc(j, "result")->i.v, i);
        } else {
            ck_assert_int_eq(s, JOBS_CANCELLED);
            ck_assert_int_le(ex, 1); /* cancelled while pending: 0; while running: 1 */
            if (pv_dict_getc(j, "started_at")->kind == PV_NONE)
                ck_assert_int_eq(ex, 0);
        }
    }
    ck_assert_uint_eq(by[JOBS_DONE] + by[JOBS_CANCELLED], STRESS_JOBS);
    ck_assert_uint_eq(by[JOBS_FAILED], 0);
    ck_assert_uint_le(by[JOBS_CANCELLED], STRESS_CANCELS);
    /* the table holds each id exactly once */
    strbuf b = STRBUF_INIT;
    jobs_list(JS, -1, &b);
    pv *l = pv_dict_getc(J(b.data), "jobs");
    ck_assert_uint_eq(l->l.len, STRESS_JOBS);
    strbuf_free(&b);
    pv *seen = pv_dict(A, STRESS_JOBS);
    for (size_t i = 0; i < l->l.len; i++)
        pv_dict_set(A, seen, pv_dict_getc(l->l.items[i], "id"), pv_none());
    ck_assert_uint_eq(seen->d.len, STRESS_JOBS);
    jobs_stats st;
    jobs_get_stats(JS, &st);
    ck_assert_uint_eq(st.submitted_total, STRESS_JOBS);
    ck_assert_uint_eq(st.finished_total[JOBS_DONE] + st.finished_total[JOBS_CANCELLED], STRESS_JOBS);
    fprintf(stderr, "stress: %zu done, %zu cancelled, %d busy retries\n", by[JOBS_DONE], by[JOBS_CANCELLED],
            atomic_load(&stress_busy));
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "jobs", .timeout = 300, .setup = setup, .teardown = teardown}),
             submit_runs_to_done, failing_submit, map_in_input_order, map_return_exceptions,
             timeout_fails_with_timeout_error, cancel_pending_running_finished, cancel_map_between_items,
             unknown_ids, queue_full_is_busy, finished_jobs_are_forgotten, kept_bytes_bound,
             list_by_state_oldest_first, long_poll_deadline_and_release, events_replayed_then_done,
             subscriber_keeps_forgotten_job, shutdown_semantics, stress_10000_jobs_100_cancels_8_clients)
