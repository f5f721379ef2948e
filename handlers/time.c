/* Module "time": CPython's time module in the process's TZ (core/time/time_conv.h,
 * core/time/time_strptime.h).  sleep is synchronous up to 5 s; longer only as a job. */
#include <math.h>
#include <stdio.h>

#include "op.h"
#include "text/float_repr.h"
#include "time/time_conv.h"
#include "time/time_strptime.h"

#define SYNC_SLEEP_MAX 5
#define SLEEP_MAX 9223372037LL /* time.sleep refuses this and more (int64 nanoseconds) */

static int fn_time(op_ctx *c)
{
    c->result = pv_float(c->a, time_time());
    return 0;
}

static int fn_time_ns(op_ctx *c)
{
    c->result = time_time_ns(c->a);
    return 0;
}

static int fn_monotonic(op_ctx *c)
{
    c->result = pv_float(c->a, time_monotonic());
    return 0;
}

static int fn_perf_counter(op_ctx *c)
{
    c->result = pv_float(c->a, time_perf_counter());
    return 0;
}

static int fn_ctime(op_ctx *c)
{
    time_t t;
    if (time_secs(c->a, c->argv[0], &t, &c->err) < 0)
        return -1;
    return time_ctime(c->a, t, &c->result, &c->err);
}

static int fn_gmtime(op_ctx *c)
{
    time_t t;
    if (time_secs(c->a, c->argv[0], &t, &c->err) < 0)
        return -1;
    return time_gmtime(c->a, t, &c->result, &c->err);
}

static int fn_localtime(op_ctx *c)
{
    time_t t;
    if (time_secs(c->a, c->argv[0], &t, &c->err) < 0)
        return -1;
    return time_localtime(c->a, t, &c->result, &c->err);
}

static int fn_mktime(op_ctx *c)
{
    struct tm tm;
    double r;
    if (time_gettmarg(c->a, c->argv[0], "t", "mktime", &tm, &c->err) < 0 ||
        time_mktime(c->a, &tm, &r, &c->err) < 0)
        return -1;
    c->result = pv_float(c->a, r);
    return 0;
}

static int fn_strftime(op_ctx *c)
{
    struct tm tm, *tp = NULL;
    pv *t = c->argv[1];
    if (t->kind != PV_NONE) {
        if (time_gettmarg(c->a, t, "t", "strftime", &tm, &c->err) < 0 || time_checktm(c->a, &tm, &c->err) < 0)
            return -1;
        tp = &tm;
    }
    return time_strftime(c->a, c->argv[0], tp, config.max_result_bytes, &c->result, &c->err);
}

static int fn_strptime(op_ctx *c)
{
    return time_strptime(c->a, c->argv[0], c->argv[1], &c->result, &c->err);
}

/* str(secs) as Python prints it, for the 400 message. */
static const char *secs_text(arena *a, const pv *v)
{
    if (v->kind == PV_FLOAT) {
        char buf[FLOAT_REPR_MAX];
        float_repr(v->f, buf);
        return arena_strdup(a, buf);
    }
    strbuf b = STRBUF_INIT;
    pv_int_write(&b, v);
    char *s = arena_strndup(a, b.data, b.len);
    strbuf_free(&b);
    return s;
}

static int fn_sleep(op_ctx *c)
{
    const pv *secs = c->argv[0];
    double s;
    if (!c->job) {
        bool longer =
            secs->kind == PV_FLOAT ? secs->f > SYNC_SLEEP_MAX : pv_int_cmp_si(secs, SYNC_SLEEP_MAX) > 0;
        if (longer)
            return py_bad_request(&c->err, c->a,
                                  "sleep longer than %d s must run as a job: POST /v1/jobs "
                                  "{\"op\": \"/v1/time/sleep\", \"args\": {\"secs\": %s}}",
                                  SYNC_SLEEP_MAX, secs_text(c->a, secs));
        if (time_sleep_secs(c->a, secs, &s, &c->err) < 0)
            return -1;
        op_sleep(c, s);
        return 0;
    }
    /* as a job: any length time.sleep accepts, cut short by cancel or timeout */
    bool refused = secs->kind == PV_FLOAT ? !isfinite(secs->f) || secs->f < 0 || secs->f >= (double)SLEEP_MAX
                                          : pv_int_sign(secs) < 0 || pv_int_cmp_si(secs, SLEEP_MAX) >= 0;
    if (refused) {
        if (time_sleep_secs(c->a, secs, &s, &c->err) < 0)
            return -1;
        return 0;
    }
    s = secs->kind == PV_FLOAT ? secs->f : (double)secs->i.v;
    op_sleep(c, s);
    return 0;
}

static int time_init(void)
{
    time_conv_init();
    time_strptime_init();
    return 0;
}

