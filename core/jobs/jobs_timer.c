/* The engine's deadline heap (jobs_timer.h): a binary min-heap of timers
 * embedded in their owners, ties broken by arming order. */
#include "jobs/jobs_timer.h"

#include <stdlib.h>

static bool before(const jobs_timer *a, const jobs_timer *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(jobs_timer_heap *hp, size_t i, jobs_timer *t)
{
    hp->h[i] = t;
    t->idx = i;
}

static void sift_up(jobs_timer_heap *hp, size_t i)
{
    jobs_timer *t = hp->h[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(t, hp->h[parent]))
            break;
        place(hp, i, hp->h[parent]);
        i = parent;
    }
    place(hp, i, t);
}

static void sift_down(jobs_timer_heap *hp, size_t i)
{
    jobs_timer *t = hp->h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= hp->n)
            break;
        if (c + 1 < hp->n && before(hp->h[c + 1], hp->h[c]))
            c++;
        if (!before(hp->h[c], t))
            break;
        place(hp, i, hp->h[c]);
        i = c;
    }
    place(hp, i, t);
}

void jobs_timer_del(jobs_timer_heap *hp, jobs_timer *t)
{
    if (t->idx == JOBS_TIMER_IDLE)
        return;
    size_t i = t->idx;
    t->idx = JOBS_TIMER_IDLE;
    hp->n--;
    if (i == hp->n)
        return;
    hp->h[i] = hp->h[hp->n];
    hp->h[i]->idx = i;
    if (i > 0 && before(hp->h[i], hp->h[(i - 1) / 2]))
        sift_up(hp, i);
    else
        sift_down(hp, i);
}

int jobs_timer_add(jobs_timer_heap *hp, jobs_timer *t, double when)
{
    jobs_timer_del(hp, t);
    if (hp->n == hp->cap) {
        size_t cap = hp->cap ? hp->cap * 2 : 64;
        jobs_timer **h = realloc(hp->h, cap * sizeof(jobs_timer *));
        if (!h)
            return -1;
        hp->h = h;
        hp->cap = cap;
    }
    t->when = when;
    t->seq = hp->seq++;
    hp->h[hp->n] = t;
    t->idx = hp->n++;
    sift_up(hp, t->idx);
    return 0;
}

void jobs_timer_heap_free(jobs_timer_heap *hp)
{
    for (size_t i = 0; i < hp->n; i++)
        hp->h[i]->idx = JOBS_TIMER_IDLE;
    free(hp->h);
    hp->h = NULL;
    hp->n = hp->cap = 0;
}
