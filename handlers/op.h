/* The operation registry's vocabulary.  Each handler file (handlers/<x>.c)
 * declares its Python module once, as a pystd_module with a table of
 * op_defs; that one table drives routing, argument checking, GET-query
 * coercion, the /v1 index and the OpenAPI document.
 *
 * The build collects every handlers/<name>.c file and expects it to define
 *     const pystd_module pystd_module_<file name>;
 * (see CMakeLists.txt: modules.c is generated from the file list).
 *
 * A handler includes nothing else from server/: what an op may ask of the
 * server is declared here and defined in server/op.c.
 *
 * Ownership: every value an op creates lives in c->a (the request's arena);
 * an op never frees anything it allocated there. */
#ifndef PYSTD_OP_H
#define PYSTD_OP_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef enum arg_type {
    A_ANY,      /* any JSON value, null included */
    A_STR,      /* str */
    A_INT,      /* int (not bool) */
    A_FLOAT,    /* int or float, handed to the op as a float */
    A_NUM,      /* int or float, kept as given */
    A_BOOL,     /* bool */
    A_LIST,     /* list */
    A_DICT,     /* dict */
    A_BYTES,    /* a base64 str, handed to the op as bytes */
    A_STRBYTES, /* str or bytes: a str, or {"$bytes": "<base64>"} handed to the op as bytes
                   (a malformed $bytes object is a 400); in a GET query always the str */
} arg_type;

/* The OpenAPI schema of the {"$bytes": "<base64>"} wire form (a named
 * component, "Bytes"), and of a str-or-bytes value: for result schemas. */
#define OP_BYTES_SCHEMA                                                                                      \
    "{\"title\": \"Bytes\", \"type\": \"object\", \"description\": \"a bytes value: "                        \
    "{\\\"$bytes\\\": \\\"<base64>\\\"}\", \"required\": [\"$bytes\"], \"properties\": {\"$bytes\": "        \
    "{\"type\": \"string\", \"contentEncoding\": \"base64\"}}, \"additionalProperties\": false}"
#define OP_STR_OR_BYTES_SCHEMA "{\"oneOf\": [{\"type\": \"string\"}, " OP_BYTES_SCHEMA "]}"

#define ARG_NULLABLE 1u /* null is accepted (handed over as pv_None) */
#define ARG_OPTIONAL 2u /* may be absent with no default: the op sees NULL (reduce's initializer) */
/* A_STR, A_STRBYTES: an object is accepted too (re.sub's repl {"function", "group"}; the op checks it); GET: the str */
#define ARG_CALLABLE 4u
#define ARG_NET 8u /* a non-null value makes the call reach the network (robots_url): scope net */

typedef struct op_arg {
    const char *name;   /* the Python parameter name */
    arg_type type;
    unsigned flags;     /* ARG_* */
    const char *dflt;   /* JSON text of Python's default; NULL = required (unless ARG_OPTIONAL) */
    const char *doc;    /* one line, for the OpenAPI document */
    const char *schema; /* extra OpenAPI schema members as JSON object text, e.g. {"enum":[1,2]}; or NULL */
} op_arg;

typedef struct op_ctx op_ctx;
typedef int (*op_fn)(op_ctx *c); /* 0, or -1 with c->err set */

#define OP_GET 1u      /* scalar, no side effects: also answers GET /v1/...?arg=value */
#define OP_WRITES 2u   /* changes the file sandbox (POST only) */
#define OP_BLOCKING 4u /* may wait (sleep, network): run on a worker, not an HTTP thread */
#define OP_READS 8u    /* reads the file sandbox */
#define OP_NET 16u     /* reaches the network */
/* The flags are also the op's scope (server/auth.h, the OpenAPI security):
 * OP_READS needs fs.read, OP_WRITES fs.write, OP_NET net (each that is set);
 * an op with none of them needs compute. */

typedef struct op_def {
    const char *name;          /* "randint": the path is /v1/<module>/<name> */
    op_fn fn;
    const op_arg *args;        /* terminated by an entry with name == NULL */
    unsigned flags;            /* OP_*: how it runs, and its scope */
    const char *summary;       /* one line */
    const char *result_schema; /* OpenAPI schema (JSON text) of `result`; NULL = any */
    const char *example;       /* an example request body (JSON text) */
} op_def;

typedef struct pystd_module {
    const char *name;   /* "random", "urllib/parse", "os/path", ... */
    const char *doc;    /* one line, the OpenAPI tag's description */
    const op_def *ops;  /* terminated by an entry with name == NULL */
    const char *schemas; /* named OpenAPI schemas the ops refer to ("$ref": "#/components/schemas/<name>"),
                            as JSON object text {"<name>": schema, ...}; one named <Module>Error (re:
                            ReError) describes the module's own exception's 422 body.  Or NULL. */
    int (*init)(void);  /* after the configuration is read; nonzero stops the service */
    void (*fini)(void);
    void (*metrics)(strbuf *out); /* extra Prometheus text lines, or NULL */
} pystd_module;

typedef struct jobs_ctl jobs_ctl; /* core/jobs/jobs_ctl.h: cancellation and progress of a job */

struct op_ctx {
    arena *a;
    const op_def *op;
    pv **argv;   /* argv[i] for op->args[i]: as given (checked), else the default;
                    NULL only for an absent ARG_OPTIONAL argument */
    pv *result;  /* set on success */
    pv *extra;   /* a dict of extra top-level response fields, or NULL (random's state) */
    py_err err;  /* set on failure */
    jobs_ctl *job; /* NULL for a synchronous request */
};

/* For long operations: true once the job running this call was cancelled
 * or timed out (always false for a synchronous request). */
bool op_should_stop(const op_ctx *c);
/* Sleep up to secs; false when a cancel or the job's timeout cut it short. */
bool op_sleep(op_ctx *c, double secs);
/* Report progress of a multi-item operation (a map): `done` of `total`. */
void op_progress(op_ctx *c, size_t done, size_t total);

/* A value that may be bytes in the {"$bytes": "<base64>"} wire form, found
 * inside an argument (a list item, random's seed): 1 with *out the bytes,
 * 0 with *out = v (no such object: a plain value), -1 (400, c->err) for a
 * malformed one, as the registry checks an A_STRBYTES argument. */
int op_wire_bytes(op_ctx *c, const char *arg, const pv *v, pv **out);

/* Set an extra top-level response field. */
void op_extra(op_ctx *c, const char *key, pv *val);

/* For a module's init/fini: a line at level "error" in the service's log
 * (why the service cannot start). */
void op_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The W3C trace context to pass on to an outbound request made for this
 * call: a traceparent whose parent is the request's span, a child of the
 * caller's (in c->a), and the caller's tracestate; NULL when the request came without a valid
 * traceparent (and in jobs). */
const char *op_traceparent(op_ctx *c);
const char *op_tracestate(const op_ctx *c);

#endif
