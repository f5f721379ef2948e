/* Example responses for the OpenAPI document.
 *
 * A deterministic operation's example is what it answers: its request
 * example is run through the registry (argument checking included) while
 * the document is built, twice, and kept only when both texts agree.  Ops
 * whose answer depends on the clock, the time zone, the file sandbox, the
 * network or a cache's history are never run: their examples are declared,
 * by the module (`examples` in its result schema wins over everything) or
 * in the table below.  tests/integration/test_openapi.py checks that the
 * document does not change with TZ or the data directory, and that every
 * operation has an example request and response. */
#include <string.h>

#include "openapi_int.h"
#include "re/re.h"
#include "response.h"

/* Never run while the document is built: a module, or one op of it
 * ("module/op").  OP_WRITES and OP_BLOCKING ops are never run either. */
static const char *const NO_RUN[] = {
    "time/time", "time/time_ns", "time/monotonic", "time/perf_counter",   /* the clock */
    "time/ctime", "time/localtime", "time/mktime",                         /* the time zone */
    "io", "os/listdir", "os/stat", "os/path/exists", "os/path/isfile",     /* the sandbox */
    "os/path/isdir", "os/path/getsize", "os/path/lexists", "os/path/islink", "os/path/getmtime",
    "os/path/getatime", "os/path/getctime", "os/path/samefile", "os/path/realpath",
    "urllib/request", "urllib/robotparser",                                /* the network */
    "re/cache_info", "re/purge",                                           /* the regex cache */
};

/* Declared results (JSON text) of the ops above, for their modules' request
 * examples (values from python3 under TZ=UTC; the sandbox holds /notes.txt
 * with "hello\n" and the directory /reports). */
static const char *const DECLARED[][2] = {
    {"/v1/time/time", "1700000000.123456"},
    {"/v1/time/time_ns", "1700000000123456789"},
    {"/v1/time/monotonic", "86400.25"},
    {"/v1/time/perf_counter", "86400.250031"},
    {"/v1/time/ctime", "\"Thu Jan  1 00:00:00 1970\""},
    {"/v1/time/localtime", "{\"tm_year\": 2001, \"tm_mon\": 9, \"tm_mday\": 9, \"tm_hour\": 1, \"tm_min\": 46, "
                           "\"tm_sec\": 40, \"tm_wday\": 6, \"tm_yday\": 252, \"tm_isdst\": 0, \"tm_zone\": \"UTC\", "
                           "\"tm_gmtoff\": 0}"},
    {"/v1/time/mktime", "1709208000.0"},
    {"/v1/time/sleep", "null"},
    {"/v1/re/purge", "null"},
    {"/v1/re/cache_info", "{\"hits\": 348, \"misses\": 315, \"maxsize\": 512, \"currsize\": 205}"},
    {"/v1/io/read", "\"hello\\n\""},
    {"/v1/io/write", "6"},
    {"/v1/os/listdir", "[\"notes.txt\", \"reports\"]"},
    {"/v1/os/stat", "{\"st_size\": 4096, \"st_mtime\": 1700000000.0, \"st_mode\": 16877}"},
    {"/v1/os/mkdir", "null"},
    {"/v1/os/makedirs", "null"},
    {"/v1/os/remove", "null"},
    {"/v1/os/rmdir", "null"},
    {"/v1/os/rename", "null"},
    {"/v1/os/replace", "null"},
    {"/v1/os/path/exists", "true"},
    {"/v1/os/path/isdir", "true"},
    {"/v1/os/path/isfile", "true"},
    {"/v1/os/path/getsize", "6"},
    {"/v1/os/path/lexists", "true"},
    {"/v1/os/path/islink", "false"},
    {"/v1/os/path/getmtime", "1700000000.0"},
    {"/v1/os/path/getatime", "1700000000.0"},
    {"/v1/os/path/getctime", "1700000000.0"},
    {"/v1/os/path/samefile", "true"},
    {"/v1/os/path/realpath", "\"/notes.txt\""},
    {"/v1/urllib/request/urlopen",
     "{\"status\": 200, \"reason\": \"OK\", \"url\": \"https://example.com/\", \"headers\": [[\"Content-Type\", "
     "\"text/html; charset=UTF-8\"], [\"Content-Length\", \"44\"]], \"body\": "
     "\"PCFkb2N0eXBlIGh0bWw+PHRpdGxlPkV4YW1wbGUgRG9tYWluPC90aXRsZT4=\"}"},
    {"/v1/urllib/request/urlretrieve", "[\"/example.html\", [[\"Content-Type\", \"text/html; charset=UTF-8\"]]]"},
    {"/v1/urllib/robotparser/can_fetch", "false"},
    {"/v1/urllib/robotparser/crawl_delay", "2"},
    {"/v1/urllib/robotparser/request_rate", "null"},
    {"/v1/urllib/robotparser/site_maps", "[\"https://e.com/s.xml\"]"},
};

