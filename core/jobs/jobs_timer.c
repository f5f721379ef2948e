#include "jobs/jobs_timer.h"

#include <stdlib.h>

static bool before(const jtimer *a, const jtimer *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(jtimer_heap *hp, size_t i, jtimer *t)
{
    hp->h[i] = t;
    t->idx = i;
}

static void sift_up(jtimer_heap *hp, size_t i)
{
    jtimer *t = hp->h[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(t, hp->h[parent]))
            break;
        place(hp, i, hp->h[parent]);
        i = parent;
    }
    place(hp, i, t);
}

static void sift_down(jtimer_heap *hp, size_t i)
{
    jtimer *t = hp->h[i];
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

void jtimer_del(jtimer_heap *hp, jtimer *t)
{
    if (t->idx == JTIMER_IDLE)
        return;
    size_t i = t->idx;
    t->idx = JTIMER_IDLE;
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

int jtimer_add(jtimer_heap *hp, jtimer *t, double when)
{
    jtimer_del(hp, t);
    if (hp->n == hp->cap) {
        size_t cap = hp->cap ? hp->cap * 2 : 64;
        jtimer **h = realloc(hp->h, cap * sizeof(jtimer *));
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

void jtimer_heap_free(jtimer_heap *hp)
{
    for (size_t i = 0; i < hp->n; i++)
        hp->h[i]->idx = JTIMER_IDLE;
    free(hp->h);
    hp->h = NULL;
    hp->n = hp->cap = 0;
}
