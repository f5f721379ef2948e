/* The checks of a /v1/jobs request and the answers its endpoints share
 * (jobs_http_int.h): body keys, op, timeout, query arguments, the
 * Idempotency-Key, and error answers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "jobs_http_int.h"
#include "json/json.h"
#include "py/py_num.h"
#include "url/url_query.h"

#define IDEM_MAX 255 /* characters of an Idempotency-Key */

/* May the op run again when the worker running it died?  Not when it
 * writes files (OP_WRITES) or reaches the network (the blocking ops of
 * urllib: urlopen, urlretrieve, the robots.txt fetches). */
bool jh_rerunnable(const route *r)
{
    return !(r->op->flags & OP_WRITES) &&
           !((r->op->flags & OP_BLOCKING) && strncmp(r->mod->name, "urllib/", 7) == 0);
}

void jh_err(request *rq, response *rs, int status, const char *type, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    py_err e;
    py_http_error(&e, rq->a, status, type, "%s", msg);
    if (status == 429 || status == 503)
        e.retry_after = JOBS_RETRY_AFTER;
    response_error(rs, rq->a, &e);
}

/* 400 BadRequest; always -1 (visible here, so the analyzer knows it too). */
int jh_refuse(py_err *e, arena *a, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    py_bad_request(e, a, "%s", msg);
    return -1;
}

void jh_not_allowed(request *rq, response *rs, const char *allow)
{
    jh_err(rq, rs, 405, "MethodNotAllowed", "%s not allowed on %.*s", request_method(rq), (int)rq->path_len,
           rq->path);
    response_header(rs, "Allow", allow);
}

void jh_not_found(request *rq, response *rs, const char *id, size_t n)
{
    response_http_error(rs, rq->a, 404, "NotFound", "no such job: %.*s", (int)n, id);
}

void jh_bad(request *rq, response *rs, py_err *e)
{
    response_error(rs, rq->a, e);
}

void jh_answer(response *rs, int status, strbuf *body)
{
    strbuf_free(&rs->body);
    rs->body = *body;
    *body = (strbuf)STRBUF_INIT;
    rs->status = status;
    rs->content_type = NULL;
}

/* The body as a JSON object whose keys are all in `allowed` (pyref _body). */
int jh_body_object(request *rq, const char *const *allowed, pv **out, py_err *e)
{
    if (dispatch_body_object(rq, out, e) < 0)
        return -1;
    for (size_t i = 0; i < (*out)->d.len; i++) {
        const pv *k = (*out)->d.items[i].key;
        bool known = false;
        for (const char *const *n = allowed; *n && !known; n++)
            known = strlen(*n) == k->s.len && memcmp(*n, k->s.p, k->s.len) == 0;
        if (!known) {
            jh_refuse(e, rq->a, "unknown argument '%s'", k->s.p);
            return -1;
        }
    }
    return 0;
}

int jh_get_op(request *rq, const pv *obj, const route **r, py_err *e)
{
    const pv *op = pv_dict_getc(obj, "op");
    if (!op) {
        jh_refuse(e, rq->a, "missing required argument 'op'");
        return -1;
    }
    if (op->kind != PV_STR) {
        jh_refuse(e, rq->a, "argument 'op' must be of type str");
        return -1;
    }
    *r = memchr(op->s.p, '\0', op->s.len) ? NULL : registry_find(op->s.p, op->s.len);
    if (!*r) {
        jh_refuse(e, rq->a, "unknown op: %s", op->s.p);
        return -1;
    }
    return 0;
}

int jh_get_timeout(request *rq, const pv *obj, double *t, py_err *e)
{
    const pv *v = pv_dict_getc(obj, "timeout");
    *t = -1;
    if (!v || v->kind == PV_NONE)
        return 0;
    if (v->kind == PV_INT) {
        if (pv_int_sign(v) < 0) {
            jh_refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
            return -1;
        }
        if (!pv_int_to_double(v, t)) {
            jh_refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
            return -1;
        }
        return 0;
    }
    if (v->kind != PV_FLOAT) {
        jh_refuse(e, rq->a, "argument 'timeout' must be of type num");
        return -1;
    }
    if (!isfinite(v->f) || v->f < 0) {
        jh_refuse(e, rq->a, "argument 'timeout' must be a finite number >= 0");
        return -1;
    }
    *t = v->f;
    return 0;
}

/* Query arguments, each name in `allowed` (last value wins); 400 otherwise. */
int jh_query_args(request *rq, const char *const *allowed, const pv **values, py_err *e)
{
    url_query_pair *pairs;
    size_t n = url_query_parse(rq->a, rq->query, rq->query_len, &pairs);
    for (size_t i = 0; i < n; i++) {
        const pv *k = pairs[i].name;
        size_t which = 0;
        bool known = false;
        for (; allowed[which]; which++)
            if (strlen(allowed[which]) == k->s.len && memcmp(allowed[which], k->s.p, k->s.len) == 0) {
                known = true;
                break;
            }
        if (!known) {
            jh_refuse(e, rq->a, "unknown argument '%s'", k->s.p);
            return -1;
        }
        values[which] = pairs[i].value;
    }
    return 0;
}

static bool idem_char_ok(const char *k)
{
    size_t n = 0;
    for (; k[n]; n++)
        if ((unsigned char)k[n] < 0x20 || (unsigned char)k[n] > 0x7e)
            return false;
    return n > 0 && n <= IDEM_MAX;
}

/* Idempotency-Key: the key's digest (scoped by tenant: auth_tenant) and the digest of this endpoint and body (the body as parsed and
 * written again, so that spacing does not matter).  -1 after a 400. */
int jh_idempotency(request *rq, const pv *body, jobs_spec *spec, py_err *e)
{
    const char *key = request_header(rq, "Idempotency-Key");
    if (!key)
        return 0;
    if (!idem_char_ok(key))
        return jh_refuse(e, rq->a, "Idempotency-Key must be 1 to %d printable ASCII characters", IDEM_MAX);
    char *k = arena_alloc(rq->a, JOBS_DIGEST_LEN + 1), *d = arena_alloc(rq->a, JOBS_DIGEST_LEN + 1);
    jobs_idem_digest(auth_tenant(rq), key, strlen(key), k);
    strbuf text = STRBUF_INIT;
    py_err we;
    json_write(&text, body, &JSON_ENVELOPE, rq->a, &we); /* a body just parsed: it writes */
    jobs_body_digest(rq->path, text.data ? text.data : "", text.len, d);
    strbuf_free(&text);
    spec->idem_key = k;
    spec->body_digest = d;
    return 0;
}
