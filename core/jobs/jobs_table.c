/* The job table: jobs by id (a hash of the random id), by Idempotency-Key
 * digest, and in submission order, the finished list in finishing order (for forgetting), ids from
 * the kernel's CSPRNG, and a job's memory and references. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base/clock.h"
#include "jobs/jobs_int.h"

/* Both keys are random hex (ids from the CSPRNG, digests from SHA-512):
 * their first 16 digits are a hash already. */
static uint64_t key_hash(const char *key)
{
    uint64_t h = 0;
    for (int i = 0; i < 16; i++) {
        char c = key[i];
        h = h << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return h;
}

static const char *key_of(const jobs_job *j, int by)
{
    return by == JOBS_BY_ID ? j->id : j->idem;
}

static size_t key_len(int by)
{
    return by == JOBS_BY_ID ? JOBS_ID_LEN : JOBS_DIGEST_LEN;
}

static bool valid_key(const char *key, size_t n, int by)
{
    if (n != key_len(by))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
            return false;
    return true;
}

static jobs_job *index_find(const jobs_index *ix, int by, const char *key, size_t n)
{
    if (!valid_key(key, n, by) || !ix->nbuckets)
        return NULL;
    for (jobs_job *j = ix->buckets[key_hash(key) & (ix->nbuckets - 1)]; j; j = j->hnext[by])
        if (memcmp(key_of(j, by), key, n) == 0)
            return j;
    return NULL;
}

static int index_grow(jobs_index *ix, int by)
{
    size_t n = ix->nbuckets ? ix->nbuckets * 2 : 1024;
    jobs_job **b = calloc(n, sizeof(jobs_job *));
    if (!b)
        return -1;
    for (size_t i = 0; i < ix->nbuckets; i++)
        for (jobs_job *j = ix->buckets[i], *next; j; j = next) {
            next = j->hnext[by];
            size_t k = key_hash(key_of(j, by)) & (n - 1);
            j->hnext[by] = b[k];
            b[k] = j;
        }
    free(ix->buckets);
    ix->buckets = b;
    ix->nbuckets = n;
    return 0;
}

static int index_add(jobs_index *ix, int by, jobs_job *j)
{
    if (ix->n + 1 > ix->nbuckets && index_grow(ix, by) < 0)
        return -1;
    size_t k = key_hash(key_of(j, by)) & (ix->nbuckets - 1);
    j->hnext[by] = ix->buckets[k];
    ix->buckets[k] = j;
    ix->n++;
    return 0;
}

static void index_remove(jobs_index *ix, int by, jobs_job *j)
{
    jobs_job **pp = &ix->buckets[key_hash(key_of(j, by)) & (ix->nbuckets - 1)];
    while (*pp != j)
        pp = &(*pp)->hnext[by];
    *pp = j->hnext[by];
    ix->n--;
}

jobs_job *jobs_table_find(jobs *js, const char *id, size_t n)
{
    return index_find(&js->ids, JOBS_BY_ID, id, n);
}

jobs_job *jobs_table_find_idem(jobs *js, const char *key)
{
    return index_find(&js->idems, JOBS_BY_IDEM, key, JOBS_DIGEST_LEN);
}

int jobs_table_add(jobs *js, jobs_job *j)
{
    if (index_add(&js->ids, JOBS_BY_ID, j) < 0)
        return -1;
    if (j->idem[0] && index_add(&js->idems, JOBS_BY_IDEM, j) < 0) {
        index_remove(&js->ids, JOBS_BY_ID, j);
        return -1;
    }
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

jobs_job *jobs_job_alloc(const char *op_name, size_t nitems)
{
    jobs_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->op_name = strdup(op_name ? op_name : "");
    j->slots = calloc(nitems ? nitems : 1, sizeof *j->slots);
    if (!j->op_name || !j->slots) {
        free(j->op_name);
        free(j->slots);
        free(j);
        return NULL;
    }
    j->total = nitems;
    return j;
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
    free(j->trace);
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
    index_remove(&js->ids, JOBS_BY_ID, j);
    if (j->idem[0])
        index_remove(&js->idems, JOBS_BY_IDEM, j);
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
    return index_grow(&js->ids, JOBS_BY_ID);
}

void jobs_table_free(jobs *js)
{
    while (js->all_head)
        table_del(js, js->all_head);
    free(js->ids.buckets);
    free(js->idems.buckets);
    js->ids = js->idems = (jobs_index){0};
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