#define STRUCT_TIME_SCHEMA                                                                                   \
    "{\"title\": \"StructTime\", \"type\": \"object\", \"required\": [\"tm_year\", \"tm_mon\", \"tm_mday\", "  \
    "\"tm_hour\", \"tm_min\", \"tm_sec\", \"tm_wday\", \"tm_yday\", \"tm_isdst\", \"tm_zone\", \"tm_gmtoff\"], "    \
    "\"properties\": {\"tm_year\": {\"type\": \"integer\"}, "                                                \
    "\"tm_mon\": {\"type\": \"integer\"}, \"tm_mday\": {\"type\": \"integer\"}, "                            \
    "\"tm_hour\": {\"type\": \"integer\"}, \"tm_min\": {\"type\": \"integer\"}, "                            \
    "\"tm_sec\": {\"type\": \"integer\"}, \"tm_wday\": {\"type\": \"integer\"}, "                            \
    "\"tm_yday\": {\"type\": \"integer\"}, \"tm_isdst\": {\"type\": \"integer\"}, "                          \
    "\"tm_zone\": {\"type\": [\"string\", \"null\"]}, \"tm_gmtoff\": {\"type\": [\"integer\", "              \
    "\"null\"]}}}"

static const op_arg no_args[] = {{.name = NULL}};
static const op_arg secs_opt[] = {
    {"secs", A_NUM, ARG_NULLABLE, "null", "seconds since the Epoch; null = now", NULL}, {.name = NULL}};
static const op_arg mktime_args[] = {
    {"t", A_ANY, 0, NULL, "struct_time: an object with the tm_* keys, or a 9-item array", NULL},
    {.name = NULL}};
static const op_arg strftime_args[] = {
    {"format", A_STR, 0, NULL, "format string (C library strftime directives)", NULL},
    {"t", A_ANY, 0, "null", "struct_time (object or 9-item array); null = localtime()", NULL},
    {.name = NULL}};
static const op_arg strptime_args[] = {
    {"string", A_STR, 0, NULL, "the text to parse", NULL},
    {"format", A_STR, 0, "\"%a %b %d %H:%M:%S %Y\"", "the format (_strptime directives)", NULL},
    {.name = NULL}};
static const op_arg sleep_args[] = {{"secs", A_NUM, 0, NULL, "seconds (at most 5 unless run as a job)", NULL},
                                    {.name = NULL}};

static const op_def ops[] = {
    {"time", fn_time, no_args, OP_GET, "time.time(): seconds since the Epoch", "{\"type\": \"number\"}",
     "{}"},
    {"time_ns", fn_time_ns, no_args, OP_GET, "time.time_ns(): nanoseconds since the Epoch",
     "{\"type\": \"integer\"}", "{}"},
    {"monotonic", fn_monotonic, no_args, OP_GET, "time.monotonic()", "{\"type\": \"number\"}", "{}"},
    {"perf_counter", fn_perf_counter, no_args, OP_GET, "time.perf_counter()", "{\"type\": \"number\"}", "{}"},
    {"ctime", fn_ctime, secs_opt, OP_GET, "time.ctime(secs)", "{\"type\": \"string\"}", "{\"secs\": 0}"},
    {"gmtime", fn_gmtime, secs_opt, OP_GET, "time.gmtime(secs) -> struct_time", STRUCT_TIME_SCHEMA,
     "{\"secs\": 1000000000}"},
    {"localtime", fn_localtime, secs_opt, OP_GET, "time.localtime(secs) in the service's TZ",
     STRUCT_TIME_SCHEMA, "{\"secs\": 1000000000}"},
    {"mktime", fn_mktime, mktime_args, 0, "time.mktime(t): local struct_time -> seconds",
     "{\"type\": \"number\"}", "{\"t\": [2024, 2, 29, 12, 0, 0, 3, 60, 0]}"},
    {"strftime", fn_strftime, strftime_args, 0, "time.strftime(format, t)", "{\"type\": \"string\"}",
     "{\"format\": \"%Y-%m-%d %H:%M:%S\", \"t\": [2024, 2, 29, 12, 0, 0, 3, 60, 0]}"},
    {"strptime", fn_strptime, strptime_args, OP_GET, "time.strptime(string, format) -> struct_time",
     STRUCT_TIME_SCHEMA, "{\"string\": \"2024-02-29 12:30\", \"format\": \"%Y-%m-%d %H:%M\"}"},
    {"sleep", fn_sleep, sleep_args, OP_GET | OP_BLOCKING,
     "time.sleep(secs): at most 5 s synchronously, any length as a job", "{\"type\": \"null\"}",
     "{\"secs\": 0.1}"},
    {.name = NULL}};

const pystd_module pystd_module_time = {
    "time", "CPython's time module (TZ of the service)", ops, NULL, time_init, NULL, NULL};
