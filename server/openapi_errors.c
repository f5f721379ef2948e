/* The OpenAPI document's error vocabulary: the error object every error
 * response shares (components/schemas/Error) and the reusable error
 * responses (components/responses), with example bodies copied from a live
 * pystd. */
#include <stdbool.h>

#include "openapi_int.h"

#define S oa_str
#define J oa_json
#define obj oa_obj
#define put oa_put

/* Every error response shares the error object. */
static const char ERROR_SCHEMA[] =
    "{\"type\": \"object\", \"required\": [\"error\"], \"additionalProperties\": false, \"properties\": {"
    "\"error\": {\"type\": \"object\", \"required\": [\"type\", \"message\"], \"additionalProperties\": true,"
    " \"properties\": {"
    "\"type\": {\"type\": \"string\", \"description\": \"BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, "
    "PayloadTooLarge, ResourceLimitError, Busy, Unavailable, or the Python exception's class as a traceback "
    "names it (ValueError, re.error, json.decoder.JSONDecodeError, ...)\"},"
    "\"message\": {\"type\": \"string\", \"description\": \"str(exc) for a Python exception, byte for byte; "
    "free text otherwise\"},"
    "\"pos\": {\"type\": [\"integer\", \"null\"], \"description\": \"re.error, JSONDecodeError\"},"
    "\"msg\": {\"type\": \"string\", \"description\": \"JSONDecodeError\"},"
    "\"lineno\": {\"type\": \"integer\", \"description\": \"JSONDecodeError\"},"
    "\"colno\": {\"type\": \"integer\", \"description\": \"JSONDecodeError\"},"
    "\"encoding\": {\"type\": \"string\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"start\": {\"type\": \"integer\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"end\": {\"type\": \"integer\", \"description\": \"UnicodeDecodeError, UnicodeEncodeError\"},"
    "\"reason\": {\"description\": \"UnicodeError (str), urllib.error.URLError / HTTPError\"},"
    "\"errno\": {\"type\": [\"integer\", \"null\"], \"description\": \"OSError and its subclasses\"},"
    "\"strerror\": {\"type\": [\"string\", \"null\"], \"description\": \"OSError\"},"
    "\"filename\": {\"description\": \"OSError: the path as the client named it\"},"
    "\"filename2\": {\"description\": \"OSError (rename, replace)\"},"
    "\"code\": {\"type\": \"integer\", \"description\": \"urllib.error.HTTPError\"}}}}}";

typedef struct err_resp {
    const char *name, *description, *examples; /* examples: {"name": body, ...} */
    bool retry_after, allow, www_authenticate;
} err_resp;

/* The reusable error responses (components/responses).  The example bodies
 * are what pystd answers, copied from a live server. */
