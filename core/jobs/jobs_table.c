/* The job table: jobs by id (a hash of the random id) and in submission
 * order, the finished list in finishing order (for forgetting), ids from
 * the kernel's CSPRNG, and a job's memory and references. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/clock.h"
#include "jobs/jobs_int.h"

static uint64_t id_hash(const char *id)
{
    uint64_t h = 0;
    for (int i = 0; i < 16; i++) {
        char c = id[i];
        h = h << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return h;
}

static bool valid_id(const char *id, size_t n)
{
    if (n != JOBS_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

jobs_job *jobs_table_find(jobs *js, const char *id, size_t n)
{
    if (!valid_id(id, n) || !js->nbuckets)
        return NULL;
    for (jobs_job *j = js->buckets[id_hash(id) & (js->nbuckets - 1)]; j; j = j->hnext)
        if (memcmp(j->id, id, JOBS_ID_LEN) == 0)
            return j;
    return NULL;
}

static int grow(jobs *js)
{
    size_t n = js->nbuckets ? js->nbuckets * 2 : 1024;
    jobs_job **b = calloc(n, sizeof(jobs_job *));
    if (!b)
        return -1;
    for (size_t i = 0; i < js->nbuckets; i++)
        for (jobs_job *j = js->buckets[i], *next; j; j = next) {
            next = j->hnext;
            size_t k = id_hash(j->id) & (n - 1);
            j->hnext = b[k];
            b[k] = j;
        }
    free(js->buckets);
    js->buckets = b;
    js->nbuckets = n;
    return 0;
}

int jobs_table_add(jobs *js, jobs_job *j)
{
    if (js->njobs + 1 > js->nbuckets && grow(js) < 0)
        return -1;
    size_t k = id_hash(j->id) & (js->nbuckets - 1);
    j->hnext = js->buckets[k];
    js->buckets[k] = j;
    js->njobs++;
    j->all_prev = js->all_tail;
    j->all_next = NULL;
    if (js->all_tail)
        js->all_tail->all_next = j;
    else
        js->all_head = j;
    js->all_tail = j;
    j->in_table = true;
    js->by_state[j->state]++;
    return 0;
}

void jobs_job_free(jobs_job *j)
{
    jobs_ctl_destroy(&j->ctl);
    free(j->args);
    free(j->args_off);
    strbuf_free(&j->res);
    free(j->slots);
    if (j->exc != jobs_timeout_error)
        free(j->exc);
    free(j->op_name);
    free(j);
}

void jobs_job_drop_args(jobs_job *j)
{
    free(j->args);
    free(j->args_off);
    j->args = NULL;
    j->args_off = NULL;
}

void jobs_job_unref(jobs_job *j)
{
    if (--j->refs == 0)
        jobs_job_free(j);
}

static void fin_unlink(jobs *js, jobs_job *j)
{
    if (j->fin_prev)
        j->fin_prev->fin_next = j->fin_next;
    else
        js->fin_head = j->fin_next;
    if (j->fin_next)
        j->fin_next->fin_prev = j->fin_prev;
    else
        js->fin_tail = j->fin_prev;
    j->fin_prev = j->fin_next = NULL;
    j->in_fin = false;
    js->nfinished--;
    js->kept_bytes -= j->bytes;
}

void jobs_table_remove(jobs *js, jobs_job *j)
{
    jobs_job **pp = &js->buckets[id_hash(j->id) & (js->nbuckets - 1)];
    while (*pp != j)
        pp = &(*pp)->hnext;
    *pp = j->hnext;
    js->njobs--;
    if (j->all_prev)
        j->all_prev->all_next = j->all_next;
    else
        js->all_head = j->all_next;
    if (j->all_next)
        j->all_next->all_prev = j->all_prev;
    else
        js->all_tail = j->all_prev;
    if (j->in_fin)
        fin_unlink(js, j);
    js->by_state[j->state]--;
    j->in_table = false;
}

static void table_del(jobs *js, jobs_job *j)
{
    jobs_table_remove(js, j);
    jobs_job_unref(j);
}

int jobs_table_init(jobs *js)
{
    return grow(js);
}

void jobs_table_free(jobs *js)
{
    while (js->all_head)
        table_del(js, js->all_head);
    free(js->buckets);
    js->buckets = NULL;
    js->nbuckets = 0;
}

void jobs_table_finished(jobs *js, jobs_job *j)
{
    j->fin_prev = js->fin_tail;
    j->fin_next = NULL;
    if (js->fin_tail)
        js->fin_tail->fin_next = j;
    else
        js->fin_head = j;
    js->fin_tail = j;
    j->in_fin = true;
    js->nfinished++;
    /* the results are final: give back the strbuf's spare room */
    if (j->res.data && j->res.cap > j->res.len + 1) {
        char *p = realloc(j->res.data, j->res.len + 1);
        if (p) {
            j->res.data = p;
            j->res.cap = j->res.len + 1;
        }
    }
    j->bytes = sizeof *j + j->res.cap + j->total * sizeof(jobs_slot) +
               (j->exc && j->exc != jobs_timeout_error ? strlen(j->exc) + 1 : 0);
    js->kept_bytes += j->bytes;
}

/* The oldest finished first; the newest finished one is always kept. */
void jobs_table_prune(jobs *js)
{
    double limit = clock_monotonic() - js->lim.keep_seconds;
    while (js->fin_head &&
           (js->fin_head->mono_finished <= limit || js->nfinished > js->lim.max_kept ||
            (js->lim.max_kept_bytes && js->kept_bytes > js->lim.max_kept_bytes && js->nfinished > 1))) {
        jobs_job *j = js->fin_head; /* the head: no fin_prev */
        js->fin_head = j->fin_next;
        if (js->fin_head)
            js->fin_head->fin_prev = NULL;
        else
            js->fin_tail = NULL;
        j->fin_next = NULL;
        j->in_fin = false;
        js->nfinished--;
        js->kept_bytes -= j->bytes;
        table_del(js, j);
    }
}

/* 128 bits from the kernel's CSPRNG (drawn 4 KiB at a time: one syscall
 * per 256 ids), as lowercase hex.  Lock held. */
void jobs_table_new_id(jobs *js, char out[JOBS_ID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    enum { N = JOBS_ID_LEN / 2 };
    if (js->rnd_left < N) {
        size_t got = 0;
        while (got < sizeof js->rnd) {
            ssize_t n = getrandom(js->rnd + got, sizeof js->rnd - got, 0);
            if (n > 0)
                got += (size_t)n;
            else if (errno != EINTR)
                abort(); /* no kernel randomness: ids would be guessable */
        }
        js->rnd_left = sizeof js->rnd;
    }
    unsigned char *r = js->rnd + js->rnd_left - N;
    for (size_t i = 0; i < N; i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    memset(r, 0, N); /* used once */
    js->rnd_left -= N;
    out[JOBS_ID_LEN] = '\0';
}
