/* Prometheus metrics of the HTTP layer (metrics.h): the lock-free counters
 * and histogram, and the text exposition with the providers' families. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "op.h"
#include "registry.h"

static const int STATUSES[] = {200, 202, 204, 304, 400, 401, 403, 404, 405, 409,
                               411, 413, 415, 422, 429, 431, 499, 500, 503, 505};
#define NSTATUS (sizeof STATUSES / sizeof STATUSES[0] + 1) /* + other */
static const char *const METHODS[] = {"GET", "HEAD", "POST", "DELETE", "OPTIONS", "other"};
#define NMETHOD 6
static const double BUCKETS[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,     0.25,   0.5,   1.0,    2.5,   5.0,  10.0};
#define NBUCKET (sizeof BUCKETS / sizeof BUCKETS[0] + 1)

static const char *labels[METRICS_MAX_LABELS];
static unsigned nlabels;
static unsigned unmatched_id = UINT32_MAX;
static _Atomic uint64_t counts[METRICS_MAX_LABELS][NMETHOD][NSTATUS];
static _Atomic uint64_t hist[NBUCKET];
static _Atomic uint64_t hist_sum_ns;
static _Atomic int64_t in_flight;
static metrics_provider providers[16];
static unsigned nproviders;

unsigned metrics_label(const char *label)
{
    for (unsigned i = 0; i < nlabels; i++)
        if (strcmp(labels[i], label) == 0)
            return i;
    if (nlabels >= METRICS_MAX_LABELS - 1) /* the last slot is kept for "unmatched" */
        return metrics_unmatched();
    labels[nlabels] = label;
    return nlabels++;
}

unsigned metrics_unmatched(void)
{
    if (unmatched_id == UINT32_MAX && nlabels < METRICS_MAX_LABELS) {
        labels[nlabels] = "unmatched";
        unmatched_id = nlabels++;
    }
    return unmatched_id;
}

void metrics_request_start(void)
{
    atomic_fetch_add_explicit(&in_flight, 1, memory_order_relaxed);
}

/* METHODS' index of method ("other" last): one comparison, by its first letter */
static unsigned method_index(const char *method)
{
    unsigned i;
    switch (method[0]) {
    case 'G':
        i = 0;
        break;
    case 'H':
        i = 1;
        break;
    case 'P':
        i = 2;
        break;
    case 'D':
        i = 3;
        break;
    case 'O':
        i = 4;
        break;
    default:
        return NMETHOD - 1;
    }
    return strcmp(method, METHODS[i]) == 0 ? i : NMETHOD - 1;
}

void metrics_request_done(unsigned label, const char *method, int status, double seconds)
{
    atomic_fetch_sub_explicit(&in_flight, 1, memory_order_relaxed);
    if (label >= nlabels)
        label = metrics_unmatched();
    unsigned m = method_index(method);
    unsigned s = NSTATUS - 1;
    for (unsigned i = 0; i < NSTATUS - 1; i++)
        if (STATUSES[i] == status) {
            s = i;
            break;
        }
    atomic_fetch_add_explicit(&counts[label][m][s], 1, memory_order_relaxed);
    unsigned b = 0;
    while (b < NBUCKET - 1 && seconds > BUCKETS[b])
        b++;
    atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&hist_sum_ns, (uint64_t)(seconds * 1e9), memory_order_relaxed);
}

void metrics_add_provider(metrics_provider fn)
{
    if (nproviders < sizeof providers / sizeof providers[0])
        providers[nproviders++] = fn;
}

void metrics_render(strbuf *o)
{
    strbuf_puts(o, "# HELP pystd_http_requests_total HTTP requests answered, by route, method and status.\n"
                   "# TYPE pystd_http_requests_total counter\n");
    for (unsigned l = 0; l < nlabels; l++)
        for (unsigned m = 0; m < NMETHOD; m++)
            for (unsigned s = 0; s < NSTATUS; s++) {
                uint64_t n = atomic_load_explicit(&counts[l][m][s], memory_order_relaxed);
                if (!n)
                    continue;
                if (s < NSTATUS - 1)
                    strbuf_printf(
                        o, "pystd_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
                        labels[l], METHODS[m], STATUSES[s], (unsigned long long)n);
                else
                    strbuf_printf(
                        o, "pystd_http_requests_total{route=\"%s\",method=\"%s\",status=\"other\"} %llu\n",
                        labels[l], METHODS[m], (unsigned long long)n);
            }
    strbuf_puts(o, "# HELP pystd_http_request_duration_seconds Time to answer a request.\n"
                   "# TYPE pystd_http_request_duration_seconds histogram\n");
    uint64_t acc = 0;
    for (unsigned b = 0; b < NBUCKET; b++) {
        acc += atomic_load_explicit(&hist[b], memory_order_relaxed);
        if (b < NBUCKET - 1)
            strbuf_printf(o, "pystd_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", BUCKETS[b],
                          (unsigned long long)acc);
        else
            strbuf_printf(o, "pystd_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                          (unsigned long long)acc);
    }
    strbuf_printf(o, "pystd_http_request_duration_seconds_sum %.9f\n",
                  (double)atomic_load_explicit(&hist_sum_ns, memory_order_relaxed) / 1e9);
    strbuf_printf(o, "pystd_http_request_duration_seconds_count %llu\n", (unsigned long long)acc);
    strbuf_printf(o,
                  "# HELP pystd_http_requests_in_flight Requests being answered now.\n"
                  "# TYPE pystd_http_requests_in_flight gauge\n"
                  "pystd_http_requests_in_flight %lld\n",
                  (long long)atomic_load_explicit(&in_flight, memory_order_relaxed));
    for (size_t m = 0; pystd_modules[m]; m++)
        if (pystd_modules[m]->metrics)
            pystd_modules[m]->metrics(o);
    for (unsigned i = 0; i < nproviders; i++)
        providers[i](o);
}
