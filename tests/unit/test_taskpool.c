/* core/base/taskpool: FIFO order, the queue bound, taking queued tasks back
 * (cancel) and its races with the workers, shutdown with and without
 * draining; its default size (core/base/cpus: the CPUs it may use).  Also built under ThreadSanitizer (-DPYSTD_TSAN=ON). */
#include <check.h>

#include "testkit.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cpus.h"
#include "base/taskpool.h"

#define RACE_TASKS_MAX 20000

/* A gate the first task waits on, so that later ones stay queued. */
typedef struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool open, entered;
} gate;

static void gate_init(gate *g)
{
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->open = g->entered = false;
}

static void gate_task(void *arg)
{
    gate *g = arg;
    pthread_mutex_lock(&g->mu);
    g->entered = true;
    pthread_cond_broadcast(&g->cv);
    while (!g->open)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
}

static void gate_wait_entered(gate *g)
{
    pthread_mutex_lock(&g->mu);
    while (!g->entered)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
}

static void gate_open(gate *g)
{
    pthread_mutex_lock(&g->mu);
    g->open = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

static int NUM[RACE_TASKS_MAX]; /* NUM[i] == i: task arguments without int-to-pointer casts */
static void *num(int i)
{
    return &NUM[i];
}
static int num_of(void *p)
{
    return *(int *)p;
}

static pthread_mutex_t order_mu = PTHREAD_MUTEX_INITIALIZER;
static int order[1000];
static int norder;

static void record(void *arg)
{
    pthread_mutex_lock(&order_mu);
    order[norder++] = num_of(arg);
    pthread_mutex_unlock(&order_mu);
}

START_TEST(fifo_with_one_worker)
{
    norder = 0;
    taskpool *p = taskpool_new(1, 0);
    ck_assert_ptr_nonnull(p);
    gate g;
    gate_init(&g);
    ck_assert_int_eq(taskpool_submit(p, gate_task, &g), 0);
    gate_wait_entered(&g);
    for (int i = 0; i < 500; i++)
        ck_assert_int_eq(taskpool_submit(p, record, num(i)), 0);
    ck_assert_uint_eq(taskpool_queued(p), 500);
    ck_assert_uint_eq(taskpool_running(p), 1);
    gate_open(&g);
    taskpool_free(p, true, NULL);
    ck_assert_int_eq(norder, 500);
    for (int i = 0; i < 500; i++)
        ck_assert_int_eq(order[i], i);
}
END_TEST

START_TEST(queue_bound)
{
    taskpool *p = taskpool_new(1, 3);
    gate g;
    gate_init(&g);
    ck_assert_int_eq(taskpool_submit(p, gate_task, &g), 0);
    gate_wait_entered(&g); /* the worker holds it: the queue is empty again */
    norder = 0;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(taskpool_submit(p, record, num(i)), 0);
    ck_assert_int_eq(taskpool_submit(p, record, num(99)), -1);
    taskpool_task t;
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(taskpool_submit_task(p, &t, record, num(98)), -1);
    ck_assert(!t.queued);
    gate_open(&g);
    taskpool_free(p, true, NULL);
    ck_assert_int_eq(norder, 3);
}
END_TEST

START_TEST(cancel_queued_never_runs)
{
    norder = 0;
    taskpool *p = taskpool_new(1, 0);
    gate g;
    gate_init(&g);
    taskpool_submit(p, gate_task, &g);
    gate_wait_entered(&g);
    taskpool_task t[10];
    memset(t, 0, sizeof t);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(taskpool_submit_task(p, &t[i], record, num(i)), 0);
    /* take back the odd ones (first, middle, last positions included) */
    ck_assert(taskpool_cancel(p, &t[9]));
    ck_assert(taskpool_cancel(p, &t[0]));
    ck_assert(taskpool_cancel(p, &t[5]));
    ck_assert(!taskpool_cancel(p, &t[5])); /* twice: no longer queued */
    ck_assert_uint_eq(taskpool_queued(p), 7);
    gate_open(&g);
    taskpool_free(p, true, NULL);
    int want[] = {1, 2, 3, 4, 6, 7, 8};
    ck_assert_int_eq(norder, 7);
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(order[i], want[i]);
}
END_TEST

/* Many submitters and cancellers against 4 workers: every task either ran
 * exactly once (and its cancel said false) or never ran (cancel said true). */
#define RACE_TASKS 20000
static atomic_int ran[RACE_TASKS];
static bool cancelled[RACE_TASKS];
static taskpool_task race_nodes[RACE_TASKS];
static taskpool *race_pool;

static void race_task(void *arg)
{
    atomic_fetch_add(&ran[num_of(arg)], 1);
}

static void *race_client(void *arg)
{
    int k = num_of(arg);
    for (int i = k; i < RACE_TASKS; i += 4) {
        ck_assert_int_eq(taskpool_submit_task(race_pool, &race_nodes[i], race_task, num(i)), 0);
        if (i % 3 == 0)
            cancelled[i] = taskpool_cancel(race_pool, &race_nodes[i]);
        if (i >= 8 && i % 7 == 0) /* an older one, maybe running or done by now */
            cancelled[i - 8] = cancelled[i - 8] || taskpool_cancel(race_pool, &race_nodes[i - 8]);
    }
    return NULL;
}

START_TEST(cancel_races_with_workers)
{
    memset(cancelled, 0, sizeof cancelled);
    for (int i = 0; i < RACE_TASKS; i++)
        atomic_store(&ran[i], 0);
    race_pool = taskpool_new(4, 0);
    pthread_t th[4];
    for (int k = 0; k < 4; k++)
        pthread_create(&th[k], NULL, race_client, num(k));
    for (int k = 0; k < 4; k++)
        pthread_join(th[k], NULL);
    taskpool_free(race_pool, true, NULL);
    int nc = 0;
    for (int i = 0; i < RACE_TASKS; i++) {
        int r = atomic_load(&ran[i]);
        if (cancelled[i]) {
            ck_assert_int_eq(r, 0);
            nc++;
        } else {
            ck_assert_int_eq(r, 1);
        }
    }
    ck_assert_int_gt(nc, 0);
}
END_TEST

static atomic_int dropped_count, ran_count;
static void count_ran(void *arg)
{
    (void)arg;
    atomic_fetch_add(&ran_count, 1);
}
static void count_dropped(void *arg)
{
    (void)arg;
    atomic_fetch_add(&dropped_count, 1);
}

START_TEST(shutdown_drains_or_drops)
{
    for (int drain = 0; drain < 2; drain++) {
        atomic_store(&ran_count, 0);
        atomic_store(&dropped_count, 0);
        taskpool *p = taskpool_new(2, 0);
        gate g1, g2;
        gate_init(&g1);
        gate_init(&g2);
        taskpool_submit(p, gate_task, &g1);
        taskpool_submit(p, gate_task, &g2);
        gate_wait_entered(&g1);
        gate_wait_entered(&g2);
        taskpool_task own[5];
        memset(own, 0, sizeof own);
        for (int i = 0; i < 50; i++)
            taskpool_submit(p, count_ran, NULL);
        for (int i = 0; i < 5; i++)
            taskpool_submit_task(p, &own[i], count_ran, NULL);
        gate_open(&g1);
        gate_open(&g2);
        taskpool_free(p, drain, count_dropped);
        int r = atomic_load(&ran_count), d = atomic_load(&dropped_count);
        ck_assert_int_eq(r + d, 55); /* none lost, none twice */
        if (drain)
            ck_assert_int_eq(d, 0);
    }
}
END_TEST

START_TEST(default_size_is_cores)
{
    /* one per usable CPU: at least 1, at most the CPUs of the affinity mask */
    cpu_set_t set;
    ck_assert_int_eq(sched_getaffinity(0, sizeof set, &set), 0);
    unsigned n = cpus_usable();
    ck_assert_uint_ge(n, 1);
    ck_assert_uint_le(n, (unsigned)CPU_COUNT(&set));
    taskpool *p = taskpool_new(0, 0);
    ck_assert_uint_eq(taskpool_workers(p), n);
    taskpool_free(p, true, NULL);
}
END_TEST

START_TEST(pinned_to_one_cpu_is_one)
{
    /* a process pinned to one CPU (taskset -c 0) counts 1, whatever the machine has;
     * in a child of its own, which has not counted yet */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        cpu_set_t set, one;
        if (sched_getaffinity(0, sizeof set, &set) != 0)
            _exit(2);
        CPU_ZERO(&one);
        for (int c = 0; c < CPU_SETSIZE; c++)
            if (CPU_ISSET(c, &set)) {
                CPU_SET(c, &one);
                break;
            }
        if (sched_setaffinity(0, sizeof one, &one) != 0)
            _exit(3);
        _exit(cpus_usable() == 1 ? 0 : 1);
    }
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
}
END_TEST

static int before(void)
{
    for (int i = 0; i < RACE_TASKS_MAX; i++)
        NUM[i] = i;
    return 0;
}

TESTKIT_MAIN(((testkit_suite){.name = "taskpool", .timeout = 120, .before = before}), fifo_with_one_worker,
             queue_bound, cancel_queued_never_runs, cancel_races_with_workers, shutdown_drains_or_drops,
             default_size_is_cores, pinned_to_one_cpu_is_one)
