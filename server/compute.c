/* The compute pool (compute.h): a taskpool whose workers run at a lower
 * priority than the HTTP threads, its bounds, and its metrics. */
#include "compute.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/cpus.h"
#include "metrics.h"

/* Nice value of the workers: at 10 against the HTTP threads' 0 the kernel
 * gives an HTTP thread about 9 times the CPU share of a worker. */
#define WORKER_NICE 10

static taskpool *pool;
static unsigned nworkers;
static _Atomic uint64_t rejected, migrated, overruns, deadline_trips, queue_timeouts, inflated, compressed;

void compute_lower_priority(void)
{
    static _Thread_local bool done;
    if (done)
        return;
    done = true;
    /* Linux: PRIO_PROCESS with a thread id sets that thread only.  Raising
     * one's own nice value needs no privilege. */
    (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE);
}

static void trampoline(void *arg)
{
    compute_task *t = arg;
    compute_lower_priority();
    t->fn(t->arg);
}

static void metrics_compute(strbuf *o)
{
    strbuf_printf(
        o,
        "# HELP pystd_compute_workers Compute pool workers.\n"
        "# TYPE pystd_compute_workers gauge\n"
        "pystd_compute_workers %u\n"
        "# HELP pystd_compute_queue_depth Requests waiting for a compute worker.\n"
        "# TYPE pystd_compute_queue_depth gauge\n"
        "pystd_compute_queue_depth %zu\n"
        "# HELP pystd_compute_running Requests running on a compute worker.\n"
        "# TYPE pystd_compute_running gauge\n"
        "pystd_compute_running %zu\n"
        "# HELP pystd_compute_rejected_total Requests refused with 429 because the compute queue "
        "was full (--compute-queue).\n"
        "# TYPE pystd_compute_rejected_total counter\n"
        "pystd_compute_rejected_total %llu\n"
        "# HELP pystd_compute_queue_timeouts_total Requests answered 429 after waiting in the "
        "compute queue longer than --max-request-seconds.\n"
        "# TYPE pystd_compute_queue_timeouts_total counter\n"
        "pystd_compute_queue_timeouts_total %llu\n"
        "# HELP pystd_compute_migrated_total Ops that outgrew their inline slice on an HTTP "
        "thread and were run again on the compute pool.\n"
        "# TYPE pystd_compute_migrated_total counter\n"
        "pystd_compute_migrated_total %llu\n"
        "# HELP pystd_compute_overruns_total Ops that ran far past their inline slice without "
        "noticing (a loop that does not check the budget); their route then runs on the compute pool "
        "for 5 s.\n"
        "# TYPE pystd_compute_overruns_total counter\n"
        "pystd_compute_overruns_total %llu\n"
        "# HELP pystd_request_deadline_exceeded_total Ops stopped at --max-request-seconds "
        "(422 ResourceLimitError).\n"
        "# TYPE pystd_request_deadline_exceeded_total counter\n"
        "pystd_request_deadline_exceeded_total %llu\n"
        "# HELP pystd_compute_codec_total Request bodies inflated and response bodies compressed "
        "on the compute pool (larger than 64 KiB).\n"
        "# TYPE pystd_compute_codec_total counter\n"
        "pystd_compute_codec_total{work=\"inflate\"} %llu\n"
        "pystd_compute_codec_total{work=\"compress\"} %llu\n",
        nworkers, compute_queued(), compute_running(), (unsigned long long)atomic_load(&rejected),
        (unsigned long long)atomic_load(&queue_timeouts), (unsigned long long)atomic_load(&migrated),
        (unsigned long long)atomic_load(&overruns), (unsigned long long)atomic_load(&deadline_trips),
        (unsigned long long)atomic_load(&inflated), (unsigned long long)atomic_load(&compressed));
}

