/* The response envelope and the ways of filling a response (response.h):
 * every {"result": ...} and {"error": {...}} body of the service is written
 * by the functions of this file. */
#include "response.h"

#include <stdarg.h>
#include <string.h>

#include "base/config.h"
#include "json/json.h"

void response_header(response *rs, const char *name, const char *value)
{
    if (rs->nheaders < RESPONSE_MAX_HEADERS) {
        rs->headers[rs->nheaders][0] = name;
        rs->headers[rs->nheaders][1] = value;
        rs->nheaders++;
    }
}

static json_write_opts envelope_opts(void)
{
    json_write_opts o = JSON_ENVELOPE;
    o.max_int_digits = config.int_max_digits;
    return o;
}

int response_write_value(strbuf *out, arena *a, const pv *v, py_err *e)
{
    json_write_opts o = envelope_opts();
    return json_write(out, v, &o, a, e);
}

int response_write_result(strbuf *out, arena *a, const pv *result, const pv *extra, py_err *e)
{
    json_write_opts o = envelope_opts();
    strbuf_append(out, "{\"result\":", 10);
    if (json_write(out, result, &o, a, e) < 0)
        return -1;
    for (size_t i = 0; extra && i < extra->d.len; i++) {
        const pv *k = extra->d.items[i].key;
        strbuf_putc(out, ',');
        json_write_str(out, k->s.p, k->s.len, false, true);
        strbuf_putc(out, ':');
        if (json_write(out, extra->d.items[i].val, &o, a, e) < 0)
            return -1;
    }
    strbuf_putc(out, '}');
    return 0;
}

/* An attribute that cannot be written is null: the error still goes out. */
void response_write_error(strbuf *out, arena *a, const py_err *e)
{
    json_write_opts o = envelope_opts();
    o.max_int_digits = 0;
    strbuf_append(out, "{\"type\":", 8);
    json_write_str(out, e->type, strlen(e->type), false, true);
    strbuf_append(out, ",\"message\":", 11);
    json_write_str(out, e->msg ? e->msg : "", e->msg ? e->msg_len : 0, false, true);
    for (size_t i = 0; e->extra && i < e->extra->d.len; i++) {
        const pv *k = e->extra->d.items[i].key;
        py_err e2;
        strbuf_putc(out, ',');
        json_write_str(out, k->s.p, k->s.len, false, true);
        strbuf_putc(out, ':');
        if (json_write(out, e->extra->d.items[i].val, &o, a, &e2) < 0)
            strbuf_append(out, "null", 4);
    }
    strbuf_putc(out, '}');
}

void response_result(response *rs, arena *a, const pv *result, const pv *extra)
{
    py_err e;
    strbuf_clear(&rs->body);
    if (response_write_result(&rs->body, a, result, extra, &e) < 0) {
        response_error(rs, a, &e);
        return;
    }
    rs->status = 200;
    rs->content_type = NULL;
}

void response_error(response *rs, arena *a, const py_err *e)
{
    strbuf_clear(&rs->body);
    strbuf_append(&rs->body, "{\"error\":", 9);
    response_write_error(&rs->body, a, e);
    strbuf_putc(&rs->body, '}');
    rs->status = e->status ? e->status : 500;
    rs->content_type = NULL;
    if (e->retry_after)
        response_header(rs, "Retry-After", e->retry_after);
}

void response_http_error(response *rs, arena *a, int status, const char *type, const char *fmt, ...)
{
    py_err e;
    va_list ap;
    va_start(ap, fmt);
    py_vraise(&e, a, type, fmt, ap); /* = py_http_error */
    va_end(ap);
    e.status = status;
    response_error(rs, a, &e);
}

void response_json(response *rs, arena *a, int status, const pv *body)
{
    json_write_opts o = envelope_opts();
    py_err e;
    strbuf_clear(&rs->body);
    if (json_write(&rs->body, body, &o, a, &e) < 0) {
        response_error(rs, a, &e);
        return;
    }
    rs->status = status;
    rs->content_type = NULL;
}

void response_text(response *rs, int status, const char *ctype, const char *text, size_t len)
{
    strbuf_clear(&rs->body);
    strbuf_append(&rs->body, text, len);
    rs->status = status;
    rs->content_type = ctype;
}
