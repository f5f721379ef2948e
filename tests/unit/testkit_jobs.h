/* What the job tests share (test_jobs.c: the engine; test_jobs_store.c: the
 * store interface): a fake op that counts its runs, JSON in the test's
 * arena A, and a long-poll answered through a condition variable. */
#ifndef PYSTD_TESTKIT_JOBS_H
#define PYSTD_TESTKIT_JOBS_H

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/clock.h"
#include "jobs/jobs.h"
#include "json/json.h"
#include "op.h"

#define MAX_N 20000
static atomic_int executions[MAX_N]; /* runs of the items {"n": i} */
static atomic_int running_now;       /* fake ops running at this moment */
static arena *A;                     /* the test's arena (its fixture makes it) */

static inline double fake_num(const pv *v)
{
    return v->kind == PV_FLOAT ? v->f : (double)v->i.v;
}

/* args: {"v": value} -> result v; {"fail": "msg"} -> ValueError(msg);
 * {"sleep": s} sleeps cooperatively; {"spin": s} ignores cancellation;
 * {"n": i} counts executions of item i (and is the result without "v"). */
static inline bool fake_run(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    (void)op;
    atomic_fetch_add(&running_now, 1);
    const pv *n = pv_dict_getc(args, "n");
    if (n && n->i.v >= 0 && n->i.v < MAX_N)
        atomic_fetch_add(&executions[n->i.v], 1);
    const pv *s = pv_dict_getc(args, "sleep");
    if (s) {
        op_ctx c;
        memset(&c, 0, sizeof c);
        c.job = ctl;
        op_sleep(&c, fake_num(s));
    }
    const pv *spin = pv_dict_getc(args, "spin");
    if (spin) {
        double end = clock_monotonic() + fake_num(spin);
        while (clock_monotonic() < end)
            usleep(1000);
    }
    atomic_fetch_sub(&running_now, 1);
    const pv *f = pv_dict_getc(args, "fail");
    if (f) {
        strbuf_printf(out, "{\"type\":\"ValueError\",\"message\":\"%s\"}", f->s.p);
        return false;
    }
    const pv *v = pv_dict_getc(args, "v");
    if (!v)
        v = n ? n : pv_none();
    py_err e;
    json_write(out, v, &JSON_ENVELOPE, a, &e);
    return true;
}

/* JSON text as a value in A (the test fails on bad JSON). */
static inline pv *J(const char *text)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    ck_assert_msg(json_parse(A, text, strlen(text), &o, &v, &e) == 0, "bad JSON %s", text);
    return v;
}

/* The JSON text in b as a value (b is freed). */
static inline pv *J_take(strbuf *b)
{
    pv *v = J(b->data);
    strbuf_free(b);
    return v;
}

/* The items of a one-item job: "[args]" (in A). */
static inline const char *one_item(const char *args_json)
{
    return arena_printf(A, "[%s]", args_json);
}

/* The fake op over the items of a JSON array (in A). */
static inline jobs_spec fake_spec(const char *items_json, bool map, double timeout, bool rex)
{
    pv *items = J(items_json);
    return (jobs_spec){.op_name = "/v1/fake/op",
                       .op = "the fake op",
                       .items = (const pv *const *)items->l.items,
                       .nitems = items->l.len,
                       .map = map,
                       .timeout = timeout,
                       .return_exceptions = rex,
                       .rerunnable = true};
}

static inline void assert_json(const pv *v, const char *expect)
{
    ck_assert_msg(pv_eq(v, J(expect)), "value differs from %s", expect);
}

static inline const char *state(const pv *j)
{
    return pv_dict_getc(j, "state")->s.p;
}

/* A long-poll answered through a condition variable: w.arg = &waited. */
typedef struct waited {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int calls;
    char *json;
} waited;
#define WAITED_INIT                                                                                          \
    {                                                                                                        \
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, NULL                                         \
    }

static inline void on_ready(jobs_waiter *w, const char *json, size_t len)
{
    waited *x = w->arg;
    pthread_mutex_lock(&x->mu);
    x->calls++;
    free(x->json);
    x->json = strndup(json, len);
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
}

static inline jobs_waiter waiter_of(waited *x)
{
    jobs_waiter w;
    memset(&w, 0, sizeof w);
    w.arg = x;
    return w;
}

/* Until the long-poll is answered: the job it was answered with. */
static inline pv *waited_job(waited *x)
{
    pthread_mutex_lock(&x->mu);
    while (!x->calls)
        pthread_cond_wait(&x->cv, &x->mu);
    pthread_mutex_unlock(&x->mu);
    ck_assert_int_eq(x->calls, 1);
    pv *v = J(x->json);
    free(x->json);
    x->json = NULL;
    return v;
}

#endif
