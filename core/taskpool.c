#include "taskpool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct task {
    struct task *next;
    task_fn fn;
    void *arg;
} task;

struct taskpool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    task *head, *tail;
    size_t queued, running, queue_max;
    bool stopping, drain;
    unsigned nthreads;
    pthread_t *threads;
};

static void *worker(void *arg)
{
    taskpool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stopping)
            pthread_cond_wait(&p->cv, &p->mu);
        if (!p->head || (p->stopping && !p->drain))
            break;
        task *t = p->head;
        p->head = t->next;
        if (!p->head)
            p->tail = NULL;
        p->queued--;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        t->fn(t->arg);
        free(t);
        pthread_mutex_lock(&p->mu);
        p->running--;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

taskpool *taskpool_new(unsigned workers, size_t queue_max)
{
    taskpool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->queue_max = queue_max;
    p->threads = calloc(workers ? workers : 1, sizeof(pthread_t));
    if (!p->threads) {
        free(p);
        return NULL;
    }
    for (unsigned i = 0; i < workers; i++) {
        if (pthread_create(&p->threads[i], NULL, worker, p) != 0) {
            taskpool_free(p, false, NULL);
            return NULL;
        }
        p->nthreads++;
    }
    return p;
}

int taskpool_submit(taskpool *p, task_fn fn, void *arg)
{
    task *t = malloc(sizeof *t);
    if (!t)
        return -1;
    t->fn = fn;
    t->arg = arg;
    t->next = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->stopping || (p->queue_max && p->queued >= p->queue_max)) {
        pthread_mutex_unlock(&p->mu);
        free(t);
        return -1;
    }
    if (p->tail)
        p->tail->next = t;
    else
        p->head = t;
    p->tail = t;
    p->queued++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
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

void taskpool_free(taskpool *p, bool drain, task_fn dropped)
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
    for (task *t = p->head, *n; t; t = n) {
        n = t->next;
        if (dropped)
            dropped(t->arg);
        free(t);
    }
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p->threads);
    free(p);
}
