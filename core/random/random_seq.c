/* random.Random's sequence methods: choice, choices, sample, shuffle.
 * They see only the population's length and return indices into it. */
#include <math.h>
#include <string.h>

#include "base/config.h"
#include "random/random.h"
#include "random/random_num.h"

static bool is_none(const pv *v)
{
    return !v || v->kind == PV_NONE;
}

static int too_many(arena *a, const char *what, size_t k, py_err *e)
{
    return py_limit(e, a, "%s: %zu items is more than the limit of %zu", what, k, config.max_items);
}

int random_choice(random_state *r, arena *a, size_t n, size_t *idx, py_err *e)
{
    if (n == 0)
        return py_raise(e, a, "IndexError", "Cannot choose from an empty sequence");
    *idx = (size_t)random_below_u64(r, n);
    return 0;
}

/* list(itertools.accumulate(items)) into out[0..len). */
static int accumulate(arena *a, const pv *list, pv ***out, py_err *e)
{
    size_t n = list->l.len;
    pv **cum = arena_alloc(a, (n ? n : 1) * sizeof(pv *));
    for (size_t i = 0; i < n; i++) {
        if (i == 0)
            cum[0] = list->l.items[0];
        else if (random_num_add(a, cum[i - 1], list->l.items[i], &cum[i], e) < 0)
            return -1;
    }
    *out = cum;
    return 0;
}

/* k for itertools.repeat(None, k): a Py_ssize_t; <= 0 repeats nothing. */
static int repeat_count(arena *a, const pv *k, size_t *out, py_err *e)
{
    int64_t v;
    if (k->kind == PV_BOOL)
        v = k->b;
    else if (k->i.big)
        return py_raise(e, a, "OverflowError", "Python int too large to convert to C ssize_t");
    else
        v = k->i.v;
    *out = v > 0 ? (size_t)v : 0;
    return 0;
}

int random_choices(random_state *r, arena *a, size_t n, const pv *weights, const pv *cum_weights, const pv *k,
                   size_t **idx, size_t *count, py_err *e)
{
    size_t kk = 0;
    *idx = NULL;
    *count = 0;
    pv **cum;
    if (is_none(cum_weights)) {
        if (is_none(weights)) {
            double nf = (double)n; /* n += 0.0 */
            if (repeat_count(a, k, &kk, e) < 0)
                return -1;
            size_t *out = NULL;
            for (size_t i = 0; i < kk; i++) {
                double x = floor(random_random(r) * nf);
                if (!(x < nf))
                    return py_raise(e, a, "IndexError", "list index out of range");
                if (i == 0) { /* the first draw shows an empty population's IndexError */
                    if (kk > config.max_items)
                        return too_many(a, "choices", kk, e);
                    out = arena_alloc(a, kk * sizeof *out);
                }
                out[i] = (size_t)x;
            }
            *idx = out;
            *count = kk;
            return 0;
        }
        if (accumulate(a, weights, &cum, e) < 0)
            return -1;
    } else if (!is_none(weights)) {
        return py_raise(e, a, "TypeError", "Cannot specify both weights and cumulative weights");
    } else {
        cum = cum_weights->l.items;
    }
    size_t len = is_none(cum_weights) ? weights->l.len : cum_weights->l.len;
    if (len != n)
        return py_raise(e, a, "ValueError", "The number of weights does not match the population");
    if (n == 0)
        return py_raise(e, a, "IndexError", "list index out of range"); /* cum_weights[-1] */
    pv zero = {.kind = PV_FLOAT, .f = 0.0}, *t;
    double total;
    if (random_num_add(a, cum[n - 1], &zero, &t, e) < 0 || random_num_to_double(a, t, &total, e) < 0)
        return -1;
    if (total <= 0.0)
        return py_raise(e, a, "ValueError", "Total of weights must be greater than zero");
    if (!isfinite(total))
        return py_raise(e, a, "ValueError", "Total of weights must be finite");
    if (repeat_count(a, k, &kk, e) < 0)
        return -1;
    size_t hi = n - 1;
    size_t *out = NULL;
    for (size_t i = 0; i < kk; i++) {
        double x = random_random(r) * total;
        size_t lo = 0, h = hi; /* bisect.bisect(cum_weights, x, 0, hi) */
        while (lo < h) {
            size_t mid = (lo + h) / 2;
            bool lt;
            if (random_num_float_lt(a, x, cum[mid], &lt, e) < 0)
                return -1;
            if (lt)
                h = mid;
            else
                lo = mid + 1;
        }
        if (i == 0) {
            if (kk > config.max_items)
                return too_many(a, "choices", kk, e);
            out = arena_alloc(a, kk * sizeof *out);
        }
        out[i] = lo;
    }
    *idx = out;
    *count = kk;
    return 0;
}

