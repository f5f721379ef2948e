/* What server/jobs_http.c's endpoints share with server/jobs_args.c: the
 * answers (errors, JSON bodies) and the checks of a request (body keys, op,
 * timeout, query arguments, Idempotency-Key). */
#ifndef PYSTD_JOBS_HTTP_INT_H
#define PYSTD_JOBS_HTTP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "dispatch.h"
#include "jobs/jobs.h"
#include "registry.h"

#define JOBS_PREFIX "/v1/jobs"
#define JOBS_RETRY_AFTER "1"

/* May the op run again when the worker running it died (redis)? */
bool jh_rerunnable(const route *r);

/* An error answer (Retry-After on 429 and 503). */
void jh_err(request *rq, response *rs, int status, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* 400 BadRequest into e; always -1. */
int jh_refuse(py_err *e, arena *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jh_not_allowed(request *rq, response *rs, const char *allow);
void jh_not_found(request *rq, response *rs, const char *id, size_t n);
void jh_bad(request *rq, response *rs, py_err *e);
/* 200/202 with body (taken over) as the JSON answer. */
void jh_answer(response *rs, int status, strbuf *body);

/* The body as a JSON object whose keys are all in `allowed` (pyref _body). */
int jh_body_object(request *rq, const char *const *allowed, pv **out, py_err *e);
/* "op": an operation path of the registry. */
int jh_get_op(request *rq, const pv *obj, const route **r, py_err *e);
/* "timeout": a finite number >= 0, or null/absent (-1). */
int jh_get_timeout(request *rq, const pv *obj, double *t, py_err *e);
/* Query arguments, each name in `allowed` (last value wins); 400 otherwise. */
int jh_query_args(request *rq, const char *const *allowed, const pv **values, py_err *e);
/* The Idempotency-Key header into spec (idem_key, body_digest), or nothing
 * without one; -1 after a 400. */
int jh_idempotency(request *rq, const pv *body, jobs_spec *spec, py_err *e);

#endif