int compute_init(void)
{
    nworkers = config.compute_threads;
    if (nworkers == 0) {
        nworkers = cpus_usable();
    }
    /* queue_max 0 would mean unbounded to taskpool: at least one. */
    pool = taskpool_new(nworkers, config.compute_queue ? config.compute_queue : 1);
    if (!pool)
        return -1;
    metrics_add_provider(metrics_compute);
    return 0;
}

static atomic_bool closing;
static atomic_uint submitting; /* submits between their look at `closing` and their enqueue */

void compute_close(void)
{
    atomic_store(&closing, true);
    /* seq_cst on both sides: a submit either saw `closing` or is counted in
     * `submitting` (and then queued before it leaves). */
    while (atomic_load(&submitting) || !compute_idle()) {
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

bool compute_closing(void) { return atomic_load(&closing); }

void compute_fini(void)
{
    taskpool_free(pool, true, NULL);
    pool = NULL;
}

int compute_submit(compute_task *t, taskpool_fn fn, void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->queued_at = clock_monotonic();
    atomic_fetch_add(&submitting, 1);
    int rc = atomic_load(&closing) ? -2 : taskpool_submit_task(pool, &t->node, trampoline, t) < 0 ? -1 : 0;
    atomic_fetch_sub(&submitting, 1);
    if (rc == -1)
        atomic_fetch_add(&rejected, 1);
    return rc;
}

size_t compute_queued(void) { return pool ? taskpool_queued(pool) : 0; }
size_t compute_running(void) { return pool ? taskpool_running(pool) : 0; }
bool compute_idle(void) { return compute_queued() == 0 && compute_running() == 0; }

/* compute_release_heap: one poke per worker, told apart by a rendezvous
 * (a worker that has poked waits for the others, so none pokes twice). */
#define POKE_BYTES (256 * 1024) /* above glibc's FASTBIN_CONSOLIDATION_THRESHOLD: free() trims */
#define POKE_WAIT_NS 20000000L
static pthread_mutex_t poke_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t poke_cv = PTHREAD_COND_INITIALIZER;
static uintptr_t poke_round; /* guarded by poke_mu */
static unsigned poked;        /* guarded by poke_mu */

static struct timespec poke_deadline(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += POKE_WAIT_NS;
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    return ts;
}

static void poke(void *arg)
{
    (void)arg;
    char *volatile p = malloc(POKE_BYTES);
    if (p)
        p[0] = 1;
    free(p);
    struct timespec ts = poke_deadline();
    pthread_mutex_lock(&poke_mu);
    uintptr_t round = poke_round; /* a late poke of an earlier round counts here: it poked all the same */
    poked++;
    pthread_cond_broadcast(&poke_cv);
    while (round == poke_round && poked < nworkers && pthread_cond_timedwait(&poke_cv, &poke_mu, &ts) == 0)
        ;
    pthread_mutex_unlock(&poke_mu);
}

void compute_release_heap(void)
{
    if (atomic_load(&closing))
        return;
    pthread_mutex_lock(&poke_mu);
    poke_round++;
    poked = 0;
    pthread_mutex_unlock(&poke_mu);
    for (unsigned i = 0; i < nworkers; i++)
        if (taskpool_submit(pool, poke, NULL) < 0)
            break;
    struct timespec ts = poke_deadline();
    pthread_mutex_lock(&poke_mu);
    while (poked < nworkers && pthread_cond_timedwait(&poke_cv, &poke_mu, &ts) == 0)
        ;
    poke_round++; /* the ones still waiting go */
    pthread_cond_broadcast(&poke_cv);
    pthread_mutex_unlock(&poke_mu);
}

void compute_count_migrated(void) { atomic_fetch_add(&migrated, 1); }
void compute_count_overrun(void) { atomic_fetch_add(&overruns, 1); }
void compute_count_deadline(void) { atomic_fetch_add(&deadline_trips, 1); }
void compute_count_queue_timeout(void) { atomic_fetch_add(&queue_timeouts, 1); }
void compute_count_codec(bool inflate)
{
    atomic_fetch_add(inflate ? &inflated : &compressed, 1);
}
