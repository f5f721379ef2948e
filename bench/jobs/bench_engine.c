/* The job engine alone (core/jobs/jobs.c, no HTTP): jobs/s for a no-op item,
 * submitted by C client threads, each job waited for with a long-poll
 * waiter.  Built and run by bench/jobs/jobs_bench.py:
 *
 *   cc -O2 -Icore bench/jobs/bench_engine.c build/libpystd_core.a -lgmp -lpcre2-8 -lcurl -lm -lpthread
 *   ./a.out [jobs] [clients] [workers]
 *
 * Prints one JSON line. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "jobs/jobs.h"

static bool noop(const void *op, const pv *args, arena *a, jobs_ctl *ctl, strbuf *out)
{
    (void)op;
    (void)args;
    (void)a;
    (void)ctl;
    strbuf_append(out, "0.5", 3);
    return true;
}

static jobs *js;
static int per_client;
static atomic_long busy;

enum { WINDOW = 64 };

typedef struct done_flag {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;
    jobs_waiter *w;   /* WINDOW waiters */
    int free[WINDOW]; /* indices of waiters not in use */
    int nfree;
} done_flag;

static void ready(jobs_waiter *w, const char *json, size_t len)
{
    (void)json;
    (void)len;
    done_flag *d = w->arg;
    pthread_mutex_lock(&d->mu);
    d->n++;
    d->free[d->nfree++] = (int)(w - d->w);
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

/* Each client keeps up to 64 jobs in flight, like 64 keep-alive connections. */
static void *client(void *arg)
{
    (void)arg;
    arena *a = arena_new();
    pv *args = pv_dict(a, 1);
    pv_dict_setc(a, args, "seed", pv_int(a, 1));
    const pv *items[1] = {args};
    jobs_spec s = {.op_name = "/v1/random/random", .items = items, .nitems = 1, .timeout = -1};
    jobs_waiter *w = calloc(WINDOW, sizeof *w);
    done_flag d = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, w, {0}, WINDOW};
    for (int i = 0; i < WINDOW; i++)
        d.free[i] = i;
    int submitted = 0, waited = 0;
    char id[JOBS_ID_LEN + 1];
    while (waited < per_client) {
        while (submitted < per_client && submitted - waited < WINDOW) {
            int rc = jobs_submit(js, &s, id);
            if (rc == JOBS_BUSY) {
                atomic_fetch_add(&busy, 1);
                break;
            }
            pthread_mutex_lock(&d.mu);
            jobs_waiter *x = &w[d.free[--d.nfree]];
            pthread_mutex_unlock(&d.mu);
            memset(x, 0, sizeof *x);
            x->arg = &d;
            jobs_wait(js, id, JOBS_ID_LEN, clock_monotonic() + 60, x, ready);
            submitted++;
        }
        if (submitted == waited) { /* refused with nothing in flight: try again */
            sched_yield();
            continue;
        }
        pthread_mutex_lock(&d.mu);
        while (d.n == 0)
            pthread_cond_wait(&d.cv, &d.mu);
        waited += d.n;
        d.n = 0;
        pthread_mutex_unlock(&d.mu);
    }
    free(w);
    arena_free(a);
    return NULL;
}

int main(int argc, char **argv)
{
    int njobs = argc > 1 ? atoi(argv[1]) : 200000;
    int clients = argc > 2 ? atoi(argv[2]) : 4;
    unsigned workers = argc > 3 ? (unsigned)atoi(argv[3]) : 0;
    per_client = njobs / clients;
    const char *mk = getenv("MAX_KEPT");
    size_t max_kept = mk ? (size_t)atoi(mk) : 10000;
    jobs_limits lim = {.workers = workers, .max_pending = 1024, .keep_seconds = 600, .max_kept = max_kept};
    js = jobs_new(&lim, noop);
    if (!js)
        return 1;
    pthread_t th[64];
    double t0 = clock_monotonic();
    for (int i = 0; i < clients; i++)
        pthread_create(&th[i], NULL, client, NULL);
    for (int i = 0; i < clients; i++)
        pthread_join(th[i], NULL);
    double dt = clock_monotonic() - t0;
    jobs_stats st;
    jobs_get_stats(js, &st);
    printf("{\"jobs\": %d, \"clients\": %d, \"workers\": %u, \"seconds\": %.3f, \"jobs_per_s\": %.0f, "
           "\"busy_retries\": %ld, \"done\": %llu}\n",
           per_client * clients, clients, st.workers, dt, per_client * clients / dt, atomic_load(&busy),
           st.finished_total[JOBS_DONE]);
    jobs_free(js);
    return 0;
}
