/* /v1/jobs: the HTTP side of the job engine (core/jobs/jobs.h).
 *
 *   POST   /v1/jobs                 submit         -> 202 {"id","state":"pending"} + Location
 *   POST   /v1/jobs/map             map            -> 202
 *   GET    /v1/jobs/{id}?wait=SECS  the job; a long-poll while wait > 0 (suspended connection)
 *   DELETE /v1/jobs/{id}            cancel         -> 200 job | 404 | 409
 *   GET    /v1/jobs/{id}/events     Server-Sent Events (parked stream)
 *   GET    /v1/jobs?state=S         {"jobs": [...]}
 *
 * Waiting clients hold neither a worker nor an HTTP thread: a long-poll is a
 * suspended connection plus a waiter record on the job (answered by the
 * thread that finishes the job, or by the engine's timer thread), an event
 * stream is a parked response (http.c) woken on each change.
 *
 * The jobs live in a store (core/jobs/jobs_store.h, --jobs-backend): memory
 * or redis.  A redis store's calls wait on the network, so they run on a
 * small pool (the connection is suspended meanwhile), never on an HTTP
 * thread.  POST with an Idempotency-Key: the same key and body again give
 * the same job (200, the job object), another body 409 Conflict. */
#ifndef PYSTD_JOBS_HTTP_H
#define PYSTD_JOBS_HTTP_H

#include "base/strbuf.h"
#include "jobs/jobs.h"
#include "py/py_value.h"

/* After registry_init (routes must exist), before serving: starts the
 * engine and registers the resource, its metrics, OpenAPI paths and the
 * shutdown hook.  -1 when the engine cannot start. */
int jobs_http_init(void);
/* After http_stop (no connection left): joins the workers, frees the jobs. */
void jobs_http_fini(void);

/* The jobs' lines of /metrics (server/jobs_metrics.c). */
void jobs_metrics(strbuf *o, const jobs_stats *st);

/* OpenAPI paths of /v1/jobs (server/jobs_openapi.c). */
void jobs_openapi_paths(arena *a, pv *paths, pv *schemas);

#endif
