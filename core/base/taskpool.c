/* The thread pool (taskpool.h): the bounded FIFO of tasks, workers
 * started as the queue needs them (up to the pool's size), taking a queued
 * task back (taskpool_cancel), and shutdown with or without draining. */
#include "base/taskpool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/cpus.h"

struct taskpool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    taskpool_task *head, *tail; /* FIFO, doubly linked so that cancel is O(1) */
    size_t queued, running, queue_max;
    bool stopping, drain;
    unsigned nthreads, max_threads; /* started so far, at most */
    unsigned idle;                  /* started and waiting for a task */
    pthread_t *threads;
};

static void unlink_task(taskpool *p, taskpool_task *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        p->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        p->tail = t->prev;
    t->prev = t->next = NULL;
    t->queued = false;
    p->queued--;
}

static void *worker(void *arg)
{
    taskpool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        p->idle++;
        while (!p->head && !p->stopping)
            pthread_cond_wait(&p->cv, &p->mu);
        p->idle--;
        if (!p->head || (p->stopping && !p->drain))
            break;
        taskpool_task *t = p->head;
        unlink_task(p, t);
        p->running++;
        /* Read what we need before unlocking: a caller-owned node may be
         * reused by its owner as soon as fn has run. */
        taskpool_fn fn = t->fn;
        void *targ = t->arg;
        bool owned = t->owned;
        pthread_mutex_unlock(&p->mu);
        fn(targ);
        if (owned)
            free(t);
        pthread_mutex_lock(&p->mu);
        p->running--;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

taskpool *taskpool_new(unsigned workers, size_t queue_max)
{
    if (workers == 0) {
        workers = cpus_usable();
    }
    taskpool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->queue_max = queue_max;
    p->threads = calloc(workers, sizeof(pthread_t));
    if (!p->threads) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    p->max_threads = workers;
    /* One worker now, so that a failure to start threads shows at start-up;
     * the others when work is waiting and nobody is idle (an idle service
     * keeps neither their stacks nor their TLS resident). */
    pthread_mutex_lock(&p->mu);
    int rc = pthread_create(&p->threads[0], NULL, worker, p);
    if (rc == 0)
        p->nthreads = 1;
    pthread_mutex_unlock(&p->mu);
    if (rc != 0) {
        taskpool_free(p, false, NULL);
        return NULL;
    }
    return p;
}

/* Called with the lock held, after a task was queued. */
static void maybe_spawn(taskpool *p)
{
    if (p->queued > p->idle && p->nthreads < p->max_threads &&
        pthread_create(&p->threads[p->nthreads], NULL, worker, p) == 0)
        p->nthreads++;
}

static int enqueue(taskpool *p, taskpool_task *t)
{
    pthread_mutex_lock(&p->mu);
    if (p->stopping || (p->queue_max && p->queued >= p->queue_max)) {
        pthread_mutex_unlock(&p->mu);
        return -1;
    }
    t->next = NULL;
    t->prev = p->tail;
    if (p->tail)
        p->tail->next = t;
    else
        p->head = t;
    p->tail = t;
    t->queued = true;
    p->queued++;
    maybe_spawn(p);
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

int taskpool_submit(taskpool *p, taskpool_fn fn, void *arg)
{
    taskpool_task *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->fn = fn;
    t->arg = arg;
    t->owned = true;
    if (enqueue(p, t) < 0) {
        free(t);
        return -1;
    }
    return 0;
}

int taskpool_submit_task(taskpool *p, taskpool_task *t, taskpool_fn fn, void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->owned = false;
    return enqueue(p, t);
}

bool taskpool_cancel(taskpool *p, taskpool_task *t)
{
    pthread_mutex_lock(&p->mu);
    bool was = t->queued;
    if (was)
        unlink_task(p, t);
    pthread_mutex_unlock(&p->mu);
    if (was && t->owned)
        free(t);
    return was;
}

size_t taskpool_queued(taskpool *p)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->queued;
    pthread_mutex_unlock(&p->mu);
    return n;
}

size_t taskpool_running(taskpool *p)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->running;
    pthread_mutex_unlock(&p->mu);
    return n;
}

unsigned taskpool_workers(taskpool *p)
{
    return p->max_threads;
}

void taskpool_free(taskpool *p, bool drain, taskpool_fn dropped)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    p->drain = drain;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    /* Workers are gone: what is left was never started. */
    taskpool_task *t = p->head;
    p->head = p->tail = NULL;
    p->queued = 0;
    while (t) {
        taskpool_task *next = t->next;
        bool owned = t->owned; /* a caller-owned node may be freed by dropped() */
        t->prev = t->next = NULL;
        t->queued = false;
        if (dropped)
            dropped(t->arg);
        if (owned)
            free(t);
        t = next;
    }
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p->threads);
    free(p);
}
