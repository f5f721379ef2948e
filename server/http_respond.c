/* A response's head and what goes with it (http_conn.h's hconn_respond):
 * the status line, Date, the front end's headers, the body's length or
 * chunked, Connection; built in one buffer per connection. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_conn_int.h"
#include "http_reason.h"

#define HEAD_FIRST 512
#define HEAD_MAX (64 * 1024) /* a response's head */

static _Thread_local char date_line[64];
static _Thread_local time_t date_at;

static const char *date_header(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME_COARSE, &ts);
    if (ts.tv_sec != date_at || !date_line[0]) {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        strftime(date_line, sizeof date_line, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
        date_at = ts.tv_sec;
    }
    return date_line;
}

/* decimal digits of v at the end of buf[0..20): their start */
static char *digits(char *end, uint64_t v)
{
    char *p = end;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    return p;
}

/* Room for n more bytes of head; false past HEAD_MAX. */
static bool head_room(hconn *c, size_t n)
{
    if (c->head_len + n <= c->head_cap)
        return true;
    size_t cap = c->head_cap ? c->head_cap : HEAD_FIRST;
    while (cap < c->head_len + n)
        cap *= 2;
    if (cap > HEAD_MAX)
        return false;
    char *p = realloc(c->head, cap);
    if (!p)
        return false;
    c->head = p;
    c->head_cap = cap;
    return true;
}

/* The length of a header name or value, or (size_t)-1 when it holds a CR
 * or LF (a response split in two). */
static size_t fit_len(const char *s)
{
    const char *p = s;
    for (; *p; p++)
        if (*p == '\r' || *p == '\n')
            return (size_t)-1;
    return (size_t)(p - s);
}

static bool no_content(int status)
{
    return status == 204 || status == 304 || (status >= 100 && status < 200);
}

/* Appends, the room being there. */
static char *put(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

#define PUT_LIT(o, lit) put((o), (lit), sizeof(lit) - 1)

static char *put_status(char *o, int status)
{
    if (status == 200)
        return PUT_LIT(o, "HTTP/1.1 200 OK\r\n");
    char num[20];
    char *d = digits(num + sizeof num, (uint64_t)(status > 0 && status < 1000 ? status : 500));
    o = PUT_LIT(o, "HTTP/1.1 ");
    o = put(o, d, (size_t)(num + sizeof num - d));
    *o++ = ' ';
    const char *why = http_reason(status);
    o = put(o, why, strlen(why));
    return PUT_LIT(o, "\r\n");
}

#define HEAD_FIXED 256 /* status line, Date, Content-Length or Transfer-Encoding, Connection, end */

/* The response's head into c->head; false when over HEAD_MAX. */
static bool head_build(hconn *c, const hresp *r)
{
    size_t lens[64][2], need = HEAD_FIXED;
    int nh = r->nheaders < 64 ? r->nheaders : 64;
    for (int i = 0; i < nh; i++) {
        lens[i][0] = fit_len(r->headers[i][0]);
        lens[i][1] = fit_len(r->headers[i][1]);
        if (lens[i][0] != (size_t)-1 && lens[i][1] != (size_t)-1)
            need += lens[i][0] + lens[i][1] + 4;
    }
    c->head_len = c->head_off = 0;
    if (!head_room(c, need))
        return false;
    char *o = put_status(c->head, r->status);
    const char *date = date_header();
    o = put(o, date, strlen(date));
    for (int i = 0; i < nh; i++) {
        if (lens[i][0] == (size_t)-1 || lens[i][1] == (size_t)-1)
            continue; /* an unfit one is left out */
        o = put(o, r->headers[i][0], lens[i][0]);
        o = PUT_LIT(o, ": ");
        o = put(o, r->headers[i][1], lens[i][1]);
        o = PUT_LIT(o, "\r\n");
    }
    if (r->stream) {
        if (c->stream_chunked)
            o = PUT_LIT(o, "Transfer-Encoding: chunked\r\n");
    } else if (!no_content(r->status)) {
        char num[20];
        char *d = digits(num + sizeof num, r->len);
        o = PUT_LIT(o, "Content-Length: ");
        o = put(o, d, (size_t)(num + sizeof num - d));
        o = PUT_LIT(o, "\r\n");
    }
    if (c->close_after)
        o = PUT_LIT(o, "Connection: close\r\n");
    else if (c->req.minor == 0)
        o = PUT_LIT(o, "Connection: keep-alive\r\n");
    o = PUT_LIT(o, "\r\n");
    c->head_len = (size_t)(o - c->head);
    return true;
}

int hconn_respond(hconn *c, const hresp *r)
{
    if (c->responded) {
        free(r->body);
        return -1;
    }
    c->responded = true;
    c->body = r->body;
    c->body_len = no_content(r->status) ? 0 : r->len;
    c->body_off = 0;
    c->stream = r->stream;
    c->stream_cls = r->stream_cls;
    c->stream_end = false;
    c->head_only = strcmp(c->req.method, "HEAD") == 0; /* the headers the body would have, no body */
    if (r->close || c->req.close || (c->phase == C_HEAD && (c->req.chunked || c->req.length)))
        c->close_after = true; /* (answered from the head, its body unread: it closes) */
    c->stream_chunked = r->stream && c->req.minor > 0;
    if (r->stream && !c->stream_chunked)
        c->close_after = true; /* HTTP/1.0: the end of the body is the end of the connection */
    if (!head_build(c, r)) {   /* a head over HEAD_MAX: the bare status */
        static const char BARE[] =
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        c->head_len = 0;
        if (head_room(c, sizeof BARE))
            c->head_len = (size_t)(PUT_LIT(c->head, BARE) - c->head);
        c->body_len = 0;
        c->stream = NULL;
        c->close_after = true;
    }
    if (c->head_only) {
        c->body_len = 0;
        c->stream = NULL;
    }
    return 0;
}