/* Declared response bodies of resource endpoints: "method path status". */
#define JOB_ID "\"26797ec0cc5fc1b4b35ba1d05a076d60\""
#define JOBS_DONE                                                                                            \
    "{\"id\": " JOB_ID ", \"op\": \"/v1/time/sleep\", \"state\": \"done\", \"done\": true, \"progress\": "   \
    "{\"completed\": 1, \"total\": 1}, \"result\": null, \"exception\": null, \"created_at\": "              \
    "\"2024-02-29T12:00:00.262Z\", \"started_at\": \"2024-02-29T12:00:00.264Z\", \"finished_at\": "          \
    "\"2024-02-29T12:00:02.265Z\"}"
#define JOBS_CANCELLED                                                                                       \
    "{\"id\": " JOB_ID                                                                                       \
    ", \"op\": \"/v1/time/sleep\", \"state\": \"cancelled\", \"done\": true, \"progress\": "                 \
    "{\"completed\": 0, \"total\": 1}, \"result\": null, \"exception\": null, \"created_at\": "              \
    "\"2024-02-29T12:00:00.262Z\", \"started_at\": \"2024-02-29T12:00:00.264Z\", \"finished_at\": "          \
    "\"2024-02-29T12:00:01.102Z\"}"
static const char *const RESOURCE[][2] = {
    {"get /v1/jobs 200", "{\"jobs\": [" JOBS_DONE "]}"},
    {"post /v1/jobs 202", "{\"id\": " JOB_ID ", \"state\": \"pending\"}"},
    {"post /v1/jobs/map 202", "{\"id\": \"b63cba7bee4f7d20ad517eaa29e26643\", \"state\": \"pending\"}"},
    {"get /v1/jobs/{id} 200", JOBS_DONE},
    {"delete /v1/jobs/{id} 200", JOBS_CANCELLED},
    {"get /v1/jobs/{id}/events 200",
     "\"id: 1\\nevent: progress\\ndata: {\\\"index\\\":0,\\\"completed\\\":1,"
     "\\\"total\\\":1,\\\"result\\\":null}\\n\\nevent: done\\ndata: "
     "{\\\"id\\\":\\\""
     "26797ec0cc5fc1b4b35ba1d05a076d60\\\",\\\"state\\\":\\\"done\\\",...}\\n\\n\""},
};

static bool no_run(const route *r)
{
    if (r->op->flags & (OP_WRITES | OP_BLOCKING))
        return true;
    const char *p = r->path + 4; /* "module/op" after "/v1/" */
    for (size_t i = 0; i < sizeof NO_RUN / sizeof NO_RUN[0]; i++)
        if (strcmp(NO_RUN[i], r->mod->name) == 0 || strcmp(NO_RUN[i], p) == 0)
            return true;
    return false;
}

/* The response body text of one run (as the service would send it), or NULL
 * when the call failed. */
static char *run(arena *a, const route *r, const pv *args, size_t *len)
{
    op_ctx c;
    re_cache_bypass(true); /* the service's own calls: the regex cache stays as the clients left it */
    int rc = registry_call(r, a, args, NULL, &c);
    re_cache_bypass(false);
    if (rc < 0)
        return NULL;
    strbuf sb = STRBUF_INIT;
    py_err e;
    char *copy = NULL;
    if (response_write_result(&sb, a, c.result, c.extra, &e) == 0) {
        *len = sb.len;
        copy = arena_strndup(a, sb.data, sb.len);
    }
    strbuf_free(&sb);
    return copy;
}

static pv *wrap(arena *a, pv *result)
{
    pv *d = oa_obj(a);
    oa_put(a, d, "result", result);
    return d;
}

pv *oa_result_example(arena *a, const route *r, const pv *result_schema)
{
    const pv *ex = result_schema && result_schema->kind == PV_DICT ? pv_dict_getc(result_schema, "examples")
                                                                   : NULL;
    if (ex && ex->kind == PV_LIST && ex->l.len)
        return wrap(a, ex->l.items[0]);
    for (size_t i = 0; i < sizeof DECLARED / sizeof DECLARED[0]; i++)
        if (strcmp(DECLARED[i][0], r->path) == 0)
            return wrap(a, oa_json(a, DECLARED[i][1]));
    if (no_run(r) || !r->op->example)
        return NULL;
    pv *args = oa_json(a, r->op->example);
    if (args->kind != PV_DICT)
        return NULL;
    size_t n1, n2;
    char *t1 = run(a, r, args, &n1);
    char *t2 = t1 ? run(a, r, args, &n2) : NULL;
    if (!t2 || n1 != n2 || memcmp(t1, t2, n1) != 0)
        return NULL;
    return oa_json(a, t1);
}

pv *oa_resource_example(arena *a, const char *method, const char *path, const char *status)
{
    char *key = arena_printf(a, "%s %s %s", method, path, status);
    for (size_t i = 0; i < sizeof RESOURCE / sizeof RESOURCE[0]; i++)
        if (strcmp(RESOURCE[i][0], key) == 0)
            return oa_json(a, RESOURCE[i][1]);
    return NULL;
}
