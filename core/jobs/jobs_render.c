/* The job object as JSON (jobs.h, jobs_get): id, op, state, progress,
 * result or exception, and the RFC 3339 times; the state names. */
#include <math.h>
#include <string.h>
#include <time.h>

#include "jobs/jobs_int.h"
#include "json/json.h"

static const char *const STATE_NAMES[JOBS_NSTATES] = {"pending", "running", "done", "failed", "cancelled"};

const char *jobs_state_name(jobs_state s)
{
    return (unsigned)s < JOBS_NSTATES ? STATE_NAMES[s] : "?";
}

int jobs_state_parse(const char *s, size_t n)
{
    for (int i = 0; i < JOBS_NSTATES; i++)
        if (strlen(STATE_NAMES[i]) == n && memcmp(STATE_NAMES[i], s, n) == 0)
            return i;
    return -1;
}

static void put_uint(strbuf *o, unsigned long long v)
{
    char buf[24];
    size_t i = sizeof buf;
    do
        buf[--i] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    strbuf_append(o, buf + i, sizeof buf - i);
}

static void put_digits(char *p, int v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

static void put_time(strbuf *o, double t)
{
    if (t == 0) {
        strbuf_append(o, "null", 4);
        return;
    }
    /* datetime.fromtimestamp rounds to microseconds; isoformat(timespec=
     * 'milliseconds') then truncates. */
    long long us = llround(t * 1e6);
    long long secs = us / 1000000, rem = us % 1000000;
    if (rem < 0)
        rem += 1000000, secs--;
    time_t tt = (time_t)secs;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char b[26] = "\"0000-00-00T00:00:00.000Z\"";
    put_digits(b + 1, tm.tm_year + 1900, 4);
    put_digits(b + 6, tm.tm_mon + 1, 2);
    put_digits(b + 9, tm.tm_mday, 2);
    put_digits(b + 12, tm.tm_hour, 2);
    put_digits(b + 15, tm.tm_min, 2);
    put_digits(b + 18, tm.tm_sec, 2);
    put_digits(b + 21, (int)(rem / 1000), 3);
    strbuf_append(o, b, 26);
}

void jobs_render_slot(strbuf *o, const jobs_job *j, size_t i)
{
    strbuf_append(o, j->res.data + j->slots[i].off, j->slots[i].len);
}

void jobs_render(const jobs_job *j, strbuf *o)
{
    strbuf_append(o, "{\"id\":\"", 7);
    strbuf_append(o, j->id, JOBS_ID_LEN);
    strbuf_append(o, "\",\"op\":", 7);
    json_write_str(o, j->op_name, strlen(j->op_name), false, true);
    strbuf_puts(o, ",\"state\":\"");
    strbuf_puts(o, STATE_NAMES[j->state]);
    strbuf_puts(o, jobs_state_final(j->state) ? "\",\"done\":true" : "\",\"done\":false");
    strbuf_puts(o, ",\"progress\":{\"completed\":");
    put_uint(o, j->completed);
    strbuf_puts(o, ",\"total\":");
    put_uint(o, j->total);
    strbuf_puts(o, "},\"result\":");
    if (j->state == JOBS_DONE && j->map) {
        strbuf_putc(o, '[');
        for (size_t i = 0; i < j->completed; i++) {
            if (i)
                strbuf_putc(o, ',');
            jobs_render_slot(o, j, i);
        }
        strbuf_putc(o, ']');
    } else if (j->state == JOBS_DONE && j->completed == 1) {
        jobs_render_slot(o, j, 0);
    } else {
        strbuf_append(o, "null", 4);
    }
    strbuf_append(o, ",\"exception\":", 13);
    if (j->exc)
        strbuf_puts(o, j->exc);
    else
        strbuf_append(o, "null", 4);
    strbuf_append(o, ",\"created_at\":", 14);
    put_time(o, j->created);
    strbuf_append(o, ",\"started_at\":", 14);
    put_time(o, j->started);
    strbuf_append(o, ",\"finished_at\":", 15);
    put_time(o, j->finished);
    strbuf_putc(o, '}');
}
