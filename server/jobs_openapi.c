/* The OpenAPI paths of /v1/jobs (pyref/modules/py_jobs.py OPENAPI_PATHS,
 * with the job object as a named schema). */
#include <string.h>

#include "jobs_http.h"
#include "json/json.h"

#define ERR(what)                                                                                            \
    "{\"description\": \"" what                                                                              \
    "\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}"
#define RETRY(what)                                                                                          \
    "{\"description\": \"" what "\", \"headers\": {\"Retry-After\": {\"schema\": {\"type\": \"integer\"}, "  \
    "\"description\": \"seconds\"}}, \"content\": {\"application/json\": "                                   \
    "{\"schema\": {\"$ref\": \"#/components/schemas/Error\"}}}}"
#define JOB_REF "{\"$ref\": \"#/components/schemas/Job\"}"
#define ID_PARAM                                                                                             \
    "{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"description\": \"the job id (32 hex "        \
    "digits)\", \"schema\": {\"type\": \"string\"}}"
#define TIMEOUT_SCHEMA                                                                                       \
    "{\"type\": [\"number\", \"null\"], \"minimum\": 0, \"default\": null, \"description\": \"seconds from " \
    "started_at (asyncio.wait_for); past it the job fails with TimeoutError\"}"
#define ACCEPTED                                                                                             \
    "{\"description\": \"accepted\", \"headers\": {\"Location\": {\"schema\": {\"type\": \"string\"}, "      \
    "\"description\": \"/v1/jobs/{id}\"}}, \"content\": {\"application/json\": {\"schema\": {\"type\": "     \
    "\"object\", \"properties\": {\"id\": {\"type\": \"string\"}, \"state\": {\"const\": \"pending\"}}}}}}"
#define IDEM_PARAM                                                                                           \
    "{\"name\": \"Idempotency-Key\", \"in\": \"header\", \"required\": false, \"description\": "             \
    "\"the same key and body again (within --job-keep) give the same job (200) instead of a new one; "       \
    "another body under the key: 409\", \"schema\": {\"type\": \"string\", \"minLength\": 1, "               \
    "\"maxLength\": 255}}"
#define EXISTING                                                                                             \
    "{\"description\": \"the job an Idempotency-Key named (the same key and body again)\", \"headers\": "    \
    "{\"Location\": {\"schema\": {\"type\": \"string\"}, \"description\": \"/v1/jobs/{id}\"}}, "             \
    "\"content\": {\"application/json\": {\"schema\": " JOB_REF "}}}"
#define CONFLICT ERR("Conflict: the Idempotency-Key was used with another request body")
#define BACKEND_DOWN RETRY("Unavailable: the jobs backend (redis) cannot be reached")
#define STATES "[\"pending\", \"running\", \"done\", \"failed\", \"cancelled\"]"
#define TAGS "[\"jobs\"]"

static const char JOB_SCHEMA[] =
    "{\"type\": \"object\", \"description\": \"A job (a future): its state, progress, and the synchronous "
    "call's result or error object.\","
    " \"properties\": {"
    "\"id\": {\"type\": \"string\"}, \"op\": {\"type\": \"string\"},"
    "\"state\": {\"enum\": " STATES
    "}, \"done\": {\"type\": \"boolean\", \"description\": \"true in the three final states\"},"
    "\"progress\": {\"type\": \"object\", \"properties\": {\"completed\": {\"type\": \"integer\"}, "
    "\"total\": {\"type\": \"integer\"}}},"
    "\"result\": {\"description\": \"the synchronous call's result (a map: the list of results in input "
    "order)\"},"
    "\"exception\": {\"type\": [\"object\", \"null\"], \"description\": \"the synchronous call's error "
    "object, or {\\\"type\\\": \\\"TimeoutError\\\", \\\"message\\\": \\\"\\\"}\"},"
    "\"created_at\": {\"type\": \"string\", \"format\": \"date-time\"},"
    "\"started_at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"},"
    "\"finished_at\": {\"type\": [\"string\", \"null\"], \"format\": \"date-time\"}}}";