static const err_resp ERRORS[] = {
    {"BadRequest",
     "BadRequest: the body is not a JSON object, or an argument is unknown, missing or of the wrong JSON "
     "type (the function never ran)",
     "{\"missing\": {\"value\": {\"error\": {\"type\": \"BadRequest\", \"message\": \"missing required "
     "argument "
     "'pattern'\"}}}, \"wrong type\": {\"value\": {\"error\": {\"type\": \"BadRequest\", \"message\": "
     "\"argument "
     "'pattern' must be of type str\"}}}, \"not JSON\": {\"value\": {\"error\": {\"type\": \"BadRequest\", "
     "\"message\": \"body is not valid JSON: Expecting value: line 1 column 1 (char 0)\"}}}}",
     false, false, false},
    {"PayloadTooLarge", "PayloadTooLarge: the body is larger than the service's --max-body",
     "{\"too large\": {\"value\": {\"error\": {\"type\": \"PayloadTooLarge\", \"message\": \"request body "
     "larger "
     "than the limit\"}}}}",
     false, false, false},
    {"PythonError",
     "The Python function raised: `type` is the exception's class as a traceback names it, `message` is "
     "`str(exc)` byte for byte, plus the exception's attributes; or a configured cap stopped the work "
     "(ResourceLimitError)",
     "{\"ValueError\": {\"value\": {\"error\": {\"type\": \"ValueError\", \"message\": \"empty range for "
     "randrange() (10, 5, -5)\"}}}, \"re.error\": {\"value\": {\"error\": {\"type\": \"re.error\", "
     "\"message\": "
     "\"missing ), unterminated subpattern at position 0\", \"pos\": 0}}}, \"JSONDecodeError\": {\"value\": "
     "{\"error\": {\"type\": \"json.decoder.JSONDecodeError\", \"message\": \"Expecting value: line 1 column "
     "4 "
     "(char 3)\", \"msg\": \"Expecting value\", \"pos\": 3, \"lineno\": 1, \"colno\": 4}}}, "
     "\"ResourceLimitError\": {\"value\": {\"error\": {\"type\": \"ResourceLimitError\", \"message\": "
     "\"getrandbits(100000000) could exceed the limit of 100000 digits\"}}}}",
     false, false, false},
    {"Busy",
     "Busy: the service is at capacity -- the compute queue is full (--compute-queue), the memory budget "
     "has no room (--max-memory), or too many calls that wait (sleep, network) are in progress; retry "
     "after Retry-After seconds",
     "{\"busy\": {\"value\": {\"error\": {\"type\": \"Busy\", \"message\": \"the compute queue is "
     "full (--compute-queue); retry later\"}}}}",
     true, false, false},
    {"Unauthorized",
     "Unauthorized: the operation needs a bearer token (`Authorization: Bearer <token>`), and the request "
     "has none, or one the service does not know",
     "{\"no token\": {\"value\": {\"error\": {\"type\": \"Unauthorized\", \"message\": \"/v1/io/write "
     "needs a bearer token with the scope fs.write\"}}}, \"unknown token\": {\"value\": {\"error\": "
     "{\"type\": \"Unauthorized\", \"message\": \"the bearer token is not valid\"}}}}",
     false, false, true},
    {"Forbidden", "Forbidden: the bearer token lacks the scope the operation needs",
     "{\"missing scope\": {\"value\": {\"error\": {\"type\": \"Forbidden\", \"message\": \"the token "
     "'alice' lacks the scope fs.write for /v1/io/write\"}}}}",
     false, false, false},
    {"OtherError",
     "Another error: 404 NotFound (no such path), 405 MethodNotAllowed (another method; `Allow` lists "
     "the ones the path takes), 415 UnsupportedMediaType (a Content-Encoding other than gzip, deflate or "
     "identity), 429 Busy or 503 Unavailable (`Retry-After`)",
     "{\"NotFound\": {\"value\": {\"error\": {\"type\": \"NotFound\", \"message\": \"no such path: "
     "/v1/nosuch\"}}}, \"MethodNotAllowed\": {\"value\": {\"error\": {\"type\": \"MethodNotAllowed\", "
     "\"message\": \"PUT not allowed on /v1/re/search\"}}}}",
     false, true, false},
};

static pv *error_response(arena *a, const err_resp *e)
{
    pv *r = obj(a), *c = obj(a), *m = obj(a);
    put(a, r, "description", S(a, e->description));
    if (e->retry_after || e->allow || e->www_authenticate) {
        pv *h = obj(a), *one = obj(a), *sch = obj(a);
        put(a, sch, "type", S(a, e->retry_after ? "integer" : "string"));
        put(a, one, "description",
            S(a, e->retry_after  ? "seconds to wait before retrying"
                 : e->allow      ? "with 405: the methods the path takes"
                                 : "Bearer realm=\"pystd\" (error=\"invalid_token\" for an unknown token)"));
        put(a, one, "schema", sch);
        put(a, h, e->retry_after ? "Retry-After" : e->allow ? "Allow" : "WWW-Authenticate", one);
        put(a, r, "headers", h);
    }
    put(a, m, "schema", oa_ref(a, "schemas", "Error"));
    put(a, m, "examples", J(a, e->examples));
    put(a, c, "application/json", m);
    put(a, r, "content", c);
    return r;
}

pv *oa_error_schema(arena *a)
{
    return J(a, ERROR_SCHEMA);
}

pv *oa_error_responses(arena *a, const pv *paths)
{
    pv *responses = obj(a);
    for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) /* those in use */
        if (oa_referred(paths, arena_printf(a, "#/components/responses/%s", ERRORS[i].name)))
            put(a, responses, ERRORS[i].name, error_response(a, &ERRORS[i]));
    return responses;
}
