/* The jobs' Prometheus metrics (GET /metrics), from a store's numbers
 * (jobs_store_stats).  With the redis store, the gauges of jobs by state,
 * queue depth and kept bytes are the shared ones (every replica shows the
 * same); the counters, the durations, the workers and the parked clients
 * are this replica's. */
#include "jobs_http.h"

void jobs_metrics(strbuf *o, const jobs_stats *st)
{
    strbuf_puts(o, "# HELP pystd_jobs Jobs kept by the service, by state.\n# TYPE pystd_jobs gauge\n");
    for (int s = 0; s < JOBS_NSTATES; s++)
        strbuf_printf(o, "pystd_jobs{state=\"%s\"} %zu\n", jobs_state_name((jobs_state)s), st->by_state[s]);
    strbuf_puts(o, "# HELP pystd_jobs_finished_total Jobs finished since start, by final state.\n"
                   "# TYPE pystd_jobs_finished_total counter\n");
    for (int s = JOBS_DONE; s < JOBS_NSTATES; s++)
        strbuf_printf(o, "pystd_jobs_finished_total{state=\"%s\"} %llu\n", jobs_state_name((jobs_state)s),
                      st->finished_total[s]);
    strbuf_printf(o,
                  "# HELP pystd_jobs_submitted_total Jobs accepted since start.\n"
                  "# TYPE pystd_jobs_submitted_total counter\npystd_jobs_submitted_total %llu\n"
                  "# HELP pystd_jobs_refused_total Submissions refused with 429 (queue full).\n"
                  "# TYPE pystd_jobs_refused_total counter\npystd_jobs_refused_total %llu\n"
                  "# HELP pystd_job_queue_depth Jobs waiting for a worker.\n"
                  "# TYPE pystd_job_queue_depth gauge\npystd_job_queue_depth %zu\n"
                  "# HELP pystd_job_queue_capacity Jobs that may wait for a worker before 429.\n"
                  "# TYPE pystd_job_queue_capacity gauge\npystd_job_queue_capacity %zu\n"
                  "# HELP pystd_job_kept_bytes Memory held by the results of finished jobs.\n"
                  "# TYPE pystd_job_kept_bytes gauge\npystd_job_kept_bytes %zu\n"
                  "# HELP pystd_job_workers Worker threads of the job pool.\n"
                  "# TYPE pystd_job_workers gauge\npystd_job_workers %u\n"
                  "# HELP pystd_job_workers_busy Job workers running an operation now.\n"
                  "# TYPE pystd_job_workers_busy gauge\npystd_job_workers_busy %zu\n"
                  "# HELP pystd_job_waiting_clients Clients parked on a job (no thread each).\n"
                  "# TYPE pystd_job_waiting_clients gauge\n"
                  "pystd_job_waiting_clients{kind=\"long_poll\"} %zu\n"
                  "pystd_job_waiting_clients{kind=\"events\"} %zu\n",
                  st->submitted_total, st->refused_total, st->queue_depth, st->max_pending, st->kept_bytes,
                  st->workers, st->workers_busy, st->waiters, st->subscribers);
    strbuf_puts(o, "# HELP pystd_job_duration_seconds Time jobs ran, from started_at to finished_at.\n"
                   "# TYPE pystd_job_duration_seconds histogram\n");
    unsigned long long acc = 0;
    for (int b = 0; b < JOBS_NBUCKETS; b++) {
        acc += st->duration_count[b];
        strbuf_printf(o, "pystd_job_duration_seconds_bucket{le=\"%g\"} %llu\n", jobs_duration_buckets[b],
                      acc);
    }
    acc += st->duration_count[JOBS_NBUCKETS];
    strbuf_printf(o, "pystd_job_duration_seconds_bucket{le=\"+Inf\"} %llu\n", acc);
    strbuf_printf(o, "pystd_job_duration_seconds_sum %.6f\npystd_job_duration_seconds_count %llu\n",
                  st->duration_sum, st->duration_n);
}