static const char PATHS[] =
    "{"
    "\"/v1/jobs\": {"
    " \"get\": {\"operationId\": \"jobs_list\", \"summary\": \"Jobs kept, oldest first\", "
    "\"tags\": " TAGS ","
    "  \"parameters\": [{\"name\": \"state\", \"in\": \"query\", \"required\": false, \"schema\": "
    "{\"enum\": " STATES "}}],"
    "  \"responses\": {\"200\": {\"description\": \"jobs\", \"content\": {\"application/json\": "
    "{\"schema\": {"
    "   \"type\": \"object\", \"properties\": {\"jobs\": {\"type\": \"array\", \"items\": " JOB_REF "}}}}}},"
    "   \"400\": " ERR(
        "unknown query parameter or state") ", \"503\": " BACKEND_DOWN "}},"
                                            " \"post\": {\"operationId\": "
                                            "\"jobs_submit\", \"parameters\": [" IDEM_PARAM "], "
                                            "\"summary\": \"Run an operation as a job "
                                            "(executor.submit)\", \"tags\": " TAGS ","
                                            "  \"requestBody\": {\"required\": true, "
                                            "\"content\": "
                                            "{\"application/json\": {\"schema\": {"
                                            "   \"type\": \"object\", \"required\": "
                                            "[\"op\"], "
                                            "\"additionalProperties\": false, "
                                            "\"properties\": {"
                                            "    \"op\": {\"type\": \"string\", "
                                            "\"description\": "
                                            "\"an operation path, e.g. "
                                            "/v1/time/sleep\"},"
                                            "    \"args\": {\"type\": \"object\", "
                                            "\"default\": {}}, "
                                            "\"timeout\": " TIMEOUT_SCHEMA "}},"
                                            "   \"example\": {\"op\": "
                                            "\"/v1/time/sleep\", \"args\": "
                                            "{\"secs\": 2}, \"timeout\": 10}}}},"
                                            "  \"responses\": {\"202\": " ACCEPTED ", \"200\": " EXISTING
                                            ", \"409\": " CONFLICT ", \"400\": " ERR(
                                                "malformed job: unknown op, bad args "
                                                "or timeout") ","
                                                              "   \"429\": " RETRY(
                                                                  "Busy: the job "
                                                                  "queue is full") ", "
                                                                                   "\""
                                                                                   "50"
                                                                                   "3"
                                                                                   "\""
                                                                                   ":"
                                                                                   " " RETRY("Unavailable: "
                                                                                             "shutting down, "
                                                                                             "or the jobs "
                                                                                             "backend "
                                                                                             "(redis) cannot "
                                                                                             "be reached") "}"
                                                                                                           "}"
                                                                                                           "}"
                                                                                                           ","
                                                                                                           "\"/v1/jobs/map\": {"
                                                                                                           " "
                                                                                                           "\"post\": {\"operationId\": \"jobs_map\", \"parameters\": [" IDEM_PARAM
                                                                                                           "]"
                                                                                                           ","
                                                                                                           " "
                                                                                                           "\"summary\": \"Run an operation over a list of arguments (executor.map / asyncio.gather)\", \"tags\": " TAGS
                                                                                                           ","
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"requestBody\": {\"required\": true, \"content\": {\"application/json\": {\"schema\": {"
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"type\": \"object\", \"required\": [\"op\", \"args_list\"], \"additionalProperties\": false, \"properties\": {"
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"op\": {\"type\": \"string\"}, \"args_list\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}},"
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"timeout\": " TIMEOUT_SCHEMA
                                                                                                           ","
                                                                                                           " "
                                                                                                           "\"return_exceptions\": {\"type\": \"boolean\", \"default\": false}}},"
                                                                                                           " "
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"example\": {\"op\": \"/v1/random/randint\", \"args_list\": [{\"a\": 1, \"b\": 6, \"seed\": 1}, {\"a\": 1, \"b\": 6, \"seed\": 2}]}}}},"
                                                                                                           " "
                                                                                                           " "
                                                                                                           "\"responses\": {\"202\": " ACCEPTED
                                                                                                           ","
                                                                                                           " "
                                                                                                           "\"200\": " EXISTING
                                                                                                           ","
                                                                                                           " "
                                                                                                           "\"409\": " CONFLICT
                                                                                                           ","
                                                                                                           " "
                                                                                                           "\"400\": " ERR("malformed job") ","
                                                                                                                                            "   \"429\": " RETRY("Busy: the job queue is full") ", \"503\": " RETRY("Unavailable: shutting down, or the jobs backend (redis) cannot be reached") "}}},"
                                                                                                                                                                                                                                                                                                 "\"/v1/jobs/{id}\": {"
                                                                                                                                                                                                                                                                                                 " \"get\": {\"operationId\": \"jobs_get\", \"summary\": \"A job; ?wait=SECS blocks until it finishes (future.result(timeout))\", \"tags\": " TAGS
                                                                                                                                                                                                                                                                                                 ","
                                                                                                                                                                                                                                                                                                 "  \"parameters\": [" ID_PARAM ", {\"name\": \"wait\", \"in\": \"query\", \"required\": false,"
                                                                                                                                                                                                                                                                                                 "   \"description\": \"seconds to wait for the job to finish (capped, 60 by default)\", \"schema\": {\"type\": \"number\", \"minimum\": 0}}],"
                                                                                                                                                                                                                                                                                                 "  \"responses\": {\"200\": {\"description\": \"the job\", \"content\": {\"application/json\": {\"schema\": " JOB_REF
                                                                                                                                                                                                                                                                                                 "}}},"
                                                                                                                                                                                                                                                                                                 "   \"400\": " ERR(
                                                                                                                                                                                                                                                                                                     "bad wait") ", \"404\": " ERR("no such job (or forgotten)") ", \"503\": " BACKEND_DOWN
                                                                                                                                                                                                                                                                                                                                                                 "}},"
                                                                                                                                                                                                                                                                                                                                                                 " \"delete\": {\"operationId\": \"jobs_cancel\", \"summary\": \"Cancel a job (future.cancel / Task.cancel)\", \"tags\": " TAGS
                                                                                                                                                                                                                                                                                                                                                                 ","
                                                                                                                                                                                                                                                                                                                                                                 "  \"parameters\": [" ID_PARAM
                                                                                                                                                                                                                                                                                                                                                                 "],"
                                                                                                                                                                                                                                                                                                                                                                 "  \"responses\": {\"200\": {\"description\": \"the cancelled job\", \"content\": {\"application/json\": {\"schema\": " JOB_REF
                                                                                                                                                                                                                                                                                                                                                                 "}}},"
                                                                                                                                                                                                                                                                                                                                                                 "   \"404\": " ERR("no such job") ", \"409\": " ERR(
                                                                                                                                                                                                                                                                                                                                                                     "Conflict: the job is finished already") ", \"503\": " BACKEND_DOWN
                                                                                                                                                                                                                                                                                                                                                                                                              "}}},"
                                                                                                                                                                                                                                                                                                                                                                                                              "\"/v1/jobs/{id}/events\": {"
                                                                                                                                                                                                                                                                                                                                                                                                              " \"get\": {\"operationId\": \"jobs_events\", \"summary\": \"Server-Sent Events: progress per finished item (id: N), then done with the job\", \"tags\": " TAGS
                                                                                                                                                                                                                                                                                                                                                                                                              ","
                                                                                                                                                                                                                                                                                                                                                                                                              "  \"parameters\": [" ID_PARAM
                                                                                                                                                                                                                                                                                                                                                                                                              "],"
                                                                                                                                                                                                                                                                                                                                                                                                              "  \"responses\": {\"200\": {\"description\": \"event stream\", \"content\": {\"text/event-stream\": {\"schema\": {\"type\": \"string\"}}}},"
                                                                                                                                                                                                                                                                                                                                                                                                              "   \"404\": " ERR(
                                                                                                                                                                                                                                                                                                                                                                                                                  "no such job") ", \"503\": " BACKEND_DOWN
                                                                                                                                                                                                                                                                                                                                                                                                                                 "}}}"
                                                                                                                                                                                                                                                                                                                                                                                                                                 "}";

static pv *parse(arena *a, const char *text)
{
    json_read_opts o = {.errmode = JSON_ERR_PY, .max_depth = 64};
    py_err e;
    pv *v;
    if (json_parse(a, text, strlen(text), &o, &v, &e) < 0)
        return pv_cstr(a, text); /* visible in the document, caught by its test */
    return v;
}

void jobs_openapi_paths(arena *a, pv *paths, pv *schemas)
{
    pv *p = parse(a, PATHS);
    for (size_t i = 0; p->kind == PV_DICT && i < p->d.len; i++)
        pv_dict_set(a, paths, p->d.items[i].key, p->d.items[i].val);
    pv_dict_setc(a, schemas, "Job", parse(a, JOB_SCHEMA));
}
