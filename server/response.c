#include <string.h>

#include "base/config.h"
#include "json/json.h"
#include "request.h"

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

void response_result(response *rs, arena *a, const pv *result, const pv *extra)
{
    json_write_opts o = envelope_opts();
    py_err e;
    strbuf_clear(&rs->body);
    strbuf_append(&rs->body, "{\"result\":", 10);
    if (json_write(&rs->body, result, &o, a, &e) < 0) {
        response_error(rs, a, &e);
        return;
    }
    for (size_t i = 0; extra && i < extra->d.len; i++) {
        const pv *k = extra->d.items[i].key;
        strbuf_putc(&rs->body, ',');
        json_write_str(&rs->body, k->s.p, k->s.len, false, true);
        strbuf_putc(&rs->body, ':');
        if (json_write(&rs->body, extra->d.items[i].val, &o, a, &e) < 0) {
            response_error(rs, a, &e);
            return;
        }
    }
    strbuf_putc(&rs->body, '}');
    rs->status = 200;
    rs->content_type = NULL;
}

void response_error(response *rs, arena *a, const py_err *e)
{
    json_write_opts o = envelope_opts();
    o.max_int_digits = 0;
    strbuf_clear(&rs->body);
    strbuf_append(&rs->body, "{\"error\":{\"type\":", 17);
    json_write_str(&rs->body, e->type, strlen(e->type), false, true);
    strbuf_append(&rs->body, ",\"message\":", 11);
    json_write_str(&rs->body, e->msg ? e->msg : "", e->msg ? e->msg_len : 0, false, true);
    for (size_t i = 0; e->extra && i < e->extra->d.len; i++) {
        const pv *k = e->extra->d.items[i].key;
        py_err e2;
        strbuf_putc(&rs->body, ',');
        json_write_str(&rs->body, k->s.p, k->s.len, false, true);
        strbuf_putc(&rs->body, ':');
        if (json_write(&rs->body, e->extra->d.items[i].val, &o, a, &e2) < 0)
            strbuf_append(&rs->body, "null", 4);
    }
    strbuf_append(&rs->body, "}}", 2);
    rs->status = e->status ? e->status : 500;
    rs->content_type = NULL;
    if (e->retry_after)
        response_header(rs, "Retry-After", e->retry_after);
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