/* sample(range(n), k) for n < 2**63: the selected numbers. */
static int sample_range(random_state *r, arena *a, uint64_t n, const pv *k, uint64_t **res, size_t *count,
                        py_err *e)
{
    if (pv_int_sign(k) < 0 || (k->i.big ? true : (uint64_t)k->i.v > n))
        return py_raise(e, a, "ValueError", "Sample larger than population or is negative");
    uint64_t kk = (uint64_t)k->i.v;
    if (kk > config.max_items)
        return too_many(a, "sample", (size_t)kk, e);
    uint64_t *out = arena_alloc(a, (kk ? kk : 1) * sizeof *out);
    /* setsize = 21; if k > 5: setsize += 4 ** _ceil(_log(k * 3, 4)) */
    uint64_t setsize = 21;
    if (kk > 5) {
        double p = ceil(log((double)(kk * 3)) / log(4.0));
        setsize = p < 31 ? setsize + ((uint64_t)1 << (2 * (int)p)) : UINT64_MAX;
    }
    if (n <= setsize) {
        /* An n-length pool: non-selected at pool[0 : n-i]. */
        uint64_t *pool = arena_alloc(a, (n ? n : 1) * sizeof *pool);
        for (uint64_t i = 0; i < n; i++)
            pool[i] = i;
        for (uint64_t i = 0; i < kk; i++) {
            uint64_t j = random_below_u64(r, n - i);
            out[i] = pool[j];
            pool[j] = pool[n - i - 1];
        }
    } else {
        /* The previous selections in a set (open addressing, j + 1 stored). */
        size_t cap = 16;
        while (cap < kk * 2)
            cap *= 2;
        uint64_t *set = arena_calloc(a, cap, sizeof *set);
        for (uint64_t i = 0; i < kk; i++) {
            for (;;) {
                uint64_t j = random_below_u64(r, n);
                size_t slot = (size_t)((j * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
                while (set[slot] && set[slot] != j + 1)
                    slot = (slot + 1) & (cap - 1);
                if (set[slot])
                    continue; /* already selected: draw again */
                set[slot] = j + 1;
                out[i] = j;
                break;
            }
        }
    }
    *res = out;
    *count = (size_t)kk;
    return 0;
}

int random_sample(random_state *r, arena *a, size_t n, const pv *k, const pv *counts, size_t **idx,
                  size_t *count, py_err *e)
{
    uint64_t *sel;
    size_t kk = 0;
    *idx = NULL;
    *count = 0;
    if (is_none(counts)) {
        if (sample_range(r, a, n, k, &sel, &kk, e) < 0)
            return -1;
        size_t *out = arena_alloc(a, (kk ? kk : 1) * sizeof *out);
        for (size_t i = 0; i < kk; i++)
            out[i] = (size_t)sel[i];
        *idx = out;
        *count = kk;
        return 0;
    }
    pv **cum;
    if (accumulate(a, counts, &cum, e) < 0)
        return -1;
    if (counts->l.len != n)
        return py_raise(e, a, "ValueError", "The number of counts does not match the population");
    if (n == 0)
        return py_raise(e, a, "IndexError", "pop from empty list");
    const pv *total = cum[n - 1]; /* cum_counts.pop() */
    if (!random_num_is_int(total))
        return py_raise(e, a, "TypeError", "Counts must be integers");
    int64_t tot;
    if (total->kind == PV_BOOL) {
        tot = total->b;
    } else {
        if (pv_int_sign(total) <= 0)
            return py_raise(e, a, "ValueError", "Total of counts must be greater than zero");
        if (total->i.big) /* len(range(total)) */
            return py_raise(e, a, "OverflowError", "Python int too large to convert to C ssize_t");
        tot = total->i.v;
    }
    if (tot <= 0)
        return py_raise(e, a, "ValueError", "Total of counts must be greater than zero");
    if (sample_range(r, a, (uint64_t)tot, k, &sel, &kk, e) < 0)
        return -1;
    /* population[bisect(cum_counts, s)] over the n - 1 remaining sums */
    size_t *out = arena_alloc(a, (kk ? kk : 1) * sizeof *out);
    for (size_t i = 0; i < kk; i++) {
        size_t lo = 0, hi = n - 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (random_num_i64_lt((int64_t)sel[i], cum[mid]))
                hi = mid;
            else
                lo = mid + 1;
        }
        out[i] = lo;
    }
    *idx = out;
    *count = kk;
    return 0;
}

void random_shuffle(random_state *r, pv **x, size_t n)
{
    for (size_t i = n ? n - 1 : 0; i >= 1; i--) {
        size_t j = (size_t)random_below_u64(r, (uint64_t)i + 1);
        pv *t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}
